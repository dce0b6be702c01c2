/**
 * Everything a person could see in a fake workbook, as one comparable value: sheets in order with their cells,
 * number formats, conditional formats and charts, and every table. Two workbooks that a person cannot tell apart
 * have equal snapshots.
 */
import type { FakeExcel } from '../../src/office-fake/fake-excel';

export function workbookSnapshot(fake: FakeExcel) {
  const sheets = fake.sheetNames().map((name) => ({
    name,
    used: fake.usedRange(name) ?? null,
    conditionalFormats: fake.conditionalFormats(name),
    charts: fake.charts(name),
  }));
  const tables = fake
    .tableNames()
    .sort()
    .map((name) => ({ name, ...fake.table(name)! }));
  return { sheets, tables };
}
