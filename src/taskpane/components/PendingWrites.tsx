import { Body1, Button, Caption1, Card, CardHeader, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowSyncRegular, DeleteRegular } from '@fluentui/react-icons';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { Commands } from '../../app/commands';
import { Notice } from './Notice';

const useStyles = makeStyles({
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  item: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, paddingBottom: tokens.spacingVerticalS, borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  error: { color: tokens.colorPaletteRedForeground1 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

const time = (ms: number) => new Date(ms).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });

/** Saves kept on this computer until Excel takes them: see them, retry them, or discard one. */
export function PendingWrites({ pending: waiting }: { pending: NonNullable<Commands['pending']> }) {
  const styles = useStyles();
  // Live: follows submits, flushes and discards from this window and from other Lotbook windows.
  const pending = useLiveQuery(() => waiting.list(), [waiting]);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ intent: 'success' | 'warning' | 'error'; text: string } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

  const retry = async () => {
    setBusy(true);
    setNote(null);
    try {
      const r = await waiting.flush();
      if (r.unavailable) setNote({ intent: 'error', text: r.unavailable.message });
      else if (r.error) setNote({ intent: 'warning', text: `${r.written ? `Wrote ${r.written}. ` : ''}Still waiting: ${r.error}` });
      else if (r.busy) setNote({ intent: 'warning', text: `Wrote ${r.written}. ${r.busy} ${r.busy === 1 ? 'is' : 'are'} being written by another Lotbook window.` });
      else setNote({ intent: 'success', text: r.written ? `Wrote ${r.written} waiting ${r.written === 1 ? 'save' : 'saves'} to the workbook.` : 'Nothing was waiting.' });
    } finally {
      setBusy(false);
    }
  };

  const discard = async (id: string) => {
    setConfirming(null);
    const r = await waiting.discard(id);
    setNote(r.ok ? { intent: 'success', text: 'Discarded: it will not be written.' } : { intent: 'error', text: r.message });
  };

  if (pending === undefined) return null;
  return (
    <Card aria-label="Pending writes">
      <CardHeader
        header={<Subtitle2 as="h2">Waiting for Excel</Subtitle2>}
        description={<Caption1>{pending.length === 0 ? 'Nothing waiting: every save is in the workbook.' : `${pending.length} ${pending.length === 1 ? 'save is' : 'saves are'} kept on this computer and will be written when Excel is reachable.`}</Caption1>}
      />
      {pending.length > 0 && (
        <ul className={styles.list}>
          {pending.map((e) => (
            <li key={e.id} className={styles.item} data-pending={e.id}>
              <Body1>{e.label}</Body1>
              <Caption1>
                Saved {time(e.createdAt)} · {e.attempts} {e.attempts === 1 ? 'try' : 'tries'}
              </Caption1>
              {e.lastError && <Caption1 className={styles.error}>{e.lastError}</Caption1>}
              <div className={styles.actions}>
                {confirming === e.id ? (
                  <>
                    <Button size="small" appearance="primary" onClick={() => void discard(e.id)}>
                      Discard for good
                    </Button>
                    <Button size="small" onClick={() => setConfirming(null)}>
                      Keep
                    </Button>
                  </>
                ) : (
                  <Button size="small" icon={<DeleteRegular />} onClick={() => setConfirming(e.id)}>
                    Discard
                  </Button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {pending.length > 0 && (
        <div className={styles.actions}>
          <Button icon={<ArrowSyncRegular />} onClick={() => void retry()} disabled={busy}>
            Retry now
          </Button>
        </div>
      )}
      {note && (
        <Notice intent={note.intent} live>{note.text}</Notice>
      )}
    </Card>
  );
}
