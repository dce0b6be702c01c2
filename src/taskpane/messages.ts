/** The one place where error codes become words for the user. */
import { WorkbookError } from '../app/ports';
import type { LotCostsErrorCode } from '../app/lot-costs';
import type { RunErrorCode } from '../app/produce';
import type { ReceiptErrorCode, ReceiptField } from '../app/receive';
import type { RecallErrorCode, RecallStep } from '../app/recall';
import type { CameraErrorCode } from '../app/scanner-port';
import type { PickErrorCode } from '../app/pick';
import type { ShipErrorCode } from '../app/ship';
import type { CountErrorCode, CountReason } from '../app/count';
import type { ReturnErrorCode } from '../app/returns';
import type { FefoShortfallCode, FefoShortfallReason } from '../domain/fefo';
import { formatMoney, formatQty, mulDivHalfEven } from '../domain/fixed';
import type { Money, Qty } from '../domain/types';
import type { ImportErrorCode } from '../app/csv-import';
import type { QcDecision, QcErrorCode } from '../app/qc';
import type { LabelErrorCode } from '../domain/label';
import type { EffectiveLotStatus } from '../domain/types';
import type { ProductErrorCode } from '../app/products';
import type { ProductMappingProblemCode } from '../app/product-import';
import type { Gs1ErrorCode } from '../domain/gs1';
import type { ProductKind } from '../domain/types';
// ux-panes
import type { HoldPreview } from '../app/recall';
import type { CountPostPreview } from '../app/count';

export function describeError(e: unknown): string {
  if (e instanceof WorkbookError) return e.message;
  if (e instanceof Error) return `Something went wrong: ${e.message}`;
  return `Something went wrong: ${String(e)}`;
}

