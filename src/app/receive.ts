/**
 * Receiving (issue 3): a supplier's lot arrives, is scanned or typed, and lands in Lots (new lots in quarantine
 * until QA releases them, unless Settings `receiptStatus` says released) with a RECEIVE movement in Movements.
 *
 * planReceipt is pure and holds every decision, so the pane can show warnings while the user types and the CSV
 * import can plan many rows against one read. receive() is the use case: one transact that reads fresh tables,
 * plans and writes one batch. Ids come from the caller (made when the user started the receipt), so a retried
 * save writes nothing twice.
 *
 * Form values arrive as text, as typed, scanned or read from a CSV file, and are turned into exact integers here:
 * a quantity with more decimals than the product allows is refused, never rounded.
 */
import { lotKey } from '../domain/codec';
import { findByKey, sameKey } from '../domain/keys';
import { MAX_CELL_CHARS, tooLongForCell } from '../domain/cell-text';
import type { TableProblem } from '../domain/codec';
import { addDays, daysBetween, isoDate, nowIsoDateTime } from '../domain/dates';
import { formatQty, parseScaled } from '../domain/fixed';
import { gs1CheckDigit, gtinCheckDigitOk, normalizeGtin, parseGs1, summarizeGs1 } from '../domain/gs1';
import type { Gs1ErrorCode, Gs1ParseOptions, Gs1Summary } from '../domain/gs1';
import { lotFormatFor, lotFormatMatches, rulesOf } from '../domain/rules';
import type { IsoDate, IsoDateTime, LogEntry, Lot, Money, Movement, Product, Qty } from '../domain/types';
import type { Snapshot, TableSnapshot, WorkbookPort, WriteBatch } from './ports';

/** One receipt as the form (or a CSV row) gives it: text, trimmed here. Blank optional fields are ''. */
export interface ReceiptInput {
  /** GTIN-8/12/13/14 from a scan or typed; the SKU is found through Products. */
  readonly gtin?: string;
  /** Used when there is no GTIN; when both are given they must name the same product. */
  readonly sku?: string;
  readonly lot: string;
  /** `YYYY-MM-DD`. */
  readonly expiry?: string;
  /** `YYYY-MM-DD`; the Lots column Manufactured. */
  readonly productionDate?: string;
  /** A decimal number in the product's unit, with '.' as the decimal point. */
  readonly quantity: string;
  readonly supplier?: string;
  readonly supplierLot?: string;
  readonly origin?: string;
  readonly location?: string;
  /** A decimal amount per unit of the product (up to 4 decimals). */
  readonly unitCost?: string;
  /** The PO; written to the movement's Reference. */
  readonly poRef?: string;
  readonly coaRef?: string;
  readonly note?: string;
  /** `YYYY-MM-DD`; default today (a CSV import of past receipts sets it). */
  readonly received?: string;
  /**
   * The user saw that this lot code was received before with another expiry and wants to receive into that
   * lot anyway (the lot keeps its recorded expiry; the difference goes to the Log).
   */
  readonly confirmExpiryMismatch?: boolean;
  /**
   * Why an expired lot is received anyway (for destruction, a customer return...). Without it an expired lot is
   * refused; with it the receipt is saved and the reason goes to the Log.
   */
  readonly expiredReason?: string;
}

export type ReceiptField = Exclude<keyof ReceiptInput, 'confirmExpiryMismatch' | 'expiredReason'>;


export interface ReceiptContext {
  readonly user: string;
  readonly today: IsoDate;
  /** For the Log entry of a confirmed expiry mismatch; default `${today}T00:00:00`. */
  readonly now?: IsoDateTime;
  /** Made when the user started the receipt (domain/ids.ts newId), so that saving twice writes once. */
  readonly ids: { readonly movement: string; readonly log: string };
}

/**
 * Settings holds the rules a receipt follows (domain/rules.ts: the status new lots start in, lot code formats);
 * without it the defaults apply (quarantine, no format).
 */
export type ReceiptTables = Snapshot<'Products' | 'Lots' | 'Movements'> & { readonly Settings?: TableSnapshot<'Settings'> };

/** The tables a receipt reads. */
export const RECEIPT_TABLES = ['Products', 'Lots', 'Movements', 'Settings'] as const;
/** What a receipt uses of Movements (the lot's stock, its sign checked, and whether this receipt is in): not every column. */
export const RECEIPT_COLUMNS = { Movements: ['type', 'sku', 'lot', 'qty'] } as const;

