// Validation of custom-function arguments: every bad argument becomes an actionable error before any request.
import { parseCountryFilter } from './countries';
import { argumentError } from './errors';
import { SUMMARY_FIELDS } from './datasets';
import { currentMonth, parseYmd } from './dates';
import { normalizeFieldName } from './shape';

export type DateCellValue = Date | string | number | boolean | null | undefined;

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * A date argument: a Date (a date cell, turned into YYYY-MM-DD by `formatDate` in the spreadsheet's time zone) or a
 * YYYY-MM-DD string; empty → undefined.
 */
export function parseDateArg(name: string, value: unknown, formatDate: (d: Date) => string): string | undefined {
  if (isEmpty(value)) return undefined;
  const expected = 'a date (a date cell or text like 2026-06-01)';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw argumentError(name, expected, value);
    return formatDate(value);
  }
  if (typeof value === 'string') {
    const s = value.trim();
    if (parseYmd(s)) return s;
    if (/^\d{4}-\d{2}-\d{2}$/.test(s)) throw argumentError(name, `${expected}; that day does not exist`, value);
    throw argumentError(name, expected, value);
  }
  throw argumentError(name, expected, value);
}

/**
 * A from/to pair. Both empty → the current month (1st to last day); only `to` → from the 1st of to's month;
 * only `from` → up to today. `from` after `to` is an error naming both.
 */
export function parseDateRange(
  from: unknown,
  to: unknown,
  formatDate: (d: Date) => string,
  todayYmd: string,
): { from: string; to: string } {
  const f = parseDateArg('from', from, formatDate);
  const t = parseDateArg('to', to, formatDate);
  const resolvedFrom = f ?? (t ? `${t.slice(0, 8)}01` : `${todayYmd.slice(0, 8)}01`);
  const resolvedTo = t ?? (f ? (f > todayYmd ? f : todayYmd) : currentMonth(todayYmd).to);
  if (resolvedFrom > resolvedTo) {
    throw argumentError('from', `a date on or before "to" (${resolvedTo})`, resolvedFrom);
  }
  return { from: resolvedFrom, to: resolvedTo };
}

/**
 * The argument of a server function: a plain object (`{…}`), or nothing when every field is optional. Anything else
 * (a string, a number, a list) is refused before anything happens, naming the fields expected.
 */
export function parseObjectArg(value: unknown, fields: string, optional = false): Record<string, unknown> {
  if ((value === undefined || value === null) && optional) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Date) {
    throw argumentError('argument', `an object with ${fields}`, value);
  }
  return value as Record<string, unknown>;
}

/** One of a fixed set of names, case-insensitive, ignoring spaces, dashes and underscores. */
export function parseEnumArg<T extends string>(name: string, value: unknown, allowed: readonly T[], fallback?: T): T {
  if (isEmpty(value) && fallback !== undefined) return fallback;
  const expected = `one of ${allowed.join(', ')}`;
  if (typeof value !== 'string' || isEmpty(value)) throw argumentError(name, expected, value);
  const match = allowed.find((a) => normalizeFieldName(a) === normalizeFieldName(value));
  if (!match) throw argumentError(name, expected, value);
  return match;
}

export function parseMetricArg(value: unknown): string | undefined {
  if (isEmpty(value)) return undefined;
  return parseEnumArg('metric', value, SUMMARY_FIELDS);
}

/** A positive whole number of rows, at most `max`. */
export function parseLimitArg(value: unknown, fallback: number, max: number): number {
  if (isEmpty(value)) return fallback;
  const expected = `a whole number of rows from 1 to ${max}`;
  const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw argumentError('limit', expected, value);
  if (n > max) throw argumentError('limit', `${expected} (for more, use Extensions › Cliqtel › Export calls to a sheet)`, value);
  return n;
}

/** ISO 3166-1 alpha-2 country code, sent upper-case. */
export function parseIsoCountryArg(value: unknown): string {
  const expected = 'a two-letter country code such as GB, NL or US';
  if (typeof value !== 'string' || !/^\s*[A-Za-z]{2}\s*$/.test(value)) throw argumentError('country', expected, value);
  return value.trim().toUpperCase();
}

/** The CDR country filter is a dialling code: accept "44", "+44", a number, or a known ISO code like "GB". */
export function parseDiallingCodeArg(value: unknown): string | undefined {
  if (isEmpty(value)) return undefined;
  const expected = 'a dialling code such as 44 or +44, or a two-letter country code such as GB';
  if (typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 10000) return String(value);
  if (typeof value !== 'string') throw argumentError('country', expected, value);
  const parsed = parseCountryFilter(value);
  if ('code' in parsed) return parsed.code;
  const hint = parsed.unknownCountry ? ` (${parsed.unknownCountry} is not in the built-in list: use its dialling code)` : '';
  throw argumentError('country', `${expected}${hint}`, value);
}
