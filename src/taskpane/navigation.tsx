/**
 * Requests from outside the pane to show a job: the ribbon buttons and keyboard shortcuts (src/ribbon) run in the
 * same shared runtime as the pane and ask through this store; the pane switches tab, and Recall traces the lot
 * it was given. Each request has its own `seq`, so asking twice for the same lot traces twice.
 */
import { createContext, useContext, useEffect, useRef, useSyncExternalStore, type ReactNode } from 'react';
import type { PaneId } from './panes/registry';

export interface PaneRequest {
  readonly pane: PaneId;
  /** For Recall: the lot code or scan to trace at once. */
  readonly trace?: string;
  readonly seq: number;
}

export interface Navigator {
  open(request: { readonly pane: PaneId; readonly trace?: string }): void;
  subscribe(listener: () => void): () => void;
  current(): PaneRequest | null;
  /** Marks a request as acted on; true the first time only (a pane shown again must not act again). */
  take(seq: number): boolean;
}

export function createNavigator(): Navigator {
  let current: PaneRequest | null = null;
  let taken = 0;
  const listeners = new Set<() => void>();
  return {
    open(request) {
      current = { ...request, seq: (current?.seq ?? 0) + 1 };
      for (const l of listeners) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    current: () => current,
    take(seq) {
      if (seq <= taken) return false;
      taken = seq;
      return true;
    },
  };
}

const NavigationContext = createContext<Navigator | null>(null);

export function NavigationProvider({ navigator, children }: { navigator?: Navigator; children: ReactNode }) {
  return <NavigationContext.Provider value={navigator ?? null}>{children}</NavigationContext.Provider>;
}

const none = () => () => undefined;
const nothing = () => null;

/** The latest request from outside the pane (null when there is none, or no navigator, as in tests). */
export function usePaneRequest(): PaneRequest | null {
  const nav = useContext(NavigationContext);
  return useSyncExternalStore(nav?.subscribe ?? none, nav?.current ?? nothing);
}

/** Runs `act` once for each new request for `pane` (a ribbon click while the pane is open, or the one that opened it). */
export function usePaneRequestFor(pane: PaneId, act: (request: PaneRequest) => void): void {
  const nav = useContext(NavigationContext);
  const request = usePaneRequest();
  const actRef = useRef(act);
  actRef.current = act;
  useEffect(() => {
    if (nav && request?.pane === pane && nav.take(request.seq)) actRef.current(request);
  }, [nav, pane, request]);
}

/**
 * Moving between panes from inside the pane: a first-run step ("Add a product") or a next step offered after an
 * action opens the pane where it is done. App owns which pane is shown; panes only ask.
 */
export type Navigate = (pane: PaneId) => void;

const PaneSwitchContext = createContext<Navigate>(() => undefined);

export function PaneSwitchProvider({ navigate, children }: { navigate: Navigate; children: ReactNode }) {
  return <PaneSwitchContext.Provider value={navigate}>{children}</PaneSwitchContext.Provider>;
}

export function useNavigate(): Navigate {
  return useContext(PaneSwitchContext);
}
