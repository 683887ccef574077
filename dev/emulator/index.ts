// The Apps Script emulator: runs a bundle (dist/Code.js) in a fresh vm context per invocation over in-memory services.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { startClock } from '../clock';
import { parseA1 } from './a1';
import { QUOTE_PREFIX_READINGS, type QuotePrefixReading } from './coercion';
import { isValidTimeZone, wallTimeOf } from './dates';
import { evaluateFormula as evaluateCellFormula, recalculate } from './formulaEval';
import { Invocation, withNotImplemented } from './invocation';
import { type SheetModel, SpreadsheetModel } from './model';
import { exportError, exportValue, installRealm } from './realm';
import { makeConsole, makeLogger, makeSession, makeUtilities } from './services/misc';
import { makeScriptApp } from './services/script';
import { CONSUMER_DAILY_RECIPIENTS, makeMailApp } from './services/mail';
import { makeCharts } from './services/charts';
import { makeSpreadsheetApp } from './services/spreadsheet';
import {
  ADVANCED_SHEETS_ENV,
  type AdvancedSheetsConfig,
  type AdvancedSheetsSetting,
  advancedSheetsConfig,
  makeAdvancedSheets,
  resolveAdvancedSheetsSetting,
} from './services/advancedSheets';
import {
  EXTERNAL_HOLDER,
  SCRIPT_LOCK_KEY,
  documentLockKey,
  makeCacheService,
  makeLockService,
  makePropertiesService,
  releaseInvocationLocks,
  userLockKey,
} from './services/storage';
import { makeHtmlService } from './services/ui';
import { makeUrlFetchApp } from './services/urlFetch';
import {
  type AuthMode,
  type MailRecord,
  type Mode,
  type PlatformState,
  type Stats,
  type ToastRecord,
  type TriggerRecord,
  type UiRecord,
  emptyStats,
} from './state';
import { SyncHttpClient } from './syncHttp';

export type { AuthMode, MailRecord, Mode, Stats, ToastRecord, TriggerRecord, UiRecord } from './state';
export { CONSUMER_DAILY_RECIPIENTS, WORKSPACE_DAILY_RECIPIENTS } from './services/mail';
export { QUOTE_PREFIX_READINGS, type QuotePrefixReading } from './coercion';
export {
  ADVANCED_SHEETS_ENV,
  ADVANCED_SHEETS_SETTINGS,
  type AdvancedSheetsConfig,
  type AdvancedSheetsSetting,
  resolveAdvancedSheetsSetting,
} from './services/advancedSheets';
export type { CellData, ChartModel, MetadataModel } from './model';
export { SheetModel, SpreadsheetModel } from './model';
export { coerceWrite, parseTyped } from './coercion';
export { storeCoerced } from './services/cells';
export { formatValue } from './numberFormat';
export { columnToLetters, lettersToColumn } from './a1';

