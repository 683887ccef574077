// Server functions that write sheets: CDR export, reports and their registry, refresh, formulas, schedule. Each one
// checks its argument, then calls src/gas (docs/architecture.md#server-functions).
import { parseObjectArg } from '../core/args';
import { argumentError } from '../core/errors';
import { parseReportParams } from '../core/reportParams';
import type { Cell, ExportArgs, RefreshResult, ReportArgs, ReportInfo, ScheduleInfo, ServerFunctions } from '../core/serverApi';
import { makeClient, SERVER_BUDGET_MS } from '../gas/client';
import { requireActiveSpreadsheet } from '../gas/config';
import { refreshFormulas } from '../gas/formulas';
import { resolveUserKey } from '../gas/keys';
import { refreshInteractively } from '../gas/refresh';
import { listReports, toReportInfo } from '../gas/registry';
import { createReport } from '../gas/reports';
import { runScheduledRefresh, setSchedule } from '../gas/schedule';
import { insertTable } from '../gas/tables';

const EXPORT_FIELDS = '{from, to} dates (YYYY-MM-DD) or a window, and optionally country and sheetName';
const REPORT_FIELDS = '{kind}, and for dated kinds {from, to} or a window, optionally sheetName';

function sheetNameArg(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw argumentError('sheetName', 'a sheet name (text)', value);
  return value;
}

function createFromArgs(a: Record<string, unknown>, params: ReturnType<typeof parseReportParams>, via: 'export' | 'report') {
  const sheetName = sheetNameArg(a.sheetName);
  const ss = requireActiveSpreadsheet();
  const client = makeClient(resolveUserKey(), SERVER_BUDGET_MS);
  return createReport({ ss, client, interactive: true }, params, sheetName, via);
}

/**
 * Exports the call detail records of a period into a sheet through the CSV export (one request), and registers the
 * sheet as a report so it can be refreshed. Returns the sheet's name and the data rows written.
 */
export function cliqtelExportCalls(arg: ExportArgs): { sheetName: string; rows: number } {
  const a = parseObjectArg(arg, EXPORT_FIELDS, true);
  return createFromArgs(a, parseReportParams(a, 'calls'), 'export');
}

/** Writes a report of one kind (summary, calls, by_did, …) to a sheet and registers it. */
export function cliqtelInsertReport(arg: ReportArgs): { sheetName: string; rows: number } {
  const a = parseObjectArg(arg, REPORT_FIELDS);
  return createFromArgs(a, parseReportParams(a), 'report');
}

/** Writes a table (first row = header, e.g. number search results) to a new sheet; strings stay exact text. */
export function cliqtelInsertTable(arg: { title: string; rows: Cell[][] }): { sheetName: string } {
  const a = parseObjectArg(arg, '{title, rows} (rows: a list of rows, the first one the header)');
  return { sheetName: insertTable(requireActiveSpreadsheet(), a.title, a.rows) };
}

/** The report sheets of this spreadsheet with their kind, period, last refresh, status and row count. */
export function cliqtelListReports(): { reports: ReportInfo[] } {
  return { reports: listReports(requireActiveSpreadsheet()).map(toReportInfo) };
}

/**
 * Refreshes one report (by sheet name) or all of them. Each is fetched completely before its sheet changes; a
 * failure leaves that sheet as it was and is listed in `failed` (and recorded in the registry).
 */
export function cliqtelRefreshReports(arg?: { sheetName?: string }): RefreshResult {
  const started = Date.now();
  const wanted = sheetNameArg(parseObjectArg(arg, '{sheetName} (optional: without it every report)', true).sheetName);
  const ss = requireActiveSpreadsheet();
  let reports = listReports(ss);
  if (wanted !== undefined) {
    reports = reports.filter((r) => r.sheet.getName().toLowerCase() === wanted.trim().toLowerCase());
    if (reports.length === 0) {
      throw argumentError('sheetName', 'the name of a Cliqtel report sheet (see the report list in the sidebar)', wanted);
    }
  }
  if (reports.length === 0) {
    ss.toast('There are no Cliqtel reports to refresh yet: use Extensions › Cliqtel › Insert report….', 'Cliqtel', 8);
    return { refreshed: 0, failed: [] };
  }
  return refreshInteractively(ss, resolveUserKey(), reports, started);
}

/** Makes every CLIQTEL_ formula in the spreadsheet recalculate with fresh data. */
export function cliqtelRefreshFormulas(): { formulas: number } {
  return { formulas: refreshFormulas(requireActiveSpreadsheet()) };
}

/**
 * Sets how often this spreadsheet's reports refresh by themselves: off, hourly, every_6_hours or daily (at `hour`,
 * 0–23, in the spreadsheet's time zone). Keeps exactly one trigger for this user and spreadsheet.
 */
export function cliqtelSetSchedule(arg: Parameters<ServerFunctions['cliqtelSetSchedule']>[0]): ScheduleInfo {
  const a = parseObjectArg(arg, '{frequency} (off, hourly, every_6_hours or daily) and for daily an hour 0–23');
  return setSchedule(requireActiveSpreadsheet(), a.frequency, a.hour);
}

/** The clock-trigger handler: refreshes every report of the spreadsheet the trigger was set up for. */
export function cliqtelScheduledRefresh(e: GoogleAppsScript.Events.TimeDriven): void {
  runScheduledRefresh(e);
}
