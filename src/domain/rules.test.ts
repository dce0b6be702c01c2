import { DEFAULT_RULES, lotFormatFor, lotFormatMatches, parseRule, readRules, rulesOf } from './rules';
import type { Setting } from './types';

const origin = { sheet: 'Settings', headerRow: 1, firstColumn: 0 };
const read = (rows: Setting[]) => readRules({ rows, rowNumbers: rows.map((_, i) => i + 2), origin, headers: ['Key', 'Value'] });

describe('readRules', () => {
  it("gives today's behaviour when Settings holds no rule (Lotbook's own rows are not rules)", () => {
    const r = read([
      { key: 'pickList:PL-1', value: 'open' },
      { key: 'count:CNT-1', value: 'posted' },
    ]);
    expect(r.rules).toEqual(DEFAULT_RULES);
    expect(r.rules).toMatchObject({ receiptStatus: 'quarantine', releaseNeedsCoa: true, expiryWarningDays: [30, 60, 90], defaultMinShelfLifeDays: null, labelStock: '4x6', scannerGsSubstitute: '', facility: '' });
    expect(r.problems).toEqual([]);
  });

  it('reads every rule, with keys in any case and values as people type them', () => {
    const r = read([
      { key: 'ExpiryWarningDays', value: '14; 7, 45 7' },
      { key: 'receiptStatus', value: ' Released ' },
      { key: 'releaseNeedsCoa', value: 'No' },
      { key: 'defaultMinShelfLifeDays', value: '180' },
      { key: 'labelStock', value: '2 x 1 in' },
      { key: 'scannerGsSubstitute', value: '|' },
      { key: 'facility', value: 'Lotbook Labs, 1 Dock Rd, Reno NV' },
      { key: 'lotPattern', value: '{yyyy}-{seq:4}' },
      { key: 'lotFormat:sku:RM-ASH', value: 'ASH-####-@' },
      { key: 'lotFormat:supplier:Sattva Herbs', value: 'SH*' },
    ]);
    expect(r.problems).toEqual([]);
    expect(r.rules).toMatchObject({
      expiryWarningDays: [7, 14, 45],
      receiptStatus: 'released',
      releaseNeedsCoa: false,
      defaultMinShelfLifeDays: 180,
      labelStock: '2x1',
      scannerGsSubstitute: '|',
      facility: 'Lotbook Labs, 1 Dock Rd, Reno NV',
      productionLotPattern: '{yyyy}-{seq:4}',
    });
    expect(r.rules.lotCodeFormats).toEqual([
      { scope: 'sku', name: 'RM-ASH', pattern: 'ASH-####-@', key: 'lotFormat:sku:RM-ASH' },
      { scope: 'supplier', name: 'Sattva Herbs', pattern: 'SH*', key: 'lotFormat:supplier:Sattva Herbs' },
    ]);
    expect(r.entries.get('receiptstatus')).toEqual({ key: 'receiptStatus', text: ' Released ', address: 'Settings!B3' });
  });

  it('names the cell of each bad value, says what is wrong and what Lotbook uses instead', () => {
    const r = read([
      { key: 'workbookId', value: 'WB-1' },
      { key: 'expiryWarningDays', value: 'abc' },
      { key: 'receiptStatus', value: 'on hold' },
      { key: 'releaseNeedsCoa', value: 'maybe' },
      { key: 'defaultMinShelfLifeDays', value: '90.5' },
      { key: 'labelStock', value: 'A4' },
      { key: 'scannerGsSubstitute', value: 'A' },
      { key: 'lotPattern', value: '{yy{mm}' },
      { key: 'lotFormat:RM-ASH', value: 'ASH-####' },
      { key: 'lotFormat:supplier:Acme', value: '*' },
    ]);
    expect(r.problems.map((p) => `${p.address}: ${p.message}`)).toEqual([
      'Settings!B3: expiryWarningDays: "abc" is not whole numbers of days separated by commas (e.g. 30, 60, 90); Lotbook uses 30, 60, 90 until it is fixed.',
      'Settings!B4: receiptStatus: "on hold" is neither quarantine nor released; Lotbook uses quarantine until it is fixed.',
      'Settings!B5: releaseNeedsCoa: "maybe" is neither yes nor no; Lotbook uses yes until it is fixed.',
      'Settings!B6: defaultMinShelfLifeDays: "90.5" is not a whole number of days; Lotbook uses no minimum until it is fixed.',
      'Settings!B7: labelStock: "A4" is not a label size Lotbook prints; use 4x6 or 2x1; Lotbook uses 4 × 6 in (shipping label) until it is fixed.',
      'Settings!B8: scannerGsSubstitute: "A" cannot stand for the GS separator: use one character that a GS1 barcode never holds (such as | or ~), or a key name such as F8; Lotbook uses no substitute (GS only) until it is fixed.',
      'Settings!B9: lotPattern: The lot pattern "{yy{mm}" has a brace that does not close a token; Lotbook uses {yy}{mm}{dd}-{sku}-{seq} until it is fixed.',
      'Settings!B10: lotFormat:RM-ASH: the key does not say whose lot codes the format is for: write lotFormat:sku:<SKU> or lotFormat:supplier:<supplier>; Lotbook uses no format for it until it is fixed.',
      'Settings!B11: lotFormat:supplier:Acme: "*" alone lets every lot code through; Lotbook uses no format for it until it is fixed.',
    ]);
    expect(r.problems.every((p) => p.code === 'bad-setting' && p.column === 'Value' && p.sheet === 'Settings')).toBe(true);
    expect(r.problems[0]).toMatchObject({ row: 3, value: 'abc', key: 'expiryWarningDays' });
    expect(r.rules).toEqual(DEFAULT_RULES);
  });

  it('finds the Value cell wherever the table and the column are', () => {
    const r = readRules({ rows: [{ key: 'receiptStatus', value: 'later' }], rowNumbers: [9], origin: { sheet: 'Settings', headerRow: 4, firstColumn: 2 }, headers: ['Note', 'Key', 'Value'] });
    expect(r.problems[0]?.address).toBe('Settings!E9');
  });

  it('blank values are not set: the default, no problem', () => {
    expect(read([{ key: 'expiryWarningDays', value: '' }, { key: 'defaultMinShelfLifeDays', value: ' ' }]).problems).toEqual([]);
    expect(parseRule('receiptStatus', '')).toEqual({ ok: true, value: 'quarantine' });
    expect(parseRule('scannerGsSubstitute', 'f8')).toEqual({ ok: true, value: 'F8' });
    expect(parseRule('expiryWarningDays', '0')).toEqual({ ok: false, why: '0 is not between 1 and 3650 days' });
  });
});

