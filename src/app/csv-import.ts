/**
 * CSV import of receipts (issue 3): a supplier's or an ERP's receiving file becomes Lots rows and RECEIVE
 * movements under the same rules as the Receive form: every row is planned by receive.ts planReceipt (nothing is
 * re-decided here), problems are reported per row with the file's row number, column and value, and the user
 * imports the valid rows or nothing. Text never becomes a formula because every value reaches the workbook
 * through WorkbookPort (the adapter writes text-safe).
 *
 * Re-importing a file must not double the receipts, so each row's movement id is derived from what the row says
 * (see movementIdFor): the adapter skips an id that is already in Movements.
 */
import Papa from 'papaparse';
import type { Parser, ParseResult } from 'papaparse';
import { nowIsoDateTime } from '../domain/dates';
import type { IsoDate, LogEntry, Lot, Movement } from '../domain/types';
import type { TableSnapshot, WorkbookPort, WriteBatch, WriteReport } from './ports';
import { planReceipt, RECEIPT_TABLES, withReceipt, type ReceiptErrorCode, type ReceiptField, type ReceiptInput, type ReceiptPlan, type ReceiptTables } from './receive';
import { cyrb53 } from '../domain/hash';
import { keyText } from '../domain/keys';

// ------------------------------------------------------------------------------------------------------ the file

export interface CsvRow {
  /** The row number in the file as a spreadsheet shows it when it opens the file (the header row is 1). */
  readonly line: number;
  readonly cells: readonly string[];
}

export interface CsvFile {
  readonly headers: readonly string[];
  readonly rows: readonly CsvRow[];
  /** Rows papaparse could not read cleanly (e.g. a quote never closed), with the row number. */
  readonly errors: ReadonlyArray<{ readonly line: number; readonly message: string }>;
}

/**
 * Reads a CSV file (or text) in chunks, reporting the fraction read so that a big file shows a progress bar.
 * The delimiter is detected (comma, semicolon, tab: Excel's CSV export follows the region's list separator).
 */
export function parseCsv(source: File | string, onProgress?: (fraction: number) => void): Promise<CsvFile> {
  const total = typeof source === 'string' ? source.length : source.size;
  return new Promise((resolve, reject) => {
    let headers: string[] | null = null;
    const rows: CsvRow[] = [];
    const errors: Array<{ line: number; message: string }> = [];
    let line = 0;
    let reported = -1;
    const chunk = (result: ParseResult<string[]>) => {
      const firstLine = line + 1;
      for (const cells of result.data) {
        line += 1;
        if (headers === null) {
          // Excel writes a byte order mark before the first header of a "CSV UTF-8" file.
          headers = cells.map((h, i) => (i === 0 ? h.replace(/^\ufeff/, '') : h).trim());
          continue;
        }
        if (cells.every((c) => c.trim() === '')) continue;
        rows.push({ line, cells });
      }
      for (const e of result.errors) {
        if (e.code === 'UndetectableDelimiter') continue;
        errors.push({ line: typeof e.row === 'number' ? firstLine + e.row : firstLine, message: e.message });
      }
      const fraction = total > 0 ? Math.min(1, result.meta.cursor / total) : 1;
      // Every whole percent is enough for a progress bar, and keeps a big file from re-rendering per chunk.
      if (onProgress && Math.floor(fraction * 100) !== reported) {
        reported = Math.floor(fraction * 100);
        onProgress(fraction);
      }
    };
    const config = {
      header: false,
      skipEmptyLines: false,
      chunkSize: 256 * 1024,
      chunk: (result: ParseResult<string[]>, _parser: Parser) => chunk(result),
      complete: () => {
        onProgress?.(1);
        resolve({ headers: headers ?? [], rows, errors });
      },
      error: (e: Error) => reject(e),
    };
    if (typeof source === 'string') Papa.parse<string[]>(source, config as never);
    else Papa.parse<string[], File>(source, config);
  });
}

// ------------------------------------------------------------------------------------------------------ columns

