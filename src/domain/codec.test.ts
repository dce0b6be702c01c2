import { BUILDERS, columnLetter, decodeTable, encodeRow, lotKey, rowKey } from './codec';
import type { TableOrigin, TableProblem } from './codec';
import { TABLES, TABLE_NAMES } from './schema';
import type { Lot, Movement } from './types';

/** Lots in B3:..., header at Excel row 3, so the first data row is row 4. */
const LOTS_AT: TableOrigin = { sheet: 'Lots', headerRow: 3, firstColumn: 1 };
const LOT_HEADERS = ['Lot', 'SKU', 'My Notes', 'Status', 'Expiry', 'Unit Cost', 'On Hand'];

type Row = Record<string, unknown>;
/** Cells in the order of `headers`, '' where a row object has no value. */
function cellsOf(headers: readonly string[], rows: readonly Row[]): unknown[][] {
  return rows.map((r) => headers.map((h) => (h in r ? r[h] : '')));
}

function decodeLots(rows: readonly Row[], headers = LOT_HEADERS) {
  return decodeTable(TABLES.Lots, headers, cellsOf(headers, rows), LOTS_AT);
}

const goodLot: Row = { Lot: 'L1', SKU: 'VITC', Status: 'released', Expiry: 46387, 'Unit Cost': 1.25, 'On Hand': 12.5 };

function only(problems: readonly TableProblem[]): TableProblem {
  expect(problems).toHaveLength(1);
  return problems[0] as TableProblem;
}

describe('decodeTable: finding columns', () => {
  it('finds columns by header in any order and case, ignoring the users’ own columns', () => {
    const headers = ['  on hand ', 'STATUS', 'Lot', 'Their Column', 'sku', 'expiry'];
    const d = decodeTable(TABLES.Lots, headers, [[3, 'Quarantine', 'L1', 'anything', 'VITC', '']], LOTS_AT);
    expect(d.problems).toEqual([]);
    expect(d.rows).toEqual([
      {
        sku: 'VITC', lot: 'L1', supplier: '', supplierLot: '', origin: '', manufactured: null, expiry: null, received: null,
        status: 'quarantine', unitCost: null, location: '', coaRef: '', onHand: 3000,
      },
    ]);
    expect(d.rowNumbers).toEqual([4]);
  });

  it('reports a missing required column once, on the header row, and decodes no rows', () => {
    const headers = ['Lot', 'SKU', 'Expiry'];
    const d = decodeTable(TABLES.Lots, headers, [['L1', 'VITC', 46387]], LOTS_AT);
    const p = only(d.problems);
    expect(p).toMatchObject({ sheet: 'Lots', row: 3, column: 'Status', address: 'Lots!B3:D3', code: 'missing-column' });
    expect(p.message).toContain('"Status"');
    expect(d.rows).toEqual([]);
  });

  it('reports each missing required column', () => {
    const d = decodeTable(TABLES.Movements, ['Movement ID', 'Date'], [], { sheet: 'Movements', headerRow: 1, firstColumn: 0 });
    expect(d.problems.map((p) => p.column)).toEqual(['Type', 'SKU', 'Lot', 'Qty']);
    expect(d.problems.every((p) => p.code === 'missing-column')).toBe(true);
  });

  it('decoding some fields, reports a required column that is gone even when it was not asked for, and checks only the cells read', () => {
    const at = { sheet: 'Movements', headerRow: 1, firstColumn: 0 };
    const gone = decodeTable(TABLES.Movements, ['Movement ID', 'Type', 'SKU', 'Lot', 'Qty'], [], at, undefined, new Set(['id', 'sku']));
    expect(gone.problems.map((p) => [p.column, p.code])).toEqual([['Date', 'missing-column']]);
    const headers = TABLES.Movements.columns.map((c) => c.header);
    // A blank Date and a wrong sign: neither is looked at when neither Date nor Type was read.
    const row = ['M-1', '', 'RECEIVE', 'VITC', 'L1', -5, '', '', '', '', ''];
    const some = decodeTable(TABLES.Movements, headers, [row], at, undefined, new Set(['id', 'sku', 'lot', 'qty']));
    expect(some.problems).toEqual([]);
    expect(some.rows[0]).toMatchObject({ id: 'M-1', sku: 'VITC', lot: 'L1', qty: -5000 });
    expect(decodeTable(TABLES.Movements, headers, [row], at).problems.map((p) => p.column)).toEqual(['Date', 'Qty']);
  });

  it('skips blank rows silently and keeps Excel row numbers, even when a user column has a value', () => {
    const d = decodeLots([goodLot, {}, { Lot: '  ', 'My Notes': 0 }, { ...goodLot, Lot: 'L2' }]);
    expect(d.problems).toEqual([]);
    expect(d.rows.map((r) => r.lot)).toEqual(['L1', 'L2']);
    expect(d.rowNumbers).toEqual([4, 7]);
  });
});

