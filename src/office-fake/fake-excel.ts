/**
 * Lotbook's fake of the part of the Excel JavaScript API that it uses, for adapter tests in Node and for the
 * browser playground. What it reproduces, and where each behaviour comes from, is in docs/office-fake.md.
 * No Node APIs here: the same module is bundled by webpack.
 */
import type { XlRequestContext } from '../excel/office-subset';
import { formatA1, parseA1, sheetAddress, type Rect } from './address';
import { RichCell, cellType, cellValue } from './cells';
import { Engine, type FakeStats } from './engine';
import { FakeOfficeError } from './errors';
import type { SheetModel, SortOrder, TableModel } from './model';
import { FakeRequestContext } from './proxies';
import { defaultVariants, type FakeVariants } from './variants';

export { FakeOfficeError };
export type { FakeStats };

export interface FakeExcelOptions {
  /** Excel on the web limits each request and each response to 5 MB. */
  payloadLimitBytes?: number;
  /** Excel limits a read to 5,000,000 cells (RangeExceedsLimit). */
  readCellLimit?: number;
  /** How the fake reads what Microsoft does not document (variants.ts); default: the test run's choice. */
  variants?: FakeVariants;
}

export interface FailSyncOptions {
  /** How many of the batch's queued commands run before the failure (default 0). */
  afterCommands?: number;
  /**
   * Instead of a count: 'none' applies nothing, 'half' the first half of the batch, 'all' every command with the
   * answer lost on the way back (the failure the fault sweep calls "applied but the answer lost").
   */
  applied?: 'none' | 'half' | 'all';
  code?: string;
  message?: string;
}

export interface TableView {
  sheet: string;
  address: string;
  headers: string[];
  rows: unknown[][];
  hiddenRows: number[];
  filtered: boolean;
}

export interface ConditionalFormatView {
  address: string;
  type: string;
  formula: string;
  fillColor: string | null;
  fontColor: string | null;
  bold: boolean | null;
}

export interface ChartView {
  name: string;
  type: string;
  source: string;
  seriesBy: string;
  title: string;
  position: { start: string; end: string | null } | null;
}

export interface CellView {
  value: unknown;
  formula: string | null;
  numberFormat: string;
  type: 'Empty' | 'String' | 'Double' | 'Boolean' | 'Error';
}

export interface FakeUser {
  addSheet(name: string): void;
  setValues(sheet: string, address: string, values: unknown[][]): void;
  addTable(sheet: string, address: string, name: string): void;
  /** Insert > Table Columns: at the right end, or at column `index` (from 0) with the columns from there moved right. */
  addTableColumn(table: string, header: string, values?: unknown[], index?: number): void;
  filter(table: string, header: string, keep: (value: unknown) => boolean): void;
  clearFilter(table: string): void;
  sort(table: string, header: string, order?: SortOrder): void;
  deleteTableRow(table: string, bodyIndex: number): void;
  editTableCell(table: string, bodyIndex: number, header: string, value: unknown): void;
  /**
   * Type into one cell as a person does (Excel parses the text: numbers, dates, formulas, unless the cell is
   * text-formatted; '' clears the cell). Typing into the row just below a table, within its columns, makes that row
   * part of the table, as Excel's "include new rows in the table" does: it takes the table's column formats.
   */
  typeCell(sheet: string, address: string, value: unknown): void;
  /** Paste a block of values (e.g. copied from another sheet) with its top-left cell at `address`, typed cell by cell. */
  paste(sheet: string, address: string, values: unknown[][]): void;
  select(sheet: string, address: string): void;
  /** Insert table rows above body row `bodyIndex` (right-click > Insert > Table Rows Above), typed with `values`. */
  insertTableRows(table: string, bodyIndex: number, values: unknown[][]): void;
  /** Formulas > Calculation Options: Automatic or Manual. */
  setCalculationMode(mode: 'Automatic' | 'Manual'): void;
  /** Table Design > Table Name: Excel's rules for table names apply. */
  renameTable(table: string, name: string): void;
  /** Table Design > Convert to Range: the cells stay (with their number formats), the table is gone. */
  convertToRange(table: string): void;
}

