// Recognising API value text: ISO timestamps (with or without a zone) and plain decimals Sheets can hold exactly.
// Checked by character codes first: these run once per cell of an export.
import { daysInMonth, parseYmd } from './dates';

const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)$/;

/** Two decimal digits at i as a number, or -1. */
function digits2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** `YYYY-MM-DDTHH:MM:SS` followed by `Z` or `±HH:MM` (the common shape), by character codes; undefined otherwise. */
function parseCommonTimestamp(s: string): Date | null | undefined {
  const n = s.length;
  if ((n !== 20 && n !== 25) || s.charCodeAt(10) !== 84 || s.charCodeAt(16) !== 58) return undefined;
  const year = digits2(s, 0) * 100 + digits2(s, 2);
  const month = digits2(s, 5);
  const day = digits2(s, 8);
  const hour = digits2(s, 11);
  const minute = digits2(s, 14);
  const second = digits2(s, 17);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
  let offsetMinutes = 0;
  if (n === 20) {
    if (s.charCodeAt(19) !== 90) return undefined;
  } else {
    const sign = s.charCodeAt(19);
    const oh = digits2(s, 20);
    const om = digits2(s, 23);
    if ((sign !== 43 && sign !== 45) || s.charCodeAt(22) !== 58 || oh < 0 || om < 0) return undefined;
    offsetMinutes = (oh * 60 + om) * (sign === 45 ? -1 : 1);
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return null;
  }
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60000);
}

/**
 * An ISO 8601 timestamp with an explicit zone (`Z` or an offset) as a Date; null for anything else. Parsed by hand
 * so microsecond fractions (Laravel's default) work and impossible values (month 13, Feb 30) stay text. A timestamp
 * without a zone is left as text: its instant would be a guess.
 */
export function parseTimestamp(s: string): Date | null {
  const common = parseCommonTimestamp(s);
  if (common !== undefined) return common;
  const m = ISO_TIMESTAMP.exec(s);
  if (!m) return null;
  const ymd = parseYmd(s.slice(0, 10));
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (!ymd || hour > 23 || minute > 59 || second > 59) return null;
  const ms = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone !== 'Z') {
    const digits = zone.replace(':', '');
    offsetMinutes = (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || '0')) * (zone[0] === '-' ? -1 : 1);
  }
  return new Date(Date.UTC(ymd.year, ymd.month - 1, ymd.day, hour, minute, second, ms) - offsetMinutes * 60000);
}

/**
 * A timestamp as the API means it: with its zone, or without one read as UTC (Cliqtel gives every time in UTC, and
 * CSV writers or undocumented fields may drop the zone); 'T' or a space between date and time. Null otherwise.
 */
export function parseApiTimestamp(s: string): Date | null {
  if (!isTimestampShape(s)) return null;
  const iso = s.charCodeAt(10) === 32 ? `${s.slice(0, 10)}T${s.slice(11)}` : s;
  return parseTimestamp(iso) ?? (ZONELESS.test(iso) ? parseTimestamp(`${iso}Z`) : null);
}

const ZONELESS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** Cheap shape check before any regex: YYYY-MM-DD then 'T' or ' ' then HH:MM… */
export function isTimestampShape(v: string): boolean {
  const n = v.length;
  const sep = v.charCodeAt(10);
  return n >= 16 && n <= 40 && (sep === 84 /* T */ || sep === 32) && v.charCodeAt(4) === 45 && v.charCodeAt(13) === 58;
}

/**
 * The value of a plain decimal (isPlainDecimal's rule), or NaN for anything else. An integer's value is built from
 * its digits in the same pass that checks them (exact: at most 15 significant digits); a fraction goes through
 * Number. Runs once per numeric CSV cell.
 */
export function plainDecimalValue(s: string): number {
  const n = s.length;
  const negative = s.charCodeAt(0) === 45;
  let i = negative ? 1 : 0;
  if (i >= n) return Number.NaN;
  const first = s.charCodeAt(i);
  if (first < 48 || first > 57) return Number.NaN;
  if (first === 48 && i + 1 < n && s.charCodeAt(i + 1) !== 46) return Number.NaN; // leading zero
  let value = 0;
  let digits = 0;
  for (; i < n; i++) {
    const ch = s.charCodeAt(i);
    if (ch === 46) return isPlainDecimal(s) ? Number(s) : Number.NaN;
    if (ch < 48 || ch > 57) return Number.NaN;
    value = value * 10 + (ch - 48);
    if (value !== 0) digits++;
  }
  if (digits > 15) return Number.NaN;
  return negative ? -value : value;
}

/**
 * A number Sheets can hold exactly: -?(0|[1-9]\d*)(\.\d+)? with at most 15 significant digits (no leading zeros,
 * no exponent). Checked by character codes: it runs once per CSV cell.
 */
export function isPlainDecimal(s: string): boolean {
  const n = s.length;
  let i = s.charCodeAt(0) === 45 ? 1 : 0;
  if (i >= n) return false;
  const first = s.charCodeAt(i);
  if (first < 48 || first > 57) return false;
  if (first === 48 && i + 1 < n && s.charCodeAt(i + 1) !== 46) return false; // leading zero
  let digits = 0;
  let significant = false;
  let dot = -1;
  for (; i < n; i++) {
    const ch = s.charCodeAt(i);
    if (ch === 46) {
      if (dot >= 0 || i === n - 1) return false;
      dot = i;
      continue;
    }
    if (ch < 48 || ch > 57) return false;
    if (ch !== 48) significant = true;
    if (significant) digits++;
  }
  return digits <= 15;
}
