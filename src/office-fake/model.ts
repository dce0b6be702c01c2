/**
 * The workbook behind the fake: sheets of row arrays, tables as rectangles over them, and the operations that
 * Excel performs on them. Proxies (proxies.ts) and user actions (fake-excel.ts) both go through here.
 *
 * Storage is chosen for a 1,000,000-row x 11-column table: a sheet is an array of row arrays of primitives;
 * number formats are per table column plus a parallel array of sparse per-row overrides.
 */
import { MAX_COLS, MAX_ROWS, intersects, looksLikeCellReference, type Rect } from './address';
import { cellFormula, cellType, cellValue, isEmptyCell, type RichCell, type Scalar, type Stored } from './cells';
import { evaluateStamp, isStampFormula, stampTable } from './stamp-formula';
import { officeError } from './errors';
import { GENERAL_FORMAT, typeInput } from './typing';
import { KIND_VARIANTS, type FakeVariants } from './variants';

export type CellProperty = 'values' | 'formulas' | 'valueTypes' | 'numberFormat';
export type WriteMode = 'values' | 'formulas' | 'numberFormat';
export type SortOrder = 'asc' | 'desc';

export interface StyleRect {
  readonly rect: Rect;
  readonly bold?: boolean;
  readonly fontColor?: string;
  readonly fillColor?: string;
}

/** A custom (formula) conditional format over a fixed rectangle. */
export interface ConditionalFormatModel {
  readonly id: string;
  readonly type: 'Custom';
  rect: Rect;
  formula: string;
  fillColor: string | null;
  fontColor: string | null;
  bold: boolean | null;
}

export interface ChartModel {
  name: string;
  readonly type: string;
  readonly source: Rect;
  readonly seriesBy: string;
  title: string;
  position: { start: string; end: string | null } | null;
}

export class SheetModel {
  cells: (Stored[] | undefined)[] = [];
  /** Number-format overrides, parallel to `cells`; most rows have none. */
  fmts: ((string | undefined)[] | undefined)[] = [];
  /** Font and fill, applied in order; they do not move with inserted rows (see docs/office-fake.md). */
  styles: StyleRect[] = [];
  frozenRows = 0;
  /** Stored so that tests can see them; never evaluated or rendered (docs/office-fake.md). */
  conditionalFormats: ConditionalFormatModel[] = [];
  charts: ChartModel[] = [];
  /** Worksheet.visibility; a very hidden sheet is shown only by code (ExcelApi 1.1). */
  visibility: 'Visible' | 'Hidden' | 'VeryHidden' = 'Visible';
  /** Each sheet remembers its own selection, as in Excel. */
  selection: Rect = { r0: 0, c0: 0, rows: 1, cols: 1 };

  constructor(
    readonly id: string,
    public name: string,
  ) {}

  get(r: number, c: number): Stored {
    return this.cells[r]?.[c];
  }

  set(r: number, c: number, v: Stored): void {
    let row = this.cells[r];
    if (!row) {
      if (isEmptyCell(v)) return;
      row = [];
      this.cells[r] = row;
    }
    row[c] = isEmptyCell(v) ? undefined : v;
  }

  fmt(r: number, c: number): string | undefined {
    return this.fmts[r]?.[c];
  }

  setFmt(r: number, c: number, f: string | undefined): void {
    let row = this.fmts[r];
    if (!row) {
      if (f === undefined) return;
      row = [];
      this.fmts[r] = row;
    }
    row[c] = f;
  }
}

export class TableModel {
  /** Stable column ids (1, 2, ...), as `TableColumnCollection.getItem(number)` uses them. */
  columnIds: number[];
  nextColumnId: number;
  /** Number format of each column's body; new rows inherit it. */
  colFormats: (string | undefined)[];
  /** A table made from a header-only range gets one blank body row; the first rows.add fills it. */
  placeholder = false;
  /** User filters by column id; a row is hidden when any predicate rejects it. */
  filters = new Map<number, (value: Scalar) => boolean>();
  hidden = new Set<number>();
  sortState: { columnId: number; order: SortOrder } | null = null;

