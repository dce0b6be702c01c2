import { Caption1, FluentProvider, Subtitle1, Toolbar, ToolbarButton, ToolbarDivider, makeStyles, tokens, webLightTheme } from '@fluentui/react-components';
import { useMemo, useState, useSyncExternalStore } from 'react';
import type { CacheConnection } from '../cache/connect';
import { createCameraScanner } from '../scanner/camera-scanner';
import { App } from '../taskpane/App';
import { createNavigator } from '../taskpane/navigation';
import { FormulaBar } from './FormulaBar';
import { RibbonBar } from './RibbonBar';
import { WorkbookView } from './WorkbookView';
import { forgetPersistedWorkbook, type PlaygroundEnv } from './seed';
import { useFakeWorkbook } from './useFakeWorkbook';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', height: '100vh', fontFamily: tokens.fontFamilyBase },
  bar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`, borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, flexWrap: 'wrap' },
  body: { display: 'flex', flexGrow: 1, minHeight: 0 },
  pane: { width: '360px', flexShrink: 0, borderRight: `1px solid ${tokens.colorNeutralStroke1}`, overflowY: 'auto' },
  sheet: { flexGrow: 1, minWidth: 0, display: 'flex', flexDirection: 'column' },
  stats: { marginLeft: 'auto', color: tokens.colorNeutralForeground3, fontVariantNumeric: 'tabular-nums' },
});

// One per page: quagga2 is a singleton, and the browser asks for the camera by itself here.
const scanner = createCameraScanner();

function go(params: Record<string, string>) {
  forgetPersistedWorkbook();
  const url = new URL(window.location.href);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  window.location.assign(url.toString());
}

/** A toolbar switch that holds workbook calls (all, or reads of Movements) until it is switched back. */
function HoldSwitch({ hold, title, children }: { hold: PlaygroundEnv['hold']; title: string; children: string }) {
  const [held, setHeld] = useState(hold.on);
  return (
    <ToolbarButton
      aria-pressed={held}
      appearance={held ? 'primary' : 'subtle'}
      onClick={() => {
        hold.set(!held);
        setHeld(!held);
      }}
      title={title}
    >
      {children}
    </ToolbarButton>
  );
}

export function Playground({ env, cache, paneWidth }: { env: PlaygroundEnv; cache?: CacheConnection; paneWidth?: number }) {
  const styles = useStyles();
  const snapshot = useFakeWorkbook(env.fake);
  const lots = env.fake.table('Lots');
  const offline = useSyncExternalStore(env.offline.subscribe, () => env.offline.on);
  const navigator = useMemo(createNavigator, []);
  return (
    <FluentProvider theme={webLightTheme}>
      <div className={styles.page}>
        <div className={styles.bar}>
          <Subtitle1 as="h1">Lotbook playground</Subtitle1>
          <Caption1>The real task pane over an in-browser workbook — no Excel needed.</Caption1>
          <Toolbar size="small" aria-label="Playground actions">
            <ToolbarButton onClick={() => go({ workbook: 'demo' })}>Reset demo data</ToolbarButton>
            <ToolbarButton onClick={() => go({ workbook: 'empty' })}>Empty workbook</ToolbarButton>
            <ToolbarDivider />
            <ToolbarButton
              disabled={!lots}
              onClick={() => env.fake.user.filter('Lots', 'Status', (v) => v === 'released')}
              title="Act as a user who filters the Lots table in Excel"
            >
              Filter Lots (released)
            </ToolbarButton>
            <ToolbarButton disabled={!lots} onClick={() => env.fake.user.clearFilter('Lots')}>
              Clear filter
            </ToolbarButton>
            <ToolbarButton onClick={() => env.fake.failSync(1, { code: 'ConnectionFailure', message: 'The network connection was lost.' })} title="The next round trip to the workbook fails">
              Fail next sync
            </ToolbarButton>
            <HoldSwitch hold={env.hold} title="Calls to the workbook wait until switched back, as on a slow connection: see what the panes show while they read">
              Hold workbook calls
            </HoldSwitch>
            <HoldSwitch hold={env.holdMovements} title="Reads of Movements wait until switched back while other tables answer, as a ledger of a million rows does: see what a pane shows before its stock arrives">
              Hold Movements reads
            </HoldSwitch>
            <ToolbarButton
              aria-pressed={offline}
              appearance={offline ? 'primary' : 'subtle'}
              onClick={() => env.offline.set(!offline)}
              title="Every call to the workbook fails until switched back, as when Excel on the web loses its connection"
            >
              Workbook offline
            </ToolbarButton>
          </Toolbar>
          <Caption1 className={styles.stats} aria-label="Round trips">
            {snapshot.stats.syncs} syncs · {Math.round(snapshot.stats.requestBytes / 1024)} KB sent · {Math.round(snapshot.stats.responseBytes / 1024)} KB received
          </Caption1>
        </div>
        <RibbonBar env={env} navigator={navigator} />
        <div className={styles.body}>
          <aside className={styles.pane} aria-label="Lotbook task pane" style={paneWidth ? { width: `${paneWidth}px` } : undefined}>
            <App services={{ workbook: env.workbook, user: 'playground user', today: () => env.today, scanner, outbox: cache?.outbox, mirror: cache?.mirror }} navigator={navigator} />
          </aside>
          <section className={styles.sheet} aria-label="Workbook">
            <FormulaBar env={env} />
            <WorkbookView fake={env.fake} snapshot={snapshot} />
          </section>
        </div>
      </div>
    </FluentProvider>
  );
}
