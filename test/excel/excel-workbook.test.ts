/**
 * The Excel adapter against the Office.js fake (src/office-fake; docs/office-fake.md says what the fake
 * reproduces and from which source). These tests are about what a user sees in the workbook.
 */
import { WorkbookError, type WorkbookPort } from '../../src/app/ports';
import { generateWorkbook } from '../../src/demo/synthetic';
import { TABLES, TABLE_NAMES } from '../../src/domain/schema';
import type { Movement } from '../../src/domain/types';
import { createExcelWorkbook } from '../../src/excel/excel-workbook';
import { FakeExcel } from '../../src/office-fake/fake-excel';
import { seedFake } from '../../src/demo/seed-fake';
import { storedText, variants } from '../support/variants';
import { testLot, testMovement } from '../support/rows';

const LIMIT = 5 * 1024 * 1024;

function setup(options: { budget?: number } = {}) {
  const fake = new FakeExcel();
  const workbook = createExcelWorkbook((batch) => fake.run(batch), { payloadBudgetBytes: options.budget });
  return { fake, workbook };
}

const movement = testMovement;

const lot = testLot;

async function seed(workbook: WorkbookPort, rows: Parameters<WorkbookPort['transact']>[0] extends never ? never : Record<string, unknown[]>) {
  await workbook.setUp();
  await workbook.transact((tx) => tx.write({ append: rows as never }));
}

describe('set up', () => {
  it('creates every table with its headers on a sheet of the same name', async () => {
    const { fake, workbook } = setup();
    const report = await workbook.setUp();
    expect(report.createdTables).toEqual(TABLE_NAMES);
    for (const name of TABLE_NAMES) {
      const t = fake.table(name)!;
      expect(t.sheet).toBe(name);
      expect(t.headers).toEqual(TABLES[name].columns.map((c) => c.header));
    }
  });

  it('is idempotent: a second run changes nothing', async () => {
    const { fake, workbook } = setup();
    await workbook.setUp();
    await seed(workbook, { Lots: [lot('A-1')] });
    const before = TABLE_NAMES.map((n) => fake.table(n));
    const sheets = fake.sheetNames();
    const report = await workbook.setUp();
    expect(report).toEqual({ createdTables: [], addedColumns: [], skipped: [] });
    expect(TABLE_NAMES.map((n) => fake.table(n))).toEqual(before);
    expect(fake.sheetNames()).toEqual(sheets);
  });

  it("repairs a user's table: adds missing columns, keeps the user's own columns, order and rows", async () => {
    const { fake, workbook } = setup();
    fake.user.addSheet('Lots');
    fake.user.setValues('Lots', 'A1:D3', [
      ['Lot', 'SKU', 'My notes', 'Status'],
      ['000123', 'RM-ASH', 'top shelf', 'released'],
      ['B-7', 'RM-ASH', '', 'hold'],
    ]);
    fake.user.addTable('Lots', 'A1:D3', 'Lots');
    const report = await workbook.setUp();
    expect(report.createdTables).not.toContain('Lots');
    expect(report.addedColumns.filter((c) => c.table === 'Lots').map((c) => c.header)).toEqual(
      TABLES.Lots.columns.map((c) => c.header).filter((h) => !['Lot', 'SKU', 'Status'].includes(h)),
    );
    const t = fake.table('Lots')!;
    expect(t.headers.slice(0, 4)).toEqual(['Lot', 'SKU', 'My notes', 'Status']);
    expect(t.rows.map((r) => r.slice(0, 4))).toEqual([
      [123, 'RM-ASH', 'top shelf', 'released'], // the user typed 000123 into a General cell: Excel made it 123
      ['B-7', 'RM-ASH', '', 'hold'],
    ]);
    const snap = await workbook.transact((tx) => tx.read(['Lots']));
    expect(snap.Lots.rows.map((r) => [r.lot, r.status])).toEqual([
      ['123', 'released'],
      ['B-7', 'hold'],
    ]);
  });

  it('leaves a sheet that holds other data alone and says why', async () => {
    const { fake, workbook } = setup();
    fake.user.addSheet('Orders');
    fake.user.setValues('Orders', 'A1:B2', [
      ['Quarterly plan', ''],
      ['Q1', 1200],
    ]);
    const report = await workbook.setUp();
    expect(report.skipped).toEqual([{ table: 'Orders', reason: expect.stringContaining('Sheet "Orders" already holds other data') }]);
    expect(fake.usedRange('Orders')!.values).toEqual([
      ['Quarterly plan', ''],
      ['Q1', 1200],
    ]);
  });
});

