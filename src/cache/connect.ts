/**
 * Wiring for the entry points (Excel and the playground): names the database after the workbook, opens it, and
 * gives the panes an outbox and a mirror, working or saying why not. Nothing here decides a write.
 */
import type { MirrorPort } from '../app/cache-port';
import { ensureWorkbookId, refreshMirror } from '../app/mirror-sync';
import { createOutbox, startAutoFlush, type Outbox } from '../app/outbox';
import type { WorkbookPort } from '../app/ports';
import { openLotbookDb, type DbEnvironment } from './db';
import { createDexieMirror, unavailableMirror } from './mirror';
import { createDexieOutboxStore, unavailableOutboxStore } from './outbox-store';

export interface CacheConnection {
  readonly workbookId: string | null;
  readonly outbox?: Outbox;
  readonly mirror?: MirrorPort;
  /** Flushes waiting saves now and every `everyMs`, and refreshes the mirror once; returns a stop function. */
  start(everyMs?: number): () => void;
}

/**
 * A workbook that is not set up (or that Excel cannot read now) gets no cache: saves go straight to the workbook.
 * The cache appears on the next start after "Set up workbook".
 */
export async function connectCache(workbook: WorkbookPort, env: DbEnvironment = {}): Promise<CacheConnection> {
  let workbookId: string | null;
  try {
    workbookId = await ensureWorkbookId(workbook);
  } catch {
    workbookId = null;
  }
  if (!workbookId) return { workbookId: null, start: () => () => undefined };
  const opened = await openLotbookDb(workbookId, env);
  const outbox = createOutbox(opened.ok ? createDexieOutboxStore(opened.value) : unavailableOutboxStore(opened));
  const mirror = opened.ok ? createDexieMirror(opened.value) : unavailableMirror(opened);
  return {
    workbookId,
    outbox,
    mirror,
    start(everyMs = 30_000) {
      const stop = startAutoFlush(outbox, workbook, everyMs);
      // In the background: the panes work from the workbook until the mirror is there.
      refreshMirror(workbook, mirror).catch(() => undefined);
      return stop;
    },
  };
}
