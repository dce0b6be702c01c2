/**
 * The rules of Microsoft's add-in manifest schemas that Lotbook's manifest.xml relies on, written down so a test
 * can check them offline.
 *
 * Why hand-written: `office-addin-manifest validate` posts the manifest to a Microsoft web service (no network
 * here, docs/excel-facts.md), and no npm package ships the XSDs (checked: office-addin-manifest 3.0.0, office-addin-validator
 * 1.0.5 and office-addin-manifest-converter 0.4.1 carry none), so an XSD validator such as xmllint-wasm would have
 * nothing to validate against. The rules below cover every element manifest.xml declares; an element they do not
 * know is an error, so adding something to the manifest means adding its rule here, with its source.
 *
 * Sources (Microsoft Learn, "Office Add-ins XML manifest" reference, learn.microsoft.com/javascript/api/manifest/
 * followed by the element name in lower case; the schemas themselves are published in [MS-OWEMXML]):
 * - officeapp: the child sequence of a TaskPaneApp and which children are required; id, version, displayname,
 *   description (DefaultValue up to 125 / 250 characters), iconurl, supporturl, appdomains, hosts (Host Name values),
 *   requirements / sets / set, defaultsettings, permissions (the five values), extendedoverrides (Url required).
 * - versionoverrides (taskpane 1.0): Description?, Requirements?, Hosts, Resources?, ... in that order.
 * - host (VersionOverrides): Runtimes?, AllFormFactors?, DesktopFormFactor?, MobileFormFactor? in that order.
 * - runtimes / runtime: resid required, lifetime "short" or "long" (long is what a shared runtime needs).
 * - allformfactors, extensionpoint (CustomFunctions): Script, Page, Metadata, Namespace, each required, in order.
 * - desktopformfactor: GetStarted?, FunctionFile (required), ExtensionPoint+.
 * - getstarted: Title, Description, LearnMoreUrl.
 * - customtab: Group+, Label (after the groups), InsertAfter? / InsertBefore?; group: Label, Icon, Control+; "on
 *   custom tabs, the add-in can create up to 10 groups. Each group is limited to 6 controls" (group).
 * - icon: bt:Image with size 16, 20, 24, 32, 40, 48, 64 or 80, and 16, 32 and 80 required.
 * - control-button: Label, Supertip, Icon, Action; supertip: Title, Description.
 * - action: xsi:type ExecuteFunction (FunctionName) or ShowTaskpane (TaskpaneId?, SourceLocation, Title?).
 * - resources: bt:Images?, bt:Urls?, bt:ShortStrings?, bt:LongStrings? in order; a resource id is at most 32
 *   characters and unique; ShortStrings at most 125 characters, LongStrings at most 250.
 */

export interface Particle {
  readonly name: string;
  readonly min?: number;
  /** Infinity for unbounded. */
  readonly max?: number;
  readonly rule: ElementRule;
}

export interface AttrRule {
  readonly required?: boolean;
  readonly values?: readonly string[];
  readonly pattern?: RegExp;
  readonly maxLength?: number;
}

export interface ElementRule {
  /** An xs:sequence: children in this order, each between min (default 1) and max (default 1) times. */
  readonly sequence?: readonly Particle[];
  readonly attrs?: Readonly<Record<string, AttrRule>>;
  readonly text?: RegExp;
  /** Content that depends on xsi:type: the type's rule replaces this one's sequence and attributes. */
  readonly byType?: Readonly<Record<string, ElementRule>>;
}

