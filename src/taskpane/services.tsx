import { createContext, useContext, type ReactNode } from 'react';
import type { WorkbookPort } from '../app/ports';

/** What the panes can do, wired by the entry point (Excel or the playground). Components never build adapters. */
export interface Services {
  readonly workbook: WorkbookPort;
  /** Who is working, for the Log and the movements' User column. */
  readonly user: string;
  /** Today as the user's calendar shows it (fixed in tests). */
  readonly today: () => string;
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const s = useContext(ServicesContext);
  if (!s) throw new Error('useServices outside ServicesProvider');
  return s;
}
