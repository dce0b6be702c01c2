// The mirror over fake-indexeddb, kept fresh from the real workbook adapter over FakeExcel.
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { ensureWorkbookId, fingerprintRows, refreshMirror, syncMirror } from '../app/mirror-sync';
import { demoWorkbook } from '../demo/demo-data';
import { createExcelWorkbook } from '../excel/excel-workbook';
import { FakeExcel } from '../office-fake/fake-excel';
import type { IsoDate, Movement, Qty } from '../domain/types';
import { createLotbookDb, dbName, openLotbookDb, type LotbookDb } from './db';
import { buildMirror, createDexieMirror, lotHistory, productByGtin, searchLots } from './mirror';
import { createDexieOutboxStore } from './outbox-store';

const env = { indexedDB, IDBKeyRange };
const TODAY = '2026-11-30' as IsoDate;
let n = 0;
const opened: LotbookDb[] = [];
function openDb(name = `mirror-${++n}`): LotbookDb {
  const db = createLotbookDb(name, env);
  opened.push(db);
  return db;
}
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

const demo = demoWorkbook(TODAY, '2026-11-30T09:00:00' as never);
const demoRows = { Products: demo.Products!, Lots: demo.Lots!, Movements: demo.Movements!, Shipments: demo.Shipments!, Customers: demo.Customers!, Orders: demo.Orders! };

function movement(id: string, lot = 'ASH-2407-A', date = '2026-11-29'): Movement {
  return { id, date: date as IsoDate, type: 'ADJUST', sku: 'RM-ASH', lot, qty: -100 as Qty, location: 'RM-01', ref: 'CNT-1', unitCost: null, user: 'ana', note: '' };
}

async function demoWorkbookPort() {
  const fake = new FakeExcel();
  const workbook = createExcelWorkbook((b) => fake.run(b));
  await workbook.setUp();
  await workbook.transact((tx) => tx.write({ append: demo }));
  return { fake, workbook };
}

const actions = (r: Awaited<ReturnType<typeof syncMirror>>) => (r.ok ? Object.fromEntries(r.tables.map((t) => [t.table, t.action])) : r);

describe('look-ups from IndexedDB', () => {
  it('finds a product by GTIN, a lot history, and lots as you type', async () => {
    const db = openDb();
    expect(await buildMirror(db, demoRows)).toMatchObject({ ok: true });
    const gtin = demo.Products!.find((p) => p.sku === 'FG-ASH60')!.gtin;
    expect((await productByGtin(db, gtin))?.sku).toBe('FG-ASH60');
    // The workbook holds the GTIN-14; a handheld reading the pack's EAN-13 sends 13 digits.
    expect(gtin).toHaveLength(14);
    expect((await productByGtin(db, gtin.slice(1)))?.sku).toBe('FG-ASH60');
    expect(await productByGtin(db, '0000000000000')).toBeUndefined();

    const history = await lotHistory(db, 'RM-ASH', 'ASH-2407-A');
    expect(history.map((m) => m.type)).toEqual(['RECEIVE', 'CONSUME']);
    expect(history.map((m) => m.date)).toEqual([...history.map((m) => m.date)].sort());

    expect((await searchLots(db, 'ash-24')).map((l) => l.lot).sort()).toEqual(['ASH-2407-A', 'ASH-2409-B']);
    expect((await searchLots(db, 'sh-778')).map((l) => l.lot)).toEqual(['ASH-2407-A']); // supplier lot
    expect((await searchLots(db, 'pk-')).map((l) => l.sku)).toEqual(['PK-BTL150']); // SKU prefix
    expect((await searchLots(db, '0003')).map((l) => l.lot)).toEqual(['MGC-0311']); // leading zeros kept
    const [lot] = await searchLots(db, 'MAG-2311');
    expect(lot).toEqual(demo.Lots!.find((l) => l.lot === 'MAG-2311'));
    expect(await searchLots(db, '   ')).toEqual([]);
  });
});

