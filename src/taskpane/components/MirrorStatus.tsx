import { Button, Caption1, Card, CardHeader, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowSyncRegular, DeleteRegular } from '@fluentui/react-icons';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { MirrorState } from '../../app/cache-port';
import { describeError, plural } from '../messages';
import type { Commands } from '../../app/commands';
import { Notice } from './Notice';

const useStyles = makeStyles({
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

function summary(state: MirrorState): string {
  if (!state.available) return state.reason;
  const metas = Object.values(state.tables);
  if (metas.length === 0) return 'Empty: Lotbook reads the workbook until the cache is refreshed.';
  const last = metas.map((m) => m.refreshedAt).sort().at(-1)!;
  // Dates as the workbook shows them (yyyy-mm-dd), in local time, whatever the browser's locale.
  const d = new Date(last);
  const two = (n: number) => String(n).padStart(2, '0');
  const when = `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
  return `Matched the workbook at ${when}: ${plural(state.tables.Lots?.rows ?? 0, 'lot')}, ${plural(state.tables.Movements?.rows ?? 0, 'movement')}.`;
}

/** The IndexedDB mirror: when it last matched the workbook, and Refresh / Clear cache. */
export function MirrorStatus({ cache }: { cache: NonNullable<Commands['cache']> }) {
  const styles = useStyles();
  const [version, setVersion] = useState(0);
  // Live over the meta table; `version` re-reads after an action that failed without touching it.
  const state = useLiveQuery(() => cache.state(), [cache, version]);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ intent: 'success' | 'error'; text: string } | null>(null);

  const act = async (f: () => Promise<{ intent: 'success' | 'error'; text: string }>) => {
    setBusy(true);
    setNote(null);
    try {
      setNote(await f());
    } catch (e) {
      setNote({ intent: 'error', text: describeError(e) });
    } finally {
      setBusy(false);
      setVersion((v) => v + 1);
    }
  };

  const refresh = () =>
    act(async () => {
      const r = await cache.refresh();
      if (!r.ok) return { intent: 'error', text: r.message };
      const changed = r.tables.filter((t) => t.action !== 'unchanged');
      return { intent: 'success', text: changed.length ? `Updated ${changed.map((t) => `${t.table} (${t.action === 'appended' ? `${t.written} new` : 'rebuilt'})`).join(', ')}.` : 'Already matched the workbook.' };
    });
  const clear = () =>
    act(async () => {
      const r = await cache.clear();
      return r.ok ? { intent: 'success', text: 'Cache cleared. Waiting saves were kept.' } : { intent: 'error', text: r.message };
    });

  if (!state) return null;
  return (
    <Card aria-label="Cache on this computer">
      <CardHeader header={<Subtitle2 as="h2">Cache on this computer</Subtitle2>} description={<Caption1 data-mirror-state={state.available ? 'available' : state.code}>{summary(state)}</Caption1>} />
      <div className={styles.actions}>
        <Button icon={<ArrowSyncRegular />} onClick={() => void refresh()} disabled={busy}>
          Refresh cache
        </Button>
        <Button icon={<DeleteRegular />} onClick={() => void clear()} disabled={busy}>
          Clear cache
        </Button>
      </div>
      {note && (
        <Notice intent={note.intent} live>{note.text}</Notice>
      )}
    </Card>
  );
}
