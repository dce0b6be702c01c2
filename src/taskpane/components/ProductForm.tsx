/**
 * Add or edit one product: the fields of a Products row, checked by app/products.ts. A refusal marks the field it
 * is about, says why next to it and moves the focus there.
 */
import { Button, Field, Input, Select, makeStyles, tokens } from '@fluentui/react-components';
import { DismissRegular, SaveRegular } from '@fluentui/react-icons';
import { useEffect, useRef, useState } from 'react';
import { checkGtin, type ProductField, type ProductInput, type ProductMode, type ProductOutcome } from '../../app/products';
import { PRODUCT_KINDS, type Product } from '../../domain/types';
import { describeError, officeDetails, productErrorTitle, productKindWords } from '../messages';
import { useCommands } from '../services';
import { Notice } from './Notice';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  // Inputs line up along their bottom edge when one label wraps in a narrow pane.
  pair: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)', gap: tokens.spacingHorizontalS, alignItems: 'end' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
});

export const EMPTY_PRODUCT: ProductInput = { sku: '', gtin: '', description: '', unit: 'ea', decimals: '0', shelfLifeDays: '', minShipLifeDays: '', kind: '' };

type Refusal = Extract<ProductOutcome, { ok: false }>;

export interface ProductFormProps {
  readonly initial: ProductInput;
  readonly mode: ProductMode;
  /** Called with the product as it is in Products now. */
  readonly onSaved: (product: Product, written: boolean) => void;
  readonly onCancel?: () => void;
  /** The accessible name of the form. */
  readonly label: string;
  /** Put the focus in the form when it opens (it opened on the user's request, e.g. "Add this product"). */
  readonly autoFocus?: boolean;
}

export function ProductForm({ initial, mode, onSaved, onCancel, label, autoFocus = false }: ProductFormProps) {
  const styles = useStyles();
  const commands = useCommands();
  const [form, setForm] = useState<ProductInput>(initial);
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const refs = useRef<Partial<Record<ProductField, HTMLInputElement | HTMLSelectElement | null>>>({});

  useEffect(() => {
    if (autoFocus) refs.current.sku?.focus();
  }, [autoFocus]);

  // The focus follows a refusal to its field, once per refusal.
  useEffect(() => {
    if (refusal?.field) refs.current[refusal.field]?.focus();
  }, [refusal]);

  const edit = (field: ProductField, value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    if (refusal?.field === field) setRefusal(null);
  };

  const save = async () => {
    setSaving(true);
    setRefusal(null);
    setFailure(null);
    try {
      const out = await commands.saveProduct(form, mode);
      if (!out.ok) {
        setRefusal(out);
        return;
      }
      onSaved(out.product, out.written > 0);
    } catch (e) {
      const details = officeDetails(e);
      setFailure(`${describeError(e)}${details ? ` (${details})` : ''} Nothing was written; you can save again.`);
    } finally {
      setSaving(false);
    }
  };

  // The GTIN is checked as it is typed, once it has a GTIN's length: a wrong check digit is a typo to fix now.
  const gtinText = (form.gtin ?? '').trim();
  const gtinLive = gtinText !== '' && [8, 12, 13, 14].includes(gtinText.length) ? checkGtin(gtinText) : null;

  const state = (field: ProductField) => {
    if (refusal?.field === field) return { validationState: 'error' as const, validationMessage: `${productErrorTitle(refusal.code)}: ${refusal.message}` };
    if (field === 'gtin' && gtinLive && !gtinLive.ok) return { validationState: 'warning' as const, validationMessage: gtinLive.message };
    return {};
  };
  const text = (field: ProductField, fieldLabel: string, extra: { hint?: string; inputMode?: 'numeric'; disabled?: boolean; required?: boolean } = {}) => (
    <Field label={fieldLabel} hint={extra.hint} required={extra.required} {...state(field)}>
      <Input
        ref={(el) => {
          refs.current[field] = el;
        }}
        value={form[field] ?? ''}
        inputMode={extra.inputMode}
        disabled={extra.disabled}
        autoComplete="off"
        spellCheck={false}
        onChange={(_, d) => edit(field, d.value)}
      />
    </Field>
  );

  return (
    <form
      className={styles.form}
      aria-label={label}
      // Lotbook says what is wrong next to the field, in its own words; the browser's bubbles would say less.
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      {text('sku', 'SKU', { hint: mode.mode === 'edit' ? 'The SKU stays: lots and movements name it.' : 'Your own short code, e.g. RM-ASH.', disabled: mode.mode === 'edit', required: true })}
      {text('gtin', 'GTIN', { hint: 'The number under the barcode (8 to 14 digits). Leave empty if the product has none.', inputMode: 'numeric' })}
      {text('description', 'Description', { required: true })}
      <div className={styles.pair}>
        {text('unit', 'Unit', { hint: 'ea, kg, L…', required: true })}
        {text('decimals', 'Decimals', { hint: '0 for whole units', inputMode: 'numeric', required: true })}
      </div>
      <div className={styles.pair}>
        {text('shelfLifeDays', 'Shelf life (days)', { inputMode: 'numeric' })}
        {text('minShipLifeDays', 'Min ship life (days)', { inputMode: 'numeric' })}
      </div>
      <Field label="Kind" required {...state('kind')}>
        <Select
          ref={(el) => {
            refs.current.kind = el;
          }}
          value={form.kind}
          onChange={(_, d) => edit('kind', d.value)}
        >
          <option value="">Choose…</option>
          {PRODUCT_KINDS.map((k) => (
            <option key={k} value={k}>
              {productKindWords(k)}
            </option>
          ))}
        </Select>
      </Field>
      {refusal && !refusal.field && (
        <Notice intent="error" title={productErrorTitle(refusal.code)} live>
          {refusal.message}
        </Notice>
      )}
      {failure && (
        <Notice intent="error" title="Not saved" live>
          {failure}
        </Notice>
      )}
      <div className={styles.actions}>
        <Button appearance="primary" type="submit" icon={<SaveRegular />} disabled={saving}>
          {saving ? 'Saving…' : mode.mode === 'edit' ? 'Save changes' : 'Add product'}
        </Button>
        {onCancel && (
          <Button icon={<DismissRegular />} onClick={onCancel} disabled={saving}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}
