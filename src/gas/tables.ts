// Typed tables from API data, with what only Apps Script can do for them: parse the CSV export (Utilities.parseCsv)
// and read dates in the spreadsheet's time zone. The rules themselves live in core/columns.ts and core/csv.ts.
import { inferFormats, TEXT_FORMAT, type TypedTable, uniformCurrency } from '../core/columns';
import { csvRowsToTable, csvText } from '../core/csv';
import { EXPORT_PATH } from '../core/datasets';
import { argumentError, badResponseError } from '../core/errors';
import { humanizeField, normalizeFieldName, type TableCell } from '../core/shape';
import { ymdToDate } from './config';
import { getUserKeyMeta } from './keys';
import { insertTableSheet } from './newSheet';
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

/**
 * A header row + data rows (as core's buildTable makes them) with one number format per column. Money columns take
 * the table's own currency column; a table without one takes `accountCurrency` (for the account's own data: learned
 * when the key was verified, see accountCurrency), else no symbol.
 */
export function typeTable(table: TableCell[][], timeZone: string, accountCurrency?: string): TypedTable {
  const header = (table[0] ?? []).map((h) => String(h));
  const rows = table.slice(1);
  if (header.length === 0) return { header: ['No data'], rows: [], formats: [TEXT_FORMAT] };
  const isLocalMidnight = (d: Date) => Utilities.formatDate(d, timeZone, 'HH:mm:ss') === '00:00:00';
  // A currency column decides alone (mixed currencies: no symbol); only a table without one takes the account's.
  const hasCurrencyColumn = header.some((h) => normalizeFieldName(h) === 'currency');
  const currency = hasCurrencyColumn ? uniformCurrency(header, rows) : accountCurrency;
  return { header, rows, formats: inferFormats(header, rows, isLocalMidnight, currency) };
}

function tableCell(value: unknown): TableCell {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  return JSON.stringify(value);
}

/** The currency of the acting user's account, when their key's balance probe told it (billing:read). */
export function accountCurrency(): string | undefined {
  return getUserKeyMeta()?.currency;
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
  // Headers in words like every report's ("monthly_price" → "Monthly Price").
  cells[0] = cells[0].map((h) => humanizeField(String(h)));
  const table = typeTable(cells, ss.getSpreadsheetTimeZone());
  assertFitsCellLimit(ss, null, table, () => 'Delete sheets you no longer need, or use a new spreadsheet.');
  const { sheet, state } = insertTableSheet(ss, uniqueSheetName(ss, title), table);
  writeTable(sheet, table, {}, state);
  ss.toast(`Inserted ${table.rows.length} rows into "${sheet.getName()}".`, 'Cliqtel', 5);
  return sheet.getName();
}
