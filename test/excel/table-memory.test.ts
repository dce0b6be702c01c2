/**
 * Never stale, never slow (issue 14): the adapter serves tables from what it remembers only where the stamps Excel
 * computes (src/excel/stamps.ts) say nothing changed. Every hand edit a person can make (a status typed, an old
 * quantity changed, rows deleted, inserted in the middle, sorted, pasted below), a colleague's receipt from another
 * computer, manual calculation and a damaged stamp sheet: the next read equals a read of the whole workbook.
 */
import fc from 'fast-check';
import type { Snapshot, WorkbookPort } from '../../src/app/ports';
import { generateWorkbook } from '../../src/demo/synthetic';
import { seedFake } from '../../src/demo/seed-fake';
import type { TableName } from '../../src/domain/types';
import { createExcelWorkbook } from '../../src/excel/excel-workbook';
import { TableMemory } from '../../src/excel/table-memory';
import { FakeExcel } from '../../src/office-fake/fake-excel';
import { variants } from '../support/variants';

const TABLES_READ = ['Products', 'Lots', 'Movements', 'Shipments'] as const satisfies readonly TableName[];

async function bigWorkbook(movements = 3000) {
  const fake = new FakeExcel({ variants: variants() });
  const data = generateWorkbook({ movements, seed: 7, today: '2026-11-30' as never });
  seedFake(fake, data);
  const memory = new TableMemory();
  const workbook = createExcelWorkbook((b) => fake.run(b), { memory });
  await workbook.setUp();
  return { fake, workbook, memory };
}

const read = (wb: WorkbookPort) => wb.transact((tx) => tx.read(TABLES_READ));
/** What a workbook read whole, by an adapter that remembers nothing, gives. */
const truth = (fake: FakeExcel, payloadBudgetBytes?: number) => read(createExcelWorkbook((b) => fake.run(b), { memory: false, payloadBudgetBytes }));

function same(a: Snapshot<(typeof TABLES_READ)[number]>, b: Snapshot<(typeof TABLES_READ)[number]>) {
  for (const name of TABLES_READ) {
    expect({ name, rows: a[name].rows, rowNumbers: a[name].rowNumbers, problems: a[name].problems, headers: a[name].headers }).toEqual({
      name,
      rows: b[name].rows,
      rowNumbers: b[name].rowNumbers,
      problems: b[name].problems,
      headers: b[name].headers,
    });
  }
}

describe('a warm read', () => {
  it('costs one round trip and a small fraction of the bytes of a whole read when nothing changed', async () => {
    const { fake, workbook } = await bigWorkbook();
    await read(workbook);
    fake.resetStats();
    const warm = await read(workbook);
    const warmStats = { ...fake.stats };
    fake.resetStats();
    same(warm, await truth(fake));
    const coldStats = { ...fake.stats };
    expect(warmStats.syncs).toBe(1);
    expect(warmStats.responseBytes).toBeLessThan(coldStats.responseBytes / 20);
  });

  it('after its own receipt, reads the blocks it wrote in the same first round trip', async () => {
    const { fake, workbook, memory } = await bigWorkbook();
    const before = await read(workbook);
    const lot = before.Lots.rows[0]!;
    await workbook.transact(async (tx) => {
      await tx.read(TABLES_READ);
      await tx.write({ append: { Movements: [{ ...before.Movements.rows[0]!, id: 'M-MEMORY-1', note: 'written by the test' }] }, update: { Lots: [{ ...lot, status: 'hold' }] } });
    });
    fake.resetStats();
    const after = await read(workbook);
    expect(fake.stats.syncs).toBe(1);
    expect(after.Movements.rows.at(-1)).toMatchObject({ id: 'M-MEMORY-1', note: 'written by the test' });
    expect(after.Lots.rows[0]).toMatchObject({ status: 'hold' });
    expect(memory.counts.blocksKept).toBeGreaterThan(memory.counts.blocksRead);
    same(after, await truth(fake));
  });
});

describe('after a big write', () => {
  it('reads back what it wrote in requests Excel accepts, and what it reads is the workbook', async () => {
    const fake = new FakeExcel({ variants: variants(), payloadLimitBytes: 60_000 });
    seedFake(fake, generateWorkbook({ movements: 800, seed: 7, today: '2026-11-30' as never }));
    const workbook = createExcelWorkbook((b) => fake.run(b), { payloadBudgetBytes: 50_000 });
    await workbook.setUp();
    const before = await read(workbook);
    const many = Array.from({ length: 3000 }, (_, i) => ({ ...before.Movements.rows[0]!, id: `M-BIG-${i}` }));
    await workbook.transact(async (tx) => {
      await tx.read(TABLES_READ);
      await tx.write({ append: { Movements: many } });
    });
    const after = await read(workbook);
    expect(after.Movements.rows).toHaveLength(before.Movements.rows.length + 3000);
    same(after, await truth(fake, 50_000));
  });
});

type Edit = { name: string; apply: (fake: FakeExcel, rows: { Lots: number; Movements: number }) => void };

