/**
 * Pick & ship: choose open order lines, see the FEFO proposal (lot, expiry, location) and the shortfalls in words,
 * write the pick list sheet; later load the list back (with what the picker wrote in Picked), correct quantities
 * or lots and confirm shipping. Below: lots that expired or expire soon, with "Write sheet" and "Mark in Lots".
 *
 * Ids are made when the user starts (the pick list id when a proposal is shown, the report id when asked for the
 * expiry sheet) and kept until the write succeeds, so a retried click writes once.
 */
import {
  Badge,
  Button,
  Caption1,
  Card,
  Checkbox,
  Divider,
  Field,
  Input,
  Select,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowSyncRegular, ClipboardTaskListLtrRegular, DocumentTableRegular, HighlightRegular, VehicleTruckProfileRegular } from '@fluentui/react-icons';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { type ExpiryView } from '../../app/expiry';
import { filterLines, type LineFilter, type PickProposal, type PickView } from '../../app/pick';
import { parcelsOf, type LoadedPickList, type Parcel } from '../../app/ship';
import { isoDate, nowIsoDateTime } from '../../domain/dates';
import { formatMoney, formatQty, qtyFromNumber } from '../../domain/fixed';
import { newId } from '../../domain/ids';
import type { IsoDate, IsoDateTime, Money, Qty } from '../../domain/types';
import { Notice, type NoticeMessage } from '../components/Notice';
import { CodeText } from '../components/CodeText';
import { Reading } from '../components/Reading';
import { describeError, describeShortfall, officeDetails, pickErrorTitle, plural, READING_WORDS, shipErrorTitle } from '../messages';
import { useCommands, useServices } from '../services';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  fields: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  // Two columns where they fit, one at 320 px: a date field or a lot dropdown is never squeezed to "mm/dd/yyy".
  pair: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 11rem), 1fr))', gap: tokens.spacingHorizontalS },
  parcel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, padding: tokens.spacingHorizontalS, border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
  // Lot codes are never cut or wrapped inside.
  code: { whiteSpace: 'nowrap' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, margin: 0, padding: 0, listStyleType: 'none' },
  card: { padding: tokens.spacingHorizontalS, gap: tokens.spacingVerticalXXS },
  muted: { color: tokens.colorNeutralForeground3 },
  expired: { color: tokens.colorPaletteRedForeground1 },
});

interface PickNotice extends NoticeMessage {
  readonly details?: string;
}
type FilterKind = 'all' | 'order' | 'customer' | 'dueOn' | 'dueBy';

function errorNotice(e: unknown): PickNotice {
  return { intent: 'error', title: 'Excel did not answer', text: describeError(e), details: officeDetails(e) };
}

function NoticeBar({ notice }: { notice: PickNotice | null }) {
  if (!notice) return null;
  return (
    <Notice intent={notice.intent} title={notice.title} live>
      {notice.text}
      {notice.details ? ` (${notice.details})` : ''}
    </Notice>
  );
}

/** A quantity typed in the SKU's unit: digits with '.' as the decimal point; null when it cannot be read. */
function parseQty(text: string): Qty | null {
  const t = text.trim();
  if (!/^\d+(\.\d{1,3})?$/.test(t)) return null;
  return qtyFromNumber(Number(t));
}

export function PickPane() {
  const styles = useStyles();
  return (
    <div className={styles.stack}>
      <PickSection />
      <Divider />
      <ExpirySection />
    </div>
  );
}

interface ShipRow {
  readonly lot: string;
  readonly qty: string;
  readonly reason: string;
}

