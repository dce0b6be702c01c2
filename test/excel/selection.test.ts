import { readSelectedText } from '../../src/excel/selection';
import { FakeExcel } from '../../src/office-fake/fake-excel';

describe('readSelectedText ("Trace this lot")', () => {
  it('reads the first cell of the selection as text, numbers as their digits, blanks as ""', async () => {
    const fake = new FakeExcel();
    fake.user.addSheet('Lots');
    fake.user.setValues('Lots', 'A1:B2', [['ASH-2407-A', 123], ['', 'x']]);
    fake.user.select('Lots', 'A1:B2');
    expect(await readSelectedText((b) => fake.run(b))).toBe('ASH-2407-A');
    fake.user.select('Lots', 'B1');
    expect(await readSelectedText((b) => fake.run(b))).toBe('123');
    fake.user.select('Lots', 'A2');
    expect(await readSelectedText((b) => fake.run(b))).toBe('');
  });

  it('loads one cell however large the selection (one round trip, a few bytes)', async () => {
    const fake = new FakeExcel();
    fake.user.addSheet('S');
    fake.user.setValues('S', 'A1:A2000', Array.from({ length: 2000 }, (_, i) => [`LOT-${i}`]));
    fake.user.select('S', 'A1:A2000');
    fake.resetStats();
    expect(await readSelectedText((b) => fake.run(b))).toBe('LOT-0');
    expect(fake.stats.syncs).toBe(1);
    expect(fake.stats.responseBytes).toBeLessThan(200);
  });
});
