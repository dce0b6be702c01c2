/**
 * Updates land on the row that holds the key even when a person or a colleague sorts the table between Lotbook's
 * read and its write (src/excel/row-updates.ts). The fake's beforeSync hook sorts the table as a batch reaches the
 * workbook, which is what a sort in another window between two round trips looks like.
 */
import type { IsoDate, Lot, Money, Movement, Order, Qty } from '../../src/domain/types';
import { createExcelWorkbook } from '../../src/excel/excel-workbook';
import { FakeExcel } from '../../src/office-fake/fake-excel';
import { storedText } from '../support/variants';
import { testLot } from '../support/rows';

const lot = testLot;

const movement = (i: number, note = ''): Movement => ({ id: `M-${i}`, date: '2026-11-02' as IsoDate, type: 'RECEIVE', sku: 'RM-ASH', lot: `L-${i}`, qty: 1000 as Qty, location: 'RM-01', ref: 'PO-1', unitCost: 100 as Money, user: 'tester', note });

const order = (orderId: string, line: number, patch: Partial<Order> = {}): Order => ({ orderId, line, customerId: 'C-1', sku: 'FG-1', qty: 5000 as Qty, dueDate: null, status: 'open', ...patch });

async function workbookWith(rows: { Lots?: Lot[]; Orders?: Order[]; Movements?: Movement[] }) {
  const fake = new FakeExcel();
  const workbook = createExcelWorkbook((batch) => fake.run(batch), {});
  await workbook.setUp();
  await workbook.transact((tx) => tx.write({ append: rows }));
  return { fake, workbook };
}

function column(fake: FakeExcel, table: string, ...headers: string[]): string[] {
  const t = fake.table(table)!;
  return t.rows.map((r) => headers.map((h) => String(r[t.headers.indexOf(h)])).join('|')).sort();
}