describe('decodeTable: values', () => {
  it('reads a number typed into an id column as its text and trims text', () => {
    const d = decodeLots([{ ...goodLot, Lot: 123, SKU: '  VITC ' }]);
    expect(d.rows[0]?.lot).toBe('123');
    expect(d.rows[0]?.sku).toBe('VITC');
  });

  it('matches enums case-insensitively and stores the canonical value', () => {
    const d = decodeLots([{ ...goodLot, Status: ' RELEASED ' }]);
    expect(d.rows[0]?.status).toBe('released');
  });

  it('accepts numbers typed as text in number columns', () => {
    const d = decodeLots([{ ...goodLot, 'On Hand': '12.5', 'Unit Cost': ' 3.1416 ' }]);
    expect(d.rows[0]?.onHand).toBe(12500);
    expect(d.rows[0]?.unitCost).toBe(31416);
  });

  it('reads dates from serials and from ISO text, dropping a time of day', () => {
    const d = decodeLots([
      { ...goodLot, Lot: 'A', Expiry: 46387 },
      { ...goodLot, Lot: 'B', Expiry: '2026-12-31' },
      { ...goodLot, Lot: 'C', Expiry: 46387.5 },
      { ...goodLot, Lot: 'D', Expiry: '2026-12-31 08:00' },
    ]);
    expect(d.problems).toEqual([]);
    expect(d.rows.map((r) => r.expiry)).toEqual(['2026-12-31', '2026-12-31', '2026-12-31', '2026-12-31']);
  });

  it('reads date-times from serials and ISO text', () => {
    const headers = ['Entry ID', 'When', 'Action'];
    const d = decodeTable(TABLES.Log, headers, [['E1', 45000.5, 'x'], ['E2', '2023-03-15T12:00:00', 'x'], ['E3', '2023-03-15 12:00', 'x'], ['E4', '2023-03-15', 'x']], { sheet: 'Log', headerRow: 1, firstColumn: 0 });
    expect(d.problems).toEqual([]);
    expect(d.rows.map((r) => r.when)).toEqual(['2023-03-15T12:00:00', '2023-03-15T12:00:00', '2023-03-15T12:00:00', '2023-03-15T00:00:00']);
  });

  it('decodes blank optional cells to empty text or null', () => {
    const d = decodeLots([{ Lot: 'L1', SKU: 'VITC', Status: 'hold' }]);
    expect(d.rows[0]).toMatchObject({ expiry: null, unitCost: null, onHand: null, supplier: '', location: '' });
  });
});

