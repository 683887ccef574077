// Report sheets of every kind, the registry (list, rename, rolling windows), the daily chart and formula refresh —
// the built bundle in the emulator against the sandbox over real HTTP.
import { QUOTE_PREFIX_READINGS } from '../../dev/emulator';
import { type Harness, lastMonth, startHarness } from '../helpers/harness';

const norm = (s: unknown) =>
  String(s)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
const isDate = (v: unknown): v is Date => Object.prototype.toString.call(v) === '[object Date]';
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

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

test('one format rule everywhere: money in the account currency, dates yyyy-mm-dd, times yyyy-mm-dd hh:mm:ss', () => {
  // The sandbox account is in EUR: the balance probe at key verification told the add-on so.
  const formatOf = (sheetName: string, title: string) => {
    const sheet = h.emu.activeSpreadsheet.sheetNamed(sheetName);
    const c = (sheet.getValues()[0] as string[]).indexOf(title);
    expect(c).toBeGreaterThanOrEqual(0);
    return { format: sheet.cell(2, c + 1)?.format, shown: sheet.displayValue(2, c + 1) };
  };
  const period = lastMonth();
  const daily = run<{ sheetName: string }>('cliqtelInsertReport', { kind: 'daily', ...period }).sheetName;
  const numbers = run<{ sheetName: string }>('cliqtelInsertReport', { kind: 'numbers' }).sheetName;
  const calls = run<{ sheetName: string }>('cliqtelExportCalls', period).sheetName;
  const invoices = run<{ sheetName: string }>('cliqtelInsertReport', { kind: 'invoices' }).sheetName;
  // Money: a table without a currency column (daily cost, number prices) looks like one with it (CDR charges).
  const money = [
    formatOf(daily, 'Cost'),
    formatOf(numbers, 'Monthly Price'),
    formatOf(calls, 'Charge'),
    formatOf(invoices, 'Total'),
  ];
  for (const m of money) {
    expect(m.format).toBe('[$€]#,##0.00##');
    expect(m.shown).toMatch(/^-?€[\d,]+\.\d{2,4}$/);
  }
  expect(formatOf(daily, 'Date').shown).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(formatOf(invoices, 'Due Date').shown).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(formatOf(calls, 'Start Time').shown).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  expect(formatOf(numbers, 'Created At').shown).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
});

