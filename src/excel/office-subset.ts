/**
 * The part of the Excel JavaScript API that Lotbook uses, written as interfaces.
 *
 * Why not use `Excel.Range` and friends directly: the Office.js fake (src/office-fake) cannot implement the
 * hundreds of members of the real classes. The adapter is written against these interfaces instead, and
 * `office-subset.typetest.ts` proves two things at compile time:
 *   1. the real `Excel.*` classes from @types/office-js are assignable to these interfaces, so everything the
 *      adapter calls exists in Office.js with the same signature;
 *   2. the fake's classes are assignable to them too.
 * Add a member here only when the adapter needs it, and the fake must then implement it.
 */

export type CellValue = string | number | boolean;

export interface XlLoadable<Self> {
  load(propertyNames?: string | string[]): Self;
}

export interface XlRequestContext {
  readonly workbook: XlWorkbook;
  sync(): Promise<void>;
}

export interface XlApplication extends XlLoadable<XlApplication> {
  readonly calculationMode: 'Automatic' | 'AutomaticExceptTables' | 'Manual' | Excel.CalculationMode;
  suspendApiCalculationUntilNextSync(): void;
  suspendScreenUpdatingUntilNextSync(): void;
}

export interface XlWorkbook {
  readonly worksheets: XlWorksheetCollection;
  readonly tables: XlTableCollection;
  readonly application: XlApplication;
  getSelectedRange(): XlRange;
}

export interface XlWorksheetCollection extends XlLoadable<XlWorksheetCollection> {
  readonly items: XlWorksheet[];
  add(name?: string): XlWorksheet;
  getItem(key: string): XlWorksheet;
  getItemOrNullObject(key: string): XlWorksheet;
}

export interface XlWorksheet extends XlLoadable<XlWorksheet> {
  name: string;
  readonly isNullObject: boolean;
  visibility: 'Visible' | 'Hidden' | 'VeryHidden' | Excel.SheetVisibility;
  readonly tables: XlTableCollection;
  readonly freezePanes: { freezeRows(count?: number): void };
  readonly charts: XlChartCollection;
  getRange(address?: string): XlRange;
  getUsedRangeOrNullObject(valuesOnly?: boolean): XlRange;
  activate(): void;
}

export interface XlTableCollection extends XlLoadable<XlTableCollection> {
  readonly items: XlTable[];
  add(address: XlRange | string, hasHeaders: boolean): XlTable;
  getItem(key: string): XlTable;
  getItemOrNullObject(key: string): XlTable;
}

export interface XlAutoFilter extends XlLoadable<XlAutoFilter> {
  readonly enabled: boolean;
  readonly isDataFiltered: boolean;
}

export interface XlTableSort {
  clear(): void;
}

export interface XlTable extends XlLoadable<XlTable> {
  name: string;
  readonly isNullObject: boolean;
  readonly worksheet: XlWorksheet;
  readonly columns: XlTableColumnCollection;
  readonly rows: XlTableRowCollection;
  readonly autoFilter: XlAutoFilter;
  readonly sort: XlTableSort;
  getHeaderRowRange(): XlRange;
  getDataBodyRange(): XlRange;
  getRange(): XlRange;
  clearFilters(): void;
}

export interface XlTableColumnCollection extends XlLoadable<XlTableColumnCollection> {
  readonly items: XlTableColumn[];
  readonly count: number;
  add(index?: number, values?: Array<Array<boolean | string | number>> | boolean | string | number, name?: string): XlTableColumn;
  getItem(key: number | string): XlTableColumn;
  getItemOrNullObject(key: number | string): XlTableColumn;
}

export interface XlTableColumn extends XlLoadable<XlTableColumn> {
  readonly name: string;
  readonly index: number;
  readonly isNullObject: boolean;
  getDataBodyRange(): XlRange;
  getRange(): XlRange;
}