describe('reading', () => {
  it('reads all tables of a 10,000-movement workbook in one sync', async () => {
    const { fake, workbook } = setup();
    const data = generateWorkbook({ movements: 10_000, seed: 7 });
    await seed(workbook, data as never);
    const fresh = createExcelWorkbook((b) => fake.run(b));
    fake.resetStats();
    const snap = await fresh.transact((tx) => tx.read(TABLE_NAMES));
    expect(fake.stats.syncs).toBe(1);
    expect(snap.Movements.rows).toHaveLength(10_000);
    expect(snap.Movements.problems).toEqual([]);
    expect(snap.Movements.rows[123]).toEqual(data.Movements[123]);
    expect(snap.Lots.rows).toEqual(data.Lots);
  });

  it('reads a 100,000-movement workbook in one sync per 5 MB, never over the limit', async () => {
    const { fake, workbook } = setup();
    const data = generateWorkbook({ movements: 100_000, seed: 11 });
    seedFake(fake, data);
    await workbook.setUp(); // adds the tables the generator does not make (Log, Settings)
    fake.resetStats();
    const first = await workbook.transact((tx) => tx.read(TABLE_NAMES));
    expect(first.Movements.rows).toHaveLength(100_000);
    expect(fake.stats.maxResponseBytes).toBeLessThanOrEqual(LIMIT);
    // The first sync reads headers, sizes and as many rows as fit; then one sync per 5 MB chunk.
    expect(fake.stats.syncs).toBeLessThanOrEqual(Math.ceil(fake.stats.responseBytes / LIMIT) + 1);
    expect(fake.stats.failedSyncs).toBe(0);

    // Again, now that the adapter knows the sizes.
    fake.resetStats();
    const second = await workbook.transact((tx) => tx.read(TABLE_NAMES));
    expect(second.Movements.rows).toEqual(first.Movements.rows);
    expect(fake.stats.syncs).toBeLessThanOrEqual(Math.ceil(fake.stats.responseBytes / LIMIT) + 1);
    expect(fake.stats.maxResponseBytes).toBeLessThanOrEqual(LIMIT);
  }, 120_000);

  it('names the missing tables and asks for set-up', async () => {
    const { workbook } = setup();
    await expect(workbook.transact((tx) => tx.read(['Lots', 'Movements']))).rejects.toMatchObject({
      code: 'table-missing',
      message: expect.stringContaining('Lots, Movements are missing'),
    });
  });

  it('finds rows and bad cells by header, wherever the user moved the columns', async () => {
    const { fake, workbook } = setup();
    await workbook.setUp();
    fake.user.addTableColumn('Movements', 'Checked by');
    await workbook.transact((tx) => tx.write({ append: { Movements: [movement(1), movement(2)] } }));
    fake.user.editTableCell('Movements', 1, 'Qty', 'lots');
    const snap = await workbook.transact((tx) => tx.read(['Movements']));
    expect(snap.Movements.rows.map((m) => m.id)).toEqual(['M-000001']);
    expect(snap.Movements.problems).toEqual([
      expect.objectContaining({ sheet: 'Movements', row: 3, column: 'Qty', address: 'Movements!F3', value: 'lots', code: 'not-a-number' }),
    ]);
  });
});