export type ReceiptErrorCode =
  | 'missing-product'
  | 'unknown-gtin'
  | 'unknown-sku'
  | 'ambiguous-gtin'
  | 'gtin-sku-mismatch'
  | 'missing-lot'
  | 'bad-lot'
  | 'missing-quantity'
  | 'bad-quantity'
  | 'quantity-not-positive'
  | 'too-many-decimals'
  | 'bad-date'
  | 'dates-out-of-order'
  | 'received-in-future'
  | 'bad-unit-cost'
  | 'table-problem'
  | 'product-row-bad'
  | 'lot-row-bad'
  | 'movement-row-bad'
  | 'lot-closed'
  | 'expiry-mismatch'
  | 'text-too-long'
  | 'expired';

export type ReceiptWarningCode =
  | 'expired'
  | 'short-shelf-life'
  | 'expiry-beyond-shelf-life'
  | 'expiry-derived'
  | 'missing-expiry'
  | 'production-in-future'
  | 'gtin-check-digit'
  | 'existing-lot'
  | 'expiry-mismatch-confirmed'
  | 'lot-has-date'
  | 'lot-format';

export interface ReceiptWarning {
  readonly code: ReceiptWarningCode;
  readonly message: string;
  readonly field?: ReceiptField;
}

export interface ReceiptRefusal {
  readonly ok: false;
  readonly code: ReceiptErrorCode;
  readonly message: string;
  readonly field?: ReceiptField;
  /** For 'expiry-mismatch': set `confirmExpiryMismatch` to receive anyway; for 'expired': give `expiredReason`. */
  readonly needsConfirmation?: boolean;
  /** For table problems: the bad cells, e.g. to select the first one. */
  readonly problems?: readonly TableProblem[];
}

export interface ReceiptPlan {
  readonly ok: true;
  readonly batch: WriteBatch;
  readonly warnings: readonly ReceiptWarning[];
  /** The lot as it is after the receipt (a new row, or the existing row with On Hand refreshed). */
  readonly lot: Lot;
  readonly movement: Movement;
  readonly product: Product;
  readonly newLot: boolean;
  /** The movement id is already in Movements: an earlier save went through, nothing new will be written. */
  readonly alreadySaved: boolean;
}

export type ReceiptResult = ReceiptPlan | ReceiptRefusal;

/** The action written to the Log when a user confirms receiving into a lot whose recorded expiry differs. */
export const EXPIRY_MISMATCH_ACTION = 'receive-expiry-mismatch';

/** The action written to the Log when a user receives an expired lot, with their reason. */
export const EXPIRED_RECEIPT_ACTION = 'receive-expired';

const refuse = (code: ReceiptErrorCode, message: string, field?: ReceiptField, extra: Partial<ReceiptRefusal> = {}): ReceiptRefusal => ({
  ok: false,
  code,
  message,
  ...(field ? { field } : {}),
  ...extra,
});

const text = (s: string | undefined): string => (s ?? '').trim();

function describeProblems(problems: readonly TableProblem[]): string {
  const shown = problems.slice(0, 3).map((p) => `${p.address}: ${p.message}`);
  return shown.join(' ') + (problems.length > 3 ? ` (and ${problems.length - 3} more)` : '');
}

