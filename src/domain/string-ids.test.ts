import { StringIds } from './string-ids';

describe('StringIds', () => {
  it('gives dense ids in first-seen order and the same id to the same string', () => {
    const ids = new StringIds();
    expect([ids.idOf('R-1'), ids.idOf('R-2'), ids.idOf('R-1'), ids.idOf('R-3')]).toEqual([0, 1, 0, 2]);
    expect(ids.size).toBe(3);
    expect(ids.firsts).toEqual(['R-1', 'R-2', 'R-3']);
    expect(ids.find('R-2')).toBe(1);
    expect(ids.find('R-4')).toBe(-1);
  });

  it('tells pairs apart however their strings split', () => {
    const ids = new StringIds();
    const ab = ids.idOf('AB', 'C');
    const a = ids.idOf('A', 'BC');
    const single = ids.idOf('ABC');
    expect(new Set([ab, a, single]).size).toBe(3);
    expect(ids.find('AB', 'C')).toBe(ab);
    expect(ids.find('A', 'BC')).toBe(a);
    expect(ids.find('ABC')).toBe(single);
    expect(ids.find('ABC', '')).toBe(-1);
    expect([ids.firsts[a], ids.seconds[a]]).toEqual(['A', 'BC']);
  });

  it('keeps every id through many growths, with keys that differ only in their last characters', () => {
    const ids = new StringIds(2);
    const keys = Array.from({ length: 50_000 }, (_, i) => [`SKU-${i % 7}`, `L${String(i).padStart(7, '0')}`] as const);
    keys.forEach(([sku, lot], i) => expect(ids.idOf(sku, lot)).toBe(i));
    expect(ids.size).toBe(keys.length);
    // Strings built afresh, as cells read from a sheet are: equal by content, not by identity.
    keys.forEach(([sku, lot], i) => expect(ids.find(`${sku}`.concat(''), [...lot].join(''))).toBe(i));
    expect(ids.find('SKU-0', 'L0000001')).toBe(-1);
  });

  it('handles the empty string and text outside ASCII', () => {
    const ids = new StringIds();
    expect(ids.idOf('')).toBe(0);
    expect(ids.idOf('Crème', 'Lot 1')).toBe(1);
    expect(ids.idOf('Creme', 'Lot 1')).toBe(2);
    expect(ids.find('')).toBe(0);
    expect(ids.find('Crème', 'Lot 1')).toBe(1);
  });
});