export interface EmulatorOptions {
  /** The bundle to run; default 'dist/Code.js' (relative paths resolve against the repository root). */
  codePath?: string;
  /** Source text to run instead of codePath (handy for small tests). */
  code?: string;
  /** Where HtmlService.createHtmlOutputFromFile finds NAME.html; default 'dist'. */
  htmlDir?: string;
  /** The manifest: its urlFetchWhitelist is enforced and its timeZone is the script time zone. Default 'dist/appsscript.json'. */
  manifestPath?: string;
  /** More allowed URL prefixes, e.g. the local sandbox's base URL. */
  extraUrlFetchWhitelist?: string[];
  scriptProperties?: Record<string, string>;
  /** The active spreadsheet's time zone; default 'America/Los_Angeles'. */
  timeZone?: string;
  /** The active spreadsheet's owner; default 'owner@example.com'. The active user defaults to the owner. */
  owner?: string;
  /** Modelled latency (not slept) added to stats.modelledMs and to the execution clock per fetch / fetchAll batch. */
  fetchLatencyMs?: number;
  /**
   * How long UrlFetchApp waits for an answer before it throws `Timeout: URL` (default 60,000 ms, Apps Script's
   * observed limit); tests of timeouts lower it so a hanging request does not take a real minute.
   */
  fetchTimeoutMs?: number;
  /** Modelled latency per Spreadsheet write call. */
  writeLatencyMs?: number;
  /** Default true: Utilities.sleep really blocks. False: it only advances the emulator clock. */
  realSleep?: boolean;
  /**
   * Pins the clock's start (an ISO instant such as `2026-06-15T12:00:00Z`); it then runs on in real time, plus
   * advanceClock and virtual sleeps. Default: the real time. The test harnesses pin it (dev/clock.ts TEST_NOW).
   */
  now?: string;
  /** Default true: the project is an editor add-on (trigger restrictions apply). */
  addon?: boolean;
  /** Override execution limits (ms): custom functions and simple triggers 30 s, everything else 360 s. */
  limits?: { customFunctionMs?: number; simpleTriggerMs?: number; defaultMs?: number };
  /** Echo Logger/console output to stdout (default false: captured in emu.logs only). */
  printLogs?: boolean;
  scriptId?: string;
  /**
   * Which reading of a leading apostrophe written into a plain-text ('@') cell to model (README: "Quote prefix in
   * plain-text cells"). Default: the CLIQTEL_EMULATOR_QUOTE_PREFIX environment variable, else 'dropped'.
   */
  quotePrefixInTextCells?: QuotePrefixReading;
  /** MailApp's recipients per user per day: 100 (consumer account, default) or 1,500 (Google Workspace). */
  mailDailyRecipients?: number;
  /**
   * The Advanced Sheets service (README: "Advanced Sheets service"): 'manifest' — the global exists iff the
   * manifest's dependencies.enabledAdvancedServices lists serviceId "sheets", named by its userSymbol; 'off' — no
   * global even so (a deployment without it); 'apiDisabled' — the global as the manifest says, every call failing as
   * when the Sheets API is not enabled in the Cloud project. Default: CLIQTEL_EMULATOR_ADVANCED_SHEETS, else 'manifest'.
   */
  advancedSheets?: AdvancedSheetsSetting;
}

/** The environment variable that picks the quote-prefix reading for every Emulator not given one explicitly. */
export const QUOTE_PREFIX_ENV = 'CLIQTEL_EMULATOR_QUOTE_PREFIX';

/** The reading an Emulator uses: the option, else the environment variable, else 'dropped'. A bad value throws. */
export function resolveQuotePrefixReading(option: QuotePrefixReading | undefined, env: string | undefined): QuotePrefixReading {
  const chosen = option ?? (env === undefined || env === '' ? 'dropped' : env);
  if (!QUOTE_PREFIX_READINGS.includes(chosen as QuotePrefixReading)) {
    const from = option !== undefined ? 'quotePrefixInTextCells' : QUOTE_PREFIX_ENV;
    throw new Error(`emulator: ${from} must be one of ${QUOTE_PREFIX_READINGS.join(', ')}; got ${JSON.stringify(chosen)}`);
  }
  return chosen as QuotePrefixReading;
}

export interface RunContext {
  mode?: Mode;
  user?: string;
  authMode?: 'NONE' | 'LIMITED' | 'FULL';
  triggerUid?: string;
  /** Run against this spreadsheet instead of the active one (ignored in trigger mode). */
  spreadsheetId?: string;
}

export interface TriggerRunResult {
  handler: string;
  uid: string;
  owner: string;
  result?: unknown;
  error?: Error;
}

/** Spreadsheet.toast's default timeout when timeoutSeconds is omitted or null. */
const DEFAULT_TOAST_SECONDS = 5;

const REPO_ROOT = typeof __dirname === 'string' ? path.resolve(__dirname, '..', '..') : process.cwd();

function resolveFromRoot(p: string): string {
  return path.isAbsolute(p) ? p : path.join(REPO_ROOT, p);
}

