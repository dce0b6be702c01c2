/**
 * A command reads only the columns it uses (ReadOptions.columns, issue 14's cold target): the fields it asked for
 * are exactly what a whole read gives, for fewer bytes; the memory keeps what it read and stays fresh under hand
 * edits; a column a person moved, inserted or deleted never puts a value under the wrong field; and a field the
 * command did not ask for is a bug that throws rather than an undefined answer.
 */
import fc from 'fast-check';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import type { ReadOptions, TableSnapshot, WorkbookPort } from '../../src/app/ports';
import { createTableStore } from '../../src/cache/table-store';
import { generateWorkbook } from '../../src/demo/synthetic';
import { seedFake } from '../../src/demo/seed-fake';
import { TABLES } from '../../src/domain/schema';
import type { Movement } from '../../src/domain/types';
import { createExcelWorkbook } from '../../src/excel/excel-workbook';
import { STAMP_BLOCK_ROWS } from '../../src/excel/stamps';
import { TableMemory } from '../../src/excel/table-memory';
import { FakeExcel } from '../../src/office-fake/fake-excel';
import { variants } from '../support/variants';

const STOCK = ['type', 'sku', 'lot', 'qty'] as const;
const WITH_KEY = ['id', ...STOCK] as const;

async function bigWorkbook(movements = 3000, options: { memory?: TableMemory } = {}) {
  const fake = new FakeExcel({ variants: variants() });
  seedFake(fake, generateWorkbook({ movements, seed: 11, today: '2026-11-30' as never }));
  const memory = options.memory ?? new TableMemory();
  const workbook = createExcelWorkbook((b) => fake.run(b), { memory });
  await workbook.setUp();
  return { fake, workbook, memory };
}

const stockOptions: ReadOptions<'Movements' | 'Lots'> = { columns: { Movements: [...STOCK] } };
const readStock = (wb: WorkbookPort) => wb.transact((tx) => tx.read(['Movements', 'Lots'], stockOptions));
const readWhole = (wb: WorkbookPort) => wb.transact((tx) => tx.read(['Movements', 'Lots']));
/** The workbook read whole by an adapter that remembers nothing. */
const truth = (fake: FakeExcel) => readWhole(createExcelWorkbook((b) => fake.run(b), { memory: false }));

const project = (t: TableSnapshot<'Movements'>, fields: readonly (keyof Movement)[]) => t.rows.map((m) => Object.fromEntries(fields.map((f) => [f, m[f]])));

/** A partial read holds, for the fields it asked for, what a whole read of the workbook holds now. */
async function sameAsWorkbook(fake: FakeExcel, read: TableSnapshot<'Movements'>, fields: readonly (keyof Movement)[] = WITH_KEY) {
  const whole = (await truth(fake)).Movements;
  expect(project(read, fields)).toEqual(project(whole, fields));
  expect(read.rowNumbers).toEqual(whole.rowNumbers);
  expect(read.headers).toEqual(whole.headers);
}

