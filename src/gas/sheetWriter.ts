// Writes a typed table into a sheet the way SPEC §5 demands: formats first, chunked setValues, nothing turns into a
// formula, the 10 M-cell limit checked before anything is written. Takes the Spreadsheet as a parameter (triggers
// have no active spreadsheet).
import { normalizeFieldName } from '../core/shape';

/** A value written to a cell: strings are literal text, Dates are instants, numbers and booleans as is. */
export type SheetCell = string | number | boolean | Date;

export interface SheetTable {
  /** Column titles (written as text). */
  header: string[];
  rows: SheetCell[][];
  /** One number format per column; '@' marks a text column. */
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

/** Google Sheets' hard limit on cells in one spreadsheet (all sheets' grid sizes added up). */
export const SPREADSHEET_CELL_LIMIT = 10_000_000;
/**
 * Cells per setValues call: each call is a round trip (~100 ms modelled, see bench/README.md), so fewer is faster;
 * 500k cells of CDR text stay a few MB per call, well inside what one setValues carries.
 */
const CELLS_PER_WRITE = 500_000;
const MAX_ROWS_PER_WRITE = 50_000;

const CURRENCY_SYMBOLS: Record<string, string> = { EUR: '€', GBP: '£', USD: '$', JPY: '¥', INR: '₹' };

/** A money format; with a single known currency it carries the symbol, e.g. [$€]#,##0.00##. */
export function moneyFormat(currency?: string): string {
  if (!currency) return DECIMAL_FORMAT;
  const code = currency.toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) return DECIMAL_FORMAT;
  const symbol = CURRENCY_SYMBOLS[code] ?? `${code} `;
  return `[$${symbol}]#,##0.00##`;
}

/** Why a table cannot be written, before anything was changed. */
export class SheetLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SheetLimitError';
  }
}

/** Cells the spreadsheet would hold if `target` (or a new sheet) had the given grid size. */
function cellsAfter(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  target: GoogleAppsScript.Spreadsheet.Sheet | null,
  rows: number,
  columns: number,
): { total: number; used: number } {
  let used = 0;
  const targetId = target ? target.getSheetId() : null;
  for (const sheet of ss.getSheets()) {
    if (targetId !== null && sheet.getSheetId() === targetId) continue;
    used += sheet.getMaxRows() * sheet.getMaxColumns();
  }
  return { total: used + rows * columns, used };
}

/** The grid a table needs: at least the sheet's current (or a new sheet's default 1000 × 26) size is kept. */
function neededGrid(target: GoogleAppsScript.Spreadsheet.Sheet | null, table: SheetTable): { rows: number; columns: number } {
  const dataRows = table.rows.length + 1;
  const width = Math.max(1, table.header.length);
  const baseRows = target ? Math.min(target.getMaxRows(), Math.max(1000, dataRows)) : 1000;
  const baseColumns = target ? target.getMaxColumns() : 26;
  return { rows: Math.max(baseRows, dataRows), columns: Math.max(baseColumns, width) };
}

/**
 * Throws a SheetLimitError when writing the table would push the spreadsheet past 10,000,000 cells. `splitHint`
 * tells the user how to make it fit (e.g. "export at most 10 days at a time").
 */
