/**
 * The Dexie adapter of the mirror port, the look-ups the panes make as people type and scan, and
 * `buildMirror` for benchmarks. Every write to a table goes with its meta in one transaction, so two windows
 * (two connections) can refresh at once and the mirror still describes one state of the workbook.
 */
import type { Table } from 'dexie';
import type { CacheFailure, CacheResult, MirrorPort, MirrorRows, MirrorState, MirrorTable, MirrorTableMeta } from '../app/cache-port';
import { MIRROR_TABLES } from '../app/cache-port';
import { syncMirror, type SyncOutcome } from '../app/mirror-sync';
import type { Customer, EntityByTable, Lot, Movement, Order, Product, Shipment } from '../domain/types';
import { cacheFailure } from './cache-errors';
import { searchTerms, type LotbookDb, type StoredLot } from './db';

function tableOf(db: LotbookDb, name: MirrorTable): Table<any, any> {
  switch (name) {
    case 'Products':
      return db.products;
    case 'Lots':
      return db.lots;
    case 'Movements':
      return db.movements;
    case 'Shipments':
      return db.shipments;
    case 'Customers':
      return db.customers;
    case 'Orders':
      return db.orders;
  }
}

function stored<N extends MirrorTable>(name: N, rows: readonly EntityByTable[N][]): readonly unknown[] {
  return name === 'Lots' ? (rows as readonly Lot[]).map((l) => ({ ...l, terms: searchTerms(l) })) : rows;
}

function plainLot(l: StoredLot): Lot {
  const { terms: _terms, ...lot } = l;
  return lot;
}

// ---------------------------------------------------------------------------------------------------------------
// Look-ups: plain functions over the database, for the adapter and for benchmarks.

/** GTINs arrive as 8, 12, 13 or 14 digits from scanners and people; the workbook may hold any of them. */
function gtinForms(gtin: string): string[] {
  const digits = gtin.trim();
  const bare = digits.replace(/^0+/, '');
  return [...new Set([digits, digits.padStart(14, '0'), bare, bare.padStart(8, '0'), bare.padStart(12, '0'), bare.padStart(13, '0')])].filter((g) => g !== '');
}

export async function productByGtin(db: LotbookDb, gtin: string): Promise<Product | undefined> {
  const forms = gtinForms(gtin);
  return forms.length ? db.products.where('gtin').anyOf(forms).first() : undefined;
}

/** The movements of one lot, oldest first (by date; same-day movements in id order). */
export async function lotHistory(db: LotbookDb, sku: string, lot: string): Promise<Movement[]> {
  const rows = await db.movements.where('[sku+lot]').equals([sku, lot]).toArray();
  return rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** Lots whose code, supplier lot or SKU starts with `text`, ignoring case; at most `limit`. */
export async function searchLots(db: LotbookDb, text: string, limit = 20): Promise<Lot[]> {
  const q = text.trim().toLowerCase();
  if (!q) return [];
  const found = await db.lots.where('terms').startsWith(q).distinct().limit(limit).toArray();
  return found.map(plainLot);
}

export async function shipmentsOfLot(db: LotbookDb, sku: string, lot: string): Promise<Shipment[]> {
  return db.shipments.where('[sku+lot]').equals([sku, lot]).toArray();
}

/**
 * Builds or refreshes the mirror from the rows of the workbook's tables (fresh snapshots, or a generated
 * workbook in a benchmark): appends what was added, rebuilds what was edited.
 */
export function buildMirror(db: LotbookDb, tables: MirrorRows, now?: () => Date): Promise<SyncOutcome> {
  return syncMirror(createDexieMirror(db), tables, now);
}

// ---------------------------------------------------------------------------------------------------------------
// The port

export function createDexieMirror(db: LotbookDb): MirrorPort {
  // After a failure (a full disk), the mirror says so until it has been cleared or rebuilt successfully. Its
  // rows are still consistent (a failed transaction changes nothing) but may lag behind the workbook.
  let failure: CacheFailure | null = null;

  async function guard<T>(doing: 'read' | 'write', f: () => Promise<T>, recovers = false): Promise<CacheResult<T>> {
    try {
      const value = await f();
      if (recovers) failure = null;
      return { ok: true, value };
    } catch (e) {
      const failed = cacheFailure(e, doing);
      if (doing === 'write' || failed.code !== 'failed') failure = failed;
      return failed;
    }
  }

  return {
    async state(): Promise<MirrorState> {
      if (failure) return { available: false, code: failure.code, reason: failure.message };
      try {
        const metas = await db.meta.toArray();
        const tables: { [N in MirrorTable]?: MirrorTableMeta } = {};
        for (const m of metas) if ((MIRROR_TABLES as readonly string[]).includes(m.table)) tables[m.table] = m;
        return { available: true, tables };
      } catch (e) {
        const f = cacheFailure(e, 'read');
        return { available: false, code: f.code, reason: f.message };
      }
    },
    readMeta: (table) => guard('read', () => db.meta.get(table)),
    replaceTable: (table, rows, meta) =>
      guard(
        'write',
        () =>
          db.transaction('rw', [tableOf(db, table), db.meta], async () => {
            await tableOf(db, table).clear();
            await tableOf(db, table).bulkPut(stored(table, rows) as unknown[]);
            await db.meta.put(meta);
          }),
        true,
      ),
    appendRows: (table, rows, expected, meta) =>
      guard('write', () =>
        db.transaction('rw', [tableOf(db, table), db.meta], async () => {
          const now = await db.meta.get(table);
          if (!now || now.fingerprint !== expected) return 'conflict' as const;
          await tableOf(db, table).bulkPut(stored(table, rows) as unknown[]);
          await db.meta.put(meta);
          return 'applied' as const;
        }),
      ),
    touch: (table, expected, at) =>
      guard('write', () =>
        db.transaction('rw', db.meta, async () => {
          const now = await db.meta.get(table);
          if (now && now.fingerprint === expected) await db.meta.put({ ...now, refreshedAt: at });
        }),
      ),
    clear: () =>
      guard(
        'write',
        () =>
          db.transaction('rw', [db.products, db.lots, db.movements, db.shipments, db.customers, db.orders, db.meta], async () => {
            await Promise.all([db.products.clear(), db.lots.clear(), db.movements.clear(), db.shipments.clear(), db.customers.clear(), db.orders.clear(), db.meta.clear()]);
          }),
        true,
      ),
    productByGtin: (gtin) => guard('read', () => productByGtin(db, gtin)),
    lotHistory: (sku, lot) => guard('read', () => lotHistory(db, sku, lot)),
    searchLots: (text, limit) => guard('read', () => searchLots(db, text, limit)),
    shipmentsOfLot: (sku, lot) => guard('read', () => shipmentsOfLot(db, sku, lot)),
    customer: (id) => guard('read', (): Promise<Customer | undefined> => db.customers.get(id)),
    ordersByStatus: (status) => guard('read', (): Promise<Order[]> => db.orders.where('status').equals(status).toArray()),
  };
}

/** The mirror when IndexedDB could not be opened: every call says why; the panes read the workbook instead. */
export function unavailableMirror(failure: CacheFailure): MirrorPort {
  const no = async () => failure;
  return {
    state: async () => ({ available: false, code: failure.code, reason: failure.message }),
    readMeta: no,
    replaceTable: no,
    appendRows: no,
    touch: no,
    clear: no,
    productByGtin: no,
    lotHistory: no,
    searchLots: no,
    shipmentsOfLot: no,
    customer: no,
    ordersByStatus: no,
  };
}
