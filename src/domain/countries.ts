/**
 * ISO 3166 countries, for the GS1 AIs that carry a numeric country code (422 origin, 421 and 423-426) and the
 * Origin column of Lots, which holds the alpha-2 code a person would type ("FR", "US"). The code lists come
 * from i18n-iso-countries (maintained, with the numeric codes), not from a table of our own.
 */
import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json';

countries.registerLocale(en);

export interface Country {
  /** ISO 3166-1 alpha-2, e.g. "FR". */
  readonly alpha2: string;
  /** English short name, e.g. "France". */
  readonly name: string;
}

/** The country of an ISO 3166-1 numeric code ("250", with its leading zeros as GS1 writes it); undefined if none. */
export function countryByNumeric(code: string): Country | undefined {
  if (!/^\d{3}$/.test(code)) return undefined;
  const alpha2 = countries.numericToAlpha2(code);
  if (alpha2 === undefined) return undefined;
  return { alpha2, name: countries.getName(alpha2, 'en') ?? alpha2 };
}
