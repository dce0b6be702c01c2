/**
 * Never stale (issue 14), at the level of what a person does: commands run through the composition root on the
 * real adapter, which remembers tables between commands (src/excel/table-memory.ts), and a person changes the
 * workbook by hand between two commands, as they do with the pane closed.
 */
import { demoFake, rowsOf } from '../support/demo-workbook';
import { createCommands } from '../../src/app/commands';
import { orderLineKey } from '../../src/app/pick';
import type { IsoDate, IsoDateTime } from '../../src/domain/types';
import { createExcelWorkbook } from '../../src/excel/excel-workbook';
import { TableMemory } from '../../src/excel/table-memory';

const TODAY = '2026-11-30' as IsoDate;
const NOW = `${TODAY}T09:00:00` as IsoDateTime;
const FG_LOT = '2611-ASH60-001';
const LINES = [orderLineKey('SO-3021', 1)];

describe('a hand edit made between two commands', () => {
  it('a status typed by hand is honoured by the next pick list', async () => {
    const { fake, workbook } = await demoFake(TODAY, NOW);
    const commands = createCommands({ workbook });
    const before = await commands.proposePicks({ shipDate: TODAY, lineKeys: LINES });
    expect(before.ok && before.picks.map((p) => p.lot)).toEqual([FG_LOT]);

    const row = rowsOf(fake, 'Lots').findIndex((l) => l.Lot === FG_LOT);
    fake.user.editTableCell('Lots', row, 'Status', 'hold');
    fake.resetStats();
    const after = await commands.proposePicks({ shipDate: TODAY, lineKeys: LINES });
    if (!after.ok) throw new Error(after.message);
    expect(after.picks).toEqual([]);
    expect(after.shortfalls[0]?.reasons.map((r) => r.code)).toContain('hold');
  });

  it('a movement quantity corrected by hand changes what the pick list can take', async () => {
    const { fake, workbook } = await demoFake(TODAY, NOW);
    const commands = createCommands({ workbook });
    await commands.proposePicks({ shipDate: TODAY, lineKeys: LINES });
    // The FG lot's production was 340; someone corrects it to 100 (the line wants 120).
    const movements = rowsOf(fake, 'Movements');
    const made = movements.findIndex((m) => m.Lot === FG_LOT && m.Type === 'PRODUCE');
    fake.user.editTableCell('Movements', made, 'Qty', 100);
    const after = await commands.proposePicks({ shipDate: TODAY, lineKeys: LINES });
    if (!after.ok) throw new Error(after.message);
    expect(after.picks.reduce((s, p) => s + p.qty, 0)).toBeLessThan(120 * 1000);
  });

  it('two computers receiving the same SKU and lot at once make one Lots row', async () => {
    const { fake, workbook } = await demoFake(TODAY, NOW);
    const other = createExcelWorkbook((b) => fake.run(b));
    const here = createCommands({ workbook });
    const there = createCommands({ workbook: other });
    await Promise.all([here.readReceiptTables(), there.readReceiptTables()]);
    const input = { sku: 'RM-ASH', lot: 'ASH-2412-Z', quantity: '10', expiry: '2028-06-30', supplier: 'Sattva Herbs' };
    const [a, b] = await Promise.all([
      here.receive(input, { user: 'Ben', today: TODAY, now: NOW, ids: { movement: 'M-PC-1', log: 'L-PC-1' } }),
      there.receive(input, { user: 'Ana', today: TODAY, now: NOW, ids: { movement: 'M-PC-2', log: 'L-PC-2' } }),
    ]);
    expect([a.ok, b.ok]).toEqual([true, true]);
    expect(rowsOf(fake, 'Lots').filter((l) => l.Lot === 'ASH-2412-Z')).toHaveLength(1);
    expect(rowsOf(fake, 'Movements').filter((m) => m.Lot === 'ASH-2412-Z').map((m) => m['Movement ID']).sort()).toEqual(['M-PC-1', 'M-PC-2']);
  });

  it('a recall report reads the workbook whole, whatever the adapter remembers', async () => {
    const { fake } = await demoFake(TODAY, NOW);
    const memory = new TableMemory();
    const commands = createCommands({ workbook: createExcelWorkbook((b) => fake.run(b), { memory }) });
    const starts = [{ sku: 'RM-ASH', lot: 'ASH-2407-A' }];
    await commands.runRecall({ starts, direction: 'forward' });
    const afterFirst = memory.counts.tablesRead;
    await commands.runRecall({ starts, direction: 'forward' });
    // A warm trace reads no table whole: the stamps said nothing changed.
    expect(memory.counts.tablesRead).toBe(afterFirst);
    const r = await commands.writeRecallReport({ starts, direction: 'forward', reason: 'Salmonella in retained sample', recallClass: 'II', user: 'Quinn', now: NOW, reportId: 'RR-FRESH-1' });
    expect(r.ok).toBe(true);
    // The report read every table it traces whole, from the workbook.
    expect(memory.counts.tablesRead - afterFirst).toBe(afterFirst);
  });
});
