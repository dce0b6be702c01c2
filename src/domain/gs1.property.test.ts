import fc from 'fast-check';
import { formatGs1, gs1CheckDigit, parseGs1, type Gs1FormatStyle } from './gs1';
import { GS1_AI_TABLE, aiMatchesPattern, type Gs1AiDefinition, type Gs1Component, type Gs1Cset } from './gs1-ai-table';

const RUNS = { numRuns: 200 };
const TODAY = { today: '2025-06-15' };

const CHARS: Readonly<Record<Gs1Cset, string>> = {
  N: '0123456789',
  X: '!"%&\'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz',
  Y: '#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  Z: '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz=',
};

const two = (min: number, max: number): fc.Arbitrary<string> => fc.integer({ min, max }).map((n) => String(n).padStart(2, '0'));

/** Valid data for one component: the right characters and length, real dates and times, correct check digits. */
function componentArb(comp: Gs1Component): fc.Arbitrary<string> {
  const linters = comp.linters;
  if (linters.includes('yymmd0') || linters.includes('yymmdd')) {
    // Days up to 28 exist in every month; 00 (last day of the month) only where the AI allows it.
    return fc.tuple(two(0, 99), two(1, 12), two(linters.includes('yymmd0') ? 0 : 1, 28)).map((p) => p.join(''));
  }
  if (linters.includes('yyyymmdd')) {
    return fc.tuple(fc.integer({ min: 1900, max: 2100 }), two(1, 12), two(1, 28)).map(([y, m, d]) => `${y}${m}${d}`);
  }
  if (linters.includes('hhmi')) return fc.tuple(two(0, 23), two(0, 59)).map((p) => p.join(''));
  if (linters.includes('hh')) return two(0, 23);
  if (linters.includes('mi') || linters.includes('ss')) return two(0, 59);
  if (linters.includes('iso3166')) return fc.constantFrom('004', '036', '250', '276', '392', '484', '756', '826', '840');
  const text = fc
    .array(fc.constantFrom(...CHARS[comp.cset]), { minLength: comp.min, maxLength: comp.max })
    .map((chars) => chars.join(''));
  if (!linters.includes('csum')) return text;
  return text.map((digits) => digits.slice(0, -1) + String(gs1CheckDigit(digits.slice(0, -1))));
}

function valueArb(def: Gs1AiDefinition): fc.Arbitrary<string> {
  const firstOptional = def.components.findIndex((c) => c.optional);
  const required = firstOptional < 0 ? def.components : def.components.slice(0, firstOptional);
  const optional = firstOptional < 0 ? [] : def.components.slice(firstOptional);
  // Optional components are trailing: keep the first k of them.
  return fc
    .integer({ min: 0, max: optional.length })
    .chain((k) => fc.tuple(...[...required, ...optional.slice(0, k)].map(componentArb)))
    .map((parts) => parts.join(''));
}

const conflicts = (a: string, b: string): boolean =>
  (GS1_AI_TABLE.get(a)?.excludes.some((p) => aiMatchesPattern(b, p)) ?? false) ||
  (GS1_AI_TABLE.get(b)?.excludes.some((p) => aiMatchesPattern(a, p)) ?? false);

const ALL_AIS = [...GS1_AI_TABLE.keys()];

/** Lists of distinct AIs that may appear together, each with valid data. */
function elementsArb(first?: string): fc.Arbitrary<{ ai: string; raw: string }[]> {
  return fc
    .uniqueArray(fc.constantFrom(...ALL_AIS), { minLength: 1, maxLength: 6 })
    .map((ais) => {
      const kept: string[] = first ? [first] : [];
      for (const ai of ais) if (!kept.includes(ai) && !kept.some((k) => conflicts(k, ai))) kept.push(ai);
      return kept;
    })
    .chain((ais) =>
      fc.tuple(...ais.map((ai) => {
        const def = GS1_AI_TABLE.get(ai);
        if (!def) throw new Error(`no definition for ${ai}`);
        return valueArb(def).map((raw) => ({ ai, raw }));
      })),
    );
}

