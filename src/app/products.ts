/**
 * Products (issue 16): adding and editing the SKUs that everything else names. An empty workbook has none, and a
 * receipt of an unknown GTIN needs one, so this is the first thing a new user writes.
 *
 * planProduct is pure and holds every decision (the pane, the CSV import and the use case share it). Form values
 * arrive as text. The GTIN goes through the GTIN normalising and check digit of receive.ts and gs1.ts; whole
 * numbers through domain/fixed parseScaled. A SKU is one product whatever its case and outer spaces: "fg-ash60 " is
 * FG-ASH60, so adding it is refused with a "did you mean" rather than making a second product.
 *
 * Retrying is safe without ids: Products is keyed by SKU, so an add whose product is already there exactly as
 * given (an earlier attempt went through) plans nothing and reports `alreadySaved`; an edit that finds the row
 * already as asked writes nothing.
 */
import { PRODUCT_KINDS, type Product, type ProductKind } from '../domain/types';
import { gs1CheckDigit } from '../domain/gs1';
import type { TableSnapshot, WorkbookPort, WriteBatch } from './ports';
import { keyText } from '../domain/keys';
import { parseScaled } from '../domain/fixed';
import { gtinCheckDigitOk, normalizeGtin } from '../domain/gs1';

/** One product as a form or a CSV row gives it: text, trimmed here. */
export interface ProductInput {
  readonly sku: string;
  readonly gtin?: string;
  readonly description: string;
  readonly unit: string;
  /** Decimals of the quantity, 0 to 3. */
  readonly decimals: string;
  readonly shelfLifeDays?: string;
  readonly minShipLifeDays?: string;
  /** raw, packaging or finished. */
  readonly kind: string;
}

export type ProductField = keyof ProductInput;

/** `add` a new product, or `edit` the product with this SKU (its SKU does not change: lots and movements name it). */
export type ProductMode = { readonly mode: 'add' } | { readonly mode: 'edit'; readonly sku: string };

export type ProductErrorCode =
  | 'missing-sku'
  | 'bad-sku'
  | 'sku-taken'
  | 'sku-similar'
  | 'unknown-sku'
  | 'bad-gtin'
  | 'gtin-check-digit'
  | 'gtin-taken'
  | 'missing-description'
  | 'missing-unit'
  | 'bad-decimals'
  | 'bad-days'
  | 'min-ship-beyond-shelf-life'
  | 'bad-kind'
  | 'table-problem'
  | 'product-row-bad';

export interface ProductRefusal {
  readonly ok: false;
  readonly code: ProductErrorCode;
  readonly message: string;
  readonly field?: ProductField;
  /** For 'sku-similar' and 'sku-taken': the SKU already in Products. */
  readonly existing?: string;
}

export interface ProductPlan {
  readonly ok: true;
  readonly product: Product;
  readonly batch: WriteBatch;
  /** The product is in Products exactly as asked: nothing will be written. */
  readonly alreadySaved: boolean;
}

export type ProductResult = ProductPlan | ProductRefusal;

/** One identity for a SKU everywhere (domain/keys.ts): case and outer spaces do not make another product. */
export const skuIdentity = keyText;

const refuse = (code: ProductErrorCode, message: string, field?: ProductField, existing?: string): ProductRefusal => ({
  ok: false,
  code,
  message,
  ...(field ? { field } : {}),
  ...(existing !== undefined ? { existing } : {}),
});

const text = (s: string | undefined): string => (s ?? '').trim();

export type GtinCheck =
  | { readonly ok: true; readonly gtin: string }
  | { readonly ok: false; readonly code: 'bad-gtin' | 'gtin-check-digit'; readonly message: string; readonly expected?: string };

/**
 * A GTIN as a person types it: 8, 12, 13 or 14 digits with a correct check digit. Kept as typed (trimmed): look-ups
 * compare GTINs as 14 digits, so 0950600013435 2 and its 14-digit form are the same product.
 */
