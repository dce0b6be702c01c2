/**
 * Ports of the browser cache (IndexedDB, adapter in src/cache): the mirror of the workbook's tables, and the
 * outbox of writes that wait for Excel.
 *
 * The workbook is the truth. The mirror only makes look-ups fast, so no use case may base a write decision on it;
 * the outbox only makes a write durable before Excel is reached. Either can be unavailable (private mode, quota,
 * a blocked upgrade): then every operation answers `{ ok: false, code, message }` and the add-in works from the
 * workbook alone.
 */
import type { AppendRows, ReportSheet } from './ports';
import type { Customer, EntityByTable, Lot, Movement, Order, Product, Shipment, TableName } from '../domain/types';

/** The tables Lotbook mirrors (Runs, Log and Settings are read from the workbook when needed). */
export const MIRROR_TABLES = ['Products', 'Lots', 'Movements', 'Shipments', 'Customers', 'Orders'] as const;
export type MirrorTable = (typeof MIRROR_TABLES)[number];

/** Rows per mirrored table, e.g. the `rows` of fresh snapshots, or a generated workbook. */
export type MirrorRows = { readonly [N in MirrorTable]?: readonly EntityByTable[N][] };

export type CacheFailureCode = 'quota-exceeded' | 'unsupported' | 'blocked' | 'open-failed' | 'failed';

export interface CacheFailure {
  readonly ok: false;
  readonly code: CacheFailureCode;
  /** In words, for the pane: what happened and what still works. */
  readonly message: string;
}

export type CacheResult<T> = { readonly ok: true; readonly value: T } | CacheFailure;

/** What a mirrored table was built from. */
export interface MirrorTableMeta {
  readonly table: MirrorTable;
  /** Rows of the snapshot the table mirrors. */
  readonly rows: number;
  /** Running hash of the encoded rows in sheet order: equal fingerprints, equal rows. */
  readonly fingerprint: string;
  /** ISO time of the last full rebuild. */
  readonly builtAt: string;
  /** ISO time the table was last compared with the workbook (and found equal, or brought up to date). */
  readonly refreshedAt: string;
}

export type MirrorState =
  | { readonly available: true; readonly tables: { readonly [N in MirrorTable]?: MirrorTableMeta } }
  | { readonly available: false; readonly code: CacheFailureCode; readonly reason: string };

export interface MirrorPort {
  /** Live-queryable: the adapter reads it from IndexedDB, so `useLiveQuery` follows changes from any window. */
  state(): Promise<MirrorState>;
  readMeta(table: MirrorTable): Promise<CacheResult<MirrorTableMeta | undefined>>;
  /** Replaces a table's rows and meta in one transaction. */
  replaceTable<N extends MirrorTable>(table: N, rows: readonly EntityByTable[N][], meta: MirrorTableMeta): Promise<CacheResult<void>>;
  /**
   * Appends rows in one transaction, only if the stored fingerprint is still `expected` (another window may have
   * moved the table on meanwhile): `conflict` means nothing was written.
   */
  appendRows<N extends MirrorTable>(table: N, rows: readonly EntityByTable[N][], expected: string, meta: MirrorTableMeta): Promise<CacheResult<'applied' | 'conflict'>>;
  /** Records that the table was found equal to the workbook, if its fingerprint is still `expected`. */
  touch(table: MirrorTable, expected: string, at: string): Promise<CacheResult<void>>;
  /** Empties the mirror (never the outbox: pending writes are not a cache). */
  clear(): Promise<CacheResult<void>>;

  productByGtin(gtin: string): Promise<CacheResult<Product | undefined>>;
  /** Movements of one lot, oldest first. */
  lotHistory(sku: string, lot: string): Promise<CacheResult<Movement[]>>;
  /** Lots whose code, supplier lot or SKU starts with `text` (case-insensitive), for search as you type. */
  searchLots(text: string, limit?: number): Promise<CacheResult<Lot[]>>;
  shipmentsOfLot(sku: string, lot: string): Promise<CacheResult<Shipment[]>>;
  customer(id: string): Promise<CacheResult<Customer | undefined>>;
  ordersByStatus(status: Order['status']): Promise<CacheResult<Order[]>>;
}

/**
 * A batch the outbox may replay later: new rows (skipped by key when already there) and report sheets (found by
 * their id). Updates are left out on purpose: replayed minutes or days later, an update would overwrite what
 * people changed in Excel meanwhile. A use case that updates rows writes directly, with a fresh read.
 */
export interface QueueableBatch {
  readonly append?: AppendRows;
  readonly sheets?: readonly ReportSheet[];
}

export interface OutboxEntry {
  /** The operation's id, made when the user started it: submitting again with it is a retry. */
  readonly id: string;
  /** What the user did, in words: "Receipt PO-1042: 3 lots". */
  readonly label: string;
  readonly batch: QueueableBatch;
  /** Epoch milliseconds; flushes go oldest first. */
  readonly createdAt: number;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly lastTriedAt: number | null;
  /** A lease: the writer that holds it (a random token per attempt) and until when (epoch ms). */
  readonly claimToken: string | null;
  readonly claimedUntil: number;
}

export interface OutboxPort {
  /**
   * Stores the entry durably and leases it to `token` until `until`, in one transaction. An entry with that id
   * already there (a retry) keeps its createdAt and attempts; if another writer holds its lease, nothing changes
   * and the answer is `in-progress`.
   */
  enqueue(entry: OutboxEntry, now: number): Promise<CacheResult<'claimed' | 'in-progress'>>;
  /** Pending entries, oldest first. Live-queryable. */
  list(): Promise<CacheResult<OutboxEntry[]>>;
  /** Takes the lease if nobody holds a live one; `null` when another writer does or the entry is gone. */
  claim(id: string, token: string, now: number, until: number): Promise<CacheResult<OutboxEntry | null>>;
  /** Written: deletes the entry, if `token` still holds it. */
  finish(id: string, token: string): Promise<CacheResult<void>>;
  /** Not written: keeps the entry with the error, counts the attempt, and frees the lease. */
  release(id: string, token: string, error: string, at: number): Promise<CacheResult<void>>;
  /** Deletes an entry nobody is writing; `in-progress` when a live lease holds it. */
  discard(id: string, now: number): Promise<CacheResult<'discarded' | 'in-progress' | 'gone'>>;
}

/**
 * What the workbook adapter remembers of one table (src/excel/table-memory.ts), as kept on this computer so that a
 * pane opened again starts warm. Each block's rows are kept with the stamp Excel gave when they were read; the
 * adapter uses a block only where Excel's stamp now is the same, so a store that is old, partial or another
 * workbook's is never wrong, only slower.
 */
export interface StoredTableMemory {
  readonly headers: readonly string[];
  readonly headerAddress: string;
  readonly rows: number;
  readonly stamps: readonly string[];
  readonly body: readonly unknown[][];
  /** The headers of the columns `body` holds where only some were read; undefined: whole rows. */
  readonly columns?: readonly string[];
}

export interface TableMemoryStore {
  /** Every table kept for this document; an empty map when none or when IndexedDB is unavailable. */
  load(): Promise<Map<TableName, StoredTableMemory>>;
  /** Keeps the table's shape and the blocks `blocks` (indexes of 256-row blocks) with their stamps. */
  save(table: TableName, memory: StoredTableMemory, blocks: readonly number[]): Promise<void>;
}
