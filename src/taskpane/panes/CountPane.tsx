/**
 * Cycle counts and customer returns. A count: write the count sheet, enter counts (scan a lot label with the
 * webcam or a handheld scanner, or pick the lot) or type them into the sheet in Excel, review the variances with a reason each,
 * post. Pane entries are Log rows, so a count can be left and resumed (see src/app/count.ts).
 */
import { Button, Caption1, Card, Checkbox, Field, Input, Select, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useRef, useState } from 'react';
import { countLineKey, COUNT_REASONS, countSummary, describeCountSummary, previewPost, reasonsFor, type CountReason, type CountReview, type CountScope, type CountView } from '../../app/count';
import { type ReturnableShipment, type ReturnField } from '../../app/returns';
import { normalizeGtin } from '../../domain/gs1';
import { isoDate, todayIso } from '../../domain/dates';
import { formatMoney, formatQty } from '../../domain/fixed';
import { parseGs1, summarizeGs1 } from '../../domain/gs1';
import { newId } from '../../domain/ids';
import type { IsoDate } from '../../domain/types';
import { beep } from '../components/scan-feedback';
import { CameraScan } from '../components/CameraScan';
import { Confirm } from '../components/Confirm';
import { CodeText } from '../components/CodeText';
import { focusField } from '../components/focus-field';
import { Notice, type NoticeMessage } from '../components/Notice';
import { Reading } from '../components/Reading';
import { useWedgeField } from '../components/useWedgeField';
import { countErrorTitle, countReasonWord, describeError, plural, postCountQuestion, READING_WORDS, returnErrorTitle } from '../messages';
import { useCommands, useServices } from '../services';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  fields: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  line: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, padding: tokens.spacingVerticalS },
  muted: { color: tokens.colorNeutralForeground3 },
  // Lot codes wrap between words, never inside a code.
  code: { whiteSpace: 'nowrap' },
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

function Note({ notice, label }: { notice: NoticeMessage | null; label?: string }) {
  if (!notice) return null;
  return (
    <Notice intent={notice.intent} title={notice.title} live label={label}>
      {notice.text}
    </Notice>
  );
}

interface SheetNotice extends NoticeMessage {
  /** An open count lists these lots: offer to write a second sheet anyway. */
  readonly overlaps?: boolean;
}

/** Field props that mark a field invalid with its message beside it (nothing when there is no error). */
function invalid(message: string | null) {
  return message ? { validationState: 'error' as const, validationMessage: <CodeText text={message} /> } : {};
}

