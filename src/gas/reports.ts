// Report sheets: validating what to fetch, fetching and shaping it completely (CSV export or JSON dataset), and only
// then writing and registering it — so a failed refresh leaves the sheet exactly as it was.
import { parseDiallingCodeArg, parseEnumArg } from '../core/args';
import type { CliqtelClient } from '../core/client';
import { DATASETS, type DatasetId, fetchTable } from '../core/datasets';
import { isRollingWindow, parseYmd, ROLLING_WINDOWS, resolveWindow } from '../core/dates';
import { argumentError, badResponseError, errorMessage } from '../core/errors';
import type { ReportKind, RollingWindow } from '../core/serverApi';
import { humanizeField, isPlainDecimal, normalizeFieldName, parseApiTimestamp } from '../core/shape';
import { makeClient, SERVER_BUDGET_MS } from './client';
import { todayIn, ymdToDate } from './config';
import { type RegisteredReport, type ReportRecord, readReport, recordFailure, recordSuccess } from './registry';
import {
  assertFitsCellLimit,
  DATE_FORMAT,
  DATE_TIME_FORMAT,
  findSheet,
  inferFormats,
  isIdName,
  numberFormatFor,
  type SheetCell,
  type SheetTable,
  TEXT_FORMAT,
  uniqueSheetName,
  writeTable,
} from './sheetWriter';

export const REPORT_KINDS: readonly ReportKind[] = [
  'summary',
  'calls',
  'by_did',
  'by_destination',
  'by_trunk',
  'daily',
  'comparison',
  'numbers',
  'invoices',
  'credit_notes',
  'orders',
  'transactions',
  'sms',
];

export const EXPORT_PATH = '/v1/portal/usage/export';

const KIND_TITLES: Record<ReportKind, string> = {
  summary: 'Usage summary',
  calls: 'Calls',
  by_did: 'Usage by number',
  by_destination: 'Usage by destination',
  by_trunk: 'Usage by trunk',
  daily: 'Daily usage',
  comparison: 'Month comparison',
  numbers: 'Numbers',
  invoices: 'Invoices',
  credit_notes: 'Credit notes',
  orders: 'Orders',
  transactions: 'Wallet transactions',
  sms: 'SMS',
};

const WINDOW_TITLES: Record<RollingWindow, string> = {
  this_month: 'this month',
  last_month: 'last month',
  last_7_days: 'last 7 days',
  last_30_days: 'last 30 days',
};

/** What a report fetches; dates are either a rolling window or fixed from/to (dated kinds only). */
export interface ReportParams {
  kind: ReportKind;
  from?: string;
  to?: string;
  window?: RollingWindow;
  country?: string;
}

/** Where the code runs: a menu/sidebar call shows toasts, a clock trigger does not (it has no UI). */
export interface RunContext {
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet;
  client: CliqtelClient;
  interactive: boolean;
}

/** An execution may run 6 minutes; stop starting new work after this, so the last write still fits. */
export const RUN_LIMIT_MS = 5 * 60_000;
/** Time kept back from a fetch's budget for writing its rows into the sheet. */
const WRITE_MARGIN_MS = 45_000;
/** Below this much time left, a report is not started (it is left for the next run). */
const MIN_REPORT_TIME_MS = 75_000;

export function isDatedKind(kind: ReportKind): boolean {
  return kind === 'calls' || DATASETS[kind as DatasetId].dated;
}

function present(value: unknown): boolean {
  return !(value === undefined || value === null || (typeof value === 'string' && value.trim() === ''));
}

function parseFixedDate(name: 'from' | 'to', value: unknown): string {
  const expected = 'a date written YYYY-MM-DD, e.g. 2026-06-01';
  if (typeof value !== 'string' || !parseYmd(value.trim())) throw argumentError(name, expected, value);
  return value.trim();
}

/**
 * Checks the arguments of an export or report before anything is fetched: a known kind, either a rolling window or
 * both from and to (from ≤ to), and a dialling code for the calls filter. No dates at all means this month, rolling.
 */
