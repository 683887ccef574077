// Countries offered by the number search picker (the shared list in core/countries.ts, minus those it does not offer).
import { COUNTRIES as ALL_COUNTRIES, type Country } from '../core/countries';

export const COUNTRIES: readonly Country[] = ALL_COUNTRIES.filter((country) => country.search !== false);

/** The user's region from the browser language when we list it (en-GB → GB), else the United Kingdom. */
export function defaultCountry(): string {
  const region = /[-_]([A-Za-z]{2})$/.exec(navigator.language ?? '')?.[1]?.toUpperCase();
  return region && COUNTRIES.some((country) => country.code === region) ? region : 'GB';
}
