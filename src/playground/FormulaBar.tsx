/**
 * The playground's formula bar: type a LOTBOOK formula, see the answer as Excel would show it (a value, or the
 * spilled rows, or the error with its message), and see it change when the workbook does, as a streaming LOTBOOK
 * cell in Excel does. It evaluates with src/functions (the code behind the real custom functions) over the
 * in-browser workbook; general Excel formulas are not its job and are refused with a hint.
 */
import { Button, Caption1, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { CalculatorRegular } from '@fluentui/react-icons';
import { useEffect, useMemo, useState } from 'react';
import { serialToIsoDate } from '../domain/dates';
import { evaluate, type FnAnswer } from '../functions/evaluate';
import { parseLotbookFormula } from '../functions/formula';
import { createTableSource } from '../functions/source';
import type { IsoDate } from '../domain/types';
import type { PlaygroundEnv } from './seed';

const useStyles = makeStyles({
  bar: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`, borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end', flexWrap: 'wrap' },
  field: { flexGrow: 1, minWidth: 0 },
  input: { width: '100%', minWidth: 0, fontFamily: tokens.fontFamilyMonospace },
  answer: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, overflowX: 'auto', maxHeight: '30vh' },
  grid: { alignSelf: 'flex-start', borderCollapse: 'collapse', fontVariantNumeric: 'tabular-nums', fontSize: tokens.fontSizeBase200 },
  cell: { border: `1px solid ${tokens.colorNeutralStroke2}`, padding: `1px ${tokens.spacingHorizontalS}`, whiteSpace: 'nowrap' },
  number: { textAlign: 'right' },
  error: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  message: { color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
});

const EXAMPLE = '=LOTBOOK.FEFO("FG-ASH60", 100)';

/** The answer as Excel shows it in a cell formatted as Lotbook formats dates. */
function shownValue(v: unknown, isDate: boolean): string {
  if (v === '' || v === null || v === undefined) return '';
  if (isDate && typeof v === 'number') return serialToIsoDate(v) ?? String(v);
  return String(v);
}

type Shown = { readonly formula: string; readonly answer: FnAnswer | null; readonly parseError?: string };

export function FormulaBar({ env }: { env: PlaygroundEnv }) {
  const styles = useStyles();
  const [text, setText] = useState(EXAMPLE);
  const [formula, setFormula] = useState<string | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  // One source per workbook, told of every change the way Excel's table events tell the add-in.
  const source = useMemo(() => createTableSource(env.workbook), [env.workbook]);
  useEffect(() => env.fake.subscribe(() => source.changed()), [env.fake, source]);

  useEffect(() => {
    if (formula === null) return undefined;
    const parsed = parseLotbookFormula(formula);
    if (!parsed.ok) {
      setShown({ formula, answer: null, parseError: parsed.message });
      return undefined;
    }
    let live = true;
    let latest = 0;
    const answer = async () => {
      const mine = ++latest;
      let a: FnAnswer;
      try {
        a = evaluate(parsed.name, parsed.args, await source.read(), env.today as IsoDate);
      } catch (e) {
        a = { ok: false, error: 'N/A', message: `Lotbook could not read the workbook: ${e instanceof Error ? e.message : String(e)}` };
      }
      if (live && mine === latest) setShown({ formula, answer: a });
    };
    void answer();
    const stop = source.subscribe(() => void answer());
    return () => {
      live = false;
      stop();
    };
  }, [formula, source, env.today]);

  const answer = shown?.answer;
  const dates = new Set(answer?.ok ? (answer.dates ?? []) : []);
  return (
    <div className={styles.bar}>
      <form
        className={styles.row}
        onSubmit={(e) => {
          e.preventDefault();
          setFormula(text);
        }}
      >
        <Field className={styles.field} label="LOTBOOK formula" hint={'For example =LOTBOOK.ONHAND("RM-ASH") or =LOTBOOK.TRACE("RM-ASH", "ASH-2407-A")'}>
          <Input className={styles.input} value={text} onChange={(_, d) => setText(d.value)} spellCheck={false} autoComplete="off" />
        </Field>
        <Button type="submit" icon={<CalculatorRegular />}>
          Evaluate
        </Button>
      </form>
      {shown && (
        <div className={styles.answer} role="status" aria-label="Formula result">
          {shown.parseError !== undefined && <Caption1 className={styles.message}>{shown.parseError}</Caption1>}
          {answer && !answer.ok && (
            <>
              <span className={styles.error}>{answer.error === 'N/A' ? '#N/A' : '#VALUE!'}</span>
              <Caption1 className={styles.message}>{answer.message}</Caption1>
            </>
          )}
          {answer?.ok && !Array.isArray(answer.value) && <span data-answer="value">{shownValue(answer.value, dates.has(0))}</span>}
          {answer?.ok && Array.isArray(answer.value) && (
            <table className={styles.grid} aria-label="Spilled answer">
              <tbody>
                {answer.value.map((row, r) => (
                  <tr key={r}>
                    {row.map((v, c) => (
                      <td key={c} className={`${styles.cell} ${typeof v === 'number' && !dates.has(c) ? styles.number : ''}`}>
                        {shownValue(v, dates.has(c))}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </div>
  );
}
