// Server functions that write sheets (SPEC §4): CDR export, reports and their registry, refresh, formulas, schedule.
import { argumentError, CliqtelError } from '../core/errors';
import type { Cell, Frequency, ReportInfo, ReportKind, RollingWindow, ScheduleInfo } from '../core/serverApi';
import { SERVER_BUDGET_MS, makeClient } from '../gas/client';
import { CACHE_GENERATION_PROP } from '../gas/formulas';
import { resolveUserKey } from '../gas/keys';
import { listReports, toReportInfo } from '../gas/registry';
import { createReport, parseReportParams, refreshMany } from '../gas/reports';
import { runScheduledRefresh, setSchedule } from '../gas/schedule';
import {
  assertFitsCellLimit,
  inferFormats,
  type SheetCell,
  type SheetTable,
  uniqueSheetName,
  writeTable,
} from '../gas/sheetWriter';

/** A manual refresh waits this long for a scheduled run of the same user to finish before giving up. */
const MANUAL_LOCK_WAIT_MS = 5_000;

function activeSpreadsheet(): GoogleAppsScript.Spreadsheet.Spreadsheet {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  if (!ss) {
    throw new CliqtelError('This needs an open spreadsheet: run it from Extensions › Cliqtel in Google Sheets.', {
      status: 0,
      code: 'bad_argument',
    });
  }
  return ss;
}

function sheetNameArg(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw argumentError('sheetName', 'a sheet name (text)', value);
  return value;
}

/**
 * Exports the call detail records of a period into a sheet through the CSV export (one request), and registers the
 * sheet as a report so it can be refreshed. Returns the sheet's name and the data rows written.
 */
export function cliqtelExportCalls(arg: {
  from?: string;
  to?: string;
  country?: string;
  sheetName?: string;
  window?: RollingWindow;
}): { sheetName: string; rows: number } {
  const params = parseReportParams(arg as Record<string, unknown>, 'calls');
  const sheetName = sheetNameArg(arg?.sheetName);
  const ss = activeSpreadsheet();
  const client = makeClient(resolveUserKey(), SERVER_BUDGET_MS);
  return createReport({ ss, client, interactive: true }, params, sheetName, 'export');
}

/** Writes a report of one kind (summary, calls, by_did, …) to a sheet and registers it. */
export function cliqtelInsertReport(arg: {
  kind: ReportKind;
  from?: string;
  to?: string;
  window?: RollingWindow;
  sheetName?: string;
}): { sheetName: string; rows: number } {
  const params = parseReportParams(arg as Record<string, unknown>);
  const sheetName = sheetNameArg(arg?.sheetName);
  const ss = activeSpreadsheet();
  const client = makeClient(resolveUserKey(), SERVER_BUDGET_MS);
  return createReport({ ss, client, interactive: true }, params, sheetName, 'report');
}

function tableCell(value: unknown): SheetCell {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  return JSON.stringify(value);
}

/** Writes a table (first row = header, e.g. number search results) to a new sheet; strings stay exact text. */
export function cliqtelInsertTable(arg: { title: string; rows: Cell[][] }): { sheetName: string } {
  const rows = arg?.rows;
  if (!Array.isArray(rows) || rows.length === 0 || !rows.every((r) => Array.isArray(r))) {
    throw argumentError('rows', 'a table: a list of rows, the first one the header', rows);
  }
  const title = typeof arg.title === 'string' && arg.title.trim() ? arg.title.trim() : 'Cliqtel';
  const width = Math.max(...rows.map((r) => r.length));
  if (width === 0) throw argumentError('rows', 'a table with at least one column', 'empty rows');
  const header = Array.from({ length: width }, (_, c) => String(tableCell(rows[0][c])));
  const data = rows.slice(1).map((r) => Array.from({ length: width }, (_, c) => tableCell(r[c])));
  const ss = activeSpreadsheet();
  const table: SheetTable = { header, rows: data, formats: inferFormats(header, data, ss.getSpreadsheetTimeZone()) };
  assertFitsCellLimit(ss, null, table, () => 'Delete sheets you no longer need, or use a new spreadsheet.');
  const sheet = ss.insertSheet(uniqueSheetName(ss, title));
  writeTable(sheet, table, {}, true);
  ss.toast(`Inserted ${data.length} rows into "${sheet.getName()}".`, 'Cliqtel', 5);
  return { sheetName: sheet.getName() };
}