describe('a read of some columns', () => {
  it('holds exactly what a whole read holds of those fields, for a fraction of the bytes', async () => {
    const { fake } = await bigWorkbook();
    fake.resetStats();
    const some = await readStock(createExcelWorkbook((b) => fake.run(b)));
    const someBytes = fake.stats.responseBytes;
    fake.resetStats();
    await truth(fake);
    const wholeBytes = fake.stats.responseBytes;
    await sameAsWorkbook(fake, some.Movements);
    // Lots was read whole: every field is there.
    expect(some.Lots.rows).toEqual((await truth(fake)).Lots.rows);
    // Movements is most of the bytes; five of its eleven columns (the key and four adjacent ones) are read.
    expect(someBytes).toBeLessThan(wholeBytes * 0.75);
  });

  it('throws, naming the column, when a command reads a field it did not ask for', async () => {
    const { workbook } = await bigWorkbook(200);
    const some = await readStock(workbook);
    const m = some.Movements.rows[0]!;
    expect(m.sku).toEqual(expect.any(String));
    expect(() => m.user).toThrow(/Movements\.user was read, but this command did not ask for the User column/);
  });

  it('comes from memory the next time, in one round trip, and a whole read after it reads the rest', async () => {
    const { fake, workbook } = await bigWorkbook();
    await readStock(workbook);
    fake.resetStats();
    const again = await readStock(workbook);
    expect(fake.stats.syncs).toBe(1);
    expect(fake.stats.responseBytes).toBeLessThan(10_000);
    await sameAsWorkbook(fake, again.Movements);
    const whole = await readWhole(workbook);
    expect(whole.Movements.rows).toEqual((await truth(fake)).Movements.rows);
    // Whole rows are remembered now: a read of some columns is served from them.
    fake.resetStats();
    await readStock(workbook);
    expect(fake.stats.syncs).toBe(1);
  });

  it('asked for a column memory does not hold, reads only that column, and holds what the workbook holds', async () => {
    const { fake, workbook } = await bigWorkbook();
    await readStock(workbook);
    fake.user.editTableCell('Movements', 5, 'Reference', 'PO-EDITED');
    fake.resetStats();
    const more = await workbook.transact((tx) => tx.read(['Movements'], { columns: { Movements: ['sku', 'lot', 'qty', 'ref'] } }));
    const extendBytes = fake.stats.responseBytes;
    await sameAsWorkbook(fake, more.Movements, ['id', 'sku', 'lot', 'qty', 'ref']);
    expect(more.Movements.rows[5]).toMatchObject({ ref: 'PO-EDITED' });
    // Against a first read of the same columns on a computer that never saw the table.
    fake.resetStats();
    await createExcelWorkbook((b) => fake.run(b)).transact((tx) => tx.read(['Movements'], { columns: { Movements: ['sku', 'lot', 'qty', 'ref'] } }));
    expect(extendBytes).toBeLessThan(fake.stats.responseBytes / 2);
    // Both column sets are remembered now.
    fake.resetStats();
    await workbook.transact((tx) => tx.read(['Movements'], { columns: { Movements: ['type', 'ref'] } }));
    expect(fake.stats.syncs).toBe(1);
  });

  it('after an append to a table read in part, the next read confirms the written block by its stamp instead of reading it', async () => {
    const { fake, workbook, memory } = await bigWorkbook();
    const before = await readStock(workbook);
    const { sku, lot } = before.Movements.rows[0]!;
    const added: Movement = { id: 'M-APPENDED-1', date: '2026-11-30' as never, type: 'ADJUST', sku, lot, qty: 5000 as never, location: '', ref: '', unitCost: null, user: 'test', note: '' };
    await workbook.transact(async (tx) => {
      await tx.read(['Movements', 'Lots'], stockOptions);
      return tx.write({ append: { Movements: [added] } });
    });
    const confirmed = memory.counts.blocksConfirmed;
    fake.resetStats();
    const after = await readStock(workbook);
    expect(memory.counts.blocksConfirmed).toBe(confirmed + 1);
    expect(fake.stats.syncs).toBe(1);
    expect(fake.stats.responseBytes).toBeLessThan(3_000);
    expect(after.Movements.rows.at(-1)).toMatchObject({ id: 'M-APPENDED-1', qty: 5000 });
    await sameAsWorkbook(fake, after.Movements);
  });

  it('after a person moved the columns (a column inserted before them), reads each field from its own column', async () => {
    const { fake, workbook } = await bigWorkbook();
    await readStock(workbook);
    fake.user.addTableColumn('Movements', 'Checked by', [], 1);
    const moved = await readStock(workbook);
    await sameAsWorkbook(fake, moved.Movements);
    // And on a computer that never saw the table: the columns are not where set up puts them.
    await sameAsWorkbook(fake, (await readStock(createExcelWorkbook((b) => fake.run(b)))).Movements);
  });

  it('reads the table whole when a column it would like is not there (an optional column deleted)', async () => {
    const fake = new FakeExcel({ variants: variants() });
    const headers = TABLES.Movements.columns.map((c) => c.header).filter((h) => h !== 'Location');
    fake.seedTable('Movements', 'Movements', headers, [['M-1', 46000, 'RECEIVE', 'VITC', 'L1', 5, 'PO-1', 1.5, 'ana', '']]);
    const wb = createExcelWorkbook((b) => fake.run(b));
    const t = await wb.transact((tx) => tx.read(['Movements'], { columns: { Movements: ['sku', 'lot', 'qty', 'location'] } }));
    expect(t.Movements.rows).toEqual([expect.objectContaining({ id: 'M-1', sku: 'VITC', lot: 'L1', qty: 5000, location: '', user: 'ana' })]);
  });

  it('starts again when a column is inserted between two of its round trips, and puts no value under the wrong field', async () => {
    const { fake } = await bigWorkbook();
    // A small budget, so that the read takes several round trips.
    const wb = createExcelWorkbook((b) => fake.run(b), { payloadBudgetBytes: 50_000 });
    let inserted = false;
    let syncs = 0;
    const stop = fake.beforeSync(() => {
      // Before the read's second round trip: its first read the headers and the first rows.
      if (++syncs === 2 && !inserted) {
        inserted = true;
        fake.user.addTableColumn('Movements', 'Checked by', [], 0);
      }
    });
    const t = await readStock(wb);
    stop();
    expect(inserted).toBe(true);
    await sameAsWorkbook(fake, t.Movements);
  });

  it('is kept on this computer with the columns it holds, and served from there after a restart', async () => {
    const key = `column-reads-${Date.now()}`;
    const store = () => createTableStore(() => key, STAMP_BLOCK_ROWS, { indexedDB, IDBKeyRange });
    const first = store();
    const { fake, workbook } = await bigWorkbook(3000, { memory: new TableMemory(first) });
    await readStock(workbook);
    await first.flushed();
    const restarted = createExcelWorkbook((b) => fake.run(b), { memory: new TableMemory(store()) });
    fake.resetStats();
    const again = await readStock(restarted);
    expect(fake.stats.syncs).toBe(1);
    expect(fake.stats.responseBytes).toBeLessThan(20_000);
    await sameAsWorkbook(fake, again.Movements);
    // What was not kept is not made up: a whole read after the restart is the workbook's.
    expect((await readWhole(restarted)).Movements.rows).toEqual((await truth(fake)).Movements.rows);
  });
});

