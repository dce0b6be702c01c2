/** The one place where error codes become words for the user. */
import { WorkbookError } from '../app/ports';

export function describeError(e: unknown): string {
  if (e instanceof WorkbookError) return e.message;
  if (e instanceof Error) return `Something went wrong: ${e.message}`;
  return `Something went wrong: ${String(e)}`;
}

export function officeDetails(e: unknown): string | undefined {
  if (e instanceof WorkbookError && e.officeCode) return `Excel error code: ${e.officeCode}`;
  return undefined;
}
