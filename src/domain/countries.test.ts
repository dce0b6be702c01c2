import { countryByNumeric } from './countries';
import { parseGs1, summarizeGs1 } from './gs1';

describe('countryByNumeric', () => {
  it('maps ISO 3166 numeric codes, leading zeros and all, to alpha-2 and name', () => {
    expect(countryByNumeric('250')).toEqual({ alpha2: 'FR', name: 'France' });
    expect(countryByNumeric('840')?.alpha2).toBe('US');
    expect(countryByNumeric('036')?.alpha2).toBe('AU');
  });

  it('knows no country for unassigned or malformed codes', () => {
    expect(countryByNumeric('999')).toBeUndefined();
    expect(countryByNumeric('36')).toBeUndefined();
    expect(countryByNumeric('FR')).toBeUndefined();
  });

  it('lets a label with a real country of origin through, with the numeric code in the summary', () => {
    const parsed = parseGs1('(01)09506000134352(10)ABC(422)276');
    expect(parsed.ok && summarizeGs1(parsed.elements).countryOfOrigin).toBe('276');
    expect(countryByNumeric('276')?.name).toBe('Germany');
  });
});