const many = Infinity;
const url: AttrRule = { required: true, pattern: /^https:\/\/[^\s]+$/, maxLength: 2048 };
const resid: ElementRule = { attrs: { resid: { required: true, maxLength: 32 } } };
const defaultValue = (maxLength: number): ElementRule => ({
  attrs: { DefaultValue: { required: true, maxLength } },
  sequence: [{ name: 'Override', min: 0, max: many, rule: { attrs: { Locale: { required: true }, Value: { required: true } } } }],
});
const urlValue: ElementRule = { attrs: { DefaultValue: url }, sequence: [{ name: 'Override', min: 0, max: many, rule: { attrs: { Locale: { required: true }, Value: url } } }] };
const sourceLocation: ElementRule = resid;
const ICON_SIZES = ['16', '20', '24', '32', '40', '48', '64', '80'];
const icon: ElementRule = {
  sequence: [{ name: 'bt:Image', min: 3, max: ICON_SIZES.length, rule: { attrs: { size: { required: true, values: ICON_SIZES }, resid: { required: true, maxLength: 32 } } } }],
};
const controlId = { required: true, maxLength: 125 };

const action: ElementRule = {
  attrs: { 'xsi:type': { required: true, values: ['ExecuteFunction', 'ShowTaskpane'] } },
  byType: {
    ExecuteFunction: { sequence: [{ name: 'FunctionName', rule: { text: /^[A-Za-z_$][\w$]*$/ } }] },
    ShowTaskpane: {
      sequence: [
        { name: 'TaskpaneId', min: 0, rule: { text: /^\S{1,125}$/ } },
        { name: 'SourceLocation', rule: sourceLocation },
        { name: 'Title', min: 0, rule: resid },
      ],
    },
  },
};

const button: ElementRule = {
  attrs: { 'xsi:type': { required: true, values: ['Button'] }, id: controlId },
  sequence: [
    { name: 'Label', rule: resid },
    { name: 'Supertip', rule: { sequence: [{ name: 'Title', rule: resid }, { name: 'Description', rule: resid }] } },
    { name: 'Icon', rule: icon },
    { name: 'Action', rule: action },
  ],
};

const group: ElementRule = {
  attrs: { id: controlId },
  sequence: [
    { name: 'Label', rule: resid },
    { name: 'Icon', rule: icon },
    { name: 'Control', max: 6, rule: button },
  ],
};

const customTab: ElementRule = {
  attrs: { id: controlId },
  sequence: [
    { name: 'Group', max: 10, rule: group },
    { name: 'Label', rule: resid },
    { name: 'InsertAfter', min: 0, rule: {} },
    { name: 'InsertBefore', min: 0, rule: {} },
  ],
};

const desktopExtensionPoint: ElementRule = {
  attrs: { 'xsi:type': { required: true, values: ['PrimaryCommandSurface', 'ContextMenu'] } },
  byType: {
    PrimaryCommandSurface: { sequence: [{ name: 'CustomTab', min: 0, max: many, rule: customTab }] },
  },
};

const customFunctions: ElementRule = {
  attrs: { 'xsi:type': { required: true, values: ['CustomFunctions'] } },
  sequence: [
    { name: 'Script', rule: { sequence: [{ name: 'SourceLocation', rule: sourceLocation }] } },
    { name: 'Page', rule: { sequence: [{ name: 'SourceLocation', rule: sourceLocation }] } },
    { name: 'Metadata', rule: { sequence: [{ name: 'SourceLocation', rule: sourceLocation }] } },
    { name: 'Namespace', rule: resid },
  ],
};

const voHost: ElementRule = {
  attrs: { 'xsi:type': { required: true, values: ['Document', 'Presentation', 'Workbook', 'Notebook'] } },
  sequence: [
    { name: 'Runtimes', min: 0, rule: { sequence: [{ name: 'Runtime', max: many, rule: { attrs: { resid: { required: true, maxLength: 32 }, lifetime: { values: ['short', 'long'] } } } }] } },
    { name: 'AllFormFactors', min: 0, rule: { sequence: [{ name: 'ExtensionPoint', max: many, rule: customFunctions }] } },
    {
      name: 'DesktopFormFactor',
      min: 0,
      rule: {
        sequence: [
          { name: 'GetStarted', min: 0, rule: { sequence: [{ name: 'Title', rule: resid }, { name: 'Description', rule: resid }, { name: 'LearnMoreUrl', rule: resid }] } },
          { name: 'FunctionFile', rule: resid },
          { name: 'ExtensionPoint', max: many, rule: desktopExtensionPoint },
        ],
      },
    },
  ],
};

