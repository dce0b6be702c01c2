import { createContext, useContext, type ReactNode } from 'react';
import type { PaneId } from './panes/registry';

/**
 * Moving between panes: a first-run step ("Add a product") or a next step offered after an action opens the pane
 * where it is done. App owns which pane is shown; panes only ask.
 */
export type Navigate = (pane: PaneId) => void;

const NavigationContext = createContext<Navigate>(() => undefined);

export function NavigationProvider({ navigate, children }: { navigate: Navigate; children: ReactNode }) {
  return <NavigationContext.Provider value={navigate}>{children}</NavigationContext.Provider>;
}

export function useNavigate(): Navigate {
  return useContext(NavigationContext);
}
