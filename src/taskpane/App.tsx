import { FluentProvider, Tab, TabList, makeStyles, tokens, webLightTheme } from '@fluentui/react-components';
import { useEffect, useMemo, useState, type ReactElement } from 'react';
import { Header } from './components/Header';
import { WHO_WORDS } from './messages';
import { NavigationProvider, PaneSwitchProvider, usePaneRequest, type Navigator } from './navigation';
import { PANES, type PaneId } from './panes/registry';
import { ServicesProvider, type Services } from './services';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground2 },
  nav: {
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    flexShrink: 0,
  },
  // A task pane is about 320-360 px wide: the tabs wrap onto a second line rather than scroll out of sight.
  tabs: { flexWrap: 'wrap' },
  main: {
    padding: tokens.spacingHorizontalM,
    flexGrow: 1,
    // Fluent's inputs have a minimum width that overflows a 320 px pane in two-column rows.
    '& .fui-Input, & .fui-Select, & .fui-Combobox, & .fui-Dropdown, & .fui-Textarea, & .fui-SpinButton': { minWidth: 0, maxWidth: '100%', boxSizing: 'border-box' },
    '& .fui-Select__select': { minWidth: 0 },
  },
});

/** `navigator`: how the ribbon and keyboard shortcuts ask for a job (src/ribbon); absent in tests and the playground. */
export function App({ services, initialPane = 'workbook', navigator }: { services: Services; initialPane?: PaneId; navigator?: Navigator }): ReactElement {
  return (
    <NavigationProvider navigator={navigator}>
      <Panes services={services} initialPane={navigator?.current()?.pane ?? initialPane} />
    </NavigationProvider>
  );
}

/** Where this computer keeps the name of the person working (the Header asks for it once). */
const USER_KEY = 'lotbook.user';

function storedUser(): string {
  try {
    return globalThis.localStorage?.getItem(USER_KEY) ?? '';
  } catch {
    return ''; // storage blocked: the name is asked for again next time
  }
}

function Panes({ services: given, initialPane }: { services: Services; initialPane: PaneId }): ReactElement {
  const styles = useStyles();
  const [user, setUser] = useState(() => storedUser() || given.user);
  const rememberUser = (name: string) => {
    setUser(name);
    try {
      globalThis.localStorage?.setItem(USER_KEY, name);
    } catch {
      // kept for this session only
    }
  };
  const services = useMemo(() => ({ ...given, user: user || WHO_WORDS.unnamed }), [given, user]);
  const [pane, setPane] = useState<PaneId>(initialPane);
  const request = usePaneRequest();
  useEffect(() => {
    if (request) setPane(request.pane);
  }, [request]);
  const current = PANES.find((p) => p.id === pane) ?? PANES[0]!;
  const Pane = current.component;
  return (
    <FluentProvider theme={webLightTheme}>
      <ServicesProvider services={services}>
        <PaneSwitchProvider navigate={setPane}>
          <div className={styles.root}>
            <Header user={user} onUser={rememberUser} />
            <nav className={styles.nav} aria-label="Lotbook panes">
              <TabList className={styles.tabs} size="small" selectedValue={pane} onTabSelect={(_, d) => setPane(d.value as PaneId)}>
                {PANES.map((p) => (
                  <Tab key={p.id} value={p.id} icon={p.icon}>
                    {p.label}
                  </Tab>
                ))}
              </TabList>
            </nav>
            <main className={styles.main}>
              <Pane />
            </main>
          </div>
        </PaneSwitchProvider>
      </ServicesProvider>
    </FluentProvider>
  );
}