export class FakeExcel {
  private readonly engine: Engine;

  constructor(options: FakeExcelOptions = {}) {
    this.engine = new Engine(options.payloadLimitBytes ?? 5 * 1024 * 1024, options.readCellLimit ?? 5_000_000, options.variants ?? defaultVariants());
  }

  /**
   * Like Excel.run: a fresh request context for the batch. As Office.js does, commands still queued when the
   * batch resolves are sent in one last sync.
   */
  async run<T>(batch: (context: XlRequestContext) => Promise<T>): Promise<T> {
    const context = new FakeRequestContext(this.engine);
    const result = await batch(context);
    if (context.pendingCommands > 0) await context.sync();
    return result;
  }

  get stats(): Readonly<FakeStats> {
    return this.engine.stats;
  }

  resetStats(): void {
    this.engine.resetStats();
  }

  /**
   * The nth sync from now (1 = the next one) applies only its first `afterCommands` queued commands, then
   * rejects. Excel has no transactions, so this is what a dropped connection or a host error looks like.
   */
  failSync(nth: number, options: FailSyncOptions = {}): void {
    const share = options.applied;
    const afterCommands = share === 'half' ? (n: number) => Math.floor(n / 2) : share === 'all' ? (n: number) => n : (options.afterCommands ?? 0);
    this.engine.failSync(nth, { afterCommands, code: options.code ?? 'GeneralException', message: options.message });
  }

  /** Forgets the failures failSync set that no sync has reached yet. */
  clearFaults(): void {
    this.engine.clearFaults();
  }

  /**
   * Runs `action` as each batch reaches the workbook, before its commands run (until the returned function is
   * called): how a test makes a person or a colleague sort, filter or type between two syncs of one `Excel.run`.
   * `locations` are the batch's commands, e.g. "Range.values", so that the test can pick the batch that writes.
   */
  beforeSync(action: (batch: { readonly index: number; readonly locations: readonly string[] }) => void): () => void {
    this.engine.beforeSync = action;
    return () => {
      if (this.engine.beforeSync === action) this.engine.beforeSync = undefined;
    };
  }

  /** Called after every sync that changed the workbook and after every user action. */
  subscribe(listener: () => void): () => void {
    return this.engine.subscribe(listener);
  }

  private get model() {
    return this.engine.model;
  }

  // -------------------------------------------------------------------------------------------------------------
  // What a person does in Excel between two calls of the add-in