export function CountPane() {
  const styles = useStyles();
  const { user, today: todayText } = useServices();
  const commands = useCommands();
  const today: IsoDate = isoDate(todayText()) ?? todayIso();

  const [view, setView] = useState<CountView | null>(null);
  const [countId, setCountId] = useState('');
  /** A failed read of the workbook: the only message at the top, since it concerns the whole pane. */
  const [loadNotice, setLoadNotice] = useState<NoticeMessage | null>(null);
  // Each message sits next to what caused it: the sheet's under its button, an entry's under Save, posting's under Post.
  const [sheetNotice, setSheetNotice] = useState<SheetNotice | null>(null);
  const [entryNotice, setEntryNotice] = useState<NoticeMessage | null>(null);
  const [postNotice, setPostNotice] = useState<NoticeMessage | null>(null);
  const [busy, setBusy] = useState(false);
  /** What the pane waits for, in words, shown beside the button pressed (null when idle). */
  const [working, setWorking] = useState<{ readonly where: 'sheet' | 'entry' | 'post'; readonly label: string } | null>(null);

  // New count
  const [kind, setKind] = useState<ScopeKind>('location');
  const [scopeValue, setScopeValue] = useState('');
  const [scopeError, setScopeError] = useState<string | null>(null);
  const [blind, setBlind] = useState(false);
  const [draftId, setDraftId] = useState(() => newId('CNT'));
  const scopeRef = useRef<HTMLInputElement>(null);

  // Entering counts
  const [lotChoice, setLotChoice] = useState('');
  const [location, setLocation] = useState('');
  const [qty, setQty] = useState('');
  const [qtyError, setQtyError] = useState<string | null>(null);
  const [entryId, setEntryId] = useState(() => newId('L'));
  const qtyRef = useRef<HTMLInputElement>(null);

  // Review
  const [review, setReview] = useState<CountReview | null>(null);
  const [reviewing, setReviewing] = useState(false);
  const [reasons, setReasons] = useState<Record<string, CountReason | undefined>>({});
  /** Post was pressed with differences left without a reason: those fields are marked. */
  const [reasonsChecked, setReasonsChecked] = useState(false);
  const [askingPost, setAskingPost] = useState(false);
  const reasonRefs = useRef(new Map<string, HTMLSelectElement>());

  const load = useCallback(async () => {
    try {
      const v = await commands.loadCountView();
      setView(v);
      setLoadNotice(null);
      setCountId((c) => c || v.openCounts[0] || '');
    } catch (e) {
      setLoadNotice({ intent: 'error', title: 'Workbook not read', text: describeError(e) });
    }
  }, [commands]);
  useEffect(() => {
    void load();
  }, [load]);

  const refreshReview = useCallback(
    async (id: string) => {
      if (!id) return;
      setReviewing(true);
      try {
        const r = await commands.reviewCount(id);
        if (r.ok) setReview(r);
        else {
          setReview(null);
          setEntryNotice({ intent: 'error', title: countErrorTitle(r.code), text: r.message });
        }
      } finally {
        setReviewing(false);
      }
    },
    [commands],
  );
  useEffect(() => {
    setReview(null);
    setReasons({});
    setReasonsChecked(false);
    setAskingPost(false);
    setPostNotice(null);
    void refreshReview(countId).catch((e: unknown) => setEntryNotice({ intent: 'error', title: 'Count not read', text: describeError(e) }));
  }, [countId, refreshReview]);

  const chooseLot = (value: string) => {
    setLotChoice(value);
    setQtyError(null);
    const lot = view?.lots.find((l) => countLineKey(l.sku, l.lot, '') === value);
    const listed = review?.lines.find((l) => l.sku === lot?.sku && l.lot === lot?.lot);
    setLocation(listed?.location ?? lot?.location ?? '');
  };

  const applyScan = (text: string): boolean => {
    const parsed = parseGs1(text, { today });
    if (!parsed.ok) {
      setEntryNotice({ intent: 'error', title: 'Scan not read', text: parsed.message });
      return false;
    }
    const s = summarizeGs1(parsed.elements);
    const gtin = s.gtin !== undefined ? normalizeGtin(s.gtin) : null;
    const lot = view?.lots.find((l) => l.lot === s.lot && (gtin === null || normalizeGtin(l.gtin) === gtin));
    if (!lot) {
      setEntryNotice({ intent: 'warning', title: 'Unknown lot', text: `No lot ${s.lot ?? '(none on the label)'} of that product is in Lots.` });
      return false;
    }
    chooseLot(countLineKey(lot.sku, lot.lot, ''));
    setEntryNotice({ intent: 'info', title: 'Scanned', text: `Lot ${lot.sku} / ${lot.lot}: type the quantity counted.` });
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

  const writeSheet = async (despiteOpenCounts = false) => {
    setBusy(true);
    setWorking({ where: 'sheet', label: 'Writing the count sheet…' });
    setSheetNotice(null);
    setScopeError(null);
    try {
      const r = await commands.writeCountSheet({ id: draftId, scope: toScope(kind, scopeValue), blind, user, today, despiteOpenCounts });
      if (!r.ok) {
        if (r.field === 'scope') {
          // The cause is what was typed: say so at the field, and take the person there.
          setScopeError(r.message);
          focusField(scopeRef.current);
        } else {
          setSheetNotice({ intent: r.code === 'open-count-overlaps' ? 'warning' : 'error', title: countErrorTitle(r.code), text: r.message, overlaps: r.code === 'open-count-overlaps' });
        }
        return;
      }
      setSheetNotice({ intent: 'success', title: 'Count sheet written', text: `Count ${r.id}: ${plural(r.lines.length, 'lot')} on sheet ${r.sheetName}.` });
      setDraftId(newId('CNT'));
      setCountId(r.id);
      await load();
    } catch (e) {
      setSheetNotice({ intent: 'error', title: 'Not written', text: describeError(e) });
    } finally {
      setBusy(false);
      setWorking(null);
    }
  };

  const chosen = view?.lots.find((l) => countLineKey(l.sku, l.lot, '') === lotChoice);
  const saveCount = async () => {
    if (!chosen) return;
    setBusy(true);
    setWorking({ where: 'entry', label: 'Saving the count…' });
    setQtyError(null);
    setEntryNotice(null);
    try {
      const r = await commands.recordCount({ countId, sku: chosen.sku, lot: chosen.lot, location, counted: qty, entryId, user });
      if (!r.ok) {
        if (r.field === 'counted') {
          setQtyError(r.message);
          focusField(qtyRef.current);
        } else setEntryNotice({ intent: 'error', title: countErrorTitle(r.code), text: r.message });
        return;
      }
      setEntryNotice({ intent: 'success', title: 'Count saved', text: `${chosen.sku} / ${chosen.lot} at ${location || '(no location)'}: ${qty} ${chosen.unit}.` });
      setEntryId(newId('L'));
      setQty('');
      setLotChoice('');
      await refreshReview(countId);
    } catch (e) {
      setEntryNotice({ intent: 'error', title: 'Not saved', text: describeError(e) });
    } finally {
      setBusy(false);
      setWorking(null);
    }
  };

  const preview = review ? previewPost(countId, review.lines, reasons) : null;
  const askPost = () => {
    setPostNotice(null);
    setReasonsChecked(true);
    const first = preview?.lines.find((l) => l.reason === null);
    if (first) {
      // Every difference needs its reason: the first one left blank gets the focus, each is marked.
      focusField(reasonRefs.current.get(countLineKey(first.sku, first.lot, first.location)));
      return;
    }
    setAskingPost(true);
  };

  const post = async () => {
    setBusy(true);
    setWorking({ where: 'post', label: 'Posting the count…' });
    setAskingPost(false);
    try {
      const r = await commands.postCount({ countId, reasons, user, today });
      if (!r.ok) {
        setPostNotice({ intent: 'error', title: countErrorTitle(r.code), text: r.message });
        return;
      }
      setPostNotice({
        intent: 'success',
        title: r.alreadyPosted ? 'Already posted' : 'Count posted',
        text: r.alreadyPosted ? `Count ${countId} was posted before; nothing was written twice.` : `${plural(r.movements.length, 'adjustment')} written for count ${countId}.`,
      });
      await load();
      await refreshReview(countId);
    } catch (e) {
      setPostNotice({ intent: 'error', title: 'Not posted', text: describeError(e) });
    } finally {
      setBusy(false);
      setWorking(null);
    }
  };

  const summary = review ? countSummary(review.lines, reasons) : null;
  const countChoices = [...new Set([...(view?.openCounts ?? []), ...(countId ? [countId] : [])])];
  const question = askingPost && preview ? postCountQuestion(preview) : null;

  return (
    <div className={styles.stack}>
      <Note notice={loadNotice} />
      <Card>
        <Subtitle2>New count sheet</Subtitle2>
        <div className={styles.fields}>
          <Field label="Count by">
            <Select
              value={kind}
              onChange={(_, d) => {
                setKind(d.value as ScopeKind);
                setScopeError(null);
              }}
            >
              <option value="location">Location</option>
              <option value="skus">Products</option>
              <option value="expiring">Lots expiring soon</option>
              <option value="sample">Random sample of lots</option>
            </Select>
          </Field>
          <Field label={SCOPE_LABELS[kind]} {...invalid(scopeError)}>
            <Input
              ref={scopeRef}
              value={scopeValue}
              onChange={(_, d) => {
                setScopeValue(d.value);
                setScopeError(null);
                setSheetNotice(null);
              }}
              list={kind === 'location' ? 'count-locations' : undefined}
            />
          </Field>
          <datalist id="count-locations">{view?.locations.map((l) => <option key={l} value={l} />)}</datalist>
          <Checkbox label="Blind count (hide expected quantities)" checked={blind} onChange={(_, d) => setBlind(d.checked === true)} />
          <div className={styles.actions}>
            <Button appearance="primary" disabled={busy || !view} onClick={() => void writeSheet()}>
              Write count sheet
            </Button>
          </div>
          {working?.where === 'sheet' && <Reading label={working.label} />}
          {sheetNotice && (
            <Notice intent={sheetNotice.intent} title={sheetNotice.title} live label="Count sheet result">
              {sheetNotice.text}
              {sheetNotice.overlaps && (
                <div className={styles.actions}>
                  <Button size="small" disabled={busy} onClick={() => void writeSheet(true)}>
                    Write a second sheet anyway
                  </Button>
                </div>
              )}
            </Notice>
          )}
        </div>
      </Card>

      <Card>
        <Subtitle2>Count</Subtitle2>
        {!view && !loadNotice && <Reading label={READING_WORDS.count} />}
        {view && (
          <Field label="Open count">
            <Select value={countId} onChange={(_, d) => setCountId(d.value)}>
              <option value="">{countChoices.length ? 'Choose a count' : 'No open count: write a count sheet'}</option>
              {countChoices.map((id) => (
                <option key={id} value={id}>
                  {id}
                </option>
              ))}
            </Select>
          </Field>
        )}
        {countId && reviewing && !review && <Reading label={READING_WORDS.review} />}
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
            <Field label={`Quantity counted${chosen ? ` (${chosen.unit})` : ''}`} {...invalid(qtyError)}>
              <Input
                ref={qtyRef}
                value={qty}
                inputMode="decimal"
                onChange={(_, d) => {
                  setQty(d.value);
                  setQtyError(null);
                }}
              />
            </Field>
            <div className={styles.actions}>
              <Button appearance="primary" disabled={busy || !chosen || qty.trim() === ''} onClick={() => void saveCount()}>
                Save count
              </Button>
              <Button disabled={busy} onClick={() => void refreshReview(countId)}>
                Read count sheet
              </Button>
            </div>
            {!chosen && <Caption1 className={styles.muted}>Scan or choose the lot, then type the quantity: Save count waits for both.</Caption1>}
            {working?.where === 'entry' && <Reading label={working.label} />}
            <Note notice={entryNotice} label="Count entry result" />
          </div>
        )}
        {review?.state !== 'open' && <Note notice={entryNotice} label="Count entry result" />}
        {review?.state === 'posted' && (
          <div className={styles.fields}>
            <Caption1>Count {countId} is posted.</Caption1>
            {review.posted && <span role="status">{`Posted: ${describeCountSummary(review.posted)}`}</span>}
            <Note notice={postNotice} label="Posting result" />
          </div>
        )}
      </Card>

      {/* Once posted, the ledger agrees with the shelf: the live variances would all read 0, so only the posted summary shows. */}
      {review?.state === 'open' && review.lines.length > 0 && summary && (
        <Card>
          <Subtitle2>Variances</Subtitle2>
          <Caption1>
            {`${summary.counted} of ${plural(review.lines.length, 'lot')} counted; accuracy ${summary.accuracyPercent === null ? '-' : `${summary.accuracyPercent}%`}; net value ${formatMoney(summary.netValue)}${summary.unvalued ? ` (${summary.unvalued} without unit cost)` : ''}.`}
          </Caption1>
          <ul aria-label="Variances" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {review.lines.map((l) => (
              <li key={l.key} aria-label={`${l.sku} / ${l.lot}`} className={styles.line}>
                <strong className={styles.code} data-lot-code>{`${l.sku} / ${l.lot}`}</strong>
                <Caption1 className={styles.muted}>{`${l.location || '(no location)'}${l.listed ? '' : ' · found, not listed'}`}</Caption1>
                <span>
                  {`Expected ${formatQty(l.expected, l.decimals)} · counted ${l.counted === null ? '-' : formatQty(l.counted, l.decimals)}`}
                  {l.difference !== null && l.difference !== 0 && ` · difference ${formatQty(l.difference, l.decimals)}${l.value === null ? '' : ` (${formatMoney(l.value)})`}`}
                </span>
                {l.sheetCounted !== null && <Caption1 className={styles.muted}>{`The sheet says ${formatQty(l.sheetCounted, l.decimals)}; the pane's count is used.`}</Caption1>}
                {review.state === 'open' && l.difference !== null && l.difference !== 0 && (
                  <Field label={`Reason for ${l.sku} / ${l.lot}`} {...invalid(reasonsChecked && !reasons[l.key] ? 'Choose a reason for this difference before posting.' : null)}>
                    <Select
                      ref={(el) => {
                        if (el) reasonRefs.current.set(l.key, el);
                        else reasonRefs.current.delete(l.key);
                      }}
                      value={reasons[l.key] ?? ''}
                      onChange={(_, d) => {
                        setAskingPost(false);
                        setReasons((r) => ({ ...r, [l.key]: (COUNT_REASONS as readonly string[]).includes(d.value) ? (d.value as CountReason) : undefined }));
                      }}
                    >
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
              <Button appearance="primary" disabled={busy || askingPost} onClick={askPost}>
                Post count
              </Button>
            </div>
          )}
          {working?.where === 'post' && <Reading label={working.label} />}
          {question && (
            <Confirm title={question.title} lines={question.lines} confirm={question.confirm} busy={busy} onConfirm={() => void post()} onCancel={() => setAskingPost(false)} />
          )}
          <Note notice={postNotice} label="Posting result" />
        </Card>
      )}

      <ReturnsSection />
    </div>
  );
}

/** Booking a customer return against a shipment line. */
function ReturnsSection() {
  const styles = useStyles();
  const { user, today: todayText } = useServices();
  const commands = useCommands();
  const today: IsoDate = isoDate(todayText()) ?? todayIso();
  const [shipments, setShipments] = useState<ReturnableShipment[]>([]);
  const [choice, setChoice] = useState('');
  const [qty, setQty] = useState('');
  const [reason, setReason] = useState('');
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  const [fieldError, setFieldError] = useState<{ readonly field: ReturnField; readonly text: string } | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [ids, setIds] = useState(() => ({ movement: newId('M'), log: newId('L'), statusLog: newId('L') }));
  const qtyRef = useRef<HTMLInputElement>(null);
  const reasonRef = useRef<HTMLInputElement>(null);

  const load = useCallback(async () => {
    try {
      setShipments(await commands.loadReturnable());
      setLoaded(true);
    } catch (e) {
      setNotice({ intent: 'error', title: 'Shipments not read', text: describeError(e) });
    }
  }, [commands]);
  useEffect(() => {
    void load();
  }, [load]);

  const key = (s: ReturnableShipment) => `${s.shipmentId}#${s.line}`;
  const chosen = shipments.find((s) => key(s) === choice);
  const book = async () => {
    if (!chosen) return;
    setNotice(null);
    setFieldError(null);
    try {
      const r = await commands.receiveReturn({ shipmentId: chosen.shipmentId, line: chosen.line, qty, reason, location: '', user, today, ids });
      if (!r.ok) {
        // A quantity or a reason that does not fit is marked at its field, which gets the focus.
        if (r.field) {
          setFieldError({ field: r.field, text: r.message });
          focusField(r.field === 'qty' ? qtyRef.current : reasonRef.current);
        } else setNotice({ intent: 'error', title: returnErrorTitle(r.code), text: r.message });
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
        {!loaded && !notice && <Reading label="Reading shipments that can be returned…" />}
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
        <Field label={`Quantity returned${chosen ? ` (${chosen.unit})` : ''}`} {...invalid(fieldError?.field === 'qty' ? fieldError.text : null)}>
          <Input
            ref={qtyRef}
            value={qty}
            inputMode="decimal"
            onChange={(_, d) => {
              setQty(d.value);
              setFieldError(null);
            }}
          />
        </Field>
        <Field label="Why returned" {...invalid(fieldError?.field === 'reason' ? fieldError.text : null)}>
          <Input
            ref={reasonRef}
            value={reason}
            onChange={(_, d) => {
              setReason(d.value);
              setFieldError(null);
            }}
          />
        </Field>
        <div className={styles.actions}>
          <Button appearance="primary" disabled={!chosen} onClick={() => void book()}>
            Book return
          </Button>
        </div>
        <Note notice={notice} label="Return result" />
      </div>
    </Card>
  );
}