/** The product a GTIN or SKU names; refusals name the field to fix. */
function findProduct(input: ReceiptInput, products: TableSnapshot<'Products'>, warnings: ReceiptWarning[]): Product | ReceiptRefusal {
  const gtinText = text(input.gtin);
  const skuText = text(input.sku);
  let byGtin: Product | undefined;
  if (gtinText !== '') {
    const g = normalizeGtin(gtinText);
    if (g === null) return refuse('unknown-gtin', `"${gtinText}" is not a GTIN: a GTIN has 8, 12, 13 or 14 digits.`, 'gtin');
    const checkOk = gtinCheckDigitOk(g);
    const matches = products.rows.filter((p) => normalizeGtin(p.gtin) === g);
    if (matches.length > 1) {
      return refuse('ambiguous-gtin', `GTIN ${g} belongs to several products (${matches.map((p) => p.sku).join(', ')}); give each product its own GTIN in Products.`, 'gtin');
    }
    byGtin = matches[0];
    if (!byGtin) {
      const why = checkOk ? '' : ` Its check digit is wrong (expected ${gs1CheckDigit(g.slice(0, -1))}): was it typed correctly?`;
      const bad = products.problems.length > 0 ? ' Some Products rows have problems and were left out: see the Workbook pane.' : '';
      return refuse('unknown-gtin', `No product in Products has GTIN ${g}.${why}${bad}`, 'gtin');
    }
    if (!checkOk) {
      warnings.push({ code: 'gtin-check-digit', field: 'gtin', message: `GTIN ${g} has a wrong check digit (expected ${gs1CheckDigit(g.slice(0, -1))}); it matches ${byGtin.sku} in Products, but check the GTIN there and on the label.` });
    }
  }
  if (skuText !== '') {
    const badKey = [...products.badKeys].find((k) => sameKey(k, skuText));
    if (badKey !== undefined) {
      const problems = products.problems.filter((p) => p.key === badKey);
      return refuse('product-row-bad', `The Products row of ${skuText} has problems, so Lotbook cannot receive it: ${describeProblems(problems)}`, 'sku', { problems });
    }
    const bySku = products.rows.find((p) => sameKey(p.sku, skuText));
    if (!bySku) return refuse('unknown-sku', `No product in Products has SKU ${skuText}.`, 'sku');
    if (byGtin && byGtin.sku !== bySku.sku) {
      return refuse('gtin-sku-mismatch', `GTIN ${normalizeGtin(gtinText)} is ${byGtin.sku} in Products, not ${bySku.sku}. Check which product this is.`, 'gtin');
    }
    return bySku;
  }
  if (byGtin) return byGtin;
  return refuse('missing-product', 'Scan the GTIN or enter the SKU of the product received.', 'gtin');
}

function dateField(input: ReceiptInput, field: 'expiry' | 'productionDate' | 'received', label: string): IsoDate | null | ReceiptRefusal {
  const s = text(input[field]);
  if (s === '') return null;
  const d = isoDate(s);
  return d ?? refuse('bad-date', `${label} "${s}" is not a date: use YYYY-MM-DD (e.g. 2027-06-30).`, field);
}

const isRefusal = (x: unknown): x is ReceiptRefusal => typeof x === 'object' && x !== null && (x as { ok?: unknown }).ok === false;

/**
 * Decides a receipt: the Lots row (new lots only) and the RECEIVE movement to write, and what the user should
 * know first. Pure: reads only its arguments.
 */
