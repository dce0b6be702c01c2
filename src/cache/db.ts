/**
 * Lotbook's IndexedDB database, one per workbook (`lotbook-<workbookId>`): IndexedDB belongs to the add-in's
 * origin and is shared by every workbook a person opens with Lotbook, so a workbook's mirror and outbox must never
 * meet another's.
 *
 * Versions are kept, never edited: a new version lists what changed and upgrades the rows already there, so that
 * pending writes in the outbox survive an update of the add-in.
 * - v1: the mirror (six tables and their meta).
 * - v2: the outbox, and a multi-entry `terms` index on lots for search as you type (filled for existing rows).
 */
import { Dexie, type Table } from 'dexie';
import type { CacheResult, MirrorTableMeta, OutboxEntry } from '../app/cache-port';
import type { Customer, Lot, Movement, Order, Product, Shipment } from '../domain/types';
import { cacheFailure } from './cache-errors';

/** A lot as the mirror stores it: with lower-case prefixes to search by (code, supplier lot, SKU). */
export type StoredLot = Lot & { readonly terms: readonly string[] };

export type LotbookDb = Dexie & {
  products: Table<Product, string>;
  lots: Table<StoredLot, [string, string]>;
  movements: Table<Movement, string>;
  shipments: Table<Shipment, [string, number]>;
  customers: Table<Customer, string>;
  orders: Table<Order, [string, number]>;
  meta: Table<MirrorTableMeta, string>;
  outbox: Table<OutboxEntry, string>;
};

export const SCHEMA_V1 = {
  products: 'sku, gtin',
  lots: '[sku+lot], lot, supplierLot, expiry, status, sku',
  movements: 'id, [sku+lot], ref, date',
  shipments: '[id+line], [sku+lot], customerId',
  customers: 'id',
  orders: '[orderId+line], status',
  meta: 'table',
} as const;

export const SCHEMA_V2 = {
  lots: '[sku+lot], lot, supplierLot, expiry, status, sku, *terms',
  outbox: 'id, createdAt',
} as const;

export const DB_VERSION = 2;

export function searchTerms(lot: Pick<Lot, 'lot' | 'supplierLot' | 'sku'>): string[] {
  return [...new Set([lot.lot, lot.supplierLot, lot.sku].map((s) => (s ?? '').trim().toLowerCase()).filter((s) => s !== ''))];
}

export interface DbEnvironment {
  /** fake-indexeddb in Node tests; the browser's own by default. */
  readonly indexedDB?: { open: (...args: any[]) => any };
  readonly IDBKeyRange?: { bound: (...args: any[]) => any; lowerBound: (...args: any[]) => any; upperBound: (...args: any[]) => any };
}

export function dbName(workbookId: string): string {
  return `lotbook-${workbookId}`;
}

/** Declares the versions up to `upTo` (tests open an old version to check that upgrades keep data). */
export function declareVersions(db: Dexie, upTo: number = DB_VERSION): void {
  db.version(1).stores(SCHEMA_V1);
  if (upTo >= 2) {
    db.version(2)
      .stores(SCHEMA_V2)
      .upgrade((tx) =>
        tx
          .table('lots')
          .toCollection()
          .modify((lot: Lot & { terms?: string[] }) => {
            lot.terms = searchTerms(lot);
          }),
      );
  }
}

export function createLotbookDb(name: string, env: DbEnvironment = {}, upTo: number = DB_VERSION): LotbookDb {
  const db = new Dexie(name, { ...(env.indexedDB ? { indexedDB: env.indexedDB } : {}), ...(env.IDBKeyRange ? { IDBKeyRange: env.IDBKeyRange } : {}) });
  declareVersions(db, upTo);
  return db as LotbookDb;
}

/**
 * Opens the workbook's database. A failure (no IndexedDB, a blocked upgrade, a full disk) is data: the caller runs
 * without a cache and shows the message.
 */
export async function openLotbookDb(workbookId: string, env: DbEnvironment = {}, blockedAfterMs = 8000): Promise<CacheResult<LotbookDb>> {
  let db: LotbookDb;
  try {
    db = createLotbookDb(dbName(workbookId), env);
  } catch (e) {
    return cacheFailure(e, 'open');
  }
  let blocked = false;
  db.on('blocked', () => {
    blocked = true;
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  // An upgrade waits for older connections to close; one that never closes must not leave the pane waiting.
  const giveUp = new Promise<'blocked'>((resolve) => {
    timer = setTimeout(() => resolve('blocked'), blockedAfterMs);
  });
  try {
    const r = await Promise.race([db.open().then(() => 'open' as const), giveUp]);
    if (r === 'blocked') {
      db.close();
      return cacheFailure({ name: blocked ? 'BlockedError' : 'OpenFailedError', message: 'opening took too long' }, 'open');
    }
    return { ok: true, value: db };
  } catch (e) {
    return cacheFailure(e, 'open');
  } finally {
    clearTimeout(timer);
  }
}
