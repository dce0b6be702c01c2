import { WorkbookError } from '../app/ports';
import type { OfficeErrorLike } from './office-subset';

export function isOfficeError(e: unknown): e is OfficeErrorLike {
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' && typeof (e as { message?: unknown }).message === 'string';
}

export function officeCode(e: unknown): string | undefined {
  return isOfficeError(e) ? e.code : undefined;
}

/**
 * Office's codes for a request that did not get through or timed out: the same request can succeed later. Office
 * documents these in "Error handling with the application-specific JavaScript APIs" (OfficeExtension.ErrorCodes).
 */
const TRANSPORT_CODES = new Set(['ConnectionFailure', 'RequestAborted', 'ServiceNotAvailable', 'Timeout', 'ActivityLimitReached', 'GeneralException']);

/**
 * Wraps an Office.js error in words a user can act on, keeping Office's `code` and `debugInfo` for support. Anything
 * that is not an Office error is a bug in Lotbook and is returned as it is: it must never pass for "Excel did not
 * answer", which would send it to the offline queue.
 */
export function wrapOfficeError(e: unknown, doing: string): unknown {
  if (e instanceof WorkbookError) return e;
  if (!isOfficeError(e)) return e;
  const where = describeLocation(e.debugInfo);
  if (TRANSPORT_CODES.has(e.code)) {
    return new WorkbookError('workbook-unreachable', `Excel did not answer while ${doing} (${e.message}). Nothing was lost; try again.`, e.code, e.debugInfo);
  }
  switch (e.code) {
    case 'InvalidOperationInCellEditMode':
      return new WorkbookError('cell-editing', `Excel is waiting for a cell to be finished while ${doing}. Press Enter or Esc in the sheet, then try again.`, e.code, e.debugInfo);
    case 'AccessDenied':
      return new WorkbookError('sheet-protected', `Excel refused the change while ${doing}: the sheet or workbook is protected. Ask whoever protected it to unprotect it (Review > Unprotect Sheet), then try again.${where}`, e.code, e.debugInfo);
    case 'FilteredRangeConflict':
    case 'InsertDeleteConflict':
      return new WorkbookError('table-filtered', `Excel refused to change a filtered table while ${doing}. Clear the filter (Data > Clear), then try again.${where}`, e.code, e.debugInfo);
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
