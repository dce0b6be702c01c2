// The outbox use case (src/app/outbox.ts) over its real Dexie store (fake-indexeddb) and the real workbook adapter
// over FakeExcel. Lives in src/cache because src/app may not import adapters (lint), even in tests.
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { createOutbox, type Outbox } from '../app/outbox';
import type { WorkbookPort } from '../app/ports';
import { createExcelWorkbook } from '../excel/excel-workbook';
import { FakeExcel } from '../office-fake/fake-excel';
import type { IsoDate, Movement, Qty } from '../domain/types';
import { createLotbookDb, type LotbookDb } from './db';
import { createDexieOutboxStore, unavailableOutboxStore } from './outbox-store';
import { cacheFailure } from './cache-errors';

const env = { indexedDB, IDBKeyRange };
let dbCount = 0;
const opened: LotbookDb[] = [];

function openDb(name: string): LotbookDb {
  const db = createLotbookDb(name, env);
  opened.push(db);
  return db;
}

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

function movement(id: string, qty = 5): Movement {
  return { id, date: '2026-11-30' as IsoDate, type: 'RECEIVE', sku: 'RM-ASH', lot: 'ASH-1', qty: (qty * 1000) as Qty, location: 'RM-01', ref: 'PO-1', unitCost: null, user: 'ana', note: '' };
}

const receipt = (id: string, ...movementIds: string[]) => ({
  id,
  label: `Receipt ${id}`,
  batch: { append: { Movements: movementIds.map((m) => movement(m)) } },
});

async function setUp() {
  const fake = new FakeExcel();
  const workbook = createExcelWorkbook((b) => fake.run(b));
  await workbook.setUp();
  const name = `outbox-${++dbCount}`;
  const db = openDb(name);
  const outbox = createOutbox(createDexieOutboxStore(db));
  // An empty table shows one blank row, as in Excel.
  const movementIds = () => (fake.table('Movements')?.rows ?? []).map((r) => String(r[0])).filter((id) => id !== '');
  return { fake, workbook, name, db, outbox, movementIds };
}

/** Runs one write through the adapter and returns how many syncs it took, so a test can fail the last one. */
async function syncsOfOneWrite(): Promise<number> {
  const fake = new FakeExcel();
  const wb = createExcelWorkbook((b) => fake.run(b));
  await wb.setUp();
  const before = fake.stats.syncs;
  await wb.transact((tx) => tx.write({ append: { Movements: [movement('PROBE')] } }));
  return fake.stats.syncs - before;
}

describe('submit', () => {
  it('writes at once when Excel answers, and leaves nothing pending', async () => {
    const { outbox, workbook, movementIds } = await setUp();
    const r = await outbox.submit(workbook, receipt('R-1', 'M-1', 'M-2'));
    expect(r).toMatchObject({ ok: true, report: { appended: { Movements: 2 } } });
    expect(movementIds()).toEqual(['M-1', 'M-2']);
    expect(await outbox.pending()).toEqual([]);
  });

  it('keeps the write on this computer when the sync fails, and a flush after the fault writes it once', async () => {
    const { outbox, workbook, fake, movementIds } = await setUp();
    fake.failSync(1, { code: 'ConnectionFailure', message: 'The network connection was lost.' });
    const r = await outbox.submit(workbook, receipt('R-1', 'M-1'));
    expect(r).toMatchObject({ ok: false, pending: true, code: 'saved-offline' });
    if (r.ok || r.code !== 'saved-offline') throw new Error('unreachable');
    expect(r.message).toContain('Saved on this computer');
    expect(r.message).toContain('when Excel is reachable');
    expect(movementIds()).toEqual([]);
    const pending = await outbox.pending();
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ id: 'R-1', label: 'Receipt R-1', attempts: 1, claimToken: null });
    expect(pending[0]!.lastError).toContain('network connection was lost');

    expect(await outbox.flush(workbook)).toEqual({ written: 1, busy: 0, remaining: 0 });
    expect(movementIds()).toEqual(['M-1']);
    expect(await outbox.flush(workbook)).toEqual({ written: 0, busy: 0, remaining: 0 });
    expect(movementIds()).toEqual(['M-1']);
  });

  it('writes a row once when Excel applied it but the answer was lost', async () => {
    const last = await syncsOfOneWrite();
    const { outbox, workbook, fake, movementIds } = await setUp();
    // The sync that adds the rows runs all its commands, then the connection drops.
    fake.failSync(last, { afterCommands: 10_000, code: 'ConnectionFailure' });
    const r = await outbox.submit(workbook, receipt('R-1', 'M-1'));
    expect(r).toMatchObject({ ok: false, pending: true });
    expect(movementIds()).toEqual(['M-1']);
    expect(await outbox.flush(workbook)).toMatchObject({ written: 1, remaining: 0 });
    expect(movementIds()).toEqual(['M-1']);
  });

  it('treats a second submit with the same id as a retry: written once', async () => {
    const { outbox, workbook, fake, movementIds } = await setUp();
    fake.failSync(1);
    await outbox.submit(workbook, receipt('R-1', 'M-1'));
    const again = await outbox.submit(workbook, receipt('R-1', 'M-1'));
    expect(again).toMatchObject({ ok: true, report: { appended: { Movements: 1 } } });
    expect(movementIds()).toEqual(['M-1']);
    expect(await outbox.pending()).toEqual([]);
  });

  it('refuses to queue row updates, which a late replay would write over newer edits', async () => {
    const { outbox, workbook } = await setUp();
    const sneaky = { id: 'U-1', label: 'update', batch: { update: { Movements: [movement('M-1')] } } as never };
    await expect(outbox.submit(workbook, sneaky)).rejects.toThrow('appends and report sheets only');
  });
});

