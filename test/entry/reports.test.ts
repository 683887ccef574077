// Report sheets of every kind, the registry (list, rename, rolling windows), the daily chart and formula refresh —
// the built bundle in the emulator against the sandbox over real HTTP.
import { type Harness, startHarness } from '../helpers/harness';

const norm = (s: unknown) =>
  String(s)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
const isDate = (v: unknown): v is Date => Object.prototype.toString.call(v) === '[object Date]';
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function lastMonth(): { from: string; to: string } {
  const now = new Date();
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0));
  return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
}

const KIND_PATHS: Record<string, { path: string; dated: boolean }> = {
  summary: { path: '/v1/portal/usage/summary', dated: true },
  by_did: { path: '/v1/portal/usage/by-did', dated: true },
  by_destination: { path: '/v1/portal/usage/by-destination', dated: true },
  by_trunk: { path: '/v1/portal/usage/by-trunk', dated: true },
  daily: { path: '/v1/portal/usage/chart', dated: true },
  comparison: { path: '/v1/portal/usage/comparison', dated: false },
  numbers: { path: '/v1/portal/numbers', dated: false },
  invoices: { path: '/v1/portal/invoices', dated: false },
  credit_notes: { path: '/v1/portal/credit-notes', dated: false },
  orders: { path: '/v1/portal/orders', dated: false },
  transactions: { path: '/v1/wallet/transactions', dated: true },
  sms: { path: '/v1/sms/messages', dated: true },
};

let h: Harness;

function run<T>(name: string, arg?: unknown): T {
  return h.emu.run(name, arg === undefined ? [] : [arg], { mode: 'server' }) as T;
}

async function apiGet(path: string, query: Record<string, string> = {}): Promise<any> {
  const qs = new URLSearchParams(query).toString();
  const res = await fetch(`${h.sandbox.baseUrl}${path}${qs ? `?${qs}` : ''}`, {
    headers: { Authorization: `Bearer ${h.sandbox.keys.full}`, Accept: 'application/json' },
  });
  expect(res.status).toBe(200);
  return res.json();
}

/** The rows of an API body, wherever they are (docs/cliqtel-api.md#undocumented-shapes), and how many there are in all. */
function apiRows(body: any): { rows: Record<string, unknown>[]; total: number } {
  if (Array.isArray(body)) return { rows: body, total: body.length };
  if (Array.isArray(body?.data)) return { rows: body.data, total: body.total ?? body.meta?.total ?? body.data.length };
  const arrays = Object.values(body).filter(Array.isArray) as Record<string, unknown>[][];
  if (arrays.length === 1) return { rows: arrays[0], total: arrays[0].length };
  return { rows: [body], total: 1 };
}

function listReports(): Record<string, any>[] {
  return run<{ reports: Record<string, any>[] }>('cliqtelListReports').reports;
}

beforeAll(async () => {
  h = await startHarness({ timeZone: 'America/New_York' });
  expect((h.saveKey(h.sandbox.keys.full) as { ok: boolean }).ok).toBe(true);
});

afterAll(async () => {
  await h?.stop();
});

beforeEach(async () => {
  await h.sandbox.reset();
  h.emu.resetStats();
});

describe('every kind of report produces a non-empty, correctly typed sheet', () => {
  test.each(Object.keys(KIND_PATHS))('%s', async (kind) => {
    const { path, dated } = KIND_PATHS[kind];
    const period = lastMonth();
    const result = run<{ sheetName: string; rows: number }>('cliqtelInsertReport', dated ? { kind, ...period } : { kind });
    const { rows: expectedRows, total } = apiRows(await apiGet(path, dated ? period : {}));
    expect(result.rows).toBe(total);
    expect(total).toBeGreaterThan(0);

    const sheet = h.emu.activeSpreadsheet.sheetNamed(result.sheetName);
    const values = sheet.getValues();
    expect(values.length).toBe(total + 1);
    expect(sheet.frozenRows).toBe(1);
    expect(sheet.at('A1').bold).toBe(true);
    const header = (values[0] as string[]).map(norm);
    // The first API row, field by field: strings exact, timestamps as Dates, numbers and booleans as is.
    const first = expectedRows[0];
    for (const [field, apiValue] of Object.entries(first)) {
      if (apiValue !== null && typeof apiValue === 'object') continue;
      const c = header.indexOf(norm(field));
      expect(c).toBeGreaterThanOrEqual(0);
      const cell = values[1][c];
      const format = sheet.cell(2, c + 1)?.format ?? '';
      if (typeof apiValue === 'string' && ISO_TIMESTAMP.test(apiValue)) {
        expect(isDate(cell)).toBe(true);
        expect((cell as Date).getTime()).toBe(Date.parse(apiValue));
      } else if (typeof apiValue === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(apiValue)) {
        // A date column becomes dates; a date-like value in a text column stays its exact text.
        if (isDate(cell)) expect(sheet.displayValue(2, c + 1)).toBe(apiValue);
        else expect([cell, format]).toEqual([apiValue, '@']);
      } else if (typeof apiValue === 'string') {
        expect(cell).toBe(apiValue);
        expect(format).toBe('@');
      } else {
        expect(cell).toEqual(apiValue ?? '');
      }
    }
    expect(listReports().find((r) => r.sheetName === result.sheetName)).toMatchObject({ kind, status: 'ok', rows: total });
  });

  test('calls (through the CSV export)', async () => {
    const result = run<{ sheetName: string; rows: number }>('cliqtelInsertReport', { kind: 'calls', window: 'last_month' });
    expect(result.rows).toBeGreaterThan(0);
    const sheet = h.emu.activeSpreadsheet.sheetNamed(result.sheetName);
    const values = sheet.getValues();
    const header = (values[0] as string[]).map(norm);
    expect(typeof values[1][header.indexOf('destination')]).toBe('string');
    expect(String(values[1][header.indexOf('destination')])).toMatch(/^\+/);
    expect(isDate(values[1][header.indexOf('starttime')])).toBe(true);
    expect(typeof values[1][header.indexOf('charge')]).toBe('number');
    const stats = await h.sandbox.stats();
    expect(stats.requests.filter((r) => r.path.endsWith('/usage/export')).length).toBe(1);
  });
});