describe('decodeTable: every problem names sheet, row, column and cell', () => {
  // Row 4 is good; the bad row is the second data row, Excel row 5. Columns: Lot=B, SKU=C, My Notes=D,
  // Status=E, Expiry=F, Unit Cost=G, On Hand=H.
  it.each<[string, Row, Partial<TableProblem>, string]>([
    ['required', { Lot: '' }, { column: 'Lot', address: 'Lots!B5', code: 'required' }, 'Lot is blank'],
    ['not-a-number', { 'Unit Cost': 'abc' }, { column: 'Unit Cost', address: 'Lots!G5', code: 'not-a-number', value: 'abc' }, '"abc" is not a number'],
    ['not-a-number (comma decimal)', { 'On Hand': '1,5' }, { column: 'On Hand', address: 'Lots!H5', code: 'not-a-number' }, 'not a number'],
    ['not-a-number (boolean)', { 'On Hand': true }, { column: 'On Hand', address: 'Lots!H5', code: 'not-a-number' }, 'true is not a number'],
    ['too-many-decimals (qty)', { 'On Hand': 1.2345 }, { column: 'On Hand', address: 'Lots!H5', code: 'too-many-decimals', value: 1.2345 }, 'more than 3 decimals'],
    ['too-many-decimals (money)', { 'Unit Cost': 1.23456 }, { column: 'Unit Cost', address: 'Lots!G5', code: 'too-many-decimals' }, 'more than 4 decimals'],
    ['unknown-value', { Status: 'relased' }, { column: 'Status', address: 'Lots!E5', code: 'unknown-value' }, 'quarantine, released, hold, recalled, rejected'],
    ['not-a-date (text)', { Expiry: 'soon' }, { column: 'Expiry', address: 'Lots!F5', code: 'not-a-date' }, 'yyyy-mm-dd'],
    ['not-a-date (serial 60)', { Expiry: 60 }, { column: 'Expiry', address: 'Lots!F5', code: 'not-a-date' }, '1900-02-29'],
    ['not-a-date (no such day)', { Expiry: '2026-02-30' }, { column: 'Expiry', address: 'Lots!F5', code: 'not-a-date' }, 'not a day of the calendar'],
    ['not-a-date (serial out of range)', { Expiry: 20261231 }, { column: 'Expiry', address: 'Lots!F5', code: 'not-a-date' }, '9999-12-31'],
    ['not-a-date (boolean)', { Expiry: false }, { column: 'Expiry', address: 'Lots!F5', code: 'not-a-date' }, 'yyyy-mm-dd'],
    ['ambiguous-date 12/10/2026', { Expiry: '12/10/2026' }, { column: 'Expiry', address: 'Lots!F5', code: 'ambiguous-date' }, 'use yyyy-mm-dd'],
    ['ambiguous-date 10.12.2026', { Expiry: '10.12.2026' }, { code: 'ambiguous-date' }, 'use yyyy-mm-dd'],
    ['ambiguous-date 3-4', { Expiry: '3-4' }, { code: 'ambiguous-date' }, 'use yyyy-mm-dd'],
    ['ambiguous-date Dec 5 2026', { Expiry: 'Dec 5 2026' }, { code: 'ambiguous-date' }, 'use yyyy-mm-dd'],
    ['ambiguous-date 5-Dec-26', { Expiry: '5-Dec-26' }, { code: 'ambiguous-date' }, 'use yyyy-mm-dd'],
    ['ambiguous-date 2026-12-5', { Expiry: '2026-12-5' }, { code: 'ambiguous-date' }, 'use yyyy-mm-dd'],
    ['cell-error', { 'On Hand': '#N/A' }, { column: 'On Hand', address: 'Lots!H5', code: 'cell-error', value: '#N/A' }, '#N/A'],
    ['cell-error (#DIV/0!)', { Expiry: '#DIV/0!' }, { column: 'Expiry', address: 'Lots!F5', code: 'cell-error' }, '#DIV/0!'],
  ])('%s', (_name, change, expected, words) => {
    const d = decodeLots([goodLot, { ...goodLot, Lot: 'L2', ...change }]);
    const p = only(d.problems);
    expect(p).toMatchObject({ sheet: 'Lots', row: 5, ...expected });
    expect(p.message).toContain(words);
    expect(d.rows.map((r) => r.lot)).toEqual(['L1']);
    expect(d.rowNumbers).toEqual([4]);
  });

  it('collects every problem of a row and marks it with the row key and lot key when readable', () => {
    const d = decodeLots([{ ...goodLot, Status: 'x', Expiry: 'y' }]);
    expect(d.problems.map((p) => [p.code, p.address])).toEqual([
      ['unknown-value', 'Lots!E4'],
      ['not-a-date', 'Lots!F4'],
    ]);
    for (const p of d.problems) {
      expect(p.key).toBe('VITC / L1');
      expect(p.lotKey).toBe(lotKey('VITC', 'L1'));
    }
    expect(d.badKeys).toEqual(new Set([lotKey('VITC', 'L1')]));
    expect(d.rows).toEqual([]);
  });

  it('leaves key and lot key out when the key cannot be read', () => {
    const d = decodeLots([{ ...goodLot, Lot: '#REF!' }]);
    const p = only(d.problems);
    expect(p.key).toBeUndefined();
    expect(p.lotKey).toBeUndefined();
    expect(d.badKeys.size).toBe(0);
  });

  it('reports a duplicate key on the later row, naming the first', () => {
    const d = decodeLots([goodLot, { ...goodLot, Lot: 'L2' }, { ...goodLot, Lot: 'L1', Status: 'hold' }]);
    const p = only(d.problems);
    expect(p).toMatchObject({ sheet: 'Lots', row: 6, column: 'SKU', address: 'Lots!C6', code: 'duplicate-key', key: 'VITC / L1' });
    expect(p.message).toContain('row 4');
    expect(d.rows.map((r) => r.lot)).toEqual(['L1', 'L2']);
    expect(d.badKeys).toEqual(new Set([lotKey('VITC', 'L1')]));
  });

  it('finds duplicates of a key whose first row was refused', () => {
    const d = decodeLots([{ ...goodLot, Status: '?' }, goodLot]);
    expect(d.problems.map((p) => [p.code, p.row])).toEqual([
      ['unknown-value', 4],
      ['duplicate-key', 5],
    ]);
    expect(d.rows).toEqual([]);
  });

  it('uses valueTypes when given: an Error cell is an error, text that looks like one is text', () => {
    const headers = ['SKU', 'Lot', 'Status', 'Expiry'];
    const body = [
      ['VITC', '#N/A', 'released', ''],
      ['VITC', 'L2', '#VALUE!', ''],
    ];
    const types = [
      ['String', 'String', 'String', 'Empty'],
      ['String', 'String', 'Error', 'Empty'],
    ];
    const d = decodeTable(TABLES.Lots, headers, body, LOTS_AT, types);
    expect(d.rows.map((r) => r.lot)).toEqual(['#N/A']);
    expect(only(d.problems)).toMatchObject({ code: 'cell-error', address: 'Lots!D5', column: 'Status', value: '#VALUE!' });
  });
});

