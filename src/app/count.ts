/**
 * Cycle counts by lot (issue 9): write a count sheet, take counts, review the variances, post them.
 *
 * Where a count lives, so that it can be paused and resumed without the add-in's memory:
 * - Settings `count:<id>` is `open` until the count is posted (`posted`).
 * - The count sheet (report table `Count_<id>`) lists the lots expected, one row per lot and location, with a blank
 *   Counted column a person may fill in Excel. Blind counts leave the Expected column out altogether.
 * - Counts entered in the pane are Log rows (action `count-entry`, table `Count <id>`, key `SKU / lot`, from =
 *   location, to = the counted quantity): the adapter cannot rewrite a report table once written, and Log rows are
 *   append-only, carry who and when, and make a recount visible. For one lot and location the LAST pane entry wins
 *   (a recount corrects a miscount; summing would double a lot scanned twice), and a pane entry wins over the
 *   sheet's Counted cell (the entry is timestamped, the cell is not); the review shows both when they differ.
 *
 * Expected quantities are the ledger's on hand at the location when the variances are computed (not when the
 * sheet was written): movements booked while counting are then not mistaken for variances.
 */
import { lotKey } from '../domain/codec';
import type { TableProblem } from '../domain/codec';
import { addDays, isoDate, isoDateToSerial, nowIsoDateTime, serialToIsoDate } from '../domain/dates';
import { extendCost, formatMoney, moneyFromNumber, moneyToNumber, qtyFromNumber, qtyToNumber, sumMoney } from '../domain/fixed';
import { onHandByLotLocation, refreshOnHand } from '../domain/ledger';
import type { IsoDate, IsoDateTime, LogEntry, Lot, LotKey, Money, Movement, Product, Qty, Setting } from '../domain/types';
import type { ReportSheet, ReportTable, Snapshot, WorkbookPort, WorkbookTx } from './ports';
import { rewind } from './own-effects';
import { fnv1a32 } from '../domain/hash';

export const COUNT_TABLE = 'Count';
/** The report table of a posted count's summary (its sheet has the count's id, like the count sheet). */
export const COUNT_SUMMARY_TABLE = 'CountSummary';
export const COUNT_SETTING_PREFIX = 'count:';
export const COUNT_ENTRY_ACTION = 'count-entry';

/** Why a counted quantity differs from the ledger. `expired-destroyed` posts a DESTROY, the others an ADJUST. */
export const COUNT_REASONS = ['damaged', 'expired-destroyed', 'miscount', 'found', 'sample'] as const;
export type CountReason = (typeof COUNT_REASONS)[number];

export type CountScope =
  | { readonly kind: 'location'; readonly location: string }
  | { readonly kind: 'skus'; readonly skus: readonly string[] }
  | { readonly kind: 'expiring'; readonly withinDays: number }
  | { readonly kind: 'sample'; readonly lots: number };

export type CountTables = Snapshot<'Products' | 'Lots' | 'Movements' | 'Settings' | 'Log'>;
const COUNT_TABLE_NAMES = ['Products', 'Lots', 'Movements', 'Settings', 'Log'] as const;

export type CountErrorCode =
  | 'table-problem'
  | 'bad-scope'
  | 'nothing-to-count'
  | 'stock-rows-bad'
  | 'count-not-found'
  | 'count-posted'
  | 'sheet-missing'
  | 'sheet-problem'
  | 'lot-not-found'
  | 'bad-quantity'
  | 'not-all-counted'
  | 'reason-missing'
  | 'reason-mismatch'
  | 'open-count-overlaps';

/** The form field a refusal is about, so that the pane shows it there: the count's scope, or the counted quantity. */
export type CountField = 'scope' | 'counted';

export interface CountRefusal {
  readonly ok: false;
  readonly code: CountErrorCode;
  readonly message: string;
  readonly field?: CountField;
  readonly problems?: readonly TableProblem[];
}

const refuse = (code: CountErrorCode, message: string, problems?: readonly TableProblem[]): CountRefusal => ({ ok: false, code, message, ...(problems ? { problems } : {}) });
const refuseField = (field: CountField, code: CountErrorCode, message: string): CountRefusal => ({ ok: false, code, message, field });

/** How the pane and the posting name one row of a count: a lot at a location. */
export function countLineKey(sku: string, lot: string, location: string): string {
  return `${sku}\u0000${lot}\u0000${location}`;
}

/** The Log's Table value for a count's pane entries. */
export function countLogTable(countId: string): string {
  return `Count ${countId}`;
}

function describe(problems: readonly TableProblem[]): string {
  return problems.slice(0, 3).map((p) => `${p.address}: ${p.message}`).join(' ') + (problems.length > 3 ? ` (and ${problems.length - 3} more)` : '');
}

