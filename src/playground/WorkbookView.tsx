import { Button, Input, Tab, TabList, Toolbar, ToolbarButton, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { ArrowSortDownRegular, ArrowSortUpRegular } from '@fluentui/react-icons';
import { useEffect, useMemo, useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import { columnLetter } from '../domain/codec';
import { serialToIsoDate, serialToIsoDateTime } from '../domain/dates';
import { parseAddress } from '../excel/cells';
import type { FakeExcel } from '../office-fake/fake-excel';
import type { FakeSnapshot } from './useFakeWorkbook';

const useStyles = makeStyles({
  tabs: { borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, overflowX: 'auto', flexShrink: 0 },
  bar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalS}`, borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, flexShrink: 0, flexWrap: 'wrap' },
  address: { minWidth: '4em', fontVariantNumeric: 'tabular-nums', color: tokens.colorNeutralForeground3 },
  formula: { flexGrow: 1, minWidth: '12em' },
  message: { color: tokens.colorPaletteRedForeground1, fontSize: tokens.fontSizeBase200 },
  scroller: { overflow: 'auto', flexGrow: 1, outline: 'none' },
  grid: { borderCollapse: 'collapse', fontSize: tokens.fontSizeBase200, fontVariantNumeric: 'tabular-nums' },
  th: { backgroundColor: tokens.colorNeutralBackground3, color: tokens.colorNeutralForeground3, fontWeight: tokens.fontWeightRegular, border: `1px solid ${tokens.colorNeutralStroke2}`, padding: '0 6px', position: 'sticky', top: 0 },
  rowHead: { backgroundColor: tokens.colorNeutralBackground3, color: tokens.colorNeutralForeground3, border: `1px solid ${tokens.colorNeutralStroke2}`, padding: '0 6px', textAlign: 'right' },
  td: { border: `1px solid ${tokens.colorNeutralStroke3}`, padding: '1px 6px', whiteSpace: 'nowrap', maxWidth: '240px', minWidth: '3em', overflow: 'hidden', textOverflow: 'ellipsis', cursor: 'cell', height: '1.4em' },
  number: { textAlign: 'right' },
  header: { fontWeight: tokens.fontWeightSemibold, backgroundColor: tokens.colorBrandBackground2 },
  inTable: { backgroundColor: tokens.colorNeutralBackground2 },
  hidden: { display: 'none' },
  selected: { outline: `2px solid ${tokens.colorBrandStroke1}`, outlineOffset: '-2px', backgroundColor: tokens.colorBrandBackground2Hover },
  editor: { width: '100%', minWidth: '8em', border: 'none', outline: 'none', font: 'inherit', padding: 0, backgroundColor: tokens.colorNeutralBackground1 },
});

const MAX_ROWS = 500;
/** Blank rows and columns drawn past the data, so that a person can type below a table or beside it. */
const SPARE_ROWS = 5;
const SPARE_COLUMNS = 2;
const MIN_ROWS = 20;
const MIN_COLUMNS = 8;

export function displayCell(value: unknown, format: string): string {
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value !== 'number') return value === undefined || value === null ? '' : String(value);
  if (/y{2,4}/i.test(format)) return (/h/i.test(format) ? serialToIsoDateTime(value)?.replace('T', ' ') : serialToIsoDate(value)) ?? String(value);
  const decimals = /0\.(0*)(#*)/.exec(format);
  if (decimals) return value.toLocaleString('en-US', { minimumFractionDigits: decimals[1]!.length, maximumFractionDigits: decimals[1]!.length + decimals[2]!.length });
  return String(value);
}

interface Cell {
  readonly row: number;
  readonly column: number;
}

const a1 = (c: Cell) => `${columnLetter(c.column)}${c.row}`;

/**
 * The fake workbook drawn like Excel: sheet tabs, column letters, row numbers, table headers, the selection. A person
 * can work in it as in Excel, through the fake's user actions: select a cell, type (double-click, Enter, F2 or just
 * start typing; or the formula bar), clear with Delete, paste a block, sort the table the selection is in. Typing
 * in the row under a table adds that row to the table, as Excel does.
 */
export function WorkbookView({ fake, snapshot }: { fake: FakeExcel; snapshot: FakeSnapshot }) {
  const styles = useStyles();
  const sheets = useMemo(() => fake.visibleSheetNames(), [fake, snapshot.version]); // eslint-disable-line react-hooks/exhaustive-deps
  const [sheet, setSheet] = useState<string | null>(snapshot.activeSheet ?? sheets[0] ?? null);
  useEffect(() => {
    if (snapshot.activeSheet) setSheet(snapshot.activeSheet);
  }, [snapshot.activeSheet, snapshot.selection]);
  const current = sheet && sheets.includes(sheet) ? sheet : (sheets[0] ?? null);
  const used = useMemo(() => (current ? fake.usedRange(current) : undefined), [fake, current, snapshot.version]); // eslint-disable-line react-hooks/exhaustive-deps
  const tables = useMemo(() => fake.tableNames().map((n) => ({ name: n, view: fake.table(n)! })).filter((t) => t.view.sheet === current), [fake, current, snapshot.version]); // eslint-disable-line react-hooks/exhaustive-deps

  const origin = used ? parseAddress(used.address) : null;
  const rowCount = Math.min(MAX_ROWS, Math.max(MIN_ROWS, (origin ? origin.row + used!.values.length - 1 : 0) + SPARE_ROWS));
  const columnCount = Math.max(MIN_COLUMNS, (origin ? origin.column + (used!.values[0]?.length ?? 0) : 0) + SPARE_COLUMNS);
  const tableRects = tables.map((t) => ({ ...t, rect: parseAddress(t.view.address) }));
  const headerRows = new Set(tableRects.map((t) => t.rect.row));
  const hidden = new Set(tableRects.flatMap((t) => t.view.hiddenRows.map((i) => t.rect.row + 1 + i)));
  const sel = snapshot.selection && snapshot.selection.sheet === current ? parseAddress(snapshot.selection.address) : null;
  const active: Cell | null = sel ? { row: sel.row, column: sel.column } : null;

  const valueAt = (row: number, column: number): { value: unknown; format: string } => {
    if (!used || !origin) return { value: '', format: 'General' };
    const r = row - origin.row;
    const c = column - origin.column;
    return { value: used.values[r]?.[c] ?? '', format: used.numberFormat[r]?.[c] ?? 'General' };
  };
  const tableAt = (c: Cell) => tableRects.find((t) => c.row >= t.rect.row && c.row <= t.rect.endRow && c.column >= t.rect.column && c.column <= t.rect.endColumn);

  // Editing: the text being typed into the active cell, or null.
  const [editing, setEditingState] = useState<string | null>(null);
  // Read by the handlers of the same render: an edit is committed once, whichever of Enter or a click comes first.
  const editingRef = useRef<string | null>(null);
  const setEditing = (text: string | null) => {
    editingRef.current = text;
    setEditingState(text);
  };
  const [formula, setFormula] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const activeText = active ? displayCell(valueAt(active.row, active.column).value, valueAt(active.row, active.column).format) : '';
  useEffect(() => {
    setFormula(activeText);
  }, [activeText, snapshot.selection]);

  // Every change goes through the fake's user actions, as a person's edit in Excel would.
  const act = (change: () => void) => {
    setMessage(null);
    try {
      change();
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };
  const select = (c: Cell) => {
    if (!current || c.row < 1 || c.column < 0) return;
    if (active && active.row === c.row && active.column === c.column) return;
    // Clicking another cell ends an edit by keeping it, as in Excel.
    if (editingRef.current !== null) commit(editingRef.current, null);
    act(() => fake.user.select(current, a1(c)));
  };
  const commit = (text: string, move: { row: number; column: number } | null) => {
    if (!current || !active) return;
    setEditing(null);
    act(() => fake.user.typeCell(current, a1(active), text));
    if (move) select({ row: active.row + move.row, column: active.column + move.column });
    gridRef.current?.focus();
  };

  const onGridKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!active || editing !== null) return;
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1], Tab: [0, e.shiftKey ? -1 : 1] };
    const move = moves[e.key];
    if (move) {
      e.preventDefault();
      select({ row: active.row + move[0], column: active.column + move[1] });
    } else if (e.key === 'Enter' || e.key === 'F2') {
      e.preventDefault();
      setEditing(activeText);
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      commit('', null);
    } else if ([...e.key].length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      setEditing(e.key);
    }
  };
  const onPaste = (e: ClipboardEvent<HTMLDivElement>) => {
    if (!current || !active || editing !== null) return;
    const text = e.clipboardData.getData('text/plain');
    if (text === '') return;
    e.preventDefault();
    const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
    act(() => fake.user.paste(current, a1(active), lines.map((l) => l.split('\t'))));
  };

  const activeTable = active ? tableAt(active) : undefined;
  const sort = (order: 'asc' | 'desc') => {
    if (!activeTable || !active) return;
    const header = activeTable.view.headers[active.column - activeTable.rect.column];
    if (header !== undefined) act(() => fake.user.sort(activeTable.name, header, order));
  };

  return (
    <>
      <div className={styles.tabs}>
        <TabList size="small" selectedValue={current ?? ''} onTabSelect={(_, d) => setSheet(String(d.value))} aria-label="Sheets">
          {sheets.map((s) => (
            <Tab key={s} value={s}>
              {s}
            </Tab>
          ))}
        </TabList>
      </div>
      <div className={styles.bar}>
        <span className={styles.address} aria-label="Name box">
          {active ? a1(active) : ''}
        </span>
        <Input
          className={styles.formula}
          size="small"
          aria-label="Formula bar"
          disabled={!active}
          value={formula}
          onChange={(_, d) => setFormula(d.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              commit(formula, { row: 1, column: 0 });
            } else if (e.key === 'Escape') setFormula(activeText);
          }}
        />
        <Toolbar size="small" aria-label="Sheet actions">
          <ToolbarButton icon={<ArrowSortUpRegular />} disabled={!activeTable} onClick={() => sort('asc')}>
            Sort A to Z
          </ToolbarButton>
          <ToolbarButton icon={<ArrowSortDownRegular />} disabled={!activeTable} onClick={() => sort('desc')}>
            Sort Z to A
          </ToolbarButton>
        </Toolbar>
        {message && (
          <span className={styles.message} role="alert">
            {message}{' '}
            <Button size="small" appearance="transparent" onClick={() => setMessage(null)}>
              OK
            </Button>
          </span>
        )}
      </div>
      <div ref={gridRef} className={styles.scroller} tabIndex={0} role="grid" aria-label={`Sheet ${current ?? ''}`} onKeyDown={onGridKey} onPaste={onPaste}>
        {!current ? (
          <div>This workbook has no sheets.</div>
        ) : (
          <table className={styles.grid} data-sheet={current} role="presentation">
            <thead>
              <tr>
                <th className={styles.th} />
                {Array.from({ length: columnCount }, (_, c) => (
                  <th key={c} className={styles.th}>
                    {columnLetter(c)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: rowCount }, (_, r) => {
                const excelRow = r + 1;
                return (
                  <tr key={r} className={hidden.has(excelRow) ? styles.hidden : undefined} data-row={excelRow}>
                    <th className={styles.rowHead}>{excelRow}</th>
                    {Array.from({ length: columnCount }, (_, col) => {
                      const cell = { row: excelRow, column: col };
                      const { value, format } = valueAt(excelRow, col);
                      const isSel = !!sel && excelRow >= sel.row && excelRow <= sel.endRow && col >= sel.column && col <= sel.endColumn;
                      const isActive = !!active && active.row === excelRow && active.column === col;
                      const table = tableAt(cell);
                      return (
                        <td
                          key={col}
                          data-cell={a1(cell)}
                          data-selected={isSel || undefined}
                          className={mergeClasses(styles.td, !!table && styles.inTable, typeof value === 'number' && styles.number, headerRows.has(excelRow) && !!table && styles.header, isSel && styles.selected)}
                          onMouseDown={() => select(cell)}
                          onDoubleClick={() => setEditing(displayCell(value, format))}
                        >
                          {isActive && editing !== null ? (
                            <input
                              className={styles.editor}
                              aria-label={`Edit cell ${a1(cell)}`}
                              autoFocus
                              value={editing}
                              onChange={(e) => setEditing(e.target.value)}
                              onKeyDown={(e) => {
                                e.stopPropagation();
                                if (e.key === 'Enter') {
                                  e.preventDefault();
                                  commit(editing, { row: 1, column: 0 });
                                } else if (e.key === 'Tab') {
                                  e.preventDefault();
                                  commit(editing, { row: 0, column: e.shiftKey ? -1 : 1 });
                                } else if (e.key === 'Escape') {
                                  setEditing(null);
                                  gridRef.current?.focus();
                                }
                              }}
                            />
                          ) : (
                            displayCell(value, format)
                          )}
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {used && origin && origin.row + used.values.length - 1 > MAX_ROWS && <div>Showing the first {MAX_ROWS} rows.</div>}
      </div>
    </>
  );
}
