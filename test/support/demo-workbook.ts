/**
 * The playground's demo workbook in the Office.js fake, behind the real adapter: what use-case tests start from.
 */
import type { AppendRows } from '../../src/app/ports';
import { demoWorkbook } from '../../src/demo/demo-data';
import type { IsoDate, IsoDateTime } from '../../src/domain/types';
import { createExcelWorkbook } from '../../src/excel/excel-workbook';
import { FakeExcel } from '../../src/office-fake/fake-excel';

export async function demoFake(today: IsoDate, now: IsoDateTime = `${today}T09:00:00` as IsoDateTime, extra?: AppendRows) {
  const fake = new FakeExcel();
  const workbook = createExcelWorkbook((b) => fake.run(b));
  await workbook.setUp();
  await workbook.transact((tx) => tx.write({ append: demoWorkbook(today, now) }));
  if (extra && Object.keys(extra).length) await workbook.transact((tx) => tx.write({ append: extra }));
  return { fake, workbook };
}

/** A table of the fake workbook as header -> value records, blank rows left out. */
export function rowsOf(fake: FakeExcel, table: string): Record<string, unknown>[] {
  const t = fake.table(table)!;
  return t.rows.filter((r) => r.some((v) => v !== '')).map((r) => Object.fromEntries(t.headers.map((h, i) => [h, r[i]])));
}
