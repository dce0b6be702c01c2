import { decodeTable, lotKey } from './codec';
import type { TableOrigin } from './codec';
import { TABLES } from './schema';
import { validateWorkbook } from './validate';
import type { TableInput, WorkbookInput } from './validate';
import type { EntityByTable, TableName } from './types';

/** Decodes cells the way the adapter does and passes on what validateWorkbook needs. */
function table<N extends TableName>(name: N, origin: TableOrigin, headers: string[], body: unknown[][]): TableInput<EntityByTable[N]> {
  return { ...decodeTable(TABLES[name], headers, body, origin), origin, headers };
}

const PRODUCTS_AT: TableOrigin = { sheet: 'Products', headerRow: 1, firstColumn: 0 };
const LOTS_AT: TableOrigin = { sheet: 'Lots', headerRow: 3, firstColumn: 1 };
const MOVES_AT: TableOrigin = { sheet: 'Movements', headerRow: 1, firstColumn: 0 };

const products = table('Products', PRODUCTS_AT, ['SKU', 'Description', 'Unit', 'Decimals', 'Kind'], [
  ['CAPS', 'Capsules', 'pcs', 0, 'finished'],
  ['VITC', 'Vitamin C', 'kg', 3, 'raw'],
]);
// Lots in B3: SKU=B, Lot=C, Status=D, On Hand=E; rows from 4.
const LOT_HEADERS = ['SKU', 'Lot', 'Status', 'On Hand'];
// Movements reordered: Qty=A, Lot=B, SKU=C, Type=D, Movement ID=E, Date=F.
const MOVE_HEADERS = ['Qty', 'Lot', 'SKU', 'Type', 'Movement ID', 'Date'];
const mv = (id: string, sku: string, lot: string, qty: number, type = 'RECEIVE') => [qty, lot, sku, type, id, 46000];

function workbook(lots: unknown[][], moves: unknown[][], extra: Partial<WorkbookInput> = {}): WorkbookInput {
  return { products, lots: table('Lots', LOTS_AT, LOT_HEADERS, lots), movements: table('Movements', MOVES_AT, MOVE_HEADERS, moves), ...extra };
}

