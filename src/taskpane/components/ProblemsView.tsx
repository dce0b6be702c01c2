import { Badge, Caption1, Card, CardHeader, Link, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import type { TableProblem } from '../../domain/codec';
import { describeError } from '../messages';
import { Notice } from './Notice';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  item: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, paddingBottom: tokens.spacingVerticalS, borderBottom: `1px solid ${tokens.colorNeutralStroke3}` },
  sheet: { margin: `${tokens.spacingVerticalS} 0 0 0` },
});

const SHOWN = 200;

/** Every bad cell, grouped by sheet; clicking one selects it in Excel so that the user can fix it. */
export function ProblemsView({ problems, onSelect, description = 'Rows with a problem are left out until they are fixed. Click a cell to go to it.' }: { problems: readonly TableProblem[]; onSelect: (address: string) => Promise<void>; description?: string }) {
  const styles = useStyles();
  const [error, setError] = useState<string | null>(null);
  const bySheet = useMemo(() => {
    const m = new Map<string, TableProblem[]>();
    for (const p of problems.slice(0, SHOWN)) m.set(p.sheet, [...(m.get(p.sheet) ?? []), p]);
    return m;
  }, [problems]);

  if (problems.length === 0) {
    return (
      <Notice intent="success">No problems: every row of every table reads cleanly.</Notice>
    );
  }
  return (
    <Card aria-label="Problems">
      <CardHeader
        header={
          <Subtitle2 as="h2">
            Problems <Badge appearance="filled" color="danger">{problems.length}</Badge>
          </Subtitle2>
        }
        description={<Caption1>{description}</Caption1>}
      />
      {error && (
        <Notice intent="error">{error}</Notice>
      )}
      {[...bySheet].map(([sheet, list]) => (
        <section key={sheet}>
          <Subtitle2 as="h3" className={styles.sheet}>
            {sheet}
          </Subtitle2>
          <ul className={styles.list}>
            {list.map((p) => (
              <li key={`${p.address}|${p.code}`} className={styles.item} data-problem={p.code}>
                <Link
                  onClick={() => {
                    setError(null);
                    onSelect(p.address).catch((e: unknown) => setError(describeError(e)));
                  }}
                >
                  {p.address.split('!').pop()} · row {p.row} · {p.column}
                </Link>
                <Caption1>{p.message}</Caption1>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {problems.length > SHOWN && <Caption1>…and {problems.length - SHOWN} more. Fix these first, then check again.</Caption1>}
    </Card>
  );
}
