// Sandbox clock and history: `now` pins the clock's start, the data covers the 13 complete months before the current
// one (so any month of the past year has figures), and no seeded record is ever dated after "now".

import { TEST_NOW } from '../../../dev/clock';
import { addMonths, isoDay, parseIsoDay, startOfMonth } from '../../../dev/sandbox/dates';
import { type Dataset, generateDataset, HISTORY_MONTHS } from '../../../dev/sandbox/seed';
import { type SandboxHandle, startSandbox } from '../../../dev/sandbox/spawn';
import { callApi } from './client';

/** Every timestamp of a dataset that says when something happened (not due dates or cancellation dates). */
function happenedAt(data: Dataset): { what: string; at: number }[] {
  const out: { what: string; at: number }[] = [];
  const add = (what: string, records: readonly object[], field: string) => {
    for (const record of records) out.push({ what, at: Date.parse(String((record as Record<string, unknown>)[field])) });
  };
  add('call', data.calls, 'start_time');
  add('sms', data.sms, 'created_at');
  add('whatsapp', data.whatsapp_messages, 'created_at');
  add('template', data.whatsapp_templates, 'created_at');
  add('transaction', data.transactions, 'created_at');
  add('order', data.orders, 'created_at');
  add('number', data.numbers, 'created_at');
  return out;
}

/** The YYYY-MM of the current month and of each of the `HISTORY_MONTHS` before it, oldest first. */
function historyMonths(nowIso: string): string[] {
  const today = parseIsoDay(nowIso.slice(0, 10)) as number;
  const months: string[] = [];
  for (let back = HISTORY_MONTHS; back >= 0; back--) months.push(isoDay(startOfMonth(addMonths(today, -back))).slice(0, 7));
  return months;
}

const countBy = (values: string[]) => values.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<string, number>());

describe('generated history', () => {
  // Late evening (a call was once dated 23:44 at 22:24), just after midnight, a month's last second, New Year.
  test.each(['2026-06-15T22:24:00Z', '2026-06-16T00:20:00Z', '2026-02-28T23:59:59Z', '2027-01-01T00:05:00Z'])(
    'at %s no record is dated after now, and every month of the history has calls, SMS and ledger entries',
    (now) => {
      const nowMs = Date.parse(now);
      const today = now.slice(0, 10);
      const data = generateDataset({ seed: 42, nowMs, cdrCount: 3000 });

      const late = happenedAt(data).filter((r) => !(r.at <= nowMs));
      expect(late).toEqual([]);
      for (const invoice of data.invoices) expect(invoice.issued_at <= today).toBe(true);
      for (const note of data.credit_notes) expect(note.issued_at <= today).toBe(true);

      const months = historyMonths(now);
      const complete = months.slice(0, -1);
      expect(complete).toHaveLength(13);
      const calls = countBy(data.calls.map((c) => c.start_time.slice(0, 7)));
      const sms = countBy(data.sms.map((m) => m.created_at.slice(0, 7)));
      const debits = countBy(data.transactions.filter((t) => t.type === 'call_debit').map((t) => t.created_at.slice(0, 7)));
      expect([...calls.keys()].sort()).toEqual(months.filter((m) => calls.has(m)));
      for (const month of complete) {
        expect({
          month,
          calls: (calls.get(month) ?? 0) > 50,
          sms: (sms.get(month) ?? 0) > 20,
          debits: debits.has(month),
        }).toEqual({
          month,
          calls: true,
          sms: true,
          debits: true,
        });
      }
      // One invoice per complete month, the latest for last month.
      expect(data.invoices.map((i) => i.period_start.slice(0, 7)).sort()).toEqual(complete);
      // Nothing older than the history's first day.
      expect(data.calls[0].start_time >= `${months[0]}-01`).toBe(true);
    },
  );

  test('the ledger still chains when the day has not yet been settled', () => {
    // At 01:00 the previous day's calls are not debited yet (that happens at 02:00): no debit may appear early.
    const data = generateDataset({ seed: 42, nowMs: Date.parse('2026-06-15T01:00:00Z'), cdrCount: 3000 });
    const last = data.transactions[data.transactions.length - 1];
    expect(last.created_at < '2026-06-15T01:00:00').toBe(true);
    expect(data.transactions.some((t) => t.reference_id === '2026-06-14')).toBe(false);
    let running = 0;
    for (const entry of data.transactions) {
      running = Math.round((running + entry.amount) * 100) / 100;
      expect(entry.balance_after).toBe(running);
    }
  });

  test('a number places calls only after it was created', () => {
    const data = generateDataset({ seed: 42, nowMs: Date.parse(TEST_NOW), cdrCount: 3000 });
    const created = new Map(data.numbers.map((n) => [n.number, Date.parse(n.created_at)]));
    const early = data.calls.filter((c) => Date.parse(c.start_time) < (created.get(c.caller_id) as number));
    expect(early).toEqual([]);
  });
});