const resource = (maxLength: number | undefined, value: AttrRule): ElementRule => ({
  attrs: { id: { required: true, maxLength: 32 }, DefaultValue: maxLength ? { ...value, maxLength } : value },
  sequence: [{ name: 'bt:Override', min: 0, max: many, rule: { attrs: { Locale: { required: true }, Value: { required: true } } } }],
});

const resources: ElementRule = {
  sequence: [
    { name: 'bt:Images', min: 0, rule: { sequence: [{ name: 'bt:Image', max: many, rule: resource(undefined, url) }] } },
    { name: 'bt:Urls', min: 0, rule: { sequence: [{ name: 'bt:Url', max: many, rule: resource(undefined, url) }] } },
    { name: 'bt:ShortStrings', min: 0, rule: { sequence: [{ name: 'bt:String', max: many, rule: resource(125, { required: true }) }] } },
    { name: 'bt:LongStrings', min: 0, rule: { sequence: [{ name: 'bt:String', max: many, rule: resource(250, { required: true }) }] } },
  ],
};

const requirements: ElementRule = {
  sequence: [
    {
      name: 'Sets',
      min: 0,
      rule: {
        attrs: { DefaultMinVersion: { pattern: /^\d+\.\d+$/ } },
        sequence: [{ name: 'Set', max: many, rule: { attrs: { Name: { required: true, pattern: /^\w+$/ }, MinVersion: { pattern: /^\d+\.\d+$/ } } } }],
      },
    },
    { name: 'Methods', min: 0, rule: { sequence: [{ name: 'Method', max: many, rule: { attrs: { Name: { required: true } } } }] } },
  ],
};

const versionOverrides: ElementRule = {
  attrs: { xmlns: { required: true, values: ['http://schemas.microsoft.com/office/taskpaneappversionoverrides'] }, 'xsi:type': { required: true, values: ['VersionOverridesV1_0'] } },
  sequence: [
    { name: 'Description', min: 0, rule: resid },
    { name: 'Requirements', min: 0, rule: requirements },
    { name: 'Hosts', rule: { sequence: [{ name: 'Host', max: many, rule: voHost }] } },
    { name: 'Resources', min: 0, rule: resources },
  ],
};