export function assertFitsCellLimit(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  target: GoogleAppsScript.Spreadsheet.Sheet | null,
  table: SheetTable,
  splitHint: (maxDataRows: number) => string,
): void {
  const grid = neededGrid(target, table);
  const { total, used } = cellsAfter(ss, target, grid.rows, grid.columns);
  if (total <= SPREADSHEET_CELL_LIMIT) return;
  const maxDataRows = Math.max(0, Math.floor((SPREADSHEET_CELL_LIMIT - used) / grid.columns) - 1);
  throw new SheetLimitError(
    `This table has ${table.rows.length.toLocaleString('en-US')} rows × ${grid.columns} columns, which would take the ` +
      `spreadsheet to ${total.toLocaleString('en-US')} cells; Google Sheets allows at most 10,000,000 ` +
      `(${used.toLocaleString('en-US')} are already used by other sheets). Nothing was written. ` +
      `${splitHint(maxDataRows)}`,
  );
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
export function literal(value: SheetCell, format: string): SheetCell {
  if (typeof value === 'string' && value.length > 0 && needsApostrophe(value, format === TEXT_FORMAT)) return `'${value}`;
  return value;
}

export interface WriteOptions {
  /** Called after each chunk: data rows written so far, of the total. */
  progress?: (written: number, total: number) => void;
}

/**
 * Replaces `sheet`'s contents with `table` (header bold and frozen). Call it only after every row was fetched and
 * validated: this is the first moment the sheet changes. The caller checks the cell limit first.
 */
export function writeTable(
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  table: SheetTable,
  opts: WriteOptions = {},
  isNewSheet = false,
): void {
  const width = Math.max(1, table.header.length);
  const totalRows = table.rows.length + 1;

  if (!isNewSheet) {
    sheet.clear();
    // A shrinking report gives back its surplus rows so it does not keep eating the spreadsheet's cell budget.
    const keepRows = Math.max(1000, totalRows);
    const maxRows = sheet.getMaxRows();
    if (maxRows > keepRows) sheet.deleteRows(keepRows + 1, maxRows - keepRows);
  }
  const maxRows = sheet.getMaxRows();
  if (maxRows < totalRows) sheet.insertRowsAfter(maxRows, totalRows - maxRows);
  const maxColumns = sheet.getMaxColumns();
  if (maxColumns < width) sheet.insertColumnsAfter(maxColumns, width - maxColumns);

  // Formats go on before the values: '@' must be in place when a phone number or "00123" arrives. One call covers
  // the header (text) and every data row; rows share one array so this costs no memory per row.
  const headerFormats = new Array<string>(width).fill(TEXT_FORMAT);
  const rowFormats = padTo(table.formats, width, AUTOMATIC_FORMAT);
  const formats: string[][] = new Array(totalRows);
  formats[0] = headerFormats;
  for (let i = 1; i < totalRows; i++) formats[i] = rowFormats;
  sheet.getRange(1, 1, totalRows, width).setNumberFormats(formats);

  const header = padTo(table.header, width, '').map((h) => literal(h, TEXT_FORMAT));
  const rowsPerWrite = Math.max(1, Math.min(MAX_ROWS_PER_WRITE, Math.floor(CELLS_PER_WRITE / width)));
  const dataTotal = table.rows.length;
  let written = 0;
  let nextSheetRow = 1;
  let first = true;
  while (first || written < dataTotal) {
    const take = Math.min(rowsPerWrite - (first ? 1 : 0), dataTotal - written);
    const block: SheetCell[][] = new Array(take + (first ? 1 : 0));
    let b = 0;
    if (first) block[b++] = header;
    for (let i = 0; i < take; i++) block[b++] = preparedRow(table.rows[written + i], width, rowFormats);
    sheet.getRange(nextSheetRow, 1, block.length, width).setValues(block);
    nextSheetRow += block.length;
    written += take;
    first = false;
    opts.progress?.(written, dataTotal);
  }

  sheet.getRange(1, 1, 1, width).setFontWeight('bold');
  if (sheet.getFrozenRows() !== 1) sheet.setFrozenRows(1);
}

function padTo<T>(values: T[], width: number, filler: T): T[] {
  if (values.length === width) return values;
  const out = values.slice(0, width);
  while (out.length < width) out.push(filler);
  return out;
}

function preparedRow(row: SheetCell[], width: number, formats: string[]): SheetCell[] {
  const out: SheetCell[] = new Array(width);
  for (let c = 0; c < width; c++) {
    const v = row[c];
    out[c] = v === undefined || v === null ? '' : literal(v, formats[c]);
  }
  return out;
}

/** A sheet name not yet used in the spreadsheet: `base`, else `base (2)`, `base (3)`… (at most 100 characters). */
export function uniqueSheetName(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, base: string): string {
  // Line breaks and other control characters cannot appear in a tab name.
  const printable = Array.from(base, (ch) => (ch.charCodeAt(0) < 32 ? ' ' : ch)).join('');
  const clean = printable.trim().slice(0, 90) || 'Cliqtel';
  const taken = new Set(ss.getSheets().map((s) => s.getName().toLowerCase()));
  if (!taken.has(clean.toLowerCase())) return clean;
  for (let n = 2; ; n++) {
    const name = `${clean} (${n})`;
    if (!taken.has(name.toLowerCase())) return name;
  }
}

/** Sheet names are compared case-insensitively by Sheets. */
export function findSheet(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, name: string): GoogleAppsScript.Spreadsheet.Sheet | null {
  const wanted = name.trim().toLowerCase();
  return ss.getSheets().find((s) => s.getName().toLowerCase() === wanted) ?? null;
}

/** `id`, `call_id`, `did`, `uuid`…: identifiers, shown without thousands separators. */
export function isIdName(name: string): boolean {
  const n = normalizeFieldName(name);
  return n.endsWith('id');
}

const MONEY_WORDS = /(charge|cost|price|amount|total|subtotal|tax|balance|fee|hold|creditlimit|spend|revenue|rate)/;
const NOT_MONEY_WORDS = /(count|calls|minutes|seconds|percent|pct|segments|messages)/;

export function isMoneyName(name: string): boolean {
  const n = normalizeFieldName(name);
  return MONEY_WORDS.test(n) && !NOT_MONEY_WORDS.test(n);
}

function isDate(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]';
}

