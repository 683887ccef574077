// Platform state that outlives invocations (spreadsheets, properties, caches, locks, triggers, logs, counters).
import type { QuotePrefixReading } from './coercion';
import type { SpreadsheetModel } from './model';
import type { AdvancedSheetsConfig, AdvancedSheetsSetting } from './services/advancedSheets';
import type { SyncHttpClient } from './syncHttp';

export type Mode = 'server' | 'menu' | 'custom' | 'trigger' | 'simple';
export type AuthMode = 'NONE' | 'LIMITED' | 'FULL' | 'CUSTOM_FUNCTION';

export interface Stats {
  urlFetches: number;
  fetchAllBatches: number;
  fetchAllRequests: number;
  /** Every request sent, in order, with the emulator clock (ms) when it went out; headers (and so the Authorization header) are never stored. */
  requests: { method: string; url: string; at: number }[];
  writeCalls: number;
  cellsWritten: number;
  readCalls: number;
  cacheHits: number;
  cacheMisses: number;
  /** Modelled latency: fetchLatencyMs per fetch/fetchAll batch plus writeLatencyMs per write call. */
  modelledMs: number;
}

export function emptyStats(): Stats {
  return {
    urlFetches: 0,
    fetchAllBatches: 0,
    fetchAllRequests: 0,
    requests: [],
    writeCalls: 0,
    cellsWritten: 0,
    readCalls: 0,
    cacheHits: 0,
    cacheMisses: 0,
    modelledMs: 0,
  };
}

export interface MenuItem {
  caption: string;
  functionName: string;
  separator?: boolean;
  submenu?: MenuItem[];
}

export interface UiRecord {
  menus: { title: string; addon: boolean; items: MenuItem[] }[];
  sidebars: { title: string; html: string }[];
  dialogs: { title: string; html: string; width?: number; height?: number; modal: boolean }[];
  alerts: string[];
  prompts: string[];
  /** Scripted answers for Ui.prompt, consumed in order: {text, button}. Default: '' and 'OK'. */
  promptResponses: { text: string; button?: string }[];
  /** Scripted answers for Ui.alert with buttons, consumed in order. Default: 'OK' (or 'YES'). */
  alertResponses: string[];
}

export interface TriggerRecord {
  uid: string;
  handler: string;
  eventType: 'CLOCK' | 'ON_OPEN' | 'ON_EDIT' | 'ON_CHANGE' | 'ON_FORM_SUBMIT';
  source: 'CLOCK' | 'SPREADSHEETS';
  /** Spreadsheet id for spreadsheet triggers; null for clock triggers (as Trigger.getTriggerSourceId). */
  sourceId: string | null;
  owner: string;
  /** The document the add-on trigger belongs to (the active spreadsheet when it was created), or null. */
  documentId: string | null;
  schedule: Record<string, unknown>;
  createdAt: number;
}

/** One MailApp.sendEmail call, recorded instead of sent (services/mail.ts). */
export interface MailRecord {
  /** The effective user (the account that sends it). */
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  body: string;
  htmlBody?: string;
  name?: string;
  replyTo?: string;
  noReply?: boolean;
  /** The emulator clock (ms) when it was sent. */
  sentAt: number;
  /** The execution mode that sent it ('trigger' for a clock trigger). */
  mode: Mode;
}

/** One Spreadsheet.toast call, as shown in that spreadsheet's UI. */
export interface ToastRecord {
  message: string;
  title: string;
  /** As passed (null stored as undefined): undefined → 5 s, negative → until replaced or dismissed. */
  timeoutSeconds?: number;
  /** The emulator clock (ms) when the toast was shown. */
  shownAt: number;
  spreadsheetId: string;
  /** Set by Emulator.dismissToast (the user closed it). */
  dismissed?: boolean;
}

export interface CacheEntry {
  value: string;
  expiresAt: number;
}

export interface ResolvedLimits {
  customFunctionMs: number;
  simpleTriggerMs: number;
  defaultMs: number;
}

export interface PlatformState {
  spreadsheets: Map<string, SpreadsheetModel>;
  activeSpreadsheetId: string;
  scriptProperties: Map<string, string>;
  userProperties: Map<string, Map<string, string>>;
  documentProperties: Map<string, Map<string, string>>;
  scriptCache: Map<string, CacheEntry>;
  userCaches: Map<string, Map<string, CacheEntry>>;
  documentCaches: Map<string, Map<string, CacheEntry>>;
  /** lock key → holder (an invocation id, or 'external' for a simulated concurrent execution). */
  locks: Map<string, string>;
  triggers: TriggerRecord[];
  stats: Stats;
  logs: string[];
  toasts: ToastRecord[];
  /** Every e-mail MailApp sent, oldest first. */
  mails: MailRecord[];
  /** Recipients per user per day (MailApp quota) and each user's use of it: the day starts at the first send. */
  mailDailyRecipients: number;
  mailUsage: Map<string, { windowStart: number; used: number }>;
  /** The manifest's oauthScopes, or null when it lists none (then Apps Script infers them: nothing is refused). */
  oauthScopes: string[] | null;
  ui: UiRecord;
  clockOffsetMs: number;
  now(): number;
  http(): SyncHttpClient;
  /** Prefixes from the manifest's urlFetchWhitelist plus extraUrlFetchWhitelist; null = no allowlist. */
  urlFetchWhitelist: string[] | null;
  scriptTimeZone: string;
  scriptId: string;
  isAddon: boolean;
  realSleep: boolean;
  fetchLatencyMs: number;
  fetchTimeoutMs: number;
  writeLatencyMs: number;
  limits: ResolvedLimits;
  htmlDir: string;
  printLogs: boolean;
  quotePrefixInTextCells: QuotePrefixReading;
  /** The advancedSheets setting (option, else CLIQTEL_EMULATOR_ADVANCED_SHEETS, else 'manifest'). */
  advancedSheetsSetting: AdvancedSheetsSetting;
  /** The Advanced Sheets global each invocation gets (name, API enabled), or null for none. */
  advancedSheets: AdvancedSheetsConfig | null;
}
