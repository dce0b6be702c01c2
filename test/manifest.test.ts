/**
 * Offline checks of manifest.xml (office-addin-manifest validate needs Microsoft's web service, NOTES.md):
 * what Excel rejects or silently ignores when sideloading.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';

const xml = readFileSync(join(__dirname, '..', 'manifest.xml'), 'utf8');

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

const { doc, errors } = parse(xml);
const root = doc.documentElement!;
const children = (el: Element) => Array.from(el.childNodes).filter((n): n is Element => n.nodeType === 1);
const all = (name: string) => Array.from(doc.getElementsByTagName(name));

describe('manifest.xml', () => {
  it('is well-formed XML with an OfficeApp TaskPaneApp root', () => {
    expect(errors).toEqual([]);
    expect(root.localName).toBe('OfficeApp');
    expect(root.getAttribute('xsi:type')).toBe('TaskPaneApp');
  });

  it('a broken manifest is reported as not well-formed (the check can fail)', () => {
    expect(parse(xml.replace('</Hosts>', '')).errors.length).toBeGreaterThan(0);
  });

  it('keeps the element order the schema requires', () => {
    // The OfficeApp schema is an xs:sequence: Excel refuses a manifest whose elements are out of order.
    const order = ['Id', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'IconUrl', 'HighResolutionIconUrl', 'SupportUrl', 'AppDomains', 'Hosts', 'Requirements', 'DefaultSettings', 'Permissions', 'VersionOverrides'];
    const seen = children(root).map((e) => e.localName);
    expect(seen).toEqual(order.filter((n) => seen.includes(n)));
    for (const required of ['Id', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'Hosts', 'DefaultSettings', 'Permissions']) {
      expect(seen).toContain(required);
    }
  });

  it('has a GUID id and a four-part version', () => {
    const id = all('Id')[0]!.textContent!.trim();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    expect(all('Version')[0]!.textContent!.trim()).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it('targets workbooks, asks for ReadWriteDocument and the ExcelApi set it uses', () => {
    expect(all('Host').map((h) => h.getAttribute('Name') ?? h.getAttribute('xsi:type'))).toContain('Workbook');
    expect(all('Permissions')[0]!.textContent!.trim()).toBe('ReadWriteDocument');
    const set = all('Set').find((s) => s.getAttribute('Name') === 'ExcelApi');
    expect(set?.getAttribute('MinVersion')).toMatch(/^1\.\d+$/);
  });

  it('resolves every resid to a resource of the right kind', () => {
    const ids = new Set(['Image', 'Url', 'String'].flatMap((n) => all(`bt:${n}`).map((e) => e.getAttribute('id'))));
    const resids = Array.from(doc.getElementsByTagName('*')).map((e) => e.getAttribute('resid')).filter((r): r is string => !!r);
    expect(resids.length).toBeGreaterThan(5);
    for (const r of resids) expect(ids).toContain(r);
    const urls = new Set(all('bt:Url').map((e) => e.getAttribute('id')));
    for (const el of [...all('SourceLocation'), ...all('FunctionFile'), ...all('LearnMoreUrl')]) {
      const r = el.getAttribute('resid');
      if (r) expect(urls).toContain(r);
    }
  });

  it('uses https for every URL and keeps short strings within 125 characters', () => {
    const urls = Array.from(doc.getElementsByTagName('*'))
      .map((e) => e.getAttribute('DefaultValue'))
      .filter((v): v is string => !!v && /^[a-z]+:\/\//i.test(v));
    expect(urls.length).toBeGreaterThan(5);
    for (const u of urls) expect(u).toMatch(/^https:\/\//);
    for (const d of all('AppDomain')) expect(d.textContent).toMatch(/^https:\/\//);
    for (const s of all('bt:ShortStrings').flatMap((x) => children(x))) expect(s.getAttribute('DefaultValue')!.length).toBeLessThanOrEqual(125);
  });

  it('points at icons that exist in assets/', () => {
    const icons = all('bt:Image').map((e) => e.getAttribute('DefaultValue')).filter((v): v is string => !!v?.startsWith('https'));
    for (const u of [...icons, all('IconUrl')[0]!.getAttribute('DefaultValue')!]) {
      const file = new URL(u).pathname.replace(/^\//, '');
      expect(() => readFileSync(join(__dirname, '..', file))).not.toThrow();
    }
  });
});