export function planReceipt(input: ReceiptInput, tables: ReceiptTables, ctx: ReceiptContext): ReceiptResult {
  const warnings: ReceiptWarning[] = [];

  // A missing column makes every row unreadable in ways the user cannot see from here.
  const missing = [...tables.Products.problems, ...tables.Lots.problems, ...tables.Movements.problems].filter((p) => p.code === 'missing-column');
  if (missing.length) {
    return refuse('table-problem', `The workbook is missing columns Lotbook needs: ${describeProblems(missing)} Open the Workbook pane and set the workbook up.`, undefined, { problems: missing });
  }

  const long = tooLongForCell(input as unknown as Record<string, unknown>);
  // The refusal names the field; the pane marks it and shows this beside it.
  if (long) return refuse('text-too-long', `This text is ${long.length.toLocaleString('en-US')} characters long; an Excel cell holds at most ${MAX_CELL_CHARS.toLocaleString('en-US')}. Shorten it.`, long.field as ReceiptField);

  const product = findProduct(input, tables.Products, warnings);
  if (isRefusal(product)) return product;

  const lotCode = text(input.lot);
  if (lotCode === '') return refuse('missing-lot', `Scan or type the lot code of the ${product.sku} received.`, 'lot');
  // A GS or tab inside a lot code is a scan gone wrong (a separator the scanner did not send as one).
  if (/[\x00-\x1f\x7f]/.test(lotCode)) return refuse('bad-lot', `The lot code contains a control character (such as GS): rescan the label, or type the lot code.`, 'lot');

  const qtyText = text(input.quantity);
  if (qtyText === '') return refuse('missing-quantity', `Enter the quantity received, in ${product.unit}.`, 'quantity');
  const parsedQty = parseScaled(qtyText, 3, Math.min(3, Math.max(0, product.decimals)));
  if (!parsedQty.ok) {
    if (parsedQty.why === 'decimals') {
      const allowed = product.decimals <= 0 ? 'whole numbers only' : `at most ${product.decimals} decimal${product.decimals === 1 ? '' : 's'}`;
      return refuse('too-many-decimals', `${product.sku} is counted in ${product.unit} with ${allowed}; ${qtyText} has more.`, 'quantity');
    }
    if (parsedQty.why === 'range') return refuse('bad-quantity', `${qtyText} is too large to count exactly: check for a typing slip (a missing decimal point, an extra digit).`, 'quantity');
    if (parsedQty.why === 'negative') return refuse('quantity-not-positive', `The quantity received must be more than 0, not ${qtyText}. A correction is an adjustment, not a receipt.`, 'quantity');
    return refuse('bad-quantity', `"${qtyText}" is not a quantity: type a number such as 12 or 12.5 (with a point).`, 'quantity');
  }
  if (parsedQty.value <= 0) return refuse('quantity-not-positive', `The quantity received must be more than 0.`, 'quantity');
  const qty = parsedQty.value as Qty;

  let expiry = dateField(input, 'expiry', 'Expiry');
  if (isRefusal(expiry)) return expiry;
  const manufactured = dateField(input, 'productionDate', 'Production date');
  if (isRefusal(manufactured)) return manufactured;
  const receivedOn = dateField(input, 'received', 'Received date');
  if (isRefusal(receivedOn)) return receivedOn;
  const received = receivedOn ?? ctx.today;
  if (received > ctx.today) return refuse('received-in-future', `The received date ${received} is after today (${ctx.today}).`, 'received');
  if (manufactured && expiry && manufactured > expiry) {
    return refuse('dates-out-of-order', `The production date ${manufactured} is after the expiry ${expiry}: one of them is wrong.`, 'productionDate');
  }

  let unitCost: Money | null = null;
  const costText = text(input.unitCost);
  if (costText !== '') {
    const c = parseScaled(costText, 4, 4);
    if (!c.ok) {
      const why = c.why === 'decimals' ? 'it has more than 4 decimals' : c.why === 'negative' ? 'a cost cannot be negative' : 'type a number such as 38.50 (with a point)';
      return refuse('bad-unit-cost', `Unit cost "${costText}" cannot be used: ${why}.`, 'unitCost');
    }
    unitCost = c.value as Money;
  }

  // Bad rows this receipt depends on: the lot's own row, and its movements (On Hand is summed from them).
  const key = lotKey(product.sku, lotCode);
  if (tables.Lots.badKeys.has(key)) {
    const problems = tables.Lots.problems.filter((p) => p.lotKey === key);
    return refuse('lot-row-bad', `The Lots row of ${product.sku} / ${lotCode} has problems; fix it in Excel first: ${describeProblems(problems)}`, 'lot', { problems });
  }
  const badMovements = tables.Movements.problems.filter((p) => p.lotKey === key);
  if (badMovements.length) {
    return refuse('movement-row-bad', `Movements of ${product.sku} / ${lotCode} have problems, so its stock cannot be counted; fix them in Excel first: ${describeProblems(badMovements)}`, 'lot', { problems: badMovements });
  }

  const alreadySaved = tables.Movements.rows.some((m) => m.id === ctx.ids.movement);
  const expiredReason = text(input.expiredReason);
  const swallowed = lotSwallowedDate(lotCode, ctx.today);
  if (swallowed) warnings.push({ code: 'lot-has-date', field: 'lot', message: swallowed.message });
  const rules = rulesOf(tables.Settings?.rows);
  // A lot code that does not look like this SKU's or supplier's codes is usually a mis-scan (the wrong barcode, a
  // swallowed separator) or a typing slip. It warns rather than refuses: a supplier may change its format without
  // notice, and the dock must not stand still until someone edits Settings.
  const format = lotFormatFor(rules, product.sku, text(input.supplier));
  if (format && !lotFormatMatches(format.pattern, lotCode)) {
    const whose = format.scope === 'sku' ? format.name : `supplier ${format.name}`;
    warnings.push({ code: 'lot-format', field: 'lot', message: `Lot ${lotCode} does not match the lot code format of ${whose} (${format.pattern}, Settings ${format.key}): check the label and the scan.` });
  }
  // One key identity (domain/keys.ts): a lot typed in other capitals or with outer spaces is the lot on file, and
  // the receipt goes to it under its recorded code, so that a movement never names a lot that Lots does not have.
  const existing = findByKey(tables.Lots.rows, (l) => [l.sku, l.lot], [product.sku, lotCode]);
  if (existing && existing.lot !== lotCode) {
    warnings.push({ code: 'existing-lot', field: 'lot', message: `Lot ${lotCode} is lot ${existing.lot} on file (same code, other capitals or spaces): received into ${existing.lot}.` });
  }
  const code = existing?.lot ?? lotCode;
  const name = `${product.sku} / ${code}`;

  if (existing && !alreadySaved) {
    if (existing.status === 'rejected' || existing.status === 'recalled') {
      return refuse('lot-closed', `Lot ${name} is ${existing.status}; stock cannot be received into it. If this is new stock, give it its own lot code.`, 'lot');
    }
    if (expiry !== null && existing.expiry !== null && expiry !== existing.expiry) {
      if (!input.confirmExpiryMismatch) {
        return refuse(
          'expiry-mismatch',
          `Lot ${name} was received before with expiry ${existing.expiry}; this label says ${expiry}. Check the label. Receiving anyway keeps ${existing.expiry} on the lot and notes the difference in the Log.`,
          'expiry',
          { needsConfirmation: true },
        );
      }
      warnings.push({ code: 'expiry-mismatch-confirmed', field: 'expiry', message: `Lot ${name} keeps its recorded expiry ${existing.expiry}; the label's ${expiry} is noted in the Log.` });
    }
    warnings.push({ code: 'existing-lot', field: 'lot', message: `Lot ${name} is already in Lots (${existing.status}); this receipt adds to it and does not change its status or details.` });
  }

  // Dates are judged on the expiry the lot will carry.
  if (existing && existing.expiry !== null) expiry = existing.expiry;
  if (expiry === null && manufactured !== null && product.shelfLifeDays !== null && product.shelfLifeDays > 0 && !existing) {
    expiry = addDays(manufactured, product.shelfLifeDays);
    warnings.push({ code: 'expiry-derived', field: 'expiry', message: `No expiry given: ${expiry} is the production date plus ${product.sku}'s shelf life of ${product.shelfLifeDays} days.` });
  }
  if (expiry === null) {
    if (product.shelfLifeDays !== null && !existing) warnings.push({ code: 'missing-expiry', field: 'expiry', message: `${product.sku} has a shelf life, but this lot has no expiry date: FEFO picking and expiry checks will skip it.` });
  } else {
    const left = daysBetween(ctx.today, expiry);
    if (left < 0) {
      const ago = `${-left} day${left === -1 ? '' : 's'} ago`;
      if (expiredReason === '') {
        return refuse('expired', `This lot expired on ${expiry}, ${ago}. To receive it anyway, say why (the reason goes to the Log); otherwise do not receive it.`, 'expiry', { needsConfirmation: true });
      }
      warnings.push({ code: 'expired', field: 'expiry', message: `This lot expired on ${expiry}, ${ago}. Received anyway because: ${expiredReason} (noted in the Log).` });
    } else if (product.minShipLifeDays !== null && left < product.minShipLifeDays) {
      warnings.push({ code: 'short-shelf-life', field: 'expiry', message: `Only ${left} days of shelf life left (expiry ${expiry}); ${product.sku} needs at least ${product.minShipLifeDays} to ship.` });
    }
    if (product.shelfLifeDays !== null && product.shelfLifeDays > 0) {
      const from = manufactured ?? received;
      if (daysBetween(from, expiry) > product.shelfLifeDays) {
        const basis = manufactured ? `the production date ${manufactured}` : `today`;
        warnings.push({ code: 'expiry-beyond-shelf-life', field: 'expiry', message: `Expiry ${expiry} is more than ${product.sku}'s shelf life of ${product.shelfLifeDays} days after ${basis}: check the date.` });
      }
    }
  }
  if (manufactured !== null && manufactured > ctx.today) {
    warnings.push({ code: 'production-in-future', field: 'productionDate', message: `The production date ${manufactured} is after today.` });
  }

  const location = text(input.location);
  const movement: Movement = {
    id: ctx.ids.movement,
    date: received,
    type: 'RECEIVE',
    sku: product.sku,
    lot: code,
    qty,
    location,
    ref: text(input.poRef),
    unitCost,
    user: ctx.user,
    note: text(input.note),
  };
  // On Hand is the ledger's sum; the movement is counted once even when an earlier save already wrote it.
  const ledger = tables.Movements.rows.reduce((sum, m) => (m.sku === product.sku && sameKey(m.lot, code) && m.id !== movement.id ? sum + m.qty : sum), 0);
  const onHand = (ledger + qty) as Qty;

  const when = ctx.now ?? (`${ctx.today}T00:00:00` as IsoDateTime);
  const logs: LogEntry[] = [];
  if (expiry !== null && expiry < ctx.today && expiredReason !== '') {
    logs.push({
      id: `${ctx.ids.log}-X`,
      when,
      user: ctx.user,
      action: EXPIRED_RECEIPT_ACTION,
      table: 'Lots',
      key: name,
      from: '',
      to: expiry,
      why: `${expiredReason} (received ${formatQty(qty, product.decimals)} ${product.unit} expired on ${expiry}, movement ${movement.id}).`,
    });
  }

  if (existing) {
    const lot: Lot = existing.onHand === onHand ? existing : { ...existing, onHand };
    const append: { Movements: Movement[]; Log?: LogEntry[] } = { Movements: [movement], ...(logs.length ? { Log: logs } : {}) };
    if (!alreadySaved && input.confirmExpiryMismatch && expiry !== null && text(input.expiry) !== '' && text(input.expiry) !== existing.expiry) {
      append.Log = [
        ...logs,
        {
          id: ctx.ids.log,
          when,
          user: ctx.user,
          action: EXPIRY_MISMATCH_ACTION,
          table: 'Lots',
          key: name,
          from: existing.expiry ?? '',
          to: text(input.expiry),
          why: `Received ${formatQty(qty, product.decimals)} ${product.unit} (movement ${movement.id}) with a label expiry that differs from the lot's; confirmed by the user.`,
        },
      ];
    }
    const batch: WriteBatch = lot === existing ? { append } : { append, update: { Lots: [lot] } };
    return { ok: true, batch, warnings, lot, movement, product, newLot: false, alreadySaved };
  }

  const lot: Lot = {
    sku: product.sku,
    lot: code,
    supplier: text(input.supplier),
    supplierLot: text(input.supplierLot),
    origin: text(input.origin),
    manufactured,
    expiry,
    received,
    status: rules.receiptStatus,
    unitCost,
    location,
    coaRef: text(input.coaRef),
    onHand,
  };
  return { ok: true, batch: { append: { Lots: [lot], Movements: [movement], ...(logs.length ? { Log: logs } : {}) } }, warnings, lot, movement, product, newLot: true, alreadySaved };
}