type Edit = (fake: FakeExcel, movements: number) => void;
const EDITS: readonly Edit[] = [
  (f) => f.user.editTableCell('Movements', 3, 'Qty', 999.5),
  (f) => f.user.editTableCell('Movements', 7, 'Note', 'a note typed by hand'),
  (f) => f.user.deleteTableRow('Movements', 10),
  (f) => f.user.insertTableRows('Movements', 100, [['M-INSERTED-1', '2026-11-30', 'ADJUST', 'RM-ASH', 'X-1', 3]]),
  (f) => f.user.sort('Movements', 'Lot', 'desc'),
  (f, n) => f.user.paste('Movements', `A${n + 2}`, [['M-PASTED-1', '2026-11-30', 'ADJUST', 'RM-ASH', 'X-1', 5]]),
  (f) => f.user.addTableColumn('Movements', `Mine ${Math.random().toString(36).slice(2, 6)}`, [], 2),
];

describe('a hand edit between two reads', () => {
  it('is seen by the next read, whichever columns each read asks for (property)', async () => {
    const asks: readonly (readonly (keyof Movement)[] | undefined)[] = [[...STOCK], ['sku', 'lot', 'qty', 'ref'], undefined];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ edit: fc.integer({ min: 0, max: EDITS.length - 1 }), ask: fc.integer({ min: 0, max: asks.length - 1 }) }), { minLength: 1, maxLength: 5 }), async (steps) => {
        const { fake, workbook } = await bigWorkbook(800);
        let rows = (await readStock(workbook)).Movements.rows.length;
        for (const step of steps) {
          EDITS[step.edit]!(fake, rows);
          const fields = asks[step.ask];
          const t = await workbook.transact((tx) => tx.read(['Movements'], fields ? { columns: { Movements: [...fields] } } : {}));
          await sameAsWorkbook(fake, t.Movements, fields ? ['id', ...fields] : (TABLES.Movements.columns.map((c) => c.field) as (keyof Movement)[]));
          rows = t.Movements.rows.length;
        }
      }),
      { numRuns: 15 },
    );
  });
});
