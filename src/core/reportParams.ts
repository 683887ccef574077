// What a report fetches and what its sheet is called: checking the arguments of an export or report, resolving its
// period for today, and the advice when a table would not fit the spreadsheet. Pure: "today" is passed in.
import { parseDiallingCodeArg, parseEnumArg } from './args';
import { isRollingWindow, REPORT_KIND_IDS, REPORT_KINDS, ROLLING_WINDOW_IDS, ROLLING_WINDOWS } from './catalog';
import type { ReportKind, RollingWindow } from './catalog';
import { parseYmd, resolveWindow } from './dates';
import { argumentError } from './errors';

/** What a report fetches; dates are either a rolling window or fixed from/to (dated kinds only). */
export interface ReportParams {
  kind: ReportKind;
  from?: string;
  to?: string;
  window?: RollingWindow;
  /** Dialling-code filter of a calls report. */
  country?: string;
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
export function parseReportParams(a: Record<string, unknown>, forcedKind?: ReportKind): ReportParams {
  const kind = forcedKind ?? parseEnumArg('kind', a.kind, REPORT_KIND_IDS);
  const params: ReportParams = { kind };
  if (present(a.country)) {
    if (kind !== 'calls') throw argumentError('country', 'no country (only call reports can be filtered by country)', a.country);
    params.country = parseDiallingCodeArg(a.country);
  }
  if (!REPORT_KINDS[kind].dated) return params; // undated data (numbers, invoices…) has no period to remember
  if (kind === 'calls_log') {
    // A log keeps every call from a fixed start up to today: no end date, no rolling window.
    if (present(a.window))
      throw argumentError('window', 'no window (a calls log runs from its start date up to today)', a.window);
    if (present(a.to)) throw argumentError('to', 'no end date (a calls log runs from its start date up to today)', a.to);
    if (!present(a.from)) throw argumentError('from', 'the date the calls log starts (YYYY-MM-DD)', a.from);
    params.from = parseFixedDate('from', a.from);
    return params;
  }
  const hasWindow = present(a.window);
  const hasFrom = present(a.from);
  const hasTo = present(a.to);
  if (hasWindow && (hasFrom || hasTo)) {
    throw argumentError('window', 'either a rolling window or fixed from/to dates, not both', a.window);
  }
  if (hasWindow) {
    if (!isRollingWindow(a.window)) throw argumentError('window', `one of ${ROLLING_WINDOW_IDS.join(', ')}`, a.window);
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

/** The dates a report covers on `todayYmd`: a rolling window is re-evaluated, fixed dates stay. */
export function reportDates(params: ReportParams, todayYmd: string): { from?: string; to?: string } {
  if (!REPORT_KINDS[params.kind].dated) return {};
  if (params.kind === 'calls_log') return { from: params.from, to: todayYmd };
  if (params.window) return resolveWindow(params.window, todayYmd);
  return { from: params.from, to: params.to };
}

export function defaultSheetName(params: ReportParams): string {
  const title = REPORT_KINDS[params.kind].title;
  const country = params.country ? ` +${params.country}` : '';
  if (params.kind === 'calls_log' && params.from) return `${title} from ${params.from}`;
  if (params.window) return `${title}${country} (${ROLLING_WINDOWS[params.window].label.toLowerCase()})`;
  if (params.from && params.to) return `${title}${country} ${params.from} – ${params.to}`;
  return title;
}

/** The parameters a registered report was made with; a dated report without a period means this month. */
export function paramsOfRecord(record: ReportParams): ReportParams {
  const params: ReportParams = { kind: record.kind };
  if (record.window) params.window = record.window;
  if (record.from) params.from = record.from;
  if (record.to) params.to = record.to;
  if (record.country) params.country = record.country;
  if (record.kind === 'calls_log') return params; // from only: it runs up to today
  if (REPORT_KINDS[record.kind].dated && !params.window && !(params.from && params.to)) params.window = 'this_month';
  return params;
}

function daysBetween(from: string, to: string): number {
  const a = parseYmd(from);
  const b = parseYmd(to);
  if (!a || !b) return 1;
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000) + 1;
}

/**
 * How to make a table fit when it would pass the spreadsheet's cell limit: for a calls export, how many days fit
 * (`maxDataRows` is the number of data rows the spreadsheet still has room for).
 */
export function splitAdvice(params: ReportParams, todayYmd: string, rows: number, maxDataRows: number): string {
  const dates = reportDates(params, todayYmd);
  if (params.kind === 'calls' && dates.from && dates.to && rows > 0) {
    const days = daysBetween(dates.from, dates.to);
    const fit = Math.max(1, Math.floor((days * maxDataRows) / rows));
    return (
      `Export at most ${fit} day${fit === 1 ? '' : 's'} at a time (this period has ${days}), ` +
      'or delete sheets you no longer need, or use a new spreadsheet.'
    );
  }
  if (params.kind === 'calls_log') {
    return 'Start a new calls log from a later date in a new spreadsheet (keep this one as an archive), or delete sheets you no longer need.';
  }
  return 'Delete sheets you no longer need, or put this report in a new spreadsheet.';
}
