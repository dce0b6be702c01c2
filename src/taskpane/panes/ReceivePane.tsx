/**
 * Receiving at the dock: scan the supplier's case label with the webcam or a handheld scanner, check the form,
 * save. The lot lands in Lots (in quarantine until QA releases it) and a RECEIVE movement in Movements.
 *
 * Several scans fill one receipt (a case label, then a separate lot label): each fills only the fields it has.
 * Ids are made when a receipt starts, so Save pressed twice (or retried after a failure) writes once.
 */
import {
  Button,
  Caption1,
  Card,
  CardHeader,
  Checkbox,
  Field,
  Input,
  Select,
  Subtitle2,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, SaveRegular } from '@fluentui/react-icons';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { normalizeGtin, planReceipt, quantityFromScan, readReceiptTables, receive, type ReceiptField, type ReceiptInput, type ReceiptTables } from '../../app/receive';
import { isoDate, todayIso } from '../../domain/dates';
import { formatQty } from '../../domain/fixed';
import { countryByNumeric } from '../../domain/countries';
import { parseGs1, receiptExpiry, summarizeGs1 } from '../../domain/gs1';
import { newId } from '../../domain/ids';
import type { IsoDate, Product } from '../../domain/types';
import { beep } from '../../scanner/camera-scanner';
import { CameraScan } from '../components/CameraScan';
import { Notice, type NoticeMessage } from '../components/Notice';
import { useWedgeField } from '../components/useWedgeField';
import { describeError, officeDetails, receiptErrorTitle } from '../messages';
import { useServices } from '../services';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  fields: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  pair: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)', gap: tokens.spacingHorizontalS },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

type FormField = Exclude<ReceiptField, 'received'>;
type Form = Readonly<Record<FormField, string>>;

const EMPTY: Form = {
  gtin: '',
  sku: '',
  lot: '',
  expiry: '',
  productionDate: '',
  quantity: '',
  supplier: '',
  supplierLot: '',
  origin: '',
  location: '',
  unitCost: '',
  poRef: '',
  coaRef: '',
  note: '',
};

interface Receipt {
  readonly form: Form;
  readonly ids: { readonly movement: string; readonly log: string };
  readonly confirmExpiry: boolean;
  /** Scan texts applied to this receipt: a label still in front of the camera is read again and again. */
  readonly scans: readonly string[];
  /** Saved with these ids: the next edit or scan starts a new receipt. */
  readonly saved: boolean;
}

const newReceipt = (form: Form = EMPTY): Receipt => ({ form, ids: { movement: newId('M'), log: newId('L') }, confirmExpiry: false, scans: [], saved: false });

interface ReceiptNotice extends NoticeMessage {
  readonly field?: ReceiptField;
}

const FNC1_KEY = 'lotbook.fnc1Substitute';

function productByGtin(products: readonly Product[], gtin: string): Product | undefined {
  const g = normalizeGtin(gtin);
  return g === null ? undefined : products.find((p) => normalizeGtin(p.gtin) === g);
}

