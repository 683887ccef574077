// The sheet side of SMS sending (docs/architecture.md#sms-from-a-sheet): finding the sheet and its columns by header
// text, reading rows as displayed, adding the SMS status/id/sent at/cost columns to the right of the data, and
// writing row outcomes in as few setValues calls as the rows allow.
import { argumentError, CliqtelError } from '../core/errors';
import { DATE_TIME_FORMAT, DECIMAL_FORMAT, ID_FORMAT, moneyFormat, TEXT_FORMAT } from '../core/columns';
import { findHeader, SMS_COLUMNS } from '../core/sms';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** One row's four SMS cells: status, id, sent at (or attempted at), cost. */
export type SmsCells = [string, string | number, Date | string, number | string];

export function sheetByName(ss: Spreadsheet, name: unknown): Sheet {
  if (typeof name !== 'string' || name.trim() === '') throw argumentError('sheetName', 'the name of a sheet (text)', name);
  const wanted = name.trim().toLowerCase();
  const sheet = ss.getSheets().find((s) => s.getName().trim().toLowerCase() === wanted);
  if (!sheet) {
    const names = ss
      .getSheets()
      .map((s) => `"${s.getName()}"`)
      .join(', ');
    throw argumentError('sheetName', `the name of a sheet of this spreadsheet (${names})`, name);
  }
  return sheet;
}

export function sheetById(ss: Spreadsheet, id: number): Sheet | null {
  return ss.getSheets().find((s) => s.getSheetId() === id) ?? null;
}

/** Row 1 as displayed, up to the last column with content. */
export function readHeaders(sheet: Sheet): string[] {
  const lastColumn = sheet.getLastColumn();
  if (lastColumn === 0) return [];
  return sheet
    .getRange(1, 1, 1, lastColumn)
    .getDisplayValues()[0]
    .map((h) => String(h));
}

/** Headers as a user may pick them: non-empty, without the add-on's own SMS columns. */
export function dataHeaders(headers: readonly string[]): string[] {
  const own = new Set(SMS_COLUMNS.map((c) => c.toLowerCase()));
  return headers.filter((h) => h.trim() !== '' && !own.has(h.trim().toLowerCase()));
}

/** The column (0-based) of a header, or an error naming the headers there are. */
export function requireColumn(headers: readonly string[], name: unknown, argName: string, sheetName: string): number {
  const choices = dataHeaders(headers);
  const expected = `the header of a column in row 1 of "${sheetName}" (${choices.map((h) => `"${h}"`).join(', ') || 'row 1 is empty'})`;
  if (typeof name !== 'string' || name.trim() === '') throw argumentError(argName, expected, name);
  const index = findHeader(headers, name);
  if (index < 0 || !choices.includes(headers[index])) throw argumentError(argName, expected, name);
  return index;
}

/** 0-based columns of the SMS columns that exist (-1 for those that do not). */
export function smsColumnIndexes(headers: readonly string[]): number[] {
  return SMS_COLUMNS.map((name) => findHeader(headers, name));
}

/** Data rows 2..lastRow as displayed (dates, money and numbers as the sheet shows them). */
export function readDisplayRows(sheet: Sheet, width: number): string[][] {
  const lastRow = sheet.getLastRow();
  if (lastRow < 2 || width === 0) return [];
  return sheet.getRange(2, 1, lastRow - 1, width).getDisplayValues() as string[][];
}

/**
 * Adds the SMS columns that are missing to the right of the data (reusing any that exist, wherever they are) and
 * sets their formats on rows 2..lastRow. Returns their 1-based column numbers in SMS_COLUMNS order.
 */
export function ensureSmsColumns(sheet: Sheet, headers: readonly string[], lastRow: number, currency?: string): number[] {
  const found = smsColumnIndexes(headers);
  const missing = SMS_COLUMNS.filter((_, i) => found[i] < 0);
  let next = headers.length;
  if (missing.length > 0) {
    const needed = next + missing.length - sheet.getMaxColumns();
    if (needed > 0) sheet.insertColumnsAfter(sheet.getMaxColumns(), needed);
    sheet.getRange(1, next + 1, 1, missing.length).setValues([missing as unknown as string[]]);
  }
  const columns = found.map((index) => (index >= 0 ? index + 1 : ++next));
  if (lastRow >= 2) {
    const formats = [TEXT_FORMAT, ID_FORMAT, DATE_TIME_FORMAT, currency ? moneyFormat(currency) : DECIMAL_FORMAT];
    for (const run of columnRuns(columns)) {
      const row = run.map((c) => formats[columns.indexOf(c)]);
      sheet.getRange(2, run[0], lastRow - 1, run.length).setNumberFormats(Array.from({ length: lastRow - 1 }, () => row));
    }
  }
  return columns;
}

/** Columns grouped into runs of adjacent ones, so each run is written with one call. */
function columnRuns(columns: readonly number[]): number[][] {
  const sorted = [...columns].sort((a, b) => a - b);
  const runs: number[][] = [];
  for (const c of sorted) {
    const last = runs[runs.length - 1];
    if (last && last[last.length - 1] === c - 1) last.push(c);
    else runs.push([c]);
  }
  return runs;
}

/**
 * Buffers row outcomes and writes them in runs of adjacent rows: a row's outcome and the next row's `sending` go
 * out in one setValues, so a job costs about one write call per message.
 */
export class RowWriter {
  private readonly pending = new Map<number, SmsCells>();
  /** setValues calls made. */
  writes = 0;

  constructor(
    private readonly sheet: Sheet,
    private readonly columns: readonly number[],
  ) {}

  set(row: number, cells: SmsCells): void {
    this.pending.set(row, cells);
  }

  /** Writes everything buffered; with `durable`, SpreadsheetApp.flush() so it is saved before a request goes out. */
  flush(durable = false): void {
    if (this.pending.size > 0) {
      const rows = [...this.pending.keys()].sort((a, b) => a - b);
      const rowRuns: number[][] = [];
      for (const r of rows) {
        const last = rowRuns[rowRuns.length - 1];
        if (last && last[last.length - 1] === r - 1) last.push(r);
        else rowRuns.push([r]);
      }
      for (const rowRun of rowRuns) {
        for (const colRun of columnRuns(this.columns)) {
          const values = rowRun.map((r) => {
            const cells = this.pending.get(r) as SmsCells;
            return colRun.map((c) => cells[this.columns.indexOf(c)]);
          });
          this.sheet.getRange(rowRun[0], colRun[0], rowRun.length, colRun.length).setValues(values);
          this.writes++;
        }
      }
      this.pending.clear();
    }
    if (durable) SpreadsheetApp.flush();
  }
}

/** A string id is written with a leading apostrophe (always consumed outside a @ cell): `00123` stays `00123`. */
export function idCell(id: unknown): string | number {
  if (typeof id === 'number' && Number.isFinite(id)) return id;
  if (id === undefined || id === null) return '';
  return `'${String(id)}`;
}

/** The sheet's row count can change between calls; a job row past the end is treated as deleted. */
export function assertWritable(sheet: Sheet | null): Sheet {
  if (!sheet) {
    throw new CliqtelError('The sheet of this SMS job was deleted. Nothing was sent; preview again on another sheet.', {
      status: 0,
      code: 'bad_argument',
    });
  }
  return sheet;
}