test('a daily report gets one line chart, and refreshing it does not add another', () => {
  const { sheetName } = run<{ sheetName: string }>('cliqtelInsertReport', { kind: 'daily', window: 'last_30_days' });
  const sheet = h.emu.activeSpreadsheet.sheetNamed(sheetName);
  expect(sheet.charts.length).toBe(1);
  expect(sheet.charts[0].type).toMatch(/line/i);
  expect(sheet.charts[0].ranges.length).toBeGreaterThanOrEqual(2);
  const refreshed = run<{ refreshed: number; failed: unknown[] }>('cliqtelRefreshReports', { sheetName });
  expect(refreshed).toEqual({ refreshed: 1, failed: [] });
  expect(sheet.charts.length).toBe(1);
});

test('the registry follows renamed sheets and re-evaluates rolling windows at each refresh', async () => {
  const { sheetName } = run<{ sheetName: string }>('cliqtelInsertReport', { kind: 'summary', window: 'last_7_days' });
  const fixed = run<{ sheetName: string }>('cliqtelInsertReport', { kind: 'summary', from: '2026-01-01', to: '2026-01-31' });
  h.emu.activeSpreadsheet.sheetNamed(sheetName).name = 'My weekly summary';
  const reports = listReports();
  expect(reports.find((r) => r.sheetName === 'My weekly summary')).toMatchObject({ kind: 'summary', window: 'last_7_days' });
  expect(reports.find((r) => r.sheetName === fixed.sheetName)).toMatchObject({ from: '2026-01-01', to: '2026-01-31' });

  await h.sandbox.reset();
  h.emu.advanceClock(3 * 86400_000);
  const result = run<{ refreshed: number; failed: unknown[] }>('cliqtelRefreshReports', {});
  expect(result).toEqual({ refreshed: listReports().length, failed: [] });
  const queries = (await h.sandbox.stats()).requests.filter((r) => r.path.endsWith('/usage/summary')).map((r) => r.query);
  const todayThere = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(
    new Date(Date.now() + 3 * 86400_000),
  );
  const sixDaysBefore = new Date(Date.parse(`${todayThere}T00:00:00Z`) - 6 * 86400_000).toISOString().slice(0, 10);
  expect(queries).toContainEqual(expect.objectContaining({ from: sixDaysBefore, to: todayThere }));
  expect(queries).toContainEqual(expect.objectContaining({ from: '2026-01-01', to: '2026-01-31' }));
});

test('never overwrites a sheet that is not a report, and validates kinds before any request', () => {
  h.emu.activeSpreadsheet.addSheet('Budget');
  expect(() => run('cliqtelInsertReport', { kind: 'numbers', sheetName: 'Budget' })).toThrow(/not a report/);
  expect(() => run('cliqtelInsertReport', { kind: 'everything' })).toThrow(/kind.*summary/);
  expect(() => run('cliqtelInsertReport', { kind: 'summary', from: '2026-01-01' })).toThrow(/"to"/);
  expect(h.emu.stats.requests.length).toBe(0);
});

test('cliqtelInsertTable writes strings exactly (numbers with +, formulas as text)', () => {
  const { sheetName } = run<{ sheetName: string }>('cliqtelInsertTable', {
    title: 'Search GB',
    rows: [
      ['Number', 'Country Code', 'Monthly Price'],
      ['+442079460831', 'GB', 2],
      ['=1+1', '00', 3.5],
    ],
  });
  const sheet = h.emu.activeSpreadsheet.sheetNamed(sheetName);
  expect(sheet.getValues()).toEqual([
    ['Number', 'Country Code', 'Monthly Price'],
    ['+442079460831', 'GB', 2],
    ['=1+1', '00', 3.5],
  ]);
  expect(
    sheet
      .getFormulas()
      .flat()
      .every((f) => f === ''),
  ).toBe(true);
});

test('cliqtelRefreshFormulas bumps the cache generation and re-enters every CLIQTEL_ formula', () => {
  const sheet = h.emu.activeSpreadsheet.sheets[0];
  const cell = sheet.ensureCell(3, 2);
  cell.formula = '=CLIQTEL_BALANCE()';
  const other = sheet.ensureCell(4, 2);
  other.formula = '=SUM(1,2)';
  const before = h.emu.documentProperties().get('CLIQTEL_CACHE_GEN') ?? '0';
  const result = run<{ formulas: number }>('cliqtelRefreshFormulas');
  expect(result).toEqual({ formulas: 1 });
  expect(sheet.cell(3, 2)?.formula).toBe('=CLIQTEL_BALANCE()');
  expect(sheet.cell(4, 2)?.formula).toBe('=SUM(1,2)');
  expect(h.emu.documentProperties().get('CLIQTEL_CACHE_GEN')).toBe(String(Number(before) + 1));
});