describe('appending', () => {
  it('stores scanned and typed text exactly, never as a formula or a number', async () => {
    const { fake, workbook } = setup();
    await workbook.setUp();
    const nasty = ['=HYPERLINK("http://x","y")', '+1', '-2+3', '@SUM(A1)', '000123', '1E5', '3-4', '12/10', 'TRUE', "'quoted"];
    await workbook.transact((tx) =>
      tx.write({ append: { Movements: nasty.map((s, i) => movement(i, { lot: s, note: s, ref: s, user: s })) } }),
    );
    const t = fake.table('Movements')!;
    const col = (h: string) => t.headers.indexOf(h);
    nasty.forEach((s, i) => {
      for (const h of ['Lot', 'Note', 'Reference', 'User']) {
        expect(t.rows[i]![col(h)]).toBe(storedText(s));
        const cell = fake.cell('Movements', `${String.fromCharCode(65 + col(h))}${i + 2}`);
        expect(cell.formula).toBeNull();
        expect(cell.type).toBe('String');
      }
    });
    const snap = await workbook.transact((tx) => tx.read(['Movements']));
    expect(snap.Movements.rows.map((m) => m.lot)).toEqual(nasty.map(storedText));
  });

  it('appends 50,000 rows without a request over the 5 MB limit', async () => {
    const { fake, workbook } = setup();
    await workbook.setUp();
    fake.resetStats();
    const rows = Array.from({ length: 50_000 }, (_, i) => movement(i, { note: 'received at dock 4 with a long note about the pallet' }));
    const report = await workbook.transact((tx) => tx.write({ append: { Movements: rows } }));
    expect(report.appended.Movements).toBe(50_000);
    expect(fake.stats.maxRequestBytes).toBeLessThanOrEqual(LIMIT);
    expect(fake.table('Movements')!.rows).toHaveLength(50_000);
  }, 60_000);

  it('writes each row once when a write is retried after any sync failed half-applied', async () => {
    // Small budget: the write needs several syncs, and each of them gets to fail part-way.
    const rows = Array.from({ length: 40 }, (_, i) => movement(i));
    const lots = [lot('A-1'), lot('A-2')];
    const probe = setup({ budget: 1500 });
    await probe.workbook.setUp();
    probe.fake.resetStats();
    await probe.workbook.transact((tx) => tx.write({ append: { Movements: rows, Lots: lots } }));
    const syncs = probe.fake.stats.syncs;
    expect(syncs).toBeGreaterThan(3);

    for (let nth = 1; nth <= syncs; nth++) {
      for (const afterCommands of [0, 1, 2]) {
        const { fake, workbook } = setup({ budget: 1500 });
        await workbook.setUp();
        fake.failSync(nth, { afterCommands });
        await expect(workbook.transact((tx) => tx.write({ append: { Movements: rows, Lots: lots } }))).rejects.toBeInstanceOf(WorkbookError);
        await workbook.transact((tx) => tx.write({ append: { Movements: rows, Lots: lots } }));
        const ids = fake.table('Movements')!.rows.map((r) => r[0]).filter((v) => v !== '');
        expect(ids).toEqual(rows.map((r) => r.id));
        expect(fake.table('Lots')!.rows.map((r) => r[1]).filter((v) => v !== '')).toEqual(['A-1', 'A-2']);
      }
    }
  }, 60_000);

  it('appends correctly while the user has the table filtered and sorted', async () => {
    const { fake, workbook } = setup();
    await seed(workbook, { Lots: [lot('A-1', { status: 'released' }), lot('A-2', { status: 'hold' }), lot('A-3', { status: 'released' })] });
    fake.user.sort('Lots', 'Lot', 'desc');
    fake.user.filter('Lots', 'Status', (v) => v === 'released');
    const append = () => workbook.transact((tx) => tx.write({ append: { Lots: [lot('A-4')] } }));
    if (variants().addToFilteredTable === 'refused') {
      // This Excel refuses rows added under a filter: the person is told what to do, and nothing was written.
      await expect(append()).rejects.toMatchObject({ code: 'table-filtered', message: expect.stringContaining('Clear the filter') });
      fake.user.clearFilter('Lots');
      await append();
    } else {
      await append();
      fake.user.clearFilter('Lots');
    }
    const snap = await workbook.transact((tx) => tx.read(['Lots']));
    expect(snap.Lots.rows.map((l) => `${l.lot}:${l.status}`).sort()).toEqual(['A-1:released', 'A-2:hold', 'A-3:released', 'A-4:quarantine']);
  });
});

