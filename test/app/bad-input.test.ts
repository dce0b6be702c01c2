/**
 * Bad input at every door (issue 13): cells a person changed by hand that no command may compute on quietly.
 * Real adapter over the Office.js fake, from the playground's demo workbook, through the commands.
 */
import { demoFake } from '../support/demo-workbook';
import { createCommands } from '../../src/app/commands';
import { orderLineKey } from '../../src/app/pick';
import type { IsoDate, IsoDateTime } from '../../src/domain/types';
import { createExcelWorkbook } from '../../src/excel/excel-workbook';

const TODAY = '2026-11-30' as IsoDate;
const NOW = `${TODAY}T09:00:00` as IsoDateTime;

async function setup() {
  const { fake } = await demoFake(TODAY, NOW);
  return { fake, commands: createCommands({ workbook: createExcelWorkbook((b) => fake.run(b)), reportBug: (_, e) => { throw e; } }) };
}

describe('the Lots Expiry column renamed or deleted by hand', () => {
  async function withoutExpiry() {
    const s = await setup();
    const t = s.fake.table('Lots')!;
    const col = String.fromCharCode(65 + t.headers.indexOf('Expiry'));
    s.fake.user.setValues('Lots', `${col}1`, [['Best before (old)']]);
    return s;
  }

  it('stops FEFO from picking lots as if they had no expiry, and names the column', async () => {
    const { commands } = await withoutExpiry();
    const out = await commands.proposePicks({ shipDate: TODAY, lineKeys: [orderLineKey('SO-3021', 1)] });
    expect(out).toMatchObject({ ok: false, message: expect.stringContaining('no "Expiry" column') });
  });

  it('stops a production run from consuming lots whose expiry it cannot see', async () => {
    const { commands } = await withoutExpiry();
    const out = await commands.produce(
      { outputSku: 'FG-ASH60', plannedQuantity: '500', actualQuantity: '480', conversionCost: '250', location: 'QC-HOLD', inputs: [{ sku: 'RM-ASH', lot: 'ASH-2407-A', quantity: '10' }] },
      { user: 'Jo', today: TODAY, now: NOW, ids: { run: 'R-X', log: 'L-X' } },
    );
    expect(out).toMatchObject({ ok: false, message: expect.stringContaining('no "Expiry" column') });
  });

  it('is not "repaired" by Set up with an empty Expiry column: the person is asked whether a column was renamed', async () => {
    const { fake, commands } = await withoutExpiry();
    const outcome = await commands.setUpWorkbook();
    expect(outcome.report.addedColumns).toEqual([]);
    expect(outcome.report.askedColumns).toEqual([expect.objectContaining({ table: 'Lots', header: 'Expiry' })]);
    expect(outcome.summary.join(' ')).toContain('If one of those is Expiry renamed, rename it back to "Expiry"');
    expect(fake.table('Lots')!.headers).not.toContain('Expiry');
    // Renamed back by the person: FEFO works again.
    const t = fake.table('Lots')!;
    fake.user.setValues('Lots', `${String.fromCharCode(65 + t.headers.indexOf('Best before (old)'))}1`, [['Expiry']]);
    expect(await commands.proposePicks({ shipDate: TODAY, lineKeys: [orderLineKey('SO-3021', 1)] })).toMatchObject({ ok: true });
  });
});