export function officeDetails(e: unknown): string | undefined {
  if (e instanceof WorkbookError && e.officeCode) return `Excel error code: ${e.officeCode}`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------------- Receive
// planReceipt's messages already name the product, lot and cell; these are the titles above them.

const RECEIPT_TITLES: Readonly<Record<ReceiptErrorCode, string>> = {
  'missing-product': 'Which product?',
  'unknown-gtin': 'Unknown GTIN',
  'unknown-sku': 'Unknown SKU',
  'ambiguous-gtin': 'GTIN used twice',
  'gtin-sku-mismatch': 'GTIN and product do not match',
  'missing-lot': 'Lot code needed',
  'bad-lot': 'Lot code cannot be used',
  'missing-quantity': 'Quantity needed',
  'bad-quantity': 'Quantity cannot be read',
  'quantity-not-positive': 'Quantity must be more than 0',
  'too-many-decimals': 'Too many decimals',
  'bad-date': 'Date cannot be read',
  'dates-out-of-order': 'Dates do not fit',
  'received-in-future': 'Received date is in the future',
  'bad-unit-cost': 'Unit cost cannot be used',
  'table-problem': 'The workbook needs setting up',
  'product-row-bad': 'The product row has problems',
  'lot-row-bad': 'The lot row has problems',
  'movement-row-bad': "The lot's movements have problems",
  'lot-closed': 'Lot is closed',
  'expiry-mismatch': 'Expiry differs from the lot on file',
  'text-too-long': 'Text too long for a cell',
  expired: 'Expired lot: reason needed',
};

export function receiptErrorTitle(code: ReceiptErrorCode): string {
  return RECEIPT_TITLES[code];
}

const CAMERA_TITLES: Readonly<Record<CameraErrorCode, string>> = {
  'no-camera': 'No camera',
  'permission-denied': 'Camera not allowed',
  'camera-in-use': 'Camera in use',
  'insecure-context': 'Camera needs https',
  'not-supported': 'No camera support',
  'needs-reload': 'Reload to use the camera',
  'camera-failed': 'Camera stopped',
};

export function cameraErrorTitle(code: CameraErrorCode): string {
  return CAMERA_TITLES[code];
}

// ---------------------------------------------------------------------------------------------------- Recall
// The use case's messages name the lot and the cell; these are the titles above them.

const RECALL_TITLES: Readonly<Record<RecallErrorCode, string>> = {
  'empty-query': 'Which lot?',
  'bad-scan': 'Scan not read',
  'scan-without-lot': 'No lot in the scan',
  'unknown-gtin': 'Unknown GTIN',
  'lot-not-found': 'Lot not found',
  'no-start': 'Which lot?',
  'table-problem': 'The workbook needs setting up',
  'rows-bad': 'Rows of the affected lots have problems',
  'unknown-lots': 'Nothing to trace',
  'reason-required': 'Reason needed',
  'bad-class': 'Recall class needed',
  'lot-row-bad': 'Lots rows have problems',
  'table-filtered': 'Lots is filtered',
};

export function recallErrorTitle(code: RecallErrorCode): string {
  return RECALL_TITLES[code];
}

const RECALL_STEPS: Readonly<Record<RecallStep, string>> = {
  reading: 'Reading the workbook…',
  tracing: 'Tracing the lots…',
  writing: 'Writing to the workbook…',
};

export function recallStepWords(step: RecallStep | null): string {
  return step ? RECALL_STEPS[step] : '';
}

// ---------------------------------------------------------------------------------------------------- Lots (QC, labels, CSV import)
// decideLot's, lotLabel's and importReceipts' messages name the lot, the AI or the column; these are the titles.

const QC_TITLES: Readonly<Record<QcErrorCode, string>> = {
  'lot-not-found': 'Lot not found',
  'lot-row-bad': 'The lot row has problems',
  'log-table-problem': 'The Log table needs setting up',
  'same-status': 'Nothing to change',
  'reason-required': 'Reason needed',
  'not-allowed': 'Not allowed',
  'coa-required': 'COA reference needed',
  'table-filtered': 'Lots is filtered in Excel',
};

export function qcErrorTitle(code: QcErrorCode): string {
  return QC_TITLES[code];
}

const DECISION_WORDS: Readonly<Record<QcDecision, { readonly verb: string; readonly done: string }>> = {
  released: { verb: 'Release', done: 'Released' },
  hold: { verb: 'Hold', done: 'On hold' },
  rejected: { verb: 'Reject', done: 'Rejected' },
};

export function decisionVerb(decision: QcDecision): string {
  return DECISION_WORDS[decision].verb;
}

export function decisionDone(decision: QcDecision): string {
  return DECISION_WORDS[decision].done;
}

const STATUS_WORDS: Readonly<Record<EffectiveLotStatus, string>> = {
  quarantine: 'Quarantine',
  released: 'Released',
  hold: 'On hold',
  recalled: 'Recalled',
  rejected: 'Rejected',
  expired: 'Expired',
};

export function lotStatusWord(status: EffectiveLotStatus): string {
  return STATUS_WORDS[status];
}

const LABEL_TITLES: Readonly<Record<LabelErrorCode, string>> = {
  'no-gtin': 'No GTIN for this product',
  'bad-gtin': 'The GTIN in Products is not valid',
  'quantity-not-positive': 'Quantity needed',
  'quantity-not-encodable': 'Quantity cannot go on the label',
  'not-encodable': 'Lot cannot go on a GS1 label',
};

export function labelErrorTitle(code: LabelErrorCode): string {
  return LABEL_TITLES[code];
}

const IMPORT_TITLES: Readonly<Record<ImportErrorCode, string>> = {
  'no-product-column': 'Which column is the product?',
  'no-lot-column': 'Which column is the lot?',
  'no-quantity-column': 'Which column is the quantity?',
  'column-used-twice': 'A column is chosen twice',
  'nothing-to-import': 'Nothing to import',
};

export function importErrorTitle(code: ImportErrorCode): string {
  return IMPORT_TITLES[code];
}

// ---------------------------------------------------------------------------------------------------- Produce
// planRun's messages name the lot, the input and why; these are the titles above them.

const RUN_TITLES: Readonly<Record<RunErrorCode, string>> = {
  'table-problem': 'The workbook needs attention',
  'missing-product': 'Which product?',
  'unknown-sku': 'Unknown SKU',
  'product-row-bad': 'The product row has problems',
  'bad-pattern': 'The lot pattern cannot be used',
  'lot-code-taken': 'Lot code taken',
  'bad-lot': 'Lot code cannot be used',
  'output-lot-exists': 'Output lot exists already',
  'bad-quantity': 'Quantity cannot be used',
  'bad-cost': 'Conversion cost cannot be used',
  'bad-date': 'Date cannot be used',
  'date-in-future': 'Date is in the future',
  'no-inputs': 'Inputs needed',
  'expiry-reason-required': 'Reason needed for the expiry',
  'input-unknown-lot': 'Unknown input lot',
  'input-not-released': 'Input not released',
  'input-expired': 'Input expired',
  'input-exceeds-on-hand': 'Not enough on hand',
  'input-is-output': 'Input is the output lot',
  'input-row-bad': "The input's rows have problems",
  'input-bad-quantity': 'Input quantity cannot be used',
};

export function runErrorTitle(code: RunErrorCode): string {
  return RUN_TITLES[code];
}

// ---------------------------------------------------------------------------------------------------- Lot costs

const COSTS_TITLES: Readonly<Record<LotCostsErrorCode, string>> = {
  'bad-date': 'Date cannot be read',
  'bad-period': 'The period is back to front',
  cycle: 'Runs feed each other in a cycle',
  'table-problem': 'Movements or Runs have problems',
};

export function costsErrorTitle(code: LotCostsErrorCode): string {
  return COSTS_TITLES[code];
}

// ---------------------------------------------------------------------------------------------------- Pick & ship

const PICK_TITLES: Readonly<Record<PickErrorCode, string>> = {
  'table-problem': 'The workbook needs setting up',
  'no-lines': 'No lines chosen',
  'line-not-open': 'Line not open any more',
  'order-row-bad': 'The order row has problems',
  'stock-rows-bad': 'Stock rows have problems',
  'nothing-to-pick': 'Nothing can be picked',
};

export function pickErrorTitle(code: PickErrorCode): string {
  return PICK_TITLES[code];
}

const SHIP_TITLES: Readonly<Record<ShipErrorCode, string>> = {
  'pick-list-missing': 'Pick list sheet is gone',
  'pick-list-unreadable': 'Pick list cannot be read',
  'table-problem': 'The workbook needs setting up',
  'row-not-on-list': 'Row not on the pick list',
  'bad-quantity': 'Quantity does not fit',
  'unknown-lot': 'Unknown lot',
  'wrong-sku': 'Lot of another product',
  'lot-not-eligible': 'Lot cannot ship to this customer',
  'not-enough-stock': 'Not enough stock in the lot',
  'more-than-ordered': 'More than ordered',
  'order-missing': 'Order line missing',
  'stock-rows-bad': 'Stock rows have problems',
};

export function shipErrorTitle(code: ShipErrorCode): string {
  return SHIP_TITLES[code];
}

const SHORTFALL_WORDS: Readonly<Record<FefoShortfallCode, string>> = {
  'no-lots': 'no lot of this product has stock',
  quarantine: 'in quarantine',
  hold: 'on hold',
  recalled: 'recalled',
  rejected: 'rejected',
  expired: 'expired',
  'short-shelf-life': 'too little shelf life left for the customer',
  reserved: 'reserved on open pick lists',
  'allocated-to-earlier-lines': 'given to lines due earlier',
  'not-enough-stock': 'not enough stock',
};

/** "short by 24: 96 on hold; not enough stock", with quantities in the SKU's decimals. */
export function describeShortfall(qty: Qty, reasons: readonly FefoShortfallReason[], decimals: number): string {
  const parts = reasons.filter((r) => r.code !== 'not-enough-stock' && r.code !== 'no-lots').map((r) => `${formatQty(r.qty, decimals)} ${SHORTFALL_WORDS[r.code]}`);
  const none = reasons.some((r) => r.code === 'no-lots');
  const head = `Short by ${formatQty(qty, decimals)}`;
  if (none) return `${head}: ${SHORTFALL_WORDS['no-lots']}.`;
  return parts.length ? `${head}. Stock that cannot be used: ${parts.join('; ')}.` : `${head}: ${SHORTFALL_WORDS['not-enough-stock']}.`;
}

// ---------------------------------------------------------------------------------------------------- Count & returns

const COUNT_TITLES: Readonly<Record<CountErrorCode, string>> = {
  'table-problem': 'The workbook needs setting up',
  'bad-scope': 'What to count?',
  'nothing-to-count': 'Nothing to count',
  'stock-rows-bad': 'Stock rows have problems',
  'count-not-found': 'Unknown count',
  'count-posted': 'Count already posted',
  'sheet-missing': 'Count sheet is gone',
  'sheet-problem': 'Count sheet cannot be read',
  'lot-not-found': 'Unknown lot',
  'bad-quantity': 'Quantity does not fit',
  'not-all-counted': 'Not everything is counted',
  'reason-missing': 'Reason needed',
  'reason-mismatch': 'Reason does not fit',
  'open-count-overlaps': 'These lots are on an open count',
};

export function countErrorTitle(code: CountErrorCode): string {
  return COUNT_TITLES[code];
}

const COUNT_REASON_WORDS: Readonly<Record<CountReason, string>> = {
  damaged: 'Damaged',
  'expired-destroyed': 'Expired and destroyed',
  miscount: 'Miscount',
  found: 'Found',
  sample: 'Sample taken for testing',
};

export function countReasonWord(reason: CountReason): string {
  return COUNT_REASON_WORDS[reason];
}

const RETURN_TITLES: Readonly<Record<ReturnErrorCode, string>> = {
  'table-problem': 'The workbook needs setting up',
  'shipment-not-found': 'Unknown shipment',
  'lot-not-found': 'Unknown lot',
  'lot-row-bad': 'The lot row has problems',
  'bad-quantity': 'Quantity does not fit',
  'too-much': 'More than was shipped',
  'reason-required': 'Reason needed',
};

export function returnErrorTitle(code: ReturnErrorCode): string {
  return RETURN_TITLES[code];
}

// ==================================================================================================== ux-receive
// Products, the first-run path and the Receive pane's scanning words (issue 16). Kept in one block so that merges
// with other panes' words stay easy.

const PRODUCT_TITLES: Readonly<Record<ProductErrorCode, string>> = {
  'missing-sku': 'SKU needed',
  'bad-sku': 'SKU cannot be used',
  'sku-taken': 'SKU already in Products',
  'sku-similar': 'Same SKU as another product',
  'unknown-sku': 'Product not found',
  'bad-gtin': 'Not a GTIN',
  'gtin-check-digit': 'GTIN check digit is wrong',
  'gtin-taken': 'GTIN already used',
  'missing-description': 'Description needed',
  'missing-unit': 'Unit needed',
  'bad-decimals': 'Decimals cannot be used',
  'bad-days': 'Days cannot be used',
  'min-ship-beyond-shelf-life': 'Minimum ship life too long',
  'bad-kind': 'Kind needed',
  'table-problem': 'The workbook needs setting up',
  'product-row-bad': 'The product row has problems',
};

export function productErrorTitle(code: ProductErrorCode): string {
  return PRODUCT_TITLES[code];
}

const PRODUCT_IMPORT_TITLES: Readonly<Record<ProductMappingProblemCode | 'nothing-to-import', string>> = {
  'no-sku-column': 'Which column is the SKU?',
  'no-description-column': 'Which column is the description?',
  'column-used-twice': 'A column is chosen twice',
  'nothing-to-import': 'Nothing to import',
};

export function productImportTitle(code: ProductMappingProblemCode | 'nothing-to-import'): string {
  return PRODUCT_IMPORT_TITLES[code];
}

const KIND_WORDS: Readonly<Record<ProductKind, string>> = {
  raw: 'Raw material (ingredient)',
  packaging: 'Packaging',
  finished: 'Finished (what you sell)',
};

export function productKindWords(kind: ProductKind): string {
  return KIND_WORDS[kind];
}

export const FIRST_RUN = {
  title: 'Getting started',
  intro: 'Three steps from an empty workbook to your first lot.',
  setUp: { label: 'Set up the workbook', hint: 'Lotbook adds its tables (Products, Lots, Movements…) to this workbook.' },
  setUpAbove: 'Press Set up workbook above.',
  product: { label: 'Add a product', hint: 'Each product you receive or make needs a SKU; add its GTIN to scan it.' },
  receive: { label: 'Receive your first lot', hint: 'Scan or type the supplier’s label.' },
  done: 'Done',
  next: 'Next step',
  notSetUp: 'This workbook is not set up for Lotbook yet.',
  goSetUp: 'Go to set-up',
  noProducts: 'No products yet. Add the product you are receiving first.',
} as const;

/** The part of a label an AI is, in the words on the label. */
const AI_WORDS: Readonly<Record<string, string>> = {
  '00': 'shipping container code (SSCC)',
  '01': 'GTIN',
  '02': 'GTIN of the contents',
  '10': 'lot code',
  '11': 'production date',
  '13': 'packaging date',
  '15': 'best before date',
  '16': 'sell by date',
  '17': 'expiry date',
  '21': 'serial number',
  '30': 'count',
  '37': 'count',
  '400': 'purchase order',
  '422': 'country of origin',
};

function aiWords(ai: string | undefined): string {
  if (ai === undefined) return 'a part';
  if (AI_WORDS[ai]) return AI_WORDS[ai]!;
  if (/^3[1-6]\d\d$/.test(ai)) return 'weight or measure';
  return `part (AI ${ai})`;
}

/** What went wrong with a scan, in the words a person at the dock uses; the parser's own message is the detail. */
export function scanErrorWords(code: Gs1ErrorCode, ai?: string): string {
  const part = aiWords(ai);
  switch (code) {
    case 'empty':
      return 'The scan was empty.';
    case 'bad-check-digit':
      return `This label's ${part} has a wrong check digit: it was misread or mistyped.`;
    case 'bad-date':
      return `This label's ${part} is not a real date.`;
    case 'bad-time':
      return `This label's ${part} is not a real time.`;
    case 'too-long':
      return `This label's ${part} is longer than a ${part} can be.`;
    case 'too-short':
      return `This label's ${part} is too short: part of it is missing.`;
    case 'bad-character':
      return `This label's ${part} holds a character that cannot be in it.`;
    case 'missing-separator':
      return `Two parts of this label run together: a separator (GS) is missing after the ${part}.`;
    case 'duplicate-ai':
      return `This label gives two different values for the ${part}.`;
    case 'conflicting-ai':
      return 'This label holds parts that cannot go together.';
    case 'bad-country':
      return `This label's ${part} is not a country code.`;
    case 'bad-digital-link':
      return 'This QR code link is not a GS1 product link.';
    case 'not-gs1':
    case 'unknown-ai':
      return 'This is not a GS1 label Lotbook can read.';
    case 'bad-option':
      return 'The scanner setting for the separator cannot be used.';
  }
}

export const SCAN_WORDS = {
  notRead: 'Scan not read',
  nothingChanged: 'Nothing was changed.',
  fixTyped: 'Your text is still in the scan field: fix it and press Enter.',
  details: 'Details',
  hideDetails: 'Hide details',
  plainLot: (lot: string) => `Filled lot ${lot} from a plain barcode (not GS1). If it is not the lot code, correct the Lot field.`,
} as const;

export const EXPIRED_WORDS = {
  title: 'Expired lot',
  confirm: 'Receive this expired lot anyway',
  reasonLabel: 'Why receive it? (kept in the Log)',
  reasonHint: 'e.g. "for destruction", "returned by customer", "supplier credit pending".',
  importReason: 'Why import them? (kept in the Log for each lot)',
  importConfirm: 'Import the expired rows too',
} as const;

const RECEIPT_FIELD_LABELS: Readonly<Record<ReceiptField, string>> = {
  gtin: 'GTIN',
  sku: 'Product',
  lot: 'Lot',
  expiry: 'Expiry',
  productionDate: 'Production date',
  quantity: 'Quantity',
  supplier: 'Supplier',
  supplierLot: 'Supplier lot',
  origin: 'Origin',
  location: 'Location',
  unitCost: 'Unit cost',
  poRef: 'PO reference',
  coaRef: 'COA reference',
  note: 'Note',
  received: 'Received date',
};

export function receiptFieldLabel(field: ReceiptField): string {
  return RECEIPT_FIELD_LABELS[field];
}


// ==================================================================================================== ux-panes
// Issue 16 (first run and everyday use): Lots, Count, Recall, Pick & ship, Lot costs and Produce. Kept in one block
// so that it merges apart from other panes' words.

/**
 * The one pluralising helper: "1 lot", "2 lots", "0 lots"; an irregular plural is given ("1 entry", "3 entries").
 * Every count shown to a user goes through it, so that no pane says "1 lots".
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * An amount to the cent, as an accountant reads it beside other amounts (half to even): never 106.3141 beside
 * 785.00. The workbook keeps the exact amount (to 0.0001); panes give it as the title of the cent figure.
 */
export function cents(m: Money): string {
  return formatMoney((mulDivHalfEven(m, 1, 100) * 100) as Money);
}

/** What a pane says while its first read of the workbook is under way (never "No products" or an empty list). */
export const READING_WORDS = {
  receipt: 'Reading products and lots from the workbook…',
  products: 'Reading products from the workbook…',
  lots: 'Reading Lots and Movements from the workbook…',
  count: 'Reading lots and open counts from the workbook…',
  pick: 'Reading open order lines and pick lists from the workbook…',
  expiry: 'Reading expiring lots from the workbook…',
  produce: 'Reading products and lots from the workbook…',
  costs: 'Reading Movements and Runs for the period…',
  review: 'Reading the count sheet…',
  pickList: 'Reading the pick list sheet…',
} as const;

// ----------------------------------------------------------------- asking before what cannot be undone

const lotRef = (l: { readonly sku: string; readonly lot: string }) => `${l.sku} / ${l.lot}`;

/** The question before "Put lots on hold" or "Recall lots": which lots change, who received them, and the way back. */
export function holdQuestion(p: HoldPreview): { title: string; lines: string[]; confirm: string } {
  const lines = [
    ...p.change.map((l) => `${lotRef(l)}: ${l.status} → ${p.to}`),
    ...p.unchanged.map((l) => `${lotRef(l)}: already ${l.status}, unchanged`),
    ...p.refused.map((l) => `${lotRef(l)}: ${l.status === null ? 'not in Lots' : `${l.status}, cannot become ${p.to}`}, unchanged`),
  ];
  lines.push(p.customers === 0 ? 'No customer received these lots.' : `${plural(p.customers, 'customer')} received them: write the customer report to tell them.`);
  lines.push(p.to === 'hold' ? 'The way back: a lot on hold can be released again in the Lots pane.' : 'This cannot be undone: a recalled lot is never released again (it can only be rejected).');
  const n = plural(p.change.length, 'lot');
  return {
    title: p.change.length === 0 ? 'Nothing would change' : p.to === 'hold' ? `Put ${n} on hold?` : `Recall ${n}?`,
    lines,
    confirm: p.to === 'hold' ? `Put ${n} on hold` : `Recall ${n}`,
  };
}

/** The question before rejecting a lot in the Lots pane. */
export function rejectQuestion(lot: { readonly sku: string; readonly lot: string }): { title: string; text: string; confirm: string } {
  return {
    title: `Reject ${lotRef(lot)}?`,
    text: 'A rejected lot is final: it can never be released, picked or used in a run again. Its stock stays in the ledger until you destroy it.',
    confirm: 'Yes, reject the lot',
  };
}

/** The question before posting a count. */
export function postCountQuestion(p: CountPostPreview): { title: string; lines: string[]; confirm: string } {
  const lines = p.lines.map((l) => `${lotRef(l)}${l.location ? ` at ${l.location}` : ''}: ${l.difference > 0 ? '+' : ''}${formatQty(l.difference, l.decimals)} (${l.reason ? countReasonWord(l.reason).toLowerCase() : 'no reason yet'})${l.value === null ? '' : `, ${formatMoney(l.value)}`}`);
  lines.push(p.lines.length === 0 ? 'Every lot counted right: the count is closed and nothing else is written.' : `Net value ${formatMoney(p.netValue)}. Movements cannot be deleted: a mistake is corrected by a new count.`);
  return {
    title: p.lines.length === 0 ? `Close count ${p.countId}?` : `Post ${plural(p.lines.length, 'adjustment')}?`,
    lines,
    confirm: p.lines.length === 0 ? 'Close the count' : `Post ${plural(p.lines.length, 'adjustment')}`,
  };
}

// ---------------------------------------------------------------------------------------------------- who is working

export const WHO_WORDS = {
  label: 'Who is working',
  ask: 'Your name',
  why: 'Lotbook writes it into the Log and Movements beside each change, as the audit trail needs. Kept on this computer.',
  save: 'Save name',
  change: 'Change',
  /** Written when nobody has given a name yet on this computer. */
  unnamed: 'unnamed user',
} as const;

// ---------------------------------------------------------------------------------------------------- Settings
// The rules kept in the workbook (domain/rules.ts): what each one is called and what it does, in plain words.

export const SETTINGS_WORDS = {
  reading: 'Reading Settings from the workbook…',
  cannotRead: 'Cannot read Settings',
  tryAgain: 'Try again',
  intro: 'Rules your brand changes without code. They live in the Settings sheet, so they travel with the workbook and every Lotbook pane follows them.',
  save: 'Save',
  saved: 'Saved',
  unchanged: 'Already saved: nothing changed.',
  notSaved: 'Not saved',
  inCell: (address: string) => `In ${address}`,
  notSet: (using: string) => `Not set: Lotbook uses ${using}.`,
  formats: 'Lot code formats',
  formatsHint: 'What a supplier’s or a product’s lot codes look like, so that Receive warns about a code that does not fit (a mis-scan or a typing slip). # is a digit, @ a letter, ? either, * anything; e.g. ASH-####-@. A product’s format wins over its supplier’s. Receive warns and still saves: a supplier may change its format without notice.',
  formatFor: 'For',
  formatName: (scope: 'sku' | 'supplier') => (scope === 'sku' ? 'SKU' : 'Supplier'),
  formatPattern: 'Format',
  addFormat: 'Add format',
  noFormats: 'No lot code formats yet.',
  clearHint: 'Empty the format and save to remove it.',
  badCells: 'Values typed into Settings that Lotbook cannot use',
  problemsHint: 'Lotbook uses the default for each until it is fixed, here or in the sheet. Click a cell to go to it.',
} as const;

/** What the Lots and Receive panes say about the rules they follow. */
export const LOTS_RULE_WORDS = {
  coaNeeded: 'Needed to release (Settings: release needs a COA reference).',
  coaOptional: 'Optional: Settings say a release needs no COA reference.',
} as const;

export const RECEIVE_RULE_WORDS = {
  startsIn: (status: 'quarantine' | 'released') =>
    status === 'quarantine' ? 'New lots start in quarantine until QA releases them.' : 'New lots start released, ready to use (as Settings say).',
  newLot: (status: 'quarantine' | 'released') => (status === 'quarantine' ? 'a new lot, in quarantine until QA releases it' : 'a new lot, released (as Settings say)'),
  gsHint: (workbook: string) =>
    workbook === ''
      ? 'Leave empty unless your scanner sends a character such as | for the GS1 separator. The workbook’s Settings can set it for every computer.'
      : `Empty: the workbook’s Settings say ${workbook}. Type another character to override it on this computer.`,
} as const;

/**
 * Receive's stock preview. The form is usable once Products, Lots and Settings are read; Movements (the ledger, the
 * biggest table) follows, and until it is read nothing that depends on it is shown (no on hand of 0).
 */
export const RECEIVE_STOCK_WORDS = {
  reading: 'Reading stock history…',
  failedTitle: 'Stock history not read',
  failed: (why: string) => `${why} On hand and the checks that need past movements cannot be shown until it is read. You can still save: saving reads the workbook again.`,
  retry: 'Read stock again',
  newLot: (lot: string, after: string) => `New lot ${lot}: ${after} on hand after this receipt.`,
  existingLot: (lot: string, now: string, after: string) => `${lot}: ${now} on hand now, ${after} after this receipt.`,
} as const;

/** Each rule's name and what it does. Keys are domain/rules.ts RuleId. */
export const RULE_WORDS = {
  receiptStatus: {
    label: 'New lots start in',
    hint: 'The status a received lot starts in. Quarantine keeps it out of production and picking until QA releases it in the Lots pane; released lots can be used at once.',
    options: { quarantine: 'Quarantine', released: 'Released' },
  },
  releaseNeedsCoa: {
    label: 'Release needs a COA reference',
    hint: 'Whether QA must give the certificate of analysis a lot is released against (or the lot already has one).',
    options: { yes: 'Yes', no: 'No' },
  },
  expiryWarningDays: {
    label: 'Expiry warning windows (days)',
    hint: 'How many days before expiry a lot is flagged in Expiring lots and marked in Lots, e.g. 30, 60, 90.',
  },
  defaultMinShelfLifeDays: {
    label: 'Default minimum shelf life (days)',
    hint: 'Days of shelf life a lot must have left to be picked, for customers and products that give none. Empty: no minimum.',
  },
  productionLotPattern: {
    label: 'Lot codes for production runs',
    hint: 'How Produce names the lots it makes: {yyyy} {yy} {mm} {dd} for the date, {sku}, and {seq} for a number that counts up.',
  },
  labelStock: {
    label: 'Label size',
    hint: 'The label stock the Lots pane prints on unless you choose another there.',
  },
  scannerGsSubstitute: {
    label: 'Scanner types GS as',
    hint: 'The character your handheld scanners type for the GS1 separator (such as |), or a key name such as F8. Empty when they send GS.',
  },
  facility: {
    label: 'Facility (FSMA 204)',
    hint: 'This business’s name and address, written on the FSMA 204 sheet as the location description FDA asks for.',
  },
} as const;
