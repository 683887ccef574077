// The dashboard's figures, pure: which periods it asks Cliqtel for, and the KPIs, daily trend and top-10s computed
// from the answers (checked before anything is written). docs/architecture.md#dashboard
import { addDays, type DateRange, resolveWindow } from './dates';
import { badResponseError } from './errors';
import { findRows, normalizeFieldName } from './shape';

/** How many destinations and numbers the top tables show. */
export const TOP_COUNT = 10;
/** Days in the trend chart and its table (today included). */
export const TREND_DAYS = 30;

export const DASHBOARD_PATHS = {
  summary: '/v1/portal/usage/summary',
  balance: '/v1/wallet/balance',
  chart: '/v1/portal/usage/chart',
  byDestination: '/v1/portal/usage/by-destination',
  byDid: '/v1/portal/usage/by-did',
} as const;

export interface DashboardPeriods {
  /** The 1st of this month to today. */
  thisMonth: DateRange;
  /** The whole of last month. */
  lastMonth: DateRange;
  /** The last 30 days, today included: the trend chart and the top-10 tables. */
  trend: DateRange;
}

/** The periods the dashboard asks for on `today` (YYYY-MM-DD in the spreadsheet's time zone). */
export function dashboardPeriods(today: string): DashboardPeriods {
  return {
    thisMonth: resolveWindow('this_month', today),
    lastMonth: resolveWindow('last_month', today),
    trend: { from: addDays(today, -(TREND_DAYS - 1)), to: today },
  };
}

/** The raw answers, one per request (bodies as parsed JSON). */
export interface DashboardAnswers {
  thisMonth: unknown;
  lastMonth: unknown;
  /** `/v1/wallet/balance`, or null when the key may not read it (no billing:read). */
  balance: unknown | null;
  chart: unknown;
  byDestination: unknown;
  byDid: unknown;
}

export interface Kpi {
  label: 'Minutes' | 'Charges' | 'Calls';
  thisMonth: number;
  lastMonth: number;
  change: number;
  /** Change as a fraction of last month (0.125 = +12.5 %); null when last month was 0. */
  changeRatio: number | null;
}

export interface DayUsage {
  date: string;
  minutes: number;
  cost: number;
  calls: number;
}

export interface TopEntry {
  /** Destination country name, or the number (E.164, kept exactly). */
  name: string;
  /** Dialling code of a destination, label of a number. */
  detail: string;
  calls: number;
  minutes: number;
  cost: number;
}

export interface DashboardData {
  periods: DashboardPeriods;
  currency: string | null;
  walletBalance: number;
  availableBalance: number;
  kpis: Kpi[];
  days: DayUsage[];
  topDestinations: TopEntry[];
  topNumbers: TopEntry[];
}

type Row = Record<string, unknown>;

function bad(path: string, problem: string): never {
  throw badResponseError(200, '', { path }, problem);
}

/** A field by its normalised name (`available_balance` ~ `availableBalance`), as a finite number. */
function numberField(row: Row, names: string[]): number | undefined {
  const wanted = names.map(normalizeFieldName);
  for (const key of Object.keys(row)) {
    if (!wanted.includes(normalizeFieldName(key))) continue;
    const raw = row[key];
    const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof n === 'number' && Number.isFinite(n)) return n;
  }
  return undefined;
}

function textField(row: Row, names: string[]): string | undefined {
  const wanted = names.map(normalizeFieldName);
  for (const name of wanted) {
    for (const key of Object.keys(row)) {
      if (normalizeFieldName(key) !== name) continue;
      const v = row[key];
      if (typeof v === 'string' && v !== '') return v;
      if (typeof v === 'number') return String(v);
    }
  }
  return undefined;
}

function requireNumber(row: Row, names: string[], path: string): number {
  const n = numberField(row, names);
  if (n === undefined) bad(path, `an answer without ${names[0]}`);
  return n;
}

function objectBody(body: unknown, path: string): Row {
  if (!body || typeof body !== 'object' || Array.isArray(body)) bad(path, 'an answer that is not one JSON object');
  return body as Row;
}

