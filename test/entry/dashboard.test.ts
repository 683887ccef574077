// The dashboard sheet (cliqtelInsertDashboard, report kind `dashboard`): every figure against the sandbox's own
// answers, the fixed layout, refresh idempotence (charts and tables counted), a failed refresh changing nothing, and
// API strings staying literal under both readings of a quote prefix — the built bundle in the emulator.
import { QUOTE_PREFIX_READINGS } from '../../dev/emulator';
import { type Harness, startHarness } from '../helpers/harness';

const ZONE = 'America/Los_Angeles';
/** TEST_NOW (2026-06-15T12:00Z) is 05:00 on 2026-06-15 in Los Angeles. */
const TODAY = '2026-06-15';
const THIS_MONTH = { from: '2026-06-01', to: TODAY };
const LAST_MONTH = { from: '2026-05-01', to: '2026-05-31' };
const TREND = { from: '2026-05-17', to: TODAY };
/** Where the layout puts each block (src/core/dashboard.ts LAYOUT_ROWS); a test of the layout, so spelled out here. */
const ROWS = { balance: 5, kpis: 9, destinations: 16, numbers: 29, daily: 42 };

let h: Harness;

function run<T>(name: string, arg?: unknown): T {
  return h.emu.run(name, arg === undefined ? [] : [arg], { mode: 'server' }) as T;
}

async function api(path: string, query: Record<string, string> = {}): Promise<any> {
  const qs = new URLSearchParams(query).toString();
  const res = await fetch(`${h.sandbox.baseUrl}${path}${qs ? `?${qs}` : ''}`, {
    headers: { Authorization: `Bearer ${h.sandbox.keys.readOnly}`, Accept: 'application/json' },
  });
  expect(res.status).toBe(200);
  return res.json();
}

const ymd = (d: unknown) => new Date(d as Date).toLocaleDateString('en-CA', { timeZone: ZONE });

function sheetValues(name: string): unknown[][] {
  return h.emu.activeSpreadsheet.sheetNamed(name).getValues();
}

function reportOf(name: string): Record<string, any> {
  const { reports } = run<{ reports: Record<string, any>[] }>('cliqtelListReports');
  return reports.find((r) => r.sheetName === name) as Record<string, any>;
}

