// Column typing: the one place that decides how a column of a sheet table is shown — text, date, date-time, money
// (in the currency's format when it is known), identifier, integer or decimal. Used by exports, reports and inserted
// tables alike, so the same kind of value looks the same everywhere (docs/architecture.md#writing-to-sheets).
import { normalizeFieldName, type TableCell } from './shape';

/** A table ready for a sheet: header titles, rows of cells, one number format per column ('@' = plain text). */
export interface TypedTable {
  header: string[];
  rows: TableCell[][];
  formats: string[];
}

export const TEXT_FORMAT = '@';
export const DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm:ss';
export const DATE_FORMAT = 'yyyy-mm-dd';
export const INTEGER_FORMAT = '#,##0';
export const ID_FORMAT = '0';
export const DECIMAL_FORMAT = '#,##0.00##';
/** Sheets' own default ("automatic") number format, as getNumberFormat() reports it. */
export const AUTOMATIC_FORMAT = '0.###############';

const CURRENCY_SYMBOLS: Record<string, string> = { EUR: '€', GBP: '£', USD: '$', JPY: '¥', INR: '₹' };

/** A money format; with a known currency it carries the symbol, e.g. [$€]#,##0.00##. */
export function moneyFormat(currency?: string): string {
  if (!currency) return DECIMAL_FORMAT;
  const code = currency.toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) return DECIMAL_FORMAT;
  const symbol = CURRENCY_SYMBOLS[code] ?? `${code} `;
  return `[$${symbol}]#,##0.00##`;
}

/**
 * `id`, `call_id`, `Call ID`, `callId`, `did`, `uuid`…: identifiers, shown without thousands separators. A word
 * merely ending in "id" (`prepaid`, `amount_paid`, `valid`) is not one.
 */
export function isIdName(name: string): boolean {
  return /(?:^|[^A-Za-z0-9])(?:id|did|uuid)$/i.test(name) || /[a-z0-9]Id$/.test(name);
}

const MONEY_WORDS = /(charge|cost|price|amount|total|subtotal|tax|balance|fee|hold|creditlimit|spend|revenue|rate)/;
const NOT_MONEY_WORDS = /(count|calls|minutes|seconds|percent|pct|segments|messages)/;

export function isMoneyName(name: string): boolean {
  const n = normalizeFieldName(name);
  return MONEY_WORDS.test(n) && !NOT_MONEY_WORDS.test(n);
}

/** Column names that always hold identifiers, phone numbers or codes: kept as text even when they look numeric. */
const TEXT_NAME =
  /(number|phone|destination|caller|callee|msisdn|cli$|^ani$|dnis|^from$|^to$|trunk|country|currency|status|reference|uuid|disposition|direction|type$)/;

/** A column of text the CSV export sends untyped: phone numbers, identifiers (except the numeric row `id`), codes. */
export function isTextColumnName(name: string): boolean {
  const n = normalizeFieldName(name);
  return (n !== 'id' && isIdName(name)) || TEXT_NAME.test(n);
}

/** The format of a column of numbers: money by name, identifiers and counts by their values, else decimal. */
export function numberFormatFor(field: string, allIntegers: boolean, currency?: string): string {
  if (isMoneyName(field)) return moneyFormat(currency);
  if (allIntegers) return isIdName(field) ? ID_FORMAT : INTEGER_FORMAT;
  return DECIMAL_FORMAT;
}

function isEmpty(v: unknown): boolean {
  return v === '' || v === undefined || v === null;
}

function isDate(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]';
}

/** The single currency code in a `currency` column, when every row agrees. */
export function uniformCurrency(fields: readonly string[], rows: readonly (readonly unknown[])[]): string | undefined {
  const c = fields.findIndex((f) => normalizeFieldName(f) === 'currency');
  if (c < 0) return undefined;
  let found: string | undefined;
  for (const row of rows) {
    const v = row[c];
    if (isEmpty(v)) continue;
    if (typeof v !== 'string') return undefined;
    if (found === undefined) found = v;
    else if (v !== found) return undefined;
  }
  return found;
}

/** How many leading Dates are checked for "local midnight" (a date column) before deciding it is date-time. */
const MIDNIGHT_SAMPLE = 50;

/**
 * One number format per column from the values it holds: any string → text ('@', so Sheets keeps it exact); all
 * Dates → date (when they are local midnight in the spreadsheet's zone, `isLocalMidnight`) or date-time; all numbers →
 * money, id, integer or decimal by name and values; booleans and empty columns stay automatic. `currency` overrides
 * the table's own `currency` column (e.g. the account's currency for a table without one).
 */
export function inferFormats(
  fields: readonly string[],
  rows: readonly (readonly TableCell[])[],
  isLocalMidnight: (d: Date) => boolean,
  currency: string | undefined = uniformCurrency(fields, rows),
): string[] {
  return fields.map((field, c) => {
    let dates = 0;
    let numbers = 0;
    let nonIntegers = 0;
    let midnightDates = 0;
    for (const row of rows) {
      const v = row[c];
      if (isEmpty(v)) continue;
      if (typeof v === 'string') return TEXT_FORMAT; // one string makes it a text column
      if (typeof v === 'number') {
        numbers++;
        if (!Number.isInteger(v)) nonIntegers++;
      } else if (isDate(v)) {
        dates++;
        if (midnightDates === dates - 1 && dates <= MIDNIGHT_SAMPLE && isLocalMidnight(v)) midnightDates++;
      }
    }
    if (dates > 0 && numbers === 0) return midnightDates === Math.min(dates, MIDNIGHT_SAMPLE) ? DATE_FORMAT : DATE_TIME_FORMAT;
    if (numbers > 0 && dates === 0) return numberFormatFor(field, nonIntegers === 0, currency);
    return AUTOMATIC_FORMAT;
  });
}

/**
 * Whether a string needs a leading apostrophe to be stored as the literal text it is. Sheets parses what setValues
 * writes as if typed: `=…` becomes a formula in any cell, and a leading `'` is eaten. In a plain-text (`@`) cell that
 * is all; outside one `+…`, `-…` and `@…` are parsed too. Offline nobody can tell whether Sheets drops or shows an
 * apostrophe written into a `@` cell, so a `@` cell gets one only where it is needed under both readings: `+4915…`
 * goes in as it is (exact either way), `=…` gets the apostrophe (never a formula either way). See docs/architecture.md.
 */
function needsApostrophe(text: string, textCell: boolean): boolean {
  const c = text.charCodeAt(0);
  if (c === 61 /* = */ || c === 39 /* ' */) return true;
  return !textCell && (c === 43 /* + */ || c === 45 /* - */ || c === 64); /* @ */
}

/** A value as written into a cell whose number format is `format` (see needsApostrophe). */
export function literal(value: TableCell, format: string): TableCell {
  if (typeof value === 'string' && value.length > 0 && needsApostrophe(value, format === TEXT_FORMAT)) return `'${value}`;
  return value;
}
