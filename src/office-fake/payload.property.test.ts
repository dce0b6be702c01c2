import fc from 'fast-check';
import { jsonSize } from './payload';

const cell = fc.oneof(fc.string(), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.string({ unit: 'grapheme' }));
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, cell, fc.array(tie('value')), fc.dictionary(fc.string(), tie('value'))),
})).value;

describe('jsonSize', () => {
  it('matches JSON.stringify(...).length on 2D cell arrays', () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 20 }), (rows) => jsonSize(rows) === JSON.stringify(rows).length),
      { numRuns: 200 },
    );
  });

  it('matches JSON.stringify(...).length on nested objects', () => {
    fc.assert(fc.property(json, (value) => jsonSize(value) === JSON.stringify(value).length), { numRuns: 200 });
  });
});