export type ImportField = ReceiptField;

/** A field a CSV column can be mapped to (receipts here, products in product-import.ts). */
export interface CsvFieldDef<F extends string> {
  readonly field: F;
  readonly label: string;
  /** Normalized headers (lower case, letters and digits only) that mean this field. */
  readonly aliases: readonly string[];
}

export type ImportFieldDef = CsvFieldDef<ImportField>;

/** The receipt's fields in the order the mapping shows them, with the headers that usually mean them. */
export const IMPORT_FIELDS: readonly ImportFieldDef[] = [
  { field: 'gtin', label: 'GTIN', aliases: ['gtin', 'gtin14', 'ean', 'ean13', 'upc', 'barcode', '01'] },
  { field: 'sku', label: 'SKU', aliases: ['sku', 'item', 'itemcode', 'itemno', 'product', 'productcode', 'article', 'partno', 'partnumber'] },
  { field: 'lot', label: 'Lot', aliases: ['lot', 'lotcode', 'lotno', 'lotnumber', 'batch', 'batchno', 'batchnumber', '10'] },
  { field: 'expiry', label: 'Expiry', aliases: ['expiry', 'expiration', 'expirationdate', 'expirydate', 'exp', 'expdate', 'bestbefore', 'useby', '17'] },
  { field: 'productionDate', label: 'Production date', aliases: ['productiondate', 'manufactured', 'mfgdate', 'mfg', 'manufacturedate', 'manufacturingdate', 'produced', '11'] },
  { field: 'quantity', label: 'Quantity', aliases: ['quantity', 'qty', 'qtyreceived', 'quantityreceived', 'received qty', 'count', 'amount', '30'] },
  { field: 'supplier', label: 'Supplier', aliases: ['supplier', 'vendor', 'suppliername', 'vendorname'] },
  { field: 'supplierLot', label: 'Supplier lot', aliases: ['supplierlot', 'vendorlot', 'supplierbatch', 'vendorbatch', 'supplierlotno'] },
  { field: 'origin', label: 'Origin', aliases: ['origin', 'countryoforigin', 'coo', 'country'] },
  { field: 'location', label: 'Location', aliases: ['location', 'bin', 'warehouse', 'loc', 'storagelocation'] },
  { field: 'unitCost', label: 'Unit cost', aliases: ['unitcost', 'cost', 'unitprice', 'price', 'costperunit'] },
  { field: 'poRef', label: 'PO reference', aliases: ['po', 'poref', 'ponumber', 'pono', 'purchaseorder', 'reference', 'ref', '400'] },
  { field: 'coaRef', label: 'COA reference', aliases: ['coa', 'coaref', 'coanumber', 'certificate', 'certificateofanalysis'] },
  { field: 'note', label: 'Note', aliases: ['note', 'notes', 'comment', 'comments', 'remark', 'remarks'] },
  { field: 'received', label: 'Received date', aliases: ['received', 'receiveddate', 'receiptdate', 'datereceived', 'date'] },
];

/** Which column (0-based index in the file) each field is read from; a field without one is left blank. */
export type ColumnMapping = Readonly<Partial<Record<ImportField, number>>>;

const normalize = (h: string): string => h.toLowerCase().replace(/[^a-z0-9]/g, '');

/** A first mapping from the headers (the user can change it): exact alias matches, each column used once. */
export function guessColumns<F extends string>(headers: readonly string[], defs: readonly CsvFieldDef<F>[]): Partial<Record<F, number>> {
  const taken = new Set<number>();
  const out: Partial<Record<F, number>> = {};
  for (const def of defs) {
    const aliases = def.aliases.map(normalize);
    const i = headers.findIndex((h, index) => !taken.has(index) && aliases.includes(normalize(h)));
    if (i >= 0) {
      out[def.field] = i;
      taken.add(i);
    }
  }
  return out;
}

export function guessMapping(headers: readonly string[]): ColumnMapping {
  return guessColumns(headers, IMPORT_FIELDS);
}

