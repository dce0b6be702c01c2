import { Tab, TabList, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';
import { columnLetter } from '../domain/codec';
import { serialToIsoDate, serialToIsoDateTime } from '../domain/dates';
import { parseAddress } from '../excel/cells';
import type { FakeExcel } from '../office-fake/fake-excel';
import type { FakeSnapshot } from './useFakeWorkbook';

const useStyles = makeStyles({
  tabs: { borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, overflowX: 'auto', flexShrink: 0 },
  scroller: { overflow: 'auto', flexGrow: 1 },
  grid: { borderCollapse: 'collapse', fontSize: tokens.fontSizeBase200, fontVariantNumeric: 'tabular-nums' },
  th: { backgroundColor: tokens.colorNeutralBackground3, color: tokens.colorNeutralForeground3, fontWeight: tokens.fontWeightRegular, border: `1px solid ${tokens.colorNeutralStroke2}`, padding: '0 6px', position: 'sticky', top: 0 },
  rowHead: { backgroundColor: tokens.colorNeutralBackground3, color: tokens.colorNeutralForeground3, border: `1px solid ${tokens.colorNeutralStroke2}`, padding: '0 6px', textAlign: 'right' },
  td: { border: `1px solid ${tokens.colorNeutralStroke3}`, padding: '1px 6px', whiteSpace: 'nowrap', maxWidth: '240px', overflow: 'hidden', textOverflow: 'ellipsis' },
  number: { textAlign: 'right' },
  header: { fontWeight: tokens.fontWeightSemibold, backgroundColor: tokens.colorBrandBackground2 },
  hidden: { display: 'none' },
  selected: { outline: `2px solid ${tokens.colorBrandStroke1}`, outlineOffset: '-2px', backgroundColor: tokens.colorBrandBackground2Hover },
  empty: { padding: tokens.spacingHorizontalL, color: tokens.colorNeutralForeground3 },
});

const MAX_ROWS = 500;

export function displayCell(value: unknown, format: string): string {
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value !== 'number') return value === undefined || value === null ? '' : String(value);
  if (/y{2,4}/i.test(format)) return (/h/i.test(format) ? serialToIsoDateTime(value)?.replace('T', ' ') : serialToIsoDate(value)) ?? String(value);
  const decimals = /0\.(0*)(#*)/.exec(format);
  if (decimals) return value.toLocaleString('en-US', { minimumFractionDigits: decimals[1]!.length, maximumFractionDigits: decimals[1]!.length + decimals[2]!.length });
  return String(value);
}

/** The fake workbook drawn like Excel: sheet tabs, column letters, row numbers, table headers, the selection. */
export function WorkbookView({ fake, snapshot }: { fake: FakeExcel; snapshot: FakeSnapshot }) {
  const styles = useStyles();
  const sheets = useMemo(() => fake.sheetNames(), [fake, snapshot.version]); // eslint-disable-line react-hooks/exhaustive-deps
  const [sheet, setSheet] = useState<string | null>(snapshot.activeSheet ?? sheets[0] ?? null);
  useEffect(() => {
    if (snapshot.activeSheet) setSheet(snapshot.activeSheet);
  }, [snapshot.activeSheet, snapshot.selection]);
  const current = sheet && sheets.includes(sheet) ? sheet : (sheets[0] ?? null);
  const used = useMemo(() => (current ? fake.usedRange(current) : undefined), [fake, current, snapshot.version]); // eslint-disable-line react-hooks/exhaustive-deps
  const tables = useMemo(() => fake.tableNames().map((n) => fake.table(n)!).filter((t) => t.sheet === current), [fake, current, snapshot.version]); // eslint-disable-line react-hooks/exhaustive-deps

  const origin = used ? parseAddress(used.address) : null;
  const headerRows = new Set(tables.map((t) => parseAddress(t.address).row));
  const hidden = new Set(tables.flatMap((t) => t.hiddenRows.map((i) => parseAddress(t.address).row + 1 + i)));
  const sel = snapshot.selection && snapshot.selection.sheet === current ? parseAddress(snapshot.selection.address) : null;

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
      <div className={styles.scroller}>
        {!used || !origin ? (
          <div className={styles.empty}>This sheet is empty.</div>
        ) : (
          <table className={styles.grid} data-sheet={current ?? ''}>
            <thead>
              <tr>
                <th className={styles.th} />
                {used.values[0]?.map((_, c) => (
                  <th key={c} className={styles.th}>
                    {columnLetter(origin.column + c)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {used.values.slice(0, MAX_ROWS).map((row, r) => {
                const excelRow = origin.row + r;
                return (
                  <tr key={r} className={hidden.has(excelRow) ? styles.hidden : undefined} data-row={excelRow}>
                    <th className={styles.rowHead}>{excelRow}</th>
                    {row.map((v, c) => {
                      const col = origin.column + c;
                      const isSel = !!sel && excelRow >= sel.row && excelRow <= sel.endRow && col >= sel.column && col <= sel.endColumn;
                      return (
                        <td
                          key={c}
                          data-cell={`${columnLetter(col)}${excelRow}`}
                          data-selected={isSel || undefined}
                          className={mergeClasses(styles.td, typeof v === 'number' && styles.number, headerRows.has(excelRow) && styles.header, isSel && styles.selected)}
                        >
                          {displayCell(v, used.numberFormat[r]?.[c] ?? 'General')}
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {used && used.values.length > MAX_ROWS && <div className={styles.empty}>Showing the first {MAX_ROWS} of {used.values.length} rows.</div>}
      </div>
    </>
  );
}
