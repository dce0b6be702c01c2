import { safeCellText, safeText } from './cell-text';

/** What Excel stores (and `values` returns) for text written with a leading apostrophe. */
function readBack(written: string): string {
  return written.startsWith("'") ? written.slice(1) : written;
}

describe('safeText', () => {
  it.each([
    ['=HYPERLINK("http://x","click")', '\'=HYPERLINK("http://x","click")'],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', "'\rcmd"],
  ])('escapes %p', (input, expected) => {
    expect(safeText(input)).toBe(expected);
  });

  it.each(['', 'LOT-24A', 'A-1', '1=1', 'a+b', 'x@example.com', "'quoted", ' =padded', '#N/A'])('leaves %p alone', (s) => {
    expect(safeText(s)).toBe(s);
  });

  it('escapes again a value that lost its apostrophe on the way back from the sheet', () => {
    const first = safeText('=1+1');
    const stored = readBack(first);
    expect(stored).toBe('=1+1');
    expect(safeText(stored)).toBe("'=1+1");
    expect(readBack(safeText(stored))).toBe('=1+1');
  });
});

describe('safeCellText', () => {
  it('escapes like safeText', () => {
    for (const s of ['=1', '+1', '-1', '@x', '\tx', '\rx', 'plain', '']) expect(safeCellText(s)).toBe(safeText(s));
  });

  it('keeps a value’s own leading apostrophe, which Excel would take as the text mark', () => {
    expect(safeCellText("'quoted")).toBe("''quoted");
    expect(readBack(safeCellText("'quoted"))).toBe("'quoted");
    expect(readBack(safeCellText("'=x"))).toBe("'=x");
  });
});
