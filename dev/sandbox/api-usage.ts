// Sandbox routes for usage (usage:read): summary, CDRs, breakdowns, comparison and the export, all computed from the CDRs.

import { addDays, endOfMonth, isoDay, parseIsoDay, startOfMonth } from './dates';
import { buildPdf, CALL_EXPORT_COLUMNS, sendCallsCsv, sendPdf } from './files';
import { type DayWindow, paginate, parseWindow, queryString, Validator } from './http';
import type { Request } from 'express';
import type { ApiRoutes } from './routes';
import { type CallRecord, DESTINATIONS, destinationOf, round2 } from './seed';
import type { SandboxState } from './state';
import { buildXlsx } from './xlsx';

const USAGE = { scope: 'usage:read', limiter: 'reporting' } as const;

/** Live figures that do not depend on the window: calls in progress and the funds held for them. */
const ACTIVE_CALLS = 2;
const HOLD_PER_ACTIVE_CALL = 0.2;

export interface UsageTotals {
  calls: number;
  minutes: number;
  cost: number;
}

/** minutes = Σ billable_seconds / 60 and cost = Σ charge, both rounded to 2 decimals at the end. */
export function totalsOf(calls: readonly CallRecord[]): UsageTotals {
  let seconds = 0;
  let cost = 0;
  for (const call of calls) {
    seconds += Number(call.billable_seconds) || 0;
    cost += Number(call.charge) || 0;
  }
  return { calls: calls.length, minutes: round2(seconds / 60), cost: round2(cost) };
}

function groupTotals<K>(calls: readonly CallRecord[], keyOf: (call: CallRecord) => K): Map<K, UsageTotals> {
  const groups = new Map<K, CallRecord[]>();
  for (const call of calls) {
    const key = keyOf(call);
    const group = groups.get(key);
    if (group) group.push(call);
    else groups.set(key, [call]);
  }
  return new Map([...groups].map(([key, group]) => [key, totalsOf(group)]));
}

/** The `country` filter is a dialling code, `44` or `+44` (a raw `+` in a query string arrives as a space, hence trimmed). */
function parseDiallingCode(req: Request): string | undefined {
  const raw = queryString(req, 'country');
  if (raw === undefined) return undefined;
  if (raw === null || !/^\+?[1-9]\d{0,3}$/.test(raw)) {
    const validator = new Validator();
    validator.add('country', 'The country field must be a dialling code such as 44 or +44.');
    validator.throwIfAny();
  }
  return (raw as string).replace(/^\+/, '');
}

function windowedCalls(req: Request, state: SandboxState): { window: DayWindow; calls: CallRecord[] } {
  const window = parseWindow(req, state) as DayWindow;
  const country = parseDiallingCode(req);
  return { window, calls: state.callsInWindow(window.from, window.to, country) };
}