describe('a sandbox pinned with `now`', () => {
  const PINNED = '2026-06-15T22:24:00Z';
  let sandbox: SandboxHandle;

  beforeAll(async () => {
    sandbox = await startSandbox({ now: PINNED, cdrCount: 3000 });
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  test('its clock starts at the pinned instant and its latest CDR is not after it', async () => {
    const health = await (await fetch(new URL('/__sandbox/health', sandbox.baseUrl))).json();
    expect(health).toMatchObject({ ok: true, today: '2026-06-15', seed: 42, cdrCount: 3000 });
    expect(Date.parse(health.now)).toBeGreaterThanOrEqual(Date.parse(PINNED));
    const latest = await callApi(sandbox, '/v1/portal/usage/calls?per_page=1', { key: sandbox.keys.usageOnly });
    expect(latest.json.data[0].start_time.startsWith('2026-06-15')).toBe(true);
    expect(Date.parse(latest.json.data[0].start_time)).toBeLessThanOrEqual(Date.parse(PINNED));
    const stats = await sandbox.stats();
    expect(Date.parse(stats.requests[stats.requests.length - 1].at)).toBeGreaterThanOrEqual(Date.parse(PINNED));
  });

  test('every month of the past 13 has usage, a chart, breakdowns, ledger entries and SMS through the API', async () => {
    const keys = sandbox.keys;
    for (const month of historyMonths(PINNED).slice(0, -1)) {
      const first = `${month}-01`;
      const last = isoDay(addMonths(parseIsoDay(first) as number, 1) - 86_400_000);
      const window = `from=${first}&to=${last}`;
      const summary = (await callApi(sandbox, `/v1/portal/usage/summary?${window}`, { key: keys.usageOnly })).json;
      const chart = (await callApi(sandbox, `/v1/portal/usage/chart?${window}`, { key: keys.usageOnly })).json;
      const byDid = (await callApi(sandbox, `/v1/portal/usage/by-did?${window}`, { key: keys.usageOnly })).json;
      const ledger = (await callApi(sandbox, `/v1/wallet/transactions?${window}`, { key: keys.billingOnly })).json;
      const sms = (await callApi(sandbox, `/v1/sms/messages?${window}`, { key: keys.full })).json;
      const sumCalls = (rows: { calls: number }[]) => rows.reduce((s, r) => s + r.calls, 0);
      expect({
        month,
        calls: summary.total_calls > 0,
        chart: sumCalls(chart.days) === summary.total_calls,
        byDid: sumCalls(byDid) === summary.total_calls,
        ledger: ledger.total > 0,
        sms: sms.total > 0,
      }).toEqual({ month, calls: true, chart: true, byDid: true, ledger: true, sms: true });
    }
  });
});

test('without `now` the sandbox runs on the real time', async () => {
  const before = Date.now();
  const sandbox = await startSandbox({ cdrCount: 100 });
  try {
    const health = await (await fetch(new URL('/__sandbox/health', sandbox.baseUrl))).json();
    const after = Date.now();
    expect(Date.parse(health.now)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(health.now)).toBeLessThanOrEqual(after);
    expect(health.today).toBe(new Date(Date.parse(health.now)).toISOString().slice(0, 10));
  } finally {
    await sandbox.stop();
  }
});

test('a `now` that is not an ISO instant with a zone is refused at start-up', async () => {
  await expect(startSandbox({ now: '2026-06-15' })).rejects.toThrow(/now.*ISO instant/);
});