export function checkGtin(raw: string): GtinCheck {
  const s = raw.trim();
  const g = normalizeGtin(s);
  if (g === null) return { ok: false, code: 'bad-gtin', message: `"${s}" is not a GTIN: a GTIN has 8, 12, 13 or 14 digits (the number under the barcode).` };
  if (!gtinCheckDigitOk(g)) {
    const expected = gs1CheckDigit(g.slice(0, -1));
    const fixed = `${s.slice(0, -1)}${expected}`;
    return { ok: false, code: 'gtin-check-digit', expected: fixed, message: `This GTIN's last digit (the check digit) is wrong: with these first ${s.length - 1} digits it must be ${expected} (${fixed}). Check the number on the label.` };
  }
  return { ok: true, gtin: s };
}

/** A whole number of days (or decimals) through the one decimal parser (domain/fixed parseScaled). */
function wholeNumber(s: string): number | null {
  const p = parseScaled(s, 0, 0);
  return p.ok ? p.value : null;
}

/** The product the input describes, or what is wrong with it (no look-ups). */
export function productFromInput(input: ProductInput): Product | ProductRefusal {
  const sku = text(input.sku);
  if (sku === '') return refuse('missing-sku', 'Give the product a SKU: your own short code for it, such as RM-ASH or FG-ASH60.', 'sku');
  if (/[\x00-\x1f\x7f]/.test(sku)) return refuse('bad-sku', 'The SKU contains a control character (such as a tab): type it again.', 'sku');
  if (sku.length > 50) return refuse('bad-sku', `The SKU is ${sku.length} characters long; keep it to 50 or fewer.`, 'sku');

  let gtin = '';
  if (text(input.gtin) !== '') {
    const g = checkGtin(text(input.gtin));
    if (!g.ok) return refuse(g.code, g.message, 'gtin');
    gtin = g.gtin;
  }

  const description = text(input.description);
  if (description === '') return refuse('missing-description', 'Describe the product, as your team and the auditor will read it (e.g. "Ashwagandha root extract powder").', 'description');
  const unit = text(input.unit);
  if (unit === '') return refuse('missing-unit', 'Give the unit its quantities are counted in, such as ea, kg or L.', 'unit');

  const decimalsText = text(input.decimals);
  const decimals = decimalsText === '' ? null : wholeNumber(decimalsText);
  if (decimals === null || decimals > 3) {
    return refuse('bad-decimals', `Decimals is how many digits after the point a quantity may have: 0 (whole ${unit}) to 3${decimalsText === '' ? '' : `, not "${decimalsText}"`}.`, 'decimals');
  }

  const days = (field: 'shelfLifeDays' | 'minShipLifeDays', label: string, min: number): number | null | ProductRefusal => {
    const s = text(input[field]);
    if (s === '') return null;
    const n = wholeNumber(s);
    if (n === null || n < min || n > 36500) return refuse('bad-days', `${label} is a whole number of days${min > 0 ? ' (at least 1)' : ''}, not "${s}". Leave it empty if there is none.`, field);
    return n;
  };
  const shelfLifeDays = days('shelfLifeDays', 'Shelf life', 1);
  if (typeof shelfLifeDays === 'object' && shelfLifeDays !== null) return shelfLifeDays;
  const minShipLifeDays = days('minShipLifeDays', 'Minimum ship life', 0);
  if (typeof minShipLifeDays === 'object' && minShipLifeDays !== null) return minShipLifeDays;
  if (shelfLifeDays !== null && minShipLifeDays !== null && minShipLifeDays > shelfLifeDays) {
    return refuse('min-ship-beyond-shelf-life', `The minimum ship life (${minShipLifeDays} days) is longer than the shelf life (${shelfLifeDays} days): no lot could ever ship.`, 'minShipLifeDays');
  }

  const kindText = text(input.kind).toLowerCase();
  const kind = PRODUCT_KINDS.find((k) => k === kindText);
  if (!kind) return refuse('bad-kind', `Choose what kind of product it is: raw (an ingredient), packaging, or finished (what you sell)${kindText === '' ? '' : `; "${text(input.kind)}" is none of them`}.`, 'kind');

  return { sku, gtin, description, unit, decimals, shelfLifeDays, minShipLifeDays, kind: kind as ProductKind };
}

const isRefusal = (x: Product | ProductRefusal): x is ProductRefusal => (x as { ok?: unknown }).ok === false;

function sameProduct(a: Product, b: Product): boolean {
  return (
    a.sku === b.sku &&
    a.gtin === b.gtin &&
    a.description === b.description &&
    a.unit === b.unit &&
    a.decimals === b.decimals &&
    a.shelfLifeDays === b.shelfLifeDays &&
    a.minShipLifeDays === b.minShipLifeDays &&
    a.kind === b.kind
  );
}

