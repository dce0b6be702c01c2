import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { createCommands, type Commands } from '../app/commands';
import { nowIsoDateTime } from '../domain/dates';
import type { IsoDateTime } from '../domain/types';
import type { WorkbookPort } from '../app/ports';
import type { CameraScanner } from '../app/scanner-port';
import type { MirrorPort } from '../app/cache-port';
import type { Outbox } from '../app/outbox';

/** What the panes can do, wired by the entry point (Excel or the playground). Components never build adapters. */
export interface Services {
  readonly workbook: WorkbookPort;
  /** Who is working, for the Log and the movements' User column. */
  readonly user: string;
  /** Today as the user's calendar shows it (fixed in tests). */
  readonly today: () => string;
  /** The webcam scanner; absent where there is none to offer (the scan field still takes handheld scanners). */
  readonly scanner?: CameraScanner;
  /** Saves that wait for Excel (IndexedDB); absent before the workbook is set up. Saves then go straight to the workbook. */
  readonly outbox?: Outbox;
  /** The IndexedDB mirror of the tables, for fast look-ups; it may answer "unavailable", never decides a write. */
  readonly mirror?: MirrorPort;
}

const ServicesContext = createContext<Services | null>(null);

const CommandsContext = createContext<Commands | null>(null);

/** Builds the commands once per workbook, outbox and mirror (app/commands.ts): the panes' only way to the workbook. */
export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  const { workbook, outbox, mirror } = services;
  const commands = useMemo(() => createCommands({ workbook, outbox, mirror }), [workbook, outbox, mirror]);
  return (
    <ServicesContext.Provider value={services}>
      <CommandsContext.Provider value={commands}>{children}</CommandsContext.Provider>
    </ServicesContext.Provider>
  );
}

/**
 * "Now" on the user's calendar: today() (fixed by the playground's ?today and by tests) at the clock's time, so that
 * what a pane records as "when" agrees with the day it shows.
 */
export function useNow(): () => IsoDateTime {
  const { today } = useServices();
  return useCallback(() => `${today()}T${nowIsoDateTime().slice(11)}` as IsoDateTime, [today]);
}

/** The commands and queries a pane may call; each goes through the one policy (app/policy.ts). */
export function useCommands(): Commands {
  const c = useContext(CommandsContext);
  if (!c) throw new Error('useCommands outside ServicesProvider');
  return c;
}

export function useServices(): Services {
  const s = useContext(ServicesContext);
  if (!s) throw new Error('useServices outside ServicesProvider');
  return s;
}
