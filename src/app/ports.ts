/**
 * Ports: what the use cases need from the outside world. Adapters implement them (src/excel for the
 * workbook, src/cache for IndexedDB, src/scanner for barcodes); each has an in-memory or fake-backed
 * implementation for tests.
 */
import type { TableOrigin, TableProblem } from '../domain/codec';
import type { EntityByTable, TableName } from '../domain/types';

export interface TableSnapshot<N extends TableName = TableName> {
  readonly name: N;
  /** Rows that decoded cleanly, in sheet order. */
  readonly rows: readonly EntityByTable[N][];
  /** The Excel row number of each row in `rows`. */
  readonly rowNumbers: readonly number[];
  /** Bad cells, each with sheet, row, column, value and what is wrong. */
  readonly problems: readonly TableProblem[];
  /** Keys of rows refused because of a problem: an operation that needs one of them must refuse too. */
  readonly badKeys: ReadonlySet<string>;
  readonly origin: TableOrigin;
  /** The headers as they are in the workbook (with users' own columns). */
  readonly headers: readonly string[];
}

export type Snapshot<N extends TableName> = { readonly [K in N]: TableSnapshot<K> };

/** A new sheet with one table: pick lists, recall reports, lot costs, count sheets. */
export interface ReportSheet {
  /** Stable id written into the sheet, so that a retried write does not make a second sheet. */
  readonly id: string;
  /** Wanted sheet name; it is sanitized and made unique. */
  readonly name: string;
  readonly title: string;
  /** Label/value lines above the table (recall class, who, when...). Values are written as text-safe. */
  readonly header: ReadonlyArray<readonly [string, string | number]>;
  readonly table: {
    readonly name: string;
    readonly columns: ReadonlyArray<{ readonly header: string; readonly type: 'text' | 'int' | 'qty' | 'money' | 'date' | 'percent' }>;
    readonly rows: ReadonlyArray<ReadonlyArray<string | number | null>>;
  };
  /** Optional lines below the table (sign-off, totals). */
  readonly footer?: ReadonlyArray<readonly [string, string | number]>;
}

export type AppendRows = { readonly [N in TableName]?: readonly EntityByTable[N][] };

export interface WriteBatch {
  /** New rows; a row whose key is already in the table is skipped, so a retry writes nothing twice. */
  readonly append?: AppendRows;
  /** Existing rows, found by key in a fresh read and rewritten (users' own columns are kept). */
  readonly update?: AppendRows;
  readonly sheets?: readonly ReportSheet[];
}

export interface WriteReport {
  readonly appended: { readonly [N in TableName]?: number };
  readonly skipped: { readonly [N in TableName]?: number };
  readonly updated: { readonly [N in TableName]?: number };
  /** The sheet names actually used for report sheets (after sanitizing and de-duplicating). */
  readonly sheets: readonly string[];
}

export interface SetupReport {
  readonly createdTables: readonly TableName[];
  readonly addedColumns: ReadonlyArray<{ readonly table: TableName; readonly header: string }>;
  /** Tables Lotbook could not create, and why (e.g. a sheet of that name holds other data). */
  readonly skipped: ReadonlyArray<{ readonly table: TableName; readonly reason: string }>;
  /** Columns the rows need that are gone where one may have been renamed: the person is asked, nothing added. */
  readonly askedColumns?: ReadonlyArray<{ readonly table: TableName; readonly header: string; readonly reason: string }>;
  /** Lotbook tables a person had renamed, found on their own sheet by their headers and named back. */
  readonly renamedTables?: ReadonlyArray<{ readonly table: TableName; readonly from: string }>;
  /** Lotbook tables a person had turned into a range, made tables again over exactly their block; `note` says so. */
  readonly recoveredTables?: ReadonlyArray<{ readonly table: TableName; readonly address: string; readonly note: string }>;
}

export interface SetupProgress {
  readonly step: 'inspect' | 'create' | 'format' | 'done';
  readonly done: number;
  readonly total: number;
}

/** A report sheet's table as it is now (a person may have filled in columns, e.g. Picked on a pick list). */
export interface ReportTable {
  readonly sheet: string;
  readonly headers: readonly string[];
  /** Body values as Excel returns them (dates as serials, blanks as ''). */
  readonly rows: ReadonlyArray<readonly unknown[]>;
}

/** A report sheet's table, by the id and table name of the ReportSheet that wrote it. */
export interface ReportRef {
  readonly id: string;
  readonly table: string;
}