function listBody(body: unknown, path: string): Row[] {
  const rows = findRows(body);
  if (!rows) bad(path, 'an answer without a list of rows');
  return rows;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function kpi(label: Kpi['label'], thisMonth: number, lastMonth: number): Kpi {
  const change = round2(thisMonth - lastMonth);
  return { label, thisMonth, lastMonth, change, changeRatio: lastMonth === 0 ? null : (thisMonth - lastMonth) / lastMonth };
}

const COST_FIELDS = ['cost', 'charges', 'charge', 'amount'];

function topEntries(rows: Row[], path: string, nameFields: string[], detailFields: string[]): TopEntry[] {
  const entries = rows.map((row) => {
    const cost = numberField(row, COST_FIELDS);
    if (cost === undefined) bad(path, 'a row without a cost');
    return {
      name: textField(row, nameFields) ?? '',
      detail: textField(row, detailFields) ?? '',
      calls: numberField(row, ['calls', 'total_calls']) ?? 0,
      minutes: numberField(row, ['minutes']) ?? 0,
      cost,
    };
  });
  // By cost, highest first (the server's order is not documented); ties by name so the order is stable.
  entries.sort((a, b) => b.cost - a.cost || a.name.localeCompare(b.name));
  return entries.slice(0, TOP_COUNT);
}

/** One entry per day of the trend period, in order; a day the answer leaves out counts as no usage. */
function trendDays(rows: Row[], trend: DateRange, path: string): DayUsage[] {
  const byDate = new Map<string, DayUsage>();
  for (const row of rows) {
    const date = textField(row, ['date', 'day']);
    if (!date || !/^\d{4}-\d{2}-\d{2}/.test(date)) bad(path, 'a day without a YYYY-MM-DD date');
    byDate.set(date.slice(0, 10), {
      date: date.slice(0, 10),
      minutes: numberField(row, ['minutes']) ?? 0,
      cost: numberField(row, COST_FIELDS) ?? 0,
      calls: numberField(row, ['calls']) ?? 0,
    });
  }
  const days: DayUsage[] = [];
  for (let date = trend.from; date <= trend.to; date = addDays(date, 1)) {
    days.push(byDate.get(date) ?? { date, minutes: 0, cost: 0, calls: 0 });
  }
  return days;
}

/**
 * Checks and computes everything the dashboard shows from Cliqtel's answers. Throws a CliqtelError (bad_response)
 * on an answer without the figures it needs — before anything is written.
 */
export function buildDashboard(today: string, answers: DashboardAnswers, fallbackCurrency?: string): DashboardData {
  const periods = dashboardPeriods(today);
  const path = DASHBOARD_PATHS.summary;
  const now = objectBody(answers.thisMonth, path);
  const last = objectBody(answers.lastMonth, path);
  const balance = answers.balance === null ? null : objectBody(answers.balance, DASHBOARD_PATHS.balance);
  const walletBalance = numberField(now, ['wallet_balance']) ?? (balance ? numberField(balance, ['balance']) : undefined);
  if (walletBalance === undefined) bad(path, 'an answer without wallet_balance');
  const currencyText = balance ? textField(balance, ['currency']) : undefined;
  const currency = currencyText && /^[A-Za-z]{3}$/.test(currencyText) ? currencyText.toUpperCase() : (fallbackCurrency ?? null);
  return {
    periods,
    currency,
    walletBalance,
    availableBalance: requireNumber(now, ['available_balance'], path),
    kpis: [
      kpi('Minutes', requireNumber(now, ['minutes_this_month'], path), requireNumber(last, ['minutes_this_month'], path)),
      kpi('Charges', requireNumber(now, ['charges_this_month'], path), requireNumber(last, ['charges_this_month'], path)),
      kpi('Calls', requireNumber(now, ['total_calls'], path), requireNumber(last, ['total_calls'], path)),
    ],
    days: trendDays(listBody(answers.chart, DASHBOARD_PATHS.chart), periods.trend, DASHBOARD_PATHS.chart),
    topDestinations: topEntries(
      listBody(answers.byDestination, DASHBOARD_PATHS.byDestination),
      DASHBOARD_PATHS.byDestination,
      ['country_name', 'country', 'destination', 'name', 'country_code'],
      ['dialling_code', 'country_code'],
    ),
    topNumbers: topEntries(
      listBody(answers.byDid, DASHBOARD_PATHS.byDid),
      DASHBOARD_PATHS.byDid,
      ['did', 'number', 'caller_id'],
      ['label'],
    ),
  };
}
