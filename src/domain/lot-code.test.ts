import { nextLotCode } from './lot-code';
import type { IsoDate } from './types';

const D = '2026-11-30' as IsoDate;

describe('nextLotCode', () => {
  it('fills the date parts, the SKU and a 3-digit sequence', () => {
    expect(nextLotCode({ pattern: '{yy}{mm}{dd}-{sku}-{seq}', sku: 'FG-ASH60', date: D, existing: [] })).toEqual({ ok: true, lot: '261130-FG-ASH60-001', seq: 1 });
    expect(nextLotCode({ pattern: '{yyyy}/{sku}/{seq:5}', sku: 'X', date: D, existing: [] })).toEqual({ ok: true, lot: '2026/X/00001', seq: 1 });
  });

  it('counts on from the highest sequence with the same prefix, ignoring other days and case', () => {
    const existing = ['261130-FG-ASH60-001', '261130-fg-ash60-004', '261129-FG-ASH60-009', 'MANUAL-7', '261130-FG-ASH60-00X'];
    expect(nextLotCode({ pattern: '{yy}{mm}{dd}-{sku}-{seq}', sku: 'FG-ASH60', date: D, existing })).toMatchObject({ ok: true, lot: '261130-FG-ASH60-005', seq: 5 });
    // Another day starts again at 1.
    expect(nextLotCode({ pattern: '{yy}{mm}{dd}-{sku}-{seq}', sku: 'FG-ASH60', date: '2026-12-01' as IsoDate, existing })).toMatchObject({ lot: '261201-FG-ASH60-001' });
  });

  it('handles a suffix after the sequence and grows past the padding', () => {
    expect(nextLotCode({ pattern: 'B{seq:2}-{yy}', sku: 'S', date: D, existing: ['B99-26', 'B07-25'] })).toMatchObject({ lot: 'B100-26', seq: 100 });
  });

  it('never returns a code that exists, even one written with another padding', () => {
    expect(nextLotCode({ pattern: 'L{seq:1}', sku: 'S', date: D, existing: ['L01', 'L2'] })).toMatchObject({ lot: 'L3' });
  });

  it('without {seq}, gives the code once and then says the pattern cannot tell lots apart', () => {
    expect(nextLotCode({ pattern: '{sku}-{yy}{mm}{dd}', sku: 'S', date: D, existing: [] })).toEqual({ ok: true, lot: 'S-261130', seq: null });
    expect(nextLotCode({ pattern: '{sku}-{yy}{mm}{dd}', sku: 'S', date: D, existing: ['s-261130'] })).toMatchObject({ ok: false, code: 'lot-code-taken' });
  });

  it('refuses a pattern with an unknown token, a stray brace, two sequences or nothing in it', () => {
    for (const pattern of ['{yy}{month}-{seq}', '{yy{mm}-{seq}', '{seq}}', '{seq}-{seq}', '  ', '{seq:9}']) {
      expect(nextLotCode({ pattern, sku: 'S', date: D, existing: [] })).toMatchObject({ ok: false, code: 'bad-pattern' });
    }
  });
});
