/**
 * Checks across tables, after each table has been decoded on its own (codec.ts). Each problem names the
 * sheet, the row number Excel shows, the column and the cell address, like a decoding problem.
 *
 * Rows refused by decoding are not checked again, and they do not cause follow-on noise: a movement of a
 * SKU whose Products row was refused is not reported as an unknown SKU (the Products row already is), and a
 * lot with a refused movement is not checked against the ledger (the sum would be wrong for a known reason).
 */
import { cellAddress, findColumns, lotKey, rowKey } from './codec';
import type { ProblemCode, TableOrigin, TableProblem } from './codec';
import { formatQty, moneyToNumber, qtyToNumber } from './fixed';
import { onHandByLot } from './ledger';
import { TABLES } from './schema';
import type { ColumnType, TableDef } from './schema';
import type { EntityByTable, LotKey, Money, Product, Qty, TableName } from './types';

/** What decodeTable returned for a table (a `Decoded<E>` fits), plus where the table is and its header row. */
export interface TableInput<E> {
  readonly rows: readonly E[];
  readonly rowNumbers: readonly number[];
  readonly origin: TableOrigin;
  readonly headers: readonly unknown[];
  readonly badKeys?: ReadonlySet<string>;
  readonly problems?: readonly TableProblem[];
}

export interface WorkbookInput {
  readonly products: TableInput<EntityByTable['Products']>;
  readonly lots: TableInput<EntityByTable['Lots']>;
  readonly movements: TableInput<EntityByTable['Movements']>;
  readonly shipments?: TableInput<EntityByTable['Shipments']>;
  readonly orders?: TableInput<EntityByTable['Orders']>;
  readonly runs?: TableInput<EntityByTable['Runs']>;
}

const VALID_DECIMALS = [0, 1, 2, 3];

/** A quantity with as many decimals as it has (trailing zeros dropped): 12500 -> "12.5". */
function plainQty(q: Qty): string {
  const s = formatQty(q, 3);
  return s.replace(/\.?0+$/, '');
}

/** Finds cells of one table and turns findings into problems with addresses. */
class Reporter<N extends TableName> {
  private readonly columns: number[];

  constructor(
    private readonly def: TableDef<N>,
    private readonly input: TableInput<EntityByTable[N]>,
    private readonly out: TableProblem[],
  ) {
    this.columns = findColumns(def, input.headers);
  }

  report(i: number, field: keyof EntityByTable[N] & string, code: ProblemCode, message: string, lk?: LotKey): void {
    const c = this.def.columns.findIndex((col) => col.field === field);
    const col = this.def.columns[c];
    const entity = this.input.rows[i] as EntityByTable[N];
    const row = this.input.rowNumbers[i] as number;
    const index = this.columns[c] ?? -1;
    this.out.push({
      sheet: this.input.origin.sheet,
      row,
      column: col ? col.header : field,
      // A column that is absent (an optional one) has no cell; point at the row's first cell instead.
      address: cellAddress(this.input.origin, Math.max(0, index), row),
      value: asShown(col?.type, (entity as unknown as Record<string, unknown>)[field]),
      code,
      message,
      key: rowKey(this.def, entity).split('\u0000').join(' / '),
      ...(lk !== undefined ? { lotKey: lk } : {}),
    });
  }
}

/** A decoded value as the cell shows it, like the `value` of a decoding problem: 12500 (Qty) -> 12.5. */
function asShown(type: ColumnType | undefined, v: unknown): unknown {
  if (typeof v !== 'number') return v;
  return type === 'qty' ? qtyToNumber(v as Qty) : type === 'money' ? moneyToNumber(v as Money) : v;
}

/** Whether `q` uses more decimals than `decimals` (0 to 3) allows. */
function exceeds(q: Qty, decimals: number): boolean {
  return q % 10 ** (3 - decimals) !== 0;
}

function decimalsMessage(header: string, q: Qty, p: Product): string {
  const allowed = p.decimals === 0 ? 'whole numbers only' : `at most ${p.decimals} decimal${p.decimals === 1 ? '' : 's'}`;
  return `${header} ${plainQty(q)} has too many decimals for ${p.sku}, which is counted in ${p.unit || 'units'} with ${allowed} (Products, Decimals).`;
}

function unknownSkuMessage(header: string, sku: string): string {
  return `${header} "${sku}" is not in Products; add the product first or correct the SKU.`;
}

