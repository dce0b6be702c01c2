/* eslint-disable office-addins/load-object-before-read, office-addins/call-sync-before-read --
   these tests read unloaded properties on purpose, to check that the fake throws where Office.js throws. */
import { FakeExcel, FakeOfficeError } from './fake-excel';

const NOT_LOADED =
  "The property 'values' is not available. Before reading the property's value, call the load method on the containing object and call \"context.sync()\" on the associated request context.";

function lotsWorkbook(): FakeExcel {
  const fake = new FakeExcel();
  fake.seedTable('Lots', 'Lots', ['SKU', 'Lot', 'Qty'], [
    ['A-1', 'L1', 5],
    ['A-2', 'L2', 7],
  ]);
  return fake;
}

/** Run `read` and return what it threw; fails the test if nothing was thrown. */
function thrown(read: () => unknown): FakeOfficeError {
  try {
    read();
  } catch (error) {
    if (error instanceof FakeOfficeError) return error;
    throw error;
  }
  throw new Error('nothing was thrown');
}

describe('load and sync', () => {
  it('gives values only after load and sync, and throws PropertyNotLoaded with Office message before', async () => {
    const fake = lotsWorkbook();
    await fake.run(async (context) => {
      const range = context.workbook.worksheets.getItem('Lots').getRange('A2:C2');
      const before = thrown(() => range.values);
      expect(before.code).toBe('PropertyNotLoaded');
      expect(before.message).toBe(NOT_LOADED);
      expect(before.name).toBe('RichApi.Error');

      range.load('values, address');
      // Queued but not synced: still not available.
      expect(thrown(() => range.values).code).toBe('PropertyNotLoaded');
      await context.sync();
      expect(range.values).toEqual([['A-1', 'L1', 5]]);
      expect(range.address).toBe('Lots!A2:C2');
      // Loaded only what was asked for.
      expect(thrown(() => range.rowCount).code).toBe('PropertyNotLoaded');
      expect(thrown(() => range.rowCount).message).toContain("'rowCount'");
    });
  });

  it('throws PropertyNotLoaded for name, rowCount and isNullObject before the first sync', async () => {
    const fake = lotsWorkbook();
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Lots');
      const range = sheet.getRange('A1');
      expect(thrown(() => sheet.name).code).toBe('PropertyNotLoaded');
      expect(thrown(() => range.rowCount).code).toBe('PropertyNotLoaded');
      expect(thrown(() => sheet.isNullObject).code).toBe('PropertyNotLoaded');
      await context.sync();
      // isNullObject comes with every sync; other properties still need a load.
      expect(sheet.isNullObject).toBe(false);
      expect(thrown(() => sheet.name).code).toBe('PropertyNotLoaded');
    });
  });

  it('accepts a comma string, an array, or nothing (all scalar properties)', async () => {
    const fake = lotsWorkbook();
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Lots');
      const a = sheet.getRange('B2:C3').load('rowCount, columnCount');
      const b = sheet.getRange('B2:C3').load(['rowIndex', 'columnIndex']);
      const c = sheet.getRange('B2:C3').load();
      await context.sync();
      expect([a.rowCount, a.columnCount]).toEqual([2, 2]);
      expect([b.rowIndex, b.columnIndex]).toEqual([1, 1]);
      expect(c.address).toBe('Lots!B2:C3');
      expect(c.values).toEqual([['L1', 5], ['L2', 7]]);
      expect(c.valueTypes).toEqual([['String', 'Double'], ['String', 'Double']]);
      expect(c.numberFormat).toEqual([['General', 'General'], ['General', 'General']]);
    });
  });

  it('rejects the sync when an unknown property is loaded', async () => {
    const fake = lotsWorkbook();
    await expect(
      fake.run(async (context) => {
        context.workbook.worksheets.getItem('Lots').getRange('A1').load('valuez');
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
  });

  it('keeps a value set on the proxy readable, as Office.js does, before any load', async () => {
    const fake = lotsWorkbook();
    await fake.run(async (context) => {
      const table = context.workbook.tables.getItem('Lots');
      table.name = 'Lots2';
      expect(table.name).toBe('Lots2');
      await context.sync();
    });
    expect(fake.tableNames()).toEqual(['Lots2']);
  });
});

describe('errors surface at sync', () => {
  it('rejects getItem of a missing sheet with ItemNotFound; earlier commands stay applied, later ones do not run', async () => {
    const fake = lotsWorkbook();
    let caught: unknown;
    await fake
      .run(async (context) => {
        const sheets = context.workbook.worksheets;
        sheets.getItem('Lots').getRange('E1').values = [['before']];
        sheets.getItem('Nope').getRange('A1').values = [['x']];
        sheets.getItem('Lots').getRange('E2').values = [['after']];
        await context.sync();
      })
      .catch((error: unknown) => (caught = error));
    expect(caught).toBeInstanceOf(FakeOfficeError);
    expect(caught).toMatchObject({ code: 'ItemNotFound', debugInfo: { code: 'ItemNotFound', errorLocation: 'WorksheetCollection.getItem' } });
    expect(fake.cell('Lots', 'E1').value).toBe('before');
    expect(fake.cell('Lots', 'E2').value).toBe('');
    expect(fake.stats.failedSyncs).toBe(1);
  });

  it('rejects getItem of a missing table with ItemNotFound', async () => {
    const fake = lotsWorkbook();
    await expect(
      fake.run(async (context) => {
        context.workbook.tables.getItem('Shipments').load('name');
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: 'ItemNotFound' });
  });

  it('does not fail a getItem that no command uses', async () => {
    const fake = lotsWorkbook();
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem('Nope');
      await context.sync();
    });
    expect(fake.stats.failedSyncs).toBe(0);
  });
});

