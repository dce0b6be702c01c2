import { WorkbookError } from '../app/ports';
import type { OfficeErrorLike } from './office-subset';

export function isOfficeError(e: unknown): e is OfficeErrorLike {
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' && typeof (e as { message?: unknown }).message === 'string';
}

export function officeCode(e: unknown): string | undefined {
  return isOfficeError(e) ? e.code : undefined;
}

/** Wraps an Office.js error in words a user can act on, keeping Office's `code` and `debugInfo` for support. */
export function wrapOfficeError(e: unknown, doing: string): WorkbookError {
  if (e instanceof WorkbookError) return e;
  if (!isOfficeError(e)) {
    const message = e instanceof Error ? e.message : String(e);
    return new WorkbookError('workbook-unreachable', `Excel did not answer while ${doing}: ${message}. Nothing was lost; try again.`);
  }
  const where = describeLocation(e.debugInfo);
  switch (e.code) {
    case 'RequestPayloadSizeLimitExceeded':
    case 'ResponsePayloadSizeLimitExceeded':
      return new WorkbookError('payload-too-large', `Excel refused the request while ${doing}: it was larger than Excel on the web accepts (5 MB).${where}`, e.code, e.debugInfo);
    case 'ItemNotFound':
      return new WorkbookError('table-missing', `A Lotbook table or sheet is missing while ${doing}. Choose "Set up workbook" to repair it.${where}`, e.code, e.debugInfo);
    default:
      return new WorkbookError('office-error', `Excel reported "${e.message}" (${e.code}) while ${doing}.${where}`, e.code, e.debugInfo);
  }
}

function describeLocation(debugInfo: unknown): string {
  if (typeof debugInfo !== 'object' || debugInfo === null) return '';
  const loc = (debugInfo as { errorLocation?: unknown }).errorLocation;
  return typeof loc === 'string' && loc ? ` (at ${loc})` : '';
}