const UNIMPLEMENTED_SERVICES = [
  'DriveApp',
  'DocumentApp',
  'GmailApp',
  'CalendarApp',
  'FormApp',
  'SlidesApp',
  'ContentService',
  'XmlService',
  'Jdbc',
  'Maps',
  'LanguageApp',
  'CardService',
  'DataStudioApp',
  'Browser',
  'ContactsApp',
  'GroupsApp',
  'SitesApp',
];

const MIME_TYPES = Object.freeze({
  CSV: 'text/csv',
  HTML: 'text/html',
  JSON: 'application/json',
  PLAIN_TEXT: 'text/plain',
  JAVASCRIPT: 'application/javascript',
  PDF: 'application/pdf',
  PNG: 'image/png',
  JPEG: 'image/jpeg',
  ZIP: 'application/zip',
  GOOGLE_SHEETS: 'application/vnd.google-apps.spreadsheet',
});

export class Emulator {
  private readonly state: PlatformState;
  private readonly script: vm.Script;
  private httpClient: SyncHttpClient | undefined;
  private readonly defaultOwner: string;
  private spreadsheetCounter = 0;

  constructor(options: EmulatorOptions = {}) {
    const codeText = options.code ?? fs.readFileSync(resolveFromRoot(options.codePath ?? 'dist/Code.js'), 'utf8');
    const codeName = options.code !== undefined ? 'Code.js' : path.basename(options.codePath ?? 'dist/Code.js');
    this.script = new vm.Script(codeText, { filename: codeName });
    const manifestFile = resolveFromRoot(options.manifestPath ?? 'dist/appsscript.json');
    const manifest: {
      timeZone?: string;
      urlFetchWhitelist?: string[];
      oauthScopes?: string[];
      dependencies?: Parameters<typeof advancedSheetsConfig>[0]['dependencies'];
    } = fs.existsSync(manifestFile) ? JSON.parse(fs.readFileSync(manifestFile, 'utf8')) : {};
    const whitelist = manifest.urlFetchWhitelist
      ? [...manifest.urlFetchWhitelist, ...(options.extraUrlFetchWhitelist ?? [])]
      : null;
    this.defaultOwner = options.owner ?? 'owner@example.com';
    const clock = startClock(options.now, 'Emulator option "now"');
    const advancedSheetsSetting = resolveAdvancedSheetsSetting(options.advancedSheets, process.env[ADVANCED_SHEETS_ENV]);
    const state: PlatformState = {
      spreadsheets: new Map(),
      activeSpreadsheetId: '',
      scriptProperties: new Map(Object.entries(options.scriptProperties ?? {})),
      userProperties: new Map(),
      documentProperties: new Map(),
      scriptCache: new Map(),
      userCaches: new Map(),
      documentCaches: new Map(),
      locks: new Map(),
      triggers: [],
      stats: emptyStats(),
      logs: [],
      toasts: [],
      mails: [],
      mailDailyRecipients: options.mailDailyRecipients ?? CONSUMER_DAILY_RECIPIENTS,
      mailUsage: new Map(),
      oauthScopes: Array.isArray(manifest.oauthScopes) ? manifest.oauthScopes.map(String) : null,
      ui: { menus: [], sidebars: [], dialogs: [], alerts: [], prompts: [], promptResponses: [], alertResponses: [] },
      clockOffsetMs: 0,
      now: () => clock() + state.clockOffsetMs,
      http: () => {
        this.httpClient ??= new SyncHttpClient();
        return this.httpClient;
      },
      urlFetchWhitelist: whitelist,
      scriptTimeZone: manifest.timeZone && isValidTimeZone(manifest.timeZone) ? manifest.timeZone : 'America/New_York',
      scriptId: options.scriptId ?? 'emulator-script-id',
      isAddon: options.addon ?? true,
      realSleep: options.realSleep ?? true,
      fetchLatencyMs: options.fetchLatencyMs ?? 0,
      fetchTimeoutMs: options.fetchTimeoutMs ?? 60_000,
      writeLatencyMs: options.writeLatencyMs ?? 0,
      limits: {
        customFunctionMs: options.limits?.customFunctionMs ?? 30000,
        simpleTriggerMs: options.limits?.simpleTriggerMs ?? 30000,
        defaultMs: options.limits?.defaultMs ?? 360000,
      },
      htmlDir: resolveFromRoot(options.htmlDir ?? 'dist'),
      printLogs: options.printLogs ?? false,
      quotePrefixInTextCells: resolveQuotePrefixReading(options.quotePrefixInTextCells, process.env[QUOTE_PREFIX_ENV]),
      advancedSheetsSetting,
      advancedSheets: advancedSheetsConfig(manifest, advancedSheetsSetting),
    };
    this.state = state;
    const first = this.createSpreadsheet('Untitled spreadsheet', {
      timeZone: options.timeZone ?? 'America/Los_Angeles',
      owner: this.defaultOwner,
    });
    state.activeSpreadsheetId = first.id;
  }

