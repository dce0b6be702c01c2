import fc from 'fast-check';
import { addDays, daysBetween, isoDate, isoDateTimeToSerial, isoDateToSerial, MAX_DATE_SERIAL, serialToIsoDate, serialToIsoDateTime } from './dates';
import type { IsoDate } from './types';

const runs = { numRuns: 200 };
const serial = fc.integer({ min: 1, max: MAX_DATE_SERIAL }).filter((s) => s !== 60);
const MS_PER_DAY = 86400000;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

describe('date properties', () => {
  it('serial -> ISO -> serial is the identity over the whole range', () => {
    fc.assert(
      fc.property(serial, (s) => {
        const iso = serialToIsoDate(s) as IsoDate;
        expect(isoDate(iso)).toBe(iso);
        expect(isoDateToSerial(iso)).toBe(s);
      }),
      runs,
    );
  });

  it('the range ends are included', () => {
    for (const s of [1, 59, 61, MAX_DATE_SERIAL]) expect(isoDateToSerial(serialToIsoDate(s) as IsoDate)).toBe(s);
  });

  it('agrees with the JavaScript UTC calendar for serials after 60', () => {
    fc.assert(
      fc.property(fc.integer({ min: 61, max: MAX_DATE_SERIAL }), (s) => {
        expect(serialToIsoDate(s)).toBe(new Date(EXCEL_EPOCH + s * MS_PER_DAY).toISOString().slice(0, 10));
      }),
      runs,
    );
  });

  it('date and time survive the trip through a serial, to the second', () => {
    fc.assert(
      fc.property(serial, fc.integer({ min: 0, max: 86399 }), (s, secs) => {
        const dt = serialToIsoDateTime(s + secs / 86400);
        expect(dt).not.toBeNull();
        expect(serialToIsoDateTime(isoDateTimeToSerial(dt as NonNullable<typeof dt>))).toBe(dt);
        expect(dt?.slice(0, 10)).toBe(serialToIsoDate(s));
      }),
      runs,
    );
  });

  it('addDays and daysBetween are inverse', () => {
    fc.assert(
      fc.property(serial, fc.integer({ min: -20000, max: 20000 }), (s, n) => {
        const a = serialToIsoDate(s) as IsoDate;
        // From 2 on: below serial 61 the calendar is one day behind Excel's count.
        fc.pre(s + n >= 2 && s + n <= MAX_DATE_SERIAL);
        const b = addDays(a, n);
        expect(daysBetween(a, b)).toBe(n);
        expect(addDays(b, -n)).toBe(a);
      }),
      runs,
    );
  });
});