export function validateWorkbook(input: WorkbookInput): TableProblem[] {
  const out: TableProblem[] = [];

  const products = new Map<string, Product>();
  const productDecimals = new Map<string, number>();
  const productsReport = new Reporter(TABLES.Products, input.products, out);
  input.products.rows.forEach((p, i) => {
    products.set(p.sku, p);
    if (VALID_DECIMALS.includes(p.decimals)) productDecimals.set(p.sku, p.decimals);
    else productsReport.report(i, 'decimals', 'unknown-value', `Decimals ${p.decimals} is not allowed; use 0, 1, 2 or 3 (how many decimals quantities of ${p.sku} may have).`);
  });
  const productRefused = (sku: string): boolean => input.products.badKeys?.has(sku) ?? false;

  /** Reports an unknown SKU; returns the product when there is one whose decimals can be checked. */
  const checkSku = <N extends TableName>(r: Reporter<N>, i: number, field: keyof EntityByTable[N] & string, sku: string, header: string, lk?: LotKey): Product | null => {
    const p = products.get(sku);
    if (p !== undefined) return productDecimals.has(sku) ? p : null;
    if (!productRefused(sku)) r.report(i, field, 'unknown-sku', unknownSkuMessage(header, sku), lk);
    return null;
  };
  const checkDecimals = <N extends TableName>(r: Reporter<N>, i: number, field: keyof EntityByTable[N] & string, q: Qty, p: Product | null, header: string, lk?: LotKey): void => {
    if (p !== null && exceeds(q, p.decimals)) r.report(i, field, 'decimals-exceeded', decimalsMessage(header, q, p), lk);
  };

  const lots = new Set<string>();
  for (const l of input.lots.rows) lots.add(lotKey(l.sku, l.lot));
  const lotRefused = (k: LotKey): boolean => input.lots.badKeys?.has(k) ?? false;

  const lotsReport = new Reporter(TABLES.Lots, input.lots, out);
  input.lots.rows.forEach((l, i) => {
    const lk = lotKey(l.sku, l.lot);
    checkSku(lotsReport, i, 'sku', l.sku, 'SKU', lk);
  });

  const movementsReport = new Reporter(TABLES.Movements, input.movements, out);
  input.movements.rows.forEach((m, i) => {
    const lk = lotKey(m.sku, m.lot);
    const p = checkSku(movementsReport, i, 'sku', m.sku, 'SKU', lk);
    if (products.has(m.sku) && !lots.has(lk) && !lotRefused(lk)) {
      movementsReport.report(i, 'lot', 'unknown-lot', `Lot "${m.lot}" of ${m.sku} is not in Lots; add the lot first or correct the lot code.`, lk);
    }
    checkDecimals(movementsReport, i, 'qty', m.qty, p, 'Qty', lk);
  });

  if (input.shipments) {
    const r = new Reporter(TABLES.Shipments, input.shipments, out);
    input.shipments.rows.forEach((s, i) => {
      const lk = lotKey(s.sku, s.lot);
      const p = checkSku(r, i, 'sku', s.sku, 'SKU', lk);
      if (products.has(s.sku) && !lots.has(lk) && !lotRefused(lk)) {
        r.report(i, 'lot', 'unknown-lot', `Lot "${s.lot}" of ${s.sku} is not in Lots; correct the lot code.`, lk);
      }
      checkDecimals(r, i, 'qty', s.qty, p, 'Qty', lk);
    });
  }

  if (input.orders) {
    const r = new Reporter(TABLES.Orders, input.orders, out);
    input.orders.rows.forEach((o, i) => {
      const p = checkSku(r, i, 'sku', o.sku, 'SKU');
      checkDecimals(r, i, 'qty', o.qty, p, 'Qty');
    });
  }

  if (input.runs) {
    const r = new Reporter(TABLES.Runs, input.runs, out);
    input.runs.rows.forEach((run, i) => {
      const lk = lotKey(run.outputSku, run.outputLot);
      const p = checkSku(r, i, 'outputSku', run.outputSku, 'Output SKU', lk);
      checkDecimals(r, i, 'plannedQty', run.plannedQty, p, 'Planned Qty', lk);
      checkDecimals(r, i, 'actualQty', run.actualQty, p, 'Actual Qty', lk);
    });
  }

  // The ledger is only complete when no movement row was refused; a refused row whose lot is known spoils
  // only that lot's sum, one whose lot cannot be read spoils every sum.
  const movementProblems = input.movements.problems ?? [];
  const spoiled = new Set<LotKey>();
  let ledgerUsable = true;
  for (const p of movementProblems) {
    if (p.lotKey !== undefined) spoiled.add(p.lotKey);
    else ledgerUsable = false;
  }
  if (ledgerUsable) {
    const ledger = onHandByLot(input.movements.rows);
    input.lots.rows.forEach((l, i) => {
      if (l.onHand === null) return; // never written yet: nothing stored to contradict the ledger
      const lk = lotKey(l.sku, l.lot);
      if (spoiled.has(lk)) return;
      const q = ledger.get(lk) ?? (0 as Qty);
      if (q !== l.onHand) {
        lotsReport.report(i, 'onHand', 'on-hand-mismatch', `On Hand says ${plainQty(l.onHand)} but the movements of this lot add up to ${plainQty(q)}; the movements are the record (refresh On Hand).`, lk);
      }
    });
  }
  return out;
}
