/**
 * The Lotbook ribbon tab and keyboard shortcuts: one button per job, each opening the task pane on that job, and
 * "Trace this lot" for the selected cell. These are the words and ids the manifest repeats: test/manifest.test.ts
 * checks that every button in manifest.xml and every shortcut in assets/shortcuts.json matches this list, so the
 * ribbon, the shortcuts and the code that answers them cannot drift apart.
 */

/** The panes a ribbon button can open (a subset of the task pane's PaneId; the composition root checks the fit). */
export type JobPane = 'receive' | 'produce' | 'pick' | 'count' | 'recall' | 'costs' | 'workbook';

export interface RibbonJob {
  /** The Office action id: `FunctionName` in manifest.xml, `action` in shortcuts.json, `Office.actions.associate`. */
  readonly action: string;
  /** Icon file stem in assets/ (assets/<icon>-<size>.png). */
  readonly icon: string;
  readonly label: string;
  readonly tip: string;
}

export interface PaneJob extends RibbonJob {
  readonly kind: 'pane';
  readonly pane: JobPane;
}

export interface CommandJob extends RibbonJob {
  readonly kind: 'trace-selection';
}

export type Job = PaneJob | CommandJob;

/** In the order work flows, as the pane's tabs are; Set up last (used once per workbook). */
export const JOBS: readonly Job[] = [
  { kind: 'pane', action: 'openReceive', pane: 'receive', icon: 'receive', label: 'Receive', tip: 'Book in a delivery: scan or type the lot, expiry and quantity.' },
  { kind: 'pane', action: 'openProduce', pane: 'produce', icon: 'produce', label: 'Produce', tip: 'Record a production run: the input lots it used and the lot it made.' },
  { kind: 'pane', action: 'openPick', pane: 'pick', icon: 'pick', label: 'Pick & ship', tip: 'Make a first-expiry-first-out pick list for open orders, then confirm what shipped.' },
  { kind: 'pane', action: 'openCount', pane: 'count', icon: 'count', label: 'Count', tip: 'Count stock by lot, review the differences and post the adjustments.' },
  { kind: 'pane', action: 'openRecall', pane: 'recall', icon: 'recall', label: 'Recall', tip: 'Trace a lot to every lot made from it and every customer who received them.' },
  { kind: 'trace-selection', action: 'traceSelection', icon: 'trace', label: 'Trace this lot', tip: 'Trace the lot code in the selected cell, forward to customers, in the Recall pane.' },
  { kind: 'pane', action: 'openCosts', pane: 'costs', icon: 'costs', label: 'Lot costs', tip: 'The period report of quantities and values per lot, with cost of goods sold.' },
  { kind: 'pane', action: 'openSetUp', pane: 'workbook', icon: 'setup', label: 'Set up', tip: 'Create the Lotbook tables and check the workbook for bad cells.' },
];

/**
 * Keyboard shortcuts for the frequent jobs (Office's custom shortcuts: ExtendedOverrides -> shortcuts.json).
 * Ctrl+Alt+Shift with a letter: Excel binds none of these by default, and Office refuses shortcuts that take
 * a built-in one without asking the user.
 */
export const SHORTCUTS: ReadonlyArray<{ readonly action: string; readonly default: string; readonly mac: string }> = [
  { action: 'openReceive', default: 'Ctrl+Alt+Shift+R', mac: 'Command+Option+Shift+R' },
  { action: 'traceSelection', default: 'Ctrl+Alt+Shift+T', mac: 'Command+Option+Shift+T' },
];

/** Every icon size the manifest refers to: 16, 32 and 80 are required; 20, 24, 40, 48 and 64 serve high-DPI screens. */
export const ICON_SIZES = [16, 20, 24, 32, 40, 48, 64, 80] as const;