export function parseReportParams(arg: Record<string, unknown> | undefined, forcedKind?: ReportKind): ReportParams {
  const a = arg && typeof arg === 'object' ? arg : {};
  const kind = forcedKind ?? parseEnumArg('kind', a.kind, REPORT_KINDS);
  const params: ReportParams = { kind };
  if (present(a.country)) {
    if (kind !== 'calls') throw argumentError('country', 'no country (only call reports can be filtered by country)', a.country);
    params.country = parseDiallingCodeArg(a.country);
  }
  if (!isDatedKind(kind)) return params; // undated data (numbers, invoices…) has no period to remember
  const hasWindow = present(a.window);
  const hasFrom = present(a.from);
  const hasTo = present(a.to);
  if (hasWindow && (hasFrom || hasTo)) {
    throw argumentError('window', 'either a rolling window or fixed from/to dates, not both', a.window);
  }
  if (hasWindow) {
    if (!isRollingWindow(a.window)) throw argumentError('window', `one of ${ROLLING_WINDOWS.join(', ')}`, a.window);
    params.window = a.window;
    return params;
  }
  if (!hasFrom && !hasTo) {
    params.window = 'this_month';
    return params;
  }
  if (!hasFrom) throw argumentError('from', 'a start date (YYYY-MM-DD) to go with "to"', a.from);
  if (!hasTo) throw argumentError('to', 'an end date (YYYY-MM-DD) to go with "from"', a.to);
  const from = parseFixedDate('from', a.from);
  const to = parseFixedDate('to', a.to);
  if (from > to) throw argumentError('from', `a date on or before "to" (${to})`, from);
  params.from = from;
  params.to = to;
  return params;
}

/** The dates a report covers now: a rolling window is re-evaluated with today in the spreadsheet's time zone. */
export function reportDates(params: ReportParams, timeZone: string): { from?: string; to?: string } {
  if (!isDatedKind(params.kind)) return {};
  if (params.window) return resolveWindow(params.window, todayIn(timeZone));
  return { from: params.from, to: params.to };
}

export function defaultSheetName(params: ReportParams): string {
  const title = KIND_TITLES[params.kind];
  const country = params.country ? ` +${params.country}` : '';
  if (params.window) return `${title}${country} (${WINDOW_TITLES[params.window]})`;
  if (params.from && params.to) return `${title}${country} ${params.from} – ${params.to}`;
  return title;
}

function daysBetween(from: string, to: string): number {
  const a = parseYmd(from);
  const b = parseYmd(to);
  if (!a || !b) return 1;
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000) + 1;
}

// ---------------------------------------------------------------------------------------------------------------
// CSV export → typed table

/** Column names that always hold identifiers, phone numbers or codes: kept as text even when they look numeric. */
const TEXT_NAME =
  /(number|phone|destination|caller|callee|msisdn|cli$|^ani$|dnis|^from$|^to$|trunk|country|currency|status|reference|uuid|disposition|direction|type$)/;

function isTextColumnName(name: string): boolean {
  const n = normalizeFieldName(name);
  return (n !== 'id' && isIdName(name)) || TEXT_NAME.test(n);
}

/**
 * Parses the export with Utilities.parseCsv and types it by its own header (the CSV columns are undocumented):
 * identifier/phone columns stay text, timestamp columns become Dates, numeric columns numbers — a column only when
 * every value qualifies, so nothing is ever lost. A body that is HTML or cut off is refused before any write.
 */