describe('decodeTable: other tables', () => {
  const MOVES_AT: TableOrigin = { sheet: 'Movements', headerRow: 1, firstColumn: 0 };
  const MOVE_HEADERS = ['Movement ID', 'Date', 'Type', 'SKU', 'Lot', 'Qty', 'Location'];
  const move = (id: string, type: string, qty: unknown) => [id, 46000, type, 'VITC', 'L1', qty, 'A'];

  it('accepts movements with the sign their type requires', () => {
    const body = [move('M1', 'RECEIVE', 10), move('M2', 'consume', -2), move('M3', 'SHIP', -1), move('M4', 'ADJUST', -0.5), move('M5', 'ADJUST', 0.5), move('M6', 'TRANSFER', -3), move('M7', 'TRANSFER', 3), move('M8', 'PRODUCE', 4), move('M9', 'RETURN', 1), move('M10', 'DESTROY', -1)];
    const d = decodeTable(TABLES.Movements, MOVE_HEADERS, body, MOVES_AT);
    expect(d.problems).toEqual([]);
    expect(d.rows.map((m: Movement) => [m.type, m.qty])).toEqual([
      ['RECEIVE', 10000], ['CONSUME', -2000], ['SHIP', -1000], ['ADJUST', -500], ['ADJUST', 500],
      ['TRANSFER', -3000], ['TRANSFER', 3000], ['PRODUCE', 4000], ['RETURN', 1000], ['DESTROY', -1000],
    ]);
  });

  it.each([
    ['RECEIVE', -5, 'a receipt must be positive'],
    ['PRODUCE', -1, 'production output must be positive'],
    ['RETURN', -1, 'a return must be positive'],
    ['CONSUME', 2, 'a consumption must be negative'],
    ['SHIP', 1, 'a shipment must be negative'],
    ['DESTROY', 1, 'a destruction must be negative'],
    ['ADJUST', 0, 'an adjustment of 0 changes nothing'],
    ['TRANSFER', 0, 'a transfer of 0 changes nothing'],
    ['RECEIVE', 0, 'a receipt of 0 changes nothing'],
  ])('refuses %s of %p: wrong-sign', (type, qty, words) => {
    const d = decodeTable(TABLES.Movements, MOVE_HEADERS, [move('M1', 'RECEIVE', 1), move('M2', type, qty)], MOVES_AT);
    const p = only(d.problems);
    expect(p).toMatchObject({ sheet: 'Movements', row: 3, column: 'Qty', address: 'Movements!F3', code: 'wrong-sign', value: qty, key: 'M2', lotKey: lotKey('VITC', 'L1') });
    expect(p.message).toContain(words);
    expect(d.badKeys).toEqual(new Set(['M2']));
  });

  it('refuses a negative quantity where only 0 or more makes sense', () => {
    const headers = ['Shipment ID', 'Line', 'Ship Date', 'Customer ID', 'SKU', 'Lot', 'Qty'];
    const d = decodeTable(TABLES.Shipments, headers, [['S1', 1, 46000, 'C1', 'VITC', 'L1', -1]], { sheet: 'Shipments', headerRow: 1, firstColumn: 0 });
    expect(only(d.problems)).toMatchObject({ code: 'negative', address: 'Shipments!G2', column: 'Qty', key: 'S1 / 1', lotKey: lotKey('VITC', 'L1') });
  });

  it('refuses a fraction in a whole-number column, and accepts a whole number typed as text', () => {
    const headers = ['SKU', 'Description', 'Unit', 'Decimals', 'Kind'];
    const d = decodeTable(TABLES.Products, headers, [['A', 'x', 'kg', 1.5, 'raw'], ['B', 'y', 'kg', '2', 'Raw']], { sheet: 'Products', headerRow: 1, firstColumn: 0 });
    expect(only(d.problems)).toMatchObject({ code: 'not-an-integer', address: 'Products!D2', column: 'Decimals', value: 1.5, key: 'A' });
    expect(d.rows).toEqual([{ sku: 'B', gtin: '', description: 'y', unit: 'kg', decimals: 2, shelfLifeDays: null, minShipLifeDays: null, kind: 'raw' }]);
  });

  it('refuses a date-time that is no date', () => {
    const d = decodeTable(TABLES.Log, ['Entry ID', 'When', 'Action'], [['E1', '15/03/2023 12:00', 'x'], ['E2', 'noon', 'x']], { sheet: 'Log', headerRow: 1, firstColumn: 0 });
    expect(d.problems.map((p) => [p.code, p.address])).toEqual([
      ['ambiguous-date', 'Log!B2'],
      ['not-a-date', 'Log!B3'],
    ]);
  });
});