export interface XlTableRowCollection extends XlLoadable<XlTableRowCollection> {
  readonly count: number;
  add(index?: number, values?: Array<Array<boolean | string | number>> | boolean | string | number, alwaysInsert?: boolean): XlTableRow;
  getItemAt(index: number): XlTableRow;
}

export interface XlTableRow {
  readonly index: number;
  delete(): void;
}

export interface XlRangeFont {
  bold: boolean;
  color: string;
}

export interface XlRangeFill {
  color: string;
}

export interface XlRangeFormat {
  readonly font: XlRangeFont;
  readonly fill: XlRangeFill;
  autofitColumns(): void;
}

export interface XlRange extends XlLoadable<XlRange> {
  readonly address: string;
  readonly rowCount: number;
  readonly columnCount: number;
  readonly rowIndex: number;
  readonly columnIndex: number;
  readonly isNullObject: boolean;
  // Office.js types these as any[][]; the adapter only ever writes CellValue[][].
  values: any[][];
  formulas: any[][];
  numberFormat: any[][];
  readonly valueTypes: string[][];
  readonly format: XlRangeFormat;
  readonly conditionalFormats: XlConditionalFormatCollection;
  getCell(row: number, column: number): XlRange;
  getRow(row: number): XlRange;
  getColumn(column: number): XlRange;
  getLastRow(): XlRange;
  getRowsBelow(count?: number): XlRange;
  getOffsetRange(rowOffset: number, columnOffset: number): XlRange;
  getResizedRange(deltaRows: number, deltaColumns: number): XlRange;
  getAbsoluteResizedRange(numRows: number, numColumns: number): XlRange;
  getIntersectionOrNullObject(anotherRange: XlRange | string): XlRange;
  /** ExcelApi 1.9: the first matching cell; no match throws ItemNotFound at sync. */
  find(text: string, criteria: { completeMatch?: boolean; matchCase?: boolean; searchDirection?: 'Forward' | 'Backwards' }): XlRange;
  select(): void;
}

// Conditional formats (ExcelApi 1.6): only the custom (formula) kind, which is what expiry marking needs.

export interface XlConditionalFormatCollection extends XlLoadable<XlConditionalFormatCollection> {
  readonly items: XlConditionalFormat[];
  add(type: 'Custom'): XlConditionalFormat;
}

export interface XlConditionalFormat extends XlLoadable<XlConditionalFormat> {
  readonly type: string;
  readonly custom: XlCustomConditionalFormat;
  delete(): void;
}

export interface XlCustomConditionalFormat {
  readonly rule: XlConditionalFormatRule;
  readonly format: XlConditionalRangeFormat;
}

export interface XlConditionalFormatRule extends XlLoadable<XlConditionalFormatRule> {
  formula: string;
}

export interface XlConditionalRangeFormat {
  readonly fill: { color: string };
  readonly font: { color: string; bold: boolean };
}

// Charts (ExcelApi 1.1).

export interface XlChartCollection extends XlLoadable<XlChartCollection> {
  readonly items: XlChart[];
  add(type: 'ColumnClustered', sourceData: XlRange, seriesBy?: 'Auto' | 'Columns' | 'Rows'): XlChart;
  getItemOrNullObject(name: string): XlChart;
}

export interface XlChart extends XlLoadable<XlChart> {
  name: string;
  readonly isNullObject: boolean;
  readonly title: { text: string };
  setPosition(startCell: XlRange | string, endCell?: XlRange | string): void;
  delete(): void;
}

/** How the adapter reaches a workbook: `Excel.run` in Excel, the fake's `run` in tests and the playground. */
export type ExcelRun = <T>(batch: (context: XlRequestContext) => Promise<T>) => Promise<T>;

/** The shape of errors thrown by Office.js (`OfficeExtension.Error`) and by the fake. */
export interface OfficeErrorLike {
  readonly name?: string;
  readonly code: string;
  readonly message: string;
  readonly debugInfo?: unknown;
}
