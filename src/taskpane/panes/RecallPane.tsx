/**
 * Recall: a QA lead types or scans a suspect lot, sees every lot made from it (or that went into it) as a picture,
 * who received them and whether every unit is accounted for; then writes the customer report sheet and puts the
 * affected lots on hold or recalled.
 *
 * The report and the status change trace again on a fresh read (see app/recall.ts). Their ids are made when a
 * trace is shown, so pressing a button twice, or again after a failure, writes once.
 */
import {
  Button,
  Caption1,
  Card,
  CardHeader,
  Field,
  Input,
  ProgressBar,
  Select,
  Spinner,
  Subtitle2,
  Switch,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownloadRegular, CopyRegular, DocumentTableRegular, HandRightRegular, SearchRegular, TableSimpleRegular, WarningRegular } from '@fluentui/react-icons';
import { useEffect, useRef, useState } from 'react';
import { RECALL_CLASSES, RECALL_CLASS_MEANING, describeBalance, layoutGenealogy, previewHold, type HoldTarget, type LotStatusOutcome, type RecallClass, type RecallDirection, type RecallLotRef, type RecallStep, type RecallTrace, type StartCandidate, type TracedLot } from '../../app/recall';
import { customerCsv, customerTsv } from '../../app/recall-exports';
import { nowIsoDateTime } from '../../domain/dates';
import { newId } from '../../domain/ids';
import type { IsoDate, IsoDateTime } from '../../domain/types';
import { GS_SYMBOL } from '../components/scan-feedback';
import { CodeText } from '../components/CodeText';
import { Confirm } from '../components/Confirm';
import { focusField } from '../components/focus-field';
import { Notice, type NoticeMessage } from '../components/Notice';
import { useWedgeField } from '../components/useWedgeField';
import { describeError, holdQuestion, officeDetails, plural, recallErrorTitle, recallStepWords } from '../messages';
import { useCommands, useServices } from '../services';
import { usePaneRequestFor } from '../navigation';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  fields: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  plain: { margin: 0, padding: 0, listStyleType: 'none', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  item: { display: 'flex', flexDirection: 'column', gap: '2px', paddingBottom: tokens.spacingVerticalXS, borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  muted: { color: tokens.colorNeutralForeground3 },
  flag: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  // Lot codes wrap between words, never inside a code (ASH-2409-B stays whole on its line).
  code: { whiteSpace: 'nowrap' },
  // The picture shrinks to the pane's width, so no lot hides behind a sideways scroll; the list below it has every
  // code whole in text.
  svg: { display: 'block', maxWidth: '100%', height: 'auto' },
  picture: { maxHeight: '380px', overflowY: 'auto', overflowX: 'hidden', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, padding: tokens.spacingHorizontalXS, backgroundColor: tokens.colorNeutralBackground2 },
  legend: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  swatch: { display: 'inline-block', width: '10px', height: '10px', marginRight: '4px', borderRadius: '2px', verticalAlign: 'middle' },
});

// Short options that fit a 320 px pane; what the chosen one means is the hint under it.
const DIRECTIONS: ReadonlyArray<readonly [RecallDirection, string, string]> = [
  ['forward', 'Forward', 'What was made from it, and who got it.'],
  ['backward', 'Backward', 'What it was made from.'],
  ['both', 'Both ways', 'What it was made from, what was made from it, and who got it.'],
];

const ROLE_FILL = { start: tokens.colorPaletteRedBackground2, forward: tokens.colorPaletteMarigoldBackground2, backward: tokens.colorPaletteBlueBackground2 } as const;
const ROLE_STROKE = { start: tokens.colorPaletteRedBorder2, forward: tokens.colorPaletteMarigoldBorder2, backward: tokens.colorPaletteBlueBorderActive } as const;

interface RecallNotice extends NoticeMessage {
  readonly details?: readonly string[];
  /** Shown at the query field rather than in a bar. */
  readonly field?: 'query';
}

