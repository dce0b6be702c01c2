/**
 * How one cell is stored. Cells are primitives in row arrays (a 1,000,000-row table must stay small); only the
 * rare formula or error cell is an object.
 */

export type Scalar = string | number | boolean;

/** A formula (with its evaluated result) or an error constant such as #N/A. */
export class RichCell {
  constructor(
    readonly formula: string | null,
    readonly value: Scalar,
    readonly isError: boolean,
  ) {}
}

/** undefined and null are both an empty cell (row arrays are holey). */
export type Stored = Scalar | RichCell | null | undefined;

export type ValueType = 'Empty' | 'String' | 'Double' | 'Boolean' | 'Error';

export function isEmptyCell(s: Stored): s is null | undefined {
  return s === null || s === undefined;
}

/** What `Range.values` returns: the result of a formula, the text of an error, '' for a blank cell. */
export function cellValue(s: Stored): Scalar {
  if (s === null || s === undefined) return '';
  if (s instanceof RichCell) return s.value;
  return s;
}

/** What `Range.formulas` returns: the formula if there is one, else the value. */
export function cellFormula(s: Stored): Scalar {
  if (s instanceof RichCell) return s.formula ?? s.value;
  return cellValue(s);
}

export function cellType(s: Stored): ValueType {
  if (s === null || s === undefined) return 'Empty';
  if (s instanceof RichCell) {
    if (s.isError) return 'Error';
    return scalarType(s.value);
  }
  return scalarType(s);
}

function scalarType(v: Scalar): ValueType {
  if (typeof v === 'number') return 'Double';
  if (typeof v === 'boolean') return 'Boolean';
  return v === '' ? 'Empty' : 'String';
}