describe('the dashboard against the sandbox', () => {
  beforeAll(async () => {
    h = await startHarness({ timeZone: ZONE, sandbox: { cdrCount: 4000 } });
    h.saveKey(h.sandbox.keys.readOnly);
  }, 60_000);
  afterAll(async () => h?.stop());
  beforeEach(async () => h.sandbox.reset());

  test('Insert dashboard is in the Extensions › Cliqtel menu', () => {
    h.emu.run('onOpen', [], { mode: 'simple', authMode: 'NONE' });
    const items = h.emu.ui.menus[h.emu.ui.menus.length - 1].items;
    expect(items.find((i) => i.caption === 'Insert dashboard')?.functionName).toBe('cliqtelMenuInsertDashboard');
  });

  test('KPIs, trend and top 10s are the sandbox numbers, in their fixed places, registered as kind "dashboard"', async () => {
    const { sheetName } = run<{ sheetName: string }>('cliqtelInsertDashboard', {});
    expect(sheetName).toBe('Dashboard');
    const v = sheetValues(sheetName);
    const [now, last, wallet] = [
      await api('/v1/portal/usage/summary', THIS_MONTH),
      await api('/v1/portal/usage/summary', LAST_MONTH),
      await api('/v1/wallet/balance'),
    ];

    expect(v[0][0]).toBe('Cliqtel dashboard');
    expect(v[1][0]).toBe('Last refresh');
    expect(Math.abs(new Date(v[1][1] as Date).getTime() - h.emu.now())).toBeLessThan(60_000);
    // Balances with the currency
    expect(v[ROWS.balance - 1].slice(0, 3)).toEqual(['Wallet balance', now.wallet_balance, wallet.currency]);
    expect(v[ROWS.balance].slice(0, 3)).toEqual(['Available balance', now.available_balance, wallet.currency]);
    expect(now.wallet_balance).toBe(wallet.balance);
    // This month vs last month, with the change
    const kpi = (i: number) => v[ROWS.kpis - 1 + i].slice(0, 5);
    const change = (a: number, b: number) => Math.round((a - b) * 100) / 100;
    expect(kpi(0).slice(0, 4)).toEqual([
      'Minutes',
      now.minutes_this_month,
      last.minutes_this_month,
      change(now.minutes_this_month, last.minutes_this_month),
    ]);
    expect(kpi(1).slice(0, 4)).toEqual([
      'Charges',
      now.charges_this_month,
      last.charges_this_month,
      change(now.charges_this_month, last.charges_this_month),
    ]);
    expect(kpi(2).slice(0, 4)).toEqual(['Calls', now.total_calls, last.total_calls, now.total_calls - last.total_calls]);
    expect(kpi(2)[4]).toBeCloseTo((now.total_calls - last.total_calls) / last.total_calls, 10);
    // The display shows money in the account's currency
    expect(h.emu.activeSpreadsheet.sheetNamed(sheetName).at(`B${ROWS.balance}`).display).toMatch(/^€[\d,]+\.\d{2}/);

    // Top 10 destinations and numbers by cost over the last 30 days
    const destinations = (await api('/v1/portal/usage/by-destination', TREND)).destinations.sort(
      (a: any, b: any) => b.cost - a.cost,
    );
    const numbers = (await api('/v1/portal/usage/by-did', TREND)).sort((a: any, b: any) => b.cost - a.cost);
    const table = (first: number) => v.slice(first - 1, first - 1 + 10).filter((r) => r[0] !== '');
    expect(table(ROWS.destinations)).toEqual(
      destinations.slice(0, 10).map((d: any) => [d.country_name, d.dialling_code, d.calls, d.minutes, d.cost]),
    );
    expect(table(ROWS.numbers).map((r) => [r[0], r[2], r[3], r[4]])).toEqual(
      numbers.slice(0, 10).map((n: any) => [n.did, n.calls, n.minutes, n.cost]),
    );
    expect(table(ROWS.numbers).length).toBeGreaterThan(3);
    // Daily minutes / cost / calls for each of the last 30 days
    const days = (await api('/v1/portal/usage/chart', TREND)).days;
    const daily = v.slice(ROWS.daily - 1, ROWS.daily - 1 + 30);
    expect(days).toHaveLength(30);
    expect(daily.map((r) => [ymd(r[0]), r[1], r[2], r[3]])).toEqual(days.map((d: any) => [d.date, d.minutes, d.cost, d.calls]));

    expect(reportOf(sheetName)).toMatchObject({ kind: 'dashboard', status: 'ok' });
  });

  test("three charts read the dashboard's own tables: a 30-day line chart and two top-10 bar charts", () => {
    const { sheetName } = run<{ sheetName: string }>('cliqtelInsertDashboard', {});
    const charts = h.emu.activeSpreadsheet.sheetNamed(sheetName).charts;
    const q = `'${sheetName}'!`.replace(/^'Dashboard'!$/, 'Dashboard!');
    expect(charts.map((c) => [c.type, c.options.title, c.ranges])).toEqual([
      ['LINE', 'Minutes and cost per day, last 30 days', [`${q}A41:A71`, `${q}B41:B71`, `${q}C41:C71`]],
      ['BAR', 'Top 10 destinations by cost, last 30 days', [`${q}A15:A25`, `${q}E15:E25`]],
      ['BAR', 'Top 10 numbers by cost, last 30 days', [`${q}A28:A38`, `${q}E28:E38`]],
    ]);
    // Laid out for a normal window: tables in A–E, charts from G, nothing further right than ~1,300 px.
    const widths = [1, 2, 3, 4, 5, 6].map((c) => h.emu.activeSpreadsheet.sheetNamed(sheetName).columnWidths.get(c) ?? 100);
    for (const c of charts) {
      expect(c.position.column).toBe(7);
      expect(widths.reduce((a, b) => a + b, 0) + Number(c.options.width)).toBeLessThanOrEqual(1300);
    }
  });

  test('refreshing (menu, sheet name, schedule) rewrites the same cells and never adds a chart, table or sheet', () => {
    const { sheetName } = run<{ sheetName: string }>('cliqtelInsertDashboard', {});
    const sheetsBefore = h.emu.activeSpreadsheet.sheets.length;
    const shape = () => {
      const sheet = h.emu.activeSpreadsheet.sheetNamed(sheetName);
      const values = sheet.getValues();
      return {
        charts: sheet.charts.map((c) => c.options.title),
        rows: values.length,
        headers: values.filter((r) => r[0] === 'Destination' || r[0] === 'Number' || r[0] === 'Date').length,
      };
    };
    const before = shape();
    expect(before).toEqual({ charts: expect.any(Array), rows: 71, headers: 3 });
    expect(before.charts).toHaveLength(3);

    expect(run('cliqtelRefreshReports', { sheetName })).toEqual({ refreshed: 1, failed: [] });
    expect(run('cliqtelRefreshReports', {})).toMatchObject({ failed: [] });
    // Insert again with no name: the existing dashboard is refreshed, not copied.
    expect(run('cliqtelInsertDashboard', {})).toEqual({ sheetName });
    run('cliqtelSetSchedule', { frequency: 'hourly' });
    const [trig] = h.emu.runTimeDrivenTriggers();
    expect(trig.error).toBeUndefined();
    expect(shape()).toEqual(before);
    expect(h.emu.activeSpreadsheet.sheets.length).toBe(sheetsBefore);
    run('cliqtelSetSchedule', { frequency: 'off' });
  });

  test('a failed refresh leaves the dashboard cell for cell as it was and records the error', async () => {
    const { sheetName } = run<{ sheetName: string }>('cliqtelInsertDashboard', {});
    const sheet = () => h.emu.activeSpreadsheet.sheetNamed(sheetName);
    const before = { values: sheet().getValues(), charts: JSON.stringify(sheet().charts) };
    // The by-did answer (the last one fetched) fails: everything before it arrived, still nothing may change.
    await h.sandbox.setFaults({ fail5xx: 50, pathPattern: 'usage/by-did' });
    const result = run<{ refreshed: number; failed: { sheetName: string; error: string }[] }>('cliqtelRefreshReports', {
      sheetName,
    });
    expect(result.refreshed).toBe(0);
    expect(result.failed[0].error).toMatch(/server error|503/i);
    expect(sheet().getValues()).toEqual(before.values);
    expect(JSON.stringify(sheet().charts)).toBe(before.charts);
    expect(reportOf(sheetName).status).toMatch(/^error: /);
    // A body without the figures is refused the same way.
    await h.sandbox.setFaults({ htmlError: 5, pathPattern: 'usage/chart' });
    expect(run<{ failed: unknown[] }>('cliqtelRefreshReports', { sheetName }).failed).toHaveLength(1);
    expect(sheet().getValues()).toEqual(before.values);
  });

  test('a sheet the user made is never overwritten, nor another report; nothing is fetched for a refused name', async () => {
    h.emu.activeSpreadsheet.addSheet('Budget');
    run('cliqtelInsertReport', { kind: 'numbers', sheetName: 'My numbers' });
    h.emu.resetStats();
    expect(() => run('cliqtelInsertDashboard', { sheetName: 'Budget' })).toThrow(/not a report/);
    expect(() => run('cliqtelInsertDashboard', { sheetName: 'My numbers' })).toThrow(/a numbers report/);
    expect(() => run('cliqtelInsertDashboard', 'Dashboard')).toThrow(/argument/);
    expect(h.emu.stats.urlFetches).toBe(0);
    // A new name gives a second dashboard where the user asked for one.
    expect(run('cliqtelInsertDashboard', { sheetName: 'Board' })).toEqual({ sheetName: 'Board' });
  });
});

