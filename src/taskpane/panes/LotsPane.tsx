/**
 * Lots, for the QA lead: lots waiting for a decision first, on hand from the ledger; release, hold or reject a
 * lot with a reason and a COA reference (each change goes to the Log with who and when); print GS1-128 labels;
 * import receipts from a CSV file.
 *
 * A decision's Log id is made when the QA lead opens it, so a confirm pressed twice or retried writes once.
 */
import {
  Badge,
  Button,
  Caption1,
  Card,
  CardHeader,
  Field,
  Input,
  Select,
  Subtitle2,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowClockwiseRegular, PrintRegular, SearchRegular } from '@fluentui/react-icons';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { filterLots, type LotRow, type LotsView, type QcDecision, type QcField, type StatusFilter } from '../../app/qc';
import { isoDate, todayIso } from '../../domain/dates';
import { formatQty } from '../../domain/fixed';
import { newId } from '../../domain/ids';
import type { EffectiveLotStatus, IsoDate } from '../../domain/types';
import { Confirm } from '../components/Confirm';
import { CodeText } from '../components/CodeText';
import { focusField } from '../components/focus-field';
import { LotLabelPrint } from '../components/LotLabelPrint';
import { Notice, type NoticeMessage } from '../components/Notice';
import { Reading } from '../components/Reading';
import { ReceiptCsvImport } from '../components/ReceiptCsvImport';
import { decisionDone, decisionVerb, describeError, LOTS_RULE_WORDS, lotStatusWord, officeDetails, plural, qcErrorTitle, READING_WORDS, rejectQuestion } from '../messages';
import { useCommands, useServices } from '../services';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  filters: { display: 'grid', gridTemplateColumns: 'minmax(0, 2fr) minmax(0, 3fr)', gap: tokens.spacingHorizontalS },
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, margin: 0, padding: 0, listStyleType: 'none' },
  lot: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalS,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  // At 320 px the badge goes under the name rather than out of the card.
  head: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  name: { fontWeight: tokens.fontWeightSemibold },
  // A lot code or SKU is never cut or wrapped inside (ASH-2409-B stays whole); lines break between them.
  code: { whiteSpace: 'nowrap' },
  facts: { display: 'grid', gridTemplateColumns: 'auto minmax(0, 1fr)', columnGap: tokens.spacingHorizontalS, margin: 0, fontSize: tokens.fontSizeBase200 },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, overflowWrap: 'anywhere' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, paddingTop: tokens.spacingVerticalXS },
});

const STATUS_FILTERS: ReadonlyArray<{ readonly value: StatusFilter; readonly label: string }> = [
  { value: 'quarantine', label: 'Quarantine' },
  { value: 'hold', label: 'On hold' },
  { value: 'released', label: 'Released' },
  { value: 'expired', label: 'Expired' },
  { value: 'recalled', label: 'Recalled' },
  { value: 'rejected', label: 'Rejected' },
  { value: 'all', label: 'All lots' },
];

const BADGE: Readonly<Record<EffectiveLotStatus, 'warning' | 'success' | 'danger' | 'informative' | 'severe'>> = {
  quarantine: 'warning',
  released: 'success',
  hold: 'severe',
  recalled: 'danger',
  rejected: 'danger',
  expired: 'informative',
};

interface Decision {
  readonly key: string;
  readonly to: QcDecision;
  readonly why: string;
  readonly coaRef: string;
  /** Made when the decision was opened: a retried confirm writes one Log row. */
  readonly logId: string;
}

interface DecisionNotice extends NoticeMessage {
  readonly key: string;
  /** The form field the message is about: shown at that field, not in a bar. */
  readonly field?: QcField;
}

const keyOf = (r: LotRow) => `${r.lot.sku}\u0000${r.lot.lot}`;

