/**
 * The outbox: a write is stored on this computer (IndexedDB) before Excel is asked to make it, so that a dropped
 * connection, a closed task pane or a reload never costs a receipt. Pending writes are replayed oldest first.
 *
 * Exactly once: a writer takes a lease on an entry in an IndexedDB transaction before writing it, so two windows
 * never write the same entry at the same time; and every row carries its id, so a replay after a crash between
 * "written" and "deleted" is skipped by the adapter. The lease expires, so a window that died mid-write does not
 * block the entry for ever.
 */
import type { CacheFailure, OutboxEntry, OutboxPort, QueueableBatch } from './cache-port';
import type { WorkbookPort, WriteReport } from './ports';
import { WorkbookError } from './ports';
import { isRetryable } from './policy';

export interface OutboxItem {
  /** Made when the user started the operation; submitting again with the same id is a retry, not a new write. */
  readonly id: string;
  readonly label: string;
  readonly batch: QueueableBatch;
}

export type SubmitResult =
  | { readonly ok: true; readonly report: WriteReport; /** Set when the cache could not keep a copy first. */ readonly cacheWarning?: string }
  | { readonly ok: false; readonly pending: true; readonly code: 'saved-offline'; readonly message: string; readonly error: string }
  | { readonly ok: false; readonly pending: true; readonly code: 'in-progress'; readonly message: string }
  | { readonly ok: false; readonly pending: false; readonly code: 'not-saved'; readonly message: string; readonly error: string };

export interface FlushResult {
  readonly written: number;
  /** Entries another window is writing right now. */
  readonly busy: number;
  /** Still waiting after this flush (including one that failed again). */
  readonly remaining: number;
  /** Why the flush stopped, in words, when an entry failed again. */
  readonly error?: string;
  /**
   * The oldest entry failed in a way that does not heal by itself (a protected sheet, a table gone): the timer
   * leaves it alone until someone chooses Retry now, or the pane is opened again.
   */
  readonly held?: boolean;
  readonly unavailable?: CacheFailure;
}

export type DiscardResult = { readonly ok: true } | { readonly ok: false; readonly code: 'in-progress'; readonly message: string } | CacheFailure;

export interface Outbox {
  submit(workbook: WorkbookPort, item: OutboxItem): Promise<SubmitResult>;
  /** `auto`: the timer's flush, which skips an entry held by a failure that does not heal by itself. */
  flush(workbook: WorkbookPort, options?: { readonly auto?: boolean }): Promise<FlushResult>;
  /** Pending entries, oldest first; empty when the cache is unavailable. Live-queryable over the Dexie store. */
  pending(): Promise<OutboxEntry[]>;
  discard(id: string): Promise<DiscardResult>;
}

export interface OutboxOptions {
  readonly now?: () => number;
  /** Long enough for a slow write to Excel on the web; a dead window's lease lapses after it. */
  readonly leaseMs?: number;
  readonly token?: () => string;
}

const DEFAULT_LEASE_MS = 120_000;

