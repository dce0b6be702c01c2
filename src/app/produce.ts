/**
 * Production runs (issue 4): input lots are blended or packed into a new output lot. Saving writes, in one batch,
 * a Runs row, a CONSUME movement per input and a PRODUCE movement for the output (all with the run id in
 * Reference), the output lot in quarantine, the inputs' On Hand refreshed, a Log entry when the output expiry was
 * changed from its default, and the batch production record sheet.
 *
 * planRun is pure and holds every decision, so the pane shows refusals while the user types. produce() reads
 * fresh tables, plans and writes. Movement ids derive from the run id (`<run>-C1`, `<run>-P`) and the run id is
 * made when the user starts the run, so a retried save writes nothing twice.
 */
import { sameKey } from '../domain/keys';
import { RULE_KEYS } from '../domain/rules';
import { lotKey } from '../domain/codec';
import type { TableProblem } from '../domain/codec';
import { costLotsOf, uncostedLots, type UncostedLot } from '../domain/costing';
import { addDays, daysBetween, isoDate, isoDateToSerial } from '../domain/dates';
import { allocateFefo } from '../domain/fefo';
import { formatMoney, formatQty, mulDivHalfEven, qtyToNumber, parseScaled } from '../domain/fixed';
import { DEFAULT_LOT_PATTERN, nextLotCode } from '../domain/lot-code';
import type { IsoDate, IsoDateTime, LogEntry, Lot, LotStatus, Money, Movement, Product, Qty, Run } from '../domain/types';
import type { ReportRef, ReportSheet, Snapshot, WorkbookPort, WriteBatch } from './ports';

export interface RunInputLine {
  readonly sku: string;
  readonly lot: string;
  /** A decimal number in the input SKU's unit, '.' as the decimal point. */
  readonly quantity: string;
}

/** A run as the form gives it: text, trimmed here. */
export interface RunInput {
  readonly outputSku: string;
  /** Blank: the next code from the Settings lot pattern. */
  readonly outputLot?: string;
  readonly plannedQuantity: string;
  readonly actualQuantity: string;
  /** Labour and overhead for the whole run, a decimal amount (up to 4 decimals). */
  readonly conversionCost?: string;
  /** Manufacture date `YYYY-MM-DD`; default today. */
  readonly date?: string;
  readonly inputs: readonly RunInputLine[];
  /** Blank: the default expiry (see `defaultOutputExpiry`); anything else needs `expiryReason`. */
  readonly expiry?: string;
  readonly expiryReason?: string;
  readonly location?: string;
  readonly note?: string;
}

export interface RunContext {
  readonly user: string;
  readonly today: IsoDate;
  readonly now: IsoDateTime;
  /** Made when the user starts the run (domain/ids.ts newId). */
  readonly ids: { readonly run: string; readonly log: string };
}

export type RunTables = Snapshot<'Products' | 'Lots' | 'Movements' | 'Runs' | 'Settings'>;
export const RUN_TABLES = ['Products', 'Lots', 'Movements', 'Runs', 'Settings'] as const;
/**
 * What a run uses of the tables that grow with history: of Movements, stock and what its inputs cost (costing.ts),
 * not who booked them, where, or notes; of Runs, each run's conversion cost and, on a retry, the lot it made.
 */
const RUN_COLUMNS = { Movements: ['date', 'type', 'sku', 'lot', 'qty', 'ref', 'unitCost'], Runs: ['outputLot', 'conversionCost'] } as const;

export type InputProblemCode = 'input-unknown-lot' | 'input-not-released' | 'input-expired' | 'input-exceeds-on-hand' | 'input-is-output' | 'input-row-bad' | 'input-bad-quantity';

export type RunErrorCode =
  | 'table-problem'
  | 'missing-product'
  | 'unknown-sku'
  | 'product-row-bad'
  | 'bad-pattern'
  | 'lot-code-taken'
  | 'bad-lot'
  | 'output-lot-exists'
  | 'bad-quantity'
  | 'bad-cost'
  | 'bad-date'
  | 'date-in-future'
  | 'no-inputs'
  | 'expiry-reason-required'
  | InputProblemCode;

