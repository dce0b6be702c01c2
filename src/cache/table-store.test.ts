// The adapter's table memory kept in IndexedDB (fake-indexeddb) between sessions: a pane opened again starts warm,
// and what changed while it was closed is read again.
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { generateWorkbook } from '../demo/synthetic';
import { seedFake } from '../demo/seed-fake';
import type { TableName } from '../domain/types';
import { createExcelWorkbook } from '../excel/excel-workbook';
import { TableMemory } from '../excel/table-memory';
import { FakeExcel } from '../office-fake/fake-excel';
import { createTableStore } from './table-store';
import { STAMP_BLOCK_ROWS } from '../excel/stamps';

const NAMES = ['Products', 'Lots', 'Movements'] as const satisfies readonly TableName[];
let n = 0;

async function session(fake: FakeExcel, key: string) {
  const store = createTableStore(() => key, STAMP_BLOCK_ROWS, { indexedDB, IDBKeyRange });
  const workbook = createExcelWorkbook((b) => fake.run(b), { memory: new TableMemory(store) });
  return { workbook, store };
}

async function workbookOnDisk() {
  const fake = new FakeExcel();
  seedFake(fake, generateWorkbook({ movements: 2000, seed: 3, today: '2026-11-30' as never }));
  await createExcelWorkbook((b) => fake.run(b)).setUp();
  return fake;
}

describe('the table memory kept on this computer', () => {
  it('makes the first read of a new session one round trip: the stamps of every block, to check what was kept', async () => {
    const fake = await workbookOnDisk();
    const key = `https://contoso.sharepoint.com/lots-${++n}.xlsx`;
    const first = await session(fake, key);
    const cold = await first.workbook.transact((tx) => tx.read(NAMES));
    await first.store.flushed();
    fake.resetStats();
    const second = await session(fake, key);
    const warm = await second.workbook.transact((tx) => tx.read(NAMES));
    expect(fake.stats.syncs).toBe(1);
    expect(fake.stats.responseBytes).toBeLessThan(20_000);
    expect(warm.Movements.rows).toEqual(cold.Movements.rows);
  });

  it('reads again what a person changed while the pane was closed', async () => {
    const fake = await workbookOnDisk();
    const key = `https://contoso.sharepoint.com/lots-${++n}.xlsx`;
    const first = await session(fake, key);
    await first.workbook.transact((tx) => tx.read(NAMES));
    await first.store.flushed();
    fake.user.editTableCell('Lots', 7, 'Status', 'hold');
    fake.user.deleteTableRow('Movements', 3);
    const second = await session(fake, key);
    const after = await second.workbook.transact((tx) => tx.read(NAMES));
    const truth = await createExcelWorkbook((b) => fake.run(b), { memory: false }).transact((tx) => tx.read(NAMES));
    expect(after.Lots.rows[7]?.status).toBe('hold');
    expect(after.Movements.rows).toEqual(truth.Movements.rows);
    expect(after.Lots.rows).toEqual(truth.Lots.rows);
  });

  it('keeps nothing for a workbook that was never saved (no URL)', async () => {
    const fake = await workbookOnDisk();
    const store = createTableStore(() => null, STAMP_BLOCK_ROWS, { indexedDB, IDBKeyRange });
    await createExcelWorkbook((b) => fake.run(b), { memory: new TableMemory(store) }).transact((tx) => tx.read(NAMES));
    expect((await store.load()).size).toBe(0);
  });
});
