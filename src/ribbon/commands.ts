/**
 * The Office glue of the ribbon and the keyboard shortcuts. Each button and shortcut names an action
 * (`FunctionName` in manifest.xml, `action` in shortcuts.json); in the shared runtime Office runs the function that
 * `Office.actions.associate` tied to that name. A job button opens the task pane on its job; "Trace this lot"
 * reads the selected cell and opens the Recall pane tracing it.
 *
 * Office's objects come in as a parameter (the entry point passes the real `Office`), so unit tests drive this
 * module with office-addin-mock and see exactly which Office calls a click makes.
 */
import { JOBS, type Job, type JobPane } from './jobs';

/** What a command handler gets from Office: it must call `completed` or Office shows a spinner until timeout. */
export interface CommandEvent {
  completed(options?: { allowEvent?: boolean }): void;
}

/** The part of `Office` the ribbon uses (typed loosely enough for the real global and for office-addin-mock). */
export interface OfficeForRibbon {
  readonly actions: { associate(actionId: string, handler: (event?: CommandEvent) => unknown): void };
  readonly addin: {
    showAsTaskpane(): Promise<void>;
    setStartupBehavior(behavior: any): Promise<void>;
  };
  readonly StartupBehavior: { readonly load: any };
  readonly context: { readonly requirements: { isSetSupported(name: string, minVersion?: string): boolean } };
}

/** What the pane is asked to show: a job, and for Recall a lot (text as typed or scanned) to trace at once. */
export interface PaneRequest {
  readonly pane: JobPane;
  readonly trace?: string;
}

export interface RibbonDeps {
  readonly office: OfficeForRibbon;
  /** Switches the task pane to a job (the pane may be hidden; `showAsTaskpane` then shows it). */
  readonly navigate: (request: PaneRequest) => void;
  /** The text of the selected cell (the first cell of a selection); '' when it is blank. */
  readonly selectedText: () => Promise<string>;
  /** Where failures of a command go (there is no UI to show them in until the pane opens). */
  readonly log?: (message: string, error: unknown) => void;
}

export type RibbonStart =
  | { readonly ok: true; readonly actions: readonly string[] }
  /** Office without the shared runtime (Excel 2016/2019 perpetual): the pane still works, the commands do not. */
  | { readonly ok: false; readonly reason: 'no-shared-runtime' };

/** The longest text taken from a cell as a lot to trace: a GS1 string with every AI fits, a pasted essay does not. */
const MAX_TRACE_TEXT = 200;

/**
 * Ties every job to its action, and asks Office to start Lotbook with the workbook from now on, so that the
 * LOTBOOK functions and the shortcuts answer before anyone opens the pane (SharedRuntime 1.1; without it Office
 * would show the commands but never call them, so none are registered).
 */
export function startRibbon(deps: RibbonDeps): RibbonStart {
  const { office } = deps;
  if (!office.context.requirements.isSetSupported('SharedRuntime', '1.1')) return { ok: false, reason: 'no-shared-runtime' };
  for (const job of JOBS) office.actions.associate(job.action, (event) => runJob(deps, job, event));
  // Per document: a workbook in which Lotbook ran opens with Lotbook's runtime loaded (the pane stays closed).
  office.addin.setStartupBehavior(office.StartupBehavior.load).catch((e: unknown) => deps.log?.('Lotbook could not ask Excel to load it with this workbook', e));
  return { ok: true, actions: JOBS.map((j) => j.action) };
}

/** One click or shortcut. Always completes the event, whatever fails, so Excel's ribbon never hangs. */
export async function runJob(deps: RibbonDeps, job: Job, event?: CommandEvent): Promise<void> {
  try {
    if (job.kind === 'pane') {
      deps.navigate({ pane: job.pane });
    } else {
      let text = '';
      try {
        text = (await deps.selectedText()).trim();
      } catch (e) {
        // A person typing in a cell (or a handheld scanner doing so) blocks reads: open Recall to type the lot.
        deps.log?.('Lotbook could not read the selected cell', e);
      }
      deps.navigate(text && text.length <= MAX_TRACE_TEXT ? { pane: 'recall', trace: text } : { pane: 'recall' });
    }
    await deps.office.addin.showAsTaskpane();
  } catch (e) {
    deps.log?.(`Lotbook could not open ${job.label}`, e);
  } finally {
    event?.completed();
  }
}
