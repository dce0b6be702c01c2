/**
 * Lot costs for accountants: choose a period, see the value totals and whether they reconcile, write the report
 * sheet (one row per lot with a drill-down of what made up produced lots' cost).
 *
 * The report id is made when a period is chosen, so writing twice (or retrying after a failure) makes one sheet.
 */
import { Button, Caption1, Caption1Strong, Card, CardHeader, Field, Input, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { CalculatorRegular, DocumentTableRegular } from '@fluentui/react-icons';
import { Fragment, useId, useState } from 'react';
import type { LotCostsRequest, LotCostsSummary } from '../../app/lot-costs';
import { isoDate, todayIso } from '../../domain/dates';
import { formatMoney } from '../../domain/fixed';
import { newId } from '../../domain/ids';
import type { Money } from '../../domain/types';
import { Notice, type NoticeMessage } from '../components/Notice';
import { Reading } from '../components/Reading';
import { cents, costsErrorTitle, describeError, officeDetails, plural, READING_WORDS } from '../messages';
import { useCommands, useNow, useServices } from '../services';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  // Two date fields side by side where they fit, stacked at 320 px (never squeezed to "mm/dd/yyy").
  pair: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 11rem), 1fr))', gap: tokens.spacingHorizontalS },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  totals: { display: 'grid', gridTemplateColumns: '1fr auto', rowGap: tokens.spacingVerticalXXS, columnGap: tokens.spacingHorizontalM, margin: 0 },
  amount: { textAlign: 'right', fontVariantNumeric: 'tabular-nums', margin: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
});

export function CostsPane() {
  const styles = useStyles();
  const { user, today: todayText } = useServices();
  const commands = useCommands();
  const now = useNow();
  const today = isoDate(todayText()) ?? todayIso();
  const [from, setFrom] = useState<string>(`${today.slice(0, 8)}01`);
  const [to, setTo] = useState<string>(today);
  const [reportId, setReportId] = useState(() => newId('C'));
  const [summary, setSummary] = useState<LotCostsSummary | null>(null);
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  const [busy, setBusy] = useState(false);
  const byReasonId = useId();

  const period = (which: 'from' | 'to', value: string) => {
    if (which === 'from') setFrom(value);
    else setTo(value);
    // Another period is another report.
    setReportId(newId('C'));
    setSummary(null);
    setNotice(null);
  };
  const request = (): LotCostsRequest => ({ from, to, id: reportId, user, now: now() });

  const run = async (write: boolean) => {
    setBusy(true);
    setNotice(null);
    try {
      const out = write ? await commands.writeLotCostsReport(request()) : await commands.previewLotCosts(request());
      if (!out.ok) {
        setSummary(null);
        setNotice({ intent: 'error', title: costsErrorTitle(out.code), text: out.message });
        return;
      }
      setSummary(out);
      if ('sheetName' in out) setNotice({ intent: 'success', title: 'Report written', text: `Sheet "${out.sheetName}" has ${plural(out.rows.length, 'lot')} and their drill-down.` });
      else if (out.valueCheck !== 0) setNotice({ intent: 'warning', title: 'Does not reconcile', text: `Opening + in - out differs from closing by ${formatMoney(out.valueCheck)}.` });
    } catch (e) {
      const details = officeDetails(e);
      setNotice({ intent: 'error', title: write ? 'Not written' : 'Cannot read the workbook', text: `${describeError(e)}${details ? ` (${details})` : ''}` });
    } finally {
      setBusy(false);
    }
  };

  const t = summary?.totals;
  const line = (label: string, m: number) => (
    <Fragment key={label}>
      <dt>{label}</dt>
      <dd className={styles.amount} title={`Exactly ${formatMoney(m as Money)}`}>
        {cents(m as Money)}
      </dd>
    </Fragment>
  );

  return (
    <div className={styles.stack}>
      <Card>
        <CardHeader header={<Subtitle2 as="h2">Lot costs</Subtitle2>} description={<Caption1>Opening, in, out and closing value per lot for a period, and what produced lots cost.</Caption1>} />
        <div className={styles.pair}>
          <Field label="From">
            <Input type="date" value={from} onChange={(_, d) => period('from', d.value)} />
          </Field>
          <Field label="To">
            <Input type="date" value={to} onChange={(_, d) => period('to', d.value)} />
          </Field>
        </div>
        <div className={styles.actions}>
          <Button icon={<CalculatorRegular />} onClick={() => void run(false)} disabled={busy}>
            Show totals
          </Button>
          <Button appearance="primary" icon={<DocumentTableRegular />} onClick={() => void run(true)} disabled={busy}>
            Write report sheet
          </Button>
        </div>
        {busy && <Reading label={READING_WORDS.costs} />}
        {notice && (
          <Notice intent={notice.intent} title={notice.title} live label="Costs result" role="region">
            {notice.text}
          </Notice>
        )}
      </Card>
      {summary && t && (
        <Card>
          <CardHeader header={<Subtitle2 as="h2">Totals</Subtitle2>} description={<Caption1>{`${plural(summary.rows.length, 'lot')}, ${summary.from} to ${summary.to}`}</Caption1>} />
          <dl className={styles.totals} aria-label="Value totals">
            {line('Opening value', t.opening.value)}
            {line('Received', t.received.value)}
            {line('Produced', t.produced.value)}
            {line('Returned', t.returned.value)}
            {line('Adjusted', t.adjusted.value + t.transferred.value)}
            {line('Consumed', t.consumed.value)}
            {line('Shipped (COGS)', t.shipped.value)}
            {line('Written off', t.destroyed.value)}
            {line('Closing value', t.closing.value)}
          </dl>
          {summary.byReason.length > 0 && (
            <>
              <Caption1Strong id={byReasonId}>Adjustments and write-offs by reason</Caption1Strong>
              {/* Labelled as the report sheet's lines under Adjusted value and Written off value. */}
              <dl className={styles.totals} aria-labelledby={byReasonId}>
                {summary.byReason.map((p) => line(`${p.figure === 'adjusted' ? 'Adjusted' : 'Written off'}, ${p.reason}`, p.value))}
              </dl>
            </>
          )}
          <Caption1 className={styles.muted}>Amounts to the cent; the report sheet keeps them exact, to 0.0001.</Caption1>
          <Caption1 role="status">{summary.valueCheck === 0 && summary.unreconciled.length === 0 ? 'Reconciles: opening + in - out = closing.' : `Does not reconcile: off by ${formatMoney(summary.valueCheck)}.`}</Caption1>
          {summary.issues.length > 0 && <Caption1>{`${plural(summary.issues.length, 'costing note')} (missing unit costs, unknown runs): see the report's Check line.`}</Caption1>}
        </Card>
      )}
    </div>
  );
}