const EDITS: readonly Edit[] = [
  { name: 'a status typed by hand', apply: (f, n) => f.user.editTableCell('Lots', Math.floor(n.Lots / 2), 'Status', 'HOLD') },
  { name: 'an old movement quantity changed', apply: (f) => f.user.editTableCell('Movements', 3, 'Qty', 999.5) },
  { name: 'a lot code changed in the middle, same length', apply: (f, n) => f.user.editTableCell('Lots', n.Lots - 1, 'Lot', 'ZZ') },
  { name: 'a row deleted', apply: (f) => f.user.deleteTableRow('Movements', 10) },
  { name: 'rows inserted in the middle', apply: (f) => f.user.insertTableRows('Movements', 100, [['M-INSERTED-1'], ['M-INSERTED-2']]) },
  { name: 'the table sorted', apply: (f) => f.user.sort('Lots', 'Expiry', 'desc') },
  { name: 'a block pasted below the table', apply: (f, n) => f.user.paste('Movements', `A${n.Movements + 2}`, [['M-PASTED-1', '2026-11-30', 'ADJUST', 'RM-ASH', 'X-1', 5], ['M-PASTED-2', '2026-11-30', 'ADJUST', 'RM-ASH', 'X-1', 6]]) },
  { name: 'a column added by a person', apply: (f) => f.user.addTableColumn('Lots', 'My note') },
];

describe('a hand edit between two commands is seen by the second', () => {
  it.each(EDITS)('$name', async ({ apply }) => {
    const { fake, workbook } = await bigWorkbook();
    const first = await read(workbook);
    apply(fake, { Lots: first.Lots.rows.length, Movements: first.Movements.rows.length });
    same(await read(workbook), await truth(fake));
  });

  it('a receipt made on another computer is seen', async () => {
    const { fake, workbook } = await bigWorkbook();
    const other = createExcelWorkbook((b) => fake.run(b));
    const first = await read(workbook);
    await other.transact((tx) => tx.write({ append: { Movements: [{ ...first.Movements.rows[5]!, id: 'M-OTHER-PC' }] } }));
    const after = await read(workbook);
    expect(after.Movements.rows.map((m) => m.id)).toContain('M-OTHER-PC');
    same(after, await truth(fake));
  });

  it('in manual calculation, where stamps go stale, tables are read whole', async () => {
    const { fake, workbook } = await bigWorkbook();
    await read(workbook);
    fake.user.setCalculationMode('Manual');
    fake.user.editTableCell('Lots', 0, 'Status', 'REJECTED');
    const after = await read(workbook);
    expect(after.Lots.rows[0]).toMatchObject({ status: 'rejected' });
    same(after, await truth(fake));
  });

  it('a stamp formula someone overwrote makes its table be read whole', async () => {
    const { fake, workbook } = await bigWorkbook();
    await read(workbook);
    fake.user.typeCell('LotbookStamps', 'B2', 'oops');
    fake.user.editTableCell('Lots', 1, 'Status', 'HOLD');
    same(await read(workbook), await truth(fake));
  });

  it('any sequence of edits and reads reads what the workbook holds (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ edit: fc.integer({ min: 0, max: EDITS.length - 1 }), readFirst: fc.boolean() }), { minLength: 1, maxLength: 5 }), async (steps) => {
        const { fake, workbook } = await bigWorkbook(800);
        let last = await read(workbook);
        for (const step of steps) {
          if (step.readFirst) last = await read(workbook);
          EDITS[step.edit]!.apply(fake, { Lots: last.Lots.rows.length, Movements: last.Movements.rows.length });
        }
        same(await read(workbook), await truth(fake));
      }),
      { numRuns: 15 },
    );
  });
});