describe('flush', () => {
  it('survives a reload: a new window over the same database writes what the old one left', async () => {
    const { outbox, workbook, fake, name, db, movementIds } = await setUp();
    fake.failSync(1);
    await outbox.submit(workbook, receipt('R-1', 'M-1'));
    db.close();
    const reloaded = createOutbox(createDexieOutboxStore(openDb(name)));
    expect((await reloaded.pending()).map((e) => e.id)).toEqual(['R-1']);
    expect(await reloaded.flush(workbook)).toMatchObject({ written: 1, remaining: 0 });
    expect(movementIds()).toEqual(['M-1']);
  });

  it('writes oldest first and stops at a failure, keeping later writes in order', async () => {
    let clock = 1000;
    const { workbook, fake, db, movementIds } = await setUp();
    const outbox = createOutbox(createDexieOutboxStore(db), { now: () => clock++ });
    fake.failSync(1);
    await outbox.submit(workbook, receipt('R-B', 'M-1'));
    fake.failSync(1);
    await outbox.submit(workbook, receipt('R-A', 'M-2'));
    fake.failSync(1);
    const stopped = await outbox.flush(workbook);
    expect(stopped).toMatchObject({ written: 0, remaining: 2 });
    expect(stopped.error).toBeTruthy();
    expect((await outbox.pending()).map((e) => [e.id, e.attempts])).toEqual([
      ['R-B', 2],
      ['R-A', 1],
    ]);
    expect(await outbox.flush(workbook)).toMatchObject({ written: 2, remaining: 0 });
    expect(movementIds()).toEqual(['M-1', 'M-2']);
  });

  it('leaves to Retry now a save that failed in a way that does not heal by itself, instead of trying it every 30 seconds', async () => {
    const { outbox, workbook, fake, movementIds } = await setUp();
    fake.failSync(1);
    await outbox.submit(workbook, receipt('R-1', 'M-1'));
    // Someone renamed the Movements table: every replay would fail the same way.
    fake.user.renameTable('Movements', 'Moves');
    const first = await outbox.flush(workbook, { auto: true });
    expect(first).toMatchObject({ written: 0, remaining: 1, held: true });
    expect(first.error).toContain('Lotbook will not try this save again by itself: fix that in Excel, then choose Retry now');
    const tries = (await outbox.pending())[0]!.attempts;
    // The timer's next flushes leave it alone, even once the cause is fixed.
    expect(await outbox.flush(workbook, { auto: true })).toMatchObject({ written: 0, held: true });
    fake.user.renameTable('Moves', 'Movements');
    expect(await outbox.flush(workbook, { auto: true })).toMatchObject({ written: 0, held: true });
    expect((await outbox.pending())[0]!.attempts).toBe(tries);
    // Retry now tries it.
    expect(await outbox.flush(workbook)).toMatchObject({ written: 1, remaining: 0 });
    expect(movementIds()).toEqual(['M-1']);
  });

  it('two windows flushing at once write each batch once', async () => {
    const { outbox, workbook, fake, name, movementIds } = await setUp();
    fake.failSync(1);
    await outbox.submit(workbook, receipt('R-1', 'M-1'));
    fake.failSync(1);
    await outbox.submit(workbook, receipt('R-2', 'M-2'));
    // A second window: its own connection to the database and its own workbook port over the same workbook.
    const other = createOutbox(createDexieOutboxStore(openDb(name)));
    const otherWorkbook: WorkbookPort = createExcelWorkbook((b) => fake.run(b));
    const [a, b] = await Promise.all([outbox.flush(workbook), other.flush(otherWorkbook)]);
    expect(a.written + b.written).toBe(2);
    expect(movementIds()).toEqual(['M-1', 'M-2']);
    expect(await outbox.pending()).toEqual([]);
  });

  it('leaves a batch alone while another window holds its lease, and takes it over when the lease lapses', async () => {
    let clock = 10_000;
    const { workbook, fake, db, movementIds } = await setUp();
    const store = createDexieOutboxStore(db);
    const outbox: Outbox = createOutbox(store, { now: () => clock, leaseMs: 60_000 });
    fake.failSync(1);
    await outbox.submit(workbook, receipt('R-1', 'M-1'));
    // A window claimed it and then died (closed, crashed) before writing.
    expect((await store.claim('R-1', 'dead-window', clock, clock + 60_000)).ok).toBe(true);
    expect(await outbox.flush(workbook)).toEqual({ written: 0, busy: 1, remaining: 1 });
    expect(movementIds()).toEqual([]);
    clock += 60_001;
    expect(await outbox.flush(workbook)).toEqual({ written: 1, busy: 0, remaining: 0 });
    expect(movementIds()).toEqual(['M-1']);
  });

  it('never writes a discarded batch', async () => {
    const { outbox, workbook, fake, movementIds } = await setUp();
    fake.failSync(1);
    await outbox.submit(workbook, receipt('R-1', 'M-1'));
    expect(await outbox.discard('R-1')).toEqual({ ok: true });
    expect(await outbox.flush(workbook)).toEqual({ written: 0, busy: 0, remaining: 0 });
    expect(movementIds()).toEqual([]);
  });

  it('will not discard a batch that is being written', async () => {
    const { outbox, workbook, fake, db } = await setUp();
    fake.failSync(1);
    await outbox.submit(workbook, receipt('R-1', 'M-1'));
    await createDexieOutboxStore(db).claim('R-1', 'writer', Date.now(), Date.now() + 60_000);
    expect(await outbox.discard('R-1')).toMatchObject({ ok: false, code: 'in-progress' });
    expect(await outbox.pending()).toHaveLength(1);
  });
});

