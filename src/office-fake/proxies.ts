/**
 * Proxy objects shaped like Office.js: methods and setters queue commands, `load` queues a read, and values
 * appear on the proxy only after `context.sync()`. Each proxy finds its workbook object lazily, at the first
 * command that needs it, as Office resolves an object path on the host; errors therefore surface at sync.
 */
import type {
  XlApplication,
  XlAutoFilter,
  XlChart,
  XlChartCollection,
  XlConditionalFormat,
  XlConditionalFormatCollection,
  XlConditionalFormatRule,
  XlConditionalRangeFormat,
  XlCustomConditionalFormat,
  XlRange,
  XlRangeFill,
  XlRangeFont,
  XlRangeFormat,
  XlRequestContext,
  XlTable,
  XlTableCollection,
  XlTableColumn,
  XlTableColumnCollection,
  XlTableRow,
  XlTableRowCollection,
  XlTableSort,
  XlWorkbook,
  XlWorksheet,
  XlWorksheetCollection,
} from '../excel/office-subset';
import { MAX_COLS, MAX_ROWS, contains, parseA1, sheetAddress, splitSheetAddress, type Rect } from './address';
import { COMMAND_OVERHEAD_BYTES, type Command, type Engine, type Loaded, type Settleable } from './engine';
import { officeError, propertyNotLoaded } from './errors';
import type { ChartModel, ConditionalFormatModel, SheetModel, TableModel, WorkbookModel } from './model';
import { jsonSize } from './payload';
import { cellValue } from './cells';

// ---------------------------------------------------------------------------------------------------------------
// Context

export class FakeRequestContext implements XlRequestContext {
  readonly workbook: FakeWorkbook;
  private commands: Command[] = [];
  private fresh: Settleable[] = [];

  constructor(readonly engine: Engine) {
    this.workbook = new FakeWorkbook(this);
  }

  /** Commands queued since the last sync. */
  get pendingCommands(): number {
    return this.commands.length;
  }

  sync(): Promise<void> {
    const batch = { commands: this.commands, fresh: this.fresh };
    this.commands = [];
    this.fresh = [];
    return this.engine.sync(batch).catch((error: unknown) => {
      // Proxies of a failed batch learn whether they are null objects at the next sync that succeeds.
      for (const f of batch.fresh) this.fresh.push(f);
      throw error;
    });
  }

  /** @internal */
  enqueue(command: Command): void {
    this.commands.push(command);
  }

  /** @internal */
  register(proxy: Settleable): void {
    this.fresh.push(proxy);
  }

  get model(): WorkbookModel {
    return this.engine.model;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Base

type Reader<T> = (target: T, names: readonly string[]) => Record<string, unknown>;

function parseNames(propertyNames: string | string[] | undefined): string[] {
  if (propertyNames === undefined) return [];
  const list = Array.isArray(propertyNames) ? propertyNames : propertyNames.split(',');
  return list.map((n) => n.trim()).filter((n) => n !== '');
}

const q = (v: unknown) => JSON.stringify(v) ?? 'undefined';

/** A short description of a written value: never stringify a million rows for an error message. */
function describe(value: unknown): string {
  if (Array.isArray(value)) return `[${value.length} x ${Array.isArray(value[0]) ? (value[0] as unknown[]).length : '?'}]`;
  return q(value).slice(0, 200);
}

abstract class ProxyBase<T> implements Settleable {
  protected abstract readonly typeName: string;
  protected readonly loaded = new Map<string, unknown>();
  private resolved = false;
  private cached: T | null = null;
  private nullState: boolean | undefined;
  /** Made by an *OrNullObject method: null is an answer. Any other proxy is null only when taken from a null one. */
  private nullable = false;

  constructor(
    readonly context: FakeRequestContext,
    private readonly resolver: () => T | null,
  ) {
    context.register(this);
  }

  /** @internal The workbook object, found at the first command that needs it and kept (like an object path). */
  target(): T | null {
    if (!this.resolved) {
      this.cached = this.resolver();
      this.resolved = true;
    }
    if (this.cached === null && !this.nullable && this.context.model.variants.fromNullObject === 'error') {
      throw officeError('InvalidObjectPath', `a ${this.typeName} taken from a null object (variant: error)`, this.typeName);
    }
    return this.cached;
  }

  /** @internal Marks a proxy made by an *OrNullObject method. */
  orNull(): this {
    this.nullable = true;
    return this;
  }

  /** @internal */
  settle(): void {
    if (this.nullState !== undefined) return;
    try {
      this.nullState = this.target() === null;
    } catch {
      this.nullState = false;
    }
  }

  /** @internal For proxies made from a loaded collection: already resolved, already synced. */
  bind(target: T, values: Record<string, unknown>): this {
    this.cached = target;
    this.resolved = true;
    this.nullState = false;
    for (const [k, v] of Object.entries(values)) this.loaded.set(k, v);
    return this;
  }

  /** Office loads isNullObject with every sync; before the first sync it is not available. */
  get isNullObject(): boolean {
    if (this.nullState === undefined) throw propertyNotLoaded('isNullObject', this.typeName);
    return this.nullState;
  }

  protected get model(): WorkbookModel {
    return this.context.model;
  }

  protected read<V>(prop: string): V {
    if (this.loaded.has(prop)) return this.loaded.get(prop) as V;
    // The Office.js runtime does not throw PropertyNotLoaded on a null object: the property is just empty.
    if (this.nullState === true) return undefined as V;
    throw propertyNotLoaded(prop, this.typeName);
  }

  /** Queue an action; on a null object it does nothing (getItemOrNullObject(...).delete() is a no-op idiom). */
  protected act(member: string, statement: string, mutates: boolean, run: (target: T) => void, argBytes: () => number = () => 0): void {
    this.context.enqueue({
      location: `${this.typeName}.${member}`,
      statement,
      mutates,
      requestBytes: () => COMMAND_OVERHEAD_BYTES + argBytes(),
      run: () => {
        const target = this.target();
        if (target !== null) run(target);
      },
    });
  }

  /** Setting a property queues the write and, as Office.js does, keeps the value on the proxy. */
  protected setProp(prop: string, value: unknown, run: (target: T) => void): void {
    this.loaded.set(prop, value);
    this.act(prop, `${this.typeName}.${prop} = ${describe(value)}`, true, run, () => jsonSize(value));
  }

  protected queueLoad(propertyNames: string | string[] | undefined, scalars: readonly string[], reader: Reader<T>): void {
    const names = parseNames(propertyNames);
    const wanted = names.length === 0 ? [...scalars] : names;
    this.context.enqueue({
      location: `${this.typeName}.load`,
      statement: `${this.typeName}.load(${q(wanted)})`,
      mutates: false,
      requestBytes: () => COMMAND_OVERHEAD_BYTES + jsonSize(wanted),
      run: (): Loaded => {
        const unknown = wanted.filter((n) => !scalars.includes(n));
        if (unknown.length > 0) throw officeError('InvalidArgument', `unknown properties ${unknown.join(', ')}`);
        const target = this.target();
        if (target === null) return { bytes: 16, commit: () => undefined };
        const values = reader(target, wanted);
        return { bytes: jsonSize(values), commit: () => Object.entries(values).forEach(([k, v]) => this.loaded.set(k, v)) };
      },
    });
  }
}

function pick(names: readonly string[], all: Record<string, () => unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) out[name] = (all[name] as () => unknown)();
  return out;
}

/** Collections load `items` (with item properties, 'items/name' or plain 'name') and their own scalars. */
function collectionNames(propertyNames: string | string[] | undefined, ownScalars: readonly string[], itemScalars: readonly string[]) {
  const names = parseNames(propertyNames);
  if (names.length === 0) return { own: [...ownScalars], items: [...itemScalars] as string[] | null };
  const own = names.filter((n) => ownScalars.includes(n));
  const rest = names.filter((n) => !ownScalars.includes(n)).map((n) => (n.startsWith('items/') ? n.slice(6) : n));
  if (rest.length === 0) return { own, items: null };
  const items = rest.includes('items') ? [...itemScalars] : rest;
  return { own, items };
}

// ---------------------------------------------------------------------------------------------------------------
// Workbook and application

export class FakeWorkbook implements XlWorkbook {
  readonly worksheets: FakeWorksheetCollection;
  readonly tables: FakeTableCollection;
  readonly application: FakeApplication;

