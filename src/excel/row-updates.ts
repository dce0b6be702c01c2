/**
 * Updates land on the row that holds the key, even when a person or a colleague sorts the table between Lotbook's
 * read and its write (DESIGN.md, "Updates find their row by key in the same batch as the write").
 *
 * - Where one of the row's key cells holds text that no other row's cell in that column holds (a SKU in Products, a
 *   lot code in Lots, almost always), the row is found by `Range.find` (ExcelApi 1.9) in the very batch that writes
 *   it: nothing can move it between finding and writing, so another row is never written.
 * - Otherwise (a key such as order + line, where neither part is unique by itself; numbers; text with the Find
 *   box's wildcards `*`, `?`, `~`), the row's position from the fresh read is used.
 *
 * Either way the same batch reads the row as it was just before the write (commands run in order), so the adapter
 * knows afterwards whose row it wrote. Where that is not the row it meant (the table was sorted in the meantime),
 * it puts the old values back, reads the table again and writes again, up to three times; then it says so. So under
 * the fallback another row can hold wrong values for one round trip, never longer.
 *
 * The same batch also reads each row again after its writes, through a new range object, so that the response holds
 * the row as Excel has it then (`readBacks`): the table memory (table-memory.ts) confirms it by its block's stamp in
 * the next read instead of fetching the block. Rows of a table that had to be put back are not kept.
 */
import { WorkbookError } from '../app/ports';
import { keyText } from '../domain/keys';
import type { TableName } from '../domain/types';
import { estimateJsonBytes, sameHeaders, textCell, valueBytes } from './cells';
import { inChunks } from './chunks';
import { officeCode } from './errors';
import type { CellValue, XlRange, XlRequestContext, XlTable } from './office-subset';
import type { ReadBacks } from './table-memory';
import { atRisk, textFormattedCell, type TextCellChecks, type TextCellLearning } from './text-cells';

export interface RowUpdate {
  /** The row's key cells as key text (keys.ts), by column index in the table's headers. */
  readonly key: ReadonlyArray<{ readonly col: number; readonly text: string }>;
  /** The row's key as a person reads it, for messages. */
  readonly label: string;
  readonly cells: ReadonlyArray<{ readonly col: number; readonly value: CellValue; readonly text: boolean }>;
}

export interface TableUpdates {
  readonly name: TableName;
  readonly table: XlTable;
  /** The table's headers as read: the cells are written by their position under these. */
  readonly headers: readonly string[];
  /** Columns in the table (as read). */
  readonly width: number;
  readonly rows: readonly RowUpdate[];
}

/** The body of a table as a fresh read saw it. */
export type FreshBody = readonly (readonly unknown[])[];

interface Anchor {
  /** Column of the key cell the row is found by. */
  readonly col: number;
  /** Text to find in that column; absent: use `r`. */
  readonly find?: string;
  /** Body row in the fresh read. */
  readonly r: number;
}

interface Job {
  readonly t: TableUpdates;
  readonly row: RowUpdate;
  readonly anchor: Anchor;
  /** How the fresh read this job was planned from finds the row with these key texts. */
  readonly locate: (keyTexts: readonly string[]) => Anchor | undefined;
  /** Bytes of the request and of the response (the row before, as values and formulas, and after), whichever is more. */
  readonly bytes: number;
  range?: XlRange;
  before?: XlRange;
  /** The row read again after the writes. */
  after?: XlRange;
  written?: XlRange[];
}

const ATTEMPTS = 3;

/** The characters Excel's Find treats as wildcards or their escape: a key holding one is found by position. */
const WILDCARDS = /[*?~]/;

/**
 * Text `Range.find` finds as it is under every reading of what is undocumented: no wildcards, no outer spaces
 * (whether a complete match trims them is not documented), not text an "@" cell may store differently (text-cells.ts).
 */
export function findable(v: string): boolean {
  return v !== '' && v === v.trim() && !WILDCARDS.test(v) && !atRisk(v);
}

/**
 * A column was inserted, deleted or moved between the read and the write: what was written was put back, and the
 * batch can be written again on a fresh read (excel-workbook.ts's transact does so once).
 */
export class ColumnsMoved extends WorkbookError {
  constructor(names: readonly TableName[]) {
    super('table-changed', `A column of ${names.join(', ')} was inserted, deleted or moved while Lotbook was updating it; what Lotbook had written there was put back. Try again: Lotbook reads the table afresh.`);
  }
}

