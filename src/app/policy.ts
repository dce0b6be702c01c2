/**
 * The one policy every command shares (DESIGN.md, Commands). A command's expected failures come back from the
 * adapter as a `WorkbookError` with a code (table missing or filtered, protected sheet, payload, Excel unreachable)
 * and pass through as they are. Anything else thrown inside a command is a bug in Lotbook: it is logged with its
 * stack and becomes an `internal-error`, which no caller may queue or retry, instead of passing for "Excel did not
 * answer" (a retry of a bug fails the same way, and a queued one would fail for ever).
 */
import { RETRYABLE_CODES, WorkbookError } from './ports';

/** Where bugs go: the console in Excel and the playground, a list in tests. */
export type BugReporter = (command: string, error: unknown) => void;

export const consoleBugReporter: BugReporter = (command, error) => {
  console.error(`Lotbook: internal error in "${command}"`, error);
};

export async function underPolicy<T>(command: string, work: () => Promise<T>, reportBug: BugReporter): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof WorkbookError) throw e;
    reportBug(command, e);
    const detail = e instanceof Error ? e.message : String(e);
    throw new WorkbookError('internal-error', `Lotbook hit an internal error (${command}): ${detail}. This is a bug, not a problem with your workbook; it was not queued. Reload the task pane and try again, and tell us if it happens again.`);
  }
}

/** True for failures that heal by themselves (Excel unreachable, a cell being edited), which the outbox may keep. */
export function isRetryable(e: unknown): boolean {
  return e instanceof WorkbookError && RETRYABLE_CODES.has(e.code);
}