export function ReceivePane() {
  const styles = useStyles();
  const { workbook, user, today: todayText, outbox } = useServices();
  const today: IsoDate = isoDate(todayText()) ?? todayIso();

  const [tables, setTables] = useState<ReceiptTables | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [receipt, setReceiptState] = useState<Receipt>(() => newReceipt());
  // Scans arrive from outside React (key events, camera frames) and may come faster than renders: they build on
  // the latest receipt, kept here as soon as it is set.
  const receiptRef = useRef(receipt);
  const commit = useCallback((next: Receipt) => {
    receiptRef.current = next;
    setReceiptState(next);
  }, []);
  const setReceipt = (update: (prev: Receipt) => Receipt) => commit(update(receiptRef.current));
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<ReceiptNotice | null>(null);
  const [scanNotice, setScanNotice] = useState<ReceiptNotice | null>(null);
  const [fnc1Substitute, setFnc1Substitute] = useState<string>(() => {
    try {
      return window.localStorage.getItem(FNC1_KEY) ?? '';
    } catch {
      return '';
    }
  });


  const load = useCallback(async () => {
    try {
      setTables(await readReceiptTables(workbook));
      setLoadError(null);
    } catch (e) {
      setLoadError(describeError(e));
    }
  }, [workbook]);

  useEffect(() => {
    void load();
  }, [load]);

  const products = useMemo(() => tables?.Products.rows ?? [], [tables]);
  const { form } = receipt;
  const product = form.sku !== '' ? products.find((p) => p.sku === form.sku) : productByGtin(products, form.gtin);

  // ------------------------------------------------------------------------------------------------ scans

  const applyScan = useCallback(
    (text: string) => {
      const current = receiptRef.current;
      if (current.scans.includes(text)) {
        // Re-reading the same label must not undo the user's corrections, nor start a second receipt of a lot
        // just saved (the next Save would receive it twice).
        if (current.saved) setScanNotice({ intent: 'info', title: 'Same label', text: 'This label was just received. To receive it again, press New receipt first.' });
        return;
      }
      const parsed = parseGs1(text, { today });
      if (!parsed.ok) {
        setScanNotice({ intent: 'error', title: 'Scan not read', text: `${parsed.message} Nothing was changed.` });
        return;
      }
      const s = summarizeGs1(parsed.elements);
      const filled: string[] = [];
      const prev = receiptRef.current;
      const base = prev.saved ? newReceipt() : prev;
      const next: Record<FormField, string> = { ...base.form };
      if (s.gtin !== undefined) {
        next.gtin = s.gtin;
        next.sku = productByGtin(products, s.gtin)?.sku ?? '';
        filled.push('GTIN');
      }
      if (s.lot !== undefined) {
        next.lot = s.lot;
        filled.push('lot');
      }
      const expiry = receiptExpiry(s);
      if (expiry !== undefined) {
        next.expiry = expiry.date;
        filled.push(expiry.from === 'best-before' ? 'expiry (from the best-before date)' : 'expiry');
      }
      if (s.productionDate !== undefined) {
        next.productionDate = s.productionDate;
        filled.push('production date');
      }
      const scanned = next.sku !== '' ? products.find((p) => p.sku === next.sku) : undefined;
      const qty = quantityFromScan(s, scanned);
      if (qty !== undefined) {
        next.quantity = qty;
        filled.push('quantity');
      }
      if (s.purchaseOrder !== undefined) {
        next.poRef = s.purchaseOrder;
        filled.push('PO reference');
      }
      if (s.countryOfOrigin !== undefined) {
        // The parser let only real ISO 3166 codes through; Origin holds the alpha-2 code a person would type.
        const country = countryByNumeric(s.countryOfOrigin);
        if (country) {
          next.origin = country.alpha2;
          filled.push(`origin (${country.name})`);
        }
      }
      if (filled.length === 0) {
        setScanNotice({ intent: 'warning', title: 'Nothing to fill', text: 'The scan has no GTIN, lot, dates or quantity. Nothing was changed.' });
        return;
      }
      commit({ ...base, form: next, confirmExpiry: false, scans: [...base.scans, text] });
      beep();
      setOutcome(null);
      setScanNotice({ intent: 'info', title: 'Scanned', text: `Filled ${filled.join(', ')} from the scan.` });
    },
    [products, today, commit],
  );
  // The wedge binding and the camera outlive renders; they call the latest applyScan through this ref.
  const applyScanRef = useRef(applyScan);
  applyScanRef.current = applyScan;

  const scanField = useWedgeField((text) => applyScanRef.current(text), { fnc1Substitute });

  // ------------------------------------------------------------------------------------------------ form

  const edit = (field: FormField, value: string) => {
    setOutcome(null);
    setReceipt((prev) => {
      // An edit after saving is the next receipt (e.g. a second pallet of the same lot): new ids, same fields.
      const base = prev.saved ? newReceipt(prev.form) : prev;
      const next: Record<FormField, string> = { ...base.form, [field]: value };
      if (field === 'gtin') {
        const found = productByGtin(products, value);
        next.sku = found?.sku ?? '';
      }
      if (field === 'sku') {
        const chosen = products.find((p) => p.sku === value);
        if (next.gtin !== '' && (!chosen || normalizeGtin(chosen.gtin) !== normalizeGtin(next.gtin))) next.gtin = '';
      }
      return { ...base, form: next, confirmExpiry: field === 'expiry' || field === 'lot' || field === 'sku' || field === 'gtin' ? false : base.confirmExpiry };
    });
  };

  const input: ReceiptInput = { ...form, confirmExpiryMismatch: receipt.confirmExpiry };
  // Warnings as the user types, against the last read (receive() reads again before it writes).
  const live = useMemo(() => {
    const f = receipt.form;
    if (!tables || receipt.saved || (f.gtin === '' && f.sku === '' && f.lot === '')) return null;
    return planReceipt({ ...f, confirmExpiryMismatch: receipt.confirmExpiry }, tables, { user, today, ids: receipt.ids });
  }, [tables, receipt, user, today]);
  const needsConfirmation = live !== null && !live.ok && live.needsConfirmation === true;
  const confirmed = live?.ok ? live.warnings.find((w) => w.code === 'expiry-mismatch-confirmed') : undefined;
  const mismatch = live !== null && !live.ok && live.code === 'expiry-mismatch' ? live.message : (confirmed?.message ?? null);
  const warnings = live?.ok ? live.warnings.filter((w) => w.code !== 'expiry-mismatch-confirmed') : [];

  const save = async () => {
    setSaving(true);
    setOutcome(null);
    try {
      const out = await receive(workbook, input, { user, today, ids: receipt.ids });
      if (!out.ok) {
        setOutcome({ intent: 'error', title: receiptErrorTitle(out.code), text: out.message, field: out.field });
        return;
      }
      const qty = `${formatQty(out.movement.qty, out.product.decimals)} ${out.product.unit}`;
      const lotName = `${out.lot.sku} lot ${out.lot.lot}`;
      if (out.written.movements === 0) {
        setOutcome({ intent: 'success', title: 'Already saved', text: `This receipt of ${qty} of ${lotName} is in the workbook already; nothing was written twice.` });
      } else {
        const where = out.newLot ? 'a new lot, in quarantine until QA releases it' : `an existing lot (${out.lot.status})`;
        setOutcome({ intent: 'success', title: 'Received', text: `Received ${qty} of ${lotName}: ${where}.` });
      }
      setReceipt((prev) => (prev.ids === receipt.ids ? { ...prev, saved: true } : prev));
      setScanNotice(null);
      void load();
    } catch (e) {
      // Excel could not be reached: no receipt is lost. Plan it against the last read and keep it in the outbox
      // (IndexedDB), which writes it exactly once when the workbook answers again.
      const offline = outbox && tables ? planReceipt(input, tables, { user, today, ids: receipt.ids }) : null;
      if (offline?.ok) {
        // Only appends are queued: the Lots On Hand copy is refreshed from the ledger by the next receipt or check.
        const r = await outbox!.submit(workbook, { id: receipt.ids.movement, label: `Receipt of ${offline.lot.sku} lot ${offline.lot.lot}`, batch: { append: offline.batch.append } });
        if (r.ok || r.pending) {
          const qty = `${formatQty(offline.movement.qty, offline.product.decimals)} ${offline.product.unit}`;
          setOutcome(
            r.ok
              ? { intent: 'success', title: 'Received', text: `Received ${qty} of ${offline.lot.sku} lot ${offline.lot.lot}.` }
              : { intent: 'warning', title: 'Not in the workbook yet', text: r.message },
          );
          setReceipt((prev) => (prev.ids === receipt.ids ? { ...prev, saved: true } : prev));
          return;
        }
      }
      const details = officeDetails(e);
      setOutcome({ intent: 'error', title: 'Not saved', text: `${describeError(e)}${details ? ` (${details})` : ''} Nothing was written; you can save again.` });
    } finally {
      setSaving(false);
    }
  };

  const startOver = () => {
    commit(newReceipt());
    setOutcome(null);
    setScanNotice(null);
  };

  const fieldError = (field: ReceiptField) => (outcome?.intent === 'error' && outcome.field === field ? { validationState: 'error' as const, validationMessage: outcome.title } : {});
  const text = (field: FormField, label: string, extra: { type?: 'date'; inputMode?: 'decimal'; contentAfter?: string } = {}) => (
    <Field label={label} {...fieldError(field)}>
      <Input
        value={form[field]}
        type={extra.type}
        inputMode={extra.inputMode}
        contentAfter={extra.contentAfter}
        onChange={(_, d) => edit(field, d.value)}
      />
    </Field>
  );

  const gtinHint = form.gtin === '' ? undefined : productByGtin(products, form.gtin);

  return (
    <div className={styles.stack}>
      <Card>
        <CardHeader header={<Subtitle2 as="h2">Scan</Subtitle2>} description={<Caption1>Scan the case label, then a lot label if it is separate.</Caption1>} />
        <Field label="Scan field" hint="A handheld scanner types here; press Enter to read what you typed.">
          <Input ref={scanField.ref} value={scanField.value} autoComplete="off" spellCheck={false} placeholder="Scan or type a barcode" />
        </Field>
        {scanNotice && (
          <Notice intent={scanNotice.intent} title={scanNotice.title} live>
            {scanNotice.text}
          </Notice>
        )}
        <CameraScan onScan={(text) => applyScanRef.current(text)} />
        <Field label="Scanner types GS as" hint="Leave empty unless your scanner sends a character such as | for the GS1 separator.">
          <Input
            value={fnc1Substitute}
            maxLength={1}
            onChange={(_, d) => {
              setFnc1Substitute(d.value);
              try {
                window.localStorage.setItem(FNC1_KEY, d.value);
              } catch {
                // Private windows may refuse storage; the setting then lasts for this session.
              }
            }}
          />
        </Field>
      </Card>

      <Card>
        <CardHeader header={<Subtitle2 as="h2">Receipt</Subtitle2>} description={<Caption1>New lots start in quarantine until QA releases them.</Caption1>} />
        {loadError && (
          <Notice intent="error" title="Cannot read the workbook">
            {loadError}
          </Notice>
        )}
        <div className={styles.fields}>
          <Field
            label="GTIN"
            {...(gtinHint ? { validationState: 'success' as const, validationMessage: `${gtinHint.sku}: ${gtinHint.description}` } : {})}
            {...(form.gtin !== '' && !gtinHint && tables ? { validationState: 'error' as const, validationMessage: 'unknown GTIN' } : {})}
            {...fieldError('gtin')}
          >
            <Input value={form.gtin} inputMode="numeric" onChange={(_, d) => edit('gtin', d.value)} />
          </Field>
          <Field label="Product" {...fieldError('sku')}>
            <Select value={form.sku} onChange={(_, d) => edit('sku', d.value)}>
              <option value="">{products.length ? 'Choose a product' : 'No products'}</option>
              {products.map((p) => (
                <option key={p.sku} value={p.sku}>
                  {p.sku}: {p.description}
                </option>
              ))}
            </Select>
          </Field>
          {text('lot', 'Lot')}
          <div className={styles.pair}>
            {text('expiry', 'Expiry', { type: 'date' })}
            {text('productionDate', 'Production date', { type: 'date' })}
          </div>
          {text('quantity', 'Quantity', { inputMode: 'decimal', contentAfter: product?.unit })}
          {text('supplier', 'Supplier')}
          <div className={styles.pair}>
            {text('supplierLot', 'Supplier lot')}
            {text('origin', 'Origin')}
          </div>
          <div className={styles.pair}>
            {text('location', 'Location')}
            {text('unitCost', 'Unit cost', { inputMode: 'decimal' })}
          </div>
          <div className={styles.pair}>
            {text('poRef', 'PO reference')}
            {text('coaRef', 'COA reference')}
          </div>
          <Field label="Note">
            <Textarea value={form.note} onChange={(_, d) => edit('note', d.value)} resize="vertical" />
          </Field>
        </div>

        {warnings.length > 0 && (
          <Notice intent="warning" title="Check before saving">
            <ul className={styles.list}>
              {warnings.map((w) => (
                <li key={w.code}>{w.message}</li>
              ))}
            </ul>
          </Notice>
        )}
        {mismatch && (
          <Notice intent="warning" title={receiptErrorTitle('expiry-mismatch')}>
            {mismatch}
            <Checkbox
              checked={receipt.confirmExpiry}
              onChange={(_, d) => setReceipt((prev) => ({ ...prev, confirmExpiry: d.checked === true }))}
              label="Receive into the existing lot anyway"
            />
          </Notice>
        )}

        <div className={styles.actions}>
          <Button appearance="primary" icon={<SaveRegular />} onClick={() => void save()} disabled={saving || (needsConfirmation && !receipt.confirmExpiry)}>
            {saving ? 'Saving…' : 'Save receipt'}
          </Button>
          <Button icon={<AddRegular />} onClick={startOver} disabled={saving}>
            New receipt
          </Button>
        </div>
        {outcome && (
          <Notice intent={outcome.intent} title={outcome.title} live>
            {outcome.text}
          </Notice>
        )}
      </Card>
    </div>
  );
}