function missingColumns(t: CountTables): TableProblem[] {
  return COUNT_TABLE_NAMES.flatMap((n) => t[n].problems.filter((p) => p.code === 'missing-column'));
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

// ------------------------------------------------------------------------------------------------ the sheet

export interface CountLine {
  readonly sku: string;
  readonly description: string;
  readonly decimals: number;
  readonly lot: string;
  readonly expiry: IsoDate | null;
  readonly location: string;
  /** Ledger on hand of the lot at the location. */
  readonly expected: Qty;
}

/** mulberry32: small, fast, and the same on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const cmp = (a: string, b: string) => (a === b ? 0 : a < b ? -1 : 1);
const walk = (a: CountLine, b: CountLine) => (a.location === '' ? 1 : 0) - (b.location === '' ? 1 : 0) || cmp(a.location, b.location) || cmp(a.sku, b.sku) || cmp(a.lot, b.lot);

/**
 * The lots a count covers, one line per lot and location with a non-zero ledger balance, in walking order
 * (location, SKU, lot). A sample draws `lots` distinct lots (all their locations) with a generator seeded by the
 * count id.
 */
export function countLines(t: Pick<CountTables, 'Products' | 'Lots' | 'Movements'>, scope: CountScope, today: IsoDate, countId: string): CountLine[] {
  const products = new Map<string, Product>(t.Products.rows.map((p) => [p.sku, p]));
  const byLocation = onHandByLotLocation(t.Movements.rows);
  const all: CountLine[] = [];
  for (const lot of t.Lots.rows) {
    const product = products.get(lot.sku);
    for (const [location, qty] of byLocation.get(lotKey(lot.sku, lot.lot)) ?? []) {
      if (qty === 0) continue;
      all.push({ sku: lot.sku, description: product?.description ?? '', decimals: product?.decimals ?? 3, lot: lot.lot, expiry: lot.expiry, location, expected: qty });
    }
  }
  all.sort(walk);
  switch (scope.kind) {
    case 'location':
      return all.filter((l) => same(l.location, scope.location));
    case 'skus': {
      const skus = scope.skus.map((s) => s.trim().toLowerCase());
      return all.filter((l) => skus.includes(l.sku.toLowerCase()));
    }
    case 'expiring': {
      const by = addDays(today, scope.withinDays);
      return all.filter((l) => l.expiry !== null && l.expiry <= by);
    }
    case 'sample': {
      const keys = [...new Set(all.map((l) => lotKey(l.sku, l.lot)))];
      const random = prng(fnv1a32(countId));
      // Fisher-Yates over the sorted keys: the draw depends only on the count id and the lots.
      for (let i = keys.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [keys[i], keys[j]] = [keys[j]!, keys[i]!];
      }
      const chosen = new Set<LotKey>(keys.slice(0, Math.max(0, scope.lots)));
      return all.filter((l) => chosen.has(lotKey(l.sku, l.lot)));
    }
  }
}

export function describeScope(scope: CountScope): string {
  switch (scope.kind) {
    case 'location':
      return `Location ${scope.location}`;
    case 'skus':
      return `Products ${scope.skus.join(', ')}`;
    case 'expiring':
      return `Lots expiring within ${scope.withinDays} days`;
    case 'sample':
      return `Random sample of ${scope.lots} lots`;
  }
}

function countColumns(blind: boolean): ReportSheet['table']['columns'] {
  return [
    { header: 'SKU', type: 'text' },
    { header: 'Description', type: 'text' },
    { header: 'Lot', type: 'text' },
    { header: 'Expiry', type: 'date' },
    { header: 'Location', type: 'text' },
    ...(blind ? [] : [{ header: 'Expected', type: 'qty' } as const]),
    { header: 'Counted', type: 'qty' },
  ];
}

export function countSheet(args: { readonly id: string; readonly scope: CountScope; readonly blind: boolean; readonly lines: readonly CountLine[]; readonly user: string; readonly today: IsoDate }): ReportSheet {
  const { id, scope, blind, lines } = args;
  return {
    id,
    name: `Count ${args.today}`,
    title: 'Cycle count',
    header: [
      ['Count', id],
      ['What', describeScope(scope)],
      ['Date', args.today],
      ['Prepared by', args.user],
      ['Blind count', blind ? 'yes' : 'no'],
      ['Write what you count in the Counted column (0 when the lot is not there); add rows for lots found that are not listed. Post it in Lotbook (Count).', ''],
    ],
    table: {
      name: COUNT_TABLE,
      columns: countColumns(blind),
      rows: lines.map((l) => [l.sku, l.description, l.lot, l.expiry ? isoDateToSerial(l.expiry) : null, l.location, ...(blind ? [] : [qtyToNumber(l.expected)]), null]),
    },
    footer: [
      ['Counted by', ''],
      ['Checked by', ''],
    ],
  };
}

export interface CountInput {
  readonly id: string;
  readonly scope: CountScope;
  readonly blind: boolean;
  readonly user: string;
  readonly today: IsoDate;
  /**
   * Write the sheet even though an open count already lists some of its lots (the person was warned). Without it,
   * such a sheet is refused with `open-count-overlaps`: two sheets for one shelf make two counts of one stock.
   */
  readonly despiteOpenCounts?: boolean;
}

export interface CountPlan {
  readonly ok: true;
  readonly id: string;
  readonly lines: readonly CountLine[];
  readonly sheet: ReportSheet;
}

export function planCount(t: CountTables, input: CountInput): CountPlan | CountRefusal {
  const missing = missingColumns(t);
  if (missing.length) return refuse('table-problem', `The workbook is missing columns Lotbook needs: ${describe(missing)} Set the workbook up in the Workbook pane.`, missing);
  const s = input.scope;
  if (s.kind === 'location' && s.location.trim() === '') return refuseField('scope', 'bad-scope', 'Enter the location to count.');
  if (s.kind === 'skus' && s.skus.every((x) => x.trim() === '')) return refuseField('scope', 'bad-scope', 'Choose at least one product to count.');
  if (s.kind === 'expiring' && (!Number.isInteger(s.withinDays) || s.withinDays < 0)) return refuseField('scope', 'bad-scope', 'Days until expiry must be a whole number, 0 or more.');
  if (s.kind === 'sample' && (!Number.isInteger(s.lots) || s.lots < 1)) return refuseField('scope', 'bad-scope', 'The sample needs at least 1 lot.');
  // A bad stock row would make an expected quantity wrong without anyone seeing it.
  const bad = [...t.Lots.problems, ...t.Movements.problems];
  if (bad.length) return refuse('stock-rows-bad', `Stock rows have problems, so what is expected cannot be known; fix them in Excel first: ${describe(bad)}`, bad);
  const lines = countLines(t, s, input.today, input.id);
  if (lines.length === 0) return refuseField('scope', 'nothing-to-count', `No lot with stock matches: ${describeScope(s)}. Check the spelling, or choose what to count another way.`);
  return { ok: true, id: input.id, lines, sheet: countSheet({ ...input, lines }) };
}

export type WriteCountOutcome = CountRefusal | (CountPlan & { readonly sheetName: string });

/** Open counts (other than `id`) whose sheets list any of these lines' lot and location: id and how many lines. */
export function overlappingCounts(lines: readonly Pick<CountLine, 'sku' | 'lot' | 'location'>[], open: ReadonlyArray<{ readonly id: string; readonly sheet: ParsedCountSheet }>): { id: string; lines: number }[] {
  const mine = new Set(lines.map((l) => countLineKey(l.sku, l.lot, l.location.trim().toLowerCase())));
  return open
    .map((o) => ({ id: o.id, lines: o.sheet.rows.filter((r) => mine.has(countLineKey(r.sku, r.lot, r.location.trim().toLowerCase()))).length }))
    .filter((o) => o.lines > 0);
}

/** Writes the count sheet and its `count:<id>` = open setting in one batch; `id` is made when the user starts (newId('CNT')). */
export async function writeCountSheet(workbook: WorkbookPort, input: CountInput): Promise<WriteCountOutcome> {
  return workbook.transact(async (tx) => {
    const t = await tx.read(COUNT_TABLE_NAMES);
    const plan = planCount(t, input);
    if (!plan.ok) return plan;
    if (!input.despiteOpenCounts) {
      const open: { id: string; sheet: ParsedCountSheet }[] = [];
      // One read per open count, in turn: there are few, and requests on one context must not interleave.
      for (const id of openCountIds(t.Settings.rows).filter((x) => x !== input.id)) {
        const table = await tx.readReport({ id, table: COUNT_TABLE });
        if (table) open.push({ id, sheet: parseCountSheet(table) });
      }
      const overlaps = overlappingCounts(plan.lines, open);
      if (overlaps.length) {
        const which = overlaps.map((o) => `${o.id} (${o.lines} ${o.lines === 1 ? 'lot' : 'lots'} of this sheet)`).join(', ');
        return refuse('open-count-overlaps', `An open count already lists these lots: ${which}. Finish and post it, or write a second sheet anyway (two sheets for one shelf are two counts of the same stock).`);
      }
    }
    const setting: Setting = { key: `${COUNT_SETTING_PREFIX}${input.id}`, value: 'open' };
    const report = await tx.write({ append: { Settings: [setting] }, sheets: [plan.sheet] });
    return { ...plan, sheetName: report.sheets[0] ?? plan.sheet.name };
  });
}

// ------------------------------------------------------------------------------------------------ reading back

export interface CountSheetRow {
  /** 0-based row of the table body. */
  readonly index: number;
  readonly sku: string;
  readonly lot: string;
  readonly location: string;
  readonly expiry: IsoDate | null;
  /** What the sheet said was expected; null on a blind count or a row a person added. */
  readonly expected: Qty | null;
  /** What the counter wrote; null when blank. */
  readonly counted: Qty | null;
}

export interface ParsedCountSheet {
  readonly sheet: string;
  readonly blind: boolean;
  readonly rows: readonly CountSheetRow[];
  /** Cells that cannot be read, in words. */
  readonly problems: readonly string[];
}

const REQUIRED = ['SKU', 'Lot', 'Location', 'Counted'] as const;

/** Reads a count sheet back by header (a person may move columns, and add rows for lots found). */
export function parseCountSheet(table: ReportTable): ParsedCountSheet {
  const idx = (h: string) => table.headers.findIndex((x) => x.trim().toLowerCase() === h.toLowerCase());
  const missing = REQUIRED.filter((h) => idx(h) < 0);
  if (missing.length) return { sheet: table.sheet, blind: idx('Expected') < 0, rows: [], problems: [`The count sheet ${table.sheet} has no column ${missing.join(', ')}.`] };
  const [cSku, cLot, cLoc, cCounted, cExpected, cExpiry] = [idx('SKU'), idx('Lot'), idx('Location'), idx('Counted'), idx('Expected'), idx('Expiry')];
  const problems: string[] = [];
  const rows: CountSheetRow[] = [];
  table.rows.forEach((r, i) => {
    if (r.every((v) => v === '' || v === null || v === undefined)) return;
    const text = (c: number) => String(r[c] ?? '').trim();
    const qty = (c: number, h: string): Qty | null | undefined => {
      if (c < 0) return null;
      const v = r[c];
      if (v === '' || v === null || v === undefined) return null;
      const n = typeof v === 'number' ? v : Number(String(v).trim());
      const q = Number.isFinite(n) && n >= 0 ? qtyFromNumber(n) : null;
      if (q === null) problems.push(`${h} in row ${i + 1} of the count sheet ${table.sheet} is "${String(v)}", not a quantity.`);
      return q ?? undefined;
    };
    const sku = text(cSku);
    const lot = text(cLot);
    if (sku === '' || lot === '') {
      problems.push(`Row ${i + 1} of the count sheet ${table.sheet} has no ${sku === '' ? 'SKU' : 'lot'}.`);
      return;
    }
    const counted = qty(cCounted, 'Counted');
    const expected = qty(cExpected, 'Expected');
    if (counted === undefined) return;
    const e = cExpiry >= 0 ? r[cExpiry] : '';
    const expiry = typeof e === 'number' ? serialToIsoDate(e) : isoDate(String(e ?? ''));
    rows.push({ index: i, sku, lot, location: text(cLoc), expiry, expected: expected ?? null, counted });
  });
  return { sheet: table.sheet, blind: cExpected < 0, rows, problems };
}

export interface CountEntry {
  readonly sku: string;
  readonly lot: string;
  readonly location: string;
  readonly counted: Qty;
  readonly when: IsoDateTime;
  readonly user: string;
}

/** The pane's entries of a count, in the order they were written (the Log's order, then time). */
export function countEntries(log: readonly LogEntry[], lots: readonly Pick<Lot, 'sku' | 'lot'>[], countId: string): CountEntry[] {
  const byName = new Map(lots.map((l) => [`${l.sku} / ${l.lot}`, l]));
  const out: { e: CountEntry; i: number }[] = [];
  log.forEach((l, i) => {
    if (l.action !== COUNT_ENTRY_ACTION || l.table !== countLogTable(countId)) return;
    const lot = byName.get(l.key);
    const n = Number(l.to.trim());
    const q = l.to.trim() !== '' && Number.isFinite(n) && n >= 0 ? qtyFromNumber(n) : null;
    if (!lot || q === null) return;
    out.push({ e: { sku: lot.sku, lot: lot.lot, location: l.from, counted: q, when: l.when, user: l.user }, i });
  });
  // A person sorting the Log must not change which recount is the last one.
  return out.sort((a, b) => cmp(a.e.when, b.e.when) || a.i - b.i).map((x) => x.e);
}

export interface RecordCountInput {
  readonly countId: string;
  readonly sku: string;
  readonly lot: string;
  readonly location: string;
  /** The quantity as typed, in the SKU's unit. */
  readonly counted: string;
  /** Made when the entry starts, so a retried save logs it once. */
  readonly entryId: string;
  readonly user: string;
  readonly now?: IsoDateTime;
}

export type RecordCountOutcome = CountRefusal | { readonly ok: true; readonly entry: CountEntry; readonly alreadySaved: boolean };

/** Keeps one counted quantity from the pane, as a Log row (see the top of this file). */
export async function recordCount(workbook: WorkbookPort, input: RecordCountInput): Promise<RecordCountOutcome> {
  return workbook.transact(async (tx) => {
    // Of Log, only whether this entry is in already, and when it was made.
    const t = await tx.read(['Products', 'Lots', 'Settings', 'Log'], { columns: { Log: ['when'] } });
    const state = countState(t.Settings.rows, input.countId);
    if (state === null) return refuse('count-not-found', `Count ${input.countId} is not in Settings; write its count sheet first.`);
    if (state === 'posted') return refuse('count-posted', `Count ${input.countId} is posted; start a new count to count again.`);
    const key = lotKey(input.sku, input.lot);
    const name = `${input.sku} / ${input.lot}`;
    if (t.Lots.badKeys.has(key)) return refuse('stock-rows-bad', `The Lots row of ${name} has problems; fix it in Excel first.`, t.Lots.problems.filter((p) => p.lotKey === key));
    const lot = t.Lots.rows.find((l) => l.sku === input.sku && l.lot === input.lot);
    if (!lot) return refuse('lot-not-found', `Lot ${name} is not in Lots. A lot that was never received cannot be counted into stock: receive it first.`);
    const product = t.Products.rows.find((p) => p.sku === input.sku);
    const n = Number(input.counted.trim());
    const q = input.counted.trim() !== '' && Number.isFinite(n) && n >= 0 ? qtyFromNumber(n) : null;
    const decimals = product?.decimals ?? 3;
    if (q === null || q % 10 ** (3 - decimals) !== 0) {
      const typed = input.counted.trim() === '' ? 'Nothing typed' : `"${input.counted.trim()}"`;
      return refuseField('counted', 'bad-quantity', `${typed} is not a quantity of ${input.sku}: type 0 or more${decimals === 0 ? ', in whole units' : `, with at most ${decimals} decimals`}.`);
    }
    const when = input.now ?? nowIsoDateTime();
    const existing = t.Log.rows.find((l) => l.id === input.entryId);
    const entry: CountEntry = { sku: lot.sku, lot: lot.lot, location: input.location.trim(), counted: q, when: existing?.when ?? when, user: input.user };
    if (existing) return { ok: true, entry, alreadySaved: true };
    const log: LogEntry = { id: input.entryId, when, user: input.user, action: COUNT_ENTRY_ACTION, table: countLogTable(input.countId), key: name, from: entry.location, to: String(qtyToNumber(q)), why: 'counted in Lotbook' };
    await tx.write({ append: { Log: [log] } });
    return { ok: true, entry, alreadySaved: false };
  });
}

/** `open`, `posted`, or null when the count is unknown. */
export function countState(settings: readonly Setting[], countId: string): 'open' | 'posted' | null {
  const s = settings.find((x) => x.key === `${COUNT_SETTING_PREFIX}${countId}`);
  if (!s) return null;
  return s.value.trim().toLowerCase() === 'posted' ? 'posted' : 'open';
}

/** Ids of counts whose Settings row says `open`, newest first (ids carry the date). */
export function openCountIds(settings: readonly Setting[]): string[] {
  return settings
    .filter((s) => s.key.startsWith(COUNT_SETTING_PREFIX) && s.value.trim().toLowerCase() === 'open')
    .map((s) => s.key.slice(COUNT_SETTING_PREFIX.length))
    .sort((a, b) => cmp(b, a));
}

// ------------------------------------------------------------------------------------------------ variances

export interface VarianceLine {
  readonly key: string;
  readonly sku: string;
  readonly description: string;
  readonly decimals: number;
  readonly lot: string;
  readonly location: string;
  /** Ledger on hand at the location now. */
  readonly expected: Qty;
  /** null until counted. */
  readonly counted: Qty | null;
  readonly source: 'sheet' | 'pane' | null;
  /** The sheet's Counted cell when a pane entry overrides a different value there. */
  readonly sheetCounted: Qty | null;
  /** false for a lot found that the count sheet did not list. */
  readonly listed: boolean;
  /** counted - expected; null until counted. */
  readonly difference: Qty | null;
  readonly unitCost: Money | null;
  /** difference x unit cost (fixed.ts extendCost: half to even, to the ten-thousandth); null without a cost. */
  readonly value: Money | null;
}

/**
 * Pure: the sheet's rows and the pane's entries against the ledger. Listed rows keep the sheet's order; lots found
 * that were not listed follow, in the order they were first counted.
 */
export function variances(args: { readonly sheet: ParsedCountSheet; readonly entries: readonly CountEntry[]; readonly lots: readonly Lot[]; readonly products: readonly Product[]; readonly movements: readonly Movement[] }): VarianceLine[] {
  const lots = new Map(args.lots.map((l) => [lotKey(l.sku, l.lot), l]));
  const products = new Map(args.products.map((p) => [p.sku, p]));
  const ledger = onHandByLotLocation(args.movements);
  const order: string[] = [];
  const rows = new Map<string, { sku: string; lot: string; location: string; listed: boolean; sheet: Qty | null; pane: Qty | null }>();
  const touch = (sku: string, lot: string, location: string, listed: boolean) => {
    const k = countLineKey(sku, lot, location);
    let r = rows.get(k);
    if (!r) {
      r = { sku, lot, location, listed, sheet: null, pane: null };
      rows.set(k, r);
      order.push(k);
    }
    return r;
  };
  for (const s of args.sheet.rows) {
    // A row a person added in Excel (no Expected on a sheet that shows it) is a lot found, like one entered in the
    // pane. A blind sheet has no Expected to tell them apart, so its rows all count as listed.
    const listed = args.sheet.blind || s.expected !== null;
    const r = touch(s.sku, s.lot, s.location, listed);
    if (s.counted !== null) r.sheet = s.counted;
  }
  for (const e of args.entries) touch(e.sku, e.lot, e.location, false).pane = e.counted;
  return order.map((k) => {
    const r = rows.get(k)!;
    const lot = lots.get(lotKey(r.sku, r.lot));
    const product = products.get(r.sku);
    const expected = (ledger.get(lotKey(r.sku, r.lot))?.get(r.location) ?? 0) as Qty;
    const counted = r.pane ?? r.sheet;
    const difference = counted === null ? null : ((counted - expected) as Qty);
    const unitCost = lot?.unitCost ?? null;
    return {
      key: k,
      sku: r.sku,
      description: product?.description ?? '',
      decimals: product?.decimals ?? 3,
      lot: r.lot,
      location: r.location,
      expected,
      counted,
      source: r.pane !== null ? 'pane' : r.sheet !== null ? 'sheet' : null,
      sheetCounted: r.pane !== null && r.sheet !== null && r.sheet !== r.pane ? r.sheet : null,
      listed: r.listed,
      difference,
      unitCost,
      value: difference === null || unitCost === null ? null : extendCost(difference, unitCost),
    };
  });
}

export interface CountSummary {
  /** Lines with a count. */
  readonly counted: number;
  /** Lines counted equal to the ledger. */
  readonly right: number;
  /** Share of counted lines counted right, in percent, floored to 0.01 (100 means every one); null when none counted. */
  readonly accuracyPercent: number | null;
  /** Sum of the valued differences. */
  readonly netValue: Money;
  /** Lines with a difference but no unit cost: not in netValue. */
  readonly unvalued: number;
  readonly uncounted: number;
  readonly found: number;
  /** Net value by reason, for lines with a reason chosen. */
  readonly byReason: ReadonlyArray<{ readonly reason: CountReason; readonly lines: number; readonly value: Money }>;
}

export function countSummary(lines: readonly VarianceLine[], reasons: Readonly<Record<string, CountReason | undefined>> = {}): CountSummary {
  const counted = lines.filter((l) => l.counted !== null);
  const right = counted.filter((l) => l.difference === 0).length;
  const off = counted.filter((l) => l.difference !== 0);
  const byReason = COUNT_REASONS.map((reason) => {
    const mine = off.filter((l) => reasons[l.key] === reason);
    return { reason, lines: mine.length, value: sumMoney(mine.flatMap((l) => (l.value === null ? [] : [l.value]))) };
  }).filter((r) => r.lines > 0);
  return {
    counted: counted.length,
    right,
    accuracyPercent: counted.length === 0 ? null : Math.floor((10000 * right) / counted.length) / 100,
    netValue: sumMoney(off.flatMap((l) => (l.value === null ? [] : [l.value]))),
    unvalued: off.filter((l) => l.value === null).length,
    uncounted: lines.length - counted.length,
    found: lines.filter((l) => !l.listed).length,
    byReason,
  };
}

/** Whether a reason fits the direction of a difference: stock found cannot be damaged, stock lost cannot be found. */
export function reasonFits(reason: CountReason, difference: number): boolean {
  if (reason === 'found') return difference > 0;
  if (reason === 'miscount') return true;
  return difference < 0;
}

/** The reasons to offer for a difference. */
export function reasonsFor(difference: number): CountReason[] {
  return COUNT_REASONS.filter((r) => reasonFits(r, difference));
}

/** What posting would write, to ask before posting: one line per lot and location with a difference. */
export interface CountPostPreview {
  readonly countId: string;
  readonly lines: ReadonlyArray<{ readonly sku: string; readonly lot: string; readonly location: string; readonly decimals: number; readonly difference: Qty; readonly reason: CountReason | null; readonly value: Money | null }>;
  readonly netValue: Money;
}

/** Pure, over the review the pane shows; postCount decides again on a fresh read. */
export function previewPost(countId: string, lines: readonly VarianceLine[], reasons: Readonly<Record<string, CountReason | undefined>>): CountPostPreview {
  const off = lines.filter((l) => l.difference !== null && l.difference !== 0);
  return {
    countId,
    lines: off.map((l) => ({ sku: l.sku, lot: l.lot, location: l.location, decimals: l.decimals, difference: l.difference!, reason: reasons[l.key] ?? null, value: l.value })),
    netValue: countSummary(lines, reasons).netValue,
  };
}

/** Movement id of a count's correction of one lot at one location: the same on every retry. */
export function countMovementId(countId: string, sku: string, lot: string, location: string): string {
  return `${countId}/${sku}/${lot}${location ? `/${location}` : ''}`;
}

// ------------------------------------------------------------------------------------------------ posted summary

const SUMMARY_COLUMNS: ReportSheet['table']['columns'] = [
  { header: 'SKU', type: 'text' },
  { header: 'Lot', type: 'text' },
  { header: 'Location', type: 'text' },
  { header: 'Listed', type: 'text' },
  { header: 'Expected', type: 'qty' },
  { header: 'Counted', type: 'qty' },
  { header: 'Difference', type: 'qty' },
  { header: 'Unit Cost', type: 'money' },
  { header: 'Value', type: 'money' },
  { header: 'Reason', type: 'text' },
  { header: 'Movement', type: 'text' },
];

/** What the pane and the summary sheet say about a posted count, in words. */
export function describeCountSummary(s: CountSummary): string {
  const lots = `${s.counted} ${s.counted === 1 ? 'lot' : 'lots'} counted, ${s.right} right`;
  const accuracy = s.accuracyPercent === null ? '' : ` (accuracy ${s.accuracyPercent}%)`;
  const unvalued = s.unvalued ? ` (${s.unvalued} without unit cost, not valued)` : '';
  return `${lots}${accuracy}; net value of variances ${formatMoney(s.netValue)}${unvalued}.`;
}

/**
 * The record of a posted count, written in the posting batch: every line with what was expected and counted, the
 * difference, its value, the reason and the movement posted; accuracy and net value below. Pure.
 */
export function countSummarySheet(args: { readonly countId: string; readonly lines: readonly VarianceLine[]; readonly reasons: Readonly<Record<string, CountReason | undefined>>; readonly user: string; readonly today: IsoDate }): ReportSheet {
  const summary = countSummary(args.lines, args.reasons);
  return {
    id: args.countId,
    name: `Count summary ${args.today}`,
    title: 'Cycle count summary',
    header: [
      ['Count', args.countId],
      ['Posted', args.today],
      ['Posted by', args.user],
    ],
    table: {
      name: COUNT_SUMMARY_TABLE,
      columns: SUMMARY_COLUMNS,
      rows: args.lines.map((l) => {
        const off = l.difference !== null && l.difference !== 0;
        return [
          l.sku,
          l.lot,
          l.location,
          l.listed ? 'yes' : 'found',
          qtyToNumber(l.expected),
          l.counted === null ? null : qtyToNumber(l.counted),
          l.difference === null ? null : qtyToNumber(l.difference),
          l.unitCost === null ? null : moneyToNumber(l.unitCost),
          l.value === null ? null : moneyToNumber(l.value),
          off ? (args.reasons[l.key] ?? '') : '',
          off ? countMovementId(args.countId, l.sku, l.lot, l.location) : '',
        ];
      }),
    },
    footer: [
      ['Lots counted', summary.counted],
      ['Counted right', summary.right],
      ['Accuracy', summary.accuracyPercent === null ? '-' : `${summary.accuracyPercent}%`],
      // A number, so that it can be summed and checked in Excel.
      ['Net value of variances', moneyToNumber(summary.netValue)],
      ...(summary.unvalued ? [['Lots without unit cost (not valued)', summary.unvalued] as const] : []),
      ...(summary.found ? [['Lots found, not listed', summary.found] as const] : []),
      ...summary.byReason.map((r) => [`Value, ${r.reason}`, `${formatMoney(r.value)} (${r.lines} ${r.lines === 1 ? 'lot' : 'lots'})`] as const),
    ],
  };
}

/**
 * The summary of a posted count read back from its summary table (as Excel holds it), so that it can be shown again
 * later: the ledger then agrees with the shelf and no longer shows what the count found. Null when it cannot be read.
 */
export function summaryFromSheet(table: ReportTable): CountSummary | null {
  const col = (h: string) => table.headers.indexOf(h);
  const c = { listed: col('Listed'), expected: col('Expected'), counted: col('Counted'), difference: col('Difference'), value: col('Value'), reason: col('Reason') };
  if (Object.values(c).some((i) => i < 0)) return null;
  const lines: VarianceLine[] = [];
  const reasons: Record<string, CountReason | undefined> = {};
  const qty = (v: unknown) => (typeof v === 'number' ? qtyFromNumber(v) : null);
  for (const [i, r] of table.rows.entries()) {
    if (r.every((v) => v === '' || v === null)) continue;
    const key = String(i);
    const reason = String(r[c.reason] ?? '');
    if ((COUNT_REASONS as readonly string[]).includes(reason)) reasons[key] = reason as CountReason;
    lines.push({
      key,
      sku: '',
      description: '',
      decimals: 3,
      lot: '',
      location: '',
      expected: qty(r[c.expected]) ?? (0 as Qty),
      counted: qty(r[c.counted]),
      source: null,
      sheetCounted: null,
      listed: r[c.listed] !== 'found',
      difference: qty(r[c.difference]),
      unitCost: null,
      value: typeof r[c.value] === 'number' ? moneyFromNumber(r[c.value] as number) : null,
    });
  }
  return countSummary(lines, reasons);
}

// ------------------------------------------------------------------------------------------------ use cases

export interface CountReview {
  readonly ok: true;
  readonly id: string;
  readonly state: 'open' | 'posted';
  readonly sheet: string;
  readonly blind: boolean;
  readonly lines: readonly VarianceLine[];
  readonly sheetProblems: readonly string[];
  /** For a posted count: what was posted, from its summary sheet (null if that sheet is gone or predates it). */
  readonly posted: CountSummary | null;
}

async function loadReview(tx: WorkbookTx, t: CountTables, countId: string): Promise<CountReview | CountRefusal> {
  const missing = missingColumns(t);
  if (missing.length) return refuse('table-problem', `The workbook is missing columns Lotbook needs: ${describe(missing)} Set the workbook up in the Workbook pane.`, missing);
  const state = countState(t.Settings.rows, countId);
  if (state === null) return refuse('count-not-found', `Count ${countId} is not in Settings.`);
  const table = await tx.readReport({ id: countId, table: COUNT_TABLE });
  if (!table) return refuse('sheet-missing', `The count sheet of ${countId} is gone (deleted or renamed table). Its pane entries are in the Log; write a new count.`);
  const sheet = parseCountSheet(table);
  const entries = countEntries(t.Log.rows, t.Lots.rows, countId);
  const summaryTable = state === 'posted' ? await tx.readReport({ id: countId, table: COUNT_SUMMARY_TABLE }) : null;
  return {
    ok: true,
    id: countId,
    state,
    sheet: sheet.sheet,
    blind: sheet.blind,
    lines: variances({ sheet, entries, lots: t.Lots.rows, products: t.Products.rows, movements: t.Movements.rows }),
    sheetProblems: sheet.problems,
    posted: summaryTable ? summaryFromSheet(summaryTable) : null,
  };
}

/** The count as it stands: sheet cells and pane entries against the ledger now. Read only. */
export async function reviewCount(workbook: WorkbookPort, countId: string): Promise<CountReview | CountRefusal> {
  return workbook.transact(async (tx) => loadReview(tx, await tx.read(COUNT_TABLE_NAMES), countId));
}

export interface CountView {
  readonly openCounts: readonly string[];
  readonly lots: ReadonlyArray<{ readonly sku: string; readonly lot: string; readonly location: string; readonly gtin: string; readonly description: string; readonly decimals: number; readonly unit: string }>;
  readonly locations: readonly string[];
  readonly skus: readonly string[];
}

/** What the pane offers: open counts, lots to pick from, locations and products. */
export async function loadCountView(workbook: WorkbookPort): Promise<CountView> {
  return workbook.transact(async (tx) => {
    const t = await tx.read(['Products', 'Lots', 'Settings']);
    const products = new Map(t.Products.rows.map((p) => [p.sku, p]));
    return {
      openCounts: openCountIds(t.Settings.rows),
      lots: t.Lots.rows.map((l) => {
        const p = products.get(l.sku);
        return { sku: l.sku, lot: l.lot, location: l.location, gtin: p?.gtin ?? '', description: p?.description ?? '', decimals: p?.decimals ?? 3, unit: p?.unit ?? '' };
      }),
      locations: [...new Set(t.Lots.rows.map((l) => l.location).filter((x) => x !== ''))].sort(cmp),
      skus: t.Products.rows.map((p) => p.sku),
    };
  });
}

export interface PostCountInput {
  readonly countId: string;
  /** Reason per line key (countLineKey) for every line with a difference. */
  readonly reasons: Readonly<Record<string, CountReason | undefined>>;
  readonly user: string;
  readonly today: IsoDate;
}

export type PostCountOutcome =
  | CountRefusal
  | { readonly ok: true; readonly alreadyPosted: boolean; readonly movements: readonly Movement[]; readonly summary: CountSummary; readonly written: number };

/**
 * Posts a count: one ADJUST (DESTROY for expired-destroyed) per lot and location with a difference, the count id
 * as Reference and the reason in Note; Lots' On Hand refreshed for those lots; the count marked posted; and a
 * Count summary sheet (countSummarySheet) as the record of what was found. One batch.
 * A count already posted answers with what it posted (its summary read back from that sheet) and writes nothing.
 */
export async function postCount(workbook: WorkbookPort, input: PostCountInput): Promise<PostCountOutcome> {
  return workbook.transact(async (tx) => {
    const read = await tx.read(COUNT_TABLE_NAMES);
    const alreadyPosted = countState(read.Settings.rows, input.countId) === 'posted';
    // Expected quantities come from the ledger without this count's own ADJUST and DESTROY rows, which a first
    // attempt (or an earlier post) may have written: posting again plans the same rows and completes them.
    const t = rewind(read, { isOwn: (id) => id.startsWith(`${input.countId}/`) });
    const review = await loadReview(tx, t, input.countId);
    if (!review.ok) return review;
    if (review.sheetProblems.length) return refuse('sheet-problem', `The count sheet has cells that cannot be read; fix them in Excel first: ${review.sheetProblems.slice(0, 3).join(' ')}`);
    const uncounted = review.lines.filter((l) => l.counted === null);
    if (uncounted.length) {
      return refuse('not-all-counted', `${uncounted.length} ${uncounted.length === 1 ? 'lot is' : 'lots are'} not counted yet (${uncounted.slice(0, 3).map((l) => `${l.sku} / ${l.lot}`).join(', ')}). Enter 0 for a lot that is not there.`);
    }
    const off = review.lines.filter((l) => l.difference !== 0);
    const noReason = off.filter((l) => !input.reasons[l.key]);
    if (noReason.length) return refuse('reason-missing', `Choose a reason for ${noReason.map((l) => `${l.sku} / ${l.lot}`).join(', ')}.`);
    const misfit = off.filter((l) => !reasonFits(input.reasons[l.key]!, l.difference!));
    if (misfit.length) return refuse('reason-mismatch', `The reason does not fit the difference for ${misfit.map((l) => `${l.sku} / ${l.lot} (${input.reasons[l.key]})`).join(', ')}: found stock is "found" or "miscount", missing stock is not "found".`);
    const keys = new Set(off.map((l) => lotKey(l.sku, l.lot)));
    const bad = [...t.Lots.problems, ...t.Movements.problems].filter((p) => p.lotKey !== undefined && keys.has(p.lotKey));
    if (bad.length) return refuse('stock-rows-bad', `Rows of the counted lots have problems; fix them in Excel first: ${describe(bad)}`, bad);

    const movements: Movement[] = off.map((l) => {
      const reason = input.reasons[l.key]!;
      return {
        id: countMovementId(input.countId, l.sku, l.lot, l.location),
        date: input.today,
        type: reason === 'expired-destroyed' ? 'DESTROY' : 'ADJUST',
        sku: l.sku,
        lot: l.lot,
        qty: l.difference!,
        location: l.location,
        ref: input.countId,
        unitCost: null,
        user: input.user,
        note: reason,
      };
    });
    const affected = t.Lots.rows.filter((l) => keys.has(lotKey(l.sku, l.lot)));
    const refreshed = refreshOnHand(affected, [...t.Movements.rows.filter((m) => keys.has(lotKey(m.sku, m.lot))), ...movements.filter((m) => !t.Movements.rows.some((x) => x.id === m.id))]);
    const setting: Setting = { key: `${COUNT_SETTING_PREFIX}${input.countId}`, value: 'posted' };
    const sheet = countSummarySheet({ countId: input.countId, lines: review.lines, reasons: input.reasons, user: input.user, today: input.today });
    const report = await tx.write({ append: { Movements: movements }, update: { Lots: refreshed.filter((l, i) => l !== affected[i]), Settings: [setting] }, sheets: [sheet] });
    return { ok: true, alreadyPosted, movements, summary: countSummary(review.lines, input.reasons), written: report.appended.Movements ?? 0 };
  });
}