  // ---- platform state visible to tests ----

  get stats(): Stats {
    return this.state.stats;
  }
  get logs(): string[] {
    return this.state.logs;
  }
  /** Every toast shown, oldest first (history for tests; a UI shows only currentToast()). */
  get toasts(): ToastRecord[] {
    return this.state.toasts;
  }
  /**
   * The toast a spreadsheet's UI shows now: the newest one, unless it expired by the emulator clock or was
   * dismissed (a new toast replaces the one showing, so an older toast never comes back). timeoutSeconds
   * omitted/null → 5 s; negative → until replaced or dismissed. `at` (default: the emulator clock now) lets a test
   * ask about an exact instant, since the clock also runs on in real time.
   */
  currentToast(opts: { spreadsheetId?: string; at?: number } = {}): ToastRecord | null {
    const spreadsheetId = opts.spreadsheetId ?? this.state.activeSpreadsheetId;
    const own = this.state.toasts.filter((t) => t.spreadsheetId === spreadsheetId);
    const newest = own[own.length - 1];
    if (!newest || newest.dismissed) return null;
    const seconds = newest.timeoutSeconds ?? DEFAULT_TOAST_SECONDS;
    if (seconds < 0) return newest;
    return (opts.at ?? this.now()) < newest.shownAt + seconds * 1000 ? newest : null;
  }
  /** The user closes the toast showing (if any). */
  dismissToast(spreadsheetId = this.state.activeSpreadsheetId): void {
    const current = this.currentToast({ spreadsheetId });
    if (current) current.dismissed = true;
  }
  /** The reading of a leading apostrophe in plain-text cells this Emulator models. */
  get quotePrefixInTextCells(): QuotePrefixReading {
    return this.state.quotePrefixInTextCells;
  }
  /** The advancedSheets setting this Emulator runs with ('manifest', 'off' or 'apiDisabled'). */
  get advancedSheetsSetting(): AdvancedSheetsSetting {
    return this.state.advancedSheetsSetting;
  }
  /** The Advanced Sheets global scripts get ({userSymbol, apiEnabled}), or null when there is none. */
  get advancedSheets(): AdvancedSheetsConfig | null {
    return this.state.advancedSheets ? { ...this.state.advancedSheets } : null;
  }
  /** Every e-mail MailApp sent (recorded, never delivered), oldest first. */
  get mails(): MailRecord[] {
    return this.state.mails;
  }
  /** MailApp recipients `user` has left today (the quota's day starts at the user's first send). */
  remainingMailQuota(user = this.defaultOwner): number {
    const u = this.state.mailUsage.get(user);
    if (!u || this.now() >= u.windowStart + 24 * 3600_000) return this.state.mailDailyRecipients;
    return Math.max(0, this.state.mailDailyRecipients - u.used);
  }
  get ui(): UiRecord {
    return this.state.ui;
  }
  get triggers(): TriggerRecord[] {
    return this.state.triggers;
  }
  get activeSpreadsheet(): SpreadsheetModel {
    const ss = this.state.spreadsheets.get(this.state.activeSpreadsheetId);
    if (!ss) throw new Error('emulator: no active spreadsheet');
    return ss;
  }
  get scriptTimeZone(): string {
    return this.state.scriptTimeZone;
  }
  spreadsheet(id: string): SpreadsheetModel {
    const ss = this.state.spreadsheets.get(id);
    if (!ss) throw new Error(`emulator: no spreadsheet ${id}`);
    return ss;
  }
  createSpreadsheet(name: string, opts: { timeZone?: string; owner?: string } = {}): SpreadsheetModel {
    const id = `emu-ss-${++this.spreadsheetCounter}-${Math.random().toString(36).slice(2, 12)}`;
    const ss = new SpreadsheetModel(id, name, opts.timeZone ?? 'America/Los_Angeles', opts.owner ?? this.defaultOwner);
    this.state.spreadsheets.set(id, ss);
    return ss;
  }
  setActiveSpreadsheet(id: string): void {
    this.spreadsheet(id);
    this.state.activeSpreadsheetId = id;
  }
  /** Live property stores (Maps) so tests can seed or inspect them. */
  get scriptProperties(): Map<string, string> {
    return this.state.scriptProperties;
  }
  userProperties(email: string): Map<string, string> {
    let m = this.state.userProperties.get(email);
    if (!m) {
      m = new Map();
      this.state.userProperties.set(email, m);
    }
    return m;
  }
  documentProperties(spreadsheetId = this.state.activeSpreadsheetId): Map<string, string> {
    let m = this.state.documentProperties.get(spreadsheetId);
    if (!m) {
      m = new Map();
      this.state.documentProperties.set(spreadsheetId, m);
    }
    return m;
  }
  /** Drops every cached value (CacheService may evict at any time; this simulates it). */
  clearCaches(): void {
    this.state.scriptCache.clear();
    this.state.userCaches.clear();
    this.state.documentCaches.clear();
  }
  /** Every cache entry (script, user and document caches) as [key, value] pairs, for tests that audit what is cached. */
  cacheContents(): [string, string][] {
    const stores = [this.state.scriptCache, ...this.state.userCaches.values(), ...this.state.documentCaches.values()];
    return stores.flatMap((store) => [...store].map(([key, entry]): [string, string] => [key, entry.value]));
  }
  resetStats(): void {
    Object.assign(this.state.stats, emptyStats());
  }
  /** The emulator clock (ms since epoch): real time plus advanceClock/virtual sleeps. */
  now(): number {
    return this.state.now();
  }
  advanceClock(ms: number): void {
    this.state.clockOffsetMs += ms;
  }