describe('updating', () => {
  it('finds rows by key after a user sort and keeps the user columns', async () => {
    const { fake, workbook } = setup();
    await seed(workbook, { Lots: [lot('A-1'), lot('A-2'), lot('A-3')] });
    fake.user.addTableColumn('Lots', 'Shelf photo', ['p1', 'p2', 'p3']);
    fake.user.sort('Lots', 'Lot', 'desc');
    const report = await workbook.transact((tx) => tx.write({ update: { Lots: [lot('A-2', { status: 'released', coaRef: '=cmd|calc' })] } }));
    expect(report.updated.Lots).toBe(1);
    const t = fake.table('Lots')!;
    const row = t.rows.find((r) => r[t.headers.indexOf('Lot')] === 'A-2')!;
    expect(row[t.headers.indexOf('Status')]).toBe('released');
    expect(row[t.headers.indexOf('COA Ref')]).toBe(storedText('=cmd|calc'));
    expect(row[t.headers.indexOf('Shelf photo')]).toBe('p2');
    expect(t.rows.filter((r) => r[t.headers.indexOf('Status')] === 'released')).toHaveLength(1);
  });

  it('refuses to update a filtered table and writes nothing', async () => {
    const { fake, workbook } = setup();
    await seed(workbook, { Lots: [lot('A-1'), lot('A-2')] });
    fake.user.filter('Lots', 'Lot', (v) => v === 'A-1');
    const before = fake.table('Lots');
    await expect(workbook.transact((tx) => tx.write({ update: { Lots: [lot('A-2', { status: 'released' })] }, append: { Movements: [movement(1)] } }))).rejects.toMatchObject({
      code: 'table-filtered',
      message: expect.stringContaining('clear the filter on Lots'),
    });
    expect(fake.table('Lots')).toEqual(before);
    expect(fake.table('Movements')!.rows.filter((r) => r[0] !== '')).toEqual([]);
  });
});

describe('the key read of an append, after a full read taught the adapter the row sizes', () => {
  it('is never refused, although the key column is wider than the average column', async () => {
    // Excel's 5 MB limit and the adapter's budget scaled down together, so that 20,000 movements stand for a
    // million: the Movements id column is about 1.2 times wider per cell than the table's average column.
    const fake = new FakeExcel({ payloadLimitBytes: 200_000 });
    const workbook = createExcelWorkbook((b) => fake.run(b), { payloadBudgetBytes: 175_000 });
    seedFake(fake, generateWorkbook({ movements: 20_000, seed: 5 }));
    await workbook.setUp();
    await workbook.transact((tx) => tx.read(TABLE_NAMES));
    fake.resetStats();
    const report = await workbook.transact((tx) => tx.write({ append: { Movements: [movement(1)] } }));
    expect(report.appended.Movements).toBe(1);
    expect(fake.stats.failedSyncs).toBe(0);
    expect(fake.stats.maxResponseBytes).toBeLessThanOrEqual(200_000);
  }, 60_000);
});

