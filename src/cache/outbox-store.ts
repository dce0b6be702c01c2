/**
 * The Dexie adapter of the outbox port. Leases are taken and checked inside read-write transactions, which
 * IndexedDB runs one at a time per store across every connection (every window) of the database: two windows
 * can never both hold a live lease on one entry.
 */
import type { CacheFailure, CacheResult, OutboxEntry, OutboxPort } from '../app/cache-port';
import { cacheFailure } from './cache-errors';
import type { LotbookDb } from './db';

async function guard<T>(doing: 'read' | 'write', f: () => Promise<T>): Promise<CacheResult<T>> {
  try {
    return { ok: true, value: await f() };
  } catch (e) {
    return cacheFailure(e, doing);
  }
}

const leased = (e: OutboxEntry, now: number) => e.claimToken !== null && e.claimedUntil > now;

export function createDexieOutboxStore(db: LotbookDb): OutboxPort {
  return {
    enqueue: (entry, now) =>
      guard('write', () =>
        db.transaction('rw', db.outbox, async () => {
          const existing = await db.outbox.get(entry.id);
          if (existing && leased(existing, now)) return 'in-progress' as const;
          await db.outbox.put(existing ? { ...entry, createdAt: existing.createdAt, attempts: existing.attempts, lastError: existing.lastError, lastTriedAt: existing.lastTriedAt } : entry);
          return 'claimed' as const;
        }),
      ),
    list: () => guard('read', () => db.outbox.orderBy('createdAt').toArray()),
    claim: (id, token, now, until) =>
      guard('write', () =>
        db.transaction('rw', db.outbox, async () => {
          const e = await db.outbox.get(id);
          if (!e || leased(e, now)) return null;
          const claimed: OutboxEntry = { ...e, claimToken: token, claimedUntil: until };
          await db.outbox.put(claimed);
          return claimed;
        }),
      ),
    // Deleted even when the lease lapsed meanwhile and another window took it: the rows are in the workbook, so
    // that window's replay is skipped by key, and its own finish finds nothing to delete.
    finish: (id, _token) => guard('write', () => db.outbox.delete(id)),
    release: (id, token, error, at) =>
      guard('write', () =>
        db.transaction('rw', db.outbox, async () => {
          const e = await db.outbox.get(id);
          if (!e) return;
          const mine = e.claimToken === token;
          await db.outbox.put({ ...e, attempts: e.attempts + 1, lastError: error, lastTriedAt: at, ...(mine ? { claimToken: null, claimedUntil: 0 } : {}) });
        }),
      ),
    discard: (id, now) =>
      guard('write', () =>
        db.transaction('rw', db.outbox, async () => {
          const e = await db.outbox.get(id);
          if (!e) return 'gone' as const;
          if (leased(e, now)) return 'in-progress' as const;
          await db.outbox.delete(id);
          return 'discarded' as const;
        }),
      ),
  };
}

/** The outbox when IndexedDB could not be opened: nothing is kept, every save goes straight to the workbook. */
export function unavailableOutboxStore(failure: CacheFailure): OutboxPort {
  const no = async () => failure;
  return { enqueue: no, list: no, claim: no, finish: no, release: no, discard: no };
}