export function registerUsageRoutes(routes: ApiRoutes): void {
  const { state } = routes;

  routes.get('/v1/portal/usage/summary', USAGE, (req, res) => {
    const window = parseWindow(req, state) as DayWindow;
    const totals = totalsOf(state.callsInWindow(window.from, window.to));
    const balance = state.walletBalance();
    const holds = round2(ACTIVE_CALLS * HOLD_PER_ACTIVE_CALL);
    res.json({
      minutes_this_month: totals.minutes,
      charges_this_month: totals.cost,
      total_calls: totals.calls,
      active_calls: ACTIVE_CALLS,
      open_holds: holds,
      wallet_balance: balance,
      available_balance: round2(balance - holds),
      billing_mode: 'prepaid',
      credit_limit: 0,
    });
  });

  routes.get('/v1/portal/usage/calls', USAGE, (req, res) => {
    const { calls } = windowedCalls(req, state);
    res.json(paginate(req, state, calls));
  });

  routes.get('/v1/portal/usage/chart', USAGE, (req, res) => {
    const window = parseWindow(req, state) as DayWindow;
    const byDay = groupTotals(state.callsInWindow(window.from, window.to), (call) => String(call.start_time).slice(0, 10));
    const days: { date: string; minutes: number; cost: number; calls: number }[] = [];
    const last = parseIsoDay(window.to) as number;
    for (let day = parseIsoDay(window.from) as number; day <= last; day = addDays(day, 1)) {
      const date = isoDay(day);
      const totals = byDay.get(date) ?? { calls: 0, minutes: 0, cost: 0 };
      days.push({ date, minutes: totals.minutes, cost: totals.cost, calls: totals.calls });
    }
    res.json({ days });
  });

  routes.get('/v1/portal/usage/by-did', USAGE, (req, res) => {
    const window = parseWindow(req, state) as DayWindow;
    const byCaller = groupTotals(state.callsInWindow(window.from, window.to), (call) => String(call.caller_id));
    const rows = [...byCaller].map(([did, totals]) => {
      const number = state.data.numbers.find((n) => n.number === did);
      return {
        did,
        label: number?.label ?? null,
        country_code: number?.country_code ?? null,
        calls: totals.calls,
        minutes: totals.minutes,
        cost: totals.cost,
      };
    });
    res.json(rows.sort((a, b) => b.cost - a.cost || a.did.localeCompare(b.did)));
  });

  routes.get('/v1/portal/usage/by-destination', USAGE, (req, res) => {
    const window = parseWindow(req, state) as DayWindow;
    const byCountry = groupTotals(
      state.callsInWindow(window.from, window.to),
      (call) => destinationOf(String(call.destination))?.country ?? 'ZZ',
    );
    const destinations = [...byCountry].map(([country, totals]) => {
      const destination = DESTINATIONS.find((d) => d.country === country);
      return {
        country_code: country,
        country_name: destination?.name ?? 'Other',
        dialling_code: destination ? `+${destination.code}` : null,
        calls: totals.calls,
        minutes: totals.minutes,
        cost: totals.cost,
      };
    });
    res.json({ destinations: destinations.sort((a, b) => b.cost - a.cost || a.country_code.localeCompare(b.country_code)) });
  });

  routes.get('/v1/portal/usage/by-trunk', USAGE, (req, res) => {
    const window = parseWindow(req, state) as DayWindow;
    const byTrunk = groupTotals(state.callsInWindow(window.from, window.to), (call) => String(call.trunk ?? ''));
    const data = [...byTrunk].map(([trunk, totals]) => ({
      trunk,
      calls: totals.calls,
      minutes: totals.minutes,
      cost: totals.cost,
    }));
    res.json({ data: data.sort((a, b) => b.cost - a.cost || a.trunk.localeCompare(b.trunk)) });
  });

  routes.get('/v1/portal/usage/comparison', USAGE, (req, res) => {
    // "This month" is the month of `to` (default: today), month-to-date when it is the current month.
    const window = parseWindow(req, state, { defaultAll: true });
    const today = state.todayMs();
    const anchor = window ? (parseIsoDay(window.to) as number) : today;
    const thisStart = startOfMonth(anchor);
    const thisEnd = Math.min(endOfMonth(anchor), Math.max(today, thisStart));
    const lastStart = startOfMonth(addDays(thisStart, -1));
    const lastEnd = endOfMonth(lastStart);
    const period = (from: number, to: number) => {
      const totals = totalsOf(state.callsInWindow(isoDay(from), isoDay(to)));
      return { from: isoDay(from), to: isoDay(to), minutes: totals.minutes, cost: totals.cost, calls: totals.calls };
    };
    const thisMonth = period(thisStart, thisEnd);
    const lastMonth = period(lastStart, lastEnd);
    const pct = (now: number, before: number) => (before === 0 ? null : Math.round(((now - before) / before) * 1000) / 10);
    res.json({
      this_month: thisMonth,
      last_month: lastMonth,
      delta: {
        minutes: round2(thisMonth.minutes - lastMonth.minutes),
        cost: round2(thisMonth.cost - lastMonth.cost),
        calls: thisMonth.calls - lastMonth.calls,
        minutes_pct: pct(thisMonth.minutes, lastMonth.minutes),
        cost_pct: pct(thisMonth.cost, lastMonth.cost),
        calls_pct: pct(thisMonth.calls, lastMonth.calls),
      },
    });
  });

  routes.get('/v1/portal/usage/export', USAGE, (req, res) => {
    const format = queryString(req, 'format') ?? 'csv';
    const validator = new Validator();
    if (format === null || !['csv', 'xlsx', 'pdf'].includes(format))
      validator.add('format', 'The selected format is invalid. Use csv, xlsx or pdf.');
    validator.throwIfAny();
    const { window, calls } = windowedCalls(req, state);
    // Oldest first: a file reads top to bottom in time order.
    const rows = [...calls].reverse();
    const basename = `cliqtel-calls-${window.from}-to-${window.to}`;
    if (format === 'xlsx') {
      const xlsx = buildXlsx('Calls', CALL_EXPORT_COLUMNS, rows as unknown as Record<string, unknown>[]);
      res.status(200);
      res.set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.set('Content-Disposition', `attachment; filename="${basename}.xlsx"`);
      res.send(xlsx);
      return;
    }
    if (format === 'pdf') {
      const totals = totalsOf(rows);
      const lines = [
        `Window ${window.from} to ${window.to}: ${totals.calls} calls, ${totals.minutes} min, EUR ${totals.cost}`,
        CALL_EXPORT_COLUMNS.slice(0, 9).join(' | '),
        ...rows.map((c) =>
          [
            c.id,
            c.call_id,
            c.destination,
            c.caller_id,
            c.start_time,
            c.duration_seconds,
            c.billable_seconds,
            c.rate_per_minute,
            c.charge,
          ].join(' | '),
        ),
      ];
      sendPdf(res, buildPdf('Cliqtel call history', lines), `${basename}.pdf`);
      return;
    }
    sendCallsCsv(res, rows, `${basename}.csv`, state.config.csvFinalLineBreak);
  });
}