  constructor(
    readonly id: string,
    public name: string,
    public sheet: SheetModel,
    public top: number,
    public left: number,
    cols: number,
    public bodyRows: number,
  ) {
    this.columnIds = Array.from({ length: cols }, (_, i) => i + 1);
    this.nextColumnId = cols + 1;
    this.colFormats = new Array<string | undefined>(cols).fill(undefined);
  }

  get cols(): number {
    return this.columnIds.length;
  }
  get bodyTop(): number {
    return this.top + 1;
  }
  /** Last row of the table, inclusive. */
  get bottom(): number {
    return this.top + this.bodyRows;
  }
  get right(): number {
    return this.left + this.cols - 1;
  }
  get rangeRect(): Rect {
    return { r0: this.top, c0: this.left, rows: this.bodyRows + 1, cols: this.cols };
  }
  get headerRect(): Rect {
    return { r0: this.top, c0: this.left, rows: 1, cols: this.cols };
  }
  get bodyRect(): Rect {
    return { r0: this.bodyTop, c0: this.left, rows: this.bodyRows, cols: this.cols };
  }
  get filtered(): boolean {
    return this.hidden.size > 0;
  }

  headers(): string[] {
    return this.columnIds.map((_, i) => String(cellValue(this.sheet.get(this.top, this.left + i))));
  }

  columnIndexOf(columnId: number): number {
    return this.columnIds.indexOf(columnId);
  }
}

const SHEET_NAME_FORBIDDEN = /[[\]:*?/\\]/;
const TABLE_NAME = /^[\p{L}_\\][\p{L}\p{N}_.]*$/u;

export class WorkbookModel {
  sheets: SheetModel[] = [];
  tables: TableModel[] = [];
  activeSheet: SheetModel | null = null;
  private sheetIds = 0;
  private tableIds = 0;
  private tableNumber = 0;

  /** Application.calculationMode: in Manual, formulas keep the value of their last calculation. */
  calculationMode: 'Automatic' | 'AutomaticExceptTables' | 'Manual' = 'Automatic';
  private readonly calculated = new WeakMap<RichCell, Scalar>();

  constructor(
    readonly readCellLimit: number,
    readonly variants: FakeVariants = KIND_VARIANTS,
  ) {}

  /**
   * A formula cell's value. Only stamp formulas (stamp-formula.ts) depend on other cells in the fake; Excel
   * recalculates them on every change in automatic calculation and not in manual calculation (until the person
   * presses F9, which the fake does not model), where they keep the value of their last calculation.
   */
  formulaValue(cell: RichCell): Scalar {
    if (!isStampFormula(cell.formula)) return cell.value;
    const last = this.calculated.get(cell);
    if (last !== undefined && this.calculationMode !== 'Automatic') return last;
    const name = stampTable(cell.formula!);
    const table = name === null ? undefined : this.findTable(name);
    const value = !table
      ? '#REF!'
      : evaluateStamp(cell.formula!, (i, c) => table.sheet.get(table.bodyTop + i, table.left + c), table.bodyRows, table.cols).value;
    this.calculated.set(cell, value);
    return value;
  }


  // -------------------------------------------------------------------------------------------------------------
  // Sheets

