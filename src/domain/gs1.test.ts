import {
  formatGs1,
  gs1CheckDigit,
  isValidGs1Key,
  parseGs1,
  receiptExpiry,
  summarizeGs1,
  type Gs1Element,
  type Gs1ErrorCode,
  type Gs1ParseOptions,
} from './gs1';

const GS = '\x1d';
const TODAY: Gs1ParseOptions = { today: '2025-06-15' };
/** The GS1 General Specifications' example GTIN. */
const GTIN = '09506000134352';
const LABEL = [
  { ai: '01', raw: GTIN },
  { ai: '10', raw: 'LOT-A1' },
  { ai: '17', raw: '271231', date: '2027-12-31' },
];

function elementsOf(input: string, options: Gs1ParseOptions = TODAY): Gs1Element[] {
  const result = parseGs1(input, options);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(input)} to parse, got ${result.code}: ${result.message}`);
  return result.elements;
}

describe('parseGs1 accepts every form a scanner or a person sends', () => {
  it.each<[string, string, Gs1ParseOptions?]>([
    ['quagga2 code_128 (leading GS)', `${GS}010950600013435210LOT-A1${GS}17271231`],
    ['quagga2 with its stray trailing GS', `${GS}010950600013435210LOT-A1${GS}17271231${GS}`],
    ['doubled GS in the middle', `010950600013435210LOT-A1${GS}${GS}17271231`],
    ['no FNC1 at all before the first AI', `010950600013435210LOT-A1${GS}17271231`],
    ['GS1-128 symbology identifier ]C1', `]C1010950600013435210LOT-A1${GS}17271231`],
    ['GS1 DataMatrix ]d2', `]d2010950600013435210LOT-A1${GS}17271231`],
    ['GS1 QR ]Q3', `]Q3010950600013435210LOT-A1${GS}17271231`],
    ['GS1 DataBar ]e0', `]e0010950600013435210LOT-A1${GS}17271231`],
    ['keyboard wedge CR LF at the end', `]C1010950600013435210LOT-A1${GS}17271231\r\n`],
    ['FNC1 substitute |', '|010950600013435210LOT-A1|17271231', { ...TODAY, fnc1Substitute: '|' }],
    ['FNC1 substitute ~ with ]C1', ']C1010950600013435210LOT-A1~17271231~', { ...TODAY, fnc1Substitute: '~' }],
    ['human-readable form', '(01)09506000134352(10)LOT-A1(17)271231'],
    ['human-readable form with spaces as printed', '(01) 09506000134352 (10) LOT-A1 (17) 271231'],
    ['Digital Link on id.gs1.org', 'https://id.gs1.org/01/09506000134352/10/LOT-A1?17=271231'],
    ['Digital Link on a brand domain with a path prefix', 'https://brand.example/qr/v1/01/09506000134352/10/LOT-A1?17=271231&linkType=gs1:pip'],
    ['Digital Link with 1.1 short names and a GTIN-13', 'https://example.com/gtin/9506000134352/lot/LOT-A1?17=271231'],
    ['Digital Link in upper case with a fragment', 'HTTPS://ID.GS1.ORG/01/09506000134352/10/LOT-A1?17=271231#top'],
    ['Digital Link with percent-encoding', 'https://id.gs1.org/01/09506000134352/10/LOT%2DA1?17=%32%37%31%32%33%31'],
    ['Digital Link from a QR symbology identifier ]Q1', ']Q1https://id.gs1.org/01/09506000134352/10/LOT-A1?17=271231'],
  ])('%s', (_name, input, options = TODAY) => {
    expect(elementsOf(input, options)).toEqual(LABEL);
  });

  it.each([
    ['EAN-13', '4006381333931', '04006381333931'],
    ['EAN-13 (GS1 Hong Kong example)', '6291041500213', '06291041500213'],
    ['UPC-A', '036000291452', '00036000291452'],
    ['EAN-8', '73513537', '00000073513537'],
    ['GTIN-14', '10614141000415', '10614141000415'],
    ['EAN-13 with symbology identifier ]E0', ']E04006381333931', '04006381333931'],
    ['EAN-8 with symbology identifier ]E4', ']E473513537', '00000073513537'],
  ])('plain %s digits come back as AI 01 padded to 14 digits', (_name, input, gtin) => {
    expect(elementsOf(input)).toEqual([{ ai: '01', raw: gtin }]);
  });

  it('needs no GS after predefined-length AIs', () => {
    expect(elementsOf('01095060001343521727123110LOT-A1').map((e) => e.ai)).toEqual(['01', '17', '10']);
  });

  it('reads 8, 12, 13 or 14 bare digits as a GTIN, so a short element string needs its FNC1 or ]C1', () => {
    expect(parseGs1('17250230', TODAY)).toMatchObject({ ok: false, code: 'bad-check-digit', ai: '01' });
    expect(elementsOf(`${GS}17250228`)).toEqual([{ ai: '17', raw: '250228', date: '2025-02-28' }]);
    expect(elementsOf(']C117250228')).toEqual([{ ai: '17', raw: '250228', date: '2025-02-28' }]);
  });

  it('reads a logistic label: SSCC, contained GTIN and count, no separator after the predefined-length AIs', () => {
    expect(elementsOf(`]C100106141411234567897021061414100041537${'24'}${GS}400PO-4711`)).toEqual([
      { ai: '00', raw: '106141411234567897' },
      { ai: '02', raw: '10614141000415' },
      { ai: '37', raw: '24' },
      { ai: '400', raw: 'PO-4711' },
    ]);
  });

  it('reads a literal "(" in human-readable data when it does not start an AI, and "\\(" always', () => {
    expect(elementsOf('(01)09506000134352(21)AB(C)1(10)L\\(17)X')).toEqual([
      { ai: '01', raw: GTIN },
      { ai: '21', raw: 'AB(C)1' },
      { ai: '10', raw: 'L(17)X' },
    ]);
  });

  it('percent-decodes Digital Link values, including characters that must be encoded', () => {
    expect(elementsOf('https://id.gs1.org/01/09506000134352/10/A%2FB%25C%26D?91=x%3Dy%2Bz')).toEqual([
      { ai: '01', raw: GTIN },
      { ai: '10', raw: 'A/B%C&D' },
      { ai: '91', raw: 'x=y+z' },
    ]);
  });

  it('takes the Digital Link key qualifiers 22, 10, 21 from the path and data attributes from the query', () => {
    expect(elementsOf('https://id.gs1.org/01/09506000134352/22/2A/10/ABC1/21/12345?3103=000500&15=260100').map((e) => e.ai)).toEqual([
      '01', '22', '10', '21', '3103', '15',
    ]);
  });

  it('covers the AIs the team needs', () => {
    const input = [
      '0109506000134352', '11250101', '12250201', '13250301', '15260100', '16260200', '17270300', '20', '07',
      '21SER-1', GS, '2222', GS, '240ADD-ID', GS, '241CUST-PN', GS, '250SEC-SER', GS, '251SRC', GS,
      '3103001250', '3153000750', '3302012000', '3922', '1250', GS, '400PO-4711', GS,
      '4105412345000013', '4115412345000013', '4125412345000013', '4135412345000013', '4145412345000013',
      '4155412345000013', '4165412345000013', '4175412345000013', '420SW1A1AA', GS, '422276', GS,
      '70032712311530', GS, '8020REF-9', GS, '90X', GS, '91Y', GS, '99Z',
    ].join('');
    expect(elementsOf(input).map((e) => e.ai)).toEqual([
      '01', '11', '12', '13', '15', '16', '17', '20', '21', '22', '240', '241', '250', '251', '3103', '3153', '3302',
      '3922', '400', '410', '411', '412', '413', '414', '415', '416', '417', '420', '422', '7003', '8020', '90', '91', '99',
    ]);
    expect(elementsOf(`010950600013435230${'144'}${GS}10L`)[1]).toEqual({ ai: '30', raw: '144' });
    expect(elementsOf(`421826SW1A1AA${GS}10L`)[0]).toEqual({ ai: '421', raw: '826SW1A1AA' });
  });
});

describe('decimal AIs apply their implied decimals', () => {
  it.each([
    ['3103', '000500', 0.5],
    ['3102', '001250', 12.5],
    ['3100', '000012', 12],
    ['3105', '123456', 1.23456],
    ['3150', '000750', 750],
    ['3922', '1250', 12.5],
    ['3932', '9781250', 12.5],
  ])('%s %s is %d', (ai, raw, value) => {
    expect(elementsOf(`0109506000134352${ai}${raw}`)[1]).toEqual({ ai, raw, value });
  });
});

describe('dates', () => {
  it.each([
    ['DD=00 is the last day of the month', '17270400', '2027-04-30'],
    ['DD=00 in February of a leap year', '17280200', '2028-02-29'],
    ['DD=00 in February of a common year', '15270200', '2027-02-28'],
    ['DD=00 on a production date', '11251200', '2025-12-31'],
    ['a leap day', '17280229', '2028-02-29'],
    ['AI 7003 expiry date and time', '70032712312359', '2027-12-31'],
  ])('%s', (_name, element, date) => {
    expect(elementsOf(`${GS}${element}`)[0]?.date).toBe(date);
  });

  it.each([
    ['2025-06-15', '75', 2075],
    ['2025-06-15', '76', 1976],
    ['2025-06-15', '00', 2000],
    ['2025-06-15', '99', 1999],
    ['2060-01-01', '10', 2110],
    ['2060-01-01', '11', 2011],
    ['1999-12-31', '49', 2049],
    ['1999-12-31', '50', 1950],
  ])('on %s, year %s is %d (49 years back to 50 ahead)', (today, yy, year) => {
    expect(elementsOf(`${GS}17${yy}0101`, { today })[0]?.date).toBe(`${year}-01-01`);
  });
});

describe('parseGs1 rejects bad data with a code, the AI and the position', () => {
  it.each<[string, string, Gs1ErrorCode, string | undefined, number | undefined, Gs1ParseOptions?]>([
    ['nothing', '', 'empty', undefined, undefined],
    ['only whitespace', ' \r\n', 'empty', undefined, undefined],
    ['only separators', `${GS}${GS}`, 'empty', undefined, undefined],
    ['only a symbology identifier', ']C1', 'empty', undefined, undefined],
    ['text that is not GS1', 'hello world', 'not-gs1', undefined, 1],
    ['an unassigned AI', `0109506000134352${GS}04123`, 'unknown-ai', undefined, 18],
    ['an unassigned AI in brackets', '(01)09506000134352(04)123', 'unknown-ai', '04', 19],
    ['an unknown AI in a Digital Link query', 'https://id.gs1.org/01/09506000134352?9876=1', 'unknown-ai', '9876', 38],
    ['a bad GTIN check digit', '0109506000134353', 'bad-check-digit', '01', 3],
    ['a bad GTIN check digit after ]C1', ']C10109506000134353', 'bad-check-digit', '01', 6],
    ['a bad EAN-13 check digit', '4006381333932', 'bad-check-digit', '01', 1],
    ['a bad UPC-A check digit', '036000291453', 'bad-check-digit', '01', 1],
    ['a bad EAN-8 check digit', '73513538', 'bad-check-digit', '01', 1],
    ['a bad GTIN-14 check digit', '10614141000416', 'bad-check-digit', '01', 1],
    ['a bad SSCC check digit', '00106141411234567898', 'bad-check-digit', '00', 3],
    ['a bad GLN check digit', '0109506000134352' + '4105412345000014', 'bad-check-digit', '410', 20],
    ['a bad GTIN check digit in a Digital Link', 'https://id.gs1.org/01/09506000134353', 'bad-check-digit', '01', 23],
    ['February 30', '0109506000134352' + '17250230', 'bad-date', '17', 19],
    ['February 29 in a common year', '0109506000134352' + '17270229', 'bad-date', '17', 19],
    ['month 13', `${GS}11251301`, 'bad-date', '11', 4],
    ['day 00 where the AI does not allow it', `${GS}70032712001200`, 'bad-date', '7003', 6],
    ['hour 24', `${GS}70032712312400`, 'bad-time', '7003', 12],
    ['a lot of 21 characters', '(10)ABCDEFGHIJKLMNOPQRSTU', 'too-long', '10', 5],
    ['a lot of 21 characters in an element string', '10ABCDEFGHIJKLMNOPQRSTU', 'too-long', '10', 3],
    ['a GTIN of 15 digits in brackets', '(01)095060001343521', 'too-long', '01', 5],
    ['a count of 9 digits', '30123456789', 'too-long', '30', 3],
    ['a GTIN of 13 digits after its AI', '010950600013435', 'too-short', '01', 3],
    ['a GTIN cut short by GS', `01095060001${GS}10ABC`, 'too-short', '01', 3],
    ['a date of 4 digits in brackets', '(17)2712', 'too-short', '17', 5],
    ['an empty lot', `0109506000134352${'10'}${GS}17271231`, 'too-short', '10', 19],
    ['a space inside a lot', '10LOT A1', 'bad-character', '10', 6],
    ['a | without a configured substitute', '10LOT|17271231', 'bad-character', '10', 6],
    ['a letter in a date', '0109506000134352' + '1727A231', 'bad-character', '17', 21],
    ['a country of origin run into the next AI', '42227610ABC', 'missing-separator', '422', 7],
    ['a country of origin that is no ISO 3166 code', `0109506000134352422999${GS}10ABC`, 'bad-country', '422', 20],
    ['a second processing country that is no ISO 3166 code', '(423)276999', 'bad-country', '423', 9],
    ['the same AI with another value', `10ABC${GS}10ABD`, 'duplicate-ai', '10', 7],
    ['two GTINs', `0109506000134352${GS}0104006381333931`, 'duplicate-ai', '01', 18],
    ['GTIN with CONTENT', '0109506000134352' + '0210614141000415', 'conflicting-ai', '02', 17],
    ['net weight in kg twice with other decimals', '3102001000' + '3103000100', 'conflicting-ai', '3103', 11],
    ['a URI without a GS1 key', 'https://example.com/products/42', 'bad-digital-link', undefined, 20],
    ['key qualifiers out of order', 'https://id.gs1.org/01/09506000134352/21/S1/10/L1', 'bad-digital-link', '01', 20],
    ['a broken percent-encoding', 'https://id.gs1.org/01/09506000134352/10/A%ZZ', 'bad-digital-link', '10', 41],
    ['a URI without a domain', 'https:///01/09506000134352', 'bad-digital-link', undefined, 1],
    ['a substitute that can be data', '10ABC', 'bad-option', undefined, undefined, { fnc1Substitute: 'A' }],
    ['a today that is not ISO', '10ABC', 'bad-option', undefined, undefined, { today: '15/06/2025' }],
  ])('%s', (_name, input, code, ai, position, options = TODAY) => {
    const result = parseGs1(input, options);
    expect(result).toMatchObject({ ok: false, code });
    if (result.ok) return;
    expect(result.ai).toBe(ai);
    expect(result.position).toBe(position);
    if (ai !== undefined) expect(result.message).toContain(`AI ${ai}`);
    if (position !== undefined) expect(result.message).toContain(`character ${position}`);
  });

  it('says why a date is wrong and suggests the FNC1 substitute for a stray separator character', () => {
    expect(parseGs1(`${GS}17250230`, TODAY)).toMatchObject({ message: expect.stringContaining('February 2025 has 28 days') });
    expect(parseGs1('10LOT|17271231', TODAY)).toMatchObject({ message: expect.stringContaining('FNC1 substitute') });
  });

  it('tolerates the same AI repeated with the same value and keeps it once', () => {
    expect(elementsOf(`010950600013435210LOT-A1${GS}0109506000134352${'17271231'}`)).toEqual(LABEL.slice(0, 2).concat(LABEL[2] ?? []));
    expect(elementsOf(`10LOT-A1${GS}10LOT-A1`)).toEqual([{ ai: '10', raw: 'LOT-A1' }]);
  });
});

describe('maximum lengths', () => {
  it.each([
    ['10', 20],
    ['21', 20],
    ['240', 30],
    ['400', 30],
    ['8020', 25],
    ['90', 30],
    ['91', 90],
  ])('AI %s takes %d characters and not one more', (ai, max) => {
    const value = 'A1-'.repeat(40).slice(0, max);
    expect(elementsOf(`${ai}${value}`)).toEqual([{ ai, raw: value }]);
    expect(parseGs1(`(${ai})${value}Z`, TODAY)).toMatchObject({ ok: false, code: 'too-long', ai });
  });
});

describe('check digits', () => {
  it.each([
    ['GTIN-8', '73513537'],
    ['GTIN-12', '036000291452'],
    ['GTIN-12', '036000241457'],
    ['GTIN-13', '4006381333931'],
    ['GTIN-13', '9780345418913'],
    ['GTIN-14', '10614141000415'],
    ['GTIN-14', GTIN],
    ['SSCC', '106141411234567897'],
    ['GLN', '5412345000013'],
  ])('%s %s is valid, and invalid with any other last digit', (_kind, key) => {
    expect(gs1CheckDigit(key.slice(0, -1))).toBe(Number(key.slice(-1)));
    expect(isValidGs1Key(key)).toBe(true);
    for (let d = 0; d <= 9; d++) {
      if (String(d) !== key.slice(-1)) expect(isValidGs1Key(key.slice(0, -1) + String(d))).toBe(false);
    }
  });

  it('rejects what is not a GS1 key', () => {
    expect(isValidGs1Key('1234565')).toBe(false);
    expect(isValidGs1Key('7351353A')).toBe(false);
    expect(isValidGs1Key('')).toBe(false);
  });

  it('refuses to compute a check digit of non-digits (a caller bug)', () => {
    expect(() => gs1CheckDigit('12a')).toThrow(RangeError);
  });
});

describe('formatGs1', () => {
  const elements = [
    { ai: '01', raw: GTIN },
    { ai: '21', raw: 'S(1)/2' },
    { ai: '10', raw: 'LOT-A1' },
    { ai: '17', raw: '271231' },
    { ai: '3103', raw: '000500' },
    { ai: '400', raw: 'PO-1' },
  ];

  it('starts with GS for FNC1 and puts GS only after variable-length AIs that are not last', () => {
    expect(formatGs1(elements, 'gs')).toBe(`${GS}0109506000134352${'21S(1)/2'}${GS}10LOT-A1${GS}172712313103000500400PO-1`);
    expect(formatGs1([{ ai: '10', raw: 'X' }], 'gs')).toBe(`${GS}10X`);
    expect(formatGs1([{ ai: '17', raw: '271231' }], 'gs')).toBe(`${GS}17271231`);
  });

  it('writes the human-readable form, escaping "(" in data', () => {
    expect(formatGs1(elements, 'hri')).toBe('(01)09506000134352(21)S\\(1)/2(10)LOT-A1(17)271231(3103)000500(400)PO-1');
  });

  it('writes a Digital Link with the key qualifiers in the path in the standard order', () => {
    expect(formatGs1(elements, 'digital-link')).toBe(
      'https://id.gs1.org/01/09506000134352/10/LOT-A1/21/S%281%29%2F2?17=271231&3103=000500&400=PO-1',
    );
    expect(formatGs1([{ ai: '00', raw: '106141411234567897' }, { ai: '02', raw: '10614141000415' }, { ai: '37', raw: '24' }], 'digital-link')).toBe(
      'https://id.gs1.org/00/106141411234567897?02=10614141000415&37=24',
    );
  });

  it('needs a primary key for a Digital Link', () => {
    expect(() => formatGs1([{ ai: '10', raw: 'LOT' }], 'digital-link')).toThrow(RangeError);
  });

  it.each(['gs', 'hri', 'digital-link'] as const)('round-trips through parseGs1 in the %s style', (style) => {
    const parsed = elementsOf(formatGs1(elements, style)).map(({ ai, raw }) => ({ ai, raw }));
    const byAi = (a: { ai: string }, b: { ai: string }): number => a.ai.localeCompare(b.ai);
    expect([...parsed].sort(byAi)).toEqual([...elements].sort(byAi));
  });
});

describe('summarizeGs1', () => {
  it('gives the receiving form what a trade item label holds', () => {
    const scan = `${GS}010950600013435210LOT-A1${GS}1727123111250100${'13250102'}3103001250${'3151000750'}30${'12'}${GS}21SN-9`;
    expect(summarizeGs1(elementsOf(scan))).toEqual({
      gtin: GTIN,
      lot: 'LOT-A1',
      serial: 'SN-9',
      expiry: '2027-12-31',
      productionDate: '2025-01-31',
      packDate: '2025-01-02',
      netWeightKg: 1.25,
      netVolumeL: 75,
      count: 12,
    });
  });

  it('gives the contained GTIN, SSCC, count and purchase order of a logistic label', () => {
    const scan = `]C100106141411234567897021061414100041515260100${'37'}24${GS}400PO-4711${GS}3302012000`;
    expect(summarizeGs1(elementsOf(scan))).toEqual({
      sscc: '106141411234567897',
      gtin: '10614141000415',
      bestBefore: '2026-01-31',
      count: 24,
      purchaseOrder: 'PO-4711',
      grossWeightKg: 120,
    });
  });

  it('gives a receipt the best-before date (AI 15) as expiry when the label has no AI 17, and says so', () => {
    const bestBeforeOnly = summarizeGs1(elementsOf(`]C10109506000134352${'15'}280630${'10'}L7`));
    expect(receiptExpiry(bestBeforeOnly)).toEqual({ date: '2028-06-30', from: 'best-before' });
    const both = summarizeGs1(elementsOf(`]C10109506000134352${'15'}280630${'17'}281231`));
    expect(receiptExpiry(both)).toEqual({ date: '2028-12-31', from: 'expiry' });
    expect(receiptExpiry(summarizeGs1(elementsOf(']C10109506000134352')))).toBeUndefined();
  });

  it('takes the expiry from AI 7003 when there is no AI 17', () => {
    expect(summarizeGs1(elementsOf('0109506000134352' + '70032712311530')).expiry).toBe('2027-12-31');
  });

  it('keeps units apart instead of converting them', () => {
    expect(summarizeGs1(elementsOf('0109506000134352' + '3202000250'))).toEqual({ gtin: GTIN, netWeightLb: 2.5 });
  });
});
