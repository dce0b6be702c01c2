/**
 * Branded primitives and the entities of the workbook. Pure types: no runtime code lives here.
 *
 * Quantities and money are integers of their smallest unit so that sums never drift:
 * - `Qty` counts thousandths of the SKU's unit (QTY_SCALE = 1000 in fixed.ts): 0.1 kg is 100.
 *   A product's `decimals` (0 to 3) says how many of those decimals the SKU may use.
 * - `Money` counts ten-thousandths of the currency unit (MONEY_SCALE = 10000): $0.0035 a capsule is 35.
 */

declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** `YYYY-MM-DD`, always a real calendar day. */
export type IsoDate = Brand<string, 'IsoDate'>;
/** `YYYY-MM-DDTHH:MM:SS` local time, as Excel shows it (Excel has no time zones). */
export type IsoDateTime = Brand<string, 'IsoDateTime'>;
/** Integer thousandths of the SKU's unit; signed in movements. */
export type Qty = Brand<number, 'Qty'>;
/** Integer ten-thousandths of the currency unit. */
export type Money = Brand<number, 'Money'>;
/** `${sku}\u0000${lot}`: the identity of a lot (a lot code is unique only within its SKU). */
export type LotKey = Brand<string, 'LotKey'>;

export const PRODUCT_KINDS = ['raw', 'packaging', 'finished'] as const;
export type ProductKind = (typeof PRODUCT_KINDS)[number];

export const LOT_STATUSES = ['quarantine', 'released', 'hold', 'recalled', 'rejected'] as const;
export type LotStatus = (typeof LOT_STATUSES)[number];
/** What a lot is on a given day: its stored status, or `expired` when a released lot is past its expiry. */
export type EffectiveLotStatus = LotStatus | 'expired';

export const MOVEMENT_TYPES = ['RECEIVE', 'CONSUME', 'PRODUCE', 'SHIP', 'ADJUST', 'RETURN', 'DESTROY', 'TRANSFER'] as const;
export type MovementType = (typeof MOVEMENT_TYPES)[number];

export const ORDER_STATUSES = ['open', 'picking', 'partial', 'shipped', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface Product {
  readonly sku: string;
  readonly gtin: string;
  readonly description: string;
  readonly unit: string;
  readonly decimals: number;
  readonly shelfLifeDays: number | null;
  readonly minShipLifeDays: number | null;
  readonly kind: ProductKind;
}

export interface Lot {
  readonly sku: string;
  readonly lot: string;
  readonly supplier: string;
  readonly supplierLot: string;
  readonly origin: string;
  readonly manufactured: IsoDate | null;
  readonly expiry: IsoDate | null;
  readonly received: IsoDate | null;
  readonly status: LotStatus;
  readonly unitCost: Money | null;
  readonly location: string;
  readonly coaRef: string;
  /** A stored copy refreshed by the add-in; the ledger (Movements) is the truth. */
  readonly onHand: Qty | null;
}

export interface Movement {
  readonly id: string;
  readonly date: IsoDate;
  readonly type: MovementType;
  readonly sku: string;
  readonly lot: string;
  /** Signed: receipts, production and returns are positive; consumption, shipping, destruction negative. */
  readonly qty: Qty;
  readonly location: string;
  /** PO for receipts, run id for CONSUME and PRODUCE, shipment id for SHIP and RETURN, count id for ADJUST. */
  readonly ref: string;
  readonly unitCost: Money | null;
  readonly user: string;
  readonly note: string;
}

export interface Shipment {
  readonly id: string;
  readonly line: number;
  readonly orderId: string;
  readonly date: IsoDate;
  readonly customerId: string;
  readonly sku: string;
  readonly lot: string;
  readonly qty: Qty;
  readonly carrier: string;
  readonly tracking: string;
}

export interface Customer {
  readonly id: string;
  readonly name: string;
  readonly contact: string;
  readonly email: string;
  readonly phone: string;
  readonly address: string;
  readonly city: string;
  readonly region: string;
  readonly postalCode: string;
  readonly country: string;
  readonly minShelfLifeDays: number | null;
}

export interface Order {
  readonly orderId: string;
  readonly line: number;
  readonly customerId: string;
  readonly sku: string;
  readonly qty: Qty;
  readonly dueDate: IsoDate | null;
  readonly status: OrderStatus;
}

export interface Run {
  readonly id: string;
  readonly date: IsoDate;
  readonly outputSku: string;
  readonly outputLot: string;
  readonly plannedQty: Qty;
  readonly actualQty: Qty;
  readonly conversionCost: Money;
  readonly user: string;
  readonly note: string;
}

export interface LogEntry {
  readonly id: string;
  readonly when: IsoDateTime;
  readonly user: string;
  readonly action: string;
  readonly table: string;
  readonly key: string;
  readonly from: string;
  readonly to: string;
  readonly why: string;
}

export interface Setting {
  readonly key: string;
  readonly value: string;
}

export interface EntityByTable {
  Products: Product;
  Lots: Lot;
  Movements: Movement;
  Shipments: Shipment;
  Customers: Customer;
  Orders: Order;
  Runs: Run;
  Log: LogEntry;
  Settings: Setting;
}
export type TableName = keyof EntityByTable;