describe('encodeRow', () => {
  const lot: Lot = {
    sku: 'VITC', lot: '=cmd|x', supplier: '-Acme', supplierLot: '000123', origin: '', manufactured: null,
    expiry: '2026-12-31' as Lot['expiry'], received: null, status: 'released', unitCost: 12500 as Lot['unitCost'],
    location: '@A1', coaRef: '', onHand: 12500 as Lot['onHand'],
  };

  it('writes in the order of the actual headers, with blanks under user columns', () => {
    expect(encodeRow(TABLES.Lots, lot, ['On Hand', 'My Notes', 'Lot', 'status', 'Expiry', 'Unit Cost', 'Manufactured'])).toEqual([12.5, '', "'=cmd|x", 'released', 46387, 1.25, '']);
  });

  it('makes every text value formula-safe and keeps ids as text', () => {
    expect(encodeRow(TABLES.Lots, lot, ['Supplier', 'Supplier Lot', 'Location', 'SKU'])).toEqual(["'-Acme", '000123', "'@A1", 'VITC']);
    expect(encodeRow(TABLES.Lots, { ...lot, coaRef: "'COA-7" }, ['COA Ref'])).toEqual(["''COA-7"]);
  });

  it('writes date-times as serials', () => {
    const entry = { id: 'E1', when: '2023-03-15T12:00:00', user: 'ana', action: 'x', table: 'Lots', key: 'k', from: 'a', to: 'b', why: '+reason' } as const;
    expect(encodeRow(TABLES.Log, entry as never, ['When', 'Why'])).toEqual([45000.5, "'+reason"]);
  });
});

describe('keys and addresses', () => {
  it('rowKey joins the key fields; a lot’s key is its lot key', () => {
    const d = decodeLots([goodLot]);
    expect(rowKey(TABLES.Lots, d.rows[0] as Lot)).toBe(lotKey('VITC', 'L1'));
    expect(lotKey('A', 'B')).toBe('A\u0000B');
  });

  it('names columns like Excel', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702, 16383].map(columnLetter)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA', 'XFD']);
  });

  it('quotes sheet names that need it in addresses', () => {
    const d = decodeTable(TABLES.Lots, ['SKU', 'Lot', 'Status', 'Expiry'], [['A', 'B', '?', '']], { sheet: "Bob's Lots", headerRow: 1, firstColumn: 0 });
    expect(only(d.problems).address).toBe("'Bob''s Lots'!C2");
  });

  it('says a number too large to count exactly is too large, not that it has too many decimals', () => {
    const d = decodeTable(TABLES.Lots, ['SKU', 'Lot', 'Status', 'Expiry', 'On Hand', 'Unit Cost'], [['A', 'B', 'released', '', 1e308, 1e300]], { sheet: 'Lots', headerRow: 1, firstColumn: 0 });
    expect(d.problems.map((p) => [p.column, p.code])).toEqual([['On Hand', 'too-large'], ['Unit Cost', 'too-large']]);
    expect(d.problems[0]!.message).toContain('too large to count exactly');
  });

  it('names an essential column that is gone (Lots Expiry) while still decoding the rows', () => {
    const d = decodeTable(TABLES.Lots, ['SKU', 'Lot', 'Status'], [['A', 'B', 'released']], { sheet: 'Lots', headerRow: 1, firstColumn: 0 });
    expect(only(d.problems)).toMatchObject({ code: 'missing-column', column: 'Expiry', message: expect.stringContaining('cannot tell which lots have expired') });
    expect(d.rows).toHaveLength(1);
  });

  it('builds entities with exactly the fields of the schema, in column order', () => {
    for (const name of TABLE_NAMES) {
      const def = TABLES[name];
      const built = (BUILDERS[name] as (v: readonly unknown[]) => object)(def.columns.map((_, i) => i));
      expect(Object.entries(built)).toEqual(def.columns.map((c, i) => [c.field, i]));
    }
  });
});