export async function writeRowUpdates(
  context: XlRequestContext,
  tables: readonly TableUpdates[],
  fresh: ReadonlyMap<TableName, FreshBody>,
  options: {
    readonly budget: number;
    readonly learned: TextCellLearning;
    readonly checks: TextCellChecks;
    /** A fresh read of the bodies of these tables. */
    readonly reread: (names: readonly TableName[]) => Promise<ReadonlyMap<TableName, FreshBody>>;
    /** Where the rows read back after their writes go (by their body index in the fresh read). */
    readonly readBacks?: ReadBacks;
  },
): Promise<void> {
  const { budget, learned, checks } = options;
  let bodies = fresh;
  let pending = tables.filter((t) => t.rows.length > 0);
  for (let attempt = 1; pending.length > 0; attempt++) {
    const jobs = pending.flatMap((t) => plan(t, bodies.get(t.name) ?? []));
    let sent: Job[] = [];
    const wrong: Job[] = [];
    // Each request also reads the headers of the tables it writes, before the writes: cells are written by their
    // position under the headers as read, and a column moved meanwhile is found here and its cells put back.
    let headersNow = new Map<TableName, XlRange>();
    const moved = new Set<TableName>();
    try {
      await inChunks(
        context,
        jobs,
        budget,
        (j) => j.bytes,
        (j) => {
          if (!headersNow.has(j.t.name)) headersNow.set(j.t.name, j.t.table.getHeaderRowRange().load('values'));
          queue(j, learned, checks);
          sent.push(j);
        },
        () => {
          checks.sent();
          for (const [name, range] of headersNow) {
            const t = pending.find((x) => x.name === name)!;
            const now = (range.values[0] ?? []).map(String);
            if (!sameHeaders(now, t.headers)) moved.add(name);
          }
          headersNow = new Map();
          for (const j of sent) {
            if (moved.has(j.t.name) || !holdsKey(j)) wrong.push(j);
            else options.readBacks?.add(j.t.name, j.anchor.r, j.after!.values[0] ?? []);
          }
          sent = [];
        },
        {
          split: () => undefined,
          refused: () => {
            checks.dropUnsent();
            sent = [];
            headersNow = new Map();
            // A small append may have been carried in the refused request: nothing read back is kept.
            options.readBacks?.spoil();
          },
        },
      );
    } catch (e) {
      const at = (e as { debugInfo?: { errorLocation?: unknown } }).debugInfo?.errorLocation;
      if (officeCode(e) !== 'ItemNotFound' || (typeof at === 'string' && !/find/i.test(at))) throw e;
      // A key found in the read is gone from the table now: deleted, or retyped, since.
      throw new WorkbookError('table-missing', `A row Lotbook was updating in ${pending.map((t) => t.name).join(', ')} was deleted, or its key changed, while Lotbook was writing. Try again: Lotbook finds every row afresh and writes nothing twice.`, 'ItemNotFound', (e as { debugInfo?: unknown }).debugInfo);
    }
    if (wrong.length === 0) return;

    // The table was sorted between the read and the write: put back what was in the rows written by mistake. What
    // was read back of these tables may sit at other places now: their blocks are read whole next time.
    options.readBacks?.spoil(wrong.map((j) => j.t.name));
    checks.forget(new Set(wrong.flatMap((j) => j.written ?? [])));
    const restored = wrong.map((j) => ({ j, landed: restore(j, learned) }));
    // Only after a sort came between read and write, at most ATTEMPTS times.
    // eslint-disable-next-line office-addins/no-context-sync-in-loop
    await context.sync();
    const names = [...new Set(wrong.map((j) => j.t.name))];
    const astray = restored.filter((x) => !x.landed());
    if (moved.size && !astray.length) throw new ColumnsMoved([...moved]);
    if (astray.length) {
      // Sorted again before the put-back: say which rows to look at rather than guess once more.
      throw new WorkbookError('table-changed', `${names.join(', ')} was sorted twice while Lotbook was updating it. Check these rows by hand, their values may belong to other rows: ${astray.map((x) => x.j.row.key.map((k) => String(x.j.before!.values[0]?.[k.col] ?? '')).join(' / ')).join('; ')}. Then try again.`);
    }
    if (attempt >= ATTEMPTS) {
      throw new WorkbookError('table-changed', `${names.join(', ')} kept being sorted or changed while Lotbook was updating ${names.length > 1 ? 'them' : 'it'}, so ${wrong.length === 1 ? 'one row was' : `${wrong.length} rows were`} not updated (${wrong.slice(0, 3).map((j) => j.row.label).join('; ')}); nothing was left in the wrong rows. Try again when nobody is sorting ${names.join(', ')}.`);
    }
    bodies = await options.reread(names);
    // Every row of those tables again, not only the ones written astray: a row found by its key in the same batch
    // may be the very row a put-back has just written over. Writing a row twice with the same values is harmless.
    pending = pending.filter((t) => names.includes(t.name));
  }
}

