/**
 * The workbook's tables: one structured table per sheet, sheet and table named alike. Column order here is
 * the order a new table gets; the add-in finds columns by header, so users may reorder columns and add
 * their own.
 */
import {
  LOT_STATUSES,
  MOVEMENT_TYPES,
  ORDER_STATUSES,
  PRODUCT_KINDS,
  type EntityByTable,
  type TableName,
} from './types';

/**
 * - `id`: an identifier (SKU, lot, order, GTIN...). Text-formatted so that `000123` stays `000123`.
 * - `text`: free text. Text-formatted; never becomes a formula.
 * - `int`: a whole number (line numbers, days, decimals).
 * - `qty`: a quantity in the SKU's unit, shown as a decimal number, held as integer thousandths (`Qty`).
 * - `money`: an amount, shown as a decimal number, held as integer ten-thousandths (`Money`).
 * - `date`: an Excel date shown as yyyy-mm-dd, held as an ISO date string (`IsoDate`).
 * - `datetime`: an Excel date and time, held as `YYYY-MM-DDTHH:MM:SS` (`IsoDateTime`).
 * - `enum`: one of `values`, stored as text.
 */
export type ColumnType = 'id' | 'text' | 'int' | 'qty' | 'money' | 'date' | 'datetime' | 'enum';

export const NUMBER_FORMATS: Readonly<Record<ColumnType, string>> = {
  id: '@',
  text: '@',
  enum: '@',
  int: '0',
  qty: '#,##0.###',
  money: '#,##0.00##',
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm:ss',
};

/** Column types whose cells must be text-formatted before anything is written. */
export const TEXT_COLUMN_TYPES: ReadonlySet<ColumnType> = new Set<ColumnType>(['id', 'text', 'enum']);

export interface ColumnDef<E = unknown> {
  /** The header a user sees, and how the add-in finds the column. */
  readonly header: string;
  readonly field: keyof E & string;
  readonly type: ColumnType;
  /** A blank cell is a problem. Optional columns decode blanks to '' (text) or null (others). */
  readonly required: boolean;
  readonly values?: readonly string[];
  /** For `qty`: a negative value is a problem (receipts, orders, shipments). */
  readonly nonNegative?: boolean;
  /**
   * The column must exist although its cells may be blank: features decide on it (FEFO and production judge lots by
   * Expiry), and without the column every row would look like "no expiry" rather than "unknown".
   */
  readonly essential?: boolean;
}

export interface TableDef<N extends TableName = TableName> {
  readonly name: N;
  readonly columns: readonly ColumnDef<EntityByTable[N]>[];
  /** Fields that together identify a row; empty for none. */
  readonly key: readonly (keyof EntityByTable[N] & string)[];
  /** Rows are never edited or deleted by the add-in: corrections are new rows. */
  readonly appendOnly: boolean;
}

type Cols<N extends TableName> = readonly ColumnDef<EntityByTable[N]>[];

function col<E>(
  header: string,
  field: keyof E & string,
  type: ColumnType,
  options: { required?: boolean; values?: readonly string[]; nonNegative?: boolean; essential?: boolean } = {},
): ColumnDef<E> {
  return { header, field, type, required: options.required ?? false, ...(options.values ? { values: options.values } : {}), ...(options.nonNegative ? { nonNegative: true } : {}), ...(options.essential ? { essential: true } : {}) };
}

const products: Cols<'Products'> = [
  col('SKU', 'sku', 'id', { required: true }),
  col('GTIN', 'gtin', 'id'),
  col('Description', 'description', 'text', { required: true }),
  col('Unit', 'unit', 'text', { required: true }),
  col('Decimals', 'decimals', 'int', { required: true }),
  col('Shelf Life Days', 'shelfLifeDays', 'int'),
  col('Min Ship Life Days', 'minShipLifeDays', 'int'),
  col('Kind', 'kind', 'enum', { required: true, values: PRODUCT_KINDS }),
];

const lots: Cols<'Lots'> = [
  col('SKU', 'sku', 'id', { required: true }),
  col('Lot', 'lot', 'id', { required: true }),
  col('Supplier', 'supplier', 'text'),
  col('Supplier Lot', 'supplierLot', 'id'),
  col('Origin', 'origin', 'text'),
  col('Manufactured', 'manufactured', 'date'),
  col('Expiry', 'expiry', 'date', { essential: true }),
  col('Received', 'received', 'date'),
  col('Status', 'status', 'enum', { required: true, values: LOT_STATUSES }),
  col('Unit Cost', 'unitCost', 'money'),
  col('Location', 'location', 'id'),
  col('COA Ref', 'coaRef', 'text'),
  col('On Hand', 'onHand', 'qty'),
];

