/**
 * Lot labels: the GS1-128 content for a received lot ((01) GTIN, (10) lot, (17) expiry, (30) count or (310n)
 * net kilograms), its human-readable line, and the barcode renderer's options.
 *
 * Both the print view and the test that decodes a printed label with quagga2 take the barcode options from
 * labelBarcodeOptions, so a green test says something about what the printer gets. The options are plain data
 * (the shape bwip-js's RenderOptions accepts); the renderer itself is called by the caller.
 */
import { formatGs1, isValidGs1Key, parseGs1, type Gs1Element } from './gs1';
import type { IsoDate, Qty } from './types';

export type LabelStockId = '4x6' | '2x1';

export interface LabelStock {
  readonly id: LabelStockId;
  readonly name: string;
  /** Inches, for CSS `@page { size }`. */
  readonly widthIn: number;
  readonly heightIn: number;
  /** Whether the plain-language lines (product, description) fit beside the barcode. */
  readonly details: boolean;
}

/** Common thermal label stock: a 4x6 shipping label and a 2x1 small item label. */
export const LABEL_STOCKS: Readonly<Record<LabelStockId, LabelStock>> = {
  '4x6': { id: '4x6', name: '4 × 6 in (shipping label)', widthIn: 4, heightIn: 6, details: true },
  '2x1': { id: '2x1', name: '2 × 1 in (small label)', widthIn: 2, heightIn: 1, details: false },
};

export interface LabelInput {
  readonly sku: string;
  readonly description: string;
  readonly unit: string;
  readonly gtin: string;
  readonly lot: string;
  readonly expiry: IsoDate | null;
  /** The quantity one label stands for (e.g. one case), in thousandths of the unit. */
  readonly qty: Qty;
}

export type LabelErrorCode = 'no-gtin' | 'bad-gtin' | 'quantity-not-positive' | 'quantity-not-encodable' | 'not-encodable';

export type LabelResult =
  | {
      readonly ok: true;
      readonly elements: readonly Gs1Element[];
      /** `(01)…(10)…` as printed under the bars. */
      readonly hri: string;
      /** The text bwip-js encodes (with `parse: true`). */
      readonly barcodeText: string;
      readonly warnings: readonly string[];
    }
  | { readonly ok: false; readonly code: LabelErrorCode; readonly message: string };

const fail = (code: LabelErrorCode, message: string): LabelResult => ({ ok: false, code, message });

/** `YYYY-MM-DD` to GS1's `YYMMDD`. */
const yymmdd = (d: IsoDate): string => `${d.slice(2, 4)}${d.slice(5, 7)}${d.slice(8, 10)}`;

/**
 * The quantity element: a whole count goes in AI 30 (up to 8 digits); a product counted in kg with decimals goes
 * in AI 310n (six digits, n implied decimals). Other fractional units have no GS1 element that fits without
 * converting units, which a label must never do silently.
 */
function quantityElement(qty: Qty, unit: string, name: string): Gs1Element | LabelResult {
  if (!Number.isInteger(qty) || qty <= 0) return fail('quantity-not-positive', `The quantity on a label of ${name} must be more than 0.`);
  if (qty % 1000 === 0) {
    const count = String(qty / 1000);
    if (count.length > 8) return fail('quantity-not-encodable', `${count} is too large for AI (30), which holds at most 8 digits.`);
    return { ai: '30', raw: count };
  }
  const u = unit.trim().toLowerCase();
  if (u !== 'kg') {
    return fail('quantity-not-encodable', `A label holds a count of whole ${unit} in AI (30); ${qty / 1000} ${unit} is not whole. Print one label per whole unit, or a quantity in whole ${unit}.`);
  }
  let decimals = 3;
  let value: number = qty;
  while (decimals > 0 && value % 10 === 0) {
    value /= 10;
    decimals -= 1;
  }
  const digits = String(value);
  if (digits.length > 6) return fail('quantity-not-encodable', `${qty / 1000} kg is too large for AI (310${decimals}), which holds 6 digits.`);
  return { ai: `310${decimals}`, raw: digits.padStart(6, '0'), value: qty / 1000 };
}

const isFailure = (x: Gs1Element | LabelResult): x is LabelResult => 'ok' in x;

/** The label's GS1 elements and texts, or why the lot cannot be labelled (names the AI when GS1 refuses a value). */
export function lotLabel(input: LabelInput): LabelResult {
  const name = `${input.sku} / ${input.lot}`;
  const gtinText = input.gtin.trim();
  if (gtinText === '') return fail('no-gtin', `${input.sku} has no GTIN in Products, so no GS1 label can be made for it. Add its GTIN in Products first.`);
  if (!/^\d+$/.test(gtinText) || ![8, 12, 13, 14].includes(gtinText.length) || !isValidGs1Key(gtinText)) {
    return fail('bad-gtin', `The GTIN of ${input.sku} in Products, ${gtinText}, is not a valid GTIN (length or check digit): fix it in Products first.`);
  }
  const elements: Gs1Element[] = [{ ai: '01', raw: gtinText.padStart(14, '0') }, { ai: '10', raw: input.lot }];
  const warnings: string[] = [];
  if (input.expiry !== null) elements.push({ ai: '17', raw: yymmdd(input.expiry), date: input.expiry });
  else warnings.push(`Lot ${name} has no expiry date: the label carries no (17).`);
  const quantity = quantityElement(input.qty, input.unit, name);
  if (isFailure(quantity)) return quantity;
  elements.push(quantity);

  // The parser holds GS1's rules (character set 82 and 20 characters for a lot, real dates): a label the
  // parser refuses would be refused by every scanner that reads it, so it is not printed.
  const check = parseGs1(formatGs1(elements, 'gs'));
  if (!check.ok) return fail('not-encodable', `Lot ${name} cannot go on a GS1 label: ${check.message}`);

  return {
    ok: true,
    elements,
    hri: elements.map((el) => `(${el.ai})${el.raw}`).join(''),
    // bwip-js reads `(` as the start of the next AI; with `parse: true` it takes ^NNN as a character code, so
    // brackets (and a caret, for completeness) inside values are written that way.
    barcodeText: elements.map((el) => `(${el.ai})${el.raw.replace(/[()^]/g, (c) => `^${String(c.charCodeAt(0)).padStart(3, '0')}`)}`).join(''),
    warnings,
  };
}

/** The subset of bwip-js's RenderOptions the labels use. */
export interface LabelBarcodeOptions {
  readonly bcid: 'gs1-128';
  readonly text: string;
  readonly parse: true;
  readonly includetext: false;
  readonly scale: number;
  readonly height: number;
  readonly paddingwidth: number;
  readonly paddingheight: number;
  readonly backgroundcolor: string;
}

/**
 * How the bars are drawn, in one place. The human-readable line is set as text by the print view (it wraps and
 * stays sharp), so bwip-js draws bars only. A bar height of 25 mm keeps a long element string (four AIs) tall
 * enough for a camera to find: at 15 mm quagga2 missed such labels in a probe. The print view scales the image to
 * the label width; `scale` only sets the pixels per module of raster output.
 */
export function labelBarcodeOptions(label: { readonly barcodeText: string }): LabelBarcodeOptions {
  return {
    bcid: 'gs1-128',
    text: label.barcodeText,
    parse: true,
    includetext: false,
    scale: 3,
    height: 25,
    paddingwidth: 10,
    paddingheight: 6,
    backgroundcolor: 'FFFFFF',
  };
}
