/**
 * Compile-time proof that the fake's classes satisfy the adapter's interfaces (`npm run typecheck` fails
 * otherwise). The real Office.js half of the proof is src/excel/office-subset.typetest.ts.
 */
import type { ExcelRun, XlRange, XlRequestContext, XlTable, XlWorkbook, XlWorksheet } from '../excel/office-subset';
import type { FakeExcel } from './fake-excel';
import type { FakeRange, FakeRequestContext, FakeTable, FakeWorkbook, FakeWorksheet } from './proxies';

type Assert<T extends true> = T;
type Assignable<From, To> = [From] extends [To] ? true : false;

export type FakeContextFits = Assert<Assignable<FakeRequestContext, XlRequestContext>>;
export type FakeWorkbookFits = Assert<Assignable<FakeWorkbook, XlWorkbook>>;
export type FakeWorksheetFits = Assert<Assignable<FakeWorksheet, XlWorksheet>>;
export type FakeTableFits = Assert<Assignable<FakeTable, XlTable>>;
export type FakeRangeFits = Assert<Assignable<FakeRange, XlRange>>;
export type FakeRunFits = Assert<Assignable<FakeExcel['run'], ExcelRun>>;