/** How rows of one fresh read are found: by a key cell no other row shares, else by their position. */
function finder(body: FreshBody): (keyCols: readonly number[], r: number) => Anchor {
  // How many cells of a key column hold each text, compared as Find compares them here (any case).
  const counts = new Map<number, Map<string, number>>();
  const countOf = (col: number, text: string) => {
    let m = counts.get(col);
    if (!m) {
      m = new Map();
      for (const cells of body) {
        const s = String(cells[col] ?? '').toLowerCase();
        m.set(s, (m.get(s) ?? 0) + 1);
      }
      counts.set(col, m);
    }
    return m.get(text.toLowerCase()) ?? 0;
  };
  return (keyCols, r) => {
    const col = keyCols.find((c) => {
      const v = body[r]?.[c];
      return typeof v === 'string' && findable(v) && countOf(c, v) === 1;
    });
    return col !== undefined ? { col, find: body[r]![col] as string, r } : { col: keyCols[0]!, r };
  };
}

function plan(t: TableUpdates, body: FreshBody): Job[] {
  const keyCols = t.rows[0]?.key.map((k) => k.col) ?? [];
  const at = new Map<string, number>();
  body.forEach((cells, r) => {
    const k = keyCols.map((c) => keyText(cells[c])).join('\u0000');
    if (!at.has(k)) at.set(k, r);
  });
  const anchorOf = finder(body);
  const locate = (texts: readonly string[]) => {
    const r = at.get(texts.join('\u0000'));
    return r === undefined ? undefined : anchorOf(keyCols, r);
  };
  return t.rows.map((row) => {
    const anchor = locate(row.key.map((k) => k.text));
    if (anchor === undefined) {
      throw new WorkbookError('table-missing', `${t.name} has no row for ${row.label} any more (deleted or renamed in Excel?). Nothing more was written.`);
    }
    const request = 400 + (anchor.find?.length ?? 0) + row.cells.reduce((sum, c) => sum + valueBytes(c.value) + 250, 0);
    const response = 3 * estimateJsonBytes([body[anchor.r] ?? []]) + 100;
    return { t, row, anchor, locate, bytes: Math.max(request, response) };
  });
}

/** A row's range in this batch: found by its key cell, or at its position. */
function rowRange(j: Job, a: Anchor = j.anchor): XlRange {
  const body = j.t.table.getDataBodyRange();
  const cell = a.find !== undefined ? body.getColumn(a.col).find(a.find, { completeMatch: true, matchCase: false }) : body.getCell(a.r, a.col);
  return cell.getOffsetRange(0, -a.col).getAbsoluteResizedRange(1, j.t.width);
}

function queue(j: Job, learned: TextCellLearning, checks: TextCellChecks): void {
  const range = rowRange(j);
  j.range = range;
  // Read before the writes, in the same batch: the row as it was when Lotbook wrote into it.
  j.before = range.load('values, formulas');
  j.written = j.row.cells.map((cell) => {
    const target = range.getCell(0, cell.col);
    const text = cell.text && typeof cell.value === 'string' ? cell.value : undefined;
    target.values = [[text !== undefined ? textFormattedCell(text, learned) : cell.value]];
    if (text !== undefined) {
      // A repair in a later round trip finds the row again where it can (a sort may come in between).
      const again = j.anchor.find !== undefined ? () => rowRange(j).getCell(0, cell.col) : undefined;
      checks.watch(target, 1, 1, () => text, again);
    }
    return target;
  });
  // A new range object, so that these are the values after the writes whatever Office.js makes of two loads of one
  // object in one batch.
  j.after = range.getOffsetRange(0, 0).load('values');
}

function holdsKey(j: Job): boolean {
  const row = j.before!.values[0] ?? [];
  return j.row.key.every((k) => keyText(row[k.col]) === k.text);
}

/**
 * Puts back the cells written into another row, as the read before the write saw them. That row is found by its own
 * unique key cell where it has one (so a second sort cannot move it), else at the place written, checked in the same
 * batch. Returns how to tell afterwards whether a put-back by position landed where it should.
 */
function restore(j: Job, learned: TextCellLearning): () => boolean {
  const values = j.before!.values[0] ?? [];
  const formulas = j.before!.formulas[0] ?? [];
  const keyCols = j.row.key.map((k) => k.col);
  const victim = keyCols.map((c) => keyText(values[c]));
  // The row written by mistake, found by its own key where a cell of it is unique.
  const a = j.locate(victim);
  const byKey = a?.find !== undefined;
  const range = byKey ? rowRange(j, a) : j.range!;
  const check = byKey ? undefined : range.load('values');
  j.row.cells.forEach((cell) => {
    const target = range.getCell(0, cell.col);
    const value = values[cell.col] as CellValue;
    const formula = formulas[cell.col];
    if (typeof formula === 'string' && formula.startsWith('=') && formula !== value) target.formulas = [[formula]];
    else target.values = [[typeof value === 'string' ? (cell.text ? textFormattedCell(value, learned) : textCell(value)) : value]];
  });
  return () => !check || keyCols.every((c, i) => keyText(check.values[0]?.[c]) === victim[i]);
}
