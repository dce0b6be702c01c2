/**
 * Compile-time proof that the real Office.js classes satisfy the adapter's interfaces (`npm run typecheck`
 * fails otherwise). The fake's half of the proof lives in src/office-fake/fake.typetest.ts.
 */
import type { XlChart, XlConditionalFormat, XlConditionalFormatCollection, XlRange, XlRequestContext, XlTable, XlWorkbook, XlWorksheet, ExcelRun } from './office-subset';

type Assert<T extends true> = T;
type Assignable<From, To> = [From] extends [To] ? true : false;

export type RealContextFits = Assert<Assignable<Excel.RequestContext, XlRequestContext>>;
export type RealWorkbookFits = Assert<Assignable<Excel.Workbook, XlWorkbook>>;
export type RealWorksheetFits = Assert<Assignable<Excel.Worksheet, XlWorksheet>>;
export type RealTableFits = Assert<Assignable<Excel.Table, XlTable>>;
export type RealRangeFits = Assert<Assignable<Excel.Range, XlRange>>;
export type RealConditionalFormatsFit = Assert<Assignable<Excel.ConditionalFormatCollection, XlConditionalFormatCollection>>;
export type RealConditionalFormatFits = Assert<Assignable<Excel.ConditionalFormat, XlConditionalFormat>>;
export type RealChartFits = Assert<Assignable<Excel.Chart, XlChart>>;

// Excel.run, narrowed to one overload, is an ExcelRun.
export const realRun = (batch: Parameters<ExcelRun>[0]) => Excel.run((context) => batch(context));
export type RealRunFits = Assert<Assignable<typeof realRun, (batch: Parameters<ExcelRun>[0]) => Promise<unknown>>>;