/** The report sheets of this spreadsheet with their kind, period, last refresh, status and row count. */
export function cliqtelListReports(): { reports: ReportInfo[] } {
  return { reports: listReports(activeSpreadsheet()).map(toReportInfo) };
}

/**
 * Refreshes one report (by sheet name) or all of them. Each is fetched completely before its sheet changes; a
 * failure leaves that sheet as it was and is listed in `failed` (and recorded in the registry).
 */
export function cliqtelRefreshReports(arg?: { sheetName?: string }): {
  refreshed: number;
  failed: { sheetName: string; error: string }[];
} {
  const started = Date.now();
  const wanted = sheetNameArg(arg?.sheetName);
  const ss = activeSpreadsheet();
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
  const apiKey = resolveUserKey();
  const lock = LockService.getUserLock();
  if (!lock.tryLock(MANUAL_LOCK_WAIT_MS)) {
    throw new CliqtelError('A scheduled Cliqtel refresh is running right now. Try again in a few minutes.', {
      status: 0,
      code: 'rate_limited',
    });
  }
  try {
    const outcome = refreshMany(ss, apiKey, true, reports, started);
    const failed = outcome.failed.concat(
      outcome.notReached.map((r) => ({
        sheetName: r.sheet.getName(),
        error: 'not refreshed: this run ran out of time; run Refresh again to continue',
      })),
    );
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const summary =
      failed.length === 0
        ? `Refreshed ${outcome.refreshed} report${outcome.refreshed === 1 ? '' : 's'} in ${seconds} s.`
        : `Refreshed ${outcome.refreshed} of ${reports.length} reports; "${failed[0].sheetName}" failed: ${failed[0].error}`;
    ss.toast(summary, 'Cliqtel', failed.length ? 30 : 8);
    return { refreshed: outcome.refreshed, failed };
  } finally {
    lock.releaseLock();
  }
}

/**
 * Makes every CLIQTEL_ formula fetch fresh data: bumps the cache generation the custom functions key their cache
 * with, then re-enters each formula (Sheets recalculates a custom function only when its text or inputs change).
 */
export function cliqtelRefreshFormulas(): { formulas: number } {
  const ss = activeSpreadsheet();
  const props = PropertiesService.getDocumentProperties();
  const generation = Number(props.getProperty(CACHE_GENERATION_PROP) ?? '0');
  props.setProperty(CACHE_GENERATION_PROP, String((Number.isFinite(generation) ? generation : 0) + 1));
  const cells: { range: GoogleAppsScript.Spreadsheet.Range; formula: string }[] = [];
  for (const sheet of ss.getSheets()) {
    if (sheet.getLastRow() === 0 || sheet.getLastColumn() === 0) continue;
    const formulas = sheet.getRange(1, 1, sheet.getLastRow(), sheet.getLastColumn()).getFormulas();
    for (let r = 0; r < formulas.length; r++) {
      for (let c = 0; c < formulas[r].length; c++) {
        const f = formulas[r][c];
        if (f && /CLIQTEL_/i.test(f)) cells.push({ range: sheet.getRange(r + 1, c + 1), formula: f });
      }
    }
  }
  if (cells.length > 0) {
    for (const cell of cells) cell.range.clearContent();
    SpreadsheetApp.flush();
    for (const cell of cells) cell.range.setFormula(cell.formula);
  }
  ss.toast(`Recalculating ${cells.length} CLIQTEL formula${cells.length === 1 ? '' : 's'} with fresh data.`, 'Cliqtel', 5);
  return { formulas: cells.length };
}

/**
 * Sets how often this spreadsheet's reports refresh by themselves: off, hourly, every_6_hours or daily (at `hour`,
 * 0–23, in the spreadsheet's time zone). Keeps exactly one trigger for this user and spreadsheet.
 */
export function cliqtelSetSchedule(arg: { frequency: Frequency; hour?: number }): ScheduleInfo {
  if (!arg || typeof arg !== 'object') throw argumentError('frequency', 'off, hourly, every_6_hours or daily', arg);
  return setSchedule(activeSpreadsheet(), arg.frequency, arg.hour);
}

/** The clock-trigger handler: refreshes every report of the spreadsheet the trigger was set up for. */
export function cliqtelScheduledRefresh(e: GoogleAppsScript.Events.TimeDriven): void {
  runScheduledRefresh(e);
}
