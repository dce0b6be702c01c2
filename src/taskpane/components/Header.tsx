import { Button, Caption1, Field, Input, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { BoxMultipleRegular, PersonRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { WHO_WORDS } from '../messages';

const useStyles = makeStyles({
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  titles: { display: 'flex', flexDirection: 'column', flexGrow: 1 },
  who: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, minWidth: 0 },
  name: { overflowWrap: 'anywhere' },
  ask: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalM,
    backgroundColor: tokens.colorPaletteYellowBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end', flexWrap: 'wrap' },
  input: { flexGrow: 1, minWidth: '10em' },
});

/**
 * The pane's header: who is working, as the Log and Movements record it. Excel gives an add-in no user name
 * (Office.context.userProfile exists only in Outlook), so the person is asked once on this computer and the name is
 * kept; "Change" lets a colleague at the same computer sign their own work (21 CFR 111 wants a real name).
 */
export function Header({ user, onUser }: { readonly user: string; readonly onUser: (name: string) => void }) {
  const styles = useStyles();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(user);
  const asking = editing || user === '';
  const save = () => {
    const name = draft.trim();
    if (name === '') return;
    onUser(name);
    setEditing(false);
  };
  return (
    <>
      <header className={styles.header}>
        <BoxMultipleRegular fontSize={24} aria-hidden />
        <div className={styles.titles}>
          <Subtitle2 as="h1">Lotbook</Subtitle2>
          <Caption1>Lots, in your workbook</Caption1>
        </div>
        {user !== '' && !editing && (
          <div className={styles.who} aria-label={WHO_WORDS.label}>
            <PersonRegular aria-hidden />
            <Caption1 className={styles.name}>{user}</Caption1>
            <Button size="small" appearance="transparent" style={{ color: 'inherit' }} onClick={() => { setDraft(user); setEditing(true); }}>
              {WHO_WORDS.change}
            </Button>
          </div>
        )}
      </header>
      {asking && (
        <form className={styles.ask} aria-label={WHO_WORDS.label} onSubmit={(e) => { e.preventDefault(); save(); }}>
          <div className={styles.row}>
            <Field className={styles.input} label={WHO_WORDS.ask} hint={WHO_WORDS.why} required validationState={draft.trim() === '' ? 'none' : undefined}>
              <Input value={draft} onChange={(_, d) => setDraft(d.value)} autoComplete="name" />
            </Field>
            <Button appearance="primary" type="submit" disabled={draft.trim() === ''}>
              {WHO_WORDS.save}
            </Button>
          </div>
        </form>
      )}
    </>
  );
}
