/**
 * ISO dates and Excel serial numbers. Calendar arithmetic is done on whole day numbers (proleptic Gregorian,
 * days since 1970-01-01) rather than with `Date`, so that no time zone or daylight-saving shift can move a day.
 *
 * Excel serials: serial 1 is 1900-01-01 and serial 59 is 1900-02-28. Serial 60 is 1900-02-29, a day that never
 * existed, kept by Excel for compatibility with Lotus 1-2-3. From serial 61 (1900-03-01) on, a serial is the
 * number of days since 1899-12-30. The time of day is the fraction of the serial.
 */
import type { IsoDate, IsoDateTime } from './types';

const MIN_YEAR = 1900;
const MAX_YEAR = 9999;
const SECONDS_PER_DAY = 86400;
/** 1899-12-30 as a day number: serial = day + 25569 for serials after 60. */
const SERIAL_OFFSET = 25569;
/** The last serial Excel can show as a date: 9999-12-31. */
export const MAX_DATE_SERIAL = 2958465;

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

// Howard Hinnant's days_from_civil / civil_from_days (http://howardhinnant.github.io/date_algorithms.html).
function dayNumber(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civil(day: number): [number, number, number] {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d];
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function format(y: number, m: number, d: number): IsoDate {
  return `${y}-${pad2(m)}-${pad2(d)}` as IsoDate;
}

function fromDayNumber(day: number): IsoDate {
  const [y, m, d] = civil(day);
  if (y < MIN_YEAR || y > MAX_YEAR) throw new RangeError(`Date out of range (years ${MIN_YEAR}-${MAX_YEAR}): day ${day}`);
  return format(y, m, d);
}

/** Digits at s[from, from+len) as a number, or -1 when any is not a digit. */
function digits(s: string, from: number, len: number): number {
  let n = 0;
  for (let i = from; i < from + len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** `s` when it is exactly `YYYY-MM-DD`, a real calendar day in the years 1900-9999; otherwise null. */
export function isoDate(s: string): IsoDate | null {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return null;
  const y = digits(s, 0, 4);
  const m = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  if (y < MIN_YEAR || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return s as IsoDate;
}

/** `s` when it is exactly `YYYY-MM-DDTHH:MM:SS` with a valid date and time; otherwise null. */
export function isoDateTime(s: string): IsoDateTime | null {
  if (s.length !== 19 || s.charCodeAt(10) !== 84 /* T */ || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return null;
  if (isoDate(s.slice(0, 10)) === null) return null;
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  const se = digits(s, 17, 2);
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59) return null;
  return s as IsoDateTime;
}

function dayOf(d: IsoDate): number {
  return dayNumber(digits(d, 0, 4), digits(d, 5, 2), digits(d, 8, 2));
}

function serialToDay(whole: number): number | null {
  if (whole < 1 || whole === 60 || whole > MAX_DATE_SERIAL) return null;
  // Before the fictitious 1900-02-29 Excel's count is one day ahead of the true count.
  return whole < 60 ? whole - SERIAL_OFFSET + 1 : whole - SERIAL_OFFSET;
}

function dayToSerial(day: number): number {
  const serial = day + SERIAL_OFFSET;
  return serial <= 60 ? serial - 1 : serial;
}

/** Seconds since serial 0, rounded to the second: float serials carry noise below a millisecond. */
function serialSeconds(serial: number): number {
  return Math.round(serial * SECONDS_PER_DAY);
}

// Reading a table converts the same few hundred dates a million times; a bounded memo of this pure function
// saves the string building and the garbage.
const DATE_CACHE_LIMIT = 100_000;
const dateCache = new Map<number, IsoDate>();

/**
 * The date of an Excel serial; the time of day is dropped. Null for serial 60 (1900-02-29, which never
 * existed), serials below 1, beyond 9999-12-31, and anything not finite.
 */
export function serialToIsoDate(serial: number): IsoDate | null {
  const cached = dateCache.get(serial);
  if (cached !== undefined) return cached;
  if (!Number.isFinite(serial)) return null;
  // Rounded to the second first, so that 45000.99999999 (a time a hair before midnight that Excel shows as
  // the next day's 00:00:00) gives the same day as serialToIsoDateTime.
  const whole = Number.isInteger(serial) ? serial : Math.floor(serialSeconds(serial) / SECONDS_PER_DAY);
  const day = serialToDay(whole);
  if (day === null) return null;
  const date = fromDayNumber(day);
  if (whole === serial) {
    if (dateCache.size >= DATE_CACHE_LIMIT) dateCache.clear();
    dateCache.set(serial, date);
  }
  return date;
}

/** The Excel serial of a date (a whole number). */
export function isoDateToSerial(d: IsoDate): number {
  return dayToSerial(dayOf(d));
}

/** Date and time of an Excel serial, to the nearest second; null where serialToIsoDate is null. */
export function serialToIsoDateTime(serial: number): IsoDateTime | null {
  if (!Number.isFinite(serial)) return null;
  const secs = serialSeconds(serial);
  const whole = Math.floor(secs / SECONDS_PER_DAY);
  const day = serialToDay(whole);
  if (day === null) return null;
  let rest = secs - whole * SECONDS_PER_DAY;
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const mi = Math.floor(rest / 60);
  return `${fromDayNumber(day)}T${pad2(h)}:${pad2(mi)}:${pad2(rest - mi * 60)}` as IsoDateTime;
}

/** The Excel serial of a date and time. */
export function isoDateTimeToSerial(dt: IsoDateTime): number {
  const date = dayToSerial(dayNumber(digits(dt, 0, 4), digits(dt, 5, 2), digits(dt, 8, 2)));
  const secs = digits(dt, 11, 2) * 3600 + digits(dt, 14, 2) * 60 + digits(dt, 17, 2);
  return date + secs / SECONDS_PER_DAY;
}

/**
 * `d` plus `n` days (n may be negative). A result outside the years 1900-9999 throws RangeError: callers
 * that add user-typed day counts (shelf life) check the range first.
 */
export function addDays(d: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`addDays: ${n} is not a whole number of days`);
  return fromDayNumber(dayOf(d) + n);
}

/** Days from `a` to `b` (b - a): negative when b is earlier. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return dayOf(b) - dayOf(a);
}

/**
 * `d` plus `n` calendar months. A day that does not exist in the target month becomes that month's last day
 * (2026-01-31 + 1 month = 2026-02-28), as Excel's EDATE does. Out-of-range years throw like addDays.
 */
export function addMonths(d: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`addMonths: ${n} is not a whole number of months`);
  const months = digits(d, 0, 4) * 12 + (digits(d, 5, 2) - 1) + n;
  const y = Math.floor(months / 12);
  const m = months - y * 12 + 1;
  if (y < MIN_YEAR || y > MAX_YEAR) throw new RangeError(`addMonths: year ${y} out of range`);
  return format(y, m, Math.min(digits(d, 8, 2), daysInMonth(y, m)));
}

/** The last day of `d`'s month. */
export function endOfMonth(d: IsoDate): IsoDate {
  const y = digits(d, 0, 4);
  const m = digits(d, 5, 2);
  return format(y, m, daysInMonth(y, m));
}

/** Today's date where the user is (local time: the day the user sees on the calendar). */
export function todayIso(now: Date = new Date()): IsoDate {
  return format(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

/** Now as local `YYYY-MM-DDTHH:MM:SS`, the way Excel (which has no time zones) shows it. */
export function nowIsoDateTime(now: Date = new Date()): IsoDateTime {
  return `${todayIso(now)}T${pad2(now.getHours())}:${pad2(now.getMinutes())}:${pad2(now.getSeconds())}` as IsoDateTime;
}