describe('an update while the table is being sorted', () => {
  it('lands on the row with its key although the table is sorted before every round trip (found by Range.find)', async () => {
    const lots = ['A-1', 'A-2', 'A-3', 'A-4', 'A-5'].map((c, i) => lot(c, { location: `SHELF-${(7 * i) % 5}` }));
    const { fake, workbook } = await workbookWith({ Lots: lots });
    fake.user.addTableColumn('Lots', 'Shelf photo', ['p1', 'p2', 'p3', 'p4', 'p5']);
    let n = 0;
    const stop = fake.beforeSync(() => {
      n++;
      if (n % 2) fake.user.sort('Lots', 'Lot', n % 4 === 1 ? 'desc' : 'asc');
      else fake.user.sort('Lots', 'Location');
    });
    // Not even for a moment does another lot's row hold A-2's values.
    const strays: string[] = [];
    const unsubscribe = fake.subscribe(() => strays.push(...column(fake, 'Lots', 'Lot', 'Status').filter((x) => x.endsWith('|released') && !x.startsWith('A-2|'))));
    try {
      await workbook.transact(async (tx) => {
        const snap = await tx.read(['Lots']);
        const a2 = snap.Lots.rows.find((l) => l.lot === 'A-2')!;
        await tx.write({ update: { Lots: [{ ...a2, status: 'released', coaRef: '=COA 7' }] } });
      });
    } finally {
      stop();
      unsubscribe();
    }
    expect(strays).toEqual([]);
    // At least one sort between the read and the write.
    expect(n).toBeGreaterThanOrEqual(2);
    expect(column(fake, 'Lots', 'Lot', 'Status', 'COA Ref', 'Shelf photo')).toEqual([
      'A-1|quarantine||p1',
      `A-2|released|${storedText('=COA 7')}|p2`,
      'A-3|quarantine||p3',
      'A-4|quarantine||p4',
      'A-5|quarantine||p5',
    ]);
  });

  it('puts back what it wrote into another row when neither key part is unique, and writes the right row', async () => {
    const orders = [order('SO-1', 1), order('SO-1', 2), order('SO-1', 3), order('SO-2', 1), order('SO-2', 2)];
    const { fake, workbook } = await workbookWith({ Orders: orders });
    fake.user.addTableColumn('Orders', 'Picker', ['ana', 'ben', 'cy', 'dee', 'eve']);
    let sorted = false;
    const stop = fake.beforeSync((batch) => {
      // Just before the batch that writes the cells: the worst moment.
      if (!sorted && batch.locations.includes('Range.values')) {
        fake.user.sort('Orders', 'Picker', 'desc');
        sorted = true;
      }
    });
    try {
      const report = await workbook.transact(async (tx) => {
        const snap = await tx.read(['Orders']);
        const line = snap.Orders.rows.find((o) => o.orderId === 'SO-1' && o.line === 2)!;
        return tx.write({ update: { Orders: [{ ...line, status: 'picking', qty: 4000 as Qty }] } });
      });
      expect(report.updated.Orders).toBe(1);
    } finally {
      stop();
    }
    expect(sorted).toBe(true);
    expect(column(fake, 'Orders', 'Order', 'Line', 'Status', 'Qty', 'Picker')).toEqual([
      'SO-1|1|open|5|ana',
      'SO-1|2|picking|4|ben',
      'SO-1|3|open|5|cy',
      'SO-2|1|open|5|dee',
      'SO-2|2|open|5|eve',
    ]);
  });

  it('says so, and leaves no row wrong, when the table is sorted again before every attempt', async () => {
    const orders = [order('SO-1', 1), order('SO-1', 2), order('SO-1', 3), order('SO-2', 1)];
    const { fake, workbook } = await workbookWith({ Orders: orders });
    fake.user.addTableColumn('Orders', 'Picker', ['a', 'b', 'c', 'd']);
    // Each attempt is a batch that writes, then one that puts back: sort (reversing the rows) before each write.
    let n = 0;
    const stop = fake.beforeSync((batch) => {
      if (batch.locations.includes('Range.values') && n++ % 2 === 0) fake.user.sort('Orders', 'Picker', n % 4 === 1 ? 'desc' : 'asc');
    });
    try {
      await expect(
        workbook.transact(async (tx) => {
          const snap = await tx.read(['Orders']);
          const line = snap.Orders.rows.find((o) => o.orderId === 'SO-1' && o.line === 2)!;
          return tx.write({ update: { Orders: [{ ...line, status: 'picking' }] } });
        }),
      ).rejects.toMatchObject({ code: 'table-changed', message: expect.stringContaining('nothing was left in the wrong rows') });
    } finally {
      stop();
    }
    expect(column(fake, 'Orders', 'Order', 'Line', 'Status')).toEqual(['SO-1|1|open', 'SO-1|2|open', 'SO-1|3|open', 'SO-2|1|open']);
  });

  it('names the rows to check when the table is sorted again between the write and the put-back', async () => {
    const orders = [order('SO-1', 1), order('SO-1', 2), order('SO-1', 3), order('SO-2', 1)];
    const { fake, workbook } = await workbookWith({ Orders: orders });
    fake.user.addTableColumn('Orders', 'Picker', ['a', 'b', 'c', 'd']);
    let n = 0;
    const stop = fake.beforeSync((batch) => {
      if (batch.locations.includes('Range.values')) fake.user.sort('Orders', 'Picker', n++ % 2 ? 'asc' : 'desc');
    });
    try {
      await expect(
        workbook.transact(async (tx) => {
          const snap = await tx.read(['Orders']);
          const line = snap.Orders.rows.find((o) => o.orderId === 'SO-1' && o.line === 2)!;
          return tx.write({ update: { Orders: [{ ...line, status: 'picking' }] } });
        }),
      ).rejects.toMatchObject({ code: 'table-changed', message: expect.stringContaining('Check these rows by hand') });
    } finally {
      stop();
    }
  });

  it('writes nothing into another row when the row was deleted between the read and the write, and says so', async () => {
    const { fake, workbook } = await workbookWith({ Lots: [lot('A-1'), lot('A-2'), lot('A-3')] });
    let deleted = false;
    const stop = fake.beforeSync((batch) => {
      if (!deleted && batch.locations.includes('Range.values')) {
        fake.user.deleteTableRow('Lots', 1);
        deleted = true;
      }
    });
    try {
      await expect(
        workbook.transact(async (tx) => {
          const snap = await tx.read(['Lots']);
          const a2 = snap.Lots.rows.find((l) => l.lot === 'A-2')!;
          return tx.write({ update: { Lots: [{ ...a2, status: 'released' }] } });
        }),
      ).rejects.toMatchObject({ code: 'table-missing', message: expect.stringContaining('was deleted, or its key changed, while Lotbook was writing') });
    } finally {
      stop();
    }
    expect(column(fake, 'Lots', 'Lot', 'Status')).toEqual(['A-1|quarantine', 'A-3|quarantine']);
  });

  it('mends text of new rows in the row that holds it, although the table is sorted before the mending round trip', async () => {
    const { fake, workbook } = await workbookWith({ Movements: [movement(1, 'one'), movement(2, 'two'), movement(3, 'three')] });
    let n = 0;
    const stop = fake.beforeSync((batch) => {
      // The round trips after the append: the probe and the repair of text an "@" cell kept differently.
      if (batch.locations.includes('Range.values') && !batch.locations.includes('TableRowCollection.add')) fake.user.sort('Movements', 'Movement ID', n++ % 2 ? 'asc' : 'desc');
    });
    try {
      await workbook.transact((tx) => tx.write({ append: { Movements: [movement(4, "'quoted"), movement(5, '=not a formula')] } }));
    } finally {
      stop();
    }
    expect(column(fake, 'Movements', 'Movement ID', 'Note')).toEqual(['M-1|one', 'M-2|two', 'M-3|three', `M-4|${storedText("'quoted")}`, `M-5|${storedText('=not a formula')}`]);
  });

  it('keeps an update found by its key when a row written by position into that same row is put back', async () => {
    // Lot X under two SKUs, and two lots of RM-TUR: (RM-TUR, X) is found by position; A-1 is unique, found by Find.
    const lots = [lot('X'), lot('X', { sku: 'RM-TUR' }), lot('Y', { sku: 'RM-TUR' }), lot('A-1')];
    const { fake, workbook } = await workbookWith({ Lots: lots });
    fake.user.addTableColumn('Lots', 'Rank', [1, 3, 4, 2]);
    let sorted = false;
    const stop = fake.beforeSync((batch) => {
      if (!sorted && batch.locations.includes('Range.values')) {
        fake.user.sort('Lots', 'Rank'); // (RM-TUR, X)'s old place now holds A-1
        sorted = true;
      }
    });
    try {
      await workbook.transact((tx) =>
        tx.write({ update: { Lots: [{ ...lots[1]!, status: 'released', location: 'TUR-SHELF' }, { ...lots[3]!, status: 'rejected' }] } }),
      );
    } finally {
      stop();
    }
    expect(column(fake, 'Lots', 'SKU', 'Lot', 'Status', 'Location')).toEqual(['RM-ASH|A-1|rejected|RM-01', 'RM-ASH|X|quarantine|RM-01', 'RM-TUR|X|released|TUR-SHELF', 'RM-TUR|Y|quarantine|RM-01']);
  });
});