/** "Column X is chosen for A and B", once per column chosen for more than one field. */
export function columnsUsedTwice<F extends string>(mapping: Readonly<Partial<Record<F, number>>>, defs: readonly CsvFieldDef<F>[], headers: readonly string[]): string[] {
  const byColumn = new Map<number, string[]>();
  for (const def of defs) {
    const c = mapping[def.field];
    if (c !== undefined) byColumn.set(c, [...(byColumn.get(c) ?? []), def.label]);
  }
  return [...byColumn].filter(([, labels]) => labels.length > 1).map(([c, labels]) => `Column "${headers[c] ?? c + 1}" is chosen for ${labels.join(' and ')}.`);
}

export type MappingProblemCode = 'no-product-column' | 'no-lot-column' | 'no-quantity-column' | 'column-used-twice';

/** What the mapping lacks before any row can be planned. */
export function checkMapping(mapping: ColumnMapping, headers: readonly string[]): Array<{ readonly code: MappingProblemCode; readonly message: string }> {
  const out: Array<{ code: MappingProblemCode; message: string }> = [];
  if (mapping.gtin === undefined && mapping.sku === undefined) out.push({ code: 'no-product-column', message: 'Choose the column that holds the GTIN or the SKU.' });
  if (mapping.lot === undefined) out.push({ code: 'no-lot-column', message: 'Choose the column that holds the lot code.' });
  if (mapping.quantity === undefined) out.push({ code: 'no-quantity-column', message: 'Choose the column that holds the quantity received.' });
  for (const message of columnsUsedTwice(mapping, IMPORT_FIELDS, headers)) out.push({ code: 'column-used-twice', message });
  return out;
}

// ------------------------------------------------------------------------------------------------------ ids

/** 24 hex digits (two seeded 53-bit hashes): collisions among a workbook's receipts are not a practical concern. */
export function contentHash(s: string): string {
  return `${cyrb53(s, 1).toString(16).padStart(14, '0')}${cyrb53(s, 2).toString(16).padStart(14, '0')}`.slice(0, 24);
}

/**
 * The movement id of an imported row, derived from what the row says, so that importing the same file again
 * (or a copy, or the file after fixing one broken row) finds every row it wrote before and writes nothing twice.
 *
 * The key is the row's mapped values, trimmed, by field (not by column position: re-mapping or reordering columns
 * does not change it), plus how many identical rows came before it in the same file, so two identical lines (two
 * pallets of one lot on one PO) are two receipts. The file's hash and the row's line number are deliberately left
 * out: with them, fixing one broken row or deleting a header line would give every row a new id and re-importing
 * the corrected file would double all receipts already imported. The price: the same line in two different files
 * counts once; a real second receipt of the same lot, quantity and PO differs in its received date or note.
 */
export function movementIdFor(input: ReceiptInput, occurrence: number): string {
  const normalized = IMPORT_FIELDS.map((d) => `${d.field}=${(input[d.field] ?? '').trim()}`).join('\u001f');
  return `CSV-${contentHash(`${normalized}\u001e${occurrence}`)}`;
}

// ------------------------------------------------------------------------------------------------------ planning

export interface ImportProblem {
  readonly line: number;
  /** The file's header of the column at fault, or the field's name when it has no column. */
  readonly column: string;
  readonly value: string;
  readonly code: ReceiptErrorCode;
  readonly message: string;
}

export interface ImportRowPlan {
  readonly line: number;
  readonly input: ReceiptInput;
  readonly plan: ReceiptPlan;
}

export interface ImportPlan {
  readonly rows: readonly ImportRowPlan[];
  readonly problems: readonly ImportProblem[];
  /**
   * Expired lots, flagged rather than ready: imported only with a reason (ImportContext.expiredReason), which goes
   * to the Log. With a reason they are in `rows` and listed here still, so the preview keeps flagging them.
   */
  readonly expired: readonly ImportProblem[];
  /** One batch with every valid row: new lots (with their final On Hand), updated lots and movements. */
  readonly batch: WriteBatch;
  /** Valid rows whose movement is already in the workbook (an earlier import): they write nothing. */
  readonly alreadyImported: number;
  readonly newLots: number;
  readonly movements: number;
}