const movements: Cols<'Movements'> = [
  col('Movement ID', 'id', 'id', { required: true }),
  col('Date', 'date', 'date', { required: true }),
  col('Type', 'type', 'enum', { required: true, values: MOVEMENT_TYPES }),
  col('SKU', 'sku', 'id', { required: true }),
  col('Lot', 'lot', 'id', { required: true }),
  col('Qty', 'qty', 'qty', { required: true }),
  col('Location', 'location', 'id'),
  col('Reference', 'ref', 'id'),
  col('Unit Cost', 'unitCost', 'money'),
  col('User', 'user', 'text'),
  col('Note', 'note', 'text'),
];

const shipments: Cols<'Shipments'> = [
  col('Shipment ID', 'id', 'id', { required: true }),
  col('Line', 'line', 'int', { required: true }),
  col('Order', 'orderId', 'id'),
  col('Ship Date', 'date', 'date', { required: true }),
  col('Customer ID', 'customerId', 'id', { required: true }),
  col('SKU', 'sku', 'id', { required: true }),
  col('Lot', 'lot', 'id', { required: true }),
  col('Qty', 'qty', 'qty', { required: true, nonNegative: true }),
  col('Carrier', 'carrier', 'text'),
  col('Tracking', 'tracking', 'id'),
];

const customers: Cols<'Customers'> = [
  col('Customer ID', 'id', 'id', { required: true }),
  col('Name', 'name', 'text', { required: true }),
  col('Contact', 'contact', 'text'),
  col('Email', 'email', 'text'),
  col('Phone', 'phone', 'id'),
  col('Address', 'address', 'text'),
  col('City', 'city', 'text'),
  col('Region', 'region', 'text'),
  col('Postal Code', 'postalCode', 'id'),
  col('Country', 'country', 'text'),
  col('Min Shelf Life Days', 'minShelfLifeDays', 'int'),
];

const orders: Cols<'Orders'> = [
  col('Order', 'orderId', 'id', { required: true }),
  col('Line', 'line', 'int', { required: true }),
  col('Customer ID', 'customerId', 'id', { required: true }),
  col('SKU', 'sku', 'id', { required: true }),
  col('Qty', 'qty', 'qty', { required: true, nonNegative: true }),
  col('Due Date', 'dueDate', 'date'),
  col('Status', 'status', 'enum', { required: true, values: ORDER_STATUSES }),
];

const runs: Cols<'Runs'> = [
  col('Run ID', 'id', 'id', { required: true }),
  col('Date', 'date', 'date', { required: true }),
  col('Output SKU', 'outputSku', 'id', { required: true }),
  col('Output Lot', 'outputLot', 'id', { required: true }),
  col('Planned Qty', 'plannedQty', 'qty', { required: true, nonNegative: true }),
  col('Actual Qty', 'actualQty', 'qty', { required: true, nonNegative: true }),
  col('Conversion Cost', 'conversionCost', 'money', { required: true }),
  col('User', 'user', 'text'),
  col('Note', 'note', 'text'),
];

const log: Cols<'Log'> = [
  // DESIGN.md gives Log no business key; the entry id exists so that a retried write is not logged twice.
  col('Entry ID', 'id', 'id', { required: true }),
  col('When', 'when', 'datetime', { required: true }),
  col('User', 'user', 'text'),
  col('Action', 'action', 'text', { required: true }),
  col('Table', 'table', 'text'),
  col('Key', 'key', 'text'),
  col('From', 'from', 'text'),
  col('To', 'to', 'text'),
  col('Why', 'why', 'text'),
];

const settings: Cols<'Settings'> = [col('Key', 'key', 'id', { required: true }), col('Value', 'value', 'text')];

export const TABLES: { readonly [N in TableName]: TableDef<N> } = {
  Products: { name: 'Products', columns: products, key: ['sku'], appendOnly: false },
  Lots: { name: 'Lots', columns: lots, key: ['sku', 'lot'], appendOnly: false },
  Movements: { name: 'Movements', columns: movements, key: ['id'], appendOnly: true },
  Shipments: { name: 'Shipments', columns: shipments, key: ['id', 'line'], appendOnly: true },
  Customers: { name: 'Customers', columns: customers, key: ['id'], appendOnly: false },
  Orders: { name: 'Orders', columns: orders, key: ['orderId', 'line'], appendOnly: false },
  Runs: { name: 'Runs', columns: runs, key: ['id'], appendOnly: false },
  Log: { name: 'Log', columns: log, key: ['id'], appendOnly: true },
  Settings: { name: 'Settings', columns: settings, key: ['key'], appendOnly: false },
};

export const TABLE_NAMES: readonly TableName[] = ['Products', 'Lots', 'Movements', 'Shipments', 'Customers', 'Orders', 'Runs', 'Log', 'Settings'];
