import {
  addDays,
  addMonths,
  daysBetween,
  endOfMonth,
  isoDate,
  isoDateTime,
  isoDateTimeToSerial,
  isoDateToSerial,
  nowIsoDateTime,
  serialToIsoDate,
  serialToIsoDateTime,
  todayIso,
} from './dates';
import type { IsoDate, IsoDateTime } from './types';

const d = (s: string): IsoDate => s as IsoDate;

describe('isoDate', () => {
  it('accepts real calendar days written yyyy-mm-dd', () => {
    expect(isoDate('2026-12-31')).toBe('2026-12-31');
    expect(isoDate('2024-02-29')).toBe('2024-02-29');
    expect(isoDate('2000-02-29')).toBe('2000-02-29');
    expect(isoDate('1900-01-01')).toBe('1900-01-01');
    expect(isoDate('9999-12-31')).toBe('9999-12-31');
  });

  it.each([
    '2023-02-29', // not a leap year
    '1900-02-29', // Excel's fictitious day
    '2100-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-1-01',
    '2026/01/01',
    ' 2026-01-01',
    '1899-12-31',
    '10000-01-01',
    '2026-01-01T00:00:00',
    '',
  ])('refuses %p', (s) => {
    expect(isoDate(s)).toBeNull();
  });
});

describe('Excel serials', () => {
  it.each([
    [1, '1900-01-01'],
    [59, '1900-02-28'],
    [61, '1900-03-01'],
    [45000, '2023-03-15'],
    [2958465, '9999-12-31'],
  ])('serial %p is %p and back', (serial, iso) => {
    expect(serialToIsoDate(serial)).toBe(iso);
    expect(isoDateToSerial(d(iso))).toBe(serial);
  });

  it('has no date for serial 60, the 1900-02-29 Excel keeps for Lotus compatibility', () => {
    expect(serialToIsoDate(60)).toBeNull();
    expect(serialToIsoDate(60.5)).toBeNull();
    expect(serialToIsoDateTime(60.25)).toBeNull();
  });

  it('has no date outside 1900-01-01..9999-12-31', () => {
    expect(serialToIsoDate(0)).toBeNull();
    expect(serialToIsoDate(-1)).toBeNull();
    expect(serialToIsoDate(2958466)).toBeNull();
    expect(serialToIsoDate(Number.NaN)).toBeNull();
    expect(serialToIsoDate(Number.POSITIVE_INFINITY)).toBeNull();
  });

  it('drops the time of day from a date', () => {
    expect(serialToIsoDate(45000.75)).toBe('2023-03-15');
    expect(serialToIsoDate(59.9)).toBe('1900-02-28');
    // A hair before midnight is shown by Excel as the next day at 00:00:00.
    expect(serialToIsoDate(45000.999999999)).toBe('2023-03-16');
  });

  it('reads date and time to the second', () => {
    expect(serialToIsoDateTime(45000)).toBe('2023-03-15T00:00:00');
    expect(serialToIsoDateTime(45000.5)).toBe('2023-03-15T12:00:00');
    expect(serialToIsoDateTime(45000 + (13 * 3600 + 45 * 60 + 30) / 86400)).toBe('2023-03-15T13:45:30');
    expect(serialToIsoDateTime(45000.999999999)).toBe('2023-03-16T00:00:00');
    expect(serialToIsoDateTime(1.5)).toBe('1900-01-01T12:00:00');
  });

  it('writes date and time as a serial', () => {
    expect(isoDateTimeToSerial('2023-03-15T12:00:00' as IsoDateTime)).toBe(45000.5);
    expect(isoDateTimeToSerial('1900-02-28T06:00:00' as IsoDateTime)).toBe(59.25);
    expect(isoDateTimeToSerial('1900-03-01T00:00:00' as IsoDateTime)).toBe(61);
  });
});

describe('isoDateTime', () => {
  it('accepts yyyy-mm-ddThh:mm:ss with a valid date and time', () => {
    expect(isoDateTime('2026-12-31T23:59:59')).toBe('2026-12-31T23:59:59');
  });

  it.each(['2026-12-31 23:59:59', '2026-12-31T24:00:00', '2026-12-31T10:60:00', '2026-02-30T10:00:00', '2026-12-31T10:00'])('refuses %p', (s) => {
    expect(isoDateTime(s)).toBeNull();
  });
});

describe('calendar arithmetic', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays(d('2024-02-28'), 1)).toBe('2024-02-29');
    expect(addDays(d('2023-02-28'), 1)).toBe('2023-03-01');
    expect(addDays(d('2026-12-31'), 1)).toBe('2027-01-01');
    expect(addDays(d('2026-01-01'), -1)).toBe('2025-12-31');
    expect(addDays(d('2026-01-15'), 730)).toBe('2028-01-15');
  });

  it('refuses to leave the years Excel can show', () => {
    expect(() => addDays(d('9999-12-31'), 1)).toThrow(RangeError);
    expect(() => addDays(d('1900-01-01'), -1)).toThrow(RangeError);
    expect(() => addMonths(d('9999-12-31'), 1)).toThrow(RangeError);
  });

  it('counts days from a to b', () => {
    expect(daysBetween(d('2026-01-01'), d('2026-12-31'))).toBe(364);
    expect(daysBetween(d('2026-12-31'), d('2026-01-01'))).toBe(-364);
    expect(daysBetween(d('1900-02-28'), d('1900-03-01'))).toBe(1); // the true calendar, not Excel's count
  });

  it('adds months, keeping the day or falling back to the month end', () => {
    expect(addMonths(d('2026-01-31'), 1)).toBe('2026-02-28');
    expect(addMonths(d('2024-01-31'), 1)).toBe('2024-02-29');
    expect(addMonths(d('2026-03-15'), -3)).toBe('2025-12-15');
    expect(addMonths(d('2026-05-10'), 24)).toBe('2028-05-10');
  });

  it('finds the end of the month', () => {
    expect(endOfMonth(d('2024-02-10'))).toBe('2024-02-29');
    expect(endOfMonth(d('2026-02-10'))).toBe('2026-02-28');
    expect(endOfMonth(d('2026-12-01'))).toBe('2026-12-31');
  });
});

describe('today and now', () => {
  it('uses the local calendar day and time', () => {
    const lateEvening = new Date(2026, 0, 5, 23, 59, 7);
    expect(todayIso(lateEvening)).toBe('2026-01-05');
    expect(nowIsoDateTime(lateEvening)).toBe('2026-01-05T23:59:07');
  });

  it('defaults to the current moment', () => {
    expect(isoDate(todayIso())).not.toBeNull();
    expect(isoDateTime(nowIsoDateTime())).not.toBeNull();
  });
});