export function csvToTable(body: string, timeZone: string, context: { path: string; status: number }): SheetTable {
  const text = body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
  if (text.trim() === '') throw badResponseError(context.status, body, context, 'an empty CSV export');
  if (/^\s*</.test(text)) throw badResponseError(context.status, body, context, 'a web page instead of the CSV export');
  // RFC 4180 writers (Laravel's fputcsv, csv-stringify) end every line with a line break; some writers omit the last
  // one. So a missing final break alone is not proof of a cut download: see lastLineLooksCut below.
  const endsWithBreak = /[\r\n]$/.test(text);
  let parsed: string[][];
  try {
    parsed = Utilities.parseCsv(text);
  } catch (e) {
    throw badResponseError(
      context.status,
      body.slice(0, 80),
      context,
      `a CSV export that cannot be read (${e instanceof Error ? e.message : e})`,
    );
  }
  while (parsed.length > 0 && parsed[parsed.length - 1].length === 1 && parsed[parsed.length - 1][0] === '') parsed.pop();
  if (parsed.length === 0) throw badResponseError(context.status, body, context, 'an empty CSV export');
  const header = parsed[0];
  const width = header.length;
  for (let r = 1; r < parsed.length; r++) {
    if (parsed[r].length !== width) {
      throw badResponseError(
        context.status,
        parsed[r].join(',').slice(0, 80),
        context,
        `a CSV export whose line ${r + 1} has ${parsed[r].length} fields instead of ${width} (cut off or damaged)`,
      );
    }
  }
  if (!endsWithBreak && lastLineLooksCut(parsed)) {
    throw badResponseError(
      context.status,
      body.slice(-80),
      context,
      'a CSV export that is cut off (it ends in the middle of a line)',
    );
  }
  const raw = parsed.slice(1);
  return typeCsvColumns(header, raw, timeZone);
}

/**
 * For a CSV without a final line break: the last line was cut when its last field is shorter than every other value
 * of that column (a cut "posted" reads "pos", a cut "2026-06-01T09:14:22+00:00" loses its zone). With no other rows
 * to compare, there is no evidence either way, and the line is kept.
 */
function lastLineLooksCut(parsed: string[][]): boolean {
  const last = parsed[parsed.length - 1];
  const c = last.length - 1;
  let shortest = Number.POSITIVE_INFINITY;
  for (let r = 1; r < parsed.length - 1; r++) {
    const v = parsed[r][c];
    if (v !== '' && v.length < shortest) shortest = v.length;
  }
  return last[c] !== '' && last[c].length < shortest;
}

function uniformValue(raw: string[][], c: number): string | undefined {
  let found: string | undefined;
  for (const row of raw) {
    const v = row[c];
    if (v === '') continue;
    if (found === undefined) found = v;
    else if (v !== found) return undefined;
  }
  return found;
}

/** Low-cardinality text columns (currency, status, trunk…) share one string per distinct value instead of one per row. */
function internColumn(raw: string[][], c: number): void {
  const seen = new Map<string, string>();
  for (let r = 0; r < raw.length; r++) {
    const v = raw[r][c];
    const canonical = seen.get(v);
    if (canonical !== undefined) raw[r][c] = canonical;
    else {
      if (seen.size >= 1000) return; // mostly distinct values (ids, phone numbers): nothing to share
      seen.set(v, v);
    }
  }
}

function typeCsvColumns(header: string[], raw: string[][], timeZone: string): SheetTable {
  const width = header.length;
  const currencyColumn = header.findIndex((h) => normalizeFieldName(h) === 'currency');
  const currency = currencyColumn >= 0 ? uniformValue(raw, currencyColumn) : undefined;
  const rows: SheetCell[][] = raw as SheetCell[][]; // converted in place: the strings are not needed afterwards
  const formats: string[] = new Array(width);
  for (let c = 0; c < width; c++) {
    formats[c] = TEXT_FORMAT;
    if (isTextColumnName(header[c])) {
      internColumn(raw, c);
      continue;
    }
    // The first value proposes a type; every other value must agree, or the column stays text. Values are converted
    // while checking (each parsed once) and only stored when the whole column agreed.
    let type: 'number' | 'timestamp' | 'date' | null = null;
    let filled = 0;
    let integers = 0;
    let agreed = true;
    const converted: SheetCell[] = new Array(raw.length);
    for (let r = 0; r < raw.length; r++) {
      const v = raw[r][c];
      if (v === '') {
        converted[r] = '';
        continue;
      }
      filled++;
      let t: 'number' | 'timestamp' | 'date' | null = null;
      if (isPlainDecimal(v)) {
        t = 'number';
        converted[r] = Number(v);
        if (!v.includes('.')) integers++;
      } else {
        const d = parseApiTimestamp(v);
        if (d) {
          t = 'timestamp';
          converted[r] = d;
        } else if (v.length === 10 && parseYmd(v)) t = 'date';
      }
      if (t === null || (type !== null && t !== type)) {
        agreed = false;
        break;
      }
      type = t;
    }
    if (!agreed) continue;
    if (filled === 0) continue;
    if (type === 'number') {
      for (let r = 0; r < rows.length; r++) rows[r][c] = converted[r];
      formats[c] = numberFormatFor(header[c], integers === filled, currency);
    } else if (type === 'timestamp') {
      for (let r = 0; r < rows.length; r++) rows[r][c] = converted[r];
      formats[c] = DATE_TIME_FORMAT;
    } else if (type === 'date') {
      for (const row of rows) if (row[c] !== '') row[c] = ymdToDate(row[c] as string, timeZone);
      formats[c] = DATE_FORMAT;
    }
  }
  return { header: header.map((h) => humanizeField(h)), rows, formats };
}