/**
 * The tables as they are after a planned receipt, for planning the next one against the same read (the CSV
 * import plans every row before writing one batch).
 */
export function withReceipt(tables: ReceiptTables, plan: ReceiptPlan): ReceiptTables {
  const lots = tables.Lots.rows.some((l) => l.sku === plan.lot.sku && l.lot === plan.lot.lot)
    ? tables.Lots.rows.map((l) => (l.sku === plan.lot.sku && l.lot === plan.lot.lot ? plan.lot : l))
    : [...tables.Lots.rows, plan.lot];
  const movements = tables.Movements.rows.some((m) => m.id === plan.movement.id) ? tables.Movements.rows : [...tables.Movements.rows, plan.movement];
  return { ...tables, Lots: { ...tables.Lots, rows: lots }, Movements: { ...tables.Movements, rows: movements } };
}

/**
 * Reads everything planReceipt needs in one transaction (receive() reads again before it writes). The Receive pane
 * reads in two stages instead (readReceiptFormTables, then readReceiptStock), so that its form is usable before the
 * ledger arrives.
 */
export async function readReceiptTables(workbook: WorkbookPort): Promise<ReceiptTables> {
  return workbook.transact((tx) => tx.read(RECEIPT_TABLES, { columns: RECEIPT_COLUMNS }));
}