export function LotsPane() {
  const styles = useStyles();
  const { user, today: todayText } = useServices();
  const commands = useCommands();
  const today: IsoDate = isoDate(todayText()) ?? todayIso();
  const [view, setView] = useState<LotsView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [status, setStatus] = useState<StatusFilter>('quarantine');
  const [search, setSearch] = useState('');
  const [decision, setDecision] = useState<Decision | null>(null);
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<DecisionNotice | null>(null);
  const [labelFor, setLabelFor] = useState<string | null>(null);
  /** "Reject lot" pressed: the question is shown, nothing is written yet. */
  const [askingReject, setAskingReject] = useState(false);
  const whyRef = useRef<HTMLTextAreaElement>(null);
  const coaRef = useRef<HTMLInputElement>(null);

  const load = useCallback(async () => {
    try {
      setView(await commands.readLotsView(today));
      setLoadError(null);
    } catch (e) {
      setLoadError(describeError(e));
    }
  }, [commands, today]);

  useEffect(() => {
    void load();
  }, [load]);

  /** A field with the error that concerns it, marked invalid with its message beside it. */
  const fieldError = (key: string, field: QcField) =>
    notice && notice.key === key && notice.intent === 'error' && notice.field === field ? { validationState: 'error' as const, validationMessage: <CodeText text={notice.text} /> } : {};
  /** Typing into a field clears the error shown there: an old answer does not stay. */
  const edit = (d: Decision, patch: Partial<Pick<Decision, 'why' | 'coaRef'>>) => {
    setDecision({ ...d, ...patch });
    if (notice?.intent === 'error') setNotice(null);
  };

  const shown = useMemo(() => (view ? filterLots(view.rows, { status, search }) : []), [view, status, search]);

  const open = (r: LotRow, to: QcDecision) => {
    setNotice(null);
    setAskingReject(false);
    setDecision({ key: keyOf(r), to, why: '', coaRef: r.lot.coaRef, logId: newId('L') });
  };

  const confirm = async (r: LotRow) => {
    if (!decision) return;
    setSaving(true);
    setNotice(null);
    setAskingReject(false);
    const key = keyOf(r);
    try {
      const out = await commands.decideLot({ sku: r.lot.sku, lot: r.lot.lot, to: decision.to, why: decision.why, coaRef: decision.coaRef }, { user, logId: decision.logId });
      if (!out.ok) {
        setNotice({ key, intent: 'error', title: qcErrorTitle(out.code), text: out.message, field: out.field });
        // The error is at its field: take the person there (at 320 px it may be below the fold).
        if (out.field === 'why') focusField(whyRef.current);
        else if (out.field === 'coaRef') focusField(coaRef.current);
        return;
      }
      setNotice({
        key,
        intent: 'success',
        title: decisionDone(decision.to),
        text: out.alreadySaved
          ? `Lot ${r.lot.sku} / ${r.lot.lot} was already ${out.lot.status}; nothing was written twice.`
          : `Lot ${r.lot.sku} / ${r.lot.lot} went from ${out.from} to ${out.lot.status}${out.lot.coaRef ? ` (COA ${out.lot.coaRef})` : ''}; the Log has the change.`,
      });
      setDecision(null);
      await load();
    } catch (e) {
      const details = officeDetails(e);
      setNotice({ key, intent: 'error', title: 'Not saved', text: `${describeError(e)}${details ? ` (${details})` : ''} Nothing was written; you can confirm again.` });
    } finally {
      setSaving(false);
    }
  };

  /** Asks before a reject (it is final); the other decisions can be changed again. */
  const submit = (r: LotRow) => {
    if (decision?.to === 'rejected' && !askingReject) {
      setNotice(null);
      setAskingReject(true);
      return;
    }
    void confirm(r);
  };

  // Above the list: a released lot leaves the quarantine filter, and its result must still be seen. Errors are
  // shown in the lot's own form, next to the field or button they are about.
  const result = notice && notice.intent !== 'error' ? (
    <Notice intent={notice.intent} title={notice.title} label="Decision result" role="status">
      {notice.text}
    </Notice>
  ) : null;

  return (
    <div className={styles.stack}>
      <Card>
        <CardHeader
          header={<Subtitle2 as="h2">Lots</Subtitle2>}
          description={<Caption1>Release, hold or reject lots; every change goes to the Log.</Caption1>}
          action={<Button appearance="subtle" icon={<ArrowClockwiseRegular />} aria-label="Read the lots again" onClick={() => void load()} />}
        />
        <div className={styles.filters}>
          <Field label="Status">
            <Select value={status} onChange={(_, d) => setStatus(d.value as StatusFilter)}>
              {STATUS_FILTERS.map((f) => (
                <option key={f.value} value={f.value}>
                  {f.label}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Search">
            <Input contentBefore={<SearchRegular />} value={search} placeholder="Lot, SKU, supplier lot" onChange={(_, d) => setSearch(d.value)} />
          </Field>
        </div>
        {loadError && (
          <Notice intent="error" title="Cannot read the workbook">
            {loadError}
          </Notice>
        )}
        {view && view.problems.length > 0 && (
          <Caption1>{`${plural(view.problems.length, 'cell')} in Lots or Movements cannot be read; those rows are left out. See the Workbook pane.`}</Caption1>
        )}
        {result}
        {!view && !loadError && <Reading label={READING_WORDS.lots} />}
        {view && shown.length === 0 && <Caption1>No lots match.</Caption1>}
        <ul className={styles.list} aria-label="Lots list">
          {shown.map((r) => {
            const key = keyOf(r);
            const unit = r.product?.unit ?? '';
            const open_ = decision?.key === key ? decision : null;
            return (
              <li key={key} className={styles.lot} aria-label={`${r.lot.sku} ${r.lot.lot}`}>
                <div className={styles.head}>
                  <Text className={styles.name}>
                    <span className={styles.code}>{r.lot.sku}</span> · <span className={styles.code} data-lot-code>{r.lot.lot}</span>
                  </Text>
                  <Badge appearance="tint" color={BADGE[r.status]} aria-label="Lot status">
                    {lotStatusWord(r.status)}
                  </Badge>
                </div>
                <dl className={styles.facts}>
                  <dt className={styles.term}>Expiry</dt>
                  <dd className={styles.value}>{r.lot.expiry ?? '—'}</dd>
                  <dt className={styles.term}>On hand</dt>
                  <dd className={styles.value} aria-label="On hand">
                    {formatQty(r.onHand, r.product?.decimals ?? 3)} {unit}
                    {r.onHandDiffers ? ` (the sheet says ${formatQty(r.lot.onHand ?? r.onHand, r.product?.decimals ?? 3)})` : ''}
                  </dd>
                  <dt className={styles.term}>Supplier</dt>
                  <dd className={styles.value}>
                    {r.lot.supplier || '—'}
                    {r.lot.supplierLot ? ` · lot ${r.lot.supplierLot}` : ''}
                  </dd>
                  <dt className={styles.term}>COA</dt>
                  <dd className={styles.value}>{r.lot.coaRef || '—'}</dd>
                </dl>
                <div className={styles.actions}>
                  {r.decisions.map((d) => (
                    <Button key={d} size="small" appearance={open_?.to === d ? 'primary' : 'secondary'} onClick={() => open(r, d)} disabled={saving}>
                      {decisionVerb(d)}
                    </Button>
                  ))}
                  <Button size="small" icon={<PrintRegular />} onClick={() => setLabelFor(labelFor === key ? null : key)}>
                    Print label
                  </Button>
                </div>
                {open_ && (
                  <div className={styles.form} role="group" aria-label={`${decisionVerb(open_.to)} ${r.lot.lot}`}>
                    <Field label="Reason" hint="Kept in the Log with your name and the time." {...fieldError(key, 'why')}>
                      <Textarea ref={whyRef} value={open_.why} onChange={(_, d) => edit(open_, { why: d.value })} resize="vertical" />
                    </Field>
                    <Field label="COA reference" hint={open_.to === 'released' ? (view?.rules.releaseNeedsCoa ? LOTS_RULE_WORDS.coaNeeded : LOTS_RULE_WORDS.coaOptional) : undefined} {...fieldError(key, 'coaRef')}>
                      <Input ref={coaRef} value={open_.coaRef} onChange={(_, d) => edit(open_, { coaRef: d.value })} />
                    </Field>
                    <div className={styles.actions}>
                      <Button appearance="primary" disabled={saving || askingReject} onClick={() => submit(r)}>
                        {saving ? 'Saving…' : `${decisionVerb(open_.to)} lot`}
                      </Button>
                      <Button
                        disabled={saving}
                        onClick={() => {
                          setDecision(null);
                          setAskingReject(false);
                          setNotice(null);
                        }}
                      >
                        Cancel
                      </Button>
                    </div>
                    {askingReject && open_.to === 'rejected' && (
                      <Confirm
                        intent="error"
                        title={rejectQuestion(r.lot).title}
                        confirm={rejectQuestion(r.lot).confirm}
                        busy={saving}
                        onConfirm={() => void confirm(r)}
                        onCancel={() => setAskingReject(false)}
                      >
                        {rejectQuestion(r.lot).text}
                      </Confirm>
                    )}
                    {notice && notice.key === key && notice.intent === 'error' && !notice.field && (
                      <Notice intent="error" title={notice.title} label="Decision result" role="status">
                        {notice.text}
                      </Notice>
                    )}
                  </div>
                )}
                {labelFor === key && <LotLabelPrint lot={r.lot} product={r.product} onHand={r.onHand} stock={view?.rules.labelStock} />}
              </li>
            );
          })}
        </ul>
      </Card>

      <Card>
        <CardHeader header={<Subtitle2 as="h2">Import receipts (CSV)</Subtitle2>} description={<Caption1>Same rules as the Receive form; a file imported twice is written once.</Caption1>} />
        <ReceiptCsvImport today={today} onImported={() => void load()} />
      </Card>
    </div>
  );
}