describe('lot code formats', () => {
  it('# is a digit, @ a letter, ? either, * any run; the rest is literal, in any case', () => {
    expect(lotFormatMatches('ASH-####-@', 'ASH-2407-A')).toBe(true);
    expect(lotFormatMatches('ASH-####-@', ' ash-2407-b ')).toBe(true);
    expect(lotFormatMatches('ASH-####-@', 'ASH-247-A')).toBe(false);
    expect(lotFormatMatches('ASH-####-@', 'ASH-2407-1')).toBe(false);
    expect(lotFormatMatches('L??.#', 'LA9.5')).toBe(true);
    expect(lotFormatMatches('L??.#', 'LA9x5')).toBe(false);
    expect(lotFormatMatches('SH*', 'SH')).toBe(true);
    expect(lotFormatMatches('(A)+[#]', '(A)+[1]')).toBe(true);
  });

  it("a SKU's format wins over its supplier's", () => {
    const rules = rulesOf([
      { key: 'lotFormat:supplier:Sattva Herbs', value: 'SH-*' },
      { key: 'lotFormat:sku:rm-ash', value: 'ASH-*' },
    ]);
    expect(lotFormatFor(rules, 'RM-ASH', 'Sattva Herbs')?.pattern).toBe('ASH-*');
    expect(lotFormatFor(rules, 'RM-TUR', 'sattva herbs ')?.pattern).toBe('SH-*');
    expect(lotFormatFor(rules, 'RM-TUR', '')).toBeUndefined();
  });
});
