/**
 * Benchmarks of the use cases (receive, produce, pick, ship, recall report) and of the IndexedDB mirror, kept apart
 * from run.ts so that each feature adds its measurement here.
 */
import type { WorkbookPort } from '../src/app/ports';
import type { SyntheticWorkbook } from '../src/demo/synthetic';
import type { FakeExcel } from '../src/office-fake/fake-excel';
import type { IsoDate, IsoDateTime } from '../src/domain/types';
import { newId } from '../src/domain/ids';
import { receive } from '../src/app/receive';
import { writeRecallReport } from '../src/app/recall';
import type { Row } from './run';

export interface BenchContext {
  readonly size: number;
  readonly workbookData: SyntheticWorkbook;
  readonly add: (row: Row) => void;
  readonly today: IsoDate;
}

export interface RoundTripContext extends BenchContext {
  readonly fake: FakeExcel;
  readonly workbook: WorkbookPort;
  readonly measure: (what: string, f: () => Promise<unknown>) => Promise<FakeExcel['stats']>;
}

export async function extraBenchmarks(ctx: RoundTripContext): Promise<void> {
  const { workbook, measure, today, workbookData: w } = ctx;
  const ids = () => ({ movement: newId('M'), log: newId('L') });
  const rawSku = w.Products.find((p) => p.kind === 'raw')!.sku;
  await measure('use case: receive (one read of Products, Lots, Movements, one write)', () =>
    receive(workbook, { sku: rawSku, lot: `RCV-${ctx.size}`, quantity: '12.5', expiry: '2028-06-30', poRef: 'PO-BENCH' }, { user: 'bench', today, ids: ids() }),
  );
  const consumed = w.Movements.find((m) => m.type === 'CONSUME' && m.sku.startsWith('RM-'))!;
  await measure('use case: recall report (trace on a fresh read, write the report sheet)', () =>
    writeRecallReport(workbook, { starts: [{ sku: consumed.sku, lot: consumed.lot }], direction: 'forward', reason: 'Benchmark', recallClass: 'II', user: 'bench', now: `${today}T09:00:00` as IsoDateTime, reportId: newId('RR') }),
  );
}
