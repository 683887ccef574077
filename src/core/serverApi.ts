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
  cliqtelSmsSenders: () => { numbers: SmsSender[] };
  cliqtelSmsSheets: () => { sheets: SmsSheetInfo[]; activeSheet: string | null };
  cliqtelSmsPreview: (arg: SmsPreviewArgs) => SmsPreview;
  cliqtelSmsSend: (arg: { jobKey: string; confirm: number; maxSeconds?: number }) => SmsProgress;
  cliqtelSmsStatus: (arg: { sheetName: string }) => SmsProgress;
  cliqtelSmsStop: (arg: { sheetName: string }) => SmsProgress;
  cliqtelInsertDashboard: (arg?: { sheetName?: string }) => { sheetName: string };
  cliqtelSetBalanceAlert: (arg: { threshold: number | null }) => BalanceAlertResult;
  cliqtelNumbersPreviewChanges: (arg: { sheetName: string }) => NumbersPreview;
  cliqtelNumbersPushChanges: (arg: { sheetName: string; confirm: number }) => NumbersPushResult;
  cliqtelNumbersSelectRow: (arg: { sheetName: string; row: number }) => { sheetName: string; row: number };
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

/** An edited cell of a numbers report (docs/architecture.md#numbers-push); `row` is the sheet row (header = row 1). */
export interface NumbersChange {
  id: string | number;
  number: string;
  field: 'label' | 'forwarding';
  /** The value fetched at the last refresh; null when only its fingerprint could be kept (very large sheets). */
  before: string | null;
  after: string;
  row: number;
}
export interface NumbersPreview {
  sheetName: string;
  changes: NumbersChange[];
  invalid: { row: number; reason: string; id?: string | number }[];
  /** ISO time of the refresh whose values the sheet is compared with. */
  lastRefresh: string | null;
}
export interface NumbersPushResult {
  sheetName: string;
  /** Changes now in Cliqtel (sent now, or found already there when the number was re-read). */
  applied: number;
  /** Changed in Cliqtel since the last refresh: not written. `current` = Cliqtel's value now. */
  conflicts: (NumbersChange & { current: string })[];
  /** Refused by Cliqtel (422: its message) or of unknown outcome; `retry`: a later push tries it again. */
  failed: (NumbersChange & { error: string; retry: boolean })[];
  /** Changes not attempted because the push stopped early (see `stopped`); a later push sends them. */
  pending: number;
  /** Why the push stopped before the last change (a missing scope, the rate limit, the time limit). */
  stopped?: string;
}

/** SMS from a sheet (docs/architecture.md#sms-from-a-sheet); `row` is the sheet row (header = row 1). */
export interface SmsSender {
  number: string;
  [extra: string]: unknown;
}
export interface SmsPreviewArgs {
  sheetName: string;
  /** Header text of the column holding the recipients (E.164). */
  toColumn: string;
  /** The sender: one of cliqtelSmsSenders(). */
  from: string;
  /** Header text of a column holding each row's message… */
  bodyColumn?: string;
  /** …or a template such as `Hi {{Name}}, see you {{Date}}` (placeholders name headers). */
  template?: string;
}
export interface SmsSample {
  row: number;
  to: string;
  body: string;
  segments: number;
  encoding: 'GSM-7' | 'UCS-2';
}
export interface SmsPreview {
  jobKey: string;
  /** Rows that a send would send: the count cliqtelSmsSend must be given as `confirm`. */
  sendable: number;
  /** Rows whose status is already sent, sending or unknown: never sent again. */
  alreadySent: number;
  skipped: { row: number; reason: string }[];
  samples: SmsSample[];
  /** Segments of all sendable rows together. */
  segments: number;
}
export interface SmsProgress {
  /** null when the sheet has no job. */
  jobKey: string | null;
  total: number;
  sent: number;
  /** Rows finished without a message: `failed: …` and `not sent…`. */
  failed: number;
  unknown: number;
  pending: number;
  /** Nothing more will happen in this job (all rows finished, or the job was stopped). */
  done: boolean;
}
/** A sheet the SMS panel can send from, with its job when it has one (to resume after reopening the sidebar). */
export interface SmsSheetInfo {
  name: string;
  headers: string[];
  /** Data rows (header excluded). */
  rows: number;
  job:
    | (SmsProgress & {
        toColumn: string;
        from: string;
        bodyColumn?: string;
        template?: string;
        /** ISO time the job was stopped, or null. */
        stopped: string | null;
        /** Why the job cannot go on (a missing scope), or null. */
        halted: string | null;
      })
    | null;
}
