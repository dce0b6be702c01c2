import type { Money } from '../domain/types';
import { cents, holdQuestion, plural } from './messages';

describe('plural: the one way counts are said', () => {
  it('says "1 lot" and "2 lots", never "1 lots"', () => {
    expect([0, 1, 2].map((n) => plural(n, 'lot'))).toEqual(['0 lots', '1 lot', '2 lots']);
    expect(plural(1, 'entry', 'entries')).toBe('1 entry');
    expect(plural(3, 'entry', 'entries')).toBe('3 entries');
  });
});

describe('holdQuestion', () => {
  const lot = (sku: string, code: string, status: 'released' | 'hold' | 'recalled' | 'rejected' | null) => ({ sku, lot: code, status }) as never;
  it('names the lots that change, those that do not, the customers, and the way back or that there is none', () => {
    const hold = holdQuestion({ to: 'hold', change: [lot('RM-ASH', 'ASH-2407-A', 'released')], unchanged: [lot('FG-ASH60', 'F-1', 'recalled')], refused: [lot('KIT', 'K-1', null)], customers: 1 });
    expect(hold.title).toBe('Put 1 lot on hold?');
    expect(hold.confirm).toBe('Put 1 lot on hold');
    expect(hold.lines).toEqual([
      'RM-ASH / ASH-2407-A: released → hold',
      'FG-ASH60 / F-1: already recalled, unchanged',
      'KIT / K-1: not in Lots, unchanged',
      '1 customer received them: write the customer report to tell them.',
      'The way back: a lot on hold can be released again in the Lots pane.',
    ]);
    const recall = holdQuestion({ to: 'recalled', change: [lot('A', '1', 'released'), lot('B', '2', 'hold')], unchanged: [], refused: [], customers: 0 });
    expect(recall.title).toBe('Recall 2 lots?');
    expect(recall.lines.slice(-2)).toEqual(['No customer received these lots.', 'This cannot be undone: a recalled lot is never released again (it can only be rejected).']);
  });
});

describe('cents', () => {
  it('shows amounts to the cent, half to even, so that 106.3141 does not stand beside 785.00', () => {
    expect([7850000, 1063141, -42526, 150, 250, 0].map((m) => cents(m as Money))).toEqual(['785.00', '106.31', '-4.25', '0.02', '0.02', '0.00']);
  });
});
