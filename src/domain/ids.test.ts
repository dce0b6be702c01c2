import { newId } from './ids';

describe('newId', () => {
  it('has the prefix, the local date and eight unambiguous characters', () => {
    expect(newId('M', new Date(2026, 10, 30, 23, 59))).toMatch(/^M-20261130-[0-9A-HJKMNP-TV-Z]{8}$/);
  });

  it('does not repeat in a hundred thousand ids', () => {
    const ids = new Set(Array.from({ length: 100_000 }, () => newId('M')));
    expect(ids.size).toBe(100_000);
  });
});