describe('an append in the transact that read the table', () => {
  // Excel's 5 MB limit and the adapter's budget scaled down 25 times, as above.
  const big = async () => {
    const fake = new FakeExcel({ payloadLimitBytes: 200_000 });
    const workbook = createExcelWorkbook((b) => fake.run(b), { payloadBudgetBytes: 175_000 });
    seedFake(fake, generateWorkbook({ movements: 20_000, seed: 5 }));
    await workbook.setUp();
    return { fake, workbook };
  };
  const header = (field: keyof Movement) => TABLES.Movements.columns.find((c) => c.field === field)!.header;
  const rowsWith = (fake: FakeExcel, id: string) => {
    const t = fake.table('Movements')!;
    return t.rows.filter((r) => r[t.headers.indexOf(header('id'))] === id).map((r) => Object.fromEntries(t.headers.map((h, i) => [h, r[i]])));
  };

  it('checks its keys against that read instead of reading the key column again', async () => {
    const { fake, workbook } = await big();
    const report = await workbook.transact(async (tx) => {
      await tx.read(['Movements']);
      fake.resetStats();
      return tx.write({ append: { Movements: [movement(1)] } });
    });
    expect(report.appended.Movements).toBe(1);
    // The 20,000 ids alone would be about 400 KB.
    expect(fake.stats.responseBytes).toBeLessThan(20_000);
    expect(rowsWith(fake, 'M-000001')).toHaveLength(1);
  });

  it('reads the keys again when another window appended since the read, and skips what that window wrote', async () => {
    const { fake, workbook } = await big();
    const otherWindow = createExcelWorkbook((b) => fake.run(b), { payloadBudgetBytes: 175_000 });
    const report = await workbook.transact(async (tx) => {
      await tx.read(['Movements']);
      await otherWindow.transact((o) => o.write({ append: { Movements: [movement(1)] } }));
      return tx.write({ append: { Movements: [movement(1), movement(2)] } });
    });
    expect(report).toMatchObject({ appended: { Movements: 1 }, skipped: { Movements: 1 } });
    expect(rowsWith(fake, 'M-000001')).toHaveLength(1);
    expect(rowsWith(fake, 'M-000002')).toHaveLength(1);
  });

  it('reads again when a column was inserted since the read, and writes each value under its header', async () => {
    const { fake, workbook } = await big();
    await workbook.transact(async (tx) => {
      await tx.read(['Movements']);
      fake.user.addTableColumn('Movements', 'Checked by');
      return tx.write({ append: { Movements: [movement(3)] } });
    });
    expect(rowsWith(fake, 'M-000003')).toEqual([expect.objectContaining({ [header('lot')]: 'LOT-3', [header('location')]: 'RM-01', 'Checked by': '' })]);
  });
});

describe('when the first read of a write is refused as too big', () => {
  it('reads again in smaller parts and still knows the filter state', async () => {
    // Excel's limit scaled down with the adapter's budget, and rows far longer than the adapter guesses for a
    // workbook it has not read yet: the first response is refused.
    const fake = new FakeExcel({ payloadLimitBytes: 20_000 });
    const workbook = createExcelWorkbook((b) => fake.run(b), { payloadBudgetBytes: 18_000 });
    await workbook.setUp();
    const lots = Array.from({ length: 300 }, (_, i) => lot(`A-${i}`, { supplier: `Supplier ${i} `.padEnd(200, '.') }));
    await createExcelWorkbook((b) => fake.run(b), { payloadBudgetBytes: 4_000 }).transact((tx) => tx.write({ append: { Lots: lots } }));
    fake.user.filter('Lots', 'Lot', (v) => v === 'A-1');
    await expect(workbook.transact((tx) => tx.write({ update: { Lots: [lot('A-2', { status: 'released' })] } }))).rejects.toMatchObject({ code: 'table-filtered' });
    fake.user.clearFilter('Lots');
    await workbook.transact((tx) => tx.write({ append: { Movements: [movement(1)] }, update: { Lots: [lot('A-2', { status: 'released' })] } }));
    expect(fake.stats.failedSyncs).toBeGreaterThan(0);
    const t = fake.table('Lots')!;
    expect(t.rows.find((r) => r[t.headers.indexOf('Lot')] === 'A-2')![t.headers.indexOf('Status')]).toBe('released');
  });
});