/**
 * What the Receive form needs to be usable (scan, pick a product, type a lot, the rules in Settings): everything a
 * receipt reads but Movements, which is by far the biggest table (a million rows on a brand with years of history).
 */
export const RECEIPT_FORM_TABLES = ['Products', 'Lots', 'Settings'] as const;

export type ReceiptFormTables = Omit<ReceiptTables, 'Movements'>;

/** The pane's first stage: the form's tables, without Movements. */
export async function readReceiptFormTables(workbook: WorkbookPort): Promise<ReceiptFormTables> {
  return workbook.transact((tx) => tx.read(RECEIPT_FORM_TABLES));
}

/**
 * The pane's second stage, started as soon as the form is shown: the ledger, for what depends on stock. It is its
 * own transaction, so it may see a workbook a little newer than the form's tables; that is fine for a preview,
 * since receive() reads everything again before it writes.
 */
export async function readReceiptStock(workbook: WorkbookPort): Promise<TableSnapshot<'Movements'>> {
  return workbook.transact(async (tx) => (await tx.read(['Movements'], { columns: RECEIPT_COLUMNS })).Movements);
}

/** What the Receive pane shows about a receipt as it is typed, before Save. */
export interface ReceiptPreview {
  /** Movements is still being read: what depends on it is held back, never guessed from an empty ledger. */
  readonly stockPending: boolean;
  /** planReceipt's refusal; while stock is pending, only a refusal that Movements cannot change. */
  readonly refusal: ReceiptRefusal | null;
  /** planReceipt's warnings; while stock is pending, only those that Movements cannot change. */
  readonly warnings: readonly ReceiptWarning[];
  /** The plan, with the lot's On Hand from the ledger: only once Movements is read (null while pending or refused). */
  readonly plan: ReceiptPlan | null;
}