  constructor(readonly context: FakeRequestContext) {
    this.worksheets = new FakeWorksheetCollection(context, () => context.model);
    this.tables = new FakeTableCollection(context, () => ({ sheet: null }));
    this.application = new FakeApplication(context);
  }

  getSelectedRange(): FakeRange {
    return new FakeRange(this.context, () => {
      const sheet = this.context.model.activeSheet;
      if (!sheet) throw officeError('InvalidSelection', 'the workbook has no sheet', 'Workbook.getSelectedRange');
      return { sheet, rect: sheet.selection };
    });
  }
}

export class FakeApplication extends ProxyBase<WorkbookModel> implements XlApplication {
  protected readonly typeName = 'Application';

  constructor(context: FakeRequestContext) {
    super(context, () => context.model);
  }

  get calculationMode(): WorkbookModel['calculationMode'] {
    return this.read('calculationMode');
  }

  load(propertyNames?: string | string[]): this {
    this.queueLoad(propertyNames, ['calculationMode'], (model, names) => pick(names, { calculationMode: () => model.calculationMode }));
    return this;
  }

  suspendApiCalculationUntilNextSync(): void {
    this.noop('suspendApiCalculationUntilNextSync');
  }

  suspendScreenUpdatingUntilNextSync(): void {
    this.noop('suspendScreenUpdatingUntilNextSync');
  }

  private noop(member: string): void {
    this.context.enqueue({
      location: `Application.${member}`,
      statement: `application.${member}()`,
      mutates: false,
      requestBytes: () => COMMAND_OVERHEAD_BYTES,
      run: () => undefined,
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Worksheets

const WORKSHEET_SCALARS = ['name', 'id', 'position', 'visibility'] as const;

function worksheetValues(model: WorkbookModel, sheet: SheetModel, names: readonly string[]) {
  return pick(names, {
    name: () => sheet.name,
    id: () => sheet.id,
    position: () => model.sheets.indexOf(sheet),
    visibility: () => sheet.visibility,
  });
}

export class FakeWorksheetCollection extends ProxyBase<WorkbookModel> implements XlWorksheetCollection {
  protected readonly typeName = 'WorksheetCollection';

  get items(): FakeWorksheet[] {
    return this.read('items');
  }

  load(propertyNames?: string | string[]): this {
    const { items } = collectionNames(propertyNames, [], WORKSHEET_SCALARS);
    const wanted = items ?? [...WORKSHEET_SCALARS];
    this.context.enqueue({
      location: 'WorksheetCollection.load',
      statement: `worksheets.load(${q(wanted)})`,
      mutates: false,
      requestBytes: () => COMMAND_OVERHEAD_BYTES + jsonSize(wanted),
      run: (): Loaded => {
        checkKnown(wanted, WORKSHEET_SCALARS);
        const model = this.model;
        const rows = model.sheets.map((sheet) => ({ sheet, values: worksheetValues(model, sheet, wanted) }));
        return {
          bytes: jsonSize({ items: rows.map((r) => r.values) }),
          commit: () => this.loaded.set('items', rows.map((r) => new FakeWorksheet(this.context, () => r.sheet).bind(r.sheet, r.values))),
        };
      },
    });
    return this;
  }

  add(name?: string): FakeWorksheet {
    let created: SheetModel | null = null;
    this.act('add', `worksheets.add(${q(name)})`, true, (model) => (created = model.addSheet(name)), () => jsonSize(name ?? null));
    return new FakeWorksheet(this.context, () => {
      if (!created) throw officeError('GeneralException', 'the sheet was used before worksheets.add ran', 'WorksheetCollection.add');
      return created;
    });
  }

  getItem(key: string): FakeWorksheet {
    return new FakeWorksheet(this.context, () => {
      const sheet = this.context.model.findSheet(key);
      if (!sheet) throw officeError('ItemNotFound', `worksheets.getItem(${q(key)})`, 'WorksheetCollection.getItem');
      return sheet;
    });
  }

  getItemOrNullObject(key: string): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.context.model.findSheet(key) ?? null).orNull();
  }

  getActiveWorksheet(): FakeWorksheet {
    return new FakeWorksheet(this.context, () => {
      const sheet = this.context.model.activeSheet;
      if (!sheet) throw officeError('ItemNotFound', 'the workbook has no sheet', 'WorksheetCollection.getActiveWorksheet');
      return sheet;
    });
  }
}

function checkKnown(names: readonly string[], known: readonly string[]): void {
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) throw officeError('InvalidArgument', `unknown properties ${unknown.join(', ')}`);
}

export class FakeWorksheet extends ProxyBase<SheetModel> implements XlWorksheet {
  protected readonly typeName = 'Worksheet';
  private tablesProxy: FakeTableCollection | undefined;
  private chartsProxy: FakeChartCollection | undefined;

  readonly freezePanes = {
    freezeRows: (count?: number): void => {
      this.act('freezePanes', `freezePanes.freezeRows(${q(count)})`, true, (sheet) => {
        sheet.frozenRows = count ?? 1;
      });
    },
  };

