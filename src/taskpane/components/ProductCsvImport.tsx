/**
 * Import products from a CSV file: pick the file, check the guessed columns, see each row's problem, then import
 * the valid rows or nothing. The rules are the Products form's (planProduct, through app/product-import.ts); a
 * file imported twice writes its products once.
 */
import { Button, Caption1, Field, ProgressBar, Select, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowUploadRegular, DismissRegular, DocumentArrowUpRegular } from '@fluentui/react-icons';
import { useMemo, useRef, useState } from 'react';
import { parseCsv, type CsvFile } from '../../app/csv-import';
import type { TableSnapshot } from '../../app/ports';
import { PRODUCT_FIELDS, checkProductMapping, guessProductMapping, planProductImport, type ProductImportOutcome, type ProductMapping } from '../../app/product-import';
import { type ProductField } from '../../app/products';
import { describeError, officeDetails, plural, productErrorTitle, productImportTitle } from '../messages';
import { useCommands } from '../services';
import { Notice } from './Notice';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  grid: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)', gap: tokens.spacingHorizontalS },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  hidden: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' },
  problems: { margin: 0, paddingLeft: tokens.spacingHorizontalL, maxHeight: '260px', overflowY: 'auto', overflowWrap: 'anywhere' },
  problem: { marginBottom: tokens.spacingVerticalXS },
  where: { fontWeight: tokens.fontWeightSemibold },
});

const SHOWN_PROBLEMS = 200;

interface Loaded {
  readonly name: string;
  readonly csv: CsvFile;
  readonly products: TableSnapshot<'Products'>;
}

export function ProductCsvImport({ onImported }: { onImported: () => void }) {
  const styles = useStyles();
  const commands = useCommands();
  const inputRef = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [mapping, setMapping] = useState<ProductMapping>({});
  const [error, setError] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [outcome, setOutcome] = useState<ProductImportOutcome | null>(null);

  const pick = async (file: File) => {
    setError(null);
    setOutcome(null);
    setLoaded(null);
    setProgress(0);
    try {
      const csv = await parseCsv(file, setProgress);
      if (csv.headers.length === 0) {
        setError(`${file.name} is empty.`);
        return;
      }
      const products = await commands.readProducts();
      setLoaded({ name: file.name, csv, products });
      setMapping(guessProductMapping(csv.headers));
    } catch (e) {
      setError(`${file.name} could not be read: ${describeError(e)}`);
    } finally {
      setProgress(null);
      if (inputRef.current) inputRef.current.value = '';
    }
  };

  const mappingProblems = useMemo(() => (loaded ? checkProductMapping(mapping, loaded.csv.headers) : []), [loaded, mapping]);
  const preview = useMemo(() => (loaded && mappingProblems.length === 0 ? planProductImport(loaded.csv, mapping, loaded.products) : null), [loaded, mapping, mappingProblems]);

  const doImport = async () => {
    if (!loaded) return;
    setImporting(true);
    setError(null);
    try {
      const out = await commands.importProducts(loaded.csv, mapping);
      setOutcome(out);
      if (out.ok) {
        setLoaded(null);
        onImported();
      }
    } catch (e) {
      const details = officeDetails(e);
      setError(`${describeError(e)}${details ? ` (${details})` : ''} Nothing was written; you can import again.`);
    } finally {
      setImporting(false);
    }
  };

  const setColumn = (field: ProductField, value: string) => {
    setMapping((prev) => {
      const next: Partial<Record<ProductField, number>> = { ...prev };
      if (value === '') delete next[field];
      else next[field] = Number(value);
      return next;
    });
  };

  const ready = preview?.ready.length ?? 0;

  return (
    <div className={styles.stack}>
      <input
        ref={inputRef}
        className={styles.hidden}
        type="file"
        accept=".csv,text/csv,text/plain"
        aria-label="Products CSV file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void pick(file);
        }}
      />
      <div className={styles.actions}>
        <Button icon={<DocumentArrowUpRegular />} onClick={() => inputRef.current?.click()} disabled={progress !== null || importing}>
          Choose CSV file
        </Button>
        {loaded && <Caption1>{loaded.name}</Caption1>}
      </div>
      {progress !== null && (
        <Field label="Reading the file" validationState="none" validationMessage={`${Math.round(progress * 100)}%`}>
          <ProgressBar value={progress} max={1} aria-label="Reading the file" />
        </Field>
      )}
      {error && (
        <Notice intent="error" title="Not imported">
          {error}
        </Notice>
      )}
      {loaded && (
        <>
          <Caption1>{plural(loaded.csv.rows.length, 'row')} in the file. Check which column holds what:</Caption1>
          <div className={styles.grid} role="group" aria-label="Product columns">
            {PRODUCT_FIELDS.map((def) => (
              <Field key={def.field} label={def.label} size="small">
                <Select size="small" value={mapping[def.field] === undefined ? '' : String(mapping[def.field])} onChange={(_, d) => setColumn(def.field, d.value)}>
                  <option value="">(none)</option>
                  {loaded.csv.headers.map((h, i) => (
                    <option key={i} value={String(i)}>
                      {h || `Column ${i + 1}`}
                    </option>
                  ))}
                </Select>
              </Field>
            ))}
          </div>
          {mappingProblems.length > 0 && (
            <Notice intent="warning" title={productImportTitle(mappingProblems[0]!.code)}>
              {mappingProblems.map((p) => p.message).join(' ')}
            </Notice>
          )}
          {preview && (
            <>
              <Caption1 role="status" aria-label="Products import preview">
                {plural(ready, 'product')} ready to import
                {preview.alreadyThere.length ? `, ${preview.alreadyThere.length} already in Products` : ''}; {plural(preview.problems.length, 'row')} with problems.
              </Caption1>
              {preview.problems.length > 0 && (
                <ul className={styles.problems} aria-label="Product row problems">
                  {preview.problems.slice(0, SHOWN_PROBLEMS).map((p) => (
                    <li key={`${p.line}-${p.code}`} className={styles.problem}>
                      <span className={styles.where}>
                        Row {p.line}
                        {p.column ? ` · ${p.column}` : ''}
                        {p.value ? ` · "${p.value}"` : ''}
                      </span>
                      : {productErrorTitle(p.code)}. {p.message}
                    </li>
                  ))}
                  {preview.problems.length > SHOWN_PROBLEMS && <li>…and {preview.problems.length - SHOWN_PROBLEMS} more.</li>}
                </ul>
              )}
            </>
          )}
          <div className={styles.actions}>
            <Button appearance="primary" icon={<ArrowUploadRegular />} disabled={!preview || ready === 0 || importing} onClick={() => void doImport()}>
              {importing ? 'Importing…' : `Import ${plural(ready, 'product')}`}
            </Button>
            <Button icon={<DismissRegular />} disabled={importing} onClick={() => setLoaded(null)}>
              Import nothing
            </Button>
          </div>
        </>
      )}
      {outcome && (
        <Notice intent={outcome.ok ? 'success' : 'error'} title={outcome.ok ? 'Imported' : productImportTitle(outcome.code)} label="Products import result" role="status">
          {outcome.ok
            ? `${plural(outcome.written, 'product')} added to Products.${outcome.plan.alreadyThere.length ? ` ${plural(outcome.plan.alreadyThere.length, 'row')} already in Products, not written again.` : ''}${outcome.plan.problems.length ? ` ${plural(outcome.plan.problems.length, 'row')} with problems not imported (rows ${outcome.plan.problems.map((p) => p.line).join(', ')}).` : ''}`
            : outcome.message}
        </Notice>
      )}
    </div>
  );
}
