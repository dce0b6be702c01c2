/**
 * Production runs: choose the product, take the output lot code from the pattern, add the input lots (scan,
 * search or a FEFO suggestion), check what the pane says about each, save. Saving writes the run, its CONSUME and
 * PRODUCE movements, the output lot in quarantine and the batch production record sheet.
 *
 * The run id is made when a run starts, so Save pressed twice (or retried after a failure) writes once.
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
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, DeleteRegular, SaveRegular, SparkleRegular } from '@fluentui/react-icons';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { inputCandidates, parseDecimal, planRun, suggestInputs, suggestOutputLot, type RunField, type RunInput, type RunInputLine, type RunTables } from '../../app/produce';
import { isoDate, todayIso } from '../../domain/dates';
import { formatMoney, formatQty } from '../../domain/fixed';
import { parseGs1, summarizeGs1 } from '../../domain/gs1';
import { newId } from '../../domain/ids';
import type { IsoDate, Lot, Qty } from '../../domain/types';
import { Notice, type NoticeMessage } from '../components/Notice';
import { CodeText } from '../components/CodeText';
import { focusField } from '../components/focus-field';
import { Reading } from '../components/Reading';
import { describeError, officeDetails, plural, READING_WORDS, runErrorTitle } from '../messages';
import { useCommands, useNow, useServices } from '../services';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  fields: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  // Two columns where they fit, one at 320 px (a date field squeezed to half of 320 px shows "mm/dd/yyy").
  pair: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 11rem), 1fr))', gap: tokens.spacingHorizontalS },
  // Lot codes are never cut or wrapped inside.
  code: { whiteSpace: 'nowrap' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  item: { border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, padding: tokens.spacingHorizontalS, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  itemHead: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap' },
  meta: { color: tokens.colorNeutralForeground3 },
  problem: { color: tokens.colorPaletteRedForeground1 },
});

interface Form {
  readonly outputSku: string;
  readonly outputLot: string;
  readonly plannedQuantity: string;
  readonly actualQuantity: string;
  readonly conversionCost: string;
  readonly date: string;
  readonly location: string;
  readonly expiry: string;
  readonly expiryReason: string;
  readonly note: string;
}

interface Draft {
  readonly form: Form;
  readonly inputs: readonly RunInputLine[];
  readonly ids: { readonly run: string; readonly log: string };
  readonly saved: boolean;
}

const emptyForm = (today: string): Form => ({ outputSku: '', outputLot: '', plannedQuantity: '', actualQuantity: '', conversionCost: '', date: today, location: '', expiry: '', expiryReason: '', note: '' });
const newDraft = (today: string): Draft => ({ form: emptyForm(today), inputs: [], ids: { run: newId('R'), log: newId('L') }, saved: false });

interface RunNotice extends NoticeMessage {
  readonly field?: RunField;
}

const STATUS_COLOR = { released: 'success', quarantine: 'warning', hold: 'danger', recalled: 'danger', rejected: 'danger' } as const;

export function ProducePane() {
  const styles = useStyles();
  const { user, today: todayText } = useServices();
  const commands = useCommands();
  const now = useNow();
  const today: IsoDate = isoDate(todayText()) ?? todayIso();

  const [tables, setTables] = useState<RunTables | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft>(() => newDraft(today));
  const [search, setSearch] = useState('');
  const [suggestSku, setSuggestSku] = useState('');
  const [suggestQty, setSuggestQty] = useState('');
  const [notice, setNotice] = useState<RunNotice | null>(null);
  const [outcome, setOutcome] = useState<RunNotice | null>(null);
  const [saving, setSaving] = useState(false);
  /** The form's inputs by field, so that a refusal takes the person to the field it is about. */
  const fieldRefs = useRef(new Map<RunField, HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>());
  const fieldRef = (field: RunField) => (el: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null) => {
    if (el) fieldRefs.current.set(field, el);
    else fieldRefs.current.delete(field);
  };

  const load = useCallback(async () => {
    try {
      setTables(await commands.readRunTables());
      setLoadError(null);
    } catch (e) {
      setLoadError(describeError(e));
    }
  }, [commands]);
  useEffect(() => {
    void load();
  }, [load]);

  const products = useMemo(() => tables?.Products.rows ?? [], [tables]);
  const productOf = (sku: string) => products.find((p) => p.sku === sku);
  const runDate = isoDate(draft.form.date) ?? today;
  const onHand = useMemo(() => {
    const m = new Map<string, Qty>();
    for (const mv of tables?.Movements.rows ?? []) m.set(`${mv.sku}\u0000${mv.lot}`, ((m.get(`${mv.sku}\u0000${mv.lot}`) ?? 0) + mv.qty) as Qty);
    return m;
  }, [tables]);

  /** Any change after a save starts the next run: new ids, so the next Save is a new run, not a retry. */
  const change = (update: (d: Draft) => Draft) => {
    setOutcome(null);
    setDraft((prev) => update(prev.saved ? { ...newDraft(today), form: { ...prev.form, outputLot: '' }, inputs: prev.inputs } : prev));
  };
  const edit = (field: keyof Form, value: string) =>
    change((d) => {
      const form = { ...d.form, [field]: value };
      // A new product or day gets the next lot code from the pattern; a typed code is kept otherwise.
      if ((field === 'outputSku' || field === 'date') && tables && form.outputSku !== '') {
        const next = suggestOutputLot(tables, form.outputSku, isoDate(form.date) ?? today);
        form.outputLot = next.ok ? next.lot : '';
        if (!next.ok) setNotice({ intent: 'error', title: runErrorTitle(next.code), text: next.message });
      }
      return { ...d, form };
    });

  const addLine = (line: RunInputLine) => change((d) => ({ ...d, inputs: [...d.inputs, line] }));
  const setLineQty = (i: number, quantity: string) => change((d) => ({ ...d, inputs: d.inputs.map((l, j) => (j === i ? { ...l, quantity } : l)) }));
  const removeLine = (i: number) => change((d) => ({ ...d, inputs: d.inputs.filter((_, j) => j !== i) }));

  // ------------------------------------------------------------------------------------------------ finding lots

  const matches = useMemo(() => {
    const s = search.trim().toLowerCase();
    if (!tables || s === '') return [];
    return tables.Lots.rows.filter((l) => l.lot.toLowerCase().includes(s) || l.sku.toLowerCase().includes(s) || l.supplierLot.toLowerCase().includes(s)).slice(0, 8);
  }, [tables, search]);

  const addLot = (lot: Lot) => {
    const free = onHand.get(`${lot.sku}\u0000${lot.lot}`) ?? 0;
    addLine({ sku: lot.sku, lot: lot.lot, quantity: '' });
    setNotice({ intent: 'info', title: 'Input added', text: `${lot.sku} / ${lot.lot}: ${lot.status}, ${formatQty(free as Qty, productOf(lot.sku)?.decimals ?? 3)} ${productOf(lot.sku)?.unit ?? ''} on hand. Enter the quantity used.` });
    setSearch('');
  };

  /** Enter in the search field: a scanned GS1 label (lot and GTIN) or a typed lot code that names one lot. */
  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter' || !tables) return;
    e.preventDefault();
    const raw = search.trim();
    if (raw === '') return;
    let lotCode = raw;
    let sku: string | undefined;
    if (/^(\]C1|\]d2|\]Q3|\(|\x1d)/.test(raw)) {
      const parsed = parseGs1(raw, { today });
      if (!parsed.ok) {
        setNotice({ intent: 'error', title: 'Scan not read', text: parsed.message });
        return;
      }
      const s = summarizeGs1(parsed.elements);
      if (s.lot === undefined) {
        setNotice({ intent: 'error', title: 'No lot in the scan', text: 'The label has no lot number (AI 10); scan the lot label or type the lot code.' });
        return;
      }
      lotCode = s.lot;
      sku = s.gtin ? products.find((p) => p.gtin !== '' && p.gtin.padStart(14, '0') === s.gtin!.padStart(14, '0'))?.sku : undefined;
    }
    const found = tables.Lots.rows.filter((l) => l.lot.toLowerCase() === lotCode.toLowerCase() && (sku === undefined || l.sku === sku));
    if (found.length === 1) addLot(found[0]!);
    else if (found.length === 0) setNotice({ intent: 'error', title: 'No such lot', text: `No lot ${lotCode} in Lots${sku ? ` for ${sku}` : ''}.` });
    else setNotice({ intent: 'warning', title: 'Several lots', text: `Lot code ${lotCode} exists for ${found.map((l) => l.sku).join(', ')}: choose one below.` });
  };

  const suggest = () => {
    if (!tables || suggestSku === '') return;
    const p = productOf(suggestSku);
    const q = parseDecimal(suggestQty, 3, Math.min(3, Math.max(0, p?.decimals ?? 3)));
    if (q === null || q <= 0) {
      setNotice({ intent: 'error', title: 'Quantity needed', text: `Enter how much ${suggestSku} the run needs${p ? `, in ${p.unit}` : ''}.` });
      return;
    }
    const s = suggestInputs(tables, suggestSku, q as Qty, runDate);
    if (s.lines.length) change((d) => ({ ...d, inputs: [...d.inputs, ...s.lines] }));
    const short = s.short > 0 ? ` Short by ${formatQty(s.short, p?.decimals ?? 3)} ${p?.unit ?? ''}: no other released, unexpired lot has stock.` : '';
    setNotice({ intent: s.short > 0 ? 'warning' : 'info', title: 'FEFO suggestion', text: `${s.lines.length ? `Added ${s.lines.map((l) => `${l.lot} (${l.quantity})`).join(', ')}, earliest expiry first.` : 'No lot can be used.'}${short}` });
  };

  // ------------------------------------------------------------------------------------------------ live check

  const input: RunInput = { ...draft.form, inputs: draft.inputs };
  const live = useMemo(() => {
    if (!tables || draft.saved || draft.form.outputSku === '') return null;
    return planRun({ ...draft.form, inputs: draft.inputs }, tables, { user, today, now: now(), ids: draft.ids });
  }, [tables, draft, user, today, now]);
  const problemsByIndex = new Map((live && !live.ok ? (live.inputProblems ?? []) : []).map((p) => [p.index, p.message]));
  const lineIndex = (i: number) => draft.inputs.slice(0, i + 1).filter((l) => l.sku !== '' || l.lot !== '' || l.quantity !== '').length - 1;
  const defaultExpiry = live?.ok ? live.defaultExpiry : null;

  const save = async () => {
    setSaving(true);
    setOutcome(null);
    try {
      const out = await commands.produce(input, { user, today, now: now(), ids: draft.ids });
      if (!out.ok) {
        setOutcome({ intent: 'error', title: runErrorTitle(out.code), text: out.message, field: out.field });
        if (out.field) focusField(fieldRefs.current.get(out.field));
        return;
      }
      const qty = `${formatQty(out.run.actualQty, out.product.decimals)} ${out.product.unit}`;
      if (out.written.runs === 0 && out.alreadySaved) {
        setOutcome({ intent: 'success', title: 'Already saved', text: `Run ${out.run.id} is in the workbook already; nothing was written twice.` });
      } else {
        const cost = out.unitCost === null ? '' : ` Unit cost ${formatMoney(out.unitCost)}${out.uncosted.length ? ` (incomplete: ${out.uncosted.map((u) => `${u.sku} / ${u.lot}`).join(', ')} without unit cost, counted as 0)` : ''}.`;
        setOutcome({ intent: out.uncosted.length ? 'warning' : 'success', title: 'Run saved', text: `Made ${qty} of ${out.run.outputSku} lot ${out.run.outputLot}, in quarantine until QA releases it.${cost} Batch record: sheet "${out.written.sheet ?? ''}".` });
      }
      setDraft((prev) => (prev.ids === draft.ids ? { ...prev, form: { ...prev.form, outputLot: out.run.outputLot }, saved: true } : prev));
      void load();
    } catch (e) {
      const details = officeDetails(e);
      setOutcome({ intent: 'error', title: 'Not saved', text: `${describeError(e)}${details ? ` (${details})` : ''} Nothing was written; you can save again.` });
    } finally {
      setSaving(false);
    }
  };

  const startOver = () => {
    setDraft(newDraft(today));
    setOutcome(null);
    setNotice(null);
  };

  // The refusal's words at the field it is about (not only a title), so that at 320 px the reason is in view.
  const fieldError = (field: RunField) => (outcome?.intent === 'error' && outcome.field === field ? { validationState: 'error' as const, validationMessage: <CodeText text={outcome.text} /> } : {});
  const text = (field: keyof Form & RunField, label: string, extra: { type?: 'date'; inputMode?: 'decimal'; contentAfter?: string; placeholder?: string } = {}) => (
    <Field label={label} {...fieldError(field)}>
      <Input ref={fieldRef(field)} value={draft.form[field]} type={extra.type} inputMode={extra.inputMode} contentAfter={extra.contentAfter} placeholder={extra.placeholder} onChange={(_, d) => edit(field, d.value)} />
    </Field>
  );
  const outProduct = productOf(draft.form.outputSku);
  const expiryChanged = draft.form.expiry.trim() !== '' && draft.form.expiry.trim() !== (defaultExpiry ?? '');
  const componentSkus = products.filter((p) => p.kind !== 'finished' || p.sku !== draft.form.outputSku);

  return (
    <div className={styles.stack}>
      {loadError && (
        <Notice intent="error" title="Cannot read the workbook">
          {loadError}
        </Notice>
      )}
      <Card>
        <CardHeader header={<Subtitle2 as="h2">Output</Subtitle2>} description={<Caption1>The new lot starts in quarantine.</Caption1>} />
        {!tables && !loadError && <Reading label={READING_WORDS.produce} />}
        <div className={styles.fields}>
          <Field label="Output product" {...fieldError('outputSku')}>
            <Select ref={fieldRef('outputSku')} value={draft.form.outputSku} onChange={(_, d) => edit('outputSku', d.value)} disabled={!tables}>
              <option value="">{!tables ? (loadError ? 'Products cannot be read' : 'Reading products…') : products.length ? 'Choose a product' : 'No products in the workbook'}</option>
              {products.map((p) => (
                <option key={p.sku} value={p.sku}>
                  {p.sku}: {p.description}
                </option>
              ))}
            </Select>
          </Field>
          {text('outputLot', 'Output lot', { placeholder: 'from the lot pattern' })}
          <div className={styles.pair}>
            {text('plannedQuantity', 'Planned quantity', { inputMode: 'decimal', contentAfter: outProduct?.unit })}
            {text('actualQuantity', 'Actual quantity', { inputMode: 'decimal', contentAfter: outProduct?.unit })}
          </div>
          <div className={styles.pair}>
            {text('conversionCost', 'Conversion cost', { inputMode: 'decimal' })}
            {text('date', 'Manufacture date', { type: 'date' })}
          </div>
          <Field label="Location">
            <Input value={draft.form.location} onChange={(_, d) => edit('location', d.value)} />
          </Field>
        </div>
      </Card>

      <Card>
        <CardHeader header={<Subtitle2 as="h2">Inputs</Subtitle2>} description={<Caption1>Only released, unexpired lots with stock can be consumed.</Caption1>} />
        <Field label="Find input lot" hint="Scan a lot label, or type a lot code, SKU or supplier lot; Enter adds an exact lot code.">
          <Input value={search} autoComplete="off" spellCheck={false} onChange={(_, d) => setSearch(d.value)} onKeyDown={onSearchKey} />
        </Field>
        {matches.length > 0 && (
          <ul className={styles.list} aria-label="Matching lots">
            {matches.map((l) => {
              const p = productOf(l.sku);
              const q = onHand.get(`${l.sku}\u0000${l.lot}`) ?? (0 as Qty);
              return (
                <li key={`${l.sku}/${l.lot}`} className={styles.item}>
                  <div className={styles.itemHead}>
                    <span>
                      <span className={styles.code}>{l.sku}</span> / <span className={styles.code} data-lot-code>{l.lot}</span>
                    </span>
                    <Button size="small" icon={<AddRegular />} aria-label={`Add ${l.sku} / ${l.lot}`} onClick={() => addLot(l)}>
                      Add
                    </Button>
                  </div>
                  <Caption1 className={styles.meta}>
                    <Badge appearance="tint" color={STATUS_COLOR[l.status]}>
                      {l.expiry !== null && l.expiry < runDate && l.status === 'released' ? 'expired' : l.status}
                    </Badge>{' '}
                    expiry {l.expiry ?? 'none'} · {formatQty(q, p?.decimals ?? 3)} {p?.unit} on hand
                  </Caption1>
                </li>
              );
            })}
          </ul>
        )}
        <div className={styles.pair}>
          <Field label="Suggest lots of">
            <Select value={suggestSku} onChange={(_, d) => setSuggestSku(d.value)}>
              <option value="">Component</option>
              {componentSkus.map((p) => (
                <option key={p.sku} value={p.sku}>
                  {p.sku}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Quantity needed">
            <Input value={suggestQty} inputMode="decimal" onChange={(_, d) => setSuggestQty(d.value)} contentAfter={productOf(suggestSku)?.unit} />
          </Field>
        </div>
        <div className={styles.actions}>
          <Button icon={<SparkleRegular />} onClick={suggest} disabled={!tables || suggestSku === ''}>
            Suggest FEFO
          </Button>
        </div>
        {notice && (
          <Notice intent={notice.intent} title={notice.title} live label="Input notice" role="region">
            {notice.text}
          </Notice>
        )}
        {draft.inputs.length === 0 ? (
          <Caption1>No inputs yet.</Caption1>
        ) : (
          <ul className={styles.list} aria-label="Run inputs">
            {draft.inputs.map((line, i) => {
              const lot = tables?.Lots.rows.find((l) => l.sku === line.sku && l.lot === line.lot);
              const p = productOf(line.sku);
              const cand = tables && lot ? inputCandidates(tables, line.sku, runDate).find((c) => c.lot.lot === line.lot) : undefined;
              const problem = problemsByIndex.get(lineIndex(i));
              return (
                <li key={i} className={styles.item}>
                  <div className={styles.itemHead}>
                    <span>
                      <span className={styles.code}>{line.sku}</span> / <span className={styles.code} data-lot-code>{line.lot}</span>
                    </span>
                    <Button size="small" appearance="subtle" icon={<DeleteRegular />} aria-label={`Remove ${line.sku} / ${line.lot}`} onClick={() => removeLine(i)} />
                  </div>
                  {lot && (
                    <Caption1 className={styles.meta}>
                      <Badge appearance="tint" color={cand?.blocked === 'expired' ? 'danger' : STATUS_COLOR[lot.status]}>
                        {cand?.blocked === 'expired' ? 'expired' : lot.status}
                      </Badge>{' '}
                      expiry {lot.expiry ?? 'none'} · {formatQty(cand?.onHand ?? (0 as Qty), p?.decimals ?? 3)} {p?.unit} on hand
                    </Caption1>
                  )}
                  <Field label={`Quantity of ${line.sku} / ${line.lot}`} {...(problem ? { validationState: 'error' as const, validationMessage: <CodeText text={problem} /> } : {})}>
                    <Input value={line.quantity} inputMode="decimal" contentAfter={p?.unit} onChange={(_, d) => setLineQty(i, d.value)} />
                  </Field>
                </li>
              );
            })}
          </ul>
        )}
      </Card>

      <Card>
        <CardHeader header={<Subtitle2 as="h2">Expiry and save</Subtitle2>} description={<Caption1>{defaultExpiry ? `Default expiry ${defaultExpiry}: the earlier of shelf life and the earliest input expiry.` : 'The default expiry appears when the run is complete.'}</Caption1>} />
        <div className={styles.fields}>
          {text('expiry', 'Output expiry', { type: 'date' })}
          {expiryChanged && (
            <Field label="Why a different expiry" required {...fieldError('expiryReason')}>
              <Textarea ref={fieldRef('expiryReason')} value={draft.form.expiryReason} onChange={(_, d) => edit('expiryReason', d.value)} />
            </Field>
          )}
          <Field label="Note">
            <Textarea value={draft.form.note} onChange={(_, d) => edit('note', d.value)} resize="vertical" />
          </Field>
        </div>
        {live && !live.ok && draft.form.outputSku !== '' && (
          <Notice intent="warning" title={runErrorTitle(live.code)} label="Before saving" role="region">
            {live.message}
          </Notice>
        )}
        {live?.ok && (
          <Caption1 aria-label="Run summary">
            {`${plural(live.components.length, 'input')} · yield ${Math.floor(live.yieldPermille / 10)}.${live.yieldPermille % 10}% · unit cost ${live.unitCost === null ? 'not known' : formatMoney(live.unitCost)}${live.uncosted.length ? ' (incomplete)' : ''}`}
          </Caption1>
        )}
        {live?.ok && live.uncosted.length > 0 && (
          <Notice intent="warning" title="Input without unit cost" label="Cost warning" role="region">
            {`${live.uncosted.map((u) => `${u.sku} / ${u.lot}`).join(', ')} ${live.uncosted.length === 1 ? 'was' : 'were'} received without a unit cost, so the run's cost counts ${live.uncosted.length === 1 ? 'it' : 'them'} as 0. Enter the unit cost in Lots (Unit Cost) first, or save and correct it later; the batch record says the cost is incomplete.`}
          </Notice>
        )}
        <div className={styles.actions}>
          <Button appearance="primary" icon={<SaveRegular />} onClick={() => void save()} disabled={saving || !tables}>
            {saving ? 'Saving…' : 'Save run'}
          </Button>
          <Button icon={<AddRegular />} onClick={startOver} disabled={saving}>
            New run
          </Button>
        </div>
        {outcome && (
          <Notice intent={outcome.intent} title={outcome.title} live label="Run result" role="region">
            {outcome.text}
          </Notice>
        )}
      </Card>
    </div>
  );
}
