// The server functions' contract: argument and return shapes shared by src/entry (which implements them) and the
// sidebar (which calls them through google.script.run). Types only. docs/architecture.md#server-functions

import type { Frequency, ReadScope, RegisteredKind, ReportKind, RollingWindow } from './catalog';

export type { Frequency, ReadScope, RegisteredKind, ReportKind, RollingWindow };

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
  /** The low-balance alert of this spreadsheet for the current user (threshold null: none). */
  balanceAlert: BalanceAlertInfo;
  /** The last scheduled balance check, or null before the first one. */
  balanceCheck: BalanceCheckInfo | null;
}
export interface BalanceAlertInfo {
  /** In the account's currency; null when no alert is set. */
  threshold: number | null;
  /** The last check found the available balance below the threshold (the sidebar shows a banner). */
  below: boolean;
  /** ISO time of the last alert e-mail, or null. */
  lastAlertAt: string | null;
}
export interface BalanceCheckInfo {
  /** ISO time of the check. */
  at: string;
  availableBalance: number | null;
  currency: string | null;
  /** Why the balance could not be read or the e-mail not sent (nothing was sent), else null. */
  error: string | null;
}
export interface BalanceAlertResult extends BalanceAlertInfo {
  /** The schedule after the call (setting an alert with no schedule turns on an hourly one). */
  schedule: ScheduleInfo;
  /** What happened, in one or two sentences (e.g. that an hourly schedule was turned on). */
  message: string;
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
  kind: RegisteredKind;
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
  /** A calls log: what its last fill or refresh did (calls added, updated in place, left as they were). */
  added?: number;
  updated?: number;
  unchanged?: number;
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
  cliqtelInsertDashboard: (arg?: { sheetName?: string }) => { sheetName: string };
  cliqtelSetBalanceAlert: (arg: { threshold: number | null }) => BalanceAlertResult;
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
  /** Each calls log refreshed: what its merge did. */
  logs?: ({ sheetName: string } & LogRefresh)[];
}
/** What a calls log refresh did: calls added, updated in place (re-rated), and left as they were. */
export interface LogRefresh {
  added: number;
  updated: number;
  unchanged: number;
}