  get name(): string {
    return this.read('name');
  }
  set name(value: string) {
    this.setProp('name', value, (sheet) => this.model.renameSheet(sheet, value));
  }
  get id(): string {
    return this.read('id');
  }
  get position(): number {
    return this.read('position');
  }
  get visibility(): SheetModel['visibility'] {
    return this.read('visibility');
  }
  set visibility(value: SheetModel['visibility']) {
    this.setProp('visibility', value, (sheet) => {
      if (!['Visible', 'Hidden', 'VeryHidden'].includes(value)) throw officeError('InvalidArgument', `visibility ${q(value)}`, 'Worksheet.visibility');
      sheet.visibility = value;
    });
  }

  get charts(): FakeChartCollection {
    this.chartsProxy ??= new FakeChartCollection(this.context, () => this.target());
    return this.chartsProxy;
  }

  get tables(): FakeTableCollection {
    this.tablesProxy ??= new FakeTableCollection(this.context, () => {
      const sheet = this.target();
      return sheet === null ? null : { sheet };
    });
    return this.tablesProxy;
  }

  load(propertyNames?: string | string[]): this {
    this.queueLoad(propertyNames, WORKSHEET_SCALARS, (sheet, names) => worksheetValues(this.model, sheet, names));
    return this;
  }

  getRange(address?: string): FakeRange {
    return new FakeRange(this.context, () => {
      const sheet = this.target();
      if (sheet === null) return null;
      if (address === undefined) return { sheet, rect: { r0: 0, c0: 0, rows: MAX_ROWS, cols: MAX_COLS } };
      const parts = splitSheetAddress(address);
      const rect = parseA1(parts.ref);
      if (!rect || (parts.sheet !== undefined && parts.sheet.toLowerCase() !== sheet.name.toLowerCase())) {
        throw officeError('InvalidArgument', `getRange(${q(address)})`, 'Worksheet.getRange');
      }
      return { sheet, rect };
    });
  }

  getUsedRangeOrNullObject(valuesOnly = false): FakeRange {
    return new FakeRange(this.context, () => {
      const sheet = this.target();
      if (sheet === null) return null;
      const rect = this.model.usedRect(sheet, valuesOnly);
      return rect ? { sheet, rect } : null;
    }).orNull();
  }