  /** Simulates another execution of `user` holding the user lock (LockService.getUserLock). */
  holdUserLock(user: string): void {
    this.state.locks.set(userLockKey(user), EXTERNAL_HOLDER);
  }
  releaseUserLock(user: string): void {
    if (this.state.locks.get(userLockKey(user)) === EXTERNAL_HOLDER) this.state.locks.delete(userLockKey(user));
  }
  holdScriptLock(): void {
    this.state.locks.set(SCRIPT_LOCK_KEY, EXTERNAL_HOLDER);
  }
  releaseScriptLock(): void {
    if (this.state.locks.get(SCRIPT_LOCK_KEY) === EXTERNAL_HOLDER) this.state.locks.delete(SCRIPT_LOCK_KEY);
  }
  holdDocumentLock(spreadsheetId = this.state.activeSpreadsheetId): void {
    this.state.locks.set(documentLockKey(spreadsheetId), EXTERNAL_HOLDER);
  }
  releaseDocumentLock(spreadsheetId = this.state.activeSpreadsheetId): void {
    if (this.state.locks.get(documentLockKey(spreadsheetId)) === EXTERNAL_HOLDER)
      this.state.locks.delete(documentLockKey(spreadsheetId));
  }

  async close(): Promise<void> {
    const client = this.httpClient;
    this.httpClient = undefined;
    if (client) await client.close();
  }