describe('freshness', () => {
  it('appends rows added in the workbook and rebuilds a table edited or cut by hand', async () => {
    const { fake, workbook } = await demoWorkbookPort();
    const db = openDb();
    const mirror = createDexieMirror(db);
    let clock = Date.parse('2026-11-30T10:00:00Z');
    const now = () => new Date((clock += 60_000));

    const first = await refreshMirror(workbook, mirror, now);
    expect(actions(first)).toEqual({ Products: 'rebuilt', Lots: 'rebuilt', Movements: 'rebuilt', Shipments: 'rebuilt', Customers: 'rebuilt', Orders: 'rebuilt' });
    const built = await mirror.state();
    expect(actions(await refreshMirror(workbook, mirror, now))).toMatchObject({ Movements: 'unchanged', Lots: 'unchanged' });
    const checked = await mirror.state();
    if (!built.available || !checked.available) throw new Error('mirror unavailable');
    // The user sees when the mirror was last compared with the workbook, and when it was last rebuilt.
    expect(checked.tables.Movements).toMatchObject({ rows: demo.Movements!.length, builtAt: built.tables.Movements!.builtAt });
    expect(checked.tables.Movements!.refreshedAt > built.tables.Movements!.refreshedAt).toBe(true);

    // Lotbook adds two movements: only they are written to the mirror.
    await workbook.transact((tx) => tx.write({ append: { Movements: [movement('M-9001'), movement('M-9002')] } }));
    const added = await refreshMirror(workbook, mirror, now);
    expect(added.ok && added.tables.find((t) => t.table === 'Movements')).toEqual({ table: 'Movements', action: 'appended', written: 2 });
    expect((await lotHistory(db, 'RM-ASH', 'ASH-2407-A')).map((m) => m.id)).toEqual(['M-0001', 'M-0004', 'M-9001', 'M-9002']);

    // Someone corrects a lot's supplier lot in Excel: the Lots table is rebuilt, the search sees the new value.
    const lots = fake.table('Lots')!;
    const row = lots.rows.findIndex((r) => r[1] === 'ASH-2407-A');
    fake.user.editTableCell('Lots', row, 'Supplier Lot', 'SH-99999');
    expect(actions(await refreshMirror(workbook, mirror, now))).toMatchObject({ Lots: 'rebuilt', Movements: 'unchanged' });
    expect((await searchLots(db, 'sh-999')).map((l) => l.lot)).toEqual(['ASH-2407-A']);
    expect(await searchLots(db, 'sh-778')).toEqual([]);

    // Someone deletes a movement row by hand (against the rules, but people do): rebuilt, the row is gone.
    fake.user.deleteTableRow('Movements', 0);
    expect(actions(await refreshMirror(workbook, mirror, now))).toMatchObject({ Movements: 'rebuilt' });
    expect(await db.movements.get('M-0001')).toBeUndefined();
    expect(await db.movements.count()).toBe(demo.Movements!.length + 1);
  });

  it('an append planned on an older state is refused, so rows and meta always agree', async () => {
    const db = openDb();
    const mirror = createDexieMirror(db);
    await buildMirror(db, { Movements: demo.Movements! });
    const meta = await mirror.readMeta('Movements');
    if (!meta.ok || !meta.value) throw new Error('no meta');
    const r = await mirror.appendRows('Movements', [movement('M-9001')], 'not-the-fingerprint', { ...meta.value, rows: 99 });
    expect(r).toEqual({ ok: true, value: 'conflict' });
    expect(await db.movements.get('M-9001')).toBeUndefined();
  });

  it('two windows refreshing at once leave a mirror that matches one state of the workbook', async () => {
    const name = `mirror-${++n}`;
    const a = openDb(name);
    const b = openDb(name);
    const older = demoRows;
    const newer = { ...demoRows, Movements: [...demo.Movements!, movement('M-9001'), movement('M-9002')] };
    await buildMirror(a, older);
    await Promise.all([buildMirror(a, newer), buildMirror(b, older), buildMirror(b, newer), buildMirror(a, older)]);

    const meta = await a.meta.get('Movements');
    const count = await a.movements.count();
    const matching = [older, newer].find((s) => s.Movements.length === meta!.rows);
    expect(matching).toBeDefined();
    expect(count).toBe(meta!.rows);
    expect(meta!.fingerprint).toBe(fingerprintRows('Movements', matching!.Movements).full);
    // And the next refresh brings it to the newest state whatever happened.
    await buildMirror(b, newer);
    expect(await a.movements.count()).toBe(newer.Movements.length);
  });
});