/** What the buttons below a trace act on; ids made when the trace is shown (one report, one Log entry per lot). */
interface Shown {
  readonly trace: RecallTrace;
  readonly reportId: string;
  readonly operationIds: Readonly<Record<HoldTarget, string>>;
  readonly fsmaId: string;
  /** When the user pressed Trace: a mock recall's report says how long the whole drill took from there. */
  readonly startedAt: IsoDateTime;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const lotName = (r: RecallLotRef) => `${r.sku} / ${r.lot}`;

/** Now on the user's calendar day (services.today is fixed in the playground and in tests), at the clock's time. */
const nowOn = (today: string): IsoDateTime => `${today}${nowIsoDateTime().slice(10)}` as IsoDateTime;

function failure(e: unknown, what: string): RecallNotice {
  const details = officeDetails(e);
  return { intent: 'error', title: `${what} failed`, text: `${describeError(e)}${details ? ` (${details})` : ''} Nothing was written; you can try again.` };
}

/** The genealogy as boxes by depth (inputs above, outputs below) and lines for the runs between them. */
function GenealogyPicture({ trace }: { trace: RecallTrace }) {
  const styles = useStyles();
  const layout = layoutGenealogy(trace);
  const pad = 6;
  const { width: bw, height: bh } = layout.box;
  const statusText = (l: TracedLot) => (l.status ? l.status : 'not in Lots');
  return (
    <div className={styles.picture}>
      <svg
        role="img"
        aria-label="Genealogy of the affected lots"
        className={styles.svg}
        width={layout.width + 2 * pad}
        height={layout.height + 2 * pad}
        viewBox={`${-pad} ${-pad} ${layout.width + 2 * pad} ${layout.height + 2 * pad}`}
        style={{ fontFamily: tokens.fontFamilyBase }}
      >
        {layout.edges.map((e) => {
          const x1 = e.from.x + bw / 2;
          const y1 = e.from.y + bh;
          const x2 = e.to.x + bw / 2;
          const y2 = e.to.y;
          const midY = (y1 + y2) / 2;
          return (
            <g key={`${e.from.key}>${e.to.key}`}>
              <title>{`${lotName(e.from.lot)} went into ${lotName(e.to.lot)} (run ${e.runs.join(', ')})`}</title>
              <path d={`M${x1},${y1} C${x1},${midY} ${x2},${midY} ${x2},${y2}`} fill="none" style={{ stroke: tokens.colorNeutralStroke1 }} strokeWidth={1.5} />
              <text x={(x1 + x2) / 2 + 3} y={midY + 3} fontSize={9} style={{ fill: tokens.colorNeutralForeground3 }}>
                {clip(e.runs.join(', '), 16)}
              </text>
            </g>
          );
        })}
        {layout.nodes.map((n) => (
          <g key={n.key} transform={`translate(${n.x},${n.y})`} data-lot={n.lot.lot}>
            <title>{`${lotName(n.lot)}${n.lot.description ? `: ${n.lot.description}` : ''} (${statusText(n.lot)})`}</title>
            <rect width={bw} height={bh} rx={4} style={{ fill: ROLE_FILL[n.lot.direction], stroke: ROLE_STROKE[n.lot.direction] }} strokeWidth={n.lot.direction === 'start' ? 2 : 1} />
            <text x={6} y={14} fontSize={11} fontWeight={600} style={{ fill: tokens.colorNeutralForeground1 }}>
              {clip(n.lot.lot, 20)}
            </text>
            <text x={6} y={27} fontSize={10} style={{ fill: tokens.colorNeutralForeground2 }}>
              {clip(n.lot.sku, 21)}
            </text>
            <text x={6} y={39} fontSize={9} style={{ fill: tokens.colorNeutralForeground3 }}>
              {statusText(n.lot)}
            </text>
          </g>
        ))}
      </svg>
    </div>
  );
}

export function RecallPane() {
  const styles = useStyles();
  const { user, today } = useServices();
  const commands = useCommands();
  const [direction, setDirection] = useState<RecallDirection>('forward');
  const [step, setStep] = useState<RecallStep | null>(null);
  const [candidates, setCandidates] = useState<readonly StartCandidate[] | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  const [notice, setNotice] = useState<RecallNotice | null>(null);
  const [reason, setReason] = useState('');
  const [recallClass, setRecallClass] = useState<RecallClass>('II');
  const [reportNotice, setReportNotice] = useState<RecallNotice | null>(null);
  const [holdReason, setHoldReason] = useState('');
  const [holdNotice, setHoldNotice] = useState<RecallNotice | null>(null);
  const [drill, setDrill] = useState(false);
  const [exportNotice, setExportNotice] = useState<RecallNotice | null>(null);
  /** "Put lots on hold" or "Recall lots" pressed: the question is shown, nothing is written yet. */
  const [asking, setAsking] = useState<HoldTarget | null>(null);
  const busy = step !== null;

  const show = (trace: RecallTrace, startedAt: IsoDateTime) => {
    setShown({ trace, reportId: newId('RCL'), operationIds: { hold: newId('L'), recalled: newId('L') }, fsmaId: newId('FSMA'), startedAt });
  };

  const trace = async (input: { query?: string; starts?: readonly RecallLotRef[] }) => {
    // A new trace replaces the old answer at once: a failed one must not leave the previous lot's tree, customers,
    // report and hold buttons live below its error.
    setNotice(null);
    setCandidates(null);
    setShown(null);
    setAsking(null);
    setReportNotice(null);
    setHoldNotice(null);
    setExportNotice(null);
    setStep('reading');
    const startedAt = nowOn(today());
    try {
      const r = await commands.runRecall({ ...input, direction }, { today: today(), onProgress: setStep });
      if (!r.ok) {
        setNotice({ intent: 'error', title: recallErrorTitle(r.code), text: r.message, field: r.field });
        if (r.field === 'query') focusField(queryField.ref.current);
        return;
      }
      if (r.kind === 'choose') {
        setCandidates(r.candidates);
        return;
      }
      show(r.trace, startedAt);
    } catch (e) {
      setNotice(failure(e, 'The trace'));
    } finally {
      setStep(null);
    }
  };
  const traceRef = useRef(trace);
  traceRef.current = trace;

  // A handheld scanner types into the field and presses Enter; so does a person.
  const queryField = useWedgeField((text) => void traceRef.current({ query: text }));
  const readQuery = () => queryField.value.replaceAll(GS_SYMBOL, '\x1d');
  // Typing again: the message about what was typed before no longer applies.
  const typed = queryField.value;
  useEffect(() => {
    setNotice((n) => (n?.field === 'query' ? null : n));
  }, [typed]);

  // "Trace this lot" on the ribbon (src/ribbon): trace the selected cell's text as if it had been typed here.
  usePaneRequestFor('recall', (r) => {
    if (r.trace) void trace({ query: r.trace });
  });

  const writeReport = async () => {
    if (!shown) return;
    setReportNotice(null);
    setStep('reading');
    try {
      const r = await commands.writeRecallReport(
        {
          starts: shown.trace.starts,
          direction: shown.trace.direction,
          reason,
          recallClass,
          user,
          now: nowOn(today()),
          // A drill and a real report are different sheets: a drill turned into the real thing writes again.
          reportId: drill ? `${shown.reportId}-DRILL` : shown.reportId,
          ...(drill ? { drill: { startedAt: shown.startedAt } } : {}),
        },
        { onProgress: setStep },
      );
      if (!r.ok) {
        setReportNotice({ intent: 'error', title: recallErrorTitle(r.code), text: r.message });
        return;
      }
      setShown((prev) => (prev && prev.reportId === shown.reportId ? { ...prev, trace: r.trace } : prev));
      setReportNotice({ intent: 'success', title: drill ? 'Mock recall report written' : 'Report written', text: `Sheet "${r.sheetName}": ${plural(r.trace.notifications.length, 'customer line')}, ready to filter and mail-merge.` });
    } catch (e) {
      setReportNotice(failure(e, 'Writing the report'));
    } finally {
      setStep(null);
    }
  };

  const downloadCsv = () => {
    if (!shown) return;
    const file = customerCsv(shown.trace, today() as IsoDate, { drill });
    // The byte order mark makes Excel read the file as UTF-8 (names with accents).
    const url = URL.createObjectURL(new Blob(['\ufeff', file.text], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = file.fileName;
    document.body.appendChild(a);
    a.click();
    a.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
    setExportNotice({
      intent: 'info',
      title: 'CSV downloaded',
      text: `${file.fileName}: ${plural(file.rows, 'customer line')}. If Excel blocked the download, use Copy, or Write report: its sheet holds the same table.`,
    });
  };

  const copyList = async () => {
    if (!shown) return;
    try {
      await navigator.clipboard.writeText(customerTsv(shown.trace));
      setExportNotice({ intent: 'success', title: 'Copied', text: `${plural(shown.trace.notifications.length, 'customer line')} with their headers, ready to paste into a sheet or a mail merge.` });
    } catch {
      setExportNotice({ intent: 'warning', title: 'The clipboard is not available here', text: 'Use Write report: its sheet holds the same customer table, ready to filter and mail-merge.' });
    }
  };

  const writeFsma = async () => {
    if (!shown) return;
    setExportNotice(null);
    setStep('reading');
    try {
      const r = await commands.writeFsmaSheet({
        starts: shown.trace.starts,
        direction: shown.trace.direction,
        reportId: drill ? `${shown.fsmaId}-DRILL` : shown.fsmaId,
        user,
        now: nowOn(today()),
        drill,
      });
      if (!r.ok) {
        setExportNotice({ intent: 'error', title: recallErrorTitle(r.code), text: r.message });
        return;
      }
      setExportNotice({ intent: 'success', title: 'FSMA 204 sheet written', text: `Sheet "${r.sheetName}": ${plural(r.events, 'traceability event')}, one per row, ready to sort.` });
    } catch (e) {
      setExportNotice(failure(e, 'Writing the FSMA 204 sheet'));
    } finally {
      setStep(null);
    }
  };

  const act = async (to: HoldTarget) => {
    if (!shown || drill) return;
    setAsking(null);
    setHoldNotice(null);
    setStep('reading');
    try {
      const r = await commands.holdAffectedLots({ starts: shown.trace.starts, to, why: holdReason, user, now: nowOn(today()), operationId: shown.operationIds[to] }, { onProgress: setStep });
      if (!r.ok) {
        setHoldNotice({ intent: 'error', title: recallErrorTitle(r.code), text: r.message });
        return;
      }
      const changed = r.lots.filter((l) => l.outcome === 'changed').length;
      const words = to === 'hold' ? 'on hold' : 'recalled';
      const others = r.lots.filter((l) => l.outcome !== 'changed');
      setHoldNotice({
        intent: others.some((l: LotStatusOutcome) => l.outcome === 'refused' || l.outcome === 'no-lot-row') ? 'warning' : 'success',
        title: changed ? `${plural(changed, 'lot')} ${words}` : 'Nothing to change',
        text: changed
          ? `The reason is in the Log. These lots are no longer picked.${to === 'hold' ? ' The way back: release them in the Lots pane (status On hold) once they are cleared.' : ''}`
          : `Every affected lot is already ${words} or cannot be changed.`,
        details: r.lots.map((l) => l.message),
      });
      // Show the new statuses in the picture.
      const again = await commands.runRecall({ starts: shown.trace.starts, direction: shown.trace.direction });
      if (again.ok && again.kind === 'traced') setShown((prev) => (prev ? { ...prev, trace: again.trace } : prev));
    } catch (e) {
      setHoldNotice(failure(e, 'Changing the status'));
    } finally {
      setStep(null);
    }
  };

  const t = shown?.trace;
  const forwardCount = t ? t.lots.filter((l) => l.direction !== 'backward').length : 0;
  const question = t && asking ? holdQuestion(previewHold(t, asking)) : null;
  const noReport = reason.trim() === '';
  const noHoldReason = holdReason.trim() === '';

  return (
    <div className={styles.stack}>
      <Card>
        <CardHeader header={<Subtitle2 as="h2">Trace a lot</Subtitle2>} description={<Caption1>Type or scan the suspect lot: a lot code, a supplier lot, SKU / lot, or a GS1 label.</Caption1>} />
        <div className={styles.fields}>
          <Field
            label="Lot or scan"
            hint="Press Enter or Trace. A handheld scanner types here."
            {...(notice?.field === 'query' ? { validationState: 'error' as const, validationMessage: <CodeText text={`${notice.title}: ${notice.text}`} /> } : {})}
          >
            <Input ref={queryField.ref} value={queryField.value} autoComplete="off" spellCheck={false} placeholder="e.g. ASH-2407-A" disabled={busy} />
          </Field>
          <Field label="Direction" hint={DIRECTIONS.find(([value]) => value === direction)?.[2]}>
            <Select value={direction} onChange={(_, d) => setDirection(d.value as RecallDirection)} disabled={busy}>
              {DIRECTIONS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </Select>
          </Field>
          <Switch
            label="Mock recall (drill): time it, change no lot status"
            checked={drill}
            onChange={(_, d) => {
              setDrill(d.checked);
              setAsking(null);
              setReportNotice(null);
              setExportNotice(null);
            }}
          />
          <div className={styles.actions}>
            <Button appearance="primary" icon={<SearchRegular />} onClick={() => void trace({ query: readQuery() })} disabled={busy}>
              Trace
            </Button>
          </div>
          {busy && (
            <div role="status" aria-live="polite">
              <Spinner size="tiny" label={recallStepWords(step)} labelPosition="after" />
              <ProgressBar thickness="medium" aria-label={recallStepWords(step)} />
            </div>
          )}
          {notice && !notice.field && (
            <Notice intent={notice.intent} title={notice.title} live>
              {notice.text}
            </Notice>
          )}
          {candidates && (
            <div aria-label="Matching lots">
              <Caption1>Several lots match. Trace which?</Caption1>
              <ul className={styles.plain}>
                {candidates.map((c) => (
                  <li key={`${c.sku}/${c.lot}`}>
                    <Button size="small" onClick={() => void trace({ starts: [c] })} disabled={busy}>
                      {lotName(c)}
                    </Button>{' '}
                    <Caption1 className={styles.muted}>
                      {c.matchedBy === 'supplier-lot' ? `supplier lot ${c.supplierLot}` : 'lot code'}
                      {c.status ? `, ${c.status}` : ''}
                      {c.description ? `, ${c.description}` : ''}
                    </Caption1>
                  </li>
                ))}
              </ul>
              <Button size="small" appearance="subtle" onClick={() => void trace({ starts: candidates })} disabled={busy}>
                {`Trace all ${candidates.length}`}
              </Button>
            </div>
          )}
        </div>
      </Card>

      {t && (
        <>
          <Card aria-label="Affected lots">
            <CardHeader
              header={<Subtitle2 as="h2">{`Affected lots (${t.lots.length})`}</Subtitle2>}
              description={<Caption1 className={styles.muted}>{`Traced ${plural(t.counts.movements, 'movement')} and ${plural(t.counts.shipments, 'shipment line')}.`}</Caption1>}
            />
            <div className={styles.legend}>
              {(['start', 'forward', 'backward'] as const)
                .filter((role) => t.lots.some((l) => l.direction === role))
                .map((role) => (
                  <Caption1 key={role}>
                    <span className={styles.swatch} style={{ backgroundColor: ROLE_FILL[role], border: `1px solid ${ROLE_STROKE[role]}` }} />
                    {role === 'start' ? 'suspect lot' : role === 'forward' ? 'made from it' : 'went into it'}
                  </Caption1>
                ))}
            </div>
            <GenealogyPicture trace={t} />
            <ul className={styles.plain} aria-label="Affected lot codes">
              {t.lots
                .filter((l, i) => t.lots.findIndex((x) => x.key === l.key) === i)
                .map((l) => (
                  <li key={l.key}>
                    <Caption1>
                      <span className={styles.code} data-lot-code>{lotName(l)}</span>
                      {` · ${l.direction === 'start' ? 'suspect lot' : l.direction === 'forward' ? 'made from it' : 'went into it'} · ${l.status ?? 'not in Lots'}`}
                    </Caption1>
                  </li>
                ))}
            </ul>
            {t.warnings.length > 0 && (
              <Notice intent="warning" title="Check">
                <ul className={styles.list}>
                  {t.warnings.map((w) => (
                    <li key={w}>
                      <CodeText text={w} />
                    </li>
                  ))}
                </ul>
              </Notice>
            )}
          </Card>

          <Card aria-label="Customers">
            <CardHeader header={<Subtitle2 as="h2">{`Customers (${t.customers.length})`}</Subtitle2>} />
            {t.customers.length === 0 ? (
              <Caption1>No shipments of the affected lots.</Caption1>
            ) : (
              <ul className={styles.plain}>
                {t.customers.map((c) => (
                  <li key={c.customerId} className={styles.item}>
                    <strong>{c.name || c.customerId}</strong>
                    {c.customerRecord !== 'found' && (
                      <Caption1 className={styles.flag}>
                        <WarningRegular /> {c.customerId} {c.customerRecord === 'bad-row' ? 'has a Customers row with problems' : 'not in Customers'}
                      </Caption1>
                    )}
                    {c.received.map((r) => (
                      <Caption1 key={r} className={styles.code} data-lot-code>
                        {r}
                      </Caption1>
                    ))}
                  </li>
                ))}
              </ul>
            )}
          </Card>

          <Card aria-label="Mass balance">
            <CardHeader header={<Subtitle2 as="h2">Mass balance</Subtitle2>} description={<Caption1 className={styles.muted}>Where every unit of each lot went.</Caption1>} />
            <ul className={styles.plain}>
              {t.massBalance.map((b) => (
                <li key={`${b.sku}/${b.lot}`} className={styles.item}>
                  <strong className={styles.code} data-lot-code>
                    {lotName(b)}
                  </strong>
                  <Caption1 className={b.unaccounted !== 0 ? styles.flag : undefined}>{describeBalance(b)}</Caption1>
                </li>
              ))}
            </ul>
          </Card>

          <Card aria-label="Report">
            <CardHeader header={<Subtitle2 as="h2">Customer report</Subtitle2>} description={<Caption1>A new sheet with the header, the mass balance and a table of every customer line.</Caption1>} />
            <div className={styles.fields}>
              <Field label="Reason for the recall" required hint={drill ? 'For a drill: the scenario you simulate. The sheet is named "Mock recall".' : 'It heads the report; Write report waits for it.'}>
                <Textarea value={reason} onChange={(_, d) => setReason(d.value)} resize="vertical" />
              </Field>
              <Field label="Recall class" hint={RECALL_CLASS_MEANING[recallClass]}>
                <Select value={recallClass} onChange={(_, d) => setRecallClass(d.value as RecallClass)}>
                  {RECALL_CLASSES.map((c) => (
                    <option key={c} value={c}>
                      Class {c}
                    </option>
                  ))}
                </Select>
              </Field>
              <div className={styles.actions}>
                <Button appearance="primary" icon={<DocumentTableRegular />} onClick={() => void writeReport()} disabled={busy || noReport}>
                  Write report
                </Button>
              </div>
              {reportNotice && (
                <Notice intent={reportNotice.intent} title={reportNotice.title} live>
                  {reportNotice.text}
                </Notice>
              )}
            </div>
          </Card>

          <Card aria-label="Exports">
            <CardHeader
              header={<Subtitle2 as="h2">Exports</Subtitle2>}
              description={<Caption1>The customer list as a CSV file, and the FDA FSMA 204 sortable spreadsheet of every receiving, transformation and shipping event of the affected lots.</Caption1>}
            />
            <div className={styles.actions}>
              <Button icon={<ArrowDownloadRegular />} onClick={downloadCsv} disabled={busy}>
                Download customer CSV
              </Button>
              <Button icon={<CopyRegular />} onClick={() => void copyList()} disabled={busy}>
                Copy to clipboard
              </Button>
              <Button icon={<TableSimpleRegular />} onClick={() => void writeFsma()} disabled={busy}>
                Write FSMA 204 sheet
              </Button>
            </div>
            {exportNotice && (
              <Notice intent={exportNotice.intent} title={exportNotice.title} live>
                {exportNotice.text}
              </Notice>
            )}
          </Card>

          <Card aria-label="Act on it">
            <CardHeader
              header={<Subtitle2 as="h2">Act on it</Subtitle2>}
              description={<Caption1>{`Stop the suspect and downstream lots (${forwardCount}) from being picked. You are asked before anything changes.`}</Caption1>}
            />
            <div className={styles.fields}>
              <Field label="Reason for the status change" required hint="Kept in the Log with each lot; the buttons wait for it.">
                <Input value={holdReason} onChange={(_, d) => setHoldReason(d.value)} />
              </Field>
              <div className={styles.actions}>
                <Button icon={<HandRightRegular />} onClick={() => setAsking('hold')} disabled={busy || drill || noHoldReason}>
                  Put lots on hold
                </Button>
                <Button appearance="primary" onClick={() => setAsking('recalled')} disabled={busy || drill || noHoldReason}>
                  Recall lots
                </Button>
              </div>
              {question && asking && (
                <Confirm
                  title={question.title}
                  lines={question.lines}
                  confirm={question.confirm}
                  intent={asking === 'recalled' ? 'error' : 'warning'}
                  nothing={previewHold(t, asking).change.length === 0}
                  busy={busy}
                  onConfirm={() => void act(asking)}
                  onCancel={() => setAsking(null)}
                />
              )}
              {drill && <Caption1 className={styles.muted}>A mock recall changes no lot status. Turn off Mock recall to put lots on hold or recall them.</Caption1>}
              {holdNotice && (
                <Notice intent={holdNotice.intent} title={holdNotice.title} live>
                  {holdNotice.text}
                  {holdNotice.details && (
                    <ul className={styles.list}>
                      {holdNotice.details.map((d) => (
                        <li key={d}>
                          <CodeText text={d} />
                        </li>
                      ))}
                    </ul>
                  )}
                </Notice>
              )}
            </div>
          </Card>
        </>
      )}
    </div>
  );
}