/** Decides an add or an edit against Products as read. Pure. */
export function planProduct(input: ProductInput, mode: ProductMode, products: TableSnapshot<'Products'>): ProductResult {
  const missing = products.problems.filter((p) => p.code === 'missing-column');
  if (missing.length) {
    return refuse('table-problem', `Products is missing columns Lotbook needs (${missing.map((p) => p.column).join(', ')}). Open the Workbook pane and set the workbook up.`);
  }
  const wanted = productFromInput(mode.mode === 'edit' ? { ...input, sku: mode.sku } : input);
  if (isRefusal(wanted)) return wanted;

  const key = skuIdentity(wanted.sku);
  const bad = [...products.badKeys].find((k) => skuIdentity(k) === key);
  if (bad !== undefined) {
    return refuse('product-row-bad', `The Products row of ${bad} has problems, so Lotbook cannot tell what it holds. Fix it in Excel first (the Workbook pane lists the cells).`, 'sku', bad);
  }
  const existing = products.rows.find((p) => skuIdentity(p.sku) === key);

  if (wanted.gtin !== '') {
    const g = normalizeGtin(wanted.gtin);
    const other = products.rows.find((p) => skuIdentity(p.sku) !== key && p.gtin !== '' && normalizeGtin(p.gtin) === g);
    if (other) return refuse('gtin-taken', `GTIN ${wanted.gtin} is already ${other.sku} (${other.description}). One GTIN names one product: check the number, or edit ${other.sku}.`, 'gtin', other.sku);
  }

  if (mode.mode === 'edit') {
    if (!existing) return refuse('unknown-sku', `${mode.sku} is not in Products any more (deleted or renamed in Excel?). Nothing was changed.`, 'sku');
    const product: Product = { ...wanted, sku: existing.sku };
    if (sameProduct(product, existing)) return { ok: true, product, batch: {}, alreadySaved: true };
    return { ok: true, product, batch: { update: { Products: [product] } }, alreadySaved: false };
  }

  if (existing) {
    if (sameProduct(existing, wanted)) return { ok: true, product: existing, batch: {}, alreadySaved: true };
    if (existing.sku === wanted.sku) {
      return refuse('sku-taken', `${existing.sku} is already in Products (${existing.description}). To change it, edit it in the Products list.`, 'sku', existing.sku);
    }
    return refuse('sku-similar', `"${wanted.sku}" is the same SKU as ${existing.sku} (${existing.description}): SKUs ignore capitals and spaces at the ends. Did you mean ${existing.sku}?`, 'sku', existing.sku);
  }
  return { ok: true, product: wanted, batch: { append: { Products: [wanted] } }, alreadySaved: false };
}

/** Products as the pane lists them. */
export async function readProducts(workbook: WorkbookPort): Promise<TableSnapshot<'Products'>> {
  return workbook.transact(async (tx) => (await tx.read(['Products'])).Products);
}

export type ProductOutcome = ProductRefusal | (ProductPlan & { readonly written: number });

/** Adds or edits one product: fresh read, plan, one write. A refusal writes nothing; a retry writes once. */
export async function saveProduct(workbook: WorkbookPort, input: ProductInput, mode: ProductMode): Promise<ProductOutcome> {
  return workbook.transact(async (tx) => {
    const { Products } = await tx.read(['Products']);
    const plan = planProduct(input, mode, Products);
    if (!plan.ok || plan.alreadySaved) return { ...plan, written: 0 };
    const report = await tx.write(plan.batch);
    return { ...plan, written: (report.appended.Products ?? 0) + (report.updated.Products ?? 0) };
  });
}

/** The product as form text, for editing it. */
export function productToInput(p: Product): ProductInput {
  return {
    sku: p.sku,
    gtin: p.gtin,
    description: p.description,
    unit: p.unit,
    decimals: String(p.decimals),
    shelfLifeDays: p.shelfLifeDays === null ? '' : String(p.shelfLifeDays),
    minShipLifeDays: p.minShipLifeDays === null ? '' : String(p.minShipLifeDays),
    kind: p.kind,
  };
}
