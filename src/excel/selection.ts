/** What "Trace this lot" reads: the selected cell's text. */
import type { ExcelRun } from './office-subset';

/**
 * The text of the active selection's first cell ('' when blank), as Excel shows it: numbers as their digits
 * (a lot code typed into a General cell may have become a number). One cell is loaded, whatever the selection's
 * size, so selecting a whole column costs nothing.
 */
export async function readSelectedText(run: ExcelRun): Promise<string> {
  return run(async (context) => {
    const cell = context.workbook.getSelectedRange().getCell(0, 0).load('values');
    await context.sync();
    const v: unknown = cell.values[0]?.[0];
    return v === null || v === undefined ? '' : String(v);
  });
}