describe('report sheets', () => {
  const report = (id: string) => ({
    id,
    name: 'Recall 24/07-A 2026-11-30',
    title: 'Recall report',
    header: [['Reason', '=1+1 contamination'] as const, ['Class', 'II'] as const],
    table: {
      name: 'Recall',
      columns: [
        { header: 'Customer', type: 'text' as const },
        { header: 'Qty', type: 'qty' as const },
        { header: 'Ship date', type: 'date' as const },
      ],
      rows: [
        ['@Greenleaf', 12, 46000],
        ['VitaHub', 3.5, 46001],
      ],
    },
  });

  it('reads several report tables back in one round trip, and a gone one as null without losing the others', async () => {
    const { fake, workbook } = setup();
    await workbook.setUp();
    await workbook.transact((tx) => tx.write({ sheets: [report('a1'), report('a2')] }));
    fake.resetStats();
    const both = await workbook.transact((tx) => tx.readReports([{ id: 'a1', table: 'Recall' }, { id: 'a2', table: 'Recall' }]));
    expect(fake.stats.syncs).toBe(1);
    expect(both.map((t) => t?.rows.length)).toEqual([2, 2]);
    const withGone = await workbook.transact((tx) => tx.readReports([{ id: 'a1', table: 'Recall' }, { id: 'gone', table: 'Recall' }, { id: 'a2', table: 'Recall' }]));
    expect(withGone.map((t) => (t ? t.headers[0] : null))).toEqual(['Customer', null, 'Customer']);
  });

  it('writes a sanitized, text-safe sheet with a table, once even when retried', async () => {
    const { fake, workbook } = setup();
    const first = await workbook.transact((tx) => tx.write({ sheets: [report('r1')] }));
    expect(first.sheets).toEqual(['Recall 24-07-A 2026-11-30']);
    const again = await workbook.transact((tx) => tx.write({ sheets: [report('r1')] }));
    expect(again.sheets).toEqual(['Recall 24-07-A 2026-11-30']);
    expect(fake.sheetNames().filter((s) => s.startsWith('Recall'))).toHaveLength(1);
    const t = fake.table(fake.tableNames().find((n) => n.startsWith('Recall'))!)!;
    expect(t.headers).toEqual(['Customer', 'Qty', 'Ship date']);
    expect(t.rows).toEqual([
      ['@Greenleaf', 12, 46000],
      ['VitaHub', 3.5, 46001],
    ]);
    expect(fake.cell('Recall 24-07-A 2026-11-30', 'B2')).toMatchObject({ value: storedText('=1+1 contamination'), formula: null });

    const other = await workbook.transact((tx) => tx.write({ sheets: [report('r2')] }));
    expect(other.sheets).toEqual(['Recall 24-07-A 2026-11-30 (2)']);
  });

  // A report asked for ahead is written in the read's round trip, one for formats and one for the rest, with the
  // batch's appends and updates riding in the last: a request cut short after any of its commands, and a retry,
  // must still leave one whole sheet under its final name and every row once.
  it('leaves one whole sheet under its final name and each row once, whichever command a failure stops at', async () => {
    const act = (workbook: WorkbookPort) =>
      workbook.transact(async (tx) => {
        const t = await tx.read(['Lots', 'Movements'], { ahead: { sheets: [{ id: 'r9', table: 'Recall' }] } });
        const a1 = t.Lots.rows.find((l) => l.lot === 'A-1')!;
        return tx.write({ sheets: [report('r9')], append: { Movements: [movement(9)] }, update: { Lots: [{ ...a1, status: 'released' }] } });
      });
    const start = async () => {
      const { fake, workbook } = setup();
      await seed(workbook, { Lots: [lot('A-1'), lot('A-2')] });
      // A report of the same name already there: the new one is "(2)", so the final name depends on the others.
      await workbook.transact((tx) => tx.write({ sheets: [report('r1')] }));
      return { fake, workbook };
    };
    const clean = await start();
    const commands: number[] = [];
    const stop = clean.fake.beforeSync((b) => commands.push(b.locations.length));
    expect((await act(clean.workbook)).sheets).toEqual(['Recall 24-07-A 2026-11-30 (2)']);
    stop();
    // The read, the formats, the values with the rows (the report's "=" and "@" text adds its read-back and mending).
    expect(commands.length).toBeGreaterThanOrEqual(3);
    const expected = { sheets: clean.fake.sheetNames(), tables: clean.fake.tableNames(), lots: clean.fake.table('Lots')!.rows, movements: clean.fake.table('Movements')!.rows };
    expect(expected.sheets.filter((n) => n.startsWith('~'))).toEqual([]);

    const wrong: string[] = [];
    for (const [i, count] of commands.entries()) {
      for (let afterCommands = 0; afterCommands < count; afterCommands++) {
        const { fake, workbook } = await start();
        fake.failSync(i + 1, { afterCommands, code: 'ConnectionFailure' });
        await expect(act(workbook)).rejects.toBeInstanceOf(WorkbookError);
        const retry = await act(workbook);
        const got = { sheets: fake.sheetNames(), tables: fake.tableNames(), lots: fake.table('Lots')!.rows, movements: fake.table('Movements')!.rows };
        if (JSON.stringify(got) !== JSON.stringify(expected) || retry.sheets[0] !== 'Recall 24-07-A 2026-11-30 (2)') wrong.push(`sync ${i + 1} after ${afterCommands} commands: ${JSON.stringify({ sheets: got.sheets, named: retry.sheets })}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);
});

describe('report sheet values', () => {
  it('writes text as text even in a column declared as a number', async () => {
    const { fake, workbook } = setup();
    await workbook.transact((tx) =>
      tx.write({ sheets: [{ id: 'n', name: 'Numbers', title: 'Numbers', header: [], table: { name: 'Numbers', columns: [{ header: 'Qty', type: 'qty' }], rows: [['=2+2'], [3]] } }] }),
    );
    expect(fake.cell('Numbers', 'A4')).toMatchObject({ value: '=2+2', formula: null, type: 'String' });
    expect(fake.cell('Numbers', 'A5')).toMatchObject({ value: 3, type: 'Double' });
  });
});

describe('big report sheets', () => {
  it('writes 60,000 lines in chunks, formats before values, never over the 5 MB limit', async () => {
    const { fake, workbook } = setup();
    const rows = Array.from({ length: 60_000 }, (_, i) => [`Customer ${i} with a long enough name`, i % 97, 46000 + (i % 30)]);
    fake.resetStats();
    const written = await workbook.transact((tx) =>
      tx.write({
        sheets: [
          {
            id: 'big',
            name: 'Big report',
            title: 'Big report',
            header: [],
            table: { name: 'Big', columns: [{ header: 'Customer', type: 'text' }, { header: 'Qty', type: 'qty' }, { header: 'Ship date', type: 'date' }], rows },
          },
        ],
      }),
    );
    expect(written.sheets).toEqual(['Big report']);
    expect(fake.stats.maxRequestBytes).toBeLessThanOrEqual(LIMIT);
    const t = fake.table(fake.tableNames().find((n) => n.startsWith('Big'))!)!;
    expect(t.rows).toHaveLength(60_000);
    expect(t.rows[59_999]).toEqual(rows[59_999]);
    // Title in row 1, a blank row, the table header in row 3: the last of 60,000 lines is row 60,003.
    expect(fake.cell('Big report', 'C60003')).toMatchObject({ numberFormat: 'yyyy-mm-dd' });
  }, 60_000);
});

describe('Office errors', () => {
  it('keeps the Office code and debugInfo', async () => {
    const { fake, workbook } = setup();
    await workbook.setUp();
    fake.failSync(1, { code: 'ConnectionFailure', message: 'The network connection was lost.' });
    const error = await workbook.transact((tx) => tx.read(['Lots'])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbookError);
    expect(error).toMatchObject({ code: 'workbook-unreachable', officeCode: 'ConnectionFailure', debugInfo: expect.objectContaining({ code: 'ConnectionFailure' }) });
    expect((error as Error).message).toContain('The network connection was lost.');
  });
});
