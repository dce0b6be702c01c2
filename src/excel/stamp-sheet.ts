/**
 * The very hidden sheet of table stamps (stamps.ts), made by set up after the tables: Excel refuses a formula
 * that names a table it does not have, so a table set up could not make gets empty stamp cells (it is read whole).
 * The sheet holds 66 rows of long formulas (about 770 KB), so it is compared and written in requests under the
 * adapter's budget.
 */
import type { XlRequestContext } from './office-subset';
import { estimateJsonBytes } from './cells';
import { officeCode } from './errors';
import { STAMP_SHEET, stampSheetFormulas } from './stamps';

export async function ensureStampSheet(context: XlRequestContext, budget: number): Promise<void> {
  const sheets = context.workbook.worksheets.load('items/name');
  const tables = context.workbook.tables.load('items/name');
  await context.sync();
  const exists = sheets.items.find((s) => s.name.toLowerCase() === STAMP_SHEET.toLowerCase());
  const have = new Set(tables.items.map((t) => t.name));
  const wanted = stampSheetFormulas((name) => have.has(name));
  const sheet = exists ? context.workbook.worksheets.getItem(exists.name) : context.workbook.worksheets.add(STAMP_SHEET);
  if (!exists) {
    // Very hidden: not in Unhide, so that nobody deletes it by mistake; Lotbook works without it, only slower. In a
    // request of its own, so that a formula request refused as too big and sent again in halves finds the sheet.
    sheet.visibility = 'VeryHidden';
    await context.sync();
  }
  const last = String.fromCharCode(64 + (wanted[0]?.length ?? 1));
  let rowsPerRequest = Math.max(1, Math.floor(budget / Math.max(...wanted.map((r) => estimateJsonBytes([r])))));
  for (let r0 = 0; r0 < wanted.length; ) {
    const rows = wanted.slice(r0, r0 + rowsPerRequest);
    const range = sheet.getRange(`A${r0 + 1}:${last}${r0 + rows.length}`);
    try {
      if (exists) {
        range.load('formulas');
        // One request per part on purpose: the sheet is larger than one request may be.
        // eslint-disable-next-line office-addins/no-context-sync-in-loop
        await context.sync();
        const formulas = range.formulas;
        if (rows.every((row, r) => row.every((v, c) => String(formulas[r]?.[c] ?? '') === v))) {
          r0 += rows.length;
          continue;
        }
      }
      range.formulas = rows;
      // eslint-disable-next-line office-addins/no-context-sync-in-loop
      await context.sync();
      r0 += rows.length;
    } catch (e) {
      // Refused as too big (the estimate was wrong): nothing of it ran; send it again in halves.
      const code = officeCode(e);
      if ((code !== 'RequestPayloadSizeLimitExceeded' && code !== 'ResponsePayloadSizeLimitExceeded') || rowsPerRequest === 1) throw e;
      rowsPerRequest = Math.max(1, rowsPerRequest >> 1);
    }
  }
}
