/**
 * Cycle counts and customer returns. A count: write the count sheet, enter counts (scan a lot label with the
 * webcam or a handheld scanner, or pick the lot) or type them into the sheet in Excel, review the variances with a reason each,
 * post. Pane entries are Log rows, so a count can be left and resumed (see src/app/count.ts).
 */
import { Button, Caption1, Card, Checkbox, Field, Input, Select, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useRef, useState } from 'react';
import { countLineKey, COUNT_REASONS, countSummary, describeCountSummary, loadCountView, postCount, reasonsFor, recordCount, reviewCount, writeCountSheet, type CountReason, type CountReview, type CountScope, type CountView } from '../../app/count';
import { loadReturnable, receiveReturn, type ReturnableShipment } from '../../app/returns';
import { normalizeGtin } from '../../app/receive';
import { isoDate, todayIso } from '../../domain/dates';
import { formatMoney, formatQty } from '../../domain/fixed';
import { parseGs1, summarizeGs1 } from '../../domain/gs1';
import { newId } from '../../domain/ids';
import type { IsoDate } from '../../domain/types';
import { beep } from '../../scanner/camera-scanner';
import { CameraScan } from '../components/CameraScan';
import { Notice, type NoticeMessage } from '../components/Notice';
import { useWedgeField } from '../components/useWedgeField';
import { countErrorTitle, countReasonWord, describeError, returnErrorTitle } from '../messages';
import { useServices } from '../services';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  fields: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  line: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, padding: tokens.spacingVerticalS },
  muted: { color: tokens.colorNeutralForeground3 },
});

type ScopeKind = CountScope['kind'];

function toScope(kind: ScopeKind, value: string): CountScope {
  switch (kind) {
    case 'location':
      return { kind, location: value };
    case 'skus':
      return { kind, skus: value.split(',').map((s) => s.trim()).filter((s) => s !== '') };
    case 'expiring':
      return { kind, withinDays: Number(value) };
    case 'sample':
      return { kind, lots: Number(value) };
  }
}

const SCOPE_LABELS: Readonly<Record<ScopeKind, string>> = { location: 'Location', skus: 'Products (SKUs, comma separated)', expiring: 'Expiring within days', sample: 'Number of lots' };

function Note({ notice }: { notice: NoticeMessage | null }) {
  if (!notice) return null;
  return (
    <Notice intent={notice.intent} title={notice.title}>
      {notice.text}
    </Notice>
  );
}

