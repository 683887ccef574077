// Report sheets: validating what to fetch, fetching and shaping it completely (CSV export or JSON dataset), and only
// then writing and registering it — so a failed refresh leaves the sheet exactly as it was.
import { isReportKind, REPORT_KINDS } from '../core/catalog';
import type { CliqtelClient } from '../core/client';
import type { TypedTable } from '../core/columns';
import { EXPORT_PATH, fetchTable } from '../core/datasets';
import { tableGrid } from '../core/sheetRequests';
import { argumentError, CliqtelError, errorMessage } from '../core/errors';
import { defaultSheetName, paramsOfRecord, type ReportParams, reportDates, splitAdvice } from '../core/reportParams';
import { logMarks, refreshCallsLog } from './callsLog';
import { fetchLogRange, logToday } from './callsLogRead';
import { growLog, logGridRows } from './callsLogWrite';
import { ensureDailyChart } from './charts';
import { afterNumbersWrite, prepareNumbersTable, unpushedEdits } from './numbersSync';
import { todayIn, ymdToDate } from './config';
import { type RegisteredReport, type ReportRecord, readReport, recordFailure, recordSuccess } from './registry';
import { insertTableSheet } from './newSheet';
import { assertFitsCellLimit, findSheet, uniqueSheetName, writeTable } from './sheetWriter';
import { accountCurrency, csvToTable, typeTable } from './tables';

