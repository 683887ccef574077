// Countries the add-on knows by name: ISO 3166-1 alpha-2 code (what the number search takes), name, and dialling
// code (what the CDR country filter takes), so "GB" means the same country in a formula, the export dialog and the
// number search. `search: false` marks countries the number search picker does not offer.
export interface Country {
  code: string;
  name: string;
  dialling: string;
  search?: false;
}

export const COUNTRIES: readonly Country[] = [
  { code: 'AR', name: 'Argentina', dialling: '54' },
  { code: 'AU', name: 'Australia', dialling: '61' },
  { code: 'AT', name: 'Austria', dialling: '43' },
  { code: 'BE', name: 'Belgium', dialling: '32' },
  { code: 'BR', name: 'Brazil', dialling: '55' },
  { code: 'BG', name: 'Bulgaria', dialling: '359' },
  { code: 'CA', name: 'Canada', dialling: '1' },
  { code: 'CL', name: 'Chile', dialling: '56' },
  { code: 'CN', name: 'China', dialling: '86', search: false },
  { code: 'CO', name: 'Colombia', dialling: '57' },
  { code: 'HR', name: 'Croatia', dialling: '385' },
  { code: 'CY', name: 'Cyprus', dialling: '357' },
  { code: 'CZ', name: 'Czechia', dialling: '420' },
  { code: 'DK', name: 'Denmark', dialling: '45' },
  { code: 'EG', name: 'Egypt', dialling: '20', search: false },
  { code: 'EE', name: 'Estonia', dialling: '372' },
  { code: 'FI', name: 'Finland', dialling: '358' },
  { code: 'FR', name: 'France', dialling: '33' },
  { code: 'DE', name: 'Germany', dialling: '49' },
  { code: 'GR', name: 'Greece', dialling: '30' },
  { code: 'HK', name: 'Hong Kong', dialling: '852' },
  { code: 'HU', name: 'Hungary', dialling: '36' },
  { code: 'IS', name: 'Iceland', dialling: '354' },
  { code: 'IN', name: 'India', dialling: '91' },
  { code: 'ID', name: 'Indonesia', dialling: '62' },
  { code: 'IE', name: 'Ireland', dialling: '353' },
  { code: 'IL', name: 'Israel', dialling: '972' },
  { code: 'IT', name: 'Italy', dialling: '39' },
  { code: 'JP', name: 'Japan', dialling: '81' },
  { code: 'KE', name: 'Kenya', dialling: '254', search: false },
  { code: 'LV', name: 'Latvia', dialling: '371' },
  { code: 'LT', name: 'Lithuania', dialling: '370' },
  { code: 'LU', name: 'Luxembourg', dialling: '352' },
  { code: 'MY', name: 'Malaysia', dialling: '60' },
  { code: 'MT', name: 'Malta', dialling: '356' },
  { code: 'MX', name: 'Mexico', dialling: '52' },
  { code: 'MA', name: 'Morocco', dialling: '212', search: false },
  { code: 'NL', name: 'Netherlands', dialling: '31' },
  { code: 'NZ', name: 'New Zealand', dialling: '64' },
  { code: 'NG', name: 'Nigeria', dialling: '234', search: false },
  { code: 'NO', name: 'Norway', dialling: '47' },
  { code: 'PK', name: 'Pakistan', dialling: '92', search: false },
  { code: 'PE', name: 'Peru', dialling: '51' },
  { code: 'PH', name: 'Philippines', dialling: '63' },
  { code: 'PL', name: 'Poland', dialling: '48' },
  { code: 'PT', name: 'Portugal', dialling: '351' },
  { code: 'PR', name: 'Puerto Rico', dialling: '1' },
  { code: 'RO', name: 'Romania', dialling: '40' },
  { code: 'SA', name: 'Saudi Arabia', dialling: '966', search: false },
  { code: 'RS', name: 'Serbia', dialling: '381', search: false },
  { code: 'SG', name: 'Singapore', dialling: '65' },
  { code: 'SK', name: 'Slovakia', dialling: '421' },
  { code: 'SI', name: 'Slovenia', dialling: '386' },
  { code: 'ZA', name: 'South Africa', dialling: '27' },
  { code: 'KR', name: 'South Korea', dialling: '82' },
  { code: 'ES', name: 'Spain', dialling: '34' },
  { code: 'SE', name: 'Sweden', dialling: '46' },
  { code: 'CH', name: 'Switzerland', dialling: '41' },
  { code: 'TW', name: 'Taiwan', dialling: '886' },
  { code: 'TH', name: 'Thailand', dialling: '66' },
  { code: 'TR', name: 'Türkiye', dialling: '90' },
  { code: 'UA', name: 'Ukraine', dialling: '380', search: false },
  { code: 'AE', name: 'United Arab Emirates', dialling: '971' },
  { code: 'GB', name: 'United Kingdom', dialling: '44' },
  { code: 'US', name: 'United States', dialling: '1' },
  { code: 'VN', name: 'Vietnam', dialling: '84', search: false },
];

/** The dialling code of a two-letter country code we know (any case); undefined otherwise. */
export function diallingCodeOf(iso: string): string | undefined {
  const code = iso.trim().toUpperCase();
  return COUNTRIES.find((c) => c.code === code)?.dialling;
}

/**
 * The CDR country filter as typed by a user: a dialling code (`44`, `+44`, `0044`) or a known two-letter code (`GB`).
 * Returns the digits, or an error text naming what is accepted.
 */
export function parseCountryFilter(text: string): { code: string } | { error: string; unknownCountry?: string } {
  const s = text.trim();
  const digits = /^(?:\+|00)?(\d{1,4})$/.exec(s);
  if (digits) return { code: digits[1] };
  if (/^[A-Za-z]{2}$/.test(s)) {
    const code = diallingCodeOf(s);
    if (code) return { code };
    return { error: 'not a dialling code or a country code we know', unknownCountry: s.toUpperCase() };
  }
  return { error: 'not a dialling code or a two-letter country code' };
}
