/**
 * The Lotbook ribbon tab in the playground: the manifest's buttons (src/ribbon/jobs.ts), answered by the very code
 * Excel runs (src/ribbon/commands.ts startRibbon) through a small stand-in for Office's `actions` and `addin`, and
 * the keyboard shortcuts of shortcuts.json. "Trace this lot" reads the cell selected in the playground's sheet.
 */
import { Toolbar, ToolbarButton, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useMemo } from 'react';
import { readSelectedText } from '../excel/selection';
import { startRibbon, type CommandEvent, type OfficeForRibbon } from '../ribbon/commands';
import { JOBS, SHORTCUTS } from '../ribbon/jobs';
import type { Navigator } from '../taskpane/navigation';
import type { PlaygroundEnv } from './seed';

const useStyles = makeStyles({
  tab: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, padding: `0 ${tokens.spacingHorizontalM}`, borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, flexWrap: 'wrap', backgroundColor: tokens.colorNeutralBackground2 },
  name: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorBrandForeground1 },
  toolbar: { flexWrap: 'wrap' },
});

/** "Ctrl+Alt+Shift+R" as a check of a keydown event. */
function matches(shortcut: string, e: KeyboardEvent): boolean {
  const parts = shortcut.split('+');
  const key = parts.pop()!;
  // e.code, not e.key: with Ctrl+Alt held some keyboard layouts type another character.
  return e.code === `Key${key}` && e.ctrlKey === parts.includes('Ctrl') && e.altKey === parts.includes('Alt') && e.shiftKey === parts.includes('Shift');
}

export function RibbonBar({ env, navigator }: { env: PlaygroundEnv; navigator: Navigator }) {
  const styles = useStyles();
  const handlers = useMemo(() => {
    const map = new Map<string, (event?: CommandEvent) => unknown>();
    // The playground's page is always "shown": showing the pane and startup behaviour have nothing to do here.
    const office: OfficeForRibbon = {
      actions: { associate: (id, fn) => void map.set(id, fn) },
      addin: { showAsTaskpane: async () => undefined, setStartupBehavior: async () => undefined },
      StartupBehavior: { load: 'load' },
      context: { requirements: { isSetSupported: () => true } },
    };
    startRibbon({ office, navigate: (r) => navigator.open(r), selectedText: () => readSelectedText((b) => env.fake.run(b)), log: (m, e) => console.warn(m, e) });
    return map;
  }, [env.fake, navigator]);
  const run = (action: string) => void handlers.get(action)?.({ completed: () => undefined });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const s = SHORTCUTS.find((x) => matches(x.default, e));
      if (!s) return;
      e.preventDefault();
      void handlers.get(s.action)?.({ completed: () => undefined });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [handlers]);

  return (
    <div className={styles.tab}>
      <span className={styles.name}>Lotbook tab</span>
      <Toolbar size="small" aria-label="Lotbook ribbon" className={styles.toolbar}>
        {JOBS.map((j) => {
          const shortcut = SHORTCUTS.find((s) => s.action === j.action);
          return (
            <ToolbarButton key={j.action} icon={<img src={`assets/${j.icon}-32.png`} width={16} height={16} alt="" />} title={`${j.tip}${shortcut ? ` (${shortcut.default})` : ''}`} onClick={() => run(j.action)}>
              {j.label}
            </ToolbarButton>
          );
        })}
      </Toolbar>
    </div>
  );
}
