// The report registry: one developer-metadata entry on each report sheet, so it follows renames, goes away with the
// sheet, and is readable from a clock trigger after SpreadsheetApp.openById (no document properties needed).
import type { LogCounts } from '../core/callsLog';
import type { RegisteredKind, ReportInfo, RollingWindow } from '../core/serverApi';

export const REPORT_METADATA_KEY = 'cliqtel.report';
/** Developer metadata values are capped (30,000 characters per spreadsheet); keep stored errors short. */
const MAX_ERROR_CHARS = 400;

/** What a report sheet is and how its last refresh went. */
export interface ReportRecord {
  kind: RegisteredKind;
  from?: string;
  to?: string;
  window?: RollingWindow;
  /** Dialling-code filter of a calls export. */
  country?: string;
  /** 'export' when made by Export calls to a sheet, 'report' by Insert report. */
  via: 'export' | 'report';
  /** ISO time of the last successful refresh, or null. */
  lastRefresh: string | null;
  /** ISO time of the last attempt (successful or not), or null. */
  lastAttempt: string | null;
  /** 'ok' or 'error: <what went wrong>'. */
  status: string;
  /** Data rows on the sheet (header excluded). */
  rows: number;
  error?: string;
  /**
   * A calls log after its last write: its newest call's id, the day its next refresh fetches from and how many rows
   * start on or after it (anything else found means rows were edited by hand: src/gas/callsLog.ts reads every id).
   */
  newestId?: string;
  tailFrom?: string;
  tailRows?: number;
  /** A calls log: what its last successful fill or refresh did (src/gas/callsLog.ts). */
  added?: number;
  updated?: number;
  unchanged?: number;
}

export interface RegisteredReport {
  sheet: GoogleAppsScript.Spreadsheet.Sheet;
  record: ReportRecord;
}

function metadataOf(sheet: GoogleAppsScript.Spreadsheet.Sheet): GoogleAppsScript.Spreadsheet.DeveloperMetadata | null {
  for (const md of sheet.getDeveloperMetadata()) {
    if (md.getKey() === REPORT_METADATA_KEY) return md;
  }
  return null;
}

function parseRecord(text: string | null): ReportRecord | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as ReportRecord;
    return value && typeof value === 'object' && typeof value.kind === 'string' ? value : null;
  } catch {
    return null;
  }
}

export function readReport(sheet: GoogleAppsScript.Spreadsheet.Sheet): ReportRecord | null {
  const md = metadataOf(sheet);
  return md ? parseRecord(md.getValue()) : null;
}

/** Every report sheet of the spreadsheet, in tab order. */
export function listReports(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): RegisteredReport[] {
  const out: RegisteredReport[] = [];
  for (const sheet of ss.getSheets()) {
    const record = readReport(sheet);
    if (record) out.push({ sheet, record });
  }
  return out;
}

/** Creates or replaces the sheet's registry entry. */
export function writeReport(sheet: GoogleAppsScript.Spreadsheet.Sheet, record: ReportRecord): void {
  const stored: ReportRecord = { ...record };
  if (stored.error && stored.error.length > MAX_ERROR_CHARS) stored.error = `${stored.error.slice(0, MAX_ERROR_CHARS - 1)}…`;
  if (stored.status.length > MAX_ERROR_CHARS + 10) stored.status = `${stored.status.slice(0, MAX_ERROR_CHARS + 9)}…`;
  const text = JSON.stringify(stored);
  const md = metadataOf(sheet);
  if (md) md.setValue(text);
  else sheet.addDeveloperMetadata(REPORT_METADATA_KEY, text);
}

/** Records a failed refresh: the sheet's cells are untouched; the status says what went wrong and when. */
export function recordFailure(
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  record: ReportRecord,
  message: string,
  at: Date,
): ReportRecord {
  const updated: ReportRecord = { ...record, lastAttempt: at.toISOString(), status: `error: ${message}`, error: message };
  writeReport(sheet, updated);
  return updated;
}

export function recordSuccess(
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  record: ReportRecord,
  rows: number,
  at: Date,
  log?: LogCounts,
): ReportRecord {
  const updated: ReportRecord = { ...record, lastRefresh: at.toISOString(), lastAttempt: at.toISOString(), status: 'ok', rows };
  delete updated.error;
  if (log) {
    updated.added = log.added;
    updated.updated = log.updated;
    updated.unchanged = log.unchanged;
  }
  writeReport(sheet, updated);
  return updated;
}

/** The public shape cliqtelListReports returns (plus lastAttempt and error, which the sidebar may show). */
export function toReportInfo(
  report: RegisteredReport,
): ReportInfo & { lastAttempt: string | null; error?: string; country?: string } {
  const r = report.record;
  const info: ReportInfo & { lastAttempt: string | null; error?: string; country?: string } = {
    sheetName: report.sheet.getName(),
    kind: r.kind,
    lastRefresh: r.lastRefresh ?? null,
    lastAttempt: r.lastAttempt ?? null,
    status: r.status,
    rows: r.rows,
  };
  if (r.from) info.from = r.from;
  if (r.to) info.to = r.to;
  if (r.window) info.window = r.window;
  if (r.country) info.country = r.country;
  if (r.error) info.error = r.error;
  if (r.kind === 'calls_log' && typeof r.added === 'number') {
    info.added = r.added;
    info.updated = r.updated ?? 0;
    info.unchanged = r.unchanged ?? 0;
  }
  return info;
}