export interface InputProblem {
  /** Index in `RunInput.inputs`. */
  readonly index: number;
  readonly code: InputProblemCode;
  readonly message: string;
}

export type RunField = 'outputSku' | 'outputLot' | 'plannedQuantity' | 'actualQuantity' | 'conversionCost' | 'date' | 'expiry' | 'expiryReason' | 'inputs';

export interface RunRefusal {
  readonly ok: false;
  readonly code: RunErrorCode;
  readonly message: string;
  readonly field?: RunField;
  /** Every input that cannot be used, and why (the first one is `code` / `message`). */
  readonly inputProblems?: readonly InputProblem[];
  readonly problems?: readonly TableProblem[];
}

export interface RunComponent {
  readonly lot: Lot;
  readonly product: Product | undefined;
  readonly qty: Qty;
  readonly movement: Movement;
}

export interface RunPlan {
  readonly ok: true;
  readonly batch: WriteBatch;
  readonly run: Run;
  readonly product: Product;
  readonly outputLot: Lot;
  readonly produce: Movement;
  readonly components: readonly RunComponent[];
  readonly defaultExpiry: IsoDate | null;
  /** The output's unit cost from its inputs and the conversion cost; null when it cannot be costed. */
  readonly unitCost: Money | null;
  /**
   * Lots in the output's ancestry received without a unit cost: costing counts them as 0, so `unitCost` is too low.
   * The pane warns before saving and the batch record says so; empty when every input is costed.
   */
  readonly uncosted: readonly UncostedLot[];
  /** Actual / planned in tenths of a percent (975 = 97.5%). */
  readonly yieldPermille: number;
  readonly sheet: ReportSheet;
  /** The run id is in Runs already: an earlier save went through, nothing new will be written. */
  readonly alreadySaved: boolean;
}

export type RunResult = RunPlan | RunRefusal;

/** The action written to the Log when the output expiry differs from its default. */
export const RUN_EXPIRY_ACTION = 'run-expiry-override';

const refuse = (code: RunErrorCode, message: string, field?: RunField, extra: Partial<RunRefusal> = {}): RunRefusal => ({ ok: false, code, message, ...(field ? { field } : {}), ...extra });
const text = (s: string | undefined): string => (s ?? '').trim();

/** Exact decimal text to integer units of 10^-scaleDigits with at most maxDecimals decimals; null if it is not one. */
export function parseDecimal(s: string, scaleDigits: number, maxDecimals: number): number | null {
  const parsed = parseScaled(s, scaleDigits, maxDecimals);
  return parsed.ok ? parsed.value : null;
}

const qtyText = (q: Qty, p: Product | undefined): string => `${formatQty(q, p?.decimals ?? 3)}${p ? ` ${p.unit}` : ''}`;

function describeProblems(problems: readonly TableProblem[]): string {
  const shown = problems.slice(0, 3).map((p) => `${p.address}: ${p.message}`);
  return shown.join(' ') + (problems.length > 3 ? ` (and ${problems.length - 3} more)` : '');
}

/** The lot pattern from Settings (key `lotPattern`, domain/rules.ts), or the default. */
export function lotPatternOf(settings: readonly { readonly key: string; readonly value: string }[]): string {
  // Read as written, not through the rule's check: a bad pattern is refused by nextLotCode with its own words,
  // which the Produce pane shows where the lot code is suggested.
  const v = settings.find((s) => sameKey(s.key, RULE_KEYS.productionLotPattern))?.value.trim();
  return v ? v : DEFAULT_LOT_PATTERN;
}

/** The earlier of manufacture date + shelf life and the earliest input expiry; null when neither exists. */
export function defaultOutputExpiry(date: IsoDate, shelfLifeDays: number | null, inputExpiries: readonly (IsoDate | null)[]): IsoDate | null {
  let best: IsoDate | null = shelfLifeDays !== null && shelfLifeDays > 0 ? addDays(date, shelfLifeDays) : null;
  for (const e of inputExpiries) if (e !== null && (best === null || e < best)) best = e;
  return best;
}