export function createOutbox(store: OutboxPort, options: OutboxOptions = {}): Outbox {
  const now = options.now ?? (() => Date.now());
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const token = options.token ?? (() => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`);
  let flushing: Promise<FlushResult> | null = null;
  // The entry whose last replay failed in a way that does not heal by itself: the timer does not try it again (it
  // would fail the same way every 30 seconds); Retry now, or a new pane, does.
  let held: string | null = null;
  let flushingAuto = false;

  const write = (workbook: WorkbookPort, batch: QueueableBatch) => workbook.transact((tx) => tx.write(queueable(batch)));

  async function submit(workbook: WorkbookPort, item: OutboxItem): Promise<SubmitResult> {
    const t = token();
    const at = now();
    const stored = await store.enqueue(
      { id: item.id, label: item.label, batch: queueable(item.batch), createdAt: at, attempts: 0, lastError: null, lastTriedAt: null, claimToken: t, claimedUntil: at + leaseMs },
      at,
    );
    if (stored.ok && stored.value === 'in-progress') {
      return { ok: false, pending: true, code: 'in-progress', message: `"${item.label}" is being written to Excel right now. It will not be written twice.` };
    }
    try {
      const report = await write(workbook, item.batch);
      if (stored.ok) await store.finish(item.id, t);
      return stored.ok ? { ok: true, report } : { ok: true, report, cacheWarning: `${stored.message} This save went straight to the workbook.` };
    } catch (e) {
      // Only what heals by itself is kept for later: a protected sheet, a filtered table or a bug would fail the
      // same way on every replay, so the entry is dropped and the caller shows the refusal now.
      if (!isRetryable(e)) {
        if (stored.ok) await store.finish(item.id, t);
        throw e;
      }
      const error = errorText(e);
      if (!stored.ok) {
        return { ok: false, pending: false, code: 'not-saved', error, message: `Not saved: ${error} It could not be kept on this computer either (${stored.message}) Keep the form open and try again.` };
      }
      await store.release(item.id, t, error, now());
      return {
        ok: false,
        pending: true,
        code: 'saved-offline',
        error,
        message: `Saved on this computer: "${item.label}" will be written to the workbook when Excel is reachable. (${error})`,
      };
    }
  }

  async function flushOnce(workbook: WorkbookPort, auto: boolean): Promise<FlushResult> {
    const listed = await store.list();
    if (!listed.ok) return { written: 0, busy: 0, remaining: 0, unavailable: listed };
    const oldest = listed.value[0];
    if (auto && held !== null && oldest?.id === held) return { written: 0, busy: 0, remaining: listed.value.length, error: oldest.lastError ?? '', held: true };
    held = null;
    let written = 0;
    let busy = 0;
    let remaining = listed.value.length;
    for (const entry of listed.value) {
      const t = token();
      const at = now();
      const claimed = await store.claim(entry.id, t, at, at + leaseMs);
      if (!claimed.ok) return { written, busy, remaining, unavailable: claimed };
      if (!claimed.value) {
        // Gone (written or discarded elsewhere) or leased by another window.
        const still = await store.list();
        remaining = still.ok ? still.value.length : remaining;
        if (still.ok && still.value.some((e) => e.id === entry.id)) busy++;
        continue;
      }
      try {
        await write(workbook, claimed.value.batch);
      } catch (e) {
        const heals = isRetryable(e);
        const error = heals ? errorText(e) : `${errorText(e)} Lotbook will not try this save again by itself: fix that in Excel, then choose Retry now (or Discard it).`;
        await store.release(entry.id, t, error, now());
        if (!heals) held = entry.id;
        // Oldest first: later entries wait, so rows land in the order they were made.
        return { written, busy, remaining, error, ...(heals ? {} : { held: true }) };
      }
      await store.finish(entry.id, t);
      written++;
      remaining--;
    }
    return { written, busy, remaining };
  }

  function flush(workbook: WorkbookPort, options?: { readonly auto?: boolean }): Promise<FlushResult> {
    const auto = options?.auto === true;
    // Retry now while the timer's flush runs: after it, and not held back by what held the timer's.
    if (flushing && flushingAuto && !auto) return flushing.then(() => flush(workbook));
    // A timer and the Retry button in one window share one flush.
    if (!flushing) {
      flushingAuto = auto;
      flushing = flushOnce(workbook, auto).finally(() => {
        flushing = null;
      });
    }
    return flushing;
  }

  return {
    submit,
    flush,
    async pending() {
      const r = await store.list();
      return r.ok ? r.value : [];
    },
    async discard(id) {
      const r = await store.discard(id, now());
      if (!r.ok) return r;
      if (r.value === 'in-progress') return { ok: false, code: 'in-progress', message: 'This write is being sent to Excel right now; it cannot be discarded.' };
      return { ok: true };
    },
  };
}

/** Flushes now and then every `everyMs`, until stopped: pending writes go out on start and when Excel is back. */
export function startAutoFlush(outbox: Outbox, workbook: WorkbookPort, everyMs = 30_000, onResult?: (r: FlushResult) => void): () => void {
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    outbox.flush(workbook, { auto: true }).then(
      (r) => onResult?.(r),
      () => undefined, // the entry keeps its error; the next tick tries again
    );
  };
  tick();
  const timer = setInterval(tick, everyMs);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

/** The parts of a batch the outbox replays; an `update` smuggled in through a cast is a bug. */
function queueable(batch: QueueableBatch): QueueableBatch {
  if ((batch as { update?: unknown }).update !== undefined) throw new Error('The outbox replays appends and report sheets only; write updates directly with a fresh read.');
  return { ...(batch.append ? { append: batch.append } : {}), ...(batch.sheets ? { sheets: batch.sheets } : {}) };
}

function errorText(e: unknown): string {
  if (e instanceof WorkbookError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
