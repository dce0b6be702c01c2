import { createExcelWorkbook } from '../excel/excel-workbook';
import { FakeExcel } from '../office-fake/fake-excel';
import { demoWorkbook } from '../demo/demo-data';
import { isoDate, todayIso } from '../domain/dates';
import type { WorkbookPort } from '../app/ports';
import type { IsoDate } from '../domain/types';

export interface PlaygroundEnv {
  readonly fake: FakeExcel;
  readonly workbook: WorkbookPort;
  readonly today: IsoDate;
  readonly start: 'demo' | 'empty';
}

/**
 * A fake workbook, seeded through Lotbook's own adapter (set up, then one write), so the demo data is exactly
 * what the add-in would have written in Excel.
 */
export async function createPlaygroundWorkbook(start: 'demo' | 'empty', today?: string): Promise<PlaygroundEnv> {
  const fake = new FakeExcel();
  const day = (today && isoDate(today)) || todayIso();
  fake.user.addSheet('Welcome');
  fake.user.setValues('Welcome', 'A1:A2', [['Lotbook playground'], ['A workbook in your browser. Use the task pane on the left.']]);
  const workbook = createExcelWorkbook((batch) => fake.run(batch));
  if (start === 'demo') {
    await workbook.setUp();
    await workbook.transact((tx) => tx.write({ append: demoWorkbook(day) }));
  }
  fake.resetStats();
  return { fake, workbook, today: day, start };
}
