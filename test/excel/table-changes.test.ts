/**
 * watchTableChanges against office-addin-mock standing in for the Excel global: which events the LOTBOOK
 * functions listen to, and that a change in any table reaches them.
 */
import { OfficeMockObject } from 'office-addin-mock';
import { watchTableChanges } from '../../src/excel/table-changes';

type Handler = (event: unknown) => Promise<void>;

describe('watchTableChanges', () => {
  const g = globalThis as { Excel?: unknown };
  afterEach(() => {
    delete g.Excel;
  });

  it('listens to every table being changed, added or deleted, and reports each as a change', async () => {
    const added: Record<string, Handler[]> = { onChanged: [], onAdded: [], onDeleted: [] };
    const on = (name: string) => ({ add: (h: Handler) => void added[name]!.push(h) });
    const excel = new OfficeMockObject({
      context: { workbook: { tables: { onChanged: on('onChanged'), onAdded: on('onAdded'), onDeleted: on('onDeleted') } } },
      run: async function (this: { context: unknown }, batch: (context: unknown) => Promise<void>) {
        await batch(this.context);
      },
    });
    g.Excel = excel;
    let changes = 0;
    await watchTableChanges(() => changes++);
    expect(Object.fromEntries(Object.entries(added).map(([k, v]) => [k, v.length]))).toEqual({ onChanged: 1, onAdded: 1, onDeleted: 1 });
    await added.onChanged![0]!({ tableId: 'Lots', changeType: 'RangeEdited', address: 'H7' });
    await added.onAdded![0]!({ tableId: 'PickList' });
    await added.onDeleted![0]!({ tableId: 'PickList' });
    expect(changes).toBe(3);
  });
});