export interface ImportContext {
  readonly user: string;
  readonly today: IsoDate;
  /** Why the expired rows are imported anyway; without it they are left out. */
  readonly expiredReason?: string;
}

function rowInput(row: CsvRow, mapping: ColumnMapping): ReceiptInput {
  const cell = (f: ImportField): string => {
    const c = mapping[f];
    return c === undefined ? '' : (row.cells[c] ?? '');
  };
  return {
    gtin: cell('gtin'),
    sku: cell('sku'),
    lot: cell('lot'),
    expiry: cell('expiry'),
    productionDate: cell('productionDate'),
    quantity: cell('quantity'),
    supplier: cell('supplier'),
    supplierLot: cell('supplierLot'),
    origin: cell('origin'),
    location: cell('location'),
    unitCost: cell('unitCost'),
    poRef: cell('poRef'),
    coaRef: cell('coaRef'),
    note: cell('note'),
    received: cell('received'),
  };
}

/**
 * Plans every row with planReceipt, each against the tables as the rows before it left them (two rows of one new
 * lot make one Lots row and two movements). Each row sees only the lots and movements of its own lot code, so a
 * file of thousands of rows costs thousands of small plans, not thousands of copies of Movements.
 */
export function planImport(csv: CsvFile, mapping: ColumnMapping, tables: ReceiptTables, ctx: ImportContext): ImportPlan {
  const lotsByCode = new Map<string, Lot[]>();
  // Grouped by the lot code's identity (capitals and outer spaces aside), as planReceipt matches lots.
  for (const l of tables.Lots.rows) lotsByCode.set(keyText(l.lot), [...(lotsByCode.get(keyText(l.lot)) ?? []), l]);
  const movementsByCode = new Map<string, Movement[]>();
  for (const m of tables.Movements.rows) movementsByCode.set(keyText(m.lot), [...(movementsByCode.get(keyText(m.lot)) ?? []), m]);
  const existingIds = new Set(tables.Movements.rows.map((m) => m.id));
  const originalLots = new Set(tables.Lots.rows.map((l) => `${l.sku}\u0000${l.lot}`));

  const seen = new Map<string, number>();
  const rows: ImportRowPlan[] = [];
  const problems: ImportProblem[] = [];
  const expired: ImportProblem[] = [];
  const logs: LogEntry[] = [];
  const finalLots = new Map<string, Lot>();
  const movements: Movement[] = [];
  let alreadyImported = 0;

  for (const row of csv.rows) {
    const input = rowInput(row, mapping);
    const signature = IMPORT_FIELDS.map((d) => (input[d.field] ?? '').trim()).join('\u001f');
    const occurrence = (seen.get(signature) ?? 0) + 1;
    seen.set(signature, occurrence);
    const id = movementIdFor(input, occurrence);
    const code = keyText(input.lot ?? '');
    const sub: ReceiptTables = {
      Products: tables.Products,
      Lots: { ...tables.Lots, rows: lotsByCode.get(code) ?? [] } as TableSnapshot<'Lots'>,
      Movements: { ...tables.Movements, rows: movementsByCode.get(code) ?? [] } as TableSnapshot<'Movements'>,
      ...(tables.Settings ? { Settings: tables.Settings } : {}),
    };
    const rowCtx = { user: ctx.user, today: ctx.today, now: nowIsoDateTime(), ids: { movement: id, log: `${id}-L` } };
    const columnOf = (field: ReceiptField | undefined) => (field === undefined ? '' : mapping[field] === undefined ? (IMPORT_FIELDS.find((d) => d.field === field)?.label ?? field) : (csv.headers[mapping[field]!] ?? ''));
    let plan = planReceipt(input, sub, rowCtx);
    if (!plan.ok && plan.code === 'expired') {
      expired.push({ line: row.line, column: columnOf(plan.field), value: plan.field === undefined ? '' : (input[plan.field] ?? ''), code: plan.code, message: plan.message });
      if ((ctx.expiredReason ?? '').trim() === '') continue;
      plan = planReceipt({ ...input, expiredReason: ctx.expiredReason }, sub, rowCtx);
    }
    if (!plan.ok) {
      const field = plan.field;
      problems.push({ line: row.line, column: columnOf(field), value: field === undefined ? '' : (input[field] ?? ''), code: plan.code, message: plan.message });
      continue;
    }
    rows.push({ line: row.line, input, plan });
    const after = withReceipt(sub, plan);
    lotsByCode.set(code, [...after.Lots.rows]);
    movementsByCode.set(code, [...after.Movements.rows]);
    finalLots.set(`${plan.lot.sku}\u0000${plan.lot.lot}`, plan.lot);
    if (plan.alreadySaved || existingIds.has(plan.movement.id)) alreadyImported += 1;
    else {
      movements.push(plan.movement);
      logs.push(...(plan.batch.append?.Log ?? []));
    }
  }

  const appendLots: Lot[] = [];
  const updateLots: Lot[] = [];
  for (const [key, lot] of finalLots) {
    if (!originalLots.has(key)) appendLots.push(lot);
    else if (tables.Lots.rows.find((l) => `${l.sku}\u0000${l.lot}` === key)?.onHand !== lot.onHand) updateLots.push(lot);
  }
  const batch: WriteBatch = {
    append: { ...(appendLots.length ? { Lots: appendLots } : {}), ...(movements.length ? { Movements: movements } : {}), ...(logs.length ? { Log: logs } : {}) },
    ...(updateLots.length ? { update: { Lots: updateLots } } : {}),
  };
  return { rows, problems, expired, batch, alreadyImported, newLots: appendLots.length, movements: movements.length };
}