/** On hand of every lot from the ledger, leaving out the given movement ids (this run's own rows on a retry). */
function ledgerOnHand(movements: readonly Movement[], except: ReadonlySet<string>): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of movements) {
    if (except.has(m.id)) continue;
    const k = lotKey(m.sku, m.lot);
    out.set(k, (out.get(k) ?? 0) + m.qty);
  }
  return out;
}

/** The output lot code the pane offers: the next one from the pattern, for the SKU's existing lots. */
export function suggestOutputLot(tables: Pick<RunTables, 'Lots' | 'Movements' | 'Settings'>, sku: string, date: IsoDate): ReturnType<typeof nextLotCode> {
  const existing = new Set<string>();
  for (const l of tables.Lots.rows) if (l.sku === sku) existing.add(l.lot);
  for (const m of tables.Movements.rows) if (m.sku === sku) existing.add(m.lot);
  return nextLotCode({ pattern: lotPatternOf(tables.Settings.rows), sku, date, existing });
}

export interface InputCandidate {
  readonly lot: Lot;
  readonly onHand: Qty;
  /** What blocks it on the run date, or null when it can be used. */
  readonly blocked: 'not-released' | 'expired' | 'no-stock' | null;
}

/** Every lot of a SKU with its ledger on hand and whether it can be consumed on `date`, FEFO order first. */
export function inputCandidates(tables: Pick<RunTables, 'Lots' | 'Movements'>, sku: string, date: IsoDate): InputCandidate[] {
  const onHand = ledgerOnHand(tables.Movements.rows, new Set());
  const lots = tables.Lots.rows.filter((l) => l.sku === sku);
  const rank = (l: Lot) => (l.expiry ?? '9999-99-99') + (l.received ?? '9999-99-99') + l.lot;
  return lots
    .map((lot) => {
      const q = (onHand.get(lotKey(lot.sku, lot.lot)) ?? 0) as Qty;
      const blocked = lot.status !== 'released' ? ('not-released' as const) : lot.expiry !== null && lot.expiry < date ? ('expired' as const) : q <= 0 ? ('no-stock' as const) : null;
      return { lot, onHand: q, blocked };
    })
    .sort((a, b) => (a.blocked === null) !== (b.blocked === null) ? (a.blocked === null ? -1 : 1) : rank(a.lot) < rank(b.lot) ? -1 : rank(a.lot) > rank(b.lot) ? 1 : 0);
}

/** FEFO suggestion for `qty` of `sku` on `date`: which lots, how much of each (released, unexpired, in stock). */
export function suggestInputs(tables: Pick<RunTables, 'Lots' | 'Movements'>, sku: string, qty: Qty, date: IsoDate): { lines: RunInputLine[]; short: Qty } {
  const onHand = ledgerOnHand(tables.Movements.rows, new Set());
  const lots = tables.Lots.rows
    .filter((l) => l.sku === sku)
    .map((l) => ({ ...l, onHand: (onHand.get(lotKey(l.sku, l.lot)) ?? 0) as Qty }));
  const result = allocateFefo({ shipDate: date, lines: [{ id: 'run', sku, qty }], lots });
  const short = result.shortfalls.reduce((s, f) => s + f.qty, 0) as Qty;
  return { lines: result.picks.map((p) => ({ sku: p.sku, lot: p.lot, quantity: formatQty(p.qty, 3).replace(/\.?0+$/, '') })), short };
}

const STATUS_WORDS: Readonly<Record<LotStatus, string>> = {
  quarantine: 'in quarantine (not yet released by QA)',
  released: 'released',
  hold: 'on hold',
  recalled: 'recalled',
  rejected: 'rejected',
};