  readonly user: FakeUser = {
    addSheet: (name) => this.act(() => this.model.addSheet(name)),
    setValues: (sheet, address, values) =>
      this.act(() => {
        const s = this.sheet(sheet);
        this.model.writeRect(s, rectOf(address), values, 'values', false);
      }),
    addTable: (sheet, address, name) => this.act(() => this.model.addTable(this.sheet(sheet), rectOf(address), true, name)),
    addTableColumn: (table, header, values = [], index) =>
      this.act(() => {
        const t = this.table_(table);
        if (values.length > t.bodyRows) throw new Error(`FakeExcel: ${values.length} values for ${t.bodyRows} rows`);
        const cells = Array.from({ length: t.bodyRows }, (_, i) => [values[i] ?? null]);
        this.model.addTableColumn(t, index ?? null, [[header], ...cells], undefined);
      }),
    filter: (table, header, keep) => this.act(() => {
      const t = this.table_(table);
      this.model.filterTable(t, this.columnId(t, header), keep);
    }),
    clearFilter: (table) => this.act(() => this.model.clearFilters(this.table_(table))),
    sort: (table, header, order = 'asc') =>
      this.act(() => {
        const t = this.table_(table);
        this.model.sortTable(t, this.columnId(t, header), order);
      }),
    deleteTableRow: (table, bodyIndex) => this.act(() => this.model.deleteTableRow(this.table_(table), bodyIndex)),
    editTableCell: (table, bodyIndex, header, value) =>
      this.act(() => {
        const t = this.table_(table);
        if (!Number.isInteger(bodyIndex) || bodyIndex < 0 || bodyIndex >= t.bodyRows) throw new Error(`FakeExcel: no row ${bodyIndex} in ${table}`);
        const c = t.left + t.columnIndexOf(this.columnId(t, header));
        this.model.typeInto(t.sheet, t.bodyTop + bodyIndex, c, value, t);
        t.placeholder = false;
      }),
    typeCell: (sheet, address, value) =>
      this.act(() => {
        const { r0, c0 } = rectOf(address);
        this.typeAt(this.sheet(sheet), r0, c0, value);
      }),
    paste: (sheet, address, values) =>
      this.act(() => {
        const s = this.sheet(sheet);
        const { r0, c0 } = rectOf(address);
        values.forEach((row, i) => row.forEach((v, j) => this.typeAt(s, r0 + i, c0 + j, v)));
      }),
    insertTableRows: (table, bodyIndex, values) =>
      this.act(() => {
        const t = this.table_(table);
        this.model.addTableRows(t, bodyIndex, Array.from({ length: values.length }, () => new Array(t.cols).fill(null)));
        values.forEach((row, i) => row.forEach((v, j) => this.model.typeInto(t.sheet, t.bodyTop + bodyIndex + i, t.left + j, v, t)));
      }),
    setCalculationMode: (mode) => this.act(() => (this.model.calculationMode = mode)),
    renameTable: (table, name) => this.act(() => this.model.renameTable(this.table_(table), name)),
    convertToRange: (table) => this.act(() => this.model.convertToRange(this.table_(table))),
    select: (sheet, address) =>
      this.act(() => {
        const s = this.sheet(sheet);
        s.selection = rectOf(address);
        this.model.activeSheet = s;
      }),
  };

  /** One typed cell, with Excel's table auto-expansion for the row just below a table. */
  private typeAt(sheet: SheetModel, r: number, c: number, value: unknown): void {
    let table = this.model.tableAt(sheet, r, c);
    const blank = value === '' || value === null || value === undefined;
    if (!table && !blank) {
      table = this.model.tablesOn(sheet).find((t) => t.bottom + 1 === r && c >= t.left && c <= t.right);
      if (table) table.bodyRows += 1;
    }
    this.model.typeInto(sheet, r, c, value ?? '', table);
    if (table && r > table.top) table.placeholder = false;
    if (table && r === table.top) this.model.normalizeHeaders(table);
  }

  private act(change: () => unknown): void {
    change();
    this.engine.notify();
  }

  private sheet(name: string): SheetModel {
    const sheet = this.model.findSheet(name);
    if (!sheet) throw new Error(`FakeExcel: no sheet ${name}`);
    return sheet;
  }

  private table_(name: string): TableModel {
    const table = this.model.findTable(name);
    if (!table) throw new Error(`FakeExcel: no table ${name}`);
    return table;
  }