/**
 * planReceipt for the pane, with or without Movements (null: still being read). Movements reaches a plan in three
 * ways only: its bad rows and missing columns (refusals), the ledger (the lot's On Hand), and whether this receipt's
 * movement id is in it already (alreadySaved, which decides whether a closed lot, an expiry mismatch and "already in
 * Lots" are said). Without Movements the receipt is planned twice, as if its movement were not in the ledger and as
 * if it were; only what both plans say is shown, and no plan (so no On Hand) is given.
 */
export function previewReceipt(input: ReceiptInput, form: ReceiptFormTables, movements: TableSnapshot<'Movements'> | null, ctx: ReceiptContext): ReceiptPreview {
  if (movements) {
    const result = planReceipt(input, { ...form, Movements: movements }, ctx);
    return result.ok ? { stockPending: false, refusal: null, warnings: result.warnings, plan: result } : { stockPending: false, refusal: result, warnings: [], plan: null };
  }
  const ledger = (rows: readonly Movement[]): TableSnapshot<'Movements'> => ({
    name: 'Movements',
    rows,
    rowNumbers: rows.map((_, i) => i + 2),
    problems: [],
    badKeys: new Set(),
    origin: { sheet: 'Movements', headerRow: 1, firstColumn: 0 },
    headers: [],
  });
  // A stand-in for this receipt's own movement: planReceipt only looks at its id (the ledger skips it).
  const own: Movement = { id: ctx.ids.movement, date: ctx.today, type: 'RECEIVE', sku: '', lot: '', qty: 0 as Qty, location: '', ref: '', unitCost: null, user: ctx.user, note: '' };
  const unsaved = planReceipt(input, { ...form, Movements: ledger([]) }, ctx);
  const saved = planReceipt(input, { ...form, Movements: ledger([own]) }, ctx);
  const refusal = !unsaved.ok && !saved.ok && unsaved.code === saved.code && unsaved.message === saved.message ? unsaved : null;
  const warnings = unsaved.ok && saved.ok ? unsaved.warnings.filter((w) => saved.warnings.some((v) => v.code === w.code && v.message === w.message)) : [];
  return { stockPending: true, refusal, warnings, plan: null };
}

export type ReceiveOutcome = ReceiptRefusal | (ReceiptPlan & { readonly written: { readonly lots: number; readonly movements: number } });

/** Receives one lot: fresh read, plan, one write. A refusal writes nothing. */
export async function receive(workbook: WorkbookPort, input: ReceiptInput, ctx: ReceiptContext): Promise<ReceiveOutcome> {
  return workbook.transact(async (tx) => {
    const tables = await tx.read(RECEIPT_TABLES, { columns: RECEIPT_COLUMNS });
    const plan = planReceipt(input, tables, { ...ctx, now: ctx.now ?? nowIsoDateTime() });
    if (!plan.ok) return plan;
    const report = await tx.write(plan.batch);
    return { ...plan, written: { lots: report.appended.Lots ?? 0, movements: report.appended.Movements ?? 0 } };
  });
}