  findSheet(name: string): SheetModel | undefined {
    const key = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === key);
  }

  checkSheetName(name: unknown): asserts name is string {
    const bad =
      typeof name !== 'string' ||
      name.trim() === '' ||
      name.length > 31 ||
      SHEET_NAME_FORBIDDEN.test(name) ||
      name.startsWith("'") ||
      name.endsWith("'") ||
      this.findSheet(name) !== undefined;
    if (bad) throw officeError('InvalidArgument', `invalid or duplicate sheet name ${JSON.stringify(name)}`);
  }

  /** Worksheet.name = (ExcelApi 1.1): the same rules as a new sheet's name; tables and their names stay. */
  renameSheet(sheet: SheetModel, name: unknown): void {
    if (typeof name === 'string' && name.toLowerCase() === sheet.name.toLowerCase()) {
      sheet.name = name;
      return;
    }
    this.checkSheetName(name);
    sheet.name = name;
  }

  addSheet(name?: string): SheetModel {
    let chosen = name;
    if (chosen === undefined) {
      let n = this.sheets.length + 1;
      while (this.findSheet(`Sheet${n}`)) n++;
      chosen = `Sheet${n}`;
    }
    this.checkSheetName(chosen);
    const sheet = new SheetModel(`{S${++this.sheetIds}}`, chosen);
    this.sheets.push(sheet);
    if (!this.activeSheet) this.activeSheet = sheet;
    return sheet;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Tables

  findTable(name: string): TableModel | undefined {
    const key = name.toLowerCase();
    return this.tables.find((t) => t.name.toLowerCase() === key);
  }

  tablesOn(sheet: SheetModel): TableModel[] {
    return this.tables.filter((t) => t.sheet === sheet);
  }

  checkTableName(name: unknown, self?: TableModel): asserts name is string {
    const bad =
      typeof name !== 'string' ||
      name.length > 255 ||
      !TABLE_NAME.test(name) ||
      looksLikeCellReference(name) ||
      (this.findTable(name) ?? self) !== self;
    if (bad) throw officeError('InvalidArgument', `invalid or duplicate table name ${JSON.stringify(name)}`);
  }

  renameTable(table: TableModel, name: unknown): void {
    this.checkTableName(name, table);
    table.name = name;
  }

  addTable(sheet: SheetModel, rect: Rect, hasHeaders: boolean, name?: string): TableModel {
    if (name !== undefined) this.checkTableName(name);
    const headerOnly = hasHeaders && rect.rows === 1;
    const footprint: Rect = { ...rect, rows: rect.rows + (hasHeaders && !headerOnly ? 0 : 1) };
    if (footprint.r0 + footprint.rows > MAX_ROWS) throw officeError('InvalidArgument', 'the table would run off the sheet');
    if (this.tablesOn(sheet).some((t) => intersects(t.rangeRect, hasHeaders ? footprint : rect))) {
      throw officeError('MergedRangeConflict', 'the new table overlaps a table');
    }
    if (!hasHeaders) {
      // Excel makes room for the header row by pushing the cells below down (office-js #196).
      this.insertCellsDown(sheet, rect.r0, 1, rect.c0, rect.c0 + rect.cols - 1, null);
    }
    const bodyRows = hasHeaders ? Math.max(1, rect.rows - 1) : rect.rows;
    let tableName = name;
    if (tableName === undefined) {
      do tableName = `Table${++this.tableNumber}`;
      while (this.findTable(tableName));
    }
    const table = new TableModel(`{T${++this.tableIds}}`, tableName, sheet, rect.r0, rect.c0, rect.cols, bodyRows);
    if (headerOnly) table.placeholder = this.rowBlank(sheet, table.bodyTop, table.left, table.right);
    this.tables.push(table);
    this.normalizeHeaders(table);
    return table;
  }

  /** Header cells are unique text in Excel: blanks become Column1, duplicates get a number. */
  normalizeHeaders(table: TableModel): void {
    const seen = new Set<string>();
    for (let i = 0; i < table.cols; i++) {
      const raw = cellValue(table.sheet.get(table.top, table.left + i));
      const base = raw === '' ? `Column${i + 1}` : typeof raw === 'boolean' ? (raw ? 'TRUE' : 'FALSE') : String(raw);
      let name = base;
      for (let k = 2; seen.has(name.toLowerCase()); k++) name = `${base}${k}`;
      seen.add(name.toLowerCase());
      if (table.sheet.get(table.top, table.left + i) !== name) table.sheet.set(table.top, table.left + i, name);
    }
  }

  tableAt(sheet: SheetModel, r: number, c: number): TableModel | undefined {
    return this.tables.find((t) => t.sheet === sheet && r >= t.top && r <= t.bottom && c >= t.left && c <= t.right);
  }

  /**
   * Add rows as `TableRowCollection.add` does. Returns the body index of the first new row.
   * `values` is undefined (one blank row), a single value (one row of it) or a 2D array.
   */
  addTableRows(table: TableModel, index: number | null | undefined, values: unknown, alwaysInsert = true): number {
    const rows = this.rowsForTable(table, values);
    let pos = index === undefined || index === null || index === -1 ? table.bodyRows : index;
    if (!Number.isInteger(pos) || pos < 0 || pos > table.bodyRows) throw officeError('InvalidArgument', `row index ${String(index)} is outside the table`);
    if (table.filtered && this.variants.addToFilteredTable === 'refused') {
      throw officeError('InsertDeleteConflict', 'adding rows to a filtered table (variant: refused)');
    }
    if (table.filtered && pos < table.bodyRows) {
      throw officeError('InsertDeleteConflict', 'inserting rows inside a filtered table (the fake allows appending only)');
    }
    let fillPlaceholder = false;
    if (table.placeholder && table.bodyRows === 1 && this.rowBlank(table.sheet, table.bodyTop, table.left, table.right)) {
      fillPlaceholder = true;
      pos = 0;
    }
    const added = rows.length - (fillPlaceholder ? 1 : 0);
    const atRow = table.bodyTop + pos + (fillPlaceholder ? 1 : 0);
    if (added > 0) {
      if (table.bottom + added >= MAX_ROWS) throw officeError('InvalidArgument', 'the table would run off the sheet');
      const roomBelow =
        !alwaysInsert && pos === table.bodyRows && this.rowsBlank(table.sheet, atRow, added, table.left, table.right);
      if (!roomBelow) this.insertCellsDown(table.sheet, atRow, added, table.left, table.right, table);
      table.bodyRows += added;
      const firstNew = fillPlaceholder ? 1 : pos;
      const reference = firstNew > 0 ? firstNew - 1 : table.bodyRows > added ? added : null;
      this.inheritFormats(table, firstNew, added, reference);
    }
    table.placeholder = false;
    for (let i = 0; i < rows.length; i++) {
      const r = table.bodyTop + pos + i;
      const row = rows[i] as unknown[];
      for (let j = 0; j < table.cols; j++) this.typeInto(table.sheet, r, table.left + j, row[j], table);
    }
    return pos;
  }

  /**
   * Inserted table rows take the number formats of the row next to them, as Excel formats inserted cells like
   * the row above. A format that every other row of the column shares becomes the column's format instead.
   */
  private inheritFormats(table: TableModel, firstNew: number, count: number, reference: number | null): void {
    if (reference === null) return;
    const { sheet } = table;
    const isNew = (i: number) => i >= firstNew && i < firstNew + count;
    for (let j = 0; j < table.cols; j++) {
      const c = table.left + j;
      const f = sheet.fmt(table.bodyTop + reference, c);
      if (f === undefined) continue;
      let shared = table.colFormats[j] === undefined;
      for (let i = 0; i < table.bodyRows && shared; i++) shared = isNew(i) || sheet.fmt(table.bodyTop + i, c) === f;
      if (shared) {
        table.colFormats[j] = f;
        for (let i = 0; i < table.bodyRows; i++) if (!isNew(i) || sheet.fmt(table.bodyTop + i, c) === f) sheet.setFmt(table.bodyTop + i, c, undefined);
        continue;
      }
      for (let i = firstNew; i < firstNew + count; i++) if (sheet.fmt(table.bodyTop + i, c) === undefined) sheet.setFmt(table.bodyTop + i, c, f);
    }
  }

  private rowsForTable(table: TableModel, values: unknown): unknown[][] {
    if (values === undefined || values === null) return [new Array<unknown>(table.cols).fill(null)];
    if (!Array.isArray(values)) return [new Array<unknown>(table.cols).fill(values)];
    if (values.length === 0) throw officeError('InvalidArgument', 'rows.add with an empty array');
    for (const row of values) {
      if (!Array.isArray(row) || row.length !== table.cols) {
        throw officeError('InvalidArgument', `each row must have ${table.cols} values, like the table's columns`);
      }
    }
    return values as unknown[][];
  }

  /** Add a column as `TableColumnCollection.add` does; `values` includes the header as its first row. */
  addTableColumn(table: TableModel, index: number | null | undefined, values: unknown, name: string | undefined): number {
    const pos = index === undefined || index === null || index === -1 ? table.cols : index;
    if (!Number.isInteger(pos) || pos < 0 || pos > table.cols) throw officeError('InvalidArgument', `column index ${String(index)} is outside the table`);
    let cells: unknown[];
    if (values === undefined || values === null) cells = new Array<unknown>(table.bodyRows + 1).fill(null);
    else if (!Array.isArray(values)) cells = new Array<unknown>(table.bodyRows + 1).fill(values);
    else {
      if (values.length !== table.bodyRows + 1 || values.some((row) => !Array.isArray(row) || row.length !== 1)) {
        throw officeError('InvalidArgument', `columns.add needs ${table.bodyRows + 1} rows of one value (the header first)`);
      }
      cells = (values as unknown[][]).map((row) => row[0]);
    }
    const atCol = table.left + pos;
    if (table.right + 1 >= MAX_COLS) throw officeError('InvalidArgument', 'the table would run off the sheet');
    this.insertCellsRight(table.sheet, atCol, table.top, table.bottom, table);
    table.columnIds.splice(pos, 0, table.nextColumnId++);
    table.colFormats.splice(pos, 0, undefined);
    const header = name ?? (isEmptyCell(cells[0] as Stored) ? '' : cells[0]);
    table.sheet.set(table.top, atCol, header === '' ? null : String(header));
    for (let i = 1; i < cells.length; i++) this.typeInto(table.sheet, table.top + i, atCol, cells[i], table);
    this.normalizeHeaders(table);
    return pos;
  }

  /** What a user's Delete Table Row does. (The add-in never deletes rows: DESIGN.md.) */
  deleteTableRow(table: TableModel, bodyIndex: number): void {
    if (!Number.isInteger(bodyIndex) || bodyIndex < 0 || bodyIndex >= table.bodyRows) {
      throw officeError('InvalidArgument', `row ${bodyIndex} is outside the table`);
    }
    if (table.bodyRows === 1) {
      for (let c = table.left; c <= table.right; c++) {
        table.sheet.set(table.bodyTop, c, null);
        table.sheet.setFmt(table.bodyTop, c, undefined);
      }
      table.placeholder = true;
      table.hidden.clear();
      return;
    }
    this.deleteCellsUp(table.sheet, table.bodyTop + bodyIndex, 1, table.left, table.right, table);
    table.bodyRows -= 1;
    const hidden = [...table.hidden].filter((i) => i !== bodyIndex).map((i) => (i > bodyIndex ? i - 1 : i));
    table.hidden = new Set(hidden);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Filters and sorts (what a person does between two calls of the add-in)

  filterTable(table: TableModel, columnId: number, keep: (value: Scalar) => boolean): void {
    table.filters.set(columnId, keep);
    this.reapplyFilters(table);
  }

  clearFilters(table: TableModel): void {
    table.filters.clear();
    table.hidden.clear();
  }

  /**
   * Table Design > Convert to Range: the table is gone, its header row and rows stay as plain cells, with the number
   * formats its columns gave them. The fake also drops the filter and shows hidden rows.
   */
  convertToRange(table: TableModel): void {
    for (let r = table.bodyTop; r <= table.bottom; r++) {
      for (let j = 0; j < table.cols; j++) {
        const f = table.colFormats[j];
        if (f !== undefined && table.sheet.fmt(r, table.left + j) === undefined) table.sheet.setFmt(r, table.left + j, f);
      }
    }
    this.clearFilters(table);
    this.tables = this.tables.filter((t) => t !== table);
  }

  private reapplyFilters(table: TableModel): void {
    table.hidden.clear();
    if (table.filters.size === 0) return;
    const checks = [...table.filters].map(([id, keep]) => ({ c: table.left + table.columnIndexOf(id), keep }));
    for (let i = 0; i < table.bodyRows; i++) {
      const r = table.bodyTop + i;
      if (checks.some(({ c, keep }) => !keep(cellValue(table.sheet.get(r, c))))) table.hidden.add(i);
    }
  }

  /** Sort the body physically, as Excel does; blanks stay last in both orders. Filters are applied again. */
  sortTable(table: TableModel, columnId: number, order: SortOrder): void {
    const col = table.columnIndexOf(columnId);
    const { sheet } = table;
    const rows = Array.from({ length: table.bodyRows }, (_, i) => {
      const r = table.bodyTop + i;
      return {
        key: sheet.get(r, table.left + col),
        cells: Array.from({ length: table.cols }, (_, j) => sheet.get(r, table.left + j)),
        fmts: Array.from({ length: table.cols }, (_, j) => sheet.fmt(r, table.left + j)),
      };
    });
    rows.sort((a, b) => compareForSort(a.key, b.key, order));
    rows.forEach((row, i) => {
      const r = table.bodyTop + i;
      for (let j = 0; j < table.cols; j++) {
        sheet.set(r, table.left + j, row.cells[j]);
        sheet.setFmt(r, table.left + j, row.fmts[j]);
      }
    });
    table.sortState = { columnId, order };
    this.reapplyFilters(table);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Cells

  /** The number format Excel shows for a cell: its own, else its table column's, else General. */
  formatAt(sheet: SheetModel, r: number, c: number, table?: TableModel): string {
    const own = sheet.fmt(r, c);
    if (own !== undefined) return own;
    const t = table && r >= table.bodyTop && r <= table.bottom && c >= table.left && c <= table.right ? table : this.tableAt(sheet, r, c);
    if (t && r > t.top) return t.colFormats[c - t.left] ?? GENERAL_FORMAT;
    return GENERAL_FORMAT;
  }

  readRect(sheet: SheetModel, rect: Rect, prop: CellProperty, limited = true): unknown[][] {
    if (limited && rect.rows * rect.cols > this.readCellLimit) {
      throw officeError('RangeExceedsLimit', `reading ${rect.rows * rect.cols} cells (the limit is ${this.readCellLimit})`);
    }
    const out = new Array<unknown[]>(rect.rows);
    for (let i = 0; i < rect.rows; i++) {
      const r = rect.r0 + i;
      const src = sheet.cells[r];
      const row = new Array<unknown>(rect.cols);
      for (let j = 0; j < rect.cols; j++) {
        const c = rect.c0 + j;
        switch (prop) {
          case 'values': {
            const s = src?.[c];
            row[j] = s === undefined || s === null ? '' : typeof s === 'object' ? this.formulaValue(s) : s;
            break;
          }
          case 'formulas':
            row[j] = cellFormula(src?.[c]);
            break;
          case 'valueTypes':
            row[j] = cellType(src?.[c]);
            break;
          case 'numberFormat':
            row[j] = this.formatAt(sheet, r, c);
            break;
        }
      }
      out[i] = row;
    }
    return out;
  }

  /** The tables whose body a write into `rect` would touch while rows are hidden. */
  filteredTablesUnder(sheet: SheetModel, rect: Rect): TableModel[] {
    return this.tablesOn(sheet).filter((t) => t.filtered && intersects(rect, t.bodyRect));
  }

  /**
   * Write `values`, `formulas` or `numberFormat`. `input` is a 2D array shaped like the range, or one value for
   * every cell (the Range reference allows both); a null inside the array leaves that cell alone.
   */
  writeRect(sheet: SheetModel, rect: Rect, input: unknown, mode: WriteMode, guardFilters: boolean): void {
    const at = shapeOf(input, rect);
    if (guardFilters) {
      const filtered = this.filteredTablesUnder(sheet, rect);
      if (filtered.length > 0) throw officeError('FakeFilteredWrite', `table ${filtered.map((t) => t.name).join(', ')} is filtered`);
    }
    const tables = this.tablesOn(sheet).filter((t) => intersects(t.rangeRect, rect));
    if (mode === 'numberFormat') {
      this.writeFormats(sheet, rect, at, tables);
      return;
    }
    for (let i = 0; i < rect.rows; i++) {
      for (let j = 0; j < rect.cols; j++) {
        const r = rect.r0 + i;
        const c = rect.c0 + j;
        this.typeInto(sheet, r, c, at(i, j), tables.find((t) => r >= t.top && r <= t.bottom && c >= t.left && c <= t.right));
      }
    }
    for (const t of tables) {
      if (intersects(t.bodyRect, rect)) t.placeholder = false;
      if (intersects(t.headerRect, rect)) this.normalizeHeaders(t);
    }
  }

  /** Put one typed value into a cell; null or undefined leave it as it is. */
  typeInto(sheet: SheetModel, r: number, c: number, input: unknown, table?: TableModel): void {
    if (input === null || input === undefined) return;
    const typed = typeInput(input, this.formatAt(sheet, r, c, table), this.variants);
    sheet.set(r, c, typed.stored);
    if (typed.format !== undefined) sheet.setFmt(r, c, typed.format);
  }

  private writeFormats(sheet: SheetModel, rect: Rect, at: (i: number, j: number) => unknown, tables: TableModel[]): void {
    const setOne = (r: number, c: number, f: unknown) => {
      if (f === null || f === undefined) return;
      sheet.setFmt(r, c, f === '' ? GENERAL_FORMAT : String(f));
    };
    for (let j = 0; j < rect.cols; j++) {
      const c = rect.c0 + j;
      const done: [number, number][] = [];
      // A format written over a whole table column becomes the column's format, so new rows inherit it (as in
      // Excel) and a million rows do not need a million overrides.
      for (const t of tables) {
        if (c < t.left || c > t.right || t.bodyTop < rect.r0 || t.bottom > rect.r0 + rect.rows - 1) continue;
        const first = at(t.bodyTop - rect.r0, j);
        if (typeof first !== 'string') continue;
        let uniform = true;
        for (let r = t.bodyTop; r <= t.bottom && uniform; r++) uniform = at(r - rect.r0, j) === first;
        if (!uniform) continue;
        t.colFormats[c - t.left] = first === '' ? undefined : first;
        for (let r = t.bodyTop; r <= t.bottom; r++) sheet.setFmt(r, c, undefined);
        done.push([t.bodyTop, t.bottom]);
      }
      for (let i = 0; i < rect.rows; i++) {
        const r = rect.r0 + i;
        if (done.some(([a, b]) => r >= a && r <= b)) continue;
        setOne(r, c, at(i, j));
      }
    }
  }

  rowBlank(sheet: SheetModel, r: number, c0: number, c1: number): boolean {
    return this.rowsBlank(sheet, r, 1, c0, c1);
  }

  private rowsBlank(sheet: SheetModel, r0: number, count: number, c0: number, c1: number): boolean {
    for (let r = r0; r < r0 + count; r++) {
      const row = sheet.cells[r];
      if (!row) continue;
      for (let c = c0; c <= c1; c++) if (!isEmptyCell(row[c])) return false;
    }
    return true;
  }

  /** Shift the cells in columns c0..c1 from `atRow` down by `count`, moving tables that sit wholly below. */
  insertCellsDown(sheet: SheetModel, atRow: number, count: number, c0: number, c1: number, self: TableModel | null): void {
    const movers: TableModel[] = [];
    for (const t of this.tablesOn(sheet)) {
      if (t === self || t.bottom < atRow || t.right < c0 || t.left > c1) continue;
      if (t.top >= atRow && t.left >= c0 && t.right <= c1) movers.push(t);
      else throw officeError('InsertDeleteConflict', `inserting cells would split table ${t.name}`);
    }
    for (let r = Math.max(sheet.cells.length, sheet.fmts.length) - 1; r >= atRow; r--) {
      moveRowSegment(sheet.cells, r, r + count, c0, c1);
      moveRowSegment(sheet.fmts, r, r + count, c0, c1);
    }
    for (const t of movers) t.top += count;
  }

  private deleteCellsUp(sheet: SheetModel, atRow: number, count: number, c0: number, c1: number, self: TableModel): void {
    const movers = this.tablesOn(sheet).filter((t) => t !== self && t.top > atRow && t.left >= c0 && t.right <= c1);
    const last = Math.max(sheet.cells.length, sheet.fmts.length) - 1;
    for (let r = atRow; r <= last; r++) {
      for (let c = c0; c <= c1; c++) {
        sheet.set(r, c, null);
        sheet.setFmt(r, c, undefined);
      }
      if (r + count <= last) {
        moveRowSegment(sheet.cells, r + count, r, c0, c1);
        moveRowSegment(sheet.fmts, r + count, r, c0, c1);
      }
    }
    for (const t of movers) t.top -= count;
  }

  /** Shift cells right by one column from `atCol`, in rows r0..r1, moving tables that sit wholly to the right. */
  private insertCellsRight(sheet: SheetModel, atCol: number, r0: number, r1: number, self: TableModel): void {
    const movers: TableModel[] = [];
    for (const t of this.tablesOn(sheet)) {
      if (t === self || t.right < atCol || t.bottom < r0 || t.top > r1) continue;
      if (t.left >= atCol && t.top >= r0 && t.bottom <= r1) movers.push(t);
      else throw officeError('InsertDeleteConflict', `inserting cells would split table ${t.name}`);
    }
    for (let r = r0; r <= r1; r++) {
      for (const grid of [sheet.cells, sheet.fmts] as (unknown[] | undefined)[][]) {
        const row = grid[r];
        if (row && row.length > atCol) row.splice(atCol, 0, undefined);
      }
    }
    for (const t of movers) t.left += 1;
  }

  /** The bounding box of what is on the sheet: values, and unless `valuesOnly` formats and tables. */
  usedRect(sheet: SheetModel, valuesOnly: boolean): Rect | null {
    let r0 = Infinity;
    let r1 = -1;
    let c0 = Infinity;
    let c1 = -1;
    const take = (r: number, c: number) => {
      if (r < r0) r0 = r;
      if (r > r1) r1 = r;
      if (c < c0) c0 = c;
      if (c > c1) c1 = c;
    };
    sheet.cells.forEach((row, r) => row?.forEach((v, c) => (isEmptyCell(v) ? undefined : take(r, c))));
    if (!valuesOnly) {
      sheet.fmts.forEach((row, r) => row?.forEach((f, c) => (f === undefined ? undefined : take(r, c))));
      for (const t of this.tablesOn(sheet)) {
        take(t.top, t.left);
        take(t.bottom, t.right);
      }
    }
    if (r1 < 0) return null;
    return { r0, c0, rows: r1 - r0 + 1, cols: c1 - c0 + 1 };
  }
}

function moveRowSegment(grid: (unknown[] | undefined)[], from: number, to: number, c0: number, c1: number): void {
  const src = grid[from];
  if (!src) return;
  let dst = grid[to];
  for (let c = c0; c <= c1 && c < src.length; c++) {
    const v = src[c];
    if (v === undefined || v === null) continue;
    if (!dst) {
      dst = [];
      grid[to] = dst;
    }
    dst[c] = v;
    src[c] = undefined;
  }
}

function shapeOf(input: unknown, rect: Rect): (i: number, j: number) => unknown {
  if (input === null || input === undefined) throw officeError('InvalidArgument', 'null is not a valid value for the whole range');
  if (!Array.isArray(input)) return () => input;
  const ok = input.length === rect.rows && input.every((row) => Array.isArray(row) && row.length === rect.cols);
  if (!ok) {
    const got = `${input.length} x ${Array.isArray(input[0]) ? (input[0] as unknown[]).length : '?'}`;
    throw officeError('InvalidArgument', `the array is ${got} but the range is ${rect.rows} x ${rect.cols}`);
  }
  const rows = input as unknown[][];
  return (i, j) => (rows[i] as unknown[])[j];
}

const SORT_RANK = { Double: 0, String: 1, Boolean: 2, Error: 3, Empty: 4 } as const;

function compareForSort(a: Stored, b: Stored, order: SortOrder): number {
  const ta = cellType(a);
  const tb = cellType(b);
  if (ta === 'Empty' || tb === 'Empty') return (ta === 'Empty' ? 1 : 0) - (tb === 'Empty' ? 1 : 0);
  let cmp = SORT_RANK[ta] - SORT_RANK[tb];
  if (cmp === 0) {
    const va = cellValue(a);
    const vb = cellValue(b);
    if (typeof va === 'string' && typeof vb === 'string') cmp = va.toLowerCase() < vb.toLowerCase() ? -1 : va.toLowerCase() > vb.toLowerCase() ? 1 : 0;
    else cmp = Number(va) - Number(vb);
  }
  return order === 'asc' ? cmp : -cmp;
}
