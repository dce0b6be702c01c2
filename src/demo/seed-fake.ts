/**
 * Puts a generated workbook straight into the Office.js fake (no round trips), as Excel would hold it after
 * Lotbook wrote it: for tests and benchmarks of big workbooks. Tables the data does not have are left to set-up.
 */
import { encodeRow } from '../domain/codec';
import { NUMBER_FORMATS, TABLES, type TableDef } from '../domain/schema';
import type { EntityByTable, TableName } from '../domain/types';
import type { FakeExcel } from '../office-fake/fake-excel';

export type TableRows = { readonly [N in TableName]?: readonly EntityByTable[N][] };

export function seedFake(fake: FakeExcel, data: TableRows): void {
  for (const name of Object.keys(data) as TableName[]) {
    const def = TABLES[name] as TableDef;
    const headers = def.columns.map((c) => c.header);
    const rows = (data[name] ?? []).map((r) =>
      // Excel drops the apostrophe that marks text; the fake's seedTable stores values as given.
      encodeRow(def, r as never, headers).map((v) => (typeof v === 'string' && v.startsWith("'") ? v.slice(1) : v)),
    );
    fake.seedTable(name, name, headers, rows, Object.fromEntries(def.columns.map((c) => [c.header, NUMBER_FORMATS[c.type]])));
  }
}