export const OFFICE_APP: ElementRule = {
  attrs: { xmlns: { required: true, values: ['http://schemas.microsoft.com/office/appforoffice/1.1'] }, 'xsi:type': { required: true, values: ['TaskPaneApp'] } },
  sequence: [
    { name: 'Id', rule: { text: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i } },
    { name: 'AlternateId', min: 0, rule: {} },
    { name: 'Version', rule: { text: /^\d{1,5}(\.\d{1,5}){0,3}$/ } },
    { name: 'ProviderName', rule: { text: /^.{1,250}$/ } },
    { name: 'DefaultLocale', rule: { text: /^[a-z]{2,3}-[A-Z]{2}$/ } },
    { name: 'DisplayName', rule: defaultValue(125) },
    { name: 'Description', rule: defaultValue(250) },
    { name: 'IconUrl', min: 0, rule: urlValue },
    { name: 'HighResolutionIconUrl', min: 0, rule: urlValue },
    { name: 'SupportUrl', min: 0, rule: urlValue },
    { name: 'AppDomains', min: 0, rule: { sequence: [{ name: 'AppDomain', min: 0, max: many, rule: { text: /^https:\/\/[^\s/]+$/ } }] } },
    { name: 'Hosts', min: 0, rule: { sequence: [{ name: 'Host', max: many, rule: { attrs: { Name: { required: true, values: ['Document', 'Database', 'Mailbox', 'Notebook', 'Presentation', 'Project', 'Workbook'] } } } }] } },
    { name: 'Requirements', min: 0, rule: requirements },
    { name: 'DefaultSettings', rule: { sequence: [{ name: 'SourceLocation', rule: urlValue }, { name: 'RequestedWidth', min: 0, rule: {} }, { name: 'RequestedHeight', min: 0, rule: {} }] } },
    { name: 'Permissions', min: 0, rule: { text: /^(Restricted|ReadDocument|ReadAllDocument|WriteDocument|ReadWriteDocument)$/ } },
    { name: 'AllowSnapshot', min: 0, rule: { text: /^(true|false)$/ } },
    { name: 'VersionOverrides', min: 0, rule: versionOverrides },
    { name: 'ExtendedOverrides', min: 0, rule: { attrs: { Url: url, ResourceUrl: { pattern: /^https:\/\// } } } },
  ],
};

/** Namespace declarations and xsi:type are not content; these attributes are allowed anywhere. */
const ALWAYS_ALLOWED = /^(xmlns(:\w+)?|xsi:type)$/;

/** Every way `el` (and its subtree) breaks the rules, as "path: what" lines; [] when it keeps them all. */
export function checkElement(el: Element, rule: ElementRule, path = el.tagName): string[] {
  const errors: string[] = [];
  const type = el.getAttribute('xsi:type');
  const typed = type !== null && rule.byType?.[type];
  const attrs = { ...rule.attrs, ...(typed ? typed.attrs : {}) };
  const sequence = typed ? typed.sequence : rule.sequence;
  for (const [name, a] of Object.entries(attrs)) {
    const v = el.getAttribute(name);
    if (v === null) {
      if (a.required) errors.push(`${path}: attribute ${name} is required`);
      continue;
    }
    if (a.values && !a.values.includes(v)) errors.push(`${path}: ${name}="${v}" is not one of ${a.values.join(', ')}`);
    if (a.pattern && !a.pattern.test(v)) errors.push(`${path}: ${name}="${v}" does not match ${a.pattern}`);
    if (a.maxLength !== undefined && v.length > a.maxLength) errors.push(`${path}: ${name} is ${v.length} characters, more than ${a.maxLength}`);
  }
  for (const at of Array.from(el.attributes)) {
    if (!ALWAYS_ALLOWED.test(at.name) && !(at.name in attrs)) errors.push(`${path}: attribute ${at.name} is not allowed here`);
  }
  if (rule.byType && type !== null && !typed && rule.byType && Object.keys(rule.byType).length && !(attrs['xsi:type']?.values ?? []).includes(type)) {
    errors.push(`${path}: xsi:type="${type}" is not known`);
  }
  const kids = Array.from(el.childNodes).filter((n): n is Element => n.nodeType === 1);
  if (rule.text) {
    const text = (el.textContent ?? '').trim();
    if (!rule.text.test(text)) errors.push(`${path}: "${text}" does not match ${rule.text}`);
  }
  const seq = sequence ?? [];
  let i = 0;
  for (const p of seq) {
    let n = 0;
    while (i < kids.length && kids[i]!.tagName === p.name && n < (p.max ?? 1)) {
      errors.push(...checkElement(kids[i]!, p.rule, `${path}/${p.name}${(p.max ?? 1) > 1 ? `[${n + 1}]` : ''}`));
      n++;
      i++;
    }
    if (n < (p.min ?? 1)) errors.push(`${path}: needs ${p.min ?? 1} ${p.name} here, found ${n}${kids[i] ? ` (next is ${kids[i]!.tagName})` : ''}`);
  }
  for (; i < kids.length; i++) {
    const known = seq.some((p) => p.name === kids[i]!.tagName);
    errors.push(`${path}: ${kids[i]!.tagName} ${known ? 'is out of order or repeated too often' : 'is not allowed here'}`);
  }
  return errors;
}
