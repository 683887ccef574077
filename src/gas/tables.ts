// Typed tables from API data, with what only Apps Script can do for them: parse the CSV export (Utilities.parseCsv)
// and read dates in the spreadsheet's time zone. The rules themselves live in core/columns.ts and core/csv.ts.
import { inferFormats, TEXT_FORMAT, type TypedTable } from '../core/columns';
import { csvRowsToTable, csvText } from '../core/csv';
import { EXPORT_PATH } from '../core/datasets';
import { argumentError, badResponseError } from '../core/errors';
import type { TableCell } from '../core/shape';
import { ymdToDate } from './config';
import { assertFitsCellLimit, uniqueSheetName, writeTable } from './sheetWriter';

const EXPORT_CONTEXT = { path: EXPORT_PATH, status: 200 };

/** The CSV export as a typed table; throws (a CliqtelError) on an HTML page, an empty, damaged or cut CSV. */
export function csvToTable(body: string, timeZone: string): TypedTable {
  const { text, endsWithBreak } = csvText(body, EXPORT_CONTEXT);
  let parsed: string[][];
  try {
    parsed = Utilities.parseCsv(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw badResponseError(200, body.slice(0, 80), EXPORT_CONTEXT, `a CSV export that cannot be read (${why})`);
  }
  return csvRowsToTable(parsed, endsWithBreak, EXPORT_CONTEXT, (ymd) => ymdToDate(ymd, timeZone));
}

/** A header row + data rows (as core's buildTable makes them) with one number format per column. */
export function typeTable(table: TableCell[][], timeZone: string): TypedTable {
  const header = (table[0] ?? []).map((h) => String(h));
  const rows = table.slice(1);
  if (header.length === 0) return { header: ['No data'], rows: [], formats: [TEXT_FORMAT] };
  const isLocalMidnight = (d: Date) => Utilities.formatDate(d, timeZone, 'HH:mm:ss') === '00:00:00';
  return { header, rows, formats: inferFormats(header, rows, isLocalMidnight) };
}

function tableCell(value: unknown): TableCell {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  return JSON.stringify(value);
}

/** Writes a table (first row = header, e.g. number search results) to a new sheet; strings stay exact text. */
export function insertTable(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, titleArg: unknown, rows: unknown): string {
  if (!Array.isArray(rows) || rows.length === 0 || !rows.every((r) => Array.isArray(r))) {
    throw argumentError('rows', 'a table: a list of rows, the first one the header', rows);
  }
  const title = typeof titleArg === 'string' && titleArg.trim() ? titleArg.trim() : 'Cliqtel';
  const width = Math.max(...rows.map((r: unknown[]) => r.length));
  if (width === 0) throw argumentError('rows', 'a table with at least one column', 'empty rows');
  const cells = rows.map((r: unknown[]) => Array.from({ length: width }, (_, c) => tableCell(r[c])));
  const table = typeTable(cells, ss.getSpreadsheetTimeZone());
  assertFitsCellLimit(ss, null, table, () => 'Delete sheets you no longer need, or use a new spreadsheet.');
  const sheet = ss.insertSheet(uniqueSheetName(ss, title));
  writeTable(sheet, table, {}, true);
  ss.toast(`Inserted ${table.rows.length} rows into "${sheet.getName()}".`, 'Cliqtel', 5);
  return sheet.getName();
}
