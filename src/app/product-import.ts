/**
 * CSV import of products (issue 16): a product list exported from an ERP or a spreadsheet becomes Products rows
 * under the same rules as the Products form: every row is planned by products.ts planProduct against Products and
 * the rows before it, problems are reported per row with the file's row number, column and value, and the user
 * imports the valid rows or nothing. An import never changes a product that is already there (that is an edit);
 * a row that equals one is "already in Products" and writes nothing, so a file imported twice writes once.
 */
import type { Product } from '../domain/types';
import { columnsUsedTwice, guessColumns, type CsvFieldDef, type CsvFile, type CsvRow } from './csv-import';
import type { TableSnapshot, WorkbookPort } from './ports';
import { planProduct, skuIdentity, type ProductErrorCode, type ProductField, type ProductInput } from './products';

export const PRODUCT_FIELDS: readonly CsvFieldDef<ProductField>[] = [
  { field: 'sku', label: 'SKU', aliases: ['sku', 'item', 'itemcode', 'itemno', 'productcode', 'article', 'partno', 'partnumber', 'code'] },
  { field: 'gtin', label: 'GTIN', aliases: ['gtin', 'gtin14', 'ean', 'ean13', 'upc', 'barcode'] },
  { field: 'description', label: 'Description', aliases: ['description', 'name', 'productname', 'itemname', 'product', 'title'] },
  { field: 'unit', label: 'Unit', aliases: ['unit', 'uom', 'unitofmeasure', 'units'] },
  { field: 'decimals', label: 'Decimals', aliases: ['decimals', 'decimalplaces', 'precision'] },
  { field: 'shelfLifeDays', label: 'Shelf life days', aliases: ['shelflifedays', 'shelflife', 'shelflifed'] },
  { field: 'minShipLifeDays', label: 'Min ship life days', aliases: ['minshiplifedays', 'minshiplife', 'minimumshiplife', 'minimumshiplifedays'] },
  { field: 'kind', label: 'Kind', aliases: ['kind', 'type', 'producttype', 'itemtype', 'category'] },
];

export type ProductMapping = Readonly<Partial<Record<ProductField, number>>>;

export function guessProductMapping(headers: readonly string[]): ProductMapping {
  return guessColumns(headers, PRODUCT_FIELDS);
}

export type ProductMappingProblemCode = 'no-sku-column' | 'no-description-column' | 'column-used-twice';

export function checkProductMapping(mapping: ProductMapping, headers: readonly string[]): Array<{ readonly code: ProductMappingProblemCode; readonly message: string }> {
  const out: Array<{ code: ProductMappingProblemCode; message: string }> = [];
  if (mapping.sku === undefined) out.push({ code: 'no-sku-column', message: 'Choose the column that holds the SKU.' });
  if (mapping.description === undefined) out.push({ code: 'no-description-column', message: 'Choose the column that holds the description.' });
  for (const message of columnsUsedTwice(mapping, PRODUCT_FIELDS, headers)) out.push({ code: 'column-used-twice', message });
  return out;
}

export interface ProductImportProblem {
  readonly line: number;
  readonly column: string;
  readonly value: string;
  readonly code: ProductErrorCode;
  readonly message: string;
}

export interface ProductImportPlan {
  readonly ready: ReadonlyArray<{ readonly line: number; readonly product: Product }>;
  /** Rows equal to a product already in Products: nothing to write. */
  readonly alreadyThere: readonly number[];
  readonly problems: readonly ProductImportProblem[];
  readonly products: readonly Product[];
}

function rowInput(row: CsvRow, mapping: ProductMapping): ProductInput {
  const cell = (f: ProductField): string => {
    const c = mapping[f];
    return c === undefined ? '' : (row.cells[c] ?? '');
  };
  return {
    sku: cell('sku'),
    gtin: cell('gtin'),
    description: cell('description'),
    unit: cell('unit'),
    decimals: cell('decimals'),
    shelfLifeDays: cell('shelfLifeDays'),
    minShipLifeDays: cell('minShipLifeDays'),
    kind: cell('kind'),
  };
}

/** Plans every row against Products and the file's rows before it (two rows of one SKU are one product). */
export function planProductImport(csv: CsvFile, mapping: ProductMapping, products: TableSnapshot<'Products'>): ProductImportPlan {
  // One growing copy of the rows (not a copy per imported row): later rows see the products the earlier ones add.
  const rows: Product[] = [...products.rows];
  const table: TableSnapshot<'Products'> = { ...products, rows };
  const ready: Array<{ line: number; product: Product }> = [];
  const alreadyThere: number[] = [];
  const problems: ProductImportProblem[] = [];
  const original = new Set(products.rows.map((p) => skuIdentity(p.sku)));
  for (const row of csv.rows) {
    const input = rowInput(row, mapping);
    const plan = planProduct(input, { mode: 'add' }, table);
    if (!plan.ok) {
      const field = plan.field;
      const column = field === undefined ? '' : mapping[field] === undefined ? (PRODUCT_FIELDS.find((d) => d.field === field)?.label ?? field) : (csv.headers[mapping[field]!] ?? '');
      problems.push({ line: row.line, column, value: field === undefined ? '' : (input[field] ?? ''), code: plan.code, message: plan.message });
      continue;
    }
    if (plan.alreadySaved) {
      if (original.has(skuIdentity(plan.product.sku))) alreadyThere.push(row.line);
      continue;
    }
    ready.push({ line: row.line, product: plan.product });
    rows.push(plan.product);
  }
  return { ready, alreadyThere, problems, products: ready.map((r) => r.product) };
}

export type ProductImportOutcome =
  | { readonly ok: false; readonly code: ProductMappingProblemCode | 'nothing-to-import'; readonly message: string }
  | { readonly ok: true; readonly plan: ProductImportPlan; readonly written: number };

/** Imports the valid rows: fresh read, plan, one write. */
export async function importProducts(workbook: WorkbookPort, csv: CsvFile, mapping: ProductMapping): Promise<ProductImportOutcome> {
  const mappingProblems = checkProductMapping(mapping, csv.headers);
  if (mappingProblems[0]) return { ok: false, code: mappingProblems[0].code, message: mappingProblems.map((p) => p.message).join(' ') };
  return workbook.transact(async (tx) => {
    const { Products } = await tx.read(['Products']);
    const plan = planProductImport(csv, mapping, Products);
    if (plan.ready.length === 0 && plan.alreadyThere.length === 0) return { ok: false, code: 'nothing-to-import', message: 'No row of the file can be imported: see the problems listed.' } as const;
    const report = plan.products.length ? await tx.write({ append: { Products: plan.products } }) : { appended: {} as { Products?: number } };
    return { ok: true, plan, written: report.appended.Products ?? 0 } as const;
  });
}