export function CountPane() {
  const styles = useStyles();
  const { workbook, user, today: todayText } = useServices();
  const today: IsoDate = isoDate(todayText()) ?? todayIso();

  const [view, setView] = useState<CountView | null>(null);
  const [countId, setCountId] = useState('');
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  const [busy, setBusy] = useState(false);

  // New count
  const [kind, setKind] = useState<ScopeKind>('location');
  const [scopeValue, setScopeValue] = useState('');
  const [blind, setBlind] = useState(false);
  const [draftId, setDraftId] = useState(() => newId('CNT'));

  // Entering counts
  const [lotChoice, setLotChoice] = useState('');
  const [location, setLocation] = useState('');
  const [qty, setQty] = useState('');
  const [entryId, setEntryId] = useState(() => newId('L'));

  // Review
  const [review, setReview] = useState<CountReview | null>(null);
  const [reasons, setReasons] = useState<Record<string, CountReason | undefined>>({});

  const load = useCallback(async () => {
    try {
      const v = await loadCountView(workbook);
      setView(v);
      setCountId((c) => c || v.openCounts[0] || '');
    } catch (e) {
      setNotice({ intent: 'error', title: 'Workbook not read', text: describeError(e) });
    }
  }, [workbook]);
  useEffect(() => {
    void load();
  }, [load]);

  const refreshReview = useCallback(
    async (id: string) => {
      if (!id) return;
      const r = await reviewCount(workbook, id);
      if (r.ok) setReview(r);
      else {
        setReview(null);
        setNotice({ intent: 'error', title: countErrorTitle(r.code), text: r.message });
      }
    },
    [workbook],
  );
  useEffect(() => {
    setReview(null);
    setReasons({});
    void refreshReview(countId).catch((e: unknown) => setNotice({ intent: 'error', title: 'Count not read', text: describeError(e) }));
  }, [countId, refreshReview]);

  const chooseLot = (value: string) => {
    setLotChoice(value);
    const lot = view?.lots.find((l) => countLineKey(l.sku, l.lot, '') === value);
    const listed = review?.lines.find((l) => l.sku === lot?.sku && l.lot === lot?.lot);
    setLocation(listed?.location ?? lot?.location ?? '');
  };

  const applyScan = (text: string): boolean => {
    const parsed = parseGs1(text, { today });
    if (!parsed.ok) {
      setNotice({ intent: 'error', title: 'Scan not read', text: parsed.message });
      return false;
    }
    const s = summarizeGs1(parsed.elements);
    const gtin = s.gtin !== undefined ? normalizeGtin(s.gtin) : null;
    const lot = view?.lots.find((l) => l.lot === s.lot && (gtin === null || normalizeGtin(l.gtin) === gtin));
    if (!lot) {
      setNotice({ intent: 'warning', title: 'Unknown lot', text: `No lot ${s.lot ?? '(none on the label)'} of that product is in Lots.` });
      return false;
    }
    chooseLot(countLineKey(lot.sku, lot.lot, ''));
    setNotice({ intent: 'info', title: 'Scanned', text: `Lot ${lot.sku} / ${lot.lot}: type the quantity counted.` });
    return true;
  };
  const applyScanRef = useRef(applyScan);
  applyScanRef.current = applyScan;
  // A label left in front of the camera is read on every frame: only a different label picks again (re-picking
  // would reset the location the counter typed and hide the last message).
  const lastCameraScan = useRef('');
  const applyCameraScan = (text: string) => {
    if (text === lastCameraScan.current) return;
    lastCameraScan.current = text;
    if (applyScanRef.current(text)) beep();
  };
  // The scan field exists only while an open count is shown.
  const scanField = useWedgeField((text) => applyScanRef.current(text), { deps: [countId, review?.state] });

  const writeSheet = async () => {
    setBusy(true);
    try {
      const r = await writeCountSheet(workbook, { id: draftId, scope: toScope(kind, scopeValue), blind, user, today });
      if (!r.ok) {
        setNotice({ intent: 'error', title: countErrorTitle(r.code), text: r.message });
        return;
      }
      setNotice({ intent: 'success', title: 'Count sheet written', text: `Count ${r.id}: ${r.lines.length} lots on sheet ${r.sheetName}.` });
      setDraftId(newId('CNT'));
      setCountId(r.id);
      await load();
    } catch (e) {
      setNotice({ intent: 'error', title: 'Not written', text: describeError(e) });
    } finally {
      setBusy(false);
    }
  };

  const chosen = view?.lots.find((l) => countLineKey(l.sku, l.lot, '') === lotChoice);
  const saveCount = async () => {
    if (!chosen) return;
    setBusy(true);
    try {
      const r = await recordCount(workbook, { countId, sku: chosen.sku, lot: chosen.lot, location, counted: qty, entryId, user });
      if (!r.ok) {
        setNotice({ intent: 'error', title: countErrorTitle(r.code), text: r.message });
        return;
      }
      setNotice({ intent: 'success', title: 'Count saved', text: `${chosen.sku} / ${chosen.lot} at ${location || '(no location)'}: ${qty} ${chosen.unit}.` });
      setEntryId(newId('L'));
      setQty('');
      setLotChoice('');
      await refreshReview(countId);
    } catch (e) {
      setNotice({ intent: 'error', title: 'Not saved', text: describeError(e) });
    } finally {
      setBusy(false);
    }
  };

  const post = async () => {
    setBusy(true);
    try {
      const r = await postCount(workbook, { countId, reasons, user, today });
      if (!r.ok) {
        setNotice({ intent: 'error', title: countErrorTitle(r.code), text: r.message });
        return;
      }
      setNotice({
        intent: 'success',
        title: r.alreadyPosted ? 'Already posted' : 'Count posted',
        text: r.alreadyPosted ? `Count ${countId} was posted before; nothing was written twice.` : `${r.movements.length} ${r.movements.length === 1 ? 'adjustment' : 'adjustments'} written for count ${countId}.`,
      });
      await load();
      await refreshReview(countId);
    } catch (e) {
      setNotice({ intent: 'error', title: 'Not posted', text: describeError(e) });
    } finally {
      setBusy(false);
    }
  };

  const summary = review ? countSummary(review.lines, reasons) : null;
  const countChoices = [...new Set([...(view?.openCounts ?? []), ...(countId ? [countId] : [])])];

  return (
    <div className={styles.stack}>
      <Note notice={notice} />
      <Card>
        <Subtitle2>New count sheet</Subtitle2>
        <div className={styles.fields}>
          <Field label="Count by">
            <Select value={kind} onChange={(_, d) => setKind(d.value as ScopeKind)}>
              <option value="location">Location</option>
              <option value="skus">Products</option>
              <option value="expiring">Lots expiring soon</option>
              <option value="sample">Random sample of lots</option>
            </Select>
          </Field>
          <Field label={SCOPE_LABELS[kind]}>
            <Input value={scopeValue} onChange={(_, d) => setScopeValue(d.value)} list={kind === 'location' ? 'count-locations' : undefined} />
          </Field>
          <datalist id="count-locations">{view?.locations.map((l) => <option key={l} value={l} />)}</datalist>
          <Checkbox label="Blind count (hide expected quantities)" checked={blind} onChange={(_, d) => setBlind(d.checked === true)} />
          <div className={styles.actions}>
            <Button appearance="primary" disabled={busy} onClick={() => void writeSheet()}>
              Write count sheet
            </Button>
          </div>
        </div>
      </Card>

      <Card>
        <Subtitle2>Count</Subtitle2>
        <Field label="Open count">
          <Select value={countId} onChange={(_, d) => setCountId(d.value)}>
            <option value="">Choose a count</option>
            {countChoices.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </Select>
        </Field>
        {countId && review?.state === 'open' && (
          <div className={styles.fields}>
            <Field label="Scan field" hint="Scan a lot label with a handheld scanner; press Enter to read what you typed.">
              <Input ref={scanField.ref} value={scanField.value} autoComplete="off" spellCheck={false} placeholder="Scan a lot label" />
            </Field>
            <CameraScan onScan={applyCameraScan} />
            <Field label="Lot counted">
              <Select value={lotChoice} onChange={(_, d) => chooseLot(d.value)}>
                <option value="">Choose a lot</option>
                {view?.lots.map((l) => (
                  <option key={countLineKey(l.sku, l.lot, '')} value={countLineKey(l.sku, l.lot, '')}>
                    {`${l.sku} / ${l.lot}`}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Counted at location">
              <Input value={location} onChange={(_, d) => setLocation(d.value)} />
            </Field>
            <Field label={`Quantity counted${chosen ? ` (${chosen.unit})` : ''}`}>
              <Input value={qty} inputMode="decimal" onChange={(_, d) => setQty(d.value)} />
            </Field>
            <div className={styles.actions}>
              <Button appearance="primary" disabled={busy || !chosen || qty.trim() === ''} onClick={() => void saveCount()}>
                Save count
              </Button>
              <Button disabled={busy} onClick={() => void refreshReview(countId)}>
                Read count sheet
              </Button>
            </div>
          </div>
        )}
        {review?.state === 'posted' && (
          <div className={styles.fields}>
            <Caption1>Count {countId} is posted.</Caption1>
            {review.posted && <span role="status">{`Posted: ${describeCountSummary(review.posted)}`}</span>}
          </div>
        )}
      </Card>

      {/* Once posted, the ledger agrees with the shelf: the live variances would all read 0, so only the posted summary shows. */}
      {review?.state === 'open' && review.lines.length > 0 && summary && (
        <Card>
          <Subtitle2>Variances</Subtitle2>
          <Caption1>
            {`${summary.counted} of ${review.lines.length} counted; accuracy ${summary.accuracyPercent === null ? '-' : `${summary.accuracyPercent}%`}; net value ${formatMoney(summary.netValue)}${summary.unvalued ? ` (${summary.unvalued} without unit cost)` : ''}.`}
          </Caption1>
          <ul aria-label="Variances" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {review.lines.map((l) => (
              <li key={l.key} aria-label={`${l.sku} / ${l.lot}`} className={styles.line}>
                <strong>{`${l.sku} / ${l.lot}`}</strong>
                <Caption1 className={styles.muted}>{`${l.location || '(no location)'}${l.listed ? '' : ' · found, not listed'}`}</Caption1>
                <span>
                  {`Expected ${formatQty(l.expected, l.decimals)} · counted ${l.counted === null ? '-' : formatQty(l.counted, l.decimals)}`}
                  {l.difference !== null && l.difference !== 0 && ` · difference ${formatQty(l.difference, l.decimals)}${l.value === null ? '' : ` (${formatMoney(l.value)})`}`}
                </span>
                {l.sheetCounted !== null && <Caption1 className={styles.muted}>{`The sheet says ${formatQty(l.sheetCounted, l.decimals)}; the pane's count is used.`}</Caption1>}
                {review.state === 'open' && l.difference !== null && l.difference !== 0 && (
                  <Field label={`Reason for ${l.sku} / ${l.lot}`}>
                    <Select value={reasons[l.key] ?? ''} onChange={(_, d) => setReasons((r) => ({ ...r, [l.key]: (COUNT_REASONS as readonly string[]).includes(d.value) ? (d.value as CountReason) : undefined }))}>
                      <option value="">Choose a reason</option>
                      {reasonsFor(l.difference).map((r) => (
                        <option key={r} value={r}>
                          {countReasonWord(r)}
                        </option>
                      ))}
                    </Select>
                  </Field>
                )}
              </li>
            ))}
          </ul>
          {review.state === 'open' && (
            <div className={styles.actions}>
              <Button appearance="primary" disabled={busy} onClick={() => void post()}>
                Post count
              </Button>
            </div>
          )}
        </Card>
      )}

      <ReturnsSection />
    </div>
  );
}

/** Booking a customer return against a shipment line. */
function ReturnsSection() {
  const styles = useStyles();
  const { workbook, user, today: todayText } = useServices();
  const today: IsoDate = isoDate(todayText()) ?? todayIso();
  const [shipments, setShipments] = useState<ReturnableShipment[]>([]);
  const [choice, setChoice] = useState('');
  const [qty, setQty] = useState('');
  const [reason, setReason] = useState('');
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  const [ids, setIds] = useState(() => ({ movement: newId('M'), log: newId('L'), statusLog: newId('L') }));

  const load = useCallback(async () => {
    try {
      setShipments(await loadReturnable(workbook));
    } catch (e) {
      setNotice({ intent: 'error', title: 'Shipments not read', text: describeError(e) });
    }
  }, [workbook]);
  useEffect(() => {
    void load();
  }, [load]);

  const key = (s: ReturnableShipment) => `${s.shipmentId}#${s.line}`;
  const chosen = shipments.find((s) => key(s) === choice);
  const book = async () => {
    if (!chosen) return;
    try {
      const r = await receiveReturn(workbook, { shipmentId: chosen.shipmentId, line: chosen.line, qty, reason, location: '', user, today, ids });
      if (!r.ok) {
        setNotice({ intent: 'error', title: returnErrorTitle(r.code), text: r.message });
        return;
      }
      const status = r.to === r.from ? `The lot stays ${r.to}.` : `The lot is now ${r.to} until QA decides.`;
      setNotice({ intent: 'success', title: r.alreadySaved ? 'Already booked' : 'Return booked', text: `${formatQty(r.movement.qty, chosen.decimals)} ${chosen.unit} back into ${chosen.sku} / ${chosen.lot} from ${chosen.shipmentId}. ${status}` });
      setIds({ movement: newId('M'), log: newId('L'), statusLog: newId('L') });
      setQty('');
      setReason('');
      await load();
    } catch (e) {
      setNotice({ intent: 'error', title: 'Not booked', text: describeError(e) });
    }
  };

  return (
    <Card>
      <Subtitle2>Customer return</Subtitle2>
      <div className={styles.fields}>
        <Note notice={notice} />
        <Field label="Shipment">
          <Select value={choice} onChange={(_, d) => setChoice(d.value)}>
            <option value="">Choose a shipment</option>
            {shipments
              .filter((s) => s.returnable > 0)
              .map((s) => (
                <option key={key(s)} value={key(s)}>
                  {`${s.shipmentId} · ${s.customerName} · ${s.sku} / ${s.lot} · ${formatQty(s.returnable, s.decimals)} ${s.unit}`}
                </option>
              ))}
          </Select>
        </Field>
        <Field label={`Quantity returned${chosen ? ` (${chosen.unit})` : ''}`}>
          <Input value={qty} inputMode="decimal" onChange={(_, d) => setQty(d.value)} />
        </Field>
        <Field label="Why returned">
          <Input value={reason} onChange={(_, d) => setReason(d.value)} />
        </Field>
        <div className={styles.actions}>
          <Button appearance="primary" disabled={!chosen} onClick={() => void book()}>
            Book return
          </Button>
        </div>
      </div>
    </Card>
  );
}
