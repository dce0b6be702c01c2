/**
 * Settings (issue 18 §3): the rules a brand changes without code, kept in the workbook's Settings table. Each rule
 * shows the value the workbook holds (and its cell), what it does, a check of what is typed before it is saved,
 * and Save. Values typed by hand into Settings that cannot be used are listed with a link to their cell.
 *
 * Saving a rule is not irreversible (save the old value back), so it does not ask first.
 */
import { Button, Caption1, Card, CardHeader, Field, Input, Select, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { AddRegular, SaveRegular } from '@fluentui/react-icons';
import { useCallback, useEffect, useState } from 'react';
import type { SaveSettingInput, SettingsView } from '../../app/settings';
import { LABEL_STOCKS } from '../../domain/label';
import { defaultWords, parseLotFormat, parseRule, RULE_IDS, type LotCodeFormat, type RuleId } from '../../domain/rules';
import { Notice, type NoticeMessage } from '../components/Notice';
import { ProblemsView } from '../components/ProblemsView';
import { Reading } from '../components/Reading';
import { describeError, FIRST_RUN, RULE_WORDS, SETTINGS_WORDS } from '../messages';
import { useWorkbookRead } from '../components/useWorkbookRead';
import { useNavigate } from '../navigation';
import { useCommands } from '../services';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  rule: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, paddingBottom: tokens.spacingVerticalM, borderBottom: `1px solid ${tokens.colorNeutralStroke3}` },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-start', flexWrap: 'wrap' },
  grow: { flexGrow: 1, minWidth: 0 },
  muted: { color: tokens.colorNeutralForeground3, overflowWrap: 'anywhere' },
  pair: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 8rem), 1fr))', gap: tokens.spacingHorizontalS },
});

type Outcome = NoticeMessage & { readonly key: string };