/** Decides a run: what to write, or why not. Pure: reads only its arguments. */
export function planRun(input: RunInput, tables: RunTables, ctx: RunContext): RunResult {
  const all = [tables.Products, tables.Lots, tables.Movements, tables.Runs, tables.Settings];
  const missing = all.flatMap((t) => t.problems).filter((p) => p.code === 'missing-column');
  if (missing.length) return refuse('table-problem', `The workbook is missing columns Lotbook needs: ${describeProblems(missing)} Open the Workbook pane and set the workbook up.`, undefined, { problems: missing });

  const runId = ctx.ids.run;
  const alreadySaved = tables.Runs.rows.some((r) => r.id === runId);
  if (tables.Runs.badKeys.has(runId)) {
    const problems = tables.Runs.problems.filter((p) => p.key === runId);
    return refuse('table-problem', `The Runs row of ${runId} has problems; fix it in Excel first: ${describeProblems(problems)}`, undefined, { problems });
  }

  const sku = text(input.outputSku);
  if (sku === '') return refuse('missing-product', 'Choose the product this run makes.', 'outputSku');
  if (tables.Products.badKeys.has(sku)) {
    const problems = tables.Products.problems.filter((p) => p.key === sku);
    return refuse('product-row-bad', `The Products row of ${sku} has problems: ${describeProblems(problems)}`, 'outputSku', { problems });
  }
  const product = tables.Products.rows.find((p) => p.sku === sku);
  if (!product) return refuse('unknown-sku', `No product in Products has SKU ${sku}.`, 'outputSku');

  const dateText = text(input.date);
  const date = dateText === '' ? ctx.today : isoDate(dateText);
  if (date === null) return refuse('bad-date', `The manufacture date "${dateText}" is not a date: use YYYY-MM-DD.`, 'date');
  if (date > ctx.today) return refuse('date-in-future', `The manufacture date ${date} is after today (${ctx.today}).`, 'date');

  // The output lot: typed, or the next from the pattern. On a retry the run's own lot is the one it wrote.
  const savedRun = tables.Runs.rows.find((r) => r.id === runId);
  let outputLot = text(input.outputLot);
  if (outputLot === '' && savedRun) outputLot = savedRun.outputLot;
  if (outputLot === '') {
    const next = suggestOutputLot(tables, sku, date);
    if (!next.ok) return refuse(next.code, next.message, 'outputLot');
    outputLot = next.lot;
  }
  if (/[\x00-\x1f\x7f]/.test(outputLot)) return refuse('bad-lot', 'The output lot code contains a control character: type it again.', 'outputLot');
  const outKey = lotKey(sku, outputLot);
  const sameCode = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
  if (!alreadySaved && (tables.Lots.rows.some((l) => l.sku === sku && sameCode(l.lot, outputLot)) || tables.Movements.rows.some((m) => m.sku === sku && sameCode(m.lot, outputLot)) || tables.Lots.badKeys.has(outKey))) {
    return refuse('output-lot-exists', `Lot ${outputLot} of ${sku} exists already; a run makes a new lot. Take the next code from the lot pattern or type another.`, 'outputLot');
  }

  const dec = Math.min(3, Math.max(0, product.decimals));
  const quantityWords = (what: string, typed: string) =>
    typed === '' ? `Enter the ${what} quantity in ${product.unit}.` : `The ${what} quantity "${typed}" must be a number more than 0 in ${product.unit}, with at most ${dec} decimals.`;
  const planned = parseDecimal(text(input.plannedQuantity), 3, dec);
  if (planned === null || planned <= 0) return refuse('bad-quantity', quantityWords('planned', text(input.plannedQuantity)), 'plannedQuantity');
  const actual = parseDecimal(text(input.actualQuantity), 3, dec);
  if (actual === null || actual <= 0) return refuse('bad-quantity', quantityWords('actual', text(input.actualQuantity)), 'actualQuantity');
  const costText = text(input.conversionCost);
  const conversion = costText === '' ? 0 : parseDecimal(costText, 4, 4);
  if (conversion === null) return refuse('bad-cost', `The conversion cost "${costText}" must be an amount such as 312.50 (with a point, at most 4 decimals, not negative).`, 'conversionCost');

  // Inputs: each must be a released, unexpired lot with the stock to give (inputs of the same lot add up).
  const lines = input.inputs.filter((l) => text(l.sku) !== '' || text(l.lot) !== '' || text(l.quantity) !== '');
  if (lines.length === 0) return refuse('no-inputs', 'Add the input lots this run consumed.', 'inputs');
  const ids = lines.map((_, i) => `${runId}-C${i + 1}`);
  const produceId = `${runId}-P`;
  const own = new Set([...ids, produceId]);
  const onHand = ledgerOnHand(tables.Movements.rows, own);
  const asked = new Map<string, number>();
  const problems: InputProblem[] = [];
  const components: RunComponent[] = [];
  const location = text(input.location);
  lines.forEach((line, index) => {
    const lsku = text(line.sku);
    const lcode = text(line.lot);
    const name = `${lsku} / ${lcode}`;
    const key = lotKey(lsku, lcode);
    const p = tables.Products.rows.find((x) => x.sku === lsku);
    if (tables.Lots.badKeys.has(key) || tables.Movements.problems.some((x) => x.lotKey === key)) {
      const bad = [...tables.Lots.problems, ...tables.Movements.problems].filter((x) => x.lotKey === key);
      problems.push({ index, code: 'input-row-bad', message: `${name}: its rows have problems, so its stock cannot be counted; fix them in Excel first: ${describeProblems(bad)}` });
      return;
    }
    const lot = tables.Lots.rows.find((l) => l.sku === lsku && l.lot === lcode);
    if (!lot) {
      problems.push({ index, code: 'input-unknown-lot', message: `${name}: no such lot in Lots.` });
      return;
    }
    if (key === outKey) {
      problems.push({ index, code: 'input-is-output', message: `${name} is the lot this run makes; it cannot also be an input.` });
      return;
    }
    const q = parseDecimal(text(line.quantity), 3, Math.min(3, Math.max(0, p?.decimals ?? 3)));
    if (q === null || q <= 0) {
      const typed = text(line.quantity);
      problems.push({ index, code: 'input-bad-quantity', message: typed === '' ? `${name}: enter the quantity used${p ? ` in ${p.unit}` : ''}.` : `${name}: the quantity "${typed}" must be a number more than 0${p ? ` in ${p.unit}, with at most ${p.decimals} decimals` : ''}.` });
      return;
    }
    if (!alreadySaved) {
      if (lot.status !== 'released') {
        problems.push({ index, code: 'input-not-released', message: `${name} is ${STATUS_WORDS[lot.status]}; only released lots can be consumed.` });
        return;
      }
      if (lot.expiry !== null && lot.expiry < date) {
        problems.push({ index, code: 'input-expired', message: `${name} expired on ${lot.expiry}, before the run date ${date}; expired material cannot be used.` });
        return;
      }
      const total = (asked.get(key) ?? 0) + q;
      asked.set(key, total);
      const have = (onHand.get(key) ?? 0) as Qty;
      if (total > have) {
        const also = total !== q ? ` (with the other lines of this lot, ${qtyText(total as Qty, p)})` : '';
        problems.push({ index, code: 'input-exceeds-on-hand', message: `${name}: ${qtyText(q as Qty, p)} asked${also}, but only ${qtyText(have, p)} on hand.` });
        return;
      }
    }
    const movement: Movement = { id: ids[index]!, date, type: 'CONSUME', sku: lot.sku, lot: lot.lot, qty: -q as Qty, location: lot.location, ref: runId, unitCost: null, user: ctx.user, note: '' };
    components.push({ lot, product: p, qty: q as Qty, movement });
  });
  if (problems.length) {
    const first = problems[0]!;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more ${problems.length > 2 ? 'inputs' : 'input'})` : '';
    return refuse(first.code, `${first.message}${more}`, 'inputs', { inputProblems: problems });
  }

  const defaultExpiry = defaultOutputExpiry(date, product.shelfLifeDays, components.map((c) => c.lot.expiry));
  const expiryText = text(input.expiry);
  let expiry = defaultExpiry;
  let log: LogEntry | undefined;
  if (expiryText !== '') {
    const e = isoDate(expiryText);
    if (e === null) return refuse('bad-date', `The expiry "${expiryText}" is not a date: use YYYY-MM-DD.`, 'expiry');
    if (e < date) return refuse('bad-date', `The expiry ${e} is before the manufacture date ${date}.`, 'expiry');
    if (e !== defaultExpiry) {
      const why = text(input.expiryReason);
      if (why === '') return refuse('expiry-reason-required', `The default expiry is ${defaultExpiry ?? 'none'}; say why this lot gets ${e}. The reason is kept in the Log.`, 'expiryReason');
      log = { id: ctx.ids.log, when: ctx.now, user: ctx.user, action: RUN_EXPIRY_ACTION, table: 'Lots', key: `${sku} / ${outputLot}`, from: defaultExpiry ?? '', to: e, why };
    }
    expiry = e;
  }

  const run: Run = { id: runId, date, outputSku: sku, outputLot, plannedQty: planned as Qty, actualQty: actual as Qty, conversionCost: conversion as Money, user: ctx.user, note: text(input.note) };
  const produce: Movement = { id: produceId, date, type: 'PRODUCE', sku, lot: outputLot, qty: actual as Qty, location, ref: runId, unitCost: null, user: ctx.user, note: '' };

  // The output's unit cost, through the same engine as the lot costs report, over the ledger as it will be (only
  // the output's ancestry is costed: the same figure, without costing a million rows for one lot).
  const others = tables.Movements.rows.filter((m) => !own.has(m.id));
  const costed = costLotsOf({ movements: [...others, ...components.map((c) => c.movement), produce], runs: [...tables.Runs.rows.filter((r) => r.id !== runId), run], lots: tables.Lots.rows }, [{ sku, lot: outputLot }]);
  const unitCost = costed.ok ? (costed.lots.get(outKey)?.unitCost ?? null) : null;
  const uncosted = costed.ok ? uncostedLots(costed.issues) : [];

  const outputLotRow: Lot = {
    sku,
    lot: outputLot,
    supplier: '',
    supplierLot: '',
    origin: '',
    manufactured: date,
    expiry,
    received: date,
    status: 'quarantine',
    unitCost,
    location,
    coaRef: '',
    onHand: actual as Qty,
  };
  // Inputs' stored On Hand follows the ledger (DESIGN.md: the add-in refreshes it).
  const after = ledgerOnHand([...others, ...components.map((c) => c.movement)], new Set());
  const refreshed = new Map<string, Lot>();
  for (const c of components) {
    const q = (after.get(lotKey(c.lot.sku, c.lot.lot)) ?? 0) as Qty;
    if (c.lot.onHand !== q) refreshed.set(lotKey(c.lot.sku, c.lot.lot), { ...c.lot, onHand: q });
  }
  const yieldPermille = mulDivHalfEven(actual, 1000, planned);
  const sheet = batchRecordSheet({ run, product, outputLot: outputLotRow, components, defaultExpiry, expiryReason: log?.why ?? '', unitCost, uncosted, when: ctx.now });

  const append: { Runs: Run[]; Movements: Movement[]; Lots: Lot[]; Log?: LogEntry[] } = { Runs: [run], Movements: [...components.map((c) => c.movement), produce], Lots: [outputLotRow] };
  if (log) append.Log = [log];
  const batch: WriteBatch = { append, ...(refreshed.size ? { update: { Lots: [...refreshed.values()] } } : {}), sheets: [sheet] };
  return { ok: true, batch, run, product, outputLot: outputLotRow, produce, components, defaultExpiry, unitCost, uncosted, yieldPermille, sheet, alreadySaved };
}

/** 975 -> "97.5%". */
export function formatPermille(p: number): string {
  const sign = p < 0 ? '-' : '';
  const a = Math.abs(p);
  return `${sign}${Math.floor(a / 10)}.${a % 10}%`;
}

export interface BatchRecordInput {
  readonly run: Run;
  readonly product: Product;
  readonly outputLot: Lot;
  readonly components: readonly RunComponent[];
  readonly defaultExpiry: IsoDate | null;
  readonly expiryReason: string;
  readonly unitCost: Money | null;
  /** Inputs received without a unit cost (counted as 0 in unitCost). */
  readonly uncosted?: readonly UncostedLot[];
  readonly when: IsoDateTime;
}

/**
 * The batch production record (21 CFR 111.260 essentials): the finished lot, each component lot with its
 * supplier lot and the quantity used, theoretical and actual yield with the percentage, the dates, who, and
 * lines for review and approval signatures.
 */
export function batchRecordSheet(r: BatchRecordInput): ReportSheet {
  const { run, product } = r;
  const unit = (q: Qty) => `${formatQty(q, product.decimals)} ${product.unit}`;
  const yieldPct = formatPermille(mulDivHalfEven(run.actualQty, 1000, run.plannedQty));
  const expiry = r.outputLot.expiry ?? 'none';
  const expiryLine = r.expiryReason !== '' ? `${expiry} (default ${r.defaultExpiry ?? 'none'}; changed because: ${r.expiryReason})` : expiry;
  return {
    id: batchRecordRef(run.id).id,
    name: `BPR ${run.outputLot}`,
    title: `Batch production record: ${product.sku} lot ${run.outputLot}`,
    header: [
      ['Run ID', run.id],
      ['Product', `${product.sku}: ${product.description}`],
      ['Finished lot', run.outputLot],
      ['Manufacture date', run.date],
      ['Expiry', expiryLine],
      ['Theoretical yield', unit(run.plannedQty)],
      ['Actual yield', unit(run.actualQty)],
      ['Yield (actual / theoretical)', yieldPct],
      ['Conversion cost', formatMoney(run.conversionCost)],
      ['Unit cost', r.unitCost === null ? 'not costed' : r.uncosted?.length ? `${formatMoney(r.unitCost)} (incomplete: ${r.uncosted.map((u) => `${u.sku} / ${u.lot}`).join(', ')} received without unit cost, counted as 0)` : formatMoney(r.unitCost)],
      ['Status', 'quarantine (awaiting QA review and release)'],
      ['Recorded by', run.user],
      ['Recorded at', r.when.replace('T', ' ')],
      ...(run.note ? [['Note', run.note] as const] : []),
    ],
    table: {
      name: batchRecordRef(run.id).table,
      columns: [
        { header: 'Component SKU', type: 'text' },
        { header: 'Description', type: 'text' },
        { header: 'Lot', type: 'text' },
        { header: 'Supplier', type: 'text' },
        { header: 'Supplier Lot', type: 'text' },
        { header: 'Expiry', type: 'date' },
        { header: 'Qty Used', type: 'qty' },
        { header: 'Unit', type: 'text' },
        { header: 'Movement ID', type: 'text' },
      ],
      rows: r.components.map((c) => [
        c.lot.sku,
        c.product?.description ?? '',
        c.lot.lot,
        c.lot.supplier,
        c.lot.supplierLot,
        c.lot.expiry === null ? null : isoDateToSerial(c.lot.expiry),
        qtyToNumber(c.qty),
        c.product?.unit ?? '',
        c.movement.id,
      ]),
    },
    footer: [
      ['Performed by / date', `${run.user} / ${run.date}`],
      ['Reviewed by / date', ''],
      ['Approved by / date', ''],
    ],
  };
}

export type ProduceOutcome = RunRefusal | (RunPlan & { readonly written: { readonly runs: number; readonly movements: number; readonly sheet: string | null } });

/** The batch record sheet of a run, by the id and table name it is written with. */
export function batchRecordRef(runId: string): ReportRef {
  return { id: `${runId}-BPR`, table: 'BPR' };
}

/** Saves a run: fresh read, plan, one write. A refusal writes nothing. */
export async function produce(workbook: WorkbookPort, input: RunInput, ctx: RunContext): Promise<ProduceOutcome> {
  return workbook.transact(async (tx) => {
    const tables = await tx.read(RUN_TABLES, { columns: RUN_COLUMNS, ahead: { sheets: [batchRecordRef(ctx.ids.run)] } });
    const plan = planRun(input, tables, ctx);
    if (!plan.ok) return plan;
    const report = await tx.write(plan.batch);
    return { ...plan, written: { runs: report.appended.Runs ?? 0, movements: report.appended.Movements ?? 0, sheet: report.sheets[0] ?? null } };
  });
}

/** Reads what planRun needs, for the pane's live checks (produce() reads again before it writes). */
export async function readRunTables(workbook: WorkbookPort): Promise<RunTables> {
  return workbook.transact((tx) => tx.read(RUN_TABLES, { columns: RUN_COLUMNS }));
}

/** Days of shelf life an input has left on the run date (negative: expired), for the pane. */
export function daysLeft(expiry: IsoDate | null, date: IsoDate): number | null {
  return expiry === null ? null : daysBetween(date, expiry);
}