describe('when the cache cannot keep a copy', () => {
  it('a full disk gives a clear message and the write still goes straight to the workbook', async () => {
    const { workbook, db, movementIds } = await setUp();
    db.outbox.put = (() => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))) as never;
    const outbox = createOutbox(createDexieOutboxStore(db));
    const r = await outbox.submit(workbook, receipt('R-1', 'M-1'));
    expect(r.ok).toBe(true);
    if (!r.ok) throw new Error('unreachable');
    expect(r.cacheWarning).toContain('storage this browser gives Lotbook on this computer is full');
    expect(r.cacheWarning).toContain('went straight to the workbook');
    expect(movementIds()).toEqual(['M-1']);
  });

  it('says plainly that nothing was saved when Excel fails too', async () => {
    const { workbook, fake, movementIds } = await setUp();
    const outbox = createOutbox(unavailableOutboxStore(cacheFailure({ name: 'MissingAPIError', message: 'no IndexedDB' }, 'open')));
    fake.failSync(1, { code: 'ConnectionFailure', message: 'The network connection was lost.' });
    const r = await outbox.submit(workbook, receipt('R-1', 'M-1'));
    expect(r).toMatchObject({ ok: false, pending: false, code: 'not-saved' });
    if (r.ok) throw new Error('unreachable');
    expect(r.message).toContain('Not saved');
    expect(r.message).toContain('could not be kept on this computer');
    expect(movementIds()).toEqual([]);
    expect(await outbox.pending()).toEqual([]);
    // Without a cache there is nothing to flush, and saying so is not an error.
    expect(await outbox.flush(workbook)).toMatchObject({ written: 0, unavailable: { code: 'unsupported' } });
  });
});