  private columnId(table: TableModel, header: string): number {
    const index = table.headers().findIndex((h) => h.toLowerCase() === header.toLowerCase());
    if (index < 0) throw new Error(`FakeExcel: no column ${header} in ${table.name}`);
    return table.columnIds[index] as number;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Read-only views for tests and the playground: no round trip, not counted

  sheetNames(): string[] {
    return this.model.sheets.map((s) => s.name);
  }

  /** The sheets a person sees as tabs: not hidden, not very hidden (Worksheet.visibility). */
  visibleSheetNames(): string[] {
    return this.model.sheets.filter((s) => s.visibility === 'Visible').map((s) => s.name);
  }

  tableNames(): string[] {
    return this.model.tables.map((t) => t.name);
  }

  table(name: string): TableView | undefined {
    const t = this.model.findTable(name);
    if (!t) return undefined;
    return {
      sheet: t.sheet.name,
      address: sheetAddress(t.sheet.name, t.rangeRect),
      headers: t.headers(),
      rows: this.model.readRect(t.sheet, t.bodyRect, 'values', false),
      hiddenRows: [...t.hidden].sort((a, b) => a - b),
      filtered: t.filtered,
    };
  }

  cell(sheet: string, address: string): CellView {
    const s = this.sheet(sheet);
    const { r0, c0 } = rectOf(address);
    const stored = s.get(r0, c0);
    return {
      value: cellValue(stored),
      formula: stored instanceof RichCell ? stored.formula : null,
      numberFormat: this.model.formatAt(s, r0, c0),
      type: cellType(stored),
    };
  }

  usedRange(sheet: string): { address: string; values: unknown[][]; numberFormat: string[][] } | undefined {
    const s = this.sheet(sheet);
    const rect = this.model.usedRect(s, false);
    if (!rect) return undefined;
    return {
      address: sheetAddress(s.name, rect),
      values: this.model.readRect(s, rect, 'values', false),
      numberFormat: this.model.readRect(s, rect, 'numberFormat', false) as string[][],
    };
  }

  /** Custom conditional formats of a sheet, in the order added: where, the rule's formula and its format. */
  conditionalFormats(sheet: string): ConditionalFormatView[] {
    return this.sheet(sheet).conditionalFormats.map((cf) => ({ address: sheetAddress(sheet, cf.rect).replace(/^.*!/, ''), type: cf.type, formula: cf.formula, fillColor: cf.fillColor, fontColor: cf.fontColor, bold: cf.bold }));
  }

  /** Charts of a sheet: name, type, the data range, title and position (never drawn). */
  charts(sheet: string): ChartView[] {
    return this.sheet(sheet).charts.map((c) => ({ name: c.name, type: c.type, source: sheetAddress(sheet, c.source).replace(/^.*!/, ''), seriesBy: c.seriesBy, title: c.title, position: c.position }));
  }

  selection(): { sheet: string; address: string } | null {
    const sheet = this.model.activeSheet;
    return sheet ? { sheet: sheet.name, address: formatA1(sheet.selection) } : null;
  }

  activeSheet(): string | null {
    return this.model.activeSheet?.name ?? null;
  }

  /**
   * Bulk-load a table at A1 of `sheet` (created if missing) without round trips. Values are stored as given,
   * without the typing conversions; `numberFormats` maps a header to its column's format.
   */
  seedTable(sheet: string, name: string, headers: string[], rows: unknown[][], numberFormats: Record<string, string> = {}): void {
    const s = this.model.findSheet(sheet) ?? this.model.addSheet(sheet);
    if (headers.length === 0) throw new Error('FakeExcel: a table needs headers');
    const cols = headers.length;
    s.cells[0] = headers.slice();
    s.fmts[0] = undefined;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as unknown[];
      if (row.length !== cols) throw new Error(`FakeExcel: row ${i} has ${row.length} values for ${cols} headers`);
      s.cells[i + 1] = row.slice() as SheetModel['cells'][number];
      s.fmts[i + 1] = undefined;
    }
    const table = this.model.addTable(s, { r0: 0, c0: 0, rows: rows.length + 1, cols }, true, name);
    for (const [header, format] of Object.entries(numberFormats)) {
      const index = table.headers().indexOf(header);
      if (index < 0) throw new Error(`FakeExcel: no column ${header} in ${name}`);
      table.colFormats[index] = format;
    }
    this.engine.notify();
  }
}

function rectOf(address: string): Rect {
  const rect = parseA1(address);
  if (!rect) throw new FakeOfficeError('InvalidArgument', `FakeExcel: not an A1 address: ${address}`);
  return rect;
}
