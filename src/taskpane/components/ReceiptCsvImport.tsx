/**
 * Import receipts from a CSV file: pick the file, check the guessed columns, see each row's problem, then import
 * the valid rows or nothing. The rules are the Receive form's (planReceipt, through app/csv-import.ts), and a
 * file imported twice writes its receipts once.
 */
import { Button, Caption1, Field, Input, ProgressBar, Select, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowUploadRegular, DismissRegular, DocumentArrowUpRegular } from '@fluentui/react-icons';
import { useMemo, useRef, useState } from 'react';
import { IMPORT_FIELDS, checkMapping, guessMapping, parseCsv, planImport, type ColumnMapping, type CsvFile, type ImportField, type ImportOutcome } from '../../app/csv-import';
import type { ReceiptTables } from '../../app/receive';
import type { IsoDate } from '../../domain/types';
import { EXPIRED_WORDS, describeError, importErrorTitle, officeDetails, receiptErrorTitle } from '../messages';
import { useCommands, useServices } from '../services';
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

/** How many problems the list shows; the count says how many more there are. */
const SHOWN_PROBLEMS = 200;

interface Loaded {
  readonly name: string;
  readonly csv: CsvFile;
  readonly tables: ReceiptTables;
}

export function ReceiptCsvImport({ today, onImported }: { today: IsoDate; onImported: () => void }) {
  const styles = useStyles();
  const { user } = useServices();
  const commands = useCommands();
  const inputRef = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [error, setError] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  // Expired rows are left out unless the user gives a reason for importing them (it goes to the Log).
  const [expiredReason, setExpiredReason] = useState('');

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
      const tables = await commands.readImportTables();
      setLoaded({ name: file.name, csv, tables });
      setMapping(guessMapping(csv.headers));
      setExpiredReason('');
    } catch (e) {
      setError(`${file.name} could not be read: ${describeError(e)}`);
    } finally {
      setProgress(null);
      // The same file can be chosen again (an input fires no change event for an unchanged value).
      if (inputRef.current) inputRef.current.value = '';
    }
  };

  const mappingProblems = useMemo(() => (loaded ? checkMapping(mapping, loaded.csv.headers) : []), [loaded, mapping]);
  // The preview plans against the read made when the file was chosen; the import reads again before it writes.
  const preview = useMemo(
    () => (loaded && mappingProblems.length === 0 ? planImport(loaded.csv, mapping, loaded.tables, { user, today, expiredReason }) : null),
    [loaded, mapping, mappingProblems, user, today, expiredReason],
  );

  const doImport = async () => {
    if (!loaded) return;
    setImporting(true);
    setError(null);
    try {
      const out = await commands.importReceipts(loaded.csv, mapping, { user, today, expiredReason });
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

  const discard = () => {
    setLoaded(null);
    setOutcome(null);
    setError(null);
  };

  const setColumn = (field: ImportField, value: string) => {
    setMapping((prev) => {
      const next: Partial<Record<ImportField, number>> = { ...prev };
      if (value === '') delete next[field];
      else next[field] = Number(value);
      return next;
    });
  };

  const fileErrors = loaded?.csv.errors ?? [];
  const ready = preview?.rows.length ?? 0;

  return (
    <div className={styles.stack}>
      <input
        ref={inputRef}
        className={styles.hidden}
        type="file"
        accept=".csv,text/csv,text/plain"
        aria-label="CSV file"
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
          <Caption1>
            {loaded.csv.rows.length} row{loaded.csv.rows.length === 1 ? '' : 's'} in the file. Check which column holds what:
          </Caption1>
          <div className={styles.grid} role="group" aria-label="Columns">
            {IMPORT_FIELDS.map((def) => (
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
            <Notice intent="warning" title={importErrorTitle(mappingProblems[0]!.code)}>
              {mappingProblems.map((p) => p.message).join(' ')}
            </Notice>
          )}
          {fileErrors.length > 0 && (
            <Notice intent="warning" title="Parts of the file could not be read">
              {fileErrors.slice(0, 5).map((e) => `Row ${e.line}: ${e.message}.`).join(' ')}
            </Notice>
          )}
          {preview && (
            <>
              <Caption1 role="status" aria-label="Import preview">
                {ready} row{ready === 1 ? '' : 's'} ready to import ({preview.newLots} new lot{preview.newLots === 1 ? '' : 's'}, {preview.movements} receipt
                {preview.movements === 1 ? '' : 's'} to write
                {preview.alreadyImported ? `, ${preview.alreadyImported} already in the workbook` : ''}); {preview.problems.length} row
                {preview.problems.length === 1 ? '' : 's'} with problems
                {preview.expired.length ? `; ${preview.expired.length} expired row${preview.expired.length === 1 ? '' : 's'} ${expiredReason.trim() ? 'included, with your reason' : 'left out unless you give a reason'}` : ''}.
              </Caption1>
              {preview.expired.length > 0 && (
                <div role="group" aria-label="Expired rows">
                  <ul className={styles.problems} aria-label="Expired row list">
                    {preview.expired.slice(0, SHOWN_PROBLEMS).map((p) => (
                      <li key={`x-${p.line}`} className={styles.problem}>
                        <span className={styles.where}>
                          Row {p.line}
                          {p.column ? ` · ${p.column}` : ''}
                          {p.value ? ` · "${p.value}"` : ''}
                        </span>
                        : {EXPIRED_WORDS.title}. {p.message}
                      </li>
                    ))}
                  </ul>
                  <Field label={EXPIRED_WORDS.importReason} hint={EXPIRED_WORDS.reasonHint}>
                    <Input value={expiredReason} onChange={(_, d) => setExpiredReason(d.value)} />
                  </Field>
                </div>
              )}
              {preview.problems.length > 0 && (
                <ul className={styles.problems} aria-label="Row problems">
                  {preview.problems.slice(0, SHOWN_PROBLEMS).map((p) => (
                    <li key={`${p.line}-${p.code}`} className={styles.problem}>
                      <span className={styles.where}>
                        Row {p.line}
                        {p.column ? ` · ${p.column}` : ''}
                        {p.value ? ` · "${p.value}"` : ''}
                      </span>
                      : {receiptErrorTitle(p.code)}. {p.message}
                    </li>
                  ))}
                  {preview.problems.length > SHOWN_PROBLEMS && <li>…and {preview.problems.length - SHOWN_PROBLEMS} more.</li>}
                </ul>
              )}
            </>
          )}
          <div className={styles.actions}>
            <Button appearance="primary" icon={<ArrowUploadRegular />} disabled={!preview || ready === 0 || importing} onClick={() => void doImport()}>
              {importing ? 'Importing…' : `Import ${ready} valid row${ready === 1 ? '' : 's'}`}
            </Button>
            <Button icon={<DismissRegular />} disabled={importing} onClick={discard}>
              Import nothing
            </Button>
          </div>
        </>
      )}

      {outcome && (
        <Notice intent={outcome.ok ? 'success' : 'error'} title={outcome.ok ? 'Imported' : importErrorTitle(outcome.code)} label="Import result" role="status">
          {outcome.ok ? summary(outcome) : outcome.message}
        </Notice>
      )}
    </div>
  );
}

function summary(out: Extract<ImportOutcome, { ok: true }>): string {
  const { written, plan } = out;
  const parts = [
    `${written.movements} receipt${written.movements === 1 ? '' : 's'} written to Movements`,
    `${written.lots} new lot${written.lots === 1 ? '' : 's'} in quarantine`,
  ];
  if (written.lotsUpdated) parts.push(`${written.lotsUpdated} existing lot${written.lotsUpdated === 1 ? '' : 's'} updated`);
  const skipped = plan.alreadyImported ? ` ${plan.alreadyImported} row${plan.alreadyImported === 1 ? ' was' : 's were'} already in the workbook and not written again.` : '';
  const bad = plan.problems.length ? ` ${plan.problems.length} row${plan.problems.length === 1 ? '' : 's'} with problems ${plan.problems.length === 1 ? 'was' : 'were'} not imported (row${plan.problems.length === 1 ? '' : 's'} ${plan.problems.map((p) => p.line).join(', ')}).` : '';
  return `${parts.join(', ')}.${skipped}${bad}`;
}
