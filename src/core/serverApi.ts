// The server functions' contract: argument and return shapes shared by src/entry (which implements them) and the
// sidebar (which calls them through google.script.run). Types only. docs/architecture.md#server-functions

import type { Frequency, ReadScope, ReportKind, RollingWindow } from './catalog';

export type { Frequency, ReadScope, ReportKind, RollingWindow };

export interface SaveKeyResult {
  ok: boolean;
  maskedKey?: string;
  scopes?: ReadScope[];
  error?: string;
}
export interface ScheduleInfo {
  frequency: Frequency;
  hour?: number;
  /** ISO time of the last scheduled run, or null. */
  lastRun: string | null;
  /** e.g. "ok", "skipped: another refresh was running", "error: …", "partial: 3 of 5 reports, continues next run". */
  lastRunStatus: string | null;
}
export interface Settings {
  hasKey: boolean;
  maskedKey: string | null;
  scopes: ReadScope[];
  shareWithFormulas: boolean;
  baseUrl: string;
  schedule: ScheduleInfo;
}
export interface NumberOffer {
  number: string;
  country_code: string;
  type: string;
  monthly_price: number;
  [extra: string]: unknown;
}
export interface ReportInfo {
  sheetName: string;
  kind: ReportKind;
  from?: string;
  to?: string;
  window?: RollingWindow;
  lastRefresh: string | null;
  status: string;
  rows: number;
  /** Dialling-code filter of a calls report. */
  country?: string;
  /** ISO time of the last attempt (successful or not) and its error, when it failed. */
  lastAttempt?: string | null;
  error?: string | null;
}
export type Cell = string | number | boolean | null;

/**
 * Property syntax on purpose: parameters of function-typed properties are checked contravariantly, so an entry
 * function that narrows its argument type (or drops a field) no longer satisfies the contract.
 */
export interface ServerFunctions {
  cliqtelShowSidebar: () => void;
  cliqtelSaveApiKey: (arg: { key: string; shareWithFormulas?: boolean }) => SaveKeyResult;
  cliqtelGetSettings: () => Settings;
  cliqtelCheckApiKey: () => SaveKeyResult;
  cliqtelSetShareWithFormulas: (arg: { share: boolean }) => { shareWithFormulas: boolean };
  cliqtelClearApiKey: () => { ok: boolean };
  cliqtelSearchNumbers: (arg: { country: string; type?: string }) => { numbers: NumberOffer[] };
  cliqtelInsertTable: (arg: { title: string; rows: Cell[][] }) => { sheetName: string };
  cliqtelExportCalls: (arg: ExportArgs) => { sheetName: string; rows: number };
  cliqtelInsertReport: (arg: ReportArgs) => { sheetName: string; rows: number };
  cliqtelListReports: () => { reports: ReportInfo[] };
  cliqtelRefreshReports: (arg?: { sheetName?: string }) => RefreshResult;
  cliqtelRefreshFormulas: () => { formulas: number };
  cliqtelSetSchedule: (arg: { frequency: Frequency; hour?: number }) => ScheduleInfo;
}

export interface ExportArgs {
  from?: string;
  to?: string;
  country?: string;
  sheetName?: string;
  window?: RollingWindow;
}
export interface ReportArgs {
  kind: ReportKind;
  from?: string;
  to?: string;
  window?: RollingWindow;
  sheetName?: string;
}
export interface RefreshResult {
  refreshed: number;
  failed: { sheetName: string; error: string }[];
}
