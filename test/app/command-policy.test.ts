/**
 * The one policy around every command (src/app/policy.ts, commands.ts): what a person sees when something fails, and
 * what the offline queue keeps. Real adapter over the Office.js fake, real outbox over its Dexie store
 * (fake-indexeddb).
 */
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { demoFake } from '../support/demo-workbook';
import { createCommands } from '../../src/app/commands';
import { createOutbox } from '../../src/app/outbox';
import type { WorkbookPort } from '../../src/app/ports';
import { WorkbookError } from '../../src/app/ports';
import { createLotbookDb } from '../../src/cache/db';
import { createDexieOutboxStore } from '../../src/cache/outbox-store';
import type { IsoDate, IsoDateTime } from '../../src/domain/types';
import { createExcelWorkbook } from '../../src/excel/excel-workbook';
import type { FakeExcel } from '../../src/office-fake/fake-excel';

const TODAY = '2026-11-30' as IsoDate;
const NOW = `${TODAY}T09:00:00` as IsoDateTime;
let n = 0;

async function setup(wrap?: (w: WorkbookPort) => WorkbookPort) {
  const { fake } = await demoFake(TODAY, NOW);
  const db = createLotbookDb(`policy-${++n}`, { indexedDB, IDBKeyRange });
  const outbox = createOutbox(createDexieOutboxStore(db));
  const bugs: Array<[string, unknown]> = [];
  const base = createExcelWorkbook((b) => fake.run(b));
  const commands = createCommands({ workbook: wrap ? wrap(base) : base, outbox, reportBug: (c, e) => bugs.push([c, e]) });
  return { fake, commands, outbox, bugs, db };
}

const receipt = { sku: 'RM-ASH', lot: 'ASH-2411-Z', quantity: '5', expiry: '2028-01-31' };
const ctx = (id: string) => ({ user: 'Ben', today: TODAY, now: NOW, ids: { movement: `M-${id}`, log: `L-${id}` } });

describe('a bug inside a command', () => {
  it('is an internal error with its words, reported with its stack, and never queued', async () => {
    // A use case that throws a JavaScript error half-way through its transact, as a bug would.
    const { commands, outbox, bugs, db } = await setup((w) => ({
      ...w,
      transact: () =>
        w.transact(async (tx) => {
          await tx.read(['Lots']);
          throw new TypeError("Cannot read properties of undefined (reading 'sku')");
        }) as never,
    }));
    await commands.readReceiptTables().catch(() => undefined);
    const error = await commands.receive(receipt, ctx('BUG')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbookError);
    expect(error).toMatchObject({ code: 'internal-error', message: expect.stringContaining('This is a bug, not a problem with your workbook') });
    expect((error as Error).message).not.toContain('Excel did not answer');
    expect(bugs.map(([c, e]) => [c, (e as Error).name])).toContainEqual(['receive', 'TypeError']);
    expect(await outbox.pending()).toEqual([]);
    db.close();
  });
});

describe('Office failures', () => {
  it('a dropped connection keeps the receipt on this computer and writes it once when Excel answers', async () => {
    const { fake, commands, outbox, db } = await setup();
    await commands.readReceiptTables();
    fake.failSync(1, { code: 'ConnectionFailure', message: 'The network connection was lost.' });
    fake.failSync(2, { code: 'ConnectionFailure', message: 'The network connection was lost.' });
    const out = await commands.receive(receipt, ctx('NET'));
    expect(out).toMatchObject({ ok: false, code: 'queued', submit: { code: 'saved-offline' } });
    expect((await outbox.pending()).map((e) => e.id)).toEqual(['M-NET']);
    expect(await commands.pending!.flush()).toMatchObject({ written: 1, remaining: 0 });
    expect(movementsWith(fake, 'M-NET')).toBe(1);
    db.close();
  });

  it('keeps a receipt for later once the form has read both stages, and not on a form read without its stock', async () => {
    const staged = await setup();
    await staged.commands.readReceiptFormTables();
    staged.fake.failSync(1, { code: 'ConnectionFailure', message: 'The network connection was lost.' });
    staged.fake.failSync(2, { code: 'ConnectionFailure', message: 'The network connection was lost.' });
    // Without the ledger the receipt cannot be planned (its lot's On Hand, whether it is saved already): not kept.
    await expect(staged.commands.receive(receipt, ctx('HALF'))).rejects.toMatchObject({ code: 'workbook-unreachable' });
    expect(await staged.outbox.pending()).toEqual([]);
    staged.fake.clearFaults();
    await staged.commands.readReceiptStock();
    staged.fake.failSync(1, { code: 'ConnectionFailure', message: 'The network connection was lost.' });
    staged.fake.failSync(2, { code: 'ConnectionFailure', message: 'The network connection was lost.' });
    expect(await staged.commands.receive(receipt, ctx('STAGED'))).toMatchObject({ ok: false, code: 'queued', submit: { code: 'saved-offline' } });
    expect(await staged.commands.pending!.flush()).toMatchObject({ written: 1, remaining: 0 });
    expect(movementsWith(staged.fake, 'M-STAGED')).toBe(1);
    staged.db.close();
  });

  it.each([
    ['AccessDenied', 'sheet-protected', 'protected'],
    ['InvalidOperationInCellEditMode', 'cell-editing', 'Press Enter or Esc'],
    ['FilteredRangeConflict', 'table-filtered', 'Clear the filter'],
  ])('%s is answered in plain words (%s), and only what heals is kept for later', async (officeCode, code, words) => {
    const { fake, commands, outbox, db } = await setup();
    await commands.readReceiptTables();
    fake.failSync(1, { code: officeCode, message: officeCode });
    fake.failSync(2, { code: officeCode, message: officeCode });
    const out = await commands.receive(receipt, ctx(officeCode)).catch((e: unknown) => e);
    if (code === 'cell-editing') {
      // A person typing in a cell finishes sooner or later: the receipt waits on this computer.
      expect(out).toMatchObject({ ok: false, code: 'queued' });
      expect(await outbox.pending()).toHaveLength(1);
    } else {
      expect(out).toMatchObject({ code, message: expect.stringContaining(words) });
      expect(await outbox.pending()).toEqual([]);
    }
    db.close();
  });
});

function movementsWith(fake: FakeExcel, id: string): number {
  const t = fake.table('Movements')!;
  const col = t.headers.indexOf('Movement ID');
  return t.rows.filter((r) => r[col] === id).length;
}

describe('text longer than a cell holds', () => {
  it('is refused at the form with the field named, and at the adapter before anything is written', async () => {
    const { fake, commands, db } = await setup();
    const long = 'x'.repeat(40_000);
    expect(await commands.receive({ ...receipt, note: long }, ctx('LONG'))).toMatchObject({ ok: false, code: 'text-too-long', field: 'note', message: expect.stringContaining('40,000 characters long; an Excel cell holds at most 32,767') });
    const logBefore = fake.table('Log')!.rows.length;
    const lotsBefore = JSON.stringify(fake.table('Lots'));
    const error = await commands.decideLot({ sku: 'RM-ASH', lot: 'ASH-2409-B', to: 'hold', why: long, coaRef: '' }, { user: 'Maya', now: NOW, logId: 'L-LONG' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'text-too-long', message: expect.stringContaining('Why of Log row L-LONG is 40,000 characters long') });
    expect(fake.table('Log')!.rows.length).toBe(logBefore);
    expect(JSON.stringify(fake.table('Lots'))).toBe(lotsBefore);
    db.close();
  });
});
