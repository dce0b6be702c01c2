/**
 * IndexedDB failures in words. The cache is an optimisation and the outbox a safety net: when either fails, the
 * message says what still works (the workbook) so that nobody stops working because a browser store is full.
 */
import type { CacheFailure, CacheFailureCode } from '../app/cache-port';

/** The DOMException or Dexie error name, looking through Dexie's wrapper (`inner`) when there is one. */
export function errorName(e: unknown): string {
  const names: string[] = [];
  let cur: unknown = e;
  for (let depth = 0; cur && typeof cur === 'object' && depth < 4; depth++) {
    const n = (cur as { name?: unknown }).name;
    if (typeof n === 'string') names.push(n);
    cur = (cur as { inner?: unknown }).inner;
  }
  // The innermost cause names what really happened (OpenFailedError wraps it).
  return names.find((n) => n === 'QuotaExceededError') ?? names[names.length - 1] ?? 'Error';
}

function detail(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function cacheFailure(e: unknown, doing: 'open' | 'read' | 'write'): CacheFailure {
  const name = errorName(e);
  const fail = (code: CacheFailureCode, message: string): CacheFailure => ({ ok: false, code, message });
  if (name === 'QuotaExceededError') {
    return fail('quota-exceeded', 'The storage this browser gives Lotbook on this computer is full, so the cache is off. Lotbook keeps working from the workbook (look-ups are slower). Choose "Clear cache" or free some browser storage.');
  }
  if (name === 'MissingAPIError' || name === 'SecurityError' || name === 'InvalidAccessError') {
    return fail('unsupported', 'This browser does not let Lotbook store data on this computer (IndexedDB is off, for example in a private window), so the cache is off. Lotbook works from the workbook alone.');
  }
  if (name === 'BlockedError') {
    return fail('blocked', 'Another Lotbook window, running an older version, holds the cache open. Close the other Lotbook windows and reload; until then Lotbook works from the workbook alone.');
  }
  if (doing === 'open' || name === 'OpenFailedError' || name === 'VersionError' || name === 'DatabaseClosedError') {
    return fail('open-failed', `The cache on this computer could not be opened (${detail(e)}), so it is off. Lotbook works from the workbook alone.`);
  }
  return fail('failed', `The cache on this computer failed while it tried to ${doing} (${detail(e)}). Lotbook works from the workbook alone.`);
}
