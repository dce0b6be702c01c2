/**
 * The workbook adapter's table memory kept in IndexedDB (port: TableMemoryStore in src/app/cache-port.ts), so that a
 * pane opened again, or Excel restarted, starts warm: the first command reads the stamps and only the blocks that
 * changed meanwhile. One database for every document, records keyed by the document's key (its URL), so that it
 * never meets the per-workbook mirror and outbox (db.ts) and needs no schema version of theirs.
 *
 * A block is stored with its own stamp, in one record: whatever order saves land in, a block's rows and its stamp
 * always belong together, and a stale block only has a stale stamp (it is read again).
 */
import { Dexie, type Table } from 'dexie';
import type { StoredTableMemory, TableMemoryStore } from '../app/cache-port';
import type { TableName } from '../domain/types';
import type { DbEnvironment } from './db';

interface TableRecord {
  readonly id: string;
  readonly headers: readonly string[];
  readonly headerAddress: string;
  readonly rows: number;
  /** The columns the blocks hold where only some were read (StoredTableMemory.columns). */
  readonly columns?: readonly string[];
}

interface BlockRecord {
  readonly id: string;
  readonly stamp: string;
  readonly rows: readonly unknown[][];
}

// Not `tables`: Dexie's own property of that name lists the database's tables.
type TableStoreDb = Dexie & { shapes: Table<TableRecord, string>; blocks: Table<BlockRecord, string> };

const SEP = '\u0000';

/**
 * `documentKey`: the document's URL, asked for at the first load (Office is ready by then); null (a new workbook
 * never saved) keeps nothing. `blockRows`: the adapter's block size (records of another size are not loaded).
 */
export function createTableStore(documentKey: () => string | null, blockRows: number, env: DbEnvironment = {}): TableMemoryStore & { flushed(): Promise<void> } {
  const db = new Dexie('lotbook-table-memory', { ...(env.indexedDB ? { indexedDB: env.indexedDB } : {}), ...(env.IDBKeyRange ? { IDBKeyRange: env.IDBKeyRange } : {}) }) as TableStoreDb;
  db.version(1).stores({ shapes: 'id', blocks: 'id' });
  let prefix: string | null = null;
  // Saves run one after another: a later save of a table is never overtaken by an earlier one.
  let queue: Promise<void> = Promise.resolve();

  return {
    /** When every save asked for so far has landed (tests). */
    flushed: () => queue,
    async load() {
      const out = new Map<TableName, StoredTableMemory>();
      const key = documentKey();
      prefix = key ? `${key}${SEP}` : null;
      if (prefix === null) return out;
      try {
        const tables = await db.shapes.where('id').startsWith(prefix).toArray();
        for (const t of tables) {
          const name = t.id.slice(prefix.length) as TableName;
          const count = Math.ceil(t.rows / blockRows);
          const blocks = await db.blocks.bulkGet(Array.from({ length: count }, (_, k) => `${t.id}${SEP}${k}`));
          if (blocks.some((b, k) => !b || b.rows.length !== Math.min(blockRows, t.rows - k * blockRows))) continue;
          const body: unknown[][] = [];
          for (const b of blocks) for (const row of b!.rows) body.push(row as unknown[]);
          out.set(name, { headers: t.headers, headerAddress: t.headerAddress, rows: t.rows, stamps: blocks.map((b) => b!.stamp), body, ...(t.columns ? { columns: t.columns } : {}) });
        }
      } catch {
        // IndexedDB unavailable (private mode, quota, blocked): start cold, as without a store.
      }
      return out;
    },
    save(table, memory, blocks) {
      if (prefix === null) return queue;
      const id = `${prefix}${table}`;
      queue = queue.then(async () => {
        try {
          await db.transaction('rw', db.shapes, db.blocks, async () => {
            await db.shapes.put({ id, headers: memory.headers, headerAddress: memory.headerAddress, rows: memory.rows, ...(memory.columns ? { columns: memory.columns } : {}) });
            await db.blocks.bulkPut(
              blocks
                .filter((k) => k * blockRows < memory.rows)
                .map((k) => ({ id: `${id}${SEP}${k}`, stamp: memory.stamps[k]!, rows: memory.body.slice(k * blockRows, Math.min(memory.rows, (k + 1) * blockRows)) })),
            );
          });
        } catch {
          // Not kept: the next start reads these blocks from the workbook.
        }
      });
      return queue;
    },
  };
}
