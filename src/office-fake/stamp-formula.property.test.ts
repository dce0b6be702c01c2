/**
 * The adapter's JavaScript copy of one block's stamp (src/excel/stamps.ts, blockStamp) against the fake's evaluation
 * of the superblock formula set up writes: for any block of cells, what Office.js would return for them hashes to the
 * stamp the formula gives. Where the copy cannot be exact (numbers of 2^53 thousandths or more) it says so (null).
 */
import fc from 'fast-check';
import { blockStamp, STAMP_BLOCK_ROWS, superFormula } from '../excel/stamps';
import { cellValue, RichCell, type Stored } from './cells';
import { evaluateStamp } from './stamp-formula';

/** The stamps of the blocks of `rows` as the fake evaluates superblock 0 of a table holding them. */
function excelBlocks(rows: readonly (readonly Stored[])[]): string[] {
  const cols = Math.max(0, ...rows.map((r) => r.length));
  const { value } = evaluateStamp(superFormula('Lots', 0), (r, c) => rows[r]?.[c], rows.length, cols);
  return String(value).split('|')[1]!.split(',');
}

/** What Range.values gives for the same cells, padded to the table's width. */
const values = (rows: readonly (readonly Stored[])[]) => {
  const cols = Math.max(0, ...rows.map((r) => r.length));
  return rows.map((r) => Array.from({ length: cols }, (_, c) => cellValue(r[c])));
};

const cell: fc.Arbitrary<Stored> = fc.oneof(
  fc.double({ min: -1e9, max: 1e9, noNaN: true }),
  fc.integer({ min: -1e6, max: 1e6 }).map((n) => n / 1000 + 0.0005),
  fc.integer(),
  fc.double({ min: -1e12, max: 1e12, noNaN: true }).map((x) => Math.round(x * 100) / 100),
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary', minLength: 20, maxLength: 300 }),
  fc.constantFrom('🧪 lot', 'Ünïcödé', '🙂', '=not a formula', "'apostrophe", 'TRUE', ''),
  fc.boolean(),
  fc.constant(null),
);
const block = fc.integer({ min: 1, max: 12 }).chain((cols) => fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { minLength: 1, maxLength: STAMP_BLOCK_ROWS }));

describe('blockStamp', () => {
  it('gives what the stamp formula gives for any block of numbers, text, booleans and empty cells (property)', () => {
    fc.assert(
      fc.property(block, (rows) => {
        expect(blockStamp(values(rows))).toBe(excelBlocks(rows)[0]);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the stamp of each block of a longer table', () => {
    const rows = Array.from({ length: STAMP_BLOCK_ROWS * 2 + 5 }, (_, i) => [i * 1.5, `L-${i}`, i % 3 === 0]);
    const blocks = excelBlocks(rows);
    expect(blocks).toHaveLength(3);
    for (let k = 0; k < 3; k++) expect(blockStamp(values(rows.slice(k * STAMP_BLOCK_ROWS, (k + 1) * STAMP_BLOCK_ROWS)))).toBe(blocks[k]);
  });

  it('claims no stamp where its arithmetic would not be exact', () => {
    expect(blockStamp([[1e13]])).toBeNull();
    expect(blockStamp([[-1e300]])).toBeNull();
    expect(blockStamp([])).toBeNull();
  });

  it('disagrees with Excel on an error cell, which Office.js returns as text (the block is then read again)', () => {
    const rows: Stored[][] = [[new RichCell('=1/0', '#DIV/0!', true), 'A-1']];
    expect(blockStamp(values(rows))).not.toBe(excelBlocks(rows)[0]);
  });
});