describe('rows Lotbook wrote are read back in the request that writes them, and confirmed by their stamps', () => {
  /** Lots rows in different blocks, and the status each is changed to. */
  const spread = (lots: Snapshot<'Lots'>['Lots']['rows']) =>
    [0, 70, 140, 210].filter((r) => r < lots.length).map((r) => ({ r, lot: { ...lots[r]!, status: lots[r]!.status === 'hold' ? 'released' : 'hold' } as const }));

  /** Updates Lots rows in four blocks and appends a movement, in one command as a use case does. */
  async function writeSome(workbook: WorkbookPort, before: Snapshot<(typeof TABLES_READ)[number]>) {
    const updates = spread(before.Lots.rows);
    await workbook.transact(async (tx) => {
      await tx.read(TABLES_READ);
      await tx.write({ append: { Movements: [{ ...before.Movements.rows[0]!, id: 'M-READBACK-1', note: 'read back' }] }, update: { Lots: updates.map((u) => u.lot) } });
    });
    return updates;
  }

  it('the next read costs no block bytes for what was written, and is the workbook', async () => {
    const { fake, workbook, memory } = await bigWorkbook();
    const before = await read(workbook);
    fake.resetStats();
    await read(workbook);
    const nothingChanged = fake.stats.responseBytes;
    const updates = await writeSome(workbook, before);
    const counts = { ...memory.counts };
    fake.resetStats();
    const after = await read(workbook);
    expect(fake.stats.syncs).toBe(1);
    expect(memory.counts.blocksRead - counts.blocksRead).toBe(0);
    expect(memory.counts.blocksConfirmed - counts.blocksConfirmed).toBe(updates.length + 1);
    // The stamps of the superblocks written into, a few hundred bytes; a Lots block alone is several KB.
    expect(fake.stats.responseBytes - nothingChanged).toBeLessThan(2_000);
    expect(after.Movements.rows.at(-1)).toMatchObject({ id: 'M-READBACK-1', note: 'read back' });
    for (const u of updates) expect(after.Lots.rows[u.r]).toMatchObject({ status: u.lot.status });
    same(after, await truth(fake));
  });

  it('a hand edit of another row of a written block, between two commands, is seen', async () => {
    const { fake, workbook } = await bigWorkbook();
    const before = await read(workbook);
    const updates = await writeSome(workbook, before);
    fake.user.editTableCell('Lots', updates[1]!.r + 1, 'Status', 'REJECTED');
    fake.user.editTableCell('Movements', before.Movements.rows.length - 1, 'Qty', 4242);
    const after = await read(workbook);
    expect(after.Lots.rows[updates[1]!.r + 1]).toMatchObject({ status: 'rejected' });
    same(after, await truth(fake));
  });

  it('a hand edit of a neighbour row just before the write runs is seen by the next read', async () => {
    const { fake, workbook } = await bigWorkbook();
    const before = await read(workbook);
    const neighbour = spread(before.Lots.rows)[2]!.r + 1;
    let edited = false;
    const stop = fake.beforeSync((batch) => {
      // The request that writes the rows (and reads them back): a person types into the row below one of them.
      if (edited || !batch.locations.includes('Range.values')) return;
      edited = true;
      fake.user.editTableCell('Lots', neighbour, 'Status', 'REJECTED');
      fake.user.editTableCell('Movements', before.Movements.rows.length - 1, 'Qty', 4242);
    });
    try {
      await writeSome(workbook, before);
    } finally {
      stop();
    }
    expect(edited).toBe(true);
    const after = await read(workbook);
    expect(after.Lots.rows[neighbour]).toMatchObject({ status: 'rejected' });
    same(after, await truth(fake));
  });

  it('a write whose text may be mended, or whose append met someone else\'s, has its blocks read whole, and the next read is the workbook', async () => {
    const { fake, workbook, memory } = await bigWorkbook();
    const before = await read(workbook);
    const [u] = spread(before.Lots.rows);
    // Text an "@" cell may not keep as written is mended after the read-back (text-cells.ts).
    await workbook.transact((tx) => tx.write({ update: { Lots: [{ ...u!.lot, supplier: "'Quoted supplier" }] } }));
    let counts = { ...memory.counts };
    same(await read(workbook), await truth(fake));
    expect(memory.counts.blocksConfirmed - counts.blocksConfirmed).toBe(0);
    expect(memory.counts.blocksRead - counts.blocksRead).toBeGreaterThan(0);
    // Another computer appends a row just before this append runs: the last rows are not all ours.
    const n = before.Movements.rows.length;
    let inserted = false;
    const stop = fake.beforeSync((batch) => {
      if (inserted || !batch.locations.some((l) => l.includes('add'))) return;
      inserted = true;
      fake.user.insertTableRows('Movements', n, [['M-OTHER-1']]);
    });
    try {
      await workbook.transact((tx) => tx.write({ append: { Movements: [{ ...before.Movements.rows[0]!, id: 'M-READBACK-2' }] } }));
    } finally {
      stop();
    }
    counts = { ...memory.counts };
    const after = await read(workbook);
    expect(inserted).toBe(true);
    expect(after.Movements.rows.at(-1)).toMatchObject({ id: 'M-READBACK-2' });
    expect(memory.counts.blocksConfirmed - counts.blocksConfirmed).toBe(0);
    same(after, await truth(fake));
  });

  it('a block whose stamp the adapter cannot compute as Excel does (an error cell) is read again', async () => {
    const { fake, workbook, memory } = await bigWorkbook();
    const before = await read(workbook);
    const updates = spread(before.Lots.rows);
    // Excel hashes an error cell as 7; Office.js returns its text, which the JavaScript copy hashes as text.
    fake.user.editTableCell('Lots', updates[1]!.r + 1, 'Unit Cost', '#N/A');
    await writeSome(workbook, await read(workbook));
    const counts = { ...memory.counts };
    fake.resetStats();
    const after = await read(workbook);
    expect(memory.counts.blocksRead - counts.blocksRead).toBe(1);
    expect(memory.counts.blocksConfirmed - counts.blocksConfirmed).toBe(updates.length);
    expect(fake.stats.syncs).toBe(2);
    same(after, await truth(fake));
  });
});