export async function readImportTables(workbook: WorkbookPort): Promise<ReceiptTables> {
  return workbook.transact((tx) => tx.read(RECEIPT_TABLES));
}

export type ImportErrorCode = MappingProblemCode | 'nothing-to-import';

export type ImportOutcome =
  | { readonly ok: false; readonly code: ImportErrorCode; readonly message: string }
  | {
      readonly ok: true;
      /** The plan made from the fresh read just before writing (rows may differ from the preview's). */
      readonly plan: ImportPlan;
      readonly written: { readonly lots: number; readonly lotsUpdated: number; readonly movements: number };
    };

/**
 * Imports the valid rows: fresh read, plan, one write. Rows with problems are left out (the preview showed them
 * and the user chose to import the rest); the plan in the outcome lists them again as of this read.
 */
export async function importReceipts(workbook: WorkbookPort, csv: CsvFile, mapping: ColumnMapping, ctx: ImportContext): Promise<ImportOutcome> {
  const mappingProblems = checkMapping(mapping, csv.headers);
  if (mappingProblems[0]) return { ok: false, code: mappingProblems[0].code, message: mappingProblems.map((p) => p.message).join(' ') };
  return workbook.transact(async (tx) => {
    const tables = await tx.read(RECEIPT_TABLES);
    const plan = planImport(csv, mapping, tables, ctx);
    if (plan.rows.length === 0) return { ok: false, code: 'nothing-to-import', message: 'No row of the file can be imported: see the problems listed.' } as const;
    const hasWrites = (plan.batch.append?.Lots?.length ?? 0) + (plan.batch.append?.Movements?.length ?? 0) + (plan.batch.append?.Log?.length ?? 0) + (plan.batch.update?.Lots?.length ?? 0) > 0;
    const report: Pick<WriteReport, 'appended' | 'updated'> = hasWrites ? await tx.write(plan.batch) : { appended: {}, updated: {} };
    return {
      ok: true,
      plan,
      written: { lots: report.appended.Lots ?? 0, lotsUpdated: report.updated.Lots ?? 0, movements: report.appended.Movements ?? 0 },
    } as const;
  });
}
