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
  Link,
  ProgressBar,
  Select,
  Spinner,
  Subtitle2,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, ArrowClockwiseRegular, BoxMultipleRegular, SaveRegular, TableAddRegular } from '@fluentui/react-icons';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { checkGtin, type ProductInput } from '../../app/products';
import { lotSwallowedDate, previewReceipt, quantityFromScan, readReceivingScan, type ReceiptField, type ReceiptInput } from '../../app/receive';
import { isoDate, todayIso } from '../../domain/dates';
import { formatQty } from '../../domain/fixed';
import { countryByNumeric } from '../../domain/countries';
import { normalizeGtin, receiptExpiry } from '../../domain/gs1';
import { newId } from '../../domain/ids';
import { rulesOf } from '../../domain/rules';
import type { IsoDate, Product, Qty } from '../../domain/types';
import { beep } from '../components/scan-feedback';
import { CameraScan } from '../components/CameraScan';
import { Notice, type NoticeMessage } from '../components/Notice';
import { EMPTY_PRODUCT, ProductForm } from '../components/ProductForm';
import { useWedgeField } from '../components/useWedgeField';
import { useStagedWorkbookRead } from '../components/useWorkbookRead';
import { EXPIRED_WORDS, FIRST_RUN, READING_WORDS, RECEIVE_RULE_WORDS, RECEIVE_STOCK_WORDS, SCAN_WORDS, describeError, officeDetails, receiptErrorTitle, receiptFieldLabel, scanErrorWords } from '../messages';
import { useNavigate } from '../navigation';
import { useCommands, useServices } from '../services';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  fields: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  // Two fields side by side only where each gets 160 px: a date input needs that much to show its date and its
  // picker button, and a lot code of 20 characters (the GS1 maximum) about as much. In a 320 px pane they stack.
  // Grid auto-fit rather than a media query: in Excel the pane is its own window, in the playground it is not.
  pair: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(160px, 1fr))', gap: tokens.spacingHorizontalS },
  newProduct: { borderLeft: `3px solid ${tokens.colorBrandStroke1}`, paddingLeft: tokens.spacingHorizontalS, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  wrap: { overflowWrap: 'anywhere' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  // The stock line sits where on hand will show, at the start of the line like the text around it.
  stockReading: { justifyContent: 'flex-start' },
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
  /** Why an expired lot is received anyway; it goes to the Log. */
  readonly expiredReason: string;
  /** Scan texts applied to this receipt: a label still in front of the camera is read again and again. */
  readonly scans: readonly string[];
  /** Saved with these ids: the next edit or scan starts a new receipt. */
  readonly saved: boolean;
}

const newReceipt = (form: Form = EMPTY): Receipt => ({ form, ids: { movement: newId('M'), log: newId('L') }, confirmExpiry: false, expiredReason: '', scans: [], saved: false });

interface ReceiptNotice extends NoticeMessage {
  readonly field?: ReceiptField;
  /** What else the user should know (a saved receipt's warnings). */
  readonly notes?: readonly string[];
  /** The parser's own words, shown on request. */
  readonly detail?: string;
}

const FNC1_KEY = 'lotbook.fnc1Substitute';

function productByGtin(products: readonly Product[], gtin: string): Product | undefined {
  const g = normalizeGtin(gtin);
  return g === null ? undefined : products.find((p) => normalizeGtin(p.gtin) === g);
}

export function ReceivePane() {
  const styles = useStyles();
  const { user, today: todayText } = useServices();
  const commands = useCommands();
  const navigate = useNavigate();
  const today: IsoDate = isoDate(todayText()) ?? todayIso();

  // Two stages: the form is usable once Products, Lots and Settings are read; Movements (the ledger, by far the
  // biggest table) follows for on hand and the checks that need it, and says it is still reading until then.
  const {
    value: tables,
    setValue: setTables,
    failure: loadError,
    reload: load,
    followUp: stock,
    retry: retryStock,
  } = useStagedWorkbookRead(
    useCallback(() => commands.readReceiptFormTables(), [commands]),
    useCallback(() => commands.readReceiptStock(), [commands]),
  );
  // A product being added from this pane (an unknown GTIN, or none yet), prefilled with what the receipt knows.
  const [adding, setAdding] = useState<ProductInput | null>(null);
  const [showDetail, setShowDetail] = useState(false);
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



  const products = useMemo(() => tables?.Products.rows ?? [], [tables]);
  // The rules kept in the workbook (Settings): the status new lots start in, the scanner's GS substitute.
  const rules = useMemo(() => rulesOf(tables?.Settings?.rows), [tables]);
  // This computer's own substitute, when one is typed, overrides the workbook's (a scanner is set up per desk).
  const gsSubstitute = fnc1Substitute !== '' ? fnc1Substitute : rules.scannerGsSubstitute;
  const { form } = receipt;
  const product = form.sku !== '' ? products.find((p) => p.sku === form.sku) : productByGtin(products, form.gtin);

  // ------------------------------------------------------------------------------------------------ scans

  const applyScan = useCallback(
    (text: string): boolean => {
      const current = receiptRef.current;
      if (current.scans.includes(text)) {
        // Re-reading the same label must not undo the user's corrections, nor start a second receipt of a lot
        // just saved (the next Save would receive it twice).
        if (current.saved) setScanNotice({ intent: 'info', title: 'Same label', text: 'This label was just received. To receive it again, press New receipt first.' });
        return true;
      }
      const reading = readReceivingScan(text, { today });
      setShowDetail(false);
      if (reading.kind === 'error') {
        setScanNotice({ intent: 'error', title: SCAN_WORDS.notRead, text: `${scanErrorWords(reading.code, reading.ai)} ${SCAN_WORDS.nothingChanged} ${SCAN_WORDS.fixTyped}`, detail: reading.detail });
        return false;
      }
      if (reading.kind === 'plain-lot') {
        const prev = receiptRef.current;
        const base = prev.saved ? newReceipt() : prev;
        commit({ ...base, form: { ...base.form, lot: reading.lot }, confirmExpiry: false, scans: [...base.scans, text] });
        beep();
        setOutcome(null);
        setScanNotice({ intent: 'info', title: 'Scanned', text: SCAN_WORDS.plainLot(reading.lot) });
        return true;
      }
      const s = reading.summary;
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
        return true;
      }
      commit({ ...base, form: next, confirmExpiry: false, scans: [...base.scans, text] });
      beep();
      setOutcome(null);
      const swallowed = s.lot !== undefined ? lotSwallowedDate(s.lot, today) : null;
      setScanNotice(
        swallowed
          ? { intent: 'warning', title: 'Check the lot', text: `Filled ${filled.join(', ')} from the scan. ${swallowed.message}` }
          : { intent: 'info', title: 'Scanned', text: `Filled ${filled.join(', ')} from the scan.` },
      );
      return true;
    },
    [products, today, commit],
  );
  // The wedge binding and the camera outlive renders; they call the latest applyScan through this ref.
  const applyScanRef = useRef(applyScan);
  applyScanRef.current = applyScan;

  const scanField = useWedgeField((text) => applyScanRef.current(text), { fnc1Substitute: gsSubstitute });
  const onCameraScan = (text: string) => {
    applyScanRef.current(text);
  };

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

  const input: ReceiptInput = { ...form, confirmExpiryMismatch: receipt.confirmExpiry, expiredReason: receipt.expiredReason };
  // Warnings as the user types, against the last read (receive() reads again before it writes). Until the stock is
  // read, only what Movements cannot change is shown (previewReceipt): no on hand, no "already in Lots".
  const movements = stock.state === 'read' ? stock.value : null;
  const live = useMemo(() => {
    const f = receipt.form;
    if (!tables || receipt.saved || (f.gtin === '' && f.sku === '' && f.lot === '')) return null;
    return previewReceipt({ ...f, confirmExpiryMismatch: receipt.confirmExpiry, expiredReason: receipt.expiredReason }, tables, movements, { user, today, ids: receipt.ids });
  }, [tables, movements, receipt, user, today]);
  const refusal = live?.refusal ?? null;
  const needsConfirmation = refusal?.needsConfirmation === true;
  const confirmed = live?.warnings.find((w) => w.code === 'expiry-mismatch-confirmed');
  const mismatch = refusal?.code === 'expiry-mismatch' ? refusal.message : (confirmed?.message ?? null);
  // An expired lot asks for a reason before it can be saved, and keeps saying so once the reason is given.
  const expiredWarning = live?.warnings.find((w) => w.code === 'expired');
  const expired = refusal?.code === 'expired' ? refusal.message : (expiredWarning?.message ?? null);
  const warnings = live ? live.warnings.filter((w) => w.code !== 'expiry-mismatch-confirmed' && w.code !== 'expired') : [];
  const plan = live?.plan ?? null;
  // The plan's On Hand is the ledger's sum with this receipt counted once (planReceipt).
  const onHandLine =
    plan && plan.lot.onHand !== null
      ? (() => {
          const { decimals, unit } = plan.product;
          const qty = (q: number) => `${formatQty(q as Qty, decimals)} ${unit}`;
          const lotName = `${plan.lot.sku} / ${plan.lot.lot}`;
          const after = plan.lot.onHand;
          return plan.newLot ? RECEIVE_STOCK_WORDS.newLot(lotName, qty(after)) : RECEIVE_STOCK_WORDS.existingLot(lotName, qty(after - plan.movement.qty), qty(after));
        })()
      : null;

  const save = async () => {
    setSaving(true);
    setOutcome(null);
    try {
      const out = await commands.receive(input, { user, today, ids: receipt.ids });
      if (!out.ok && out.code === 'queued') {
        // Excel could not be reached (and only then: a bug or a refusal is never queued): the receipt, planned
        // against the form's last read, waits on this computer and is written exactly once when Excel answers.
        const { plan, submit } = out;
        const qty = `${formatQty(plan.movement.qty, plan.product.decimals)} ${plan.product.unit}`;
        const notes = plan.warnings.filter((w) => w.code !== 'existing-lot').map((w) => w.message);
        setOutcome(
          submit.ok
            ? { intent: notes.length ? 'warning' : 'success', title: notes.length ? 'Received, with warnings' : 'Received', text: `Received ${qty} of ${plan.lot.sku} lot ${plan.lot.lot}.`, notes }
            : { intent: submit.pending ? 'warning' : 'error', title: submit.pending ? 'Not in the workbook yet' : 'Not saved', text: submit.message, notes },
        );
        if (submit.ok || submit.pending) setReceipt((prev) => (prev.ids === receipt.ids ? { ...prev, saved: true } : prev));
        return;
      }
      if (!out.ok) {
        setOutcome({ intent: 'error', title: receiptErrorTitle(out.code), text: out.message, field: out.field });
        return;
      }
      const qty = `${formatQty(out.movement.qty, out.product.decimals)} ${out.product.unit}`;
      const lotName = `${out.lot.sku} lot ${out.lot.lot}`;
      // The warnings seen before saving stay in the message: an expired or short-dated lot is still one after saving.
      const notes = out.warnings.filter((w) => w.code !== 'existing-lot').map((w) => w.message);
      if (out.written.movements === 0) {
        setOutcome({ intent: 'success', title: 'Already saved', text: `This receipt of ${qty} of ${lotName} is in the workbook already; nothing was written twice.` });
      } else {
        const where = out.newLot ? RECEIVE_RULE_WORDS.newLot(out.lot.status === 'released' ? 'released' : 'quarantine') : `an existing lot (${out.lot.status})`;
        setOutcome({ intent: notes.length ? 'warning' : 'success', title: notes.length ? 'Received, with warnings' : 'Received', text: `Received ${qty} of ${lotName}: ${where}.`, notes });
      }
      setReceipt((prev) => (prev.ids === receipt.ids ? { ...prev, saved: true } : prev));
      setScanNotice(null);
      void load();
    } catch (e) {
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

  // A refused save marks its field with the reason and moves the focus there.
  const fieldRefs = useRef<Partial<Record<ReceiptField, HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null>>>({});
  const setFieldRef = (field: ReceiptField) => (el: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null) => {
    fieldRefs.current[field] = el;
  };
  useEffect(() => {
    if (outcome?.intent === 'error' && outcome.field) fieldRefs.current[outcome.field]?.focus();
  }, [outcome]);
  const fieldError = (field: ReceiptField) =>
    outcome?.intent === 'error' && outcome.field === field ? { validationState: 'error' as const, validationMessage: `${outcome.title}: ${outcome.text}` } : {};
  const text = (field: FormField, label: string, extra: { type?: 'date'; inputMode?: 'decimal'; contentAfter?: string } = {}) => (
    <Field label={label} {...fieldError(field)}>
      <Input
        ref={setFieldRef(field)}
        value={form[field]}
        type={extra.type}
        inputMode={extra.inputMode}
        contentAfter={extra.contentAfter}
        onChange={(_, d) => edit(field, d.value)}
      />
    </Field>
  );

  const gtinHint = form.gtin === '' ? undefined : productByGtin(products, form.gtin);
  // A GTIN no product has: a wrong check digit is a typo to fix; a valid one can become a product right here.
  const gtinCheck = form.gtin !== '' && !gtinHint && tables ? checkGtin(form.gtin) : null;
  const gtinState = gtinHint
    ? { validationState: 'success' as const, validationMessage: `${gtinHint.sku}: ${gtinHint.description}` }
    : gtinCheck
      ? { validationState: 'error' as const, validationMessage: gtinCheck.ok ? `No product has GTIN ${gtinCheck.gtin} yet.` : gtinCheck.message }
      : {};
  const startAdding = () => setAdding({ ...EMPTY_PRODUCT, gtin: gtinCheck?.ok ? gtinCheck.gtin : '' });
  const productAdded = (p: Product) => {
    // The form sees the new product at once; the read that follows brings anything else that changed.
    setTables((prev) => (prev && !prev.Products.rows.some((x) => x.sku === p.sku) ? { ...prev, Products: { ...prev.Products, rows: [...prev.Products.rows, p] } } : prev));
    setAdding(null);
    setReceipt((prev) => {
      const base = prev.saved ? newReceipt(prev.form) : prev;
      const sameGtin = p.gtin !== '' && normalizeGtin(p.gtin) === normalizeGtin(base.form.gtin);
      return { ...base, form: { ...base.form, sku: p.sku, gtin: p.gtin === '' ? '' : sameGtin ? base.form.gtin : p.gtin } };
    });
    setOutcome({ intent: 'success', title: 'Product added', text: `${p.sku}: ${p.description} is in Products. Complete the receipt and save it.` });
    void load();
  };

  return (
    <div className={styles.stack}>
      <Card>
        <CardHeader header={<Subtitle2 as="h2">Scan</Subtitle2>} description={<Caption1>Scan the case label, then a lot label if it is separate.</Caption1>} />
        <Field label="Scan field" hint="A handheld scanner types here; press Enter to read what you typed.">
          <Input ref={scanField.ref} value={scanField.value} autoComplete="off" spellCheck={false} placeholder="Scan or type a barcode" />
        </Field>
        {scanNotice && (
          <Notice intent={scanNotice.intent} title={scanNotice.title} live>
            <span className={styles.wrap}>{scanNotice.text}</span>
            {scanNotice.detail && (
              <>
                {' '}
                <Link as="button" onClick={() => setShowDetail((v) => !v)} aria-expanded={showDetail}>
                  {showDetail ? SCAN_WORDS.hideDetails : SCAN_WORDS.details}
                </Link>
                {showDetail && <div className={styles.wrap}>{scanNotice.detail}</div>}
              </>
            )}
          </Notice>
        )}
        <CameraScan onScan={onCameraScan} />
        <Field label="Scanner types GS as" hint={RECEIVE_RULE_WORDS.gsHint(rules.scannerGsSubstitute)}>
          <Input
            value={fnc1Substitute}
            maxLength={3}
            placeholder={rules.scannerGsSubstitute || undefined}
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
        <CardHeader header={<Subtitle2 as="h2">Receipt</Subtitle2>} description={<Caption1>{RECEIVE_RULE_WORDS.startsIn(rules.receiptStatus)}</Caption1>} />
        {!tables && !loadError && (
          <div role="status" aria-label="Reading">
            <ProgressBar aria-label={READING_WORDS.receipt} />
            <Caption1>{READING_WORDS.receipt}</Caption1>
          </div>
        )}
        {loadError &&
          (loadError.notSetUp ? (
            <Notice intent="warning" title={FIRST_RUN.notSetUp}>
              <Button size="small" icon={<TableAddRegular />} onClick={() => navigate('workbook')}>
                {FIRST_RUN.goSetUp}
              </Button>
            </Notice>
          ) : (
            <Notice intent="error" title="Cannot read the workbook">
              {loadError.text}
            </Notice>
          ))}
        {tables && products.length === 0 && !adding && (
          <Notice intent="info" title={FIRST_RUN.noProducts}>
            <Button size="small" appearance="primary" icon={<BoxMultipleRegular />} onClick={startAdding}>
              Add a product
            </Button>
          </Notice>
        )}
        <div className={styles.fields}>
          <Field label="GTIN" {...gtinState} {...fieldError('gtin')}>
            <Input ref={setFieldRef('gtin')} value={form.gtin} inputMode="numeric" onChange={(_, d) => edit('gtin', d.value)} />
          </Field>
          {gtinCheck?.ok && !adding && (
            <div>
              <Button size="small" appearance="primary" icon={<AddRegular />} onClick={startAdding}>
                Add this product
              </Button>
            </div>
          )}
          {adding && (
            <div className={styles.newProduct}>
              <Subtitle2 as="h3">New product</Subtitle2>
              <ProductForm label="New product" initial={adding} mode={{ mode: 'add' }} onSaved={productAdded} onCancel={() => setAdding(null)} autoFocus />
            </div>
          )}
          <Field label="Product" {...fieldError('sku')}>
            <Select ref={setFieldRef('sku')} value={form.sku} onChange={(_, d) => edit('sku', d.value)}>
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
          <Field label="Note" {...fieldError('note')}>
            <Textarea ref={setFieldRef('note')} value={form.note} onChange={(_, d) => edit('note', d.value)} resize="vertical" />
          </Field>
        </div>

        {tables && stock.state === 'reading' && (
          <div role="status" className={styles.wrap}>
            <Spinner className={styles.stockReading} size="tiny" labelPosition="after" label={RECEIVE_STOCK_WORDS.reading} />
          </div>
        )}
        {tables && stock.state === 'failed' && (
          <Notice intent="error" title={RECEIVE_STOCK_WORDS.failedTitle}>
            <div className={styles.wrap}>{RECEIVE_STOCK_WORDS.failed(stock.failure.text)}</div>
            <Button size="small" icon={<ArrowClockwiseRegular />} onClick={() => void retryStock()}>
              {RECEIVE_STOCK_WORDS.retry}
            </Button>
          </Notice>
        )}
        {onHandLine && (
          <Caption1 className={styles.wrap}>{onHandLine}</Caption1>
        )}
        {warnings.length > 0 && (
          <Notice intent="warning" title="Check before saving">
            <ul className={styles.list}>
              {warnings.map((w) => (
                <li key={w.code}>{w.message}</li>
              ))}
            </ul>
          </Notice>
        )}
        {expired && (
          <Notice intent="warning" title={EXPIRED_WORDS.title}>
            <div className={styles.wrap}>{expired}</div>
            <Field label={EXPIRED_WORDS.reasonLabel} hint={EXPIRED_WORDS.reasonHint}>
              <Input value={receipt.expiredReason} onChange={(_, d) => setReceipt((prev) => ({ ...(prev.saved ? newReceipt(prev.form) : prev), expiredReason: d.value }))} />
            </Field>
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
          <Button appearance="primary" icon={<SaveRegular />} onClick={() => void save()} disabled={saving || needsConfirmation}>
            {saving ? 'Saving…' : 'Save receipt'}
          </Button>
          <Button icon={<AddRegular />} onClick={startOver} disabled={saving}>
            New receipt
          </Button>
        </div>
        {outcome && (
          <Notice intent={outcome.intent} title={outcome.title} live>
            <span className={styles.wrap}>{outcome.intent === 'error' && outcome.field ? `Nothing was saved: the ${receiptFieldLabel(outcome.field)} field above says why.` : outcome.text}</span>
            {outcome.notes && outcome.notes.length > 0 && (
              <ul className={styles.list}>
                {outcome.notes.map((n) => (
                  <li key={n} className={styles.wrap}>
                    {n}
                  </li>
                ))}
              </ul>
            )}
          </Notice>
        )}
      </Card>
    </div>
  );
}
