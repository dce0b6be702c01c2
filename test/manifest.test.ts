/**
 * Offline checks of manifest.xml (office-addin-manifest validate needs Microsoft's web service, docs/excel-facts.md): the
 * rules of Microsoft's manifest schemas (test/support/manifest-rules.ts, with their sources), what Excel rejects or
 * silently ignores when sideloading, and that the ribbon, shortcuts and functions it declares match the code.
 * The same checks run over the branded copy the build writes with LOTBOOK_ORIGIN.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { brandBase, rewriteOrigin } from '../scripts/brand-origin.cjs';
import { ICON_SIZES, JOBS, SHORTCUTS } from '../src/ribbon/jobs';
import { checkElement, OFFICE_APP } from './support/manifest-rules';

const repo = join(__dirname, '..');
const xml = readFileSync(join(repo, 'manifest.xml'), 'utf8');

function parse(text: string) {
  const errors: string[] = [];
  let doc: Document | undefined;
  try {
    doc = new DOMParser({
      onError: (level: string, message: string) => {
        if (level !== 'warning') errors.push(message);
      },
    }).parseFromString(text, 'text/xml') as unknown as Document;
  } catch (e) {
    // xmldom throws on fatal errors after reporting them.
    errors.push(String(e));
  }
  return { doc: doc!, errors };
}

const children = (el: Element) => Array.from(el.childNodes).filter((n): n is Element => n.nodeType === 1);

/** Everything a test wants to know about one manifest text. */
function manifest(text: string) {
  const { doc, errors } = parse(text);
  const all = (name: string) => Array.from(doc.getElementsByTagName(name));
  const resources = new Map(['bt:Image', 'bt:Url', 'bt:String'].flatMap((n) => all(n).filter((e) => e.getAttribute('id')).map((e) => [e.getAttribute('id')!, e.getAttribute('DefaultValue')!] as const)));
  const urls = [
    ...Array.from(doc.getElementsByTagName('*')).flatMap((e) => ['DefaultValue', 'Url', 'ResourceUrl'].map((a) => e.getAttribute(a))).filter((v): v is string => !!v && /^[a-z]+:\/\//i.test(v)),
    ...all('AppDomain').map((d) => d.textContent!.trim()),
  ];
  return { doc, errors, root: doc.documentElement!, all, resources, urls, rules: () => checkElement(doc.documentElement!, OFFICE_APP) };
}

const dev = manifest(xml);
const BRAND = 'https://lots.example.com';
const branded = manifest(rewriteOrigin(xml, brandBase(BRAND)));

describe('manifest.xml', () => {
  it('is well-formed XML with an OfficeApp TaskPaneApp root', () => {
    expect(dev.errors).toEqual([]);
    expect(dev.root.localName).toBe('OfficeApp');
    expect(dev.root.getAttribute('xsi:type')).toBe('TaskPaneApp');
  });

  it('a broken manifest is reported as not well-formed (the check can fail)', () => {
    expect(parse(xml.replace('</Hosts>', '')).errors.length).toBeGreaterThan(0);
  });

  it('keeps the rules of the manifest schemas: required elements, their order, allowed values', () => {
    expect(dev.rules()).toEqual([]);
    expect(branded.rules()).toEqual([]);
  });

  it('the schema rules catch what Excel would refuse (each check can fail)', () => {
    const broken = (from: string, to: string) => {
      expect(xml).toContain(from);
      return manifest(xml.replace(from, to)).rules();
    };
    // A tab's label must come after its groups.
    expect(broken('<CustomTab id="Lotbook.Tab">', '<CustomTab id="Lotbook.Tab"><Label resid="Tab.Label"/>').join('\n')).toMatch(/CustomTab\[1\]: needs 1 Group here, found 0 \(next is Label\)/);
    expect(broken('lifetime="long"', 'lifetime="forever"').join('\n')).toMatch(/lifetime="forever" is not one of short, long/);
    expect(broken('<FunctionFile resid="Taskpane.Url"/>', '').join('\n')).toMatch(/DesktopFormFactor: needs 1 FunctionFile here/);
    expect(broken('<Permissions>ReadWriteDocument</Permissions>', '<Permissions>Everything</Permissions>').join('\n')).toMatch(/Permissions: "Everything" does not match/);
    expect(broken('<Namespace resid="Functions.Namespace"/>', '<Namespace resid="Functions.Namespace"/><Colour/>').join('\n')).toMatch(/Colour is not allowed here/);
    expect(broken('<Version>', '<Permissions>ReadDocument</Permissions><Version>').join('\n')).toMatch(/Permissions is out of order/);
    expect(broken('id="Lotbook.OpenReceive"', '').join('\n')).toMatch(/attribute id is required/);
    // Office renders at most 6 controls in a group: the ribbon is split into two groups of 4.
    const receive = /<Control xsi:type="Button" id="Lotbook.OpenReceive">[\s\S]*?<\/Control>\n/.exec(xml)![0];
    expect(broken(receive, receive.repeat(4)).join('\n')).toMatch(/Group\[1\]: Control is out of order or repeated too often/);
  });

  it('has a GUID id and a four-part version', () => {
    expect(dev.all('Id')[0]!.textContent!.trim()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    expect(dev.all('Version')[0]!.textContent!.trim()).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it('targets workbooks, asks for ReadWriteDocument, ExcelApi 1.9 and the shared runtime', () => {
    expect(dev.all('Host').map((h) => h.getAttribute('Name') ?? h.getAttribute('xsi:type'))).toContain('Workbook');
    expect(dev.all('Permissions')[0]!.textContent!.trim()).toBe('ReadWriteDocument');
    const set = (name: string) => dev.all('Set').find((s) => s.getAttribute('Name') === name)?.getAttribute('MinVersion');
    expect(set('ExcelApi')).toBe('1.9');
    expect(set('SharedRuntime')).toBe('1.1');
  });

  it('runs the pane, the ribbon commands and the LOTBOOK functions in one long-lived runtime', () => {
    const runtime = dev.all('Runtime');
    expect(runtime).toHaveLength(1);
    expect(runtime[0]!.getAttribute('lifetime')).toBe('long');
    const page = runtime[0]!.getAttribute('resid');
    // Office shares one runtime only when the function file, the functions' page and the runtime are one page.
    expect(dev.all('FunctionFile')[0]!.getAttribute('resid')).toBe(page);
    const cf = dev.all('ExtensionPoint').find((e) => e.getAttribute('xsi:type') === 'CustomFunctions')!;
    const loc = (name: string) => children(cf).find((c) => c.tagName === name)!.getElementsByTagName('SourceLocation')[0]!.getAttribute('resid')!;
    expect(loc('Page')).toBe(page);
    expect(dev.resources.get(page!)).toBe('https://localhost:3000/taskpane.html');
    expect(dev.resources.get(loc('Script'))).toBe('https://localhost:3000/taskpane.js');
    expect(dev.resources.get(loc('Metadata'))).toBe('https://localhost:3000/functions.json');
    expect(dev.resources.get(children(cf).find((c) => c.tagName === 'Namespace')!.getAttribute('resid')!)).toBe('LOTBOOK');
  });

  it('resolves every resid to a resource of the right kind, and resource ids are unique', () => {
    const ids = ['bt:Image', 'bt:Url', 'bt:String'].flatMap((n) => dev.all(n).map((e) => e.getAttribute('id')).filter((x): x is string => !!x));
    expect(new Set(ids).size).toBe(ids.length);
    const resids = Array.from(dev.doc.getElementsByTagName('*')).map((e) => e.getAttribute('resid')).filter((r): r is string => !!r);
    expect(resids.length).toBeGreaterThan(20);
    for (const r of resids) expect(ids).toContain(r);
    const urls = new Set(dev.all('bt:Url').map((e) => e.getAttribute('id')));
    for (const el of [...dev.all('SourceLocation'), ...dev.all('FunctionFile'), ...dev.all('LearnMoreUrl'), ...dev.all('Runtime')]) {
      const r = el.getAttribute('resid');
      if (r) expect(urls).toContain(r);
    }
    const images = new Set(dev.all('bt:Image').map((e) => e.getAttribute('id')).filter(Boolean));
    for (const icon of dev.all('Icon')) for (const img of children(icon)) expect(images).toContain(img.getAttribute('resid'));
  });

  it('gives every icon the 16, 32 and 80 px images, and every image exists in assets/', () => {
    for (const icon of dev.all('Icon')) {
      const sizes = children(icon).map((i) => i.getAttribute('size'));
      for (const s of ['16', '32', '80']) expect(sizes).toContain(s);
    }
    const files = [...dev.all('bt:Image').map((e) => e.getAttribute('DefaultValue')), dev.all('IconUrl')[0]!.getAttribute('DefaultValue'), dev.all('HighResolutionIconUrl')[0]!.getAttribute('DefaultValue')].filter((v): v is string => !!v);
    expect(files.length).toBeGreaterThan(JOBS.length * ICON_SIZES.length);
    for (const u of files) expect(existsSync(join(repo, new URL(u).pathname))).toBe(true);
  });

  it('points its pages at files the build writes: the pane, the help page, the shortcuts', () => {
    const sources: Record<string, string> = { '/taskpane.html': 'src/taskpane/taskpane.html', '/support.html': 'src/support/support.html', '/assets/shortcuts.json': 'assets/shortcuts.json' };
    const pages = dev.urls.map((u) => new URL(u).pathname).filter((p) => p.endsWith('.html') || p.endsWith('shortcuts.json'));
    expect(new Set(pages)).toEqual(new Set(Object.keys(sources)));
    for (const p of pages) expect(existsSync(join(repo, sources[p]!))).toBe(true);
    expect(new URL(dev.all('SupportUrl')[0]!.getAttribute('DefaultValue')!).pathname).toBe('/support.html');
    expect(readFileSync(join(repo, 'src/support/support.html'), 'utf8')).toMatch(/<h1>.*Lotbook help<\/h1>/);
  });

  it('has one ribbon button per job, in order, with the words and action of src/ribbon/jobs.ts', () => {
    const buttons = dev.all('Control').map((c) => {
      const k = (name: string) => children(c).find((x) => x.tagName === name)!;
      const text = (el: Element) => dev.resources.get(el.getAttribute('resid')!);
      const supertip = k('Supertip');
      return {
        action: k('Action').getElementsByTagName('FunctionName')[0]?.textContent,
        label: text(k('Label')),
        tip: text(children(supertip).find((x) => x.tagName === 'Description')!),
        icons: children(k('Icon')).map((i) => new URL(dev.resources.get(i.getAttribute('resid')!)!).pathname),
      };
    });
    expect(buttons).toEqual(JOBS.map((j) => ({ action: j.action, label: j.label, tip: j.tip, icons: ICON_SIZES.map((s) => `/assets/${j.icon}-${s}.png`) })));
    expect(JOBS.map((j) => j.label)).toEqual(['Receive', 'Produce', 'Pick & ship', 'Count', 'Recall', 'Trace this lot', 'Lot costs', 'Set up']);
  });

  it('declares the keyboard shortcuts of src/ribbon/jobs.ts in shortcuts.json, for actions the ribbon also has', () => {
    const json = JSON.parse(readFileSync(join(repo, 'assets/shortcuts.json'), 'utf8')) as { actions: { id: string; type: string; name: string }[]; shortcuts: { action: string; key: { default: string; mac: string } }[] };
    expect(json.shortcuts.map((s) => ({ action: s.action, default: s.key.default, mac: s.key.mac }))).toEqual(SHORTCUTS);
    expect(json.actions).toEqual(SHORTCUTS.map((s) => ({ id: s.action, type: 'ExecuteFunction', name: JOBS.find((j) => j.action === s.action)!.label })));
    // Office's rules for custom shortcuts: a modifier (Ctrl or Alt) and one more key; no two alike.
    for (const s of SHORTCUTS) expect(s.default).toMatch(/^(Ctrl\+)?(Alt\+)?(Shift\+)?[A-Z]$/);
    expect(new Set(SHORTCUTS.map((s) => s.default)).size).toBe(SHORTCUTS.length);
    expect(dev.all('ExtendedOverrides')[0]!.getAttribute('Url')).toBe('https://localhost:3000/assets/shortcuts.json');
  });

  it('uses https for every URL and keeps short strings within 125 characters', () => {
    expect(dev.urls.length).toBeGreaterThan(70);
    for (const u of dev.urls) expect(u).toMatch(/^https:\/\//);
    for (const s of dev.all('bt:ShortStrings').flatMap((x) => children(x))) expect(s.getAttribute('DefaultValue')!.length).toBeLessThanOrEqual(125);
  });
});

describe('the manifest the build writes for a brand (LOTBOOK_ORIGIN)', () => {
  it('without the variable keeps the dev origin', () => {
    expect(brandBase(undefined)).toBe('https://localhost:3000');
    expect(brandBase('')).toBe('https://localhost:3000');
    expect(rewriteOrigin(xml, brandBase(undefined))).toBe(xml);
  });

  it('moves every URL (icons, pages, support, learn more, functions, shortcuts, app domains) under the origin', () => {
    const text = rewriteOrigin(xml, brandBase(BRAND));
    expect(text).not.toMatch(/localhost/);
    expect(branded.urls).toHaveLength(dev.urls.length);
    for (const u of branded.urls) expect(u.startsWith(`${BRAND}/`) || u === BRAND).toBe(true);
    expect(branded.all('AppDomain').map((d) => d.textContent!.trim())).toEqual([BRAND]);
    expect(branded.all('SupportUrl')[0]!.getAttribute('DefaultValue')).toBe(`${BRAND}/support.html`);
    expect(branded.resources.get('GetStarted.LearnMoreUrl')).toBe(`${BRAND}/support.html`);
    expect(branded.all('ExtendedOverrides')[0]!.getAttribute('Url')).toBe(`${BRAND}/assets/shortcuts.json`);
    expect(text).toContain(`<!-- Lotbook add-in-only manifest, built for ${BRAND} (LOTBOOK_ORIGIN). -->`);
    expect(text).not.toMatch(/dev server/);
  });

  it('serves from a folder of a static host, with app domains still bare origins', () => {
    const m = manifest(rewriteOrigin(xml, brandBase('https://brand.github.io/lotbook/')));
    expect(m.rules()).toEqual([]);
    expect(m.all('SourceLocation')[0]!.getAttribute('DefaultValue')).toBe('https://brand.github.io/lotbook/taskpane.html');
    expect(m.all('AppDomain').map((d) => d.textContent!.trim())).toEqual(['https://brand.github.io']);
  });

  it('refuses an origin Excel would not load, with the reason', () => {
    expect(() => brandBase('http://lots.example.com')).toThrow(/must start with https:\/\//);
    expect(() => brandBase('lots.example.com')).toThrow(/is not a URL/);
    expect(() => brandBase('https://lots.example.com/?v=2')).toThrow(/plain address/);
  });
});