/** Where the code runs: a menu/sidebar call shows toasts, a clock trigger does not (it has no UI). */
export interface RunContext {
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet;
  client: CliqtelClient;
  interactive: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Fetching

/** Fetches and shapes a report completely; throws (a CliqtelError) without having touched any sheet. */
export function fetchReportTable(client: CliqtelClient, params: ReportParams, timeZone: string): TypedTable {
  if (params.kind === 'calls_log') {
    // The first fill of a calls log: every call from its start up to today, one export request.
    return fetchLogRange(client, params.from ?? '', logToday(timeZone), timeZone);
  }
  const dates = reportDates(params, todayIn(timeZone));
  if (params.kind === 'calls') {
    // One request for the whole window: the export is the API's bulk path (no paging through /usage/calls).
    const body = client.getText(EXPORT_PATH, { format: 'csv', from: dates.from, to: dates.to, country: params.country });
    return csvToTable(body, timeZone);
  }
  const table = fetchTable(client, params.kind, dates, { parseDateOnly: (ymd) => ymdToDate(ymd, timeZone) });
  const typed = typeTable(table, timeZone, accountCurrency());
  // The numbers report's editable columns are plain text, so a destination typed later keeps its +.
  return params.kind === 'numbers' ? prepareNumbersTable(typed) : typed;
}

/** The advice shown when a table would not fit, for the cell-limit check. */
function splitHint(params: ReportParams, timeZone: string, rows: number): (maxDataRows: number) => string {
  return (maxDataRows) => splitAdvice(params, todayIn(timeZone), rows, maxDataRows);
}

// ---------------------------------------------------------------------------------------------------------------
// Creating and refreshing

function toast(ctx: RunContext, message: string, seconds = 5): void {
  if (ctx.interactive) ctx.ss.toast(message, 'Cliqtel', seconds);
}

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

function progressToast(ctx: RunContext): (written: number, total: number) => void {
  return (written, total) => {
    if (total > 0 && written < total) toast(ctx, `Writing ${formatCount(written)} of ${formatCount(total)} rows…`, 30);
  };
}

/** The rows a new report's sheet is made with: its table, and for a calls log spare rows below (growLog's). */
function newSheetRows(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, params: ReportParams, table: TypedTable): number {
  const rows = table.rows.length + 1;
  if (params.kind !== 'calls_log') return rows;
  return logGridRows(ss, null, rows, tableGrid(rows, table.header.length).columns);
}

/**
 * Inserts a new report (or replaces an existing report sheet of that name): fetch and shape first, check the cell
 * limit, then create the sheet, write, register. `via` says which menu made it.
 */
export function createReport(
  ctx: RunContext,
  params: ReportParams,
  sheetName: string | undefined,
  via: 'export' | 'report',
): { sheetName: string; rows: number } {
  const { ss } = ctx;
  const timeZone = ss.getSpreadsheetTimeZone();
  let target: GoogleAppsScript.Spreadsheet.Sheet | null = null;
  let name: string;
  if (sheetName !== undefined && sheetName.trim() !== '') {
    name = sheetName.trim();
    if (name.length > 100) throw argumentError('sheetName', 'a sheet name of at most 100 characters', `${name.slice(0, 40)}…`);
    target = findSheet(ss, name);
    if (target && !readReport(target)) {
      // Never overwrite a sheet the user made by hand.
      throw argumentError(
        'sheetName',
        `the name of a new sheet or of a Cliqtel report ("${target.getName()}" already exists and is not a report)`,
        name,
      );
    }
  } else {
    name = uniqueSheetName(ss, defaultSheetName(params));
  }

  const started = Date.now();
  const dates = reportDates(params, todayIn(timeZone));
  const period = dates.from ? ` ${dates.from} – ${dates.to}` : '';
  toast(ctx, `Fetching ${REPORT_KINDS[params.kind].title.toLowerCase()}${period} from Cliqtel…`, 60);
  let table: TypedTable;
  try {
    table = fetchReportTable(ctx.client, params, timeZone);
    assertFitsCellLimit(ss, target, table, splitHint(params, timeZone, table.rows.length));
  } catch (e) {
    toast(ctx, errorMessage(e), 30);
    throw e;
  }

  const isNew = target === null;
  // A new calls log gets spare rows below its calls, so its first refreshes need not grow it.
  const created = isNew ? insertTableSheet(ss, name, table, newSheetRows(ss, params, table)) : null;
  const sheet = created?.sheet ?? (target as GoogleAppsScript.Spreadsheet.Sheet);
  try {
    if (created?.state === 'new' && params.kind === 'calls_log') {
      growLog(ss, sheet, table.rows.length + 1, table.header.length);
    }
    writeTable(sheet, table, { progress: progressToast(ctx) }, created?.state ?? 'existing');
  } catch (e) {
    if (isNew) ss.deleteSheet(sheet); // no half-written new sheet left behind
    toast(ctx, errorMessage(e), 30);
    throw e;
  }
  const now = new Date();
  const record: ReportRecord = { kind: params.kind, via, lastRefresh: null, lastAttempt: null, status: 'ok', rows: 0 };
  if (params.window) record.window = params.window;
  if (params.from) record.from = params.from;
  if (params.to) record.to = params.to;
  if (params.country) record.country = params.country;
  if (params.kind === 'calls_log') Object.assign(record, logMarks(table.header, table.rows, params.from ?? ''));
  const log = params.kind === 'calls_log' ? { added: table.rows.length, updated: 0, unchanged: 0 } : undefined;
  recordSuccess(sheet, record, table.rows.length, now, log);
  if (params.kind === 'daily') ensureDailyChart(sheet, table);
  if (params.kind === 'numbers') afterNumbersWrite(sheet, table);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  toast(ctx, `Wrote ${formatCount(table.rows.length)} rows to "${sheet.getName()}" in ${seconds} s.`, 10);
  return { sheetName: sheet.getName(), rows: table.rows.length };
}

/** A scheduled refresh replaces the sheet: it must never drop label/forwarding edits the user has not pushed yet. */
function refuseUnpushedEdits(sheet: GoogleAppsScript.Spreadsheet.Sheet): void {
  const edits = unpushedEdits(sheet);
  if (edits === 0) return;
  throw new CliqtelError(
    `not refreshed: ${edits} edited cell${edits === 1 ? '' : 's'} in Label or Forwarding Destination ${edits === 1 ? 'is' : 'are'} ` +
      'not pushed to Cliqtel yet, and the scheduled refresh leaves the sheet alone so they are not lost. Push them ' +
      "(sidebar › Numbers › Push changes…), or refresh it yourself to take Cliqtel's values instead.",
    { status: 0, code: 'bad_argument' },
  );
}

/**
 * Refreshes one registered report. Everything is fetched, validated and shaped before the sheet is cleared; on any
 * failure the sheet's cells stay exactly as they were and the registry records the error and its time.
 * Returns null on success, else the error message.
 */
export function refreshReport(ctx: RunContext, report: RegisteredReport): string | null {
  // A calls log merges its tail instead of replacing the sheet.
  if (report.record.kind === 'calls_log') return refreshCallsLog(ctx, report);
  const { ss } = ctx;
  const { sheet, record } = report;
  const timeZone = ss.getSpreadsheetTimeZone();
  const name = sheet.getName();
  let table: TypedTable;
  try {
    const kind = record.kind;
    if (!isReportKind(kind)) throw new Error(`unknown report kind "${kind}"; insert the report again`);
    // A scheduled run never discards edits not pushed yet; a refresh the user asks for is how they take Cliqtel's values.
    if (kind === 'numbers' && !ctx.interactive) refuseUnpushedEdits(sheet);
    toast(ctx, `Refreshing "${name}": fetching from Cliqtel…`, 60);
    const params = paramsOfRecord({ ...record, kind });
    table = fetchReportTable(ctx.client, params, timeZone);
    assertFitsCellLimit(ss, sheet, table, splitHint(params, timeZone, table.rows.length));
  } catch (e) {
    const message = errorMessage(e);
    recordFailure(sheet, record, message, new Date());
    return message;
  }
  try {
    writeTable(sheet, table, { progress: progressToast(ctx) });
  } catch (e) {
    const message = `writing the sheet failed: ${errorMessage(e)}`;
    recordFailure(sheet, record, message, new Date());
    return message;
  }
  recordSuccess(sheet, record, table.rows.length, new Date());
  if (record.kind === 'daily') ensureDailyChart(sheet, table);
  if (record.kind === 'numbers') afterNumbersWrite(sheet, table);
  return null;
}
