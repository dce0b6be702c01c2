import {
  Body1,
  Button,
  Caption1,
  Card,
  CardHeader,
  ProgressBar,
  Spinner,
  Subtitle2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowSyncRegular, TableAddRegular } from '@fluentui/react-icons';
import { useCallback, useEffect, useState } from 'react';
import type { SetupProgress } from '../../app/ports';
import { type WorkbookHealth } from '../../app/workbook-health';
import { TABLE_NAMES } from '../../domain/schema';
import { MirrorStatus } from '../components/MirrorStatus';
import { Notice } from '../components/Notice';
import { PendingWrites } from '../components/PendingWrites';
import { ProblemsView } from '../components/ProblemsView';
import { describeError, officeDetails } from '../messages';
import { GettingStarted } from '../components/GettingStarted';
import { useNavigate } from '../navigation';
import { useCommands } from '../services';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  counts: { display: 'grid', gridTemplateColumns: '1fr auto', rowGap: tokens.spacingVerticalXXS, columnGap: tokens.spacingHorizontalM, margin: 0 },
  count: { textAlign: 'right', fontVariantNumeric: 'tabular-nums', margin: 0 },
});

const STEP_LABEL: Record<SetupProgress['step'], string> = {
  inspect: 'Looking at the workbook…',
  create: 'Creating tables and columns…',
  format: 'Formatting new columns…',
  done: 'Done',
};

export function WorkbookPane() {
  const styles = useStyles();
  const commands = useCommands();
  const navigate = useNavigate();
  const [health, setHealth] = useState<WorkbookHealth | null>(null);
  const [checking, setChecking] = useState(false);
  const [progress, setProgress] = useState<SetupProgress | null>(null);
  const [result, setResult] = useState<{ intent: 'success' | 'warning' | 'error'; lines: string[] } | null>(null);

  const check = useCallback(async () => {
    setChecking(true);
    try {
      setHealth(await commands.checkWorkbook());
    } catch (e) {
      setResult({ intent: 'error', lines: [describeError(e), ...(officeDetails(e) ? [officeDetails(e)!] : [])] });
    } finally {
      setChecking(false);
    }
  }, [commands]);

  useEffect(() => {
    void check();
  }, [check]);

  const setUp = async () => {
    setResult(null);
    setProgress({ step: 'inspect', done: 0, total: TABLE_NAMES.length });
    try {
      const outcome = await commands.setUpWorkbook(setProgress);
      // A column that may have been renamed is a question for the person: the set-up is not finished until answered.
      setResult({ intent: outcome.report.askedColumns?.length || outcome.report.skipped.length ? 'warning' : 'success', lines: [...outcome.summary] });
      await check();
    } catch (e) {
      setResult({ intent: 'error', lines: [describeError(e), ...(officeDetails(e) ? [officeDetails(e)!] : [])] });
    } finally {
      setProgress(null);
    }
  };

  return (
    <div className={styles.stack}>
      <Card>
        <CardHeader header={<Subtitle2 as="h2">Workbook</Subtitle2>} description={<Caption1>Lotbook keeps its data in tables you can read, filter and share.</Caption1>} />
        {health?.state === 'needs-setup' && (
          <Notice intent="warning" title="Not set up yet">
            {health.message}
          </Notice>
        )}
        <div className={styles.actions}>
          <Button appearance="primary" icon={<TableAddRegular />} onClick={setUp} disabled={progress !== null}>
            Set up workbook
          </Button>
          <Button icon={<ArrowSyncRegular />} onClick={() => void check()} disabled={checking || progress !== null}>
            Check again
          </Button>
        </div>
        {progress && (
          <div role="status" aria-live="polite">
            <ProgressBar value={progress.total ? progress.done / progress.total : undefined} thickness="large" />
            <Caption1>{STEP_LABEL[progress.step]}</Caption1>
          </div>
        )}
        {result && (
          <Notice intent={result.intent} title={result.intent === 'success' ? 'Workbook set up' : result.intent === 'warning' ? 'Set up, with a question' : 'Could not finish'} live>
            {result.lines.map((l) => (
              <div key={l}>{l}</div>
            ))}
          </Notice>
        )}
      </Card>

      {health && (
        <GettingStarted
          setUp={health.state === 'ready'}
          hasProducts={health.state === 'ready' && health.counts.Products > 0}
          hasLots={health.state === 'ready' && health.counts.Lots > 0}
          onAddProduct={() => navigate('products')}
          onReceive={() => navigate('receive')}
        />
      )}
      {checking && !health && <Spinner size="small" label="Reading the workbook…" />}

      {health?.state === 'ready' && (
        <Card>
          <CardHeader header={<Subtitle2 as="h2">Tables</Subtitle2>} />
          <dl className={styles.counts} aria-label="Rows per table">
            {TABLE_NAMES.map((n) => (
              <div key={n} style={{ display: 'contents' }}>
                <dt>
                  <Body1>{n}</Body1>
                </dt>
                <dd className={styles.count} data-table={n}>
                  <Body1>{health.counts[n].toLocaleString()}</Body1>
                </dd>
              </div>
            ))}
          </dl>
        </Card>
      )}

      {health?.state === 'ready' && <ProblemsView problems={health.problems} onSelect={(address) => commands.select(address)} />}

      {commands.pending && <PendingWrites pending={commands.pending} />}
      {commands.cache && <MirrorStatus cache={commands.cache} />}
    </div>
  );
}