  activate(): void {
    this.act('activate', 'worksheet.activate()', true, (sheet) => {
      this.model.activeSheet = sheet;
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Tables

const TABLE_SCALARS = ['name', 'id'] as const;

function tableValues(table: TableModel, names: readonly string[]) {
  return pick(names, { name: () => table.name, id: () => table.id });
}

/** `workbook.tables` has scope null (all tables); `worksheet.tables` is scoped to its sheet. */
interface TableScope {
  readonly sheet: SheetModel | null;
}

export class FakeTableCollection extends ProxyBase<TableScope> implements XlTableCollection {
  protected readonly typeName = 'TableCollection';

  get items(): FakeTable[] {
    return this.read('items');
  }

  private inScope(scope: TableScope): TableModel[] {
    return scope.sheet ? this.model.tablesOn(scope.sheet) : this.model.tables;
  }

  load(propertyNames?: string | string[]): this {
    const { items } = collectionNames(propertyNames, [], TABLE_SCALARS);
    const wanted = items ?? [...TABLE_SCALARS];
    this.context.enqueue({
      location: 'TableCollection.load',
      statement: `tables.load(${q(wanted)})`,
      mutates: false,
      requestBytes: () => COMMAND_OVERHEAD_BYTES + jsonSize(wanted),
      run: (): Loaded => {
        checkKnown(wanted, TABLE_SCALARS);
        const scope = this.target();
        const rows = (scope ? this.inScope(scope) : []).map((table) => ({ table, values: tableValues(table, wanted) }));
        return {
          bytes: jsonSize({ items: rows.map((r) => r.values) }),
          commit: () => this.loaded.set('items', rows.map((r) => new FakeTable(this.context, () => r.table).bind(r.table, r.values))),
        };
      },
    });
    return this;
  }

  add(address: XlRange | string, hasHeaders: boolean): FakeTable {
    if (typeof address !== 'string' && !(address instanceof FakeRange)) throw new TypeError('FakeExcel: tables.add needs an address or a FakeRange');
    let created: TableModel | null = null;
    const described = typeof address === 'string' ? q(address) : 'range';
    this.act('add', `tables.add(${described}, ${String(hasHeaders)})`, true, (scope) => {
      const where = this.locate(scope, address);
      created = this.model.addTable(where.sheet, where.rect, hasHeaders);
    });
    return new FakeTable(this.context, () => {
      if (!created) throw officeError('GeneralException', 'the table was used before tables.add ran', 'TableCollection.add');
      return created;
    });
  }

  private locate(scope: TableScope, address: XlRange | string): { sheet: SheetModel; rect: Rect } {
    if (address instanceof FakeRange) {
      const target = address.target();
      if (!target) throw officeError('InvalidArgument', 'tables.add on a null range');
      return target;
    }
    const parts = splitSheetAddress(address as string);
    const rect = parseA1(parts.ref);
    if (!rect) throw officeError('InvalidArgument', `tables.add(${q(address)})`);
    let sheet = scope.sheet ?? (parts.sheet === undefined ? this.model.activeSheet : this.model.findSheet(parts.sheet) ?? null);
    if (scope.sheet && parts.sheet !== undefined && parts.sheet.toLowerCase() !== scope.sheet.name.toLowerCase()) sheet = null;
    if (!sheet) throw officeError('InvalidArgument', `tables.add(${q(address)}): no such sheet`);
    return { sheet, rect };
  }

  private find(scope: TableScope, key: string): TableModel | null {
    const table = this.model.findTable(key);
    return table && (!scope.sheet || table.sheet === scope.sheet) ? table : null;
  }

  getItem(key: string): FakeTable {
    return new FakeTable(this.context, () => {
      const scope = this.target();
      const table = scope ? this.find(scope, key) : null;
      if (!table) throw officeError('ItemNotFound', `tables.getItem(${q(key)})`, 'TableCollection.getItem');
      return table;
    });
  }

  getItemOrNullObject(key: string): FakeTable {
    return new FakeTable(this.context, () => {
      const scope = this.target();
      return scope ? this.find(scope, key) : null;
    }).orNull();
  }
}

type TableRangeKind = 'header' | 'body' | 'all';

export class FakeTable extends ProxyBase<TableModel> implements XlTable {
  protected readonly typeName = 'Table';
  private nav: { columns?: FakeTableColumnCollection; rows?: FakeTableRowCollection; autoFilter?: FakeAutoFilter; sort?: FakeTableSort; worksheet?: FakeWorksheet } = {};

  get name(): string {
    return this.read('name');
  }
  set name(value: string) {
    this.setProp('name', value, (table) => this.model.renameTable(table, value));
  }
  get id(): string {
    return this.read('id');
  }

  get worksheet(): FakeWorksheet {
    this.nav.worksheet ??= new FakeWorksheet(this.context, () => this.target()?.sheet ?? null);
    return this.nav.worksheet;
  }
  get columns(): FakeTableColumnCollection {
    this.nav.columns ??= new FakeTableColumnCollection(this.context, () => this.target());
    return this.nav.columns;
  }
  get rows(): FakeTableRowCollection {
    this.nav.rows ??= new FakeTableRowCollection(this.context, () => this.target());
    return this.nav.rows;
  }
  get autoFilter(): FakeAutoFilter {
    this.nav.autoFilter ??= new FakeAutoFilter(this.context, () => this.target());
    return this.nav.autoFilter;
  }
  get sort(): FakeTableSort {
    this.nav.sort ??= new FakeTableSort(this.context, () => this.target());
    return this.nav.sort;
  }

  load(propertyNames?: string | string[]): this {
    this.queueLoad(propertyNames, TABLE_SCALARS, (table, names) => tableValues(table, names));
    return this;
  }

  private range(kind: TableRangeKind): FakeRange {
    return new FakeRange(this.context, () => {
      const table = this.target();
      if (table === null) return null;
      const rect = kind === 'header' ? table.headerRect : kind === 'body' ? table.bodyRect : table.rangeRect;
      return { sheet: table.sheet, rect };
    });
  }

  getHeaderRowRange(): FakeRange {
    return this.range('header');
  }
  getDataBodyRange(): FakeRange {
    return this.range('body');
  }
  getRange(): FakeRange {
    return this.range('all');
  }

  clearFilters(): void {
    this.act('clearFilters', 'table.clearFilters()', true, (table) => this.model.clearFilters(table));
  }
}

const COLUMN_SCALARS = ['name', 'index', 'id'] as const;

interface ColumnTarget {
  readonly table: TableModel;
  readonly columnId: number;
}

function columnValues(target: ColumnTarget, names: readonly string[]) {
  const index = target.table.columnIndexOf(target.columnId);
  return pick(names, {
    name: () => target.table.headers()[index],
    index: () => index,
    id: () => target.columnId,
  });
}

export class FakeTableColumnCollection extends ProxyBase<TableModel> implements XlTableColumnCollection {
  protected readonly typeName = 'TableColumnCollection';

  get items(): FakeTableColumn[] {
    return this.read('items');
  }
  get count(): number {
    return this.read('count');
  }

  load(propertyNames?: string | string[]): this {
    const { own, items } = collectionNames(propertyNames, ['count'], COLUMN_SCALARS);
    this.context.enqueue({
      location: 'TableColumnCollection.load',
      statement: `columns.load(${q(propertyNames ?? null)})`,
      mutates: false,
      requestBytes: () => COMMAND_OVERHEAD_BYTES + jsonSize(propertyNames ?? null),
      run: (): Loaded => {
        if (items) checkKnown(items, COLUMN_SCALARS);
        const table = this.target();
        if (table === null) return { bytes: 16, commit: () => undefined };
        const rows = items ? table.columnIds.map((columnId) => ({ t: { table, columnId }, values: columnValues({ table, columnId }, items) })) : null;
        const count = own.includes('count') ? table.cols : undefined;
        return {
          bytes: jsonSize({ count, items: rows?.map((r) => r.values) }),
          commit: () => {
            if (count !== undefined) this.loaded.set('count', count);
            if (rows) this.loaded.set('items', rows.map((r) => new FakeTableColumn(this.context, () => r.t).bind(r.t, r.values)));
          },
        };
      },
    });
    return this;
  }

  add(index?: number, values?: Array<Array<boolean | string | number>> | boolean | string | number, name?: string): FakeTableColumn {
    let created: ColumnTarget | null = null;
    this.act(
      'add',
      `columns.add(${q(index ?? null)}, ${values === undefined ? 'undefined' : '[values]'}, ${q(name)})`,
      true,
      (table) => {
        const pos = this.model.addTableColumn(table, index, values, name);
        created = { table, columnId: table.columnIds[pos] as number };
      },
      () => jsonSize([index ?? null, values ?? null, name ?? null]),
    );
    return new FakeTableColumn(this.context, () => {
      if (!created) throw officeError('GeneralException', 'the column was used before columns.add ran', 'TableColumnCollection.add');
      return created;
    });
  }

  private find(table: TableModel, key: number | string): ColumnTarget | null {
    if (typeof key === 'number') return table.columnIds.includes(key) ? { table, columnId: key } : null;
    const index = table.headers().findIndex((h) => h.toLowerCase() === key.toLowerCase());
    return index < 0 ? null : { table, columnId: table.columnIds[index] as number };
  }

  getItem(key: number | string): FakeTableColumn {
    return new FakeTableColumn(this.context, () => {
      const table = this.target();
      const found = table ? this.find(table, key) : null;
      if (!found) throw officeError('ItemNotFound', `columns.getItem(${q(key)})`, 'TableColumnCollection.getItem');
      return found;
    });
  }

  getItemOrNullObject(key: number | string): FakeTableColumn {
    return new FakeTableColumn(this.context, () => {
      const table = this.target();
      return table ? this.find(table, key) : null;
    }).orNull();
  }
}

export class FakeTableColumn extends ProxyBase<ColumnTarget> implements XlTableColumn {
  protected readonly typeName = 'TableColumn';

  get name(): string {
    return this.read('name');
  }
  get index(): number {
    return this.read('index');
  }
  get id(): number {
    return this.read('id');
  }

  load(propertyNames?: string | string[]): this {
    this.queueLoad(propertyNames, COLUMN_SCALARS, columnValues);
    return this;
  }

  private range(withHeader: boolean): FakeRange {
    return new FakeRange(this.context, () => {
      const target = this.target();
      if (target === null) return null;
      const { table } = target;
      const c0 = table.left + table.columnIndexOf(target.columnId);
      const rect = withHeader ? { r0: table.top, c0, rows: table.bodyRows + 1, cols: 1 } : { r0: table.bodyTop, c0, rows: table.bodyRows, cols: 1 };
      return { sheet: table.sheet, rect };
    });
  }

  getDataBodyRange(): FakeRange {
    return this.range(false);
  }
  getRange(): FakeRange {
    return this.range(true);
  }
}

export class FakeTableRowCollection extends ProxyBase<TableModel> implements XlTableRowCollection {
  protected readonly typeName = 'TableRowCollection';

  get count(): number {
    return this.read('count');
  }

  load(propertyNames?: string | string[]): this {
    this.queueLoad(propertyNames, ['count'], (table) => ({ count: table.bodyRows }));
    return this;
  }

  add(index?: number, values?: Array<Array<boolean | string | number>> | boolean | string | number, alwaysInsert?: boolean): FakeTableRow {
    let created: { table: TableModel; index: number } | null = null;
    this.act(
      'add',
      `rows.add(${q(index ?? null)}, ${Array.isArray(values) ? `[${values.length} rows]` : q(values)})`,
      true,
      (table) => {
        created = { table, index: this.model.addTableRows(table, index, values, alwaysInsert ?? true) };
      },
      () => jsonSize([index ?? null, values ?? null, alwaysInsert ?? null]),
    );
    return new FakeTableRow(this.context, () => created);
  }

  /** ExcelApi 1.1; an index outside the table fails the sync with InvalidArgument. */
  getItemAt(index: number): FakeTableRow {
    return new FakeTableRow(this.context, () => {
      const table = this.target();
      if (table === null) return null;
      if (!Number.isInteger(index) || index < 0 || index >= table.bodyRows) throw officeError('InvalidArgument', `no row ${index}`, 'TableRowCollection.getItemAt');
      return { table, index };
    });
  }
}

export class FakeTableRow extends ProxyBase<{ table: TableModel; index: number }> implements XlTableRow {
  protected readonly typeName = 'TableRow';

  get index(): number {
    return this.read('index');
  }

  load(propertyNames?: string | string[]): this {
    this.queueLoad(propertyNames, ['index'], (target) => ({ index: target.index }));
    return this;
  }

  /** Deletes the row; the rows below move up (ExcelApi 1.1). */
  delete(): void {
    this.act('delete', 'row.delete()', true, (target) => this.model.deleteTableRow(target.table, target.index));
  }
}

export class FakeAutoFilter extends ProxyBase<TableModel> implements XlAutoFilter {
  protected readonly typeName = 'AutoFilter';

  get enabled(): boolean {
    return this.read('enabled');
  }
  get isDataFiltered(): boolean {
    return this.read('isDataFiltered');
  }

  load(propertyNames?: string | string[]): this {
    this.queueLoad(propertyNames, ['enabled', 'isDataFiltered'], (table, names) =>
      // A table always shows its filter buttons in the fake; isDataFiltered is true while a filter is applied.
      pick(names, { enabled: () => true, isDataFiltered: () => table.filters.size > 0 }),
    );
    return this;
  }
}

export class FakeTableSort extends ProxyBase<TableModel> implements XlTableSort {
  protected readonly typeName = 'TableSort';

  clear(): void {
    this.act('clear', 'table.sort.clear()', true, (table) => {
      table.sortState = null;
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Ranges

export interface RangeTarget {
  readonly sheet: SheetModel;
  readonly rect: Rect;
}

const RANGE_SCALARS = ['address', 'rowCount', 'columnCount', 'rowIndex', 'columnIndex', 'values', 'formulas', 'numberFormat', 'valueTypes'] as const;

export class FakeRange extends ProxyBase<RangeTarget> implements XlRange {
  protected readonly typeName = 'Range';
  private formatProxy: FakeRangeFormat | undefined;
  private conditionalFormatsProxy: FakeConditionalFormatCollection | undefined;

  get address(): string {
    return this.read('address');
  }
  get rowCount(): number {
    return this.read('rowCount');
  }
  get columnCount(): number {
    return this.read('columnCount');
  }
  get rowIndex(): number {
    return this.read('rowIndex');
  }
  get columnIndex(): number {
    return this.read('columnIndex');
  }
  get valueTypes(): string[][] {
    return this.read('valueTypes');
  }

  get values(): any[][] {
    return this.read('values');
  }
  set values(value: any[][]) {
    this.setProp('values', value, (t) => this.model.writeRect(t.sheet, t.rect, value, 'values', true));
  }
  get formulas(): any[][] {
    return this.read('formulas');
  }
  set formulas(value: any[][]) {
    this.setProp('formulas', value, (t) => this.model.writeRect(t.sheet, t.rect, value, 'formulas', true));
  }
  get numberFormat(): any[][] {
    return this.read('numberFormat');
  }
  set numberFormat(value: any[][]) {
    this.setProp('numberFormat', value, (t) => this.model.writeRect(t.sheet, t.rect, value, 'numberFormat', true));
  }

  get format(): FakeRangeFormat {
    this.formatProxy ??= new FakeRangeFormat(this);
    return this.formatProxy;
  }

  get conditionalFormats(): FakeConditionalFormatCollection {
    this.conditionalFormatsProxy ??= new FakeConditionalFormatCollection(this.context, () => this.target());
    return this.conditionalFormatsProxy;
  }

  load(propertyNames?: string | string[]): this {
    const names = parseNames(propertyNames);
    const own: string[] = [];
    for (const name of names) {
      // Navigation paths ('format/font/bold') load on the object they lead to.
      const m = /^format\/(font|fill)\/(\w+)$/.exec(name);
      if (m) (m[1] === 'font' ? this.format.font : this.format.fill).load(m[2] as string);
      else own.push(name);
    }
    if (names.length === 0 || own.length > 0) {
      this.queueLoad(own, RANGE_SCALARS, ({ sheet, rect }, wanted) =>
        pick(wanted, {
          address: () => sheetAddress(sheet.name, rect),
          rowCount: () => rect.rows,
          columnCount: () => rect.cols,
          rowIndex: () => rect.r0,
          columnIndex: () => rect.c0,
          values: () => this.model.readRect(sheet, rect, 'values'),
          formulas: () => this.model.readRect(sheet, rect, 'formulas'),
          numberFormat: () => this.model.readRect(sheet, rect, 'numberFormat'),
          valueTypes: () => this.model.readRect(sheet, rect, 'valueTypes'),
        }),
      );
    }
    return this;
  }

  /** A range computed from this one when a command needs it; outside the sheet is InvalidArgument. */
  private derive(member: string, compute: (rect: Rect) => Rect): FakeRange {
    return new FakeRange(this.context, () => {
      const target = this.target();
      if (target === null) return null;
      const rect = compute(target.rect);
      const inside =
        rect.rows >= 1 && rect.cols >= 1 && contains({ r0: 0, c0: 0, rows: MAX_ROWS, cols: MAX_COLS }, rect.r0, rect.c0) && rect.r0 + rect.rows <= MAX_ROWS && rect.c0 + rect.cols <= MAX_COLS;
      if (!inside || ![rect.r0, rect.c0, rect.rows, rect.cols].every(Number.isInteger)) {
        throw officeError('InvalidArgument', `range.${member}(...) leaves the sheet`, `Range.${member}`);
      }
      return { sheet: target.sheet, rect };
    });
  }

  getCell(row: number, column: number): FakeRange {
    return this.derive('getCell', (r) => ({ r0: r.r0 + row, c0: r.c0 + column, rows: 1, cols: 1 }));
  }
  getRow(row: number): FakeRange {
    return this.derive('getRow', (r) => ({ r0: r.r0 + row, c0: r.c0, rows: 1, cols: r.cols }));
  }
  getLastRow(): FakeRange {
    return this.derive('getLastRow', (r) => ({ r0: r.r0 + r.rows - 1, c0: r.c0, rows: 1, cols: r.cols }));
  }
  getColumn(column: number): FakeRange {
    return this.derive('getColumn', (r) => ({ r0: r.r0, c0: r.c0 + column, rows: r.rows, cols: 1 }));
  }
  getRowsBelow(count = 1): FakeRange {
    return this.derive('getRowsBelow', (r) => ({ r0: r.r0 + r.rows, c0: r.c0, rows: count, cols: r.cols }));
  }
  getOffsetRange(rowOffset: number, columnOffset: number): FakeRange {
    return this.derive('getOffsetRange', (r) => ({ ...r, r0: r.r0 + rowOffset, c0: r.c0 + columnOffset }));
  }
  getResizedRange(deltaRows: number, deltaColumns: number): FakeRange {
    return this.derive('getResizedRange', (r) => ({ ...r, rows: r.rows + deltaRows, cols: r.cols + deltaColumns }));
  }
  getAbsoluteResizedRange(numRows: number, numColumns: number): FakeRange {
    return this.derive('getAbsoluteResizedRange', (r) => ({ ...r, rows: numRows, cols: numColumns }));
  }

  getIntersectionOrNullObject(anotherRange: XlRange | string): FakeRange {
    if (typeof anotherRange !== 'string' && !(anotherRange instanceof FakeRange)) throw new TypeError('FakeExcel: not a FakeRange');
    return new FakeRange(this.context, () => {
      const a = this.target();
      if (a === null) return null;
      let b: RangeTarget | null;
      if (typeof anotherRange === 'string') {
        const parts = splitSheetAddress(anotherRange);
        const rect = parseA1(parts.ref);
        const otherSheet = parts.sheet === undefined ? a.sheet : this.model.findSheet(parts.sheet);
        if (!rect || !otherSheet) throw officeError('InvalidArgument', `getIntersectionOrNullObject(${q(anotherRange)})`, 'Range.getIntersectionOrNullObject');
        b = { sheet: otherSheet, rect };
      } else b = anotherRange.target();
      if (b === null) return null;
      if (b.sheet !== a.sheet) throw officeError('InvalidArgument', 'the ranges are on different sheets', 'Range.getIntersectionOrNullObject');
      const r0 = Math.max(a.rect.r0, b.rect.r0);
      const c0 = Math.max(a.rect.c0, b.rect.c0);
      const r1 = Math.min(a.rect.r0 + a.rect.rows, b.rect.r0 + b.rect.rows);
      const c1 = Math.min(a.rect.c0 + a.rect.cols, b.rect.c0 + b.rect.cols);
      return r1 > r0 && c1 > c0 ? { sheet: a.sheet, rect: { r0, c0, rows: r1 - r0, cols: c1 - c0 } } : null;
    }).orNull();
  }

  /**
   * `Range.find` (ExcelApi 1.9): the first cell whose text matches, searching this range (or, from a single cell, the
   * whole sheet after that cell, wrapping round). No match fails the command that uses the result with ItemNotFound.
   * https://learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-find-member(1)
   * ("the first cell that contains a value matching"). Inferred, not documented: ItemNotFound when nothing matches
   * (findOrNullObject is the method that returns a null object), cells compared by their value as text (numbers as
   * JavaScript writes them, TRUE and FALSE), rows before columns, and `*`, `?` and `~` as in Excel's Find box.
   */
  find(text: string, criteria: { completeMatch?: boolean; matchCase?: boolean; searchDirection?: 'Forward' | 'Backwards' } = {}): FakeRange {
    return new FakeRange(this.context, () => {
      const target = this.target();
      if (target === null) return null;
      const match = findPattern(text, criteria.completeMatch === true, criteria.matchCase === true);
      const { sheet, rect } = target;
      const single = rect.rows === 1 && rect.cols === 1;
      const area: Rect = single ? { r0: 0, c0: 0, rows: Math.max(sheet.cells.length, 1), cols: Math.max(1, ...sheet.cells.map((row) => row?.length ?? 0)) } : rect;
      // Cells in row order; from a single cell, starting after it and wrapping round to it.
      const n = area.rows * area.cols;
      const backwards = criteria.searchDirection === 'Backwards';
      // The position the search starts next to: the cell itself, or just outside the range.
      const self = single ? (rect.r0 - area.r0) * area.cols + (rect.c0 - area.c0) : backwards ? n : -1;
      for (let k = 0; k < n; k++) {
        const i = (((backwards ? self - 1 - k : self + 1 + k) % n) + n) % n;
        const r = area.r0 + Math.floor(i / area.cols);
        const c = area.c0 + (i % area.cols);
        const v = cellValue(sheet.get(r, c));
        if (v === '') continue;
        if (match(typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : String(v))) return { sheet, rect: { r0: r, c0: c, rows: 1, cols: 1 } };
      }
      throw officeError('ItemNotFound', `range.find(${q(text)}) found nothing`, 'Range.find');
    });
  }

  select(): void {
    this.act('select', 'range.select()', true, ({ sheet, rect }) => {
      sheet.selection = rect;
      this.model.activeSheet = sheet;
    });
  }
}

/** Excel's Find box: `*` any characters, `?` one, `~` makes the next character literal. */
function findPattern(text: string, complete: boolean, matchCase: boolean): (cell: string) => boolean {
  let source = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '~' && i + 1 < text.length) source += escapeRegExp(text[++i]!);
    else if (ch === '*') source += '[\\s\\S]*';
    else if (ch === '?') source += '[\\s\\S]';
    else source += escapeRegExp(ch);
  }
  const re = new RegExp(complete ? `^${source}$` : source, matchCase ? 'u' : 'iu');
  return (cell) => re.test(cell);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class FakeRangeFormat implements XlRangeFormat {
  readonly font: FakeRangeFont;
  readonly fill: FakeRangeFill;

  constructor(private readonly range: FakeRange) {
    this.font = new FakeRangeFont(range.context, () => range.target());
    this.fill = new FakeRangeFill(range.context, () => range.target());
  }

  autofitColumns(): void {
    this.range.context.enqueue({
      location: 'RangeFormat.autofitColumns',
      statement: 'format.autofitColumns()',
      mutates: false,
      requestBytes: () => COMMAND_OVERHEAD_BYTES,
      run: () => undefined,
    });
  }
}

type StyleKey = 'bold' | 'fontColor' | 'fillColor';
const STYLE_DEFAULTS: Record<StyleKey, boolean | string> = { bold: false, fontColor: '#000000', fillColor: '#FFFFFF' };

/** The value of a style over a range: the common value, or null when cells differ (as Office reports it). */
function styleOf(target: RangeTarget, key: StyleKey): boolean | string | null {
  const { sheet, rect } = target;
  let common: boolean | string | null | undefined;
  for (let r = rect.r0; r < rect.r0 + rect.rows; r++) {
    for (let c = rect.c0; c < rect.c0 + rect.cols; c++) {
      let value: boolean | string = STYLE_DEFAULTS[key];
      for (let i = sheet.styles.length - 1; i >= 0; i--) {
        const style = sheet.styles[i];
        if (style && style[key] !== undefined && contains(style.rect, r, c)) {
          value = style[key] as boolean | string;
          break;
        }
      }
      if (common === undefined) common = value;
      else if (common !== value) return null;
    }
  }
  return common ?? null;
}

const NAMED_COLORS: Readonly<Record<string, string>> = {
  black: '#000000', white: '#FFFFFF', red: '#FF0000', green: '#008000', blue: '#0000FF', yellow: '#FFFF00',
  gray: '#808080', grey: '#808080', orange: '#FFA500', purple: '#800080',
};

function normalizeColor(color: unknown): string {
  if (typeof color === 'string') {
    const named = NAMED_COLORS[color.toLowerCase()];
    if (named) return named;
    if (/^#[0-9a-f]{6}$/i.test(color)) return color.toUpperCase();
    if (/^#[0-9a-f]{3}$/i.test(color)) return `#${[...color.slice(1)].map((ch) => ch + ch).join('')}`.toUpperCase();
  }
  throw officeError('InvalidArgument', `not a color: ${q(color)}`);
}

export class FakeRangeFont extends ProxyBase<RangeTarget> implements XlRangeFont {
  protected readonly typeName = 'RangeFont';

  get bold(): boolean {
    return this.read('bold');
  }
  set bold(value: boolean) {
    this.setProp('bold', value, ({ sheet, rect }) => sheet.styles.push({ rect, bold: Boolean(value) }));
  }
  get color(): string {
    return this.read('color');
  }
  set color(value: string) {
    this.setProp('color', value, ({ sheet, rect }) => sheet.styles.push({ rect, fontColor: normalizeColor(value) }));
  }

  load(propertyNames?: string | string[]): this {
    this.queueLoad(propertyNames, ['bold', 'color'], (target, names) =>
      pick(names, { bold: () => styleOf(target, 'bold'), color: () => styleOf(target, 'fontColor') }),
    );
    return this;
  }
}

export class FakeRangeFill extends ProxyBase<RangeTarget> implements XlRangeFill {
  protected readonly typeName = 'RangeFill';

  get color(): string {
    return this.read('color');
  }
  set color(value: string) {
    this.setProp('color', value, ({ sheet, rect }) => sheet.styles.push({ rect, fillColor: normalizeColor(value) }));
  }

  load(propertyNames?: string | string[]): this {
    this.queueLoad(propertyNames, ['color'], (target, names) => pick(names, { color: () => styleOf(target, 'fillColor') }));
    return this;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Conditional formats and charts: stored for tests to see, never evaluated or drawn (docs/office-fake.md).

function intersectsRect(a: Rect, b: Rect): boolean {
  return a.r0 < b.r0 + b.rows && b.r0 < a.r0 + a.rows && a.c0 < b.c0 + b.cols && b.c0 < a.c0 + a.cols;
}

interface CfTarget {
  readonly sheet: SheetModel;
  readonly cf: ConditionalFormatModel;
}

const CF_SCALARS = ['type', 'id'] as const;

function cfValues(target: CfTarget, names: readonly string[]) {
  return pick(names, { type: () => target.cf.type, id: () => target.cf.id });
}

let nextCfId = 1;

export class FakeConditionalFormatCollection extends ProxyBase<RangeTarget> implements XlConditionalFormatCollection {
  protected readonly typeName = 'ConditionalFormatCollection';

  get items(): FakeConditionalFormat[] {
    return this.read('items');
  }

  load(propertyNames?: string | string[]): this {
    const { items } = collectionNames(propertyNames, [], CF_SCALARS);
    const wanted = items ?? [...CF_SCALARS];
    this.context.enqueue({
      location: 'ConditionalFormatCollection.load',
      statement: `conditionalFormats.load(${q(wanted)})`,
      mutates: false,
      requestBytes: () => COMMAND_OVERHEAD_BYTES + jsonSize(wanted),
      run: (): Loaded => {
        checkKnown(wanted, CF_SCALARS);
        const target = this.target();
        // As in Office.js: the formats that intersect the range.
        const found = target ? target.sheet.conditionalFormats.filter((cf) => intersectsRect(cf.rect, target.rect)).map((cf) => ({ t: { sheet: target.sheet, cf }, values: cfValues({ sheet: target.sheet, cf }, wanted) })) : [];
        return {
          bytes: jsonSize({ items: found.map((f) => f.values) }),
          commit: () => this.loaded.set('items', found.map((f) => new FakeConditionalFormat(this.context, () => f.t).bind(f.t, f.values))),
        };
      },
    });
    return this;
  }

  add(type: 'Custom'): FakeConditionalFormat {
    let created: CfTarget | null = null;
    this.act('add', `conditionalFormats.add(${q(type)})`, true, ({ sheet, rect }) => {
      if (type !== 'Custom') throw officeError('InvalidArgument', `the fake supports only Custom conditional formats, not ${q(type)}`);
      const cf: ConditionalFormatModel = { id: `{CF-${nextCfId++}}`, type: 'Custom', rect, formula: '', fillColor: null, fontColor: null, bold: null };
      sheet.conditionalFormats.push(cf);
      created = { sheet, cf };
    });
    return new FakeConditionalFormat(this.context, () => {
      if (!created) throw officeError('GeneralException', 'the conditional format was used before conditionalFormats.add ran', 'ConditionalFormatCollection.add');
      return created;
    });
  }
}

export class FakeConditionalFormat extends ProxyBase<CfTarget> implements XlConditionalFormat {
  protected readonly typeName = 'ConditionalFormat';
  private customProxy: FakeCustomConditionalFormat | undefined;

  get type(): string {
    return this.read('type');
  }
  get id(): string {
    return this.read('id');
  }
  get custom(): FakeCustomConditionalFormat {
    this.customProxy ??= new FakeCustomConditionalFormat(this);
    return this.customProxy;
  }

  load(propertyNames?: string | string[]): this {
    this.queueLoad(propertyNames, CF_SCALARS, cfValues);
    return this;
  }

  delete(): void {
    this.act('delete', 'conditionalFormat.delete()', true, ({ sheet, cf }) => {
      sheet.conditionalFormats = sheet.conditionalFormats.filter((x) => x !== cf);
    });
  }
}

export class FakeCustomConditionalFormat implements XlCustomConditionalFormat {
  readonly rule: FakeConditionalFormatRule;
  readonly format: XlConditionalRangeFormat;

  constructor(owner: FakeConditionalFormat) {
    const cf = () => owner.target()?.cf ?? null;
    this.rule = new FakeConditionalFormatRule(owner.context, cf);
    this.format = { fill: new FakeConditionalFill(owner.context, cf), font: new FakeConditionalFont(owner.context, cf) };
  }
}

export class FakeConditionalFormatRule extends ProxyBase<ConditionalFormatModel> implements XlConditionalFormatRule {
  protected readonly typeName = 'ConditionalFormatRule';

  get formula(): string {
    return this.read('formula');
  }
  set formula(value: string) {
    this.setProp('formula', value, (cf) => {
      if (typeof value !== 'string' || !value.startsWith('=')) throw officeError('InvalidArgument', `a conditional format rule is a formula starting with "=": ${q(value)}`);
      cf.formula = value;
    });
  }

  load(propertyNames?: string | string[]): this {
    this.queueLoad(propertyNames, ['formula'], (cf, names) => pick(names, { formula: () => cf.formula }));
    return this;
  }
}

export class FakeConditionalFill extends ProxyBase<ConditionalFormatModel> {
  protected readonly typeName = 'ConditionalRangeFill';

  get color(): string {
    return this.read('color');
  }
  set color(value: string) {
    this.setProp('color', value, (cf) => {
      cf.fillColor = normalizeColor(value);
    });
  }
}

export class FakeConditionalFont extends ProxyBase<ConditionalFormatModel> {
  protected readonly typeName = 'ConditionalRangeFont';

  get color(): string {
    return this.read('color');
  }
  set color(value: string) {
    this.setProp('color', value, (cf) => {
      cf.fontColor = normalizeColor(value);
    });
  }
  get bold(): boolean {
    return this.read('bold');
  }
  set bold(value: boolean) {
    this.setProp('bold', value, (cf) => {
      cf.bold = Boolean(value);
    });
  }
}

interface ChartTarget {
  readonly sheet: SheetModel;
  readonly chart: ChartModel;
}

const CHART_SCALARS = ['name'] as const;

export class FakeChartCollection extends ProxyBase<SheetModel> implements XlChartCollection {
  protected readonly typeName = 'ChartCollection';

  get items(): FakeChart[] {
    return this.read('items');
  }

  load(propertyNames?: string | string[]): this {
    const { items } = collectionNames(propertyNames, [], CHART_SCALARS);
    const wanted = items ?? [...CHART_SCALARS];
    this.context.enqueue({
      location: 'ChartCollection.load',
      statement: `charts.load(${q(wanted)})`,
      mutates: false,
      requestBytes: () => COMMAND_OVERHEAD_BYTES + jsonSize(wanted),
      run: (): Loaded => {
        checkKnown(wanted, CHART_SCALARS);
        const sheet = this.target();
        const found = (sheet?.charts ?? []).map((chart) => ({ t: { sheet: sheet!, chart }, values: pick(wanted, { name: () => chart.name }) }));
        return {
          bytes: jsonSize({ items: found.map((f) => f.values) }),
          commit: () => this.loaded.set('items', found.map((f) => new FakeChart(this.context, () => f.t).bind(f.t, f.values))),
        };
      },
    });
    return this;
  }

  add(type: 'ColumnClustered', sourceData: XlRange, seriesBy?: 'Auto' | 'Columns' | 'Rows'): FakeChart {
    if (!(sourceData instanceof FakeRange)) throw new TypeError('FakeExcel: charts.add needs a FakeRange');
    let created: ChartTarget | null = null;
    this.act('add', `charts.add(${q(type)}, range, ${q(seriesBy ?? 'Auto')})`, true, (sheet) => {
      const source = sourceData.target();
      if (!source) throw officeError('InvalidArgument', 'charts.add on a null range', 'ChartCollection.add');
      if (source.sheet !== sheet) throw officeError('InvalidArgument', 'the fake charts data from the chart\'s own sheet only', 'ChartCollection.add');
      const chart: ChartModel = { name: `Chart ${sheet.charts.length + 1}`, type, source: source.rect, seriesBy: seriesBy ?? 'Auto', title: '', position: null };
      sheet.charts.push(chart);
      created = { sheet, chart };
    });
    return new FakeChart(this.context, () => {
      if (!created) throw officeError('GeneralException', 'the chart was used before charts.add ran', 'ChartCollection.add');
      return created;
    });
  }

  getItemOrNullObject(name: string): FakeChart {
    return new FakeChart(this.context, () => {
      const sheet = this.target();
      const chart = sheet?.charts.find((c) => c.name.toLowerCase() === name.toLowerCase());
      return sheet && chart ? { sheet, chart } : null;
    }).orNull();
  }
}

export class FakeChart extends ProxyBase<ChartTarget> implements XlChart {
  protected readonly typeName = 'Chart';
  readonly title: { text: string };

  constructor(context: FakeRequestContext, resolver: () => ChartTarget | null) {
    super(context, resolver);
    this.title = new FakeChartTitle(context, () => this.target()?.chart ?? null);
  }

  get name(): string {
    return this.read('name');
  }
  set name(value: string) {
    this.setProp('name', value, ({ sheet, chart }) => {
      if (sheet.charts.some((c) => c !== chart && c.name.toLowerCase() === String(value).toLowerCase())) throw officeError('InvalidArgument', `a chart named ${q(value)} exists on this sheet`);
      chart.name = String(value);
    });
  }

  load(propertyNames?: string | string[]): this {
    this.queueLoad(propertyNames, CHART_SCALARS, ({ chart }, names) => pick(names, { name: () => chart.name }));
    return this;
  }

  delete(): void {
    this.act('delete', 'chart.delete()', true, ({ sheet, chart }) => {
      sheet.charts.splice(sheet.charts.indexOf(chart), 1);
    });
  }

  setPosition(startCell: XlRange | string, endCell?: XlRange | string): void {
    const where = (c: XlRange | string | undefined): string | null => {
      if (c === undefined) return null;
      if (typeof c === 'string') return c;
      const t = (c as FakeRange).target();
      return t ? sheetAddress(t.sheet.name, t.rect) : null;
    };
    this.act('setPosition', 'chart.setPosition(...)', true, ({ chart }) => {
      const start = where(startCell);
      if (start === null) throw officeError('InvalidArgument', 'setPosition needs a start cell', 'Chart.setPosition');
      chart.position = { start, end: where(endCell) };
    });
  }
}

export class FakeChartTitle extends ProxyBase<ChartModel> {
  protected readonly typeName = 'ChartTitle';

  get text(): string {
    return this.read('text');
  }
  set text(value: string) {
    this.setProp('text', value, (chart) => {
      chart.title = String(value);
    });
  }
}