  // ---- running code ----

  /** Runs a top-level function the way Apps Script does: fresh global scope, the file re-executed, then the call. */
  run(functionName: string, args: unknown[] = [], ctx: RunContext = {}): unknown {
    return this.execute(functionName, args, ctx, null);
  }

  /** Runs a custom function (mode 'custom') as if it sat in the given cell. */
  runCustomFunction(
    name: string,
    args: unknown[] = [],
    opts: { sheetName?: string; cell?: string; user?: string } = {},
  ): unknown {
    const ss = this.activeSpreadsheet;
    const sheet = opts.sheetName ? ss.sheetNamed(opts.sheetName) : ss.activeSheet;
    const ref = parseA1(opts.cell ?? 'A1');
    const cell = { row: ref?.startRow ?? 1, col: ref?.startCol ?? 1 };
    return this.execute(name, args, { mode: 'custom', user: opts.user }, { sheet, cell });
  }

  private execute(
    functionName: string,
    args: unknown[],
    ctx: RunContext,
    formula: { sheet: SheetModel; cell: { row: number; col: number } } | null,
  ): unknown {
    const state = this.state;
    const mode: Mode = ctx.mode ?? 'server';
    let trigger: TriggerRecord | undefined;
    if (ctx.triggerUid) {
      trigger = state.triggers.find((t) => t.uid === ctx.triggerUid);
      if (!trigger) throw new Error(`emulator: no trigger ${ctx.triggerUid}`);
    }
    const spreadsheet = mode === 'trigger' ? null : this.spreadsheet(ctx.spreadsheetId ?? state.activeSpreadsheetId);
    const owner = spreadsheet?.owner ?? this.defaultOwner;
    const authMode: AuthMode = mode === 'custom' ? 'CUSTOM_FUNCTION' : (ctx.authMode ?? (mode === 'simple' ? 'LIMITED' : 'FULL'));
    const acting = ctx.user ?? trigger?.owner ?? owner;
    const effective = mode === 'custom' ? owner : acting;
    const activeEmail = mode === 'custom' ? '' : acting;
    const limitMs =
      mode === 'custom'
        ? state.limits.customFunctionMs
        : mode === 'simple'
          ? state.limits.simpleTriggerMs
          : state.limits.defaultMs;
    if (spreadsheet && mode !== 'custom' && authMode !== 'NONE') spreadsheet.editors.add(acting);

    const context = vm.createContext({});
    const realm = installRealm(context, state.now);
    const inv = new Invocation(state, mode, authMode, effective, activeEmail, acting, spreadsheet, limitMs, realm);
    if (formula) {
      inv.formulaSheet = formula.sheet;
      inv.formulaCell = formula.cell;
    }
    const globals: Record<string, unknown> = {
      SpreadsheetApp: makeSpreadsheetApp(inv),
      Charts: makeCharts(),
      UrlFetchApp: makeUrlFetchApp(inv),
      PropertiesService: makePropertiesService(inv),
      CacheService: makeCacheService(inv),
      LockService: makeLockService(inv),
      ScriptApp: makeScriptApp(inv),
      MailApp: makeMailApp(inv),
      HtmlService: makeHtmlService(inv),
      Utilities: makeUtilities(inv),
      Session: makeSession(inv),
      Logger: makeLogger(inv),
      console: makeConsole(inv),
      MimeType: MIME_TYPES,
    };
    for (const name of UNIMPLEMENTED_SERVICES) globals[name] = withNotImplemented({}, name);
    if (state.advancedSheets) globals[state.advancedSheets.userSymbol] = makeAdvancedSheets(inv, state.advancedSheets);
    Object.assign(context, globals);

    // Apps Script runs V8 with the script's time zone as the local zone of Date.
    const previousTz = process.env.TZ;
    process.env.TZ = state.scriptTimeZone;
    try {
      this.script.runInContext(context, { timeout: limitMs });
      const fn = this.lookupFunction(context, functionName, mode);
      let callArgs = args;
      if (callArgs.length === 0 && (mode === 'simple' || mode === 'trigger'))
        callArgs = [this.eventObject(mode, authMode, trigger, spreadsheet !== null)];
      const callKey = `__emulatorCall_${inv.id.replace(/-/g, '_')}`;
      context[callKey] = { fn, args: realm.importValue(callArgs) };
      try {
        const result = vm.runInContext(`${callKey}.fn.apply(undefined, ${callKey}.args)`, context, {
          timeout: Math.max(1, inv.remainingMs()),
        });
        return exportValue(result);
      } finally {
        delete context[callKey];
      }
    } catch (thrown) {
      if ((thrown as { code?: string })?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
        const e = new Error('Exceeded maximum execution time');
        e.name = 'Exception';
        throw e;
      }
      throw exportError(thrown);
    } finally {
      if (previousTz === undefined) delete process.env.TZ;
      else process.env.TZ = previousTz;
      releaseInvocationLocks(inv);
    }
  }