describe('validateWorkbook', () => {
  it('finds nothing wrong in a consistent workbook', () => {
    const wb = workbook([['VITC', 'L1', 'released', 7.5], ['CAPS', 'B1', 'released', 100]], [mv('M1', 'VITC', 'L1', 10), mv('M2', 'VITC', 'L1', -2.5, 'CONSUME'), mv('M3', 'CAPS', 'B1', 100)]);
    expect(validateWorkbook(wb)).toEqual([]);
  });

  it('reports a lot or movement whose SKU is not in Products', () => {
    const wb = workbook([['ZINC', 'Z1', 'released', '']], [mv('M1', 'ZINC', 'Z1', 1)]);
    expect(validateWorkbook(wb)).toEqual([
      expect.objectContaining({ sheet: 'Lots', row: 4, column: 'SKU', address: 'Lots!B4', value: 'ZINC', code: 'unknown-sku', key: 'ZINC / Z1', lotKey: lotKey('ZINC', 'Z1') }),
      expect.objectContaining({ sheet: 'Movements', row: 2, column: 'SKU', address: 'Movements!C2', value: 'ZINC', code: 'unknown-sku', key: 'M1' }),
    ]);
  });

  it('reports a movement whose lot is not in Lots', () => {
    const [p, ...rest] = validateWorkbook(workbook([], [mv('M1', 'VITC', 'NOPE', 1)]));
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ sheet: 'Movements', row: 2, column: 'Lot', address: 'Movements!B2', value: 'NOPE', code: 'unknown-lot', key: 'M1' });
    expect(p?.message).toContain('"NOPE" of VITC is not in Lots');
  });

  it('reports a quantity with more decimals than its product allows', () => {
    const wb = workbook([['CAPS', 'B1', 'released', '']], [mv('M1', 'CAPS', 'B1', 10), mv('M2', 'CAPS', 'B1', -0.5, 'SHIP')]);
    const [p, ...rest] = validateWorkbook(wb);
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ sheet: 'Movements', row: 3, column: 'Qty', address: 'Movements!A3', value: -0.5, code: 'decimals-exceeded', key: 'M2' });
    expect(p?.message).toContain('-0.5');
    expect(p?.message).toContain('whole numbers only');
  });

  it('reports a stored On Hand that differs from the ledger, with both numbers', () => {
    const wb = workbook([['VITC', 'L1', 'released', 12.5], ['VITC', 'L2', 'released', 3]], [mv('M1', 'VITC', 'L1', 10)]);
    const problems = validateWorkbook(wb);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatchObject({ sheet: 'Lots', row: 4, column: 'On Hand', address: 'Lots!E4', value: 12.5, code: 'on-hand-mismatch', key: 'VITC / L1' });
    expect(problems[0]?.message).toContain('On Hand says 12.5');
    expect(problems[0]?.message).toContain('add up to 10');
    expect(problems[1]).toMatchObject({ row: 5, address: 'Lots!E5', code: 'on-hand-mismatch' });
    expect(problems[1]?.message).toContain('add up to 0');
  });

  it('does not check a blank On Hand, which was never written', () => {
    expect(validateWorkbook(workbook([['VITC', 'L1', 'released', '']], [mv('M1', 'VITC', 'L1', 10)]))).toEqual([]);
  });

  it('skips the ledger check for a lot with a refused movement, and all of it when a refused movement has no readable lot', () => {
    const lots = [['VITC', 'L1', 'released', 12.5], ['VITC', 'L2', 'released', 99]];
    const oneSpoiled = workbook(lots, [mv('M1', 'VITC', 'L1', 10), mv('M2', 'VITC', 'L2', 'abc' as never)]);
    expect(oneSpoiled.movements.problems).toHaveLength(1);
    expect(validateWorkbook(oneSpoiled).map((p) => [p.code, p.address])).toEqual([['on-hand-mismatch', 'Lots!E4']]);

    const allSpoiled = workbook(lots, [mv('M1', 'VITC', 'L1', 10), mv('M2', '', 'L2', 1)]);
    expect(validateWorkbook(allSpoiled)).toEqual([]);
  });

  it('does not call a SKU unknown when its Products row was refused', () => {
    const badProducts = table('Products', PRODUCTS_AT, ['SKU', 'Description', 'Unit', 'Decimals', 'Kind'], [['VITC', 'Vitamin C', 'kg', 3, 'mineral']]);
    expect(badProducts.badKeys?.has('VITC')).toBe(true);
    expect(validateWorkbook({ ...workbook([['VITC', 'L1', 'released', '']], [mv('M1', 'VITC', 'L1', 1)]), products: badProducts })).toEqual([]);
  });

  it('does not call a lot unknown when its Lots row was refused', () => {
    const wb = workbook([['VITC', 'L1', 'gone', '']], [mv('M1', 'VITC', 'L1', 1)]);
    expect(wb.lots.badKeys?.has(lotKey('VITC', 'L1'))).toBe(true);
    expect(validateWorkbook(wb)).toEqual([]);
  });

  it('reports product decimals outside 0 to 3', () => {
    const odd = table('Products', PRODUCTS_AT, ['SKU', 'Description', 'Unit', 'Decimals', 'Kind'], [['VITC', 'Vitamin C', 'kg', 5, 'raw']]);
    const problems = validateWorkbook({ ...workbook([], []), products: odd });
    expect(problems).toEqual([expect.objectContaining({ sheet: 'Products', row: 2, column: 'Decimals', address: 'Products!D2', value: 5, code: 'unknown-value' })]);
  });

  it('checks shipments, orders and runs when given', () => {
    const at = (sheet: string): TableOrigin => ({ sheet, headerRow: 1, firstColumn: 0 });
    const shipments = table('Shipments', at('Shipments'), ['Shipment ID', 'Line', 'Ship Date', 'Customer ID', 'SKU', 'Lot', 'Qty'], [['S1', 1, 46000, 'C1', 'CAPS', 'X9', 1.5]]);
    const orders = table('Orders', at('Orders'), ['Order', 'Line', 'Customer ID', 'SKU', 'Qty', 'Status'], [['O1', 1, 'C1', 'GONE', 1, 'open']]);
    const runs = table('Runs', at('Runs'), ['Run ID', 'Date', 'Output SKU', 'Output Lot', 'Planned Qty', 'Actual Qty', 'Conversion Cost'], [['R1', 46000, 'CAPS', 'B9', 1000, 999.5, 10]]);
    const problems = validateWorkbook(workbook([], [], { shipments, orders, runs }));
    expect(problems.map((p) => [p.code, p.address])).toEqual([
      ['unknown-lot', 'Shipments!F2'],
      ['decimals-exceeded', 'Shipments!G2'],
      ['unknown-sku', 'Orders!D2'],
      ['decimals-exceeded', 'Runs!F2'],
    ]);
  });
});