// Sandbox strings in the number and label columns: a phone number keeps its +, a label never becomes a formula.
describe.each(QUOTE_PREFIX_READINGS)('API strings stay literal under the "%s" reading of a quote prefix', (reading) => {
  beforeAll(async () => {
    h = await startHarness({ timeZone: ZONE, quotePrefix: reading, sandbox: { cdrCount: 3000 } });
    h.saveKey(h.sandbox.keys.readOnly);
  }, 60_000);
  afterAll(async () => h?.stop());

  test('numbers are exact text, labels starting with = are text, never formulas', async () => {
    const { sheetName } = run<{ sheetName: string }>('cliqtelInsertDashboard', {});
    const sheet = h.emu.activeSpreadsheet.sheetNamed(sheetName);
    const numbers = (await api('/v1/portal/usage/by-did', TREND)).sort((a: any, b: any) => b.cost - a.cost).slice(0, 10);
    const kept = reading === 'kept';
    const rows = sheet.getValues().slice(ROWS.numbers - 1, ROWS.numbers - 1 + numbers.length);
    expect(rows.map((r) => r[0])).toEqual(numbers.map((n: any) => n.did));
    expect(rows.map((r) => r[1])).toEqual(
      numbers.map((n: any) => (n.label === null ? '' : kept && /^[=']/.test(n.label) ? `'${n.label}` : n.label)),
    );
    expect(numbers.some((n: any) => String(n.label).startsWith('='))).toBe(true);
    expect(
      sheet
        .getFormulas()
        .flat()
        .filter((f) => f !== ''),
    ).toEqual([]);
    for (const n of numbers) expect(String(n.did)).toMatch(/^\+\d+$/);
  });
});