describe('robustness', () => {
  it('keeps the data through the v1 -> v2 upgrade and indexes old lots for search', async () => {
    const id = `upgrade-${++n}`;
    const v1 = createLotbookDb(dbName(id), env, 1);
    await v1.open();
    expect(v1.verno).toBe(1);
    await v1.table('lots').bulkPut(demo.Lots!);
    await v1.table('movements').bulkPut(demo.Movements!);
    await v1.table('meta').put({ table: 'Lots', rows: 6, fingerprint: 'x', builtAt: 'a', refreshedAt: 'b' });
    v1.close();

    const opened2 = await openLotbookDb(id, env);
    if (!opened2.ok) throw new Error(opened2.message);
    const db = opened2.value;
    opened.push(db);
    expect(db.verno).toBe(2);
    expect(await db.lots.count()).toBe(demo.Lots!.length);
    expect(await db.movements.count()).toBe(demo.Movements!.length);
    expect(await db.meta.get('Lots')).toMatchObject({ rows: 6 });
    expect((await searchLots(db, 'cc-23')).map((l) => l.lot)).toEqual(['MAG-2311']);
    expect(await createDexieOutboxStore(db).list()).toEqual({ ok: true, value: [] });
  });

  it('says why when IndexedDB cannot be opened', async () => {
    // No IndexedDB at all (jest's Node has none unless told).
    const none = await openLotbookDb('no-idb');
    expect(none).toMatchObject({ ok: false, code: 'unsupported' });
    const denied = await openLotbookDb('denied', {
      indexedDB: {
        open() {
          throw new DOMException('Access denied', 'SecurityError');
        },
      },
      IDBKeyRange,
    });
    expect(denied).toMatchObject({ ok: false, code: 'unsupported' });
    if (denied.ok) throw new Error('unreachable');
    expect(denied.message).toContain('Lotbook works from the workbook alone');
  });

  it('says when an upgrade is blocked by another window that will not let go', async () => {
    const name = dbName(`blocked-${++n}`);
    // An old window holding a v1 connection that ignores "versionchange" (not Dexie, which would close).
    const raw = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name, 10); // Dexie multiplies versions by 10
      req.onupgradeneeded = () => req.result.createObjectStore('meta', { keyPath: 'table' });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const r = await openLotbookDb(name.slice('lotbook-'.length), env, 200);
    raw.close();
    expect(r).toMatchObject({ ok: false, code: 'blocked' });
  });

  it('a full disk turns the mirror off with a clear message, and Clear cache brings it back', async () => {
    const db = openDb();
    const mirror = createDexieMirror(db);
    await buildMirror(db, demoRows);
    const realBulkPut = db.movements.bulkPut.bind(db.movements);
    db.movements.bulkPut = (() => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))) as never;
    const r = await syncMirror(mirror, { Movements: [...demo.Movements!, movement('M-9001')] });
    expect(r).toMatchObject({ ok: false, code: 'quota-exceeded' });
    const state = await mirror.state();
    expect(state).toMatchObject({ available: false, code: 'quota-exceeded' });
    if (state.available) throw new Error('unreachable');
    expect(state.reason).toContain('Lotbook keeps working from the workbook');
    // Nothing half-written: the table and its meta still agree.
    expect(await db.movements.count()).toBe(demo.Movements!.length);
    expect((await db.meta.get('Movements'))!.rows).toBe(demo.Movements!.length);

    db.movements.bulkPut = realBulkPut;
    expect(await mirror.clear()).toEqual({ ok: true, value: undefined });
    expect(await mirror.state()).toEqual({ available: true, tables: {} });
    expect(await db.products.count()).toBe(0);
  });

  it('Clear cache empties the mirror but never drops pending writes', async () => {
    const db = openDb();
    await buildMirror(db, demoRows);
    const store = createDexieOutboxStore(db);
    await store.enqueue({ id: 'R-1', label: 'Receipt', batch: { append: { Movements: [movement('M-1')] } }, createdAt: 1, attempts: 0, lastError: null, lastTriedAt: null, claimToken: null, claimedUntil: 0 }, 1);
    await createDexieMirror(db).clear();
    for (const t of ['products', 'lots', 'movements', 'shipments', 'customers', 'orders', 'meta'] as const) expect(await db[t].count()).toBe(0);
    const pending = await store.list();
    expect(pending.ok && pending.value.map((e) => e.id)).toEqual(['R-1']);
  });
});

describe('the workbook identity', () => {
  it('names the database from a Settings row, made once when missing', async () => {
    const { fake, workbook } = await demoWorkbookPort();
    const id = await ensureWorkbookId(workbook, () => 'WB-TEST-1');
    expect(id).toBe('WB-TEST-1');
    expect(await ensureWorkbookId(workbook, () => 'WB-OTHER')).toBe('WB-TEST-1');
    expect(fake.table('Settings')!.rows.filter((r) => r[0] === 'workbookId')).toEqual([['workbookId', 'WB-TEST-1']]);
  });

  it('gives none for a workbook that is not set up', async () => {
    const fake = new FakeExcel();
    expect(await ensureWorkbookId(createExcelWorkbook((b) => fake.run(b)))).toBeNull();
  });
});
