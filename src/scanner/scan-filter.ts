/**
 * What happens to a camera decode before the pane sees it: pure functions, so they are tested without a browser.
 *
 * quagga2 reads every video frame on its own. A blurred or half-visible label now and then decodes to a wrong
 * but checksum-valid code, and a label held in view decodes many times a second; the filter below turns that
 * stream into one scan per label.
 */
import { gs1CheckDigit, parseGs1 } from '../domain/gs1';

const GS = '\x1d';

/**
 * UPC-E (8 digits: number system, six data digits, check digit) to its 12-digit UPC-A form. parseGs1 reads
 * bare 8 digits as EAN-8, which would be the wrong GTIN, so camera scans of UPC-E are expanded first.
 * Returns null for input that is not a valid UPC-E (number system other than 0 or 1, wrong check digit).
 */
export function expandUpcE(upce: string): string | null {
  if (!/^[01]\d{7}$/.test(upce)) return null;
  const ns = upce.charAt(0);
  const d = upce.slice(1, 7);
  const check = upce.charAt(7);
  const last = d.charAt(5);
  let body: string;
  switch (last) {
    case '0':
    case '1':
    case '2':
      body = `${d.slice(0, 2)}${last}0000${d.slice(2, 5)}`;
      break;
    case '3':
      body = `${d.slice(0, 3)}00000${d.slice(3, 5)}`;
      break;
    case '4':
      body = `${d.slice(0, 4)}00000${d.charAt(4)}`;
      break;
    default:
      body = `${d.slice(0, 5)}0000${last}`;
  }
  const withoutCheck = `${ns}${body}`;
  return String(gs1CheckDigit(withoutCheck)) === check ? `${withoutCheck}${check}` : null;
}

/**
 * A quagga2 result as the pane should see it, or null when there is nothing usable.
 * - The trailing GS that quagga2's code_128 reader appends when the check character is 102 is removed; the
 *   leading GS (the FNC1 that marks GS1-128) stays, parseGs1 accepts it.
 * - UPC-E from the upc_e reader becomes UPC-A.
 */
export function normalizeCameraCode(code: string | null | undefined, format: string): string | null {
  if (!code) return null;
  if (format === 'upc_e') return /^\d{8}$/.test(code) ? expandUpcE(code) : null;
  let end = code.length;
  while (end > 0 && code.charAt(end - 1) === GS) end -= 1;
  const text = code.slice(0, end);
  return text.replace(/\x1d/g, '') === '' ? null : text;
}

/**
 * How far the bar widths of a decode were from the ideal pattern, on average (quagga2's per-character `error`).
 * Clean reads of GS1-128 labels, tilted, blurred and noisy ones included, came out near 0.08 here; an EAN-8
 * "found" inside a Code 128 label came out at 0.16. Null when quagga2 gave no per-character errors.
 */
export function meanDecodeError(decodedCodes: ReadonlyArray<{ readonly error?: number }> | undefined): number | null {
  const errors = (decodedCodes ?? []).map((c) => c.error).filter((e): e is number => typeof e === 'number');
  if (errors.length === 0) return null;
  return errors.reduce((sum, e) => sum + e, 0) / errors.length;
}

/** Reads whose bars fit this badly are dropped before the agreement check (default threshold 0.12). */
export function isConfidentDecode(decodedCodes: ReadonlyArray<{ readonly error?: number }> | undefined, maxMeanError = 0.12): boolean {
  const mean = meanDecodeError(decodedCodes);
  return mean === null || mean <= maxMeanError;
}

/**
 * Whether a normalized camera read can be what a label says. A Code 128 read that starts with FNC1 (GS) claims to
 * be GS1-128, so it must parse as GS1: a read of a blurred or slanted long label can pass Code 128's check
 * character with wrong bars (seen in the scan benchmark: a 28-character "lot" from a 20-character one, the same in
 * several frames), and GS1's lengths, character sets, check digits and dates catch what the checksum missed.
 * Other reads are taken as they are.
 */
export function isWellFormedRead(text: string, format: string): boolean {
  if (format !== 'code_128' || !text.startsWith(GS)) return true;
  return parseGs1(text).ok;
}

export interface ScanFilterOptions {
  /** A code already reported is reported again only after this long without seeing it (default 2000 ms). */
  readonly repeatAfterMs?: number;
}

export interface ScanFilter {
  /** Feed one decoded frame (normalized text, time in ms). Returns the text when it should be reported. */
  push(text: string, at: number): string | null;
  /**
   * A frame in which a label was in view (quagga2 located one) but not read. The label last reported may still be
   * the one held there: a damaged label is read in some frames only, and a gap between reads is not the pause that
   * allows the same label again.
   */
  inView(at: number): void;
  /** Forget everything, e.g. when the camera stops. */
  reset(): void;
}

/**
 * Accepts a code when two consecutive decoded frames agree, and reports it once: the same code again only after
 * a different code was accepted, or after `repeatAfterMs` in which it was not seen and no label was in view (so a
 * label held in front of the camera is one scan, and the same label shown again after a pause is a second one,
 * e.g. two cartons).
 */
export function createScanFilter(options: ScanFilterOptions = {}): ScanFilter {
  const repeatAfterMs = options.repeatAfterMs ?? 2000;
  let previous: string | null = null;
  let reported: string | null = null;
  let reportedSeenAt = Number.NEGATIVE_INFINITY;

  return {
    push(text, at) {
      const agreed = previous === text;
      previous = text;
      if (text === reported && at - reportedSeenAt < repeatAfterMs) {
        // Still in view: the pause that allows a repeat starts again.
        reportedSeenAt = at;
        return null;
      }
      if (!agreed) return null;
      reported = text;
      reportedSeenAt = at;
      return text;
    },
    inView(at) {
      if (reported !== null && at - reportedSeenAt < repeatAfterMs) reportedSeenAt = at;
    },
    reset() {
      previous = null;
      reported = null;
      reportedSeenAt = Number.NEGATIVE_INFINITY;
    },
  };
}
