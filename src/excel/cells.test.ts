import { estimateJsonBytes, utf8JsonBytes } from './cells';

describe('payload estimates count what goes over the wire', () => {
  it('counts UTF-8 bytes and JSON escapes, not characters', () => {
    expect(utf8JsonBytes('LOT-1')).toBe(5);
    expect(utf8JsonBytes('Müller')).toBe(7);
    expect(utf8JsonBytes('批号')).toBe(6);
    expect(utf8JsonBytes('📦')).toBe(4);
    expect(utf8JsonBytes('a"b\\c')).toBe(7);
    expect(utf8JsonBytes('a\nb')).toBe(4);
    // Never less than what JSON.stringify measures in UTF-8.
    for (const s of ['Zürich straße', 'ضمان', '=HYPERLINK("x")', 'tab\there']) {
      expect(utf8JsonBytes(s) + 2).toBeGreaterThanOrEqual(Buffer.byteLength(JSON.stringify(s), 'utf8'));
    }
  });

  it('makes a block of non-Latin text weigh what it weighs', () => {
    const rows = Array.from({ length: 100 }, () => ['批号批号批号批号', 'Müller GmbH']);
    expect(estimateJsonBytes(rows)).toBeGreaterThanOrEqual(Buffer.byteLength(JSON.stringify(rows), 'utf8'));
  });
});