test('an inserted table (number search results) gets headers in words and the same formats, but no guessed currency', () => {
  const rows = [
    ['number', 'country_code', 'monthly_price'],
    ['+442079460831', 'GB', 2],
    ['-00123', 'GB', 2.5],
  ];
  const { sheetName } = run<{ sheetName: string }>('cliqtelInsertTable', { title: 'Search GB', rows });
  const sheet = h.emu.activeSpreadsheet.sheetNamed(sheetName);
  expect(sheet.getValues()).toEqual([
    ['Number', 'Country Code', 'Monthly Price'],
    ['+442079460831', 'GB', 2],
    ['-00123', 'GB', 2.5],
  ]);
  // The public search does not say which currency its prices are in: a plain money format, no symbol.
  expect(sheet.cell(2, 3)?.format).toBe('#,##0.00##');
  expect(sheet.displayValue(3, 3)).toBe('2.50');
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
  const todayThere = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date(h.emu.now()));
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

// Whether Sheets drops or shows an apostrophe written into a @ cell is unknowable offline (dev/emulator/README.md,
// "Quote prefix in plain-text cells"): under both readings phone numbers keep + with no visible apostrophe and ids
// are exact; a string starting with = is never a formula (under 'kept' it shows as '=…, the accepted cost).
describe.each(QUOTE_PREFIX_READINGS)('values are exact under the "%s" reading of a quote prefix in @ cells', (reading) => {
  let hr: Harness;
  beforeAll(async () => {
    hr = await startHarness({ timeZone: 'America/New_York', quotePrefix: reading });
    expect(hr.emu.quotePrefixInTextCells).toBe(reading);
    expect((hr.saveKey(hr.sandbox.keys.full) as { ok: boolean }).ok).toBe(true);
  });
  afterAll(async () => {
    await hr?.stop();
  });
  beforeEach(async () => {
    await hr.sandbox.reset();
  });
  const kept = reading === 'kept';

  test('cliqtelInsertTable writes strings exactly (numbers with +, formulas as text)', () => {
    const { sheetName } = hr.emu.run(
      'cliqtelInsertTable',
      [
        {
          title: 'Search GB',
          rows: [
            ['Number', 'Country Code', 'Monthly Price'],
            ['+442079460831', 'GB', 2],
            ['=1+1', '00', 3.5],
            ['-Night line', '@ops', 1],
            ["'quoted", '0044', 0],
          ],
        },
      ],
      { mode: 'server' },
    ) as { sheetName: string };
    const sheet = hr.emu.activeSpreadsheet.sheetNamed(sheetName);
    const expected = [
      ['Number', 'Country Code', 'Monthly Price'],
      ['+442079460831', 'GB', 2],
      [kept ? "'=1+1" : '=1+1', '00', 3.5],
      ['-Night line', '@ops', 1],
      [kept ? "''quoted" : "'quoted", '0044', 0],
    ];
    expect(sheet.getValues()).toEqual(expected);
    expect(sheet.getDisplayValues().map((row) => row.slice(0, 2))).toEqual(expected.map((row) => row.slice(0, 2)));
    expect([sheet.cell(2, 1)?.format, sheet.cell(2, 2)?.format]).toEqual(['@', '@']);
    expect(
      sheet
        .getFormulas()
        .flat()
        .every((f) => f === ''),
    ).toBe(true);
  });

  test('a numbers report keeps phone numbers and labels exact; a label starting with = is text', async () => {
    const base = (await hr.sandbox.data('numbers'))[0] as Record<string, unknown>;
    const labels: [number, string, string, string][] = [
      [
        990101,
        '+442079460999',
        '=HYPERLINK("http://x","y")',
        kept ? '\'=HYPERLINK("http://x","y")' : '=HYPERLINK("http://x","y")',
      ],
      [990102, '+4915112345678', '+1 Support line', '+1 Support line'],
      [990103, '0044207946', '-Night line', '-Night line'],
      [990104, '+33140000000', '@ops Brussels', '@ops Brussels'],
    ];
    await hr.sandbox.putData(
      'numbers',
      labels.map(([id, number, label]) => ({ ...base, id, number, label })),
      'append',
    );
    const { sheetName } = hr.emu.run('cliqtelInsertReport', [{ kind: 'numbers' }], { mode: 'server' }) as {
      sheetName: string;
    };
    const sheet = hr.emu.activeSpreadsheet.sheetNamed(sheetName);
    const values = sheet.getValues();
    const display = sheet.getDisplayValues();
    expect(
      sheet
        .getFormulas()
        .flat()
        .every((f) => f === ''),
    ).toBe(true);
    const header = (values[0] as string[]).map(norm);
    const [idCol, numberCol, labelCol] = ['id', 'number', 'label'].map((f) => header.indexOf(f));
    for (const [id, number, , shownLabel] of labels) {
      const r = values.findIndex((row) => row[idCol] === id);
      expect(r).toBeGreaterThan(0);
      expect([id, values[r][numberCol], display[r][numberCol]]).toEqual([id, number, number]);
      expect([id, values[r][labelCol], display[r][labelCol]]).toEqual([id, shownLabel, shownLabel]);
      expect([sheet.cell(r + 1, numberCol + 1)?.format, sheet.cell(r + 1, labelCol + 1)?.format]).toEqual(['@', '@']);
    }
    // No phone number in the sheet, seeded ones included, shows an apostrophe under either reading.
    expect(display.slice(1).filter((row) => String(row[numberCol]).startsWith("'"))).toEqual([]);
  });
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