/** One rule: the field, what the workbook holds, the check, Save. */
function RuleField({ id, view, onSave, outcome }: { id: RuleId; view: SettingsView; onSave: (input: SaveSettingInput, key: string) => Promise<void>; outcome: Outcome | null }) {
  const styles = useStyles();
  const entry = view.entries[id];
  const [text, setText] = useState(entry.text.trim());
  const [saving, setSaving] = useState(false);
  useEffect(() => setText(entry.text.trim()), [entry.text]);
  const words = RULE_WORDS[id];
  const parsed = parseRule(id, text);
  const check = parsed.ok ? undefined : `${parsed.why.charAt(0).toUpperCase()}${parsed.why.slice(1)}.`;
  const changed = text !== entry.text.trim();
  const mine = outcome?.key === id ? outcome : null;
  const save = async () => {
    setSaving(true);
    try {
      await onSave({ rule: id, value: text }, id);
    } finally {
      setSaving(false);
    }
  };

  let input;
  if (id === 'receiptStatus' || id === 'releaseNeedsCoa' || id === 'labelStock') {
    const options: Record<string, string> =
      id === 'labelStock' ? Object.fromEntries(Object.values(LABEL_STOCKS).map((s) => [s.id, s.name])) : RULE_WORDS[id].options;
    // A value typed by hand that is not an option is shown as it is, so that the select does not hide it.
    const current = parsed.ok ? String(id === 'releaseNeedsCoa' ? (parsed.value ? 'yes' : 'no') : parsed.value) : text;
    input = (
      <Select value={current} onChange={(_, d) => setText(d.value)}>
        {!parsed.ok && <option value={text}>{text}</option>}
        {Object.entries(options).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </Select>
    );
  } else {
    input = <Input value={text} onChange={(_, d) => setText(d.value)} maxLength={id === 'facility' ? 500 : 60} spellCheck={false} />;
  }

  return (
    <section className={styles.rule} aria-label={words.label}>
      <Field label={words.label} hint={words.hint} validationMessage={check ?? (mine && mine.intent === 'error' ? mine.text : undefined)} validationState={check || mine?.intent === 'error' ? 'error' : 'none'}>
        {input}
      </Field>
      <Caption1 className={styles.muted}>{entry.address ? `${SETTINGS_WORDS.inCell(entry.address)}: ${entry.text.trim() === '' ? '(empty)' : entry.text.trim()}` : SETTINGS_WORDS.notSet(defaultWords(id))}</Caption1>
      <SaveRow primary={changed} disabled={saving || !changed || check !== undefined} onSave={() => void save()} outcome={mine} />
    </section>
  );
}

/** Save, and beside it what the last save of this rule did (an error shows at the field instead). */
function SaveRow({ primary, disabled, onSave, outcome }: { primary?: boolean; disabled: boolean; onSave: () => void; outcome: Outcome | null }) {
  const styles = useStyles();
  return (
    <div className={styles.row}>
      <Button size="small" appearance={primary ? 'primary' : 'secondary'} icon={<SaveRegular />} disabled={disabled} onClick={onSave}>
        {SETTINGS_WORDS.save}
      </Button>
      <SavedCaption outcome={outcome} />
    </div>
  );
}

/** What the last save did, beside its button; an error shows at its field instead. */
function SavedCaption({ outcome }: { outcome: Outcome | null }) {
  if (!outcome || outcome.intent === 'error') return null;
  return (
    <Caption1 role="status">
      {outcome.title}: {outcome.text}
    </Caption1>
  );
}

/** Lot code formats: those in the workbook (change or empty to remove) and a new one. */
function LotFormats({ view, onSave, outcome }: { view: SettingsView; onSave: (input: SaveSettingInput, key: string) => Promise<void>; outcome: Outcome | null }) {
  const styles = useStyles();
  const [scope, setScope] = useState<LotCodeFormat['scope']>('supplier');
  const [name, setName] = useState('');
  const [pattern, setPattern] = useState('');
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const newCheck = pattern.trim() === '' ? undefined : (() => {
    const p = parseLotFormat(pattern);
    return p.ok ? undefined : `${p.why.charAt(0).toUpperCase()}${p.why.slice(1)}.`;
  })();
  const added = outcome?.key === 'new-format' ? outcome : null;

  return (
    <Card>
      <CardHeader header={<Subtitle2 as="h2">{SETTINGS_WORDS.formats}</Subtitle2>} description={<Caption1>{SETTINGS_WORDS.formatsHint}</Caption1>} />
      {view.formats.length === 0 && <Caption1>{SETTINGS_WORDS.noFormats}</Caption1>}
      {view.formats.map((f) => {
        const draft = drafts[f.key] ?? f.text.trim();
        const p = draft.trim() === '' ? null : parseLotFormat(draft);
        const mine = outcome?.key === f.key ? outcome : null;
        return (
          <section key={f.key} className={styles.rule} aria-label={f.key}>
            <Field
              label={f.key.replace(/^lotFormat:(sku|supplier):/i, (_, s: string) => `${SETTINGS_WORDS.formatName(s.toLowerCase() as 'sku' | 'supplier')} `)}
              hint={SETTINGS_WORDS.clearHint}
              validationMessage={p && !p.ok ? `${p.why.charAt(0).toUpperCase()}${p.why.slice(1)}.` : mine?.intent === 'error' ? mine.text : undefined}
              validationState={(p && !p.ok) || mine?.intent === 'error' ? 'error' : 'none'}
            >
              <Input value={draft} onChange={(_, d) => setDrafts((x) => ({ ...x, [f.key]: d.value }))} spellCheck={false} />
            </Field>
            {f.address && <Caption1 className={styles.muted}>{SETTINGS_WORDS.inCell(f.address)}</Caption1>}
            <SaveRow disabled={draft === f.text.trim() || (p !== null && !p.ok)} onSave={() => void onSave({ formatKey: f.key, value: draft }, f.key)} outcome={mine} />
          </section>
        );
      })}
      <div className={styles.pair}>
        <Field label={SETTINGS_WORDS.formatFor}>
          <Select value={scope} onChange={(_, d) => setScope(d.value as LotCodeFormat['scope'])}>
            <option value="supplier">{SETTINGS_WORDS.formatName('supplier')}</option>
            <option value="sku">{SETTINGS_WORDS.formatName('sku')}</option>
          </Select>
        </Field>
        <Field label={SETTINGS_WORDS.formatName(scope)}>
          <Input value={name} onChange={(_, d) => setName(d.value)} spellCheck={false} />
        </Field>
      </div>
      <Field label={SETTINGS_WORDS.formatPattern} validationMessage={newCheck ?? (added?.intent === 'error' ? added.text : undefined)} validationState={newCheck || added?.intent === 'error' ? 'error' : 'none'}>
        <Input value={pattern} onChange={(_, d) => setPattern(d.value)} placeholder="ASH-####-@" spellCheck={false} />
      </Field>
      <div className={styles.row}>
        <Button
          size="small"
          icon={<AddRegular />}
          disabled={name.trim() === '' || pattern.trim() === '' || newCheck !== undefined}
          onClick={() =>
            void onSave({ format: { scope, name }, value: pattern }, 'new-format').then(() => {
              setName('');
              setPattern('');
            })
          }
        >
          {SETTINGS_WORDS.addFormat}
        </Button>
        <SavedCaption outcome={added} />
      </div>
    </Card>
  );
}

export function SettingsPane() {
  const styles = useStyles();
  const commands = useCommands();
  const navigate = useNavigate();
  const { value: view, failure: loadError, reload: load } = useWorkbookRead(useCallback(() => commands.loadSettings(), [commands]));
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const onSave = useCallback(
    async (input: SaveSettingInput, key: string) => {
      setOutcome(null);
      try {
        const out = await commands.saveSetting(input);
        if (!out.ok) {
          setOutcome({ key, intent: 'error', title: SETTINGS_WORDS.notSaved, text: out.message });
          return;
        }
        setOutcome({ key, intent: 'success', title: SETTINGS_WORDS.saved, text: out.written === 'unchanged' ? SETTINGS_WORDS.unchanged : `${out.key} = ${out.value === '' ? '(empty)' : out.value}` });
        await load();
      } catch (e) {
        setOutcome({ key, intent: 'error', title: SETTINGS_WORDS.notSaved, text: describeError(e) });
      }
    },
    [commands, load],
  );

  if (loadError) {
    return loadError.notSetUp ? (
      <Notice intent="warning" title={FIRST_RUN.notSetUp}>
        <Button size="small" onClick={() => navigate('workbook')}>
          {FIRST_RUN.goSetUp}
        </Button>
      </Notice>
    ) : (
      <Notice intent="error" title={SETTINGS_WORDS.cannotRead}>
        {loadError.text}{' '}
        <Button size="small" onClick={() => void load()}>
          {SETTINGS_WORDS.tryAgain}
        </Button>
      </Notice>
    );
  }
  if (!view) return <Reading label={SETTINGS_WORDS.reading} />;

  return (
    <div className={styles.stack}>
      <Caption1>{SETTINGS_WORDS.intro}</Caption1>
      {view.problems.length > 0 && (
        <div aria-label={SETTINGS_WORDS.badCells} role="region">
          <ProblemsView problems={view.problems} onSelect={(address) => commands.select(address)} description={SETTINGS_WORDS.problemsHint} />
        </div>
      )}
      <Card>
        {RULE_IDS.map((id) => (
          <RuleField key={id} id={id} view={view} onSave={onSave} outcome={outcome} />
        ))}
      </Card>
      <LotFormats view={view} onSave={onSave} outcome={outcome} />
    </div>
  );
}