describe('an update while a person inserts a column', () => {
  it('lands under its header when a column was inserted in the middle between the read and the write', async () => {
    const { fake, workbook } = await workbookWith({ Lots: [lot('A-1'), lot('A-2')], Orders: [order('SO-1', 1), order('SO-1', 2)] });
    // What lands under the wrong header for one round trip is put back, and the batch written again on a fresh read.
    await workbook.transact(async (tx) => {
      const snap = await tx.read(['Lots', 'Orders']);
      // Before the Status column, so that every column from there on moves one to the right.
      fake.user.addTableColumn('Lots', 'Checked by', [], fake.table('Lots')!.headers.indexOf('Status'));
      fake.user.addTableColumn('Orders', 'Picker', [], 1);
      const a2 = snap.Lots.rows.find((l) => l.lot === 'A-2')!;
      const line2 = snap.Orders.rows.find((o) => o.line === 2)!;
      await tx.write({ update: { Lots: [{ ...a2, status: 'released', coaRef: 'COA-7' }], Orders: [{ ...line2, status: 'picking' }] } });
    });
    expect(column(fake, 'Lots', 'Lot', 'Checked by', 'Status', 'COA Ref')).toEqual(['A-1||quarantine|', 'A-2||released|COA-7']);
    expect(column(fake, 'Orders', 'Order', 'Picker', 'Line', 'Status')).toEqual(['SO-1||1|open', 'SO-1||2|picking']);
  });
});
