/**
 * Where Microsoft's documentation is silent, the fake offers each plausible behaviour, and the adapter tests run
 * under each (docs/office-fake.md, "Undocumented behaviours"). A test that passes under one reading only would
 * pass because the fake was kind.
 */
export interface FakeVariants {
  /** A leading apostrophe written through `values` into a text-formatted (`@`) cell: dropped as when typing into a General cell, or kept as a visible character. */
  readonly apostropheInTextCell: 'stripped' | 'kept';
  /** Text starting with `=` written through `values` into a text-formatted cell: stays text, or becomes a formula. */
  readonly formulaInTextCell: 'text' | 'formula';
  /** `rows.add` at the end of a table a person has filtered: the rows are added, or refused with `InsertDeleteConflict`. */
  readonly addToFilteredTable: 'added' | 'refused';
  /** An object taken from a null object (`getItemOrNullObject(...).getRange()`) in the same batch: a null object too, or an `InvalidObjectPath` error at sync. */
  readonly fromNullObject: 'null' | 'error';
}

/** The readings the fake used before variants existed; the playground uses them. */
export const KIND_VARIANTS: FakeVariants = { apostropheInTextCell: 'stripped', formulaInTextCell: 'text', addToFilteredTable: 'added', fromNullObject: 'null' };

/**
 * The variant sets the adapter tests run under: every reading of every behaviour appears in at least one set, and
 * the sets pair the readings differently, so that no fix for one reading hides behind another.
 */
export const VARIANT_SETS: Readonly<Record<string, FakeVariants>> = {
  kind: KIND_VARIANTS,
  hostile: { apostropheInTextCell: 'kept', formulaInTextCell: 'formula', addToFilteredTable: 'refused', fromNullObject: 'error' },
  'kept-text': { apostropheInTextCell: 'kept', formulaInTextCell: 'text', addToFilteredTable: 'added', fromNullObject: 'error' },
  'stripped-formula': { apostropheInTextCell: 'stripped', formulaInTextCell: 'formula', addToFilteredTable: 'refused', fromNullObject: 'null' },
};

/**
 * The variants a FakeExcel gets when none are given: the set a test run names (each variant project of
 * jest.config.js sets `__LOTBOOK_FAKE_VARIANT_SET__`), else the kind ones.
 */
export function defaultVariants(): FakeVariants {
  const name = (globalThis as { __LOTBOOK_FAKE_VARIANT_SET__?: string }).__LOTBOOK_FAKE_VARIANT_SET__;
  if (name === undefined) return KIND_VARIANTS;
  const set = VARIANT_SETS[name];
  if (!set) throw new Error(`No fake variant set "${name}"; known: ${Object.keys(VARIANT_SETS).join(', ')}`);
  return set;
}