export interface ReadOptions<N extends TableName = TableName> {
  /**
   * Read every table whole from the workbook, whatever the adapter remembers: for legal records (recall reports,
   * FSMA sheets, mock recalls) that must prove they reflect the workbook itself, not a change signal.
   */
  readonly verify?: boolean;
  /**
   * The fields the command uses of a table, where it uses only some (the others are not read, which on a table of
   * a million rows is most of the bytes of a first read). The table's key is always read. Reading a field not
   * asked for from a row throws: declare every field the command (and the domain functions it calls) reads.
   * Tables not named here are read whole.
   */
  readonly columns?: { readonly [K in N]?: readonly (keyof EntityByTable[K] & string)[] };
  /**
   * What the transaction will ask for next, asked in the read's first round trip instead of in round trips of
   * their own. Only ever a head start: what was not asked for ahead is read when it is asked for.
   * - `reports`: report tables it will read (readReport, readReports), worked out from the tables as the adapter
   *   remembers them (undefined when it does not remember them all), e.g. the open pick lists named in Settings.
   *   A report is served from this read only when the transaction then asks for it.
   * - `sheets`: report sheets it may write (write's `sheets`).
   */
  readonly ahead?: {
    readonly reports?: (remembered: Snapshot<N> | undefined) => readonly ReportRef[];
    readonly sheets?: readonly ReportRef[];
  };
}

export interface WorkbookTx {
  read<N extends TableName>(names: readonly N[], options?: ReadOptions<N>): Promise<Snapshot<N>>;
  write(batch: WriteBatch): Promise<WriteReport>;
  /** The table a ReportSheet with this `id` and `table.name` wrote; null when it is gone (sheet deleted). */
  readReport(report: ReportRef): Promise<ReportTable | null>;
  /** Several report tables at once (one round trip when all are there), in the order asked. */
  readReports(reports: readonly ReportRef[]): Promise<Array<ReportTable | null>>;
}

export interface WorkbookPort {
  /** Creates missing tables and columns; keeps users' columns and data. Running it twice changes nothing. */
  setUp(onProgress?: (progress: SetupProgress) => void): Promise<SetupReport>;
  /** One use case: reads and writes in one Excel.run. */
  transact<T>(work: (tx: WorkbookTx) => Promise<T>): Promise<T>;
  /** Selects a cell or range, e.g. "Lots!C7", so that the user sees a bad cell. */
  select(address: string): Promise<void>;
  /** Conditional formats in Lots and a chart on a report sheet (src/excel/expiry-visuals.ts). */
  showExpiry(request: ExpiryVisualsRequest): Promise<ExpiryVisualsReport>;
}

/**
 * `lots`: mark rows of Lots with stock whose expiry is past (expired) or within `warningDays` of the day Excel
 * opens the file (the rules use TODAY(), so they stay right tomorrow). `chart`: a column chart of on-hand
 * quantity by expiry month, placed on the report sheet with that id (its data is written beside the table).
 */
export interface ExpiryVisualsRequest {
  readonly lots?: { readonly warningDays: number };
  readonly chart?: {
    readonly report: { readonly id: string; readonly table: string };
    readonly title: string;
    /** [month label, on-hand quantity in the unit shown] in month order. */
    readonly months: ReadonlyArray<readonly [string, number]>;
  };
}

export interface ExpiryVisualsReport {
  /** Rules added to Lots (0 when the same rules were already there). */
  readonly rulesAdded: number;
  readonly chart: 'added' | 'exists' | 'none';
}

export type ErrorCode =
  /** Office or the connection failed; the same request can succeed later (the outbox may keep a save for it). */
  | 'workbook-unreachable'
  /** A person is editing a cell (InvalidOperationInCellEditMode): heals when they press Enter or Esc. */
  | 'cell-editing'
  | 'table-missing'
  | 'table-filtered'
  /** A table kept being sorted or changed under an update; nothing was left in the wrong rows (row-updates.ts). */
  | 'table-changed'
  /** A protected sheet or workbook (AccessDenied): nothing heals it but the person who protected it. */
  | 'sheet-protected'
  | 'payload-too-large'
  | 'office-error'
  /** A value that Excel cannot hold (over 32,767 characters in one cell), refused before anything was written. */
  | 'text-too-long'
  /** A bug in Lotbook: logged with its stack, shown as such, never queued or retried. */
  | 'internal-error';

/** Failures that heal by themselves, so that trying the same write later is right (the outbox keeps only these). */
export const RETRYABLE_CODES: ReadonlySet<ErrorCode> = new Set(['workbook-unreachable', 'cell-editing']);

/** An Office.js failure, with Office's own `code` and `debugInfo` kept for support. */
export class WorkbookError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly officeCode?: string,
    readonly debugInfo?: unknown,
  ) {
    super(message);
    this.name = 'WorkbookError';
  }
}
