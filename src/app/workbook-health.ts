/**
 * Use cases of the Workbook pane: set the workbook up, and check it — how many rows each table holds and every
 * bad cell, with where it is and what is wrong.
 */
import type { TableProblem } from '../domain/codec';
import { TABLE_NAMES } from '../domain/schema';
import { validateWorkbook } from '../domain/validate';
import type { TableName } from '../domain/types';
import { rulesReading } from './settings';
import type { SetupProgress, SetupReport, WorkbookPort } from './ports';
import { WorkbookError } from './ports';

export type WorkbookHealth =
  | { readonly state: 'ready'; readonly counts: Readonly<Record<TableName, number>>; readonly problems: readonly TableProblem[] }
  | { readonly state: 'needs-setup'; readonly message: string };

export async function checkWorkbook(workbook: WorkbookPort): Promise<WorkbookHealth> {
  try {
    return await workbook.transact(async (tx) => {
      const tables = await tx.read(TABLE_NAMES);
      const counts = {} as Record<TableName, number>;
      const problems: TableProblem[] = [];
      for (const name of TABLE_NAMES) {
        counts[name] = tables[name].rows.length;
        problems.push(...tables[name].problems);
      }
      problems.push(
        ...validateWorkbook({ products: tables.Products, lots: tables.Lots, movements: tables.Movements, shipments: tables.Shipments, orders: tables.Orders, runs: tables.Runs }),
        // Rules typed by hand that cannot be used (domain/rules.ts): shown with the cell like any bad cell.
        ...rulesReading(tables.Settings).problems,
      );
      return { state: 'ready' as const, counts, problems };
    });
  } catch (e) {
    if (e instanceof WorkbookError && e.code === 'table-missing') return { state: 'needs-setup', message: e.message };
    throw e;
  }
}

export interface SetupOutcome {
  readonly report: SetupReport;
  /** One sentence per thing that happened, for the pane. */
  readonly summary: readonly string[];
}

export async function setUpWorkbook(workbook: WorkbookPort, onProgress?: (p: SetupProgress) => void): Promise<SetupOutcome> {
  const report = await workbook.setUp(onProgress);
  const summary: string[] = [];
  for (const r of report.renamedTables ?? []) summary.push(`Found the ${r.table} table under the name "${r.from}" and named it ${r.table} again.`);
  for (const r of report.recoveredTables ?? []) summary.push(r.note);
  if (report.createdTables.length) summary.push(`Created ${report.createdTables.length === 1 ? 'the table' : 'the tables'} ${report.createdTables.join(', ')}.`);
  const byTable = new Map<string, string[]>();
  for (const c of report.addedColumns) byTable.set(c.table, [...(byTable.get(c.table) ?? []), c.header]);
  for (const [table, headers] of byTable) summary.push(`Added ${headers.length === 1 ? 'the column' : 'the columns'} ${headers.join(', ')} to ${table}.`);
  for (const s of report.skipped) summary.push(`Did not create ${s.table}: ${s.reason}`);
  for (const a of report.askedColumns ?? []) summary.push(a.reason);
  if (summary.length === 0) summary.push('The workbook already has every Lotbook table and column. Nothing was changed.');
  return { report, summary };
}
