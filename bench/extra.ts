/**
 * Benchmarks of the use cases (receive, produce, pick, ship, recall report) and of the IndexedDB mirror, kept apart
 * from run.ts so that each feature adds its measurement here.
 */
import type { WorkbookPort } from '../src/app/ports';
import type { SyntheticWorkbook } from '../src/demo/synthetic';
import type { FakeExcel } from '../src/office-fake/fake-excel';
import type { IsoDate } from '../src/domain/types';
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

export async function extraBenchmarks(_ctx: RoundTripContext): Promise<void> {
  // Filled in as the use cases land (see the issues); run.ts measures the adapter operations they are made of.
}