/**
 * The quantity a scan gives, in the product's unit, as form text: a count (AI 30, else 37) for any product, or
 * a net weight or volume when the product is counted in that unit. Units are never converted (a label in
 * pounds does not fill a quantity in kg).
 */
export function quantityFromScan(summary: Gs1Summary, product: Pick<Product, 'unit' | 'decimals'> | undefined): string | undefined {
  if (summary.count !== undefined) return String(summary.count);
  if (!product) return undefined;
  const unit = product.unit.trim().toLowerCase();
  const measured =
    unit === 'kg' ? summary.netWeightKg : unit === 'lb' || unit === 'lbs' ? summary.netWeightLb : unit === 'l' || unit === 'litre' || unit === 'liter' ? summary.netVolumeL : unit === 'm3' ? summary.netVolumeM3 : undefined;
  if (measured === undefined) return undefined;
  // toFixed(6) then trimmed: the AI's implied decimals (at most 6) without float noise such as 1.2000000000000002.
  return measured.toFixed(6).replace(/\.?0+$/, '');
}

const DATE_AIS = new Set(['11', '13', '15', '16', '17']);
const DATE_AI_NAMES: Readonly<Record<string, string>> = { '11': 'production date', '13': 'packaging date', '15': 'best before date', '16': 'sell by date', '17': 'expiry date' };

/**
 * A lot code that ends in a GS1 date element (`LOT12317281031` = lot LOT123, then (17) 281031): what a label typed
 * or scanned without the separator after the lot looks like, since a lot runs to the next separator. Found when
 * the tail parses as GS1 data starting with a date AI; the first such split is taken.
 */
export function lotSwallowedDate(lot: string, today: IsoDate): { readonly lot: string; readonly ai: string; readonly date: string; readonly message: string } | null {
  for (let i = 1; i + 8 <= lot.length; i++) {
    const ai = lot.slice(i, i + 2);
    if (!DATE_AIS.has(ai) || !/^\d{6}/.test(lot.slice(i + 2))) continue;
    const parsed = parseGs1(`\x1d${lot.slice(i)}`, { today });
    if (!parsed.ok) continue;
    const first = parsed.elements[0];
    if (!first || !first.date) continue;
    const head = lot.slice(0, i);
    return {
      lot: head,
      ai,
      date: first.date,
      message: `Lot "${lot}" ends in what looks like the ${DATE_AI_NAMES[ai]} (${ai}) ${first.date}: was the separator after the lot missed? If the lot is ${head}, correct the Lot field and check the dates.`,
    };
  }
  return null;
}

export type ScanReading =
  | { readonly kind: 'gs1'; readonly summary: Gs1Summary }
  /** A plain Code 128 label holding only a lot code (many suppliers print one beside the GS1 case label). */
  | { readonly kind: 'plain-lot'; readonly lot: string }
  | { readonly kind: 'error'; readonly code: Gs1ErrorCode; readonly ai?: string; readonly detail: string };

/** The characters a GS1 lot (AI 10) may hold: GS1 character set 82. */
const LOT_CHARS = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,20}$/;

/**
 * What a scan at the dock says: GS1 data, a plain lot label, or why it cannot be read. Text is taken as a plain lot
 * label only when it cannot be GS1 data (no symbology identifier, no separator, not a GS1 element string or a
 * number): a GS1 label with a misread check digit stays an error, never becomes a lot.
 */
export function readReceivingScan(text: string, options: Gs1ParseOptions = {}): ScanReading {
  const parsed = parseGs1(text, options);
  if (parsed.ok) return { kind: 'gs1', summary: summarizeGs1(parsed.elements) };
  const plain = text.trim();
  const gs1Like = /^\][A-Za-z]\d/.test(plain) || plain.includes('\x1d') || plain.startsWith('(') || /^https?:/i.test(plain) || /^\d+$/.test(plain);
  if ((parsed.code === 'not-gs1' || parsed.code === 'unknown-ai') && !gs1Like && LOT_CHARS.test(plain)) return { kind: 'plain-lot', lot: plain };
  return { kind: 'error', code: parsed.code, ...(parsed.ai !== undefined ? { ai: parsed.ai } : {}), detail: parsed.message };
}