/** The single currency code in a `currency` column, when every row agrees. */
export function uniformCurrency(fields: string[], rows: SheetCell[][]): string | undefined {
  const c = fields.findIndex((f) => normalizeFieldName(f) === 'currency');
  if (c < 0) return undefined;
  let found: string | undefined;
  for (const row of rows) {
    const v = row[c];
    if (v === '' || v === undefined || v === null) continue;
    if (typeof v !== 'string') return undefined;
    if (found === undefined) found = v;
    else if (v !== found) return undefined;
  }
  return found;
}

/**
 * One number format per column from the values it holds: any string → text ('@', so Sheets keeps it exact); all
 * Dates → date (midnight in the spreadsheet's zone) or date-time; all numbers → money, id, integer or decimal by name
 * and values; booleans and empty columns stay automatic.
 */
export function inferFormats(fields: string[], rows: SheetCell[][], timeZone: string): string[] {
  const currency = uniformCurrency(fields, rows);
  return fields.map((field, c) => {
    let strings = 0;
    let dates = 0;
    let numbers = 0;
    let nonIntegers = 0;
    let midnightDates = 0;
    for (const row of rows) {
      const v = row[c];
      if (v === '' || v === undefined || v === null) continue;
      if (typeof v === 'string') {
        strings++;
        break; // one string makes it a text column
      }
      if (typeof v === 'number') {
        numbers++;
        if (!Number.isInteger(v)) nonIntegers++;
      } else if (isDate(v)) {
        dates++;
        if (midnightDates === dates - 1 && dates <= 50 && Utilities.formatDate(v, timeZone, 'HH:mm:ss') === '00:00:00') {
          midnightDates++;
        }
      }
    }
    if (strings > 0) return TEXT_FORMAT;
    if (dates > 0 && numbers === 0) return midnightDates === Math.min(dates, 50) ? DATE_FORMAT : DATE_TIME_FORMAT;
    if (numbers > 0 && dates === 0) return numberFormatFor(field, nonIntegers === 0, currency);
    return AUTOMATIC_FORMAT;
  });
}

export function numberFormatFor(field: string, allIntegers: boolean, currency?: string): string {
  if (isMoneyName(field)) return moneyFormat(currency);
  if (allIntegers) return isIdName(field) ? ID_FORMAT : INTEGER_FORMAT;
  return DECIMAL_FORMAT;
}