  private lookupFunction(context: vm.Context, name: string, mode: Mode): (...args: unknown[]) => unknown {
    const notFound = () => {
      const e = new Error(`Script function not found: ${name}`);
      e.name = 'Exception';
      return e;
    };
    // Functions ending in '_' are private: google.script.run, menus and formulas cannot call them.
    if (name.endsWith('_') && mode !== 'trigger') throw notFound();
    let fn = context[name];
    if (typeof fn !== 'function' && mode === 'custom') {
      // Sheets matches custom function names case-insensitively.
      const match = Object.getOwnPropertyNames(context).find(
        (k) => k.toUpperCase() === name.toUpperCase() && typeof context[k] === 'function',
      );
      if (match) fn = context[match];
    }
    if (typeof fn !== 'function') throw notFound();
    return fn as (...args: unknown[]) => unknown;
  }

  private eventObject(
    mode: Mode,
    authMode: AuthMode,
    trigger: TriggerRecord | undefined,
    hasDocument: boolean,
  ): Record<string, unknown> {
    if (mode === 'simple') return hasDocument && authMode !== 'NONE' ? { authMode, user: undefined } : { authMode };
    const w = wallTimeOf(this.now(), 'UTC');
    return {
      authMode,
      triggerUid: trigger?.uid,
      year: w.year,
      month: w.month,
      'day-of-month': w.day,
      'day-of-week': w.weekday === 0 ? 7 : w.weekday,
      hour: w.hour,
      minute: w.minute,
      second: w.second,
      timezone: 'UTC',
    };
  }

  /** Runs every installed clock trigger once, as its owner, with no document context. */
  runTimeDrivenTriggers(): TriggerRunResult[] {
    const clock = this.state.triggers.filter((t) => t.eventType === 'CLOCK');
    return clock.map((t) => {
      try {
        const result = this.run(t.handler, [], { mode: 'trigger', user: t.owner, triggerUid: t.uid });
        return { handler: t.handler, uid: t.uid, owner: t.owner, result };
      } catch (e) {
        return { handler: t.handler, uid: t.uid, owner: t.owner, error: e as Error };
      }
    });
  }

  // ---- formulas (formulaEval.ts) ----

  /**
   * Evaluates the formula in a cell (custom-function calls with literal/reference/range/empty arguments and
   * TODAY/NOW/DATE) in custom mode, spilling an array result into the neighbouring cells.
   */
  evaluateFormula(sheetName: string, a1: string, opts: { user?: string } = {}): void {
    evaluateCellFormula(this, sheetName, a1, opts);
  }

  /** Re-evaluates every formula calling a CLIQTEL_ function in the active spreadsheet; returns how many. */
  recalculateAll(): number {
    return recalculate(this, false);
  }

  /** Re-evaluates only CLIQTEL_ formulas whose text changed since their last evaluation (what Sheets does). */
  recalculateChanged(): number {
    return recalculate(this, true);
  }
}