// ---------------------------------------------------------------------------------------------------------------
// Fetching

/** Fetches and shapes a report completely; throws (a CliqtelError) without having touched any sheet. */
export function fetchReportTable(client: CliqtelClient, params: ReportParams, timeZone: string): SheetTable {
  const dates = reportDates(params, timeZone);
  if (params.kind === 'calls') {
    // One request for the whole window: the export is the API's bulk path (no paging through /usage/calls).
    const body = client.getText(EXPORT_PATH, { format: 'csv', from: dates.from, to: dates.to, country: params.country });
    return csvToTable(body, timeZone, { path: EXPORT_PATH, status: 200 });
  }
  const table = fetchTable(
    client,
    params.kind as DatasetId,
    { from: dates.from, to: dates.to },
    {
      parseDateOnly: (ymd) => ymdToDate(ymd, timeZone),
    },
  ) as unknown as SheetCell[][];
  const header = (table[0] ?? []).map((h) => String(h));
  const rows = table.slice(1);
  if (header.length === 0) return { header: ['No data'], rows: [], formats: [TEXT_FORMAT] };
  return { header, rows, formats: inferFormats(header, rows, timeZone) };
}

function splitHint(params: ReportParams, timeZone: string, rows: number): (maxDataRows: number) => string {
  return (maxDataRows) => {
    const dates = reportDates(params, timeZone);
    if (params.kind === 'calls' && dates.from && dates.to && rows > 0) {
      const days = daysBetween(dates.from, dates.to);
      const fit = Math.max(1, Math.floor((days * maxDataRows) / rows));
      return (
        `Export at most ${fit} day${fit === 1 ? '' : 's'} at a time (this period has ${days}), ` +
        'or delete sheets you no longer need, or use a new spreadsheet.'
      );
    }
    return 'Delete sheets you no longer need, or put this report in a new spreadsheet.';
  };
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

/** A daily report gets one native line chart (minutes and cost per day); refreshes keep that chart. */
export function ensureDailyChart(sheet: GoogleAppsScript.Spreadsheet.Sheet, table: SheetTable): void {
  if (sheet.getCharts().length > 0) return;
  const names = table.header.map(normalizeFieldName);
  const x = names.findIndex((n) => n === 'date' || n === 'day' || n.includes('date'));
  const minutes = names.findIndex((n) => n.includes('minute'));
  const cost = names.findIndex((n) => n.includes('cost') || n.includes('charge') || n.includes('amount'));
  if (x < 0 || (minutes < 0 && cost < 0)) return;
  const height = sheet.getMaxRows(); // whole columns, so later refreshes with more days stay covered
  let builder = sheet
    .newChart()
    .setChartType(Charts.ChartType.LINE)
    .addRange(sheet.getRange(1, x + 1, height, 1));
  const series = [minutes, cost].filter((c) => c >= 0);
  for (const c of series) builder = builder.addRange(sheet.getRange(1, c + 1, height, 1));
  builder = builder
    .setNumHeaders(1)
    .setPosition(2, table.header.length + 2, 0, 0)
    .setOption('title', 'Minutes and cost per day')
    .setOption('legend', { position: 'bottom' });
  if (series.length === 2) {
    // Minutes and money differ by orders of magnitude: cost gets its own axis.
    builder = builder
      .setOption('series', { 0: { targetAxisIndex: 0 }, 1: { targetAxisIndex: 1 } })
      .setOption('vAxes', { 0: { title: 'Minutes' }, 1: { title: 'Cost' } });
  }
  sheet.insertChart(builder.build());
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
  const dates = reportDates(params, timeZone);
  const period = dates.from ? ` ${dates.from} – ${dates.to}` : '';
  toast(ctx, `Fetching ${KIND_TITLES[params.kind].toLowerCase()}${period} from Cliqtel…`, 60);
  let table: SheetTable;
  try {
    table = fetchReportTable(ctx.client, params, timeZone);
    assertFitsCellLimit(ss, target, table, splitHint(params, timeZone, table.rows.length));
  } catch (e) {
    toast(ctx, errorMessage(e), 30);
    throw e;
  }

  const isNew = target === null;
  const sheet = target ?? ss.insertSheet(name);
  try {
    writeTable(sheet, table, { progress: progressToast(ctx) }, isNew);
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
  recordSuccess(sheet, record, table.rows.length, now);
  if (params.kind === 'daily') ensureDailyChart(sheet, table);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  toast(ctx, `Wrote ${formatCount(table.rows.length)} rows to "${sheet.getName()}" in ${seconds} s.`, 10);
  return { sheetName: sheet.getName(), rows: table.rows.length };
}

export function paramsOf(record: ReportRecord): ReportParams {
  const params: ReportParams = { kind: record.kind };
  if (record.window) params.window = record.window;
  if (record.from) params.from = record.from;
  if (record.to) params.to = record.to;
  if (record.country) params.country = record.country;
  if (isDatedKind(record.kind) && !params.window && !(params.from && params.to)) params.window = 'this_month';
  return params;
}

/**
 * Refreshes one registered report. Everything is fetched, validated and shaped before the sheet is cleared; on any
 * failure the sheet's cells stay exactly as they were and the registry records the error and its time.
 * Returns null on success, else the error message.
 */
export function refreshReport(ctx: RunContext, report: RegisteredReport): string | null {
  const { ss } = ctx;
  const { sheet, record } = report;
  const timeZone = ss.getSpreadsheetTimeZone();
  const name = sheet.getName();
  let table: SheetTable;
  try {
    if (!REPORT_KINDS.includes(record.kind)) throw new Error(`unknown report kind "${record.kind}"; insert the report again`);
    toast(ctx, `Refreshing "${name}": fetching from Cliqtel…`, 60);
    const params = paramsOf(record);
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
  return null;
}

export interface RefreshOutcome {
  refreshed: number;
  failed: { sheetName: string; error: string }[];
  /** Reports not started because the execution's time was running out. */
  notReached: RegisteredReport[];
}

/**
 * Refreshes reports one after another with the acting user's key, each fetch bounded by the time left in this
 * execution (counted from `startedAt`); reports that no longer fit are returned in `notReached`, untouched.
 */
export function refreshMany(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  apiKey: string,
  interactive: boolean,
  reports: RegisteredReport[],
  startedAt: number,
): RefreshOutcome {
  const outcome: RefreshOutcome = { refreshed: 0, failed: [], notReached: [] };
  for (let i = 0; i < reports.length; i++) {
    const left = RUN_LIMIT_MS - (Date.now() - startedAt);
    if (left < MIN_REPORT_TIME_MS) {
      outcome.notReached = reports.slice(i);
      break;
    }
    const client = makeClient(apiKey, Math.min(SERVER_BUDGET_MS, left - WRITE_MARGIN_MS));
    const error = refreshReport({ ss, client, interactive }, reports[i]);
    if (error === null) outcome.refreshed++;
    else outcome.failed.push({ sheetName: reports[i].sheet.getName(), error });
  }
  return outcome;
}