const byAi = (a: { ai: string }, b: { ai: string }): number => a.ai.localeCompare(b.ai);

describe('formatGs1 then parseGs1', () => {
  it.each<Gs1FormatStyle>(['gs', 'hri'])('gives back the same elements in the same order (%s)', (style) => {
    fc.assert(
      fc.property(elementsArb(), (elements) => {
        const result = parseGs1(formatGs1(elements, style), TODAY);
        expect(result.ok && result.elements.map(({ ai, raw }) => ({ ai, raw }))).toEqual(elements);
      }),
      RUNS,
    );
  });

  it('gives back the same elements through a Digital Link (path first, then the query)', () => {
    fc.assert(
      fc.property(elementsArb('01'), (elements) => {
        const result = parseGs1(formatGs1(elements, 'digital-link'), TODAY);
        expect(result.ok && result.elements.map(({ ai, raw }) => ({ ai, raw })).sort(byAi)).toEqual([...elements].sort(byAi));
      }),
      RUNS,
    );
  });

  it('reads the element string the same with a scanner prefix, FNC1 substitute or trailing separator', () => {
    fc.assert(
      fc.property(elementsArb(), fc.constantFrom(']C1', ']d2', ']Q3', '\x1d', '|'), (elements, prefix) => {
        const options = { ...TODAY, fnc1Substitute: '|' };
        const plain = formatGs1(elements, 'gs');
        const body = plain.slice(1);
        const scanned = prefix + (prefix === '|' ? body.replace(/\x1d/g, '|') : body) + '\x1d';
        expect(parseGs1(scanned, options)).toEqual(parseGs1(plain, options));
      }),
      RUNS,
    );
  });
});

describe('parseGs1 on arbitrary input', () => {
  const pieces = ['0', '1', '7', '9', '01', '10', '17', '21', '310', '3103', '(', ')', '(01)', '\\(', '\x1d', '|', ']C1', ']E0', 'https://', 'id.gs1.org', '/', '/01/', '?', '&', '=', '%', '%2', 'A', ' ', '\r\n', '💥'];
  const scanLike = fc.array(fc.constantFrom(...pieces), { maxLength: 30 }).map((p) => p.join(''));
  /** Valid data in any style with a few characters inserted, deleted or replaced: near misses. */
  const damaged = fc
    .tuple(elementsArb('01'), fc.constantFrom<Gs1FormatStyle>('gs', 'hri', 'digital-link'))
    .map(([elements, style]) => formatGs1(elements, style))
    .chain((text) =>
      fc
        .array(fc.tuple(fc.nat(), fc.nat({ max: 2 }), fc.constantFrom(...pieces)), { minLength: 1, maxLength: 3 })
        .map((edits) =>
          edits.reduce((t, [at, deleteCount, insert]) => {
            const i = at % (t.length + 1);
            return t.slice(0, i) + (deleteCount === 0 ? insert : '') + t.slice(i + deleteCount);
          }, text),
        ),
    );
  const anything = fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), scanLike, damaged);

  it('never throws: it is either ok or a coded error with a message', () => {
    fc.assert(
      fc.property(anything, fc.constantFrom(undefined, '|', '~'), (input, fnc1Substitute) => {
        const result = parseGs1(input, { ...TODAY, fnc1Substitute });
        if (result.ok) expect(result.elements.length).toBeGreaterThan(0);
        else expect(result.message.length).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });

  it('accepts only elements that it reads back the same once formatted', () => {
    fc.assert(
      fc.property(damaged, fc.constantFrom<Gs1FormatStyle>('gs', 'hri'), (input, style) => {
        const result = parseGs1(input, TODAY);
        if (!result.ok) return;
        expect(parseGs1(formatGs1(result.elements, style), TODAY)).toMatchObject({ ok: true, elements: result.elements });
      }),
      RUNS,
    );
  });
});