function PickSection() {
  const styles = useStyles();
  const { user, today } = useServices();
  const commands = useCommands();
  const [view, setView] = useState<PickView | null>(null);
  const [kind, setKind] = useState<FilterKind>('all');
  const [value, setValue] = useState('');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [shipDate, setShipDate] = useState(today());
  const [proposal, setProposal] = useState<(PickProposal & { readonly id: string }) | null>(null);
  const [notice, setNotice] = useState<PickNotice | null>(null);
  /** What the pane waits for, in words (null when idle): shown while Excel works, so the buttons are not just grey. */
  const [working, setWorking] = useState<string | null>(null);
  const busy = working !== null;
  const [listId, setListId] = useState('');
  const [loaded, setLoaded] = useState<LoadedPickList | null>(null);
  const [rows, setRows] = useState<readonly ShipRow[]>([]);
  /** Carrier and tracking per customer on the list: two customers are two parcels. */
  const [parcels, setParcels] = useState<Readonly<Record<string, Parcel>>>({});
  const [shipNotice, setShipNotice] = useState<PickNotice | null>(null);
  /** The row a refusal is about, with its message: shown in that row. */
  const [badRow, setBadRow] = useState<{ readonly row: number; readonly title: string; readonly text: string; readonly needsReason?: boolean } | null>(null);
  const [loadingList, setLoadingList] = useState(false);

  const refresh = useCallback(async () => {
    try {
      const v = await commands.loadPickView();
      setView(v);
      setChosen((c) => new Set([...c].filter((k) => v.lines.some((l) => l.key === k))));
      setListId((id) => (id && v.openLists.includes(id) ? id : (v.openLists[v.openLists.length - 1] ?? '')));
    } catch (e) {
      setNotice(errorNotice(e));
    }
  }, [commands]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const filter: LineFilter = useMemo(() => {
    const v = value.trim();
    if (kind === 'order' && v) return { orderId: v };
    if (kind === 'customer' && v) return { customerId: v };
    const d = isoDate(v);
    if (kind === 'dueOn' && d) return { dueOn: d };
    if (kind === 'dueBy' && d) return { dueBy: d };
    return {};
  }, [kind, value]);
  const shown = useMemo(() => (view ? filterLines(view.lines, filter) : []), [view, filter]);
  const orders = useMemo(() => [...new Set(view?.lines.map((l) => l.orderId) ?? [])], [view]);

  const toggle = (key: string, on: boolean) => {
    setChosen((c) => {
      const next = new Set(c);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });
    setProposal(null);
  };

  const propose = async () => {
    const date = isoDate(shipDate.trim());
    if (!date) return setNotice({ intent: 'error', title: 'Ship date cannot be read', text: 'Write the ship date as YYYY-MM-DD.' });
    setWorking('Proposing picks from the stock in the workbook…');
    setNotice(null);
    try {
      const p = await commands.proposePicks({ shipDate: date, lineKeys: [...chosen] });
      if (!p.ok) {
        setProposal(null);
        setNotice({ intent: 'error', title: pickErrorTitle(p.code), text: p.message });
      } else {
        // The id is made now and kept until the list is written: writing twice writes one list.
        setProposal((old) => ({ ...p, id: old?.id ?? newId('PL') }));
        if (p.missingLists.length) setNotice({ intent: 'warning', title: 'Pick list sheet missing', text: `The sheets of open pick lists ${p.missingLists.join(', ')} are gone, so they hold no stock. Close them in Settings (set their value to shipped).` });
      }
    } catch (e) {
      setNotice(errorNotice(e));
    } finally {
      setWorking(null);
    }
  };

  const write = async () => {
    if (!proposal) return;
    setWorking('Writing the pick list sheet…');
    try {
      const out = await commands.writePickList({ id: proposal.id, shipDate: proposal.shipDate, lineKeys: proposal.lines.map((l) => l.key), user });
      if (!out.ok) {
        setNotice({ intent: 'error', title: pickErrorTitle(out.code), text: out.message });
      } else {
        setNotice({ intent: 'success', title: 'Pick list written', text: `Pick list ${out.id} is on sheet "${out.sheetName}": ${plural(out.picks.length, 'pick')}. Print it, pick, then confirm below.` });
        setProposal(null);
        setChosen(new Set());
        await refresh();
        setListId(out.id);
      }
    } catch (e) {
      setNotice(errorNotice(e));
    } finally {
      setWorking(null);
    }
  };

  const load = async () => {
    if (!listId) return;
    setShipNotice(null);
    setBadRow(null);
    setLoaded(null);
    setLoadingList(true);
    try {
      const l = await commands.loadPickList(listId);
      if (!l.ok) {
        setLoaded(null);
        return setShipNotice({ intent: 'error', title: shipErrorTitle(l.code), text: l.message });
      }
      setLoaded(l);
      setRows(l.list.rows.map((r) => ({ lot: r.lot, qty: formatQty(r.picked ?? r.toPick, l.decimalsBySku.get(r.sku) ?? 3).replace(/,/g, ''), reason: '' })));
      setParcels({});
      if (l.list.problems.length) setShipNotice({ intent: 'warning', title: 'Pick list cannot be read', text: l.list.problems.join(' ') });
      else if (l.state === 'shipped') setShipNotice({ intent: 'info', title: 'Already confirmed', text: 'This pick list was confirmed; confirming again writes nothing new.' });
    } catch (e) {
      setShipNotice(errorNotice(e));
    } finally {
      setLoadingList(false);
    }
  };

  const confirm = async () => {
    if (!loaded) return;
    const confirmed = [];
    for (const [i, r] of loaded.list.rows.entries()) {
      const edit = rows[i];
      if (!edit) continue;
      const qty = edit.qty.trim() === '' ? (0 as Qty) : parseQty(edit.qty);
      if (qty === null) {
        setShipNotice(null);
        return setBadRow({ row: i, title: 'Quantity cannot be read', text: `Write the picked quantity of ${r.orderId} line ${r.line} as a number, e.g. 120 or 1.5.` });
      }
      confirmed.push({ index: r.index, lot: edit.lot, qty, ...(edit.reason.trim() ? { overrideReason: edit.reason } : {}) });
    }
    const date = isoDate(shipDate.trim());
    if (!date) return setShipNotice({ intent: 'error', title: 'Ship date cannot be read', text: 'Write the ship date as YYYY-MM-DD.' });
    setWorking('Writing the shipment to the workbook…');
    try {
      const out = await commands.confirmShipment({ pickListId: loaded.id, shipDate: date, user, now: `${today()}T${nowIsoDateTime().slice(11)}` as IsoDateTime, rows: confirmed, parcels });
      if (!out.ok) {
        const at = out.row !== undefined ? loaded.list.rows.findIndex((r) => r.index === out.row) : -1;
        // A refusal about one row is shown in that row; the others beside the Confirm button.
        if (at >= 0) {
          setShipNotice(null);
          setBadRow({ row: at, title: shipErrorTitle(out.code), text: out.message, needsReason: out.code === 'lot-not-eligible' });
        } else {
          setBadRow(null);
          setShipNotice({ intent: 'error', title: shipErrorTitle(out.code), text: out.message });
        }
      } else {
        setBadRow(null);
        const words = out.lines.map((l) => `${l.orderId} line ${l.line}: ${l.status === 'partial' ? 'partly shipped' : l.status}`).join('; ');
        setShipNotice({ intent: 'success', title: 'Shipment confirmed', text: `${plural(out.written.shipments, 'shipment row')} and ${plural(out.written.movements, 'SHIP movement')} written. ${words}.` });
        setLoaded(null);
        await refresh();
      }
    } catch (e) {
      setShipNotice(errorNotice(e));
    } finally {
      setWorking(null);
    }
  };

  const setRow = (i: number, patch: Partial<ShipRow>) => {
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
    // Corrected: the old error goes, so what is on screen is about what is typed now.
    if (badRow?.row === i && (patch.qty !== undefined || patch.lot !== undefined)) setBadRow(null);
    if (shipNotice?.intent === 'error') setShipNotice(null);
  };
  const setParcel = (customerId: string, patch: Partial<Parcel>) => setParcels((p) => ({ ...p, [customerId]: { carrier: '', tracking: '', ...p[customerId], ...patch } }));
  const customerName = (id: string) => view?.customers.find((c) => c.id === id)?.name || id;

  return (
    <section className={styles.stack} aria-label="Pick list">
      <Subtitle2>Pick</Subtitle2>
      <div className={styles.pair}>
        <Field label="Show">
          <Select value={kind} onChange={(_, d) => { setKind(d.value as FilterKind); setValue(''); }}>
            <option value="all">All open lines</option>
            <option value="order">One order</option>
            <option value="customer">One customer</option>
            <option value="dueOn">Due on a date</option>
            <option value="dueBy">All due by a date</option>
          </Select>
        </Field>
        {kind === 'order' ? (
          <Field label="Order">
            <Select value={value} onChange={(_, d) => setValue(d.value)}>
              <option value="">Choose…</option>
              {orders.map((o) => <option key={o} value={o}>{o}</option>)}
            </Select>
          </Field>
        ) : kind === 'customer' ? (
          <Field label="Customer">
            <Select value={value} onChange={(_, d) => setValue(d.value)}>
              <option value="">Choose…</option>
              {view?.customers.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </Select>
          </Field>
        ) : kind === 'dueOn' || kind === 'dueBy' ? (
          <Field label={kind === 'dueOn' ? 'Due on' : 'Due by'}>
            <Input type="date" value={value} onChange={(_, d) => setValue(d.value)} />
          </Field>
        ) : (
          <Field label="Ship date">
            <Input type="date" value={shipDate} onChange={(_, d) => { setShipDate(d.value); setProposal(null); }} />
          </Field>
        )}
      </div>
      {kind !== 'all' ? (
        <Field label="Ship date">
          <Input type="date" value={shipDate} onChange={(_, d) => { setShipDate(d.value); setProposal(null); }} />
        </Field>
      ) : null}
      {!view && !notice ? <Reading label={READING_WORDS.pick} /> : null}
      {view && shown.length === 0 ? <Caption1 className={styles.muted}>No open order lines{kind === 'all' ? '' : ' match'}.</Caption1> : null}
      <ul className={styles.list} aria-label="Open order lines">
        {shown.map((l) => (
          <li key={l.key}>
            <Checkbox
              checked={chosen.has(l.key)}
              onChange={(_, d) => toggle(l.key, d.checked === true)}
              label={<CodeText text={`${l.orderId} line ${l.line}: ${formatQty(l.qty, l.decimals)} ${l.sku} for ${l.customerName}${l.dueDate ? `, due ${l.dueDate}` : ''}${l.status === 'partial' ? ' (rest of a partial shipment)' : ''}`} />}
            />
          </li>
        ))}
      </ul>
      <div className={styles.actions}>
        <Button appearance="primary" disabled={busy || chosen.size === 0} onClick={() => void propose()}>Propose picks</Button>
        <Button disabled={busy || shown.length === 0} onClick={() => setChosen(new Set(shown.map((l) => l.key)))}>Choose all shown</Button>
        <Button icon={<ArrowSyncRegular />} aria-label="Reload order lines" appearance="subtle" onClick={() => void refresh()} />
      </div>
      {working && !loaded ? <Reading label={working} /> : null}
      <NoticeBar notice={notice} />
      {proposal ? (
        <div className={styles.stack} aria-label="Proposal">
          <Caption1 className={styles.muted}>
            Earliest expiry first, for ship date {proposal.shipDate}; in walking order.{proposal.openLists.length ? ` Stock on open pick lists (${proposal.openLists.join(', ')}) is held back.` : ''}
          </Caption1>
          <ul className={styles.list}>
            {proposal.picks.map((p, i) => (
              <li key={i}>
                <Card className={styles.card} size="small">
                  <Text weight="semibold">{`${p.location || 'No location'} · ${formatQty(p.qty, p.decimals)} ${p.sku}`}</Text>
                  <Caption1>
                    Lot <span className={styles.code} data-lot-code>{p.lot}</span>
                    {` · expires ${p.expiry ?? 'never'}`}
                  </Caption1>
                  <Caption1 className={styles.muted}>{`${p.orderId} line ${p.line} · ${p.description}`}</Caption1>
                </Card>
              </li>
            ))}
          </ul>
          {proposal.shortfalls.map((s) => (
            <Notice key={s.lineKey} intent="warning" title={`${s.orderId} line ${s.line} · ${s.sku}`}>
              {describeShortfall(s.qty, s.reasons, s.decimals)}
            </Notice>
          ))}
          <div className={styles.actions}>
            <Button appearance="primary" icon={<ClipboardTaskListLtrRegular />} disabled={busy || proposal.picks.length === 0} onClick={() => void write()}>
              Write pick list
            </Button>
          </div>
        </div>
      ) : null}

      <Divider />
      <Subtitle2>Ship</Subtitle2>
      {view && view.openLists.length === 0 && !loaded ? <Caption1 className={styles.muted}>No open pick lists.</Caption1> : null}
      {view && view.openLists.length > 0 ? (
        <div className={styles.actions}>
          <Field label="Open pick list">
            <Select value={listId} onChange={(_, d) => { setListId(d.value); setLoaded(null); }}>
              {view.openLists.map((id) => <option key={id} value={id}>{id}</option>)}
            </Select>
          </Field>
          <Button disabled={busy || !listId || loadingList} onClick={() => void load()}>Load pick list</Button>
        </div>
      ) : null}
      {loadingList ? <Reading label={READING_WORDS.pickList} /> : null}
      {loaded ? (
        <div className={styles.stack} aria-label="Confirm shipping">
          <Caption1 className={styles.muted}>{`From sheet "${loaded.list.sheet}". Change what differs from the list; a lot that cannot ship to the customer needs a reason.`}</Caption1>
          {loaded.list.rows.map((r, i) => {
            const lots = loaded.lotsBySku.get(r.sku) ?? [];
            const options = lots.some((l) => l.lot === r.lot) ? lots : [{ lot: r.lot, expiry: r.expiry, location: r.location, onHand: null, status: 'released' as const }, ...lots];
            const d = loaded.decimalsBySku.get(r.sku) ?? 3;
            return (
              <Card key={r.index} className={styles.card} size="small" aria-label={`Row ${i + 1}`}>
                <Text weight="semibold">{`${r.orderId} line ${r.line} · ${r.sku}`}</Text>
                <Caption1 className={styles.muted}>
                  {`To pick ${formatQty(r.toPick, d)} of lot `}
                  <span className={styles.code} data-lot-code>{r.lot}</span>
                  {` at ${r.location || 'no location'} for ${customerName(r.customerId)}`}
                </Caption1>
                {/* The lot gets the whole width: at 320 px "2611-ASH60-001" must not lose its end. */}
                {/* The option is the lot code alone, so that it is never cut; its expiry is the hint under it. */}
                <Field label="Lot" hint={lotHint(options.find((l) => l.lot === (rows[i]?.lot ?? r.lot)))}>
                  <Select value={rows[i]?.lot ?? r.lot} onChange={(_, v) => setRow(i, { lot: v.value })}>
                    {options.map((l) => (
                      <option key={l.lot} value={l.lot}>
                        {l.lot}
                      </option>
                    ))}
                  </Select>
                </Field>
                <Field label="Picked" {...(badRow?.row === i ? { validationState: 'error' as const, validationMessage: <CodeText text={`${badRow.title}: ${badRow.text}`} /> } : {})}>
                  <Input inputMode="decimal" value={rows[i]?.qty ?? ''} onChange={(_, v) => setRow(i, { qty: v.value })} />
                </Field>
                {(badRow?.row === i && badRow.needsReason) || (rows[i]?.reason ?? '') !== '' ? (
                  <Field label="Reason to ship this lot anyway" hint="Kept in the Log.">
                    <Input value={rows[i]?.reason ?? ''} onChange={(_, v) => setRow(i, { reason: v.value })} />
                  </Field>
                ) : null}
              </Card>
            );
          })}
          {parcelsOf(loaded.list).map((p) => (
            <div key={p.customerId} className={styles.parcel} role="group" aria-label={`Parcel to ${customerName(p.customerId)}`}>
              <Text weight="semibold">{`Parcel to ${customerName(p.customerId)} (${plural(p.rows.length, 'row')})`}</Text>
              <div className={styles.pair}>
                <Field label="Carrier">
                  <Input value={parcels[p.customerId]?.carrier ?? ''} onChange={(_, d) => setParcel(p.customerId, { carrier: d.value })} />
                </Field>
                <Field label="Tracking">
                  <Input value={parcels[p.customerId]?.tracking ?? ''} onChange={(_, d) => setParcel(p.customerId, { tracking: d.value })} />
                </Field>
              </div>
            </div>
          ))}
          <div className={styles.actions}>
            <Button appearance="primary" icon={<VehicleTruckProfileRegular />} disabled={busy} onClick={() => void confirm()}>
              Confirm shipment
            </Button>
          </div>
        </div>
      ) : null}
      {working && loaded ? <Reading label={working} /> : null}
      <NoticeBar notice={shipNotice} />
    </section>
  );
}

function lotHint(l: { readonly expiry: string | null; readonly location: string } | undefined): string | undefined {
  if (!l) return undefined;
  return `${l.expiry ? `Expires ${l.expiry}` : 'No expiry'}${l.location ? ` · ${l.location}` : ''}`;
}

function windowLabel(w: number | 'expired'): string {
  return w === 'expired' ? 'Expired' : `Within ${w} days`;
}

function ExpirySection() {
  const styles = useStyles();
  const { user, today } = useServices();
  const commands = useCommands();
  const [view, setView] = useState<ExpiryView | null>(null);
  const [notice, setNotice] = useState<PickNotice | null>(null);
  const [busy, setBusy] = useState(false);
  const [reportId, setReportId] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);

  const refresh = useCallback(async () => {
    const date = isoDate(today());
    if (!date) return;
    try {
      setView(await commands.loadExpiry(date));
      setFailed(false);
    } catch (e) {
      setFailed(true);
      setNotice(errorNotice(e));
    }
  }, [commands, today]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const writeSheet = async () => {
    const date = isoDate(today()) as IsoDate;
    const id = reportId ?? newId('EXP');
    setReportId(id);
    setBusy(true);
    try {
      const out = await commands.writeExpirySheet({ id, today: date, user });
      setView(out.view);
      setNotice({ intent: 'success', title: 'Sheet written', text: `Expiring lots are on sheet "${out.sheetName}"${out.chart === 'added' ? ', with a chart of on-hand quantity by expiry month' : ''}.` });
      setReportId(null);
    } catch (e) {
      setNotice(errorNotice(e));
    } finally {
      setBusy(false);
    }
  };

  const mark = async () => {
    setBusy(true);
    try {
      const out = await commands.markExpiryInLots();
      setNotice({ intent: 'success', title: 'Lots marked', text: out.rulesAdded > 0 ? `Lots now shows expired rows in red and rows expiring within ${out.warningDays} days in amber.` : `Lots already marks expired rows and rows expiring within ${out.warningDays} days.` });
    } catch (e) {
      setNotice(errorNotice(e));
    } finally {
      setBusy(false);
    }
  };

  const value = (v: Money) => formatMoney(v);
  return (
    <section className={styles.stack} aria-label="Expiring lots">
      <Subtitle2>Expiring lots</Subtitle2>
      {view?.settingProblem ? (
        <Notice intent="warning">{view.settingProblem}</Notice>
      ) : null}
      {!view && !failed ? <Reading label={READING_WORDS.expiry} /> : null}
      {view ? (
        <>
          <div className={styles.actions}>
            {view.totals.map((t) => (
              <Badge key={String(t.window)} appearance="tint" color={t.window === 'expired' ? 'danger' : 'warning'}>
                {`${windowLabel(t.window)}: ${t.lots}`}
              </Badge>
            ))}
          </div>
          {view.lots.length === 0 ? <Caption1 className={styles.muted}>{`No lot with stock expires within ${view.windows[view.windows.length - 1]} days.`}</Caption1> : null}
          <ul className={styles.list} aria-label="Expiring lots list">
            {view.lots.map((l) => (
              <li key={`${l.sku}\u0000${l.lot}`}>
                <Card className={styles.card} size="small">
                  <Text weight="semibold">
                    <span className={styles.code}>{l.sku}</span> / <span className={styles.code} data-lot-code>{l.lot}</span>
                  </Text>
                  <Caption1 className={l.window === 'expired' ? styles.expired : undefined}>
                    {l.daysLeft < 0 ? `Expired ${plural(-l.daysLeft, 'day')} ago (${l.expiry})` : l.daysLeft === 0 ? `Expires today (${l.expiry})` : `Expires in ${plural(l.daysLeft, 'day')} (${l.expiry})`}
                  </Caption1>
                  <Caption1 className={styles.muted}>{`${formatQty(l.onHand, l.decimals)} ${l.unit} at ${l.location || 'no location'} · ${l.status}${l.value === null ? ' · no unit cost' : ` · value ${value(l.value)}`}`}</Caption1>
                </Card>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <div className={styles.actions}>
        <Button icon={<DocumentTableRegular />} disabled={busy} onClick={() => void writeSheet()}>Write sheet</Button>
        <Button icon={<HighlightRegular />} disabled={busy} onClick={() => void mark()}>Mark in Lots</Button>
        <Button icon={<ArrowSyncRegular />} aria-label="Reload expiring lots" appearance="subtle" onClick={() => void refresh()} />
      </div>
      <NoticeBar notice={notice} />
    </section>
  );
}
