/**
 * What the current test run's reading of Excel's undocumented behaviours means for what a person sees
 * (src/office-fake/variants.ts; jest.config.js runs the adapter and use-case tests under each set).
 */
import { defaultVariants } from '../../src/office-fake/variants';

export const variants = defaultVariants;

/**
 * What a text cell holds after Lotbook wrote text `s`: `s` itself, except under the one reading where Excel offers
 * no exact form (a leading apostrophe kept visible, and "=" text turned into a formula), where Lotbook keeps the
 * apostrophe rather than make a formula.
 */
export function storedText(s: string): string {
  const v = defaultVariants();
  return s.startsWith('=') && v.apostropheInTextCell === 'kept' && v.formulaInTextCell === 'formula' ? `'${s}` : s;
}