describe('null objects', () => {
  it('sets isNullObject after a sync without a load, and reads other properties of a null object as undefined', async () => {
    const fake = lotsWorkbook();
    await fake.run(async (context) => {
      const missing = context.workbook.worksheets.getItemOrNullObject('Nope');
      const present = context.workbook.worksheets.getItemOrNullObject('lots');
      const table = context.workbook.tables.getItemOrNullObject('Nope');
      present.load('name');
      missing.load('name');
      table.load('name');
      await context.sync();
      expect(missing.isNullObject).toBe(true);
      expect(table.isNullObject).toBe(true);
      expect(present.isNullObject).toBe(false);
      expect(present.name).toBe('Lots');
      // The Office.js runtime skips PropertyNotLoaded for null objects: the property is simply empty.
      expect(missing.name).toBeUndefined();
      expect(table.name).toBeUndefined();
    });
  });

  it('ignores commands on a null object (the getItemOrNullObject(...).delete() idiom) and makes what derives from it null', async () => {
    const fake = lotsWorkbook();
    await fake.run(async (context) => {
      const missing = context.workbook.worksheets.getItemOrNullObject('Nope');
      const range = missing.getRange('A1');
      range.values = [['lost']];
      range.load('address');
      await context.sync();
      expect(range.isNullObject).toBe(true);
      expect(range.address).toBeUndefined();
    });
    expect(fake.sheetNames()).toEqual(['Lots']);
    expect(fake.stats.failedSyncs).toBe(0);
  });

  it('gives a null used range for an empty sheet', async () => {
    const fake = new FakeExcel();
    fake.user.addSheet('Empty');
    await fake.run(async (context) => {
      const used = context.workbook.worksheets.getItem('Empty').getUsedRangeOrNullObject(true);
      await context.sync();
      expect(used.isNullObject).toBe(true);
    });
  });

  it('finds a table column by name or id, or gives a null object', async () => {
    const fake = lotsWorkbook();
    await fake.run(async (context) => {
      const columns = context.workbook.tables.getItem('Lots').columns;
      const byName = columns.getItemOrNullObject('qty').load('name, index');
      const byId = columns.getItemOrNullObject(1).load('name');
      const none = columns.getItemOrNullObject('Expiry');
      await context.sync();
      expect([byName.name, byName.index]).toEqual(['Qty', 2]);
      expect(byId.name).toBe('SKU');
      expect(none.isNullObject).toBe(true);
    });
  });
});

describe('fault injection', () => {
  it('applies only the first commands of the failing sync, then rejects with GeneralException', async () => {
    const fake = lotsWorkbook();
    fake.failSync(2, { afterCommands: 1 });
    await expect(
      fake.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem('Lots');
        sheet.getRange('E1').values = [['first sync']];
        await context.sync();
        sheet.getRange('E2').values = [['applied']];
        sheet.getRange('E3').values = [['lost']];
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: 'GeneralException' });
    expect(fake.cell('Lots', 'E1').value).toBe('first sync');
    expect(fake.cell('Lots', 'E2').value).toBe('applied');
    expect(fake.cell('Lots', 'E3').value).toBe('');
    expect(fake.stats).toMatchObject({ syncs: 2, failedSyncs: 1 });
  });

  it('uses the code and message it is given, and fails only once', async () => {
    const fake = lotsWorkbook();
    fake.failSync(1, { code: 'RequestAborted', message: 'gone' });
    await expect(fake.run(async (context) => context.sync())).rejects.toMatchObject({ code: 'RequestAborted', message: 'gone' });
    await expect(fake.run(async (context) => context.sync())).resolves.toBeUndefined();
  });
});

describe('counters and run', () => {
  it('counts every sync, even an empty one, with request and response bytes', async () => {
    const fake = lotsWorkbook();
    await fake.run(async (context) => {
      await context.sync();
      const range = context.workbook.worksheets.getItem('Lots').getRange('A1:C3').load('values');
      await context.sync();
      expect(range.values).toHaveLength(3);
    });
    expect(fake.stats.syncs).toBe(2);
    expect(fake.stats.requestBytes).toBeGreaterThan(100);
    expect(fake.stats.responseBytes).toBeGreaterThanOrEqual(JSON.stringify({ values: [['SKU', 'Lot', 'Qty'], ['A-1', 'L1', 5], ['A-2', 'L2', 7]] }).length);
    expect(fake.stats.maxResponseBytes).toBeLessThanOrEqual(fake.stats.responseBytes);
    fake.resetStats();
    expect(fake.stats).toEqual({ syncs: 0, requestBytes: 0, responseBytes: 0, maxRequestBytes: 0, maxResponseBytes: 0, failedSyncs: 0 });
  });

  it('sends commands left in the queue when the batch resolves, like Excel.run', async () => {
    const fake = lotsWorkbook();
    const result = await fake.run(async (context) => {
      context.workbook.worksheets.getItem('Lots').getRange('E1').values = [['queued']];
      return 42;
    });
    expect(result).toBe(42);
    expect(fake.cell('Lots', 'E1').value).toBe('queued');
    expect(fake.stats.syncs).toBe(1);
  });

  it('tells subscribers after a sync that changed the workbook and after a user action, not after a read', async () => {
    const fake = lotsWorkbook();
    const calls: string[] = [];
    const stop = fake.subscribe(() => calls.push('changed'));
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem('Lots').getRange('A1').load('values');
      await context.sync();
    });
    expect(calls).toEqual([]);
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem('Lots').getRange('E1').values = [['x']];
      await context.sync();
    });
    fake.user.setValues('Lots', 'F1', [['y']]);
    expect(calls).toEqual(['changed', 'changed']);
    stop();
    fake.user.setValues('Lots', 'F1', [['z']]);
    expect(calls).toHaveLength(2);
  });
});
