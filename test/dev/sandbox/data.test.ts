// Sandbox API: deterministic seeded data, figures consistent with the CDRs, and a CSV export that round-trips.

import { inflateRawSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { generateDataset, HISTORY_MONTHS } from '../../../dev/sandbox/seed';
import { TEST_NOW } from '../../../dev/clock';
import { type SandboxHandle, startSandbox } from '../../../dev/sandbox/spawn';
import { callApi, fetchAllPages } from './client';

const NOW_MS = Date.parse(TEST_NOW);
const TODAY = TEST_NOW.slice(0, 10); // 2026-06-15
const DOCUMENTED_CDR_FIELDS = [
  'id',
  'call_id',
  'destination',
  'caller_id',
  'start_time',
  'duration_seconds',
  'billable_seconds',
  'rate_per_minute',
  'charge',
  'currency',
  'billing_status',
];
const SUMMARY_FIELDS = [
  'minutes_this_month',
  'charges_this_month',
  'total_calls',
  'active_calls',
  'open_holds',
  'wallet_balance',
  'available_balance',
  'billing_mode',
  'credit_limit',
];

interface Call {
  id: number;
  call_id: string;
  destination: string;
  caller_id: string;
  start_time: string;
  billable_seconds: number;
  charge: number;
  trunk: string;
  destination_country: string;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const inWindow = (call: Call, from: string, to: string) =>
  call.start_time.slice(0, 10) >= from && call.start_time.slice(0, 10) <= to;

/** Reads one deflated entry of a ZIP file through its central directory. */
function readZipEntry(file: Buffer, name: string): string {
  const end = file.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let pointer = file.readUInt32LE(end + 16);
  for (let i = 0; i < file.readUInt16LE(end + 10); i++) {
    const nameLength = file.readUInt16LE(pointer + 28);
    const entryName = file.toString('utf8', pointer + 46, pointer + 46 + nameLength);
    const local = file.readUInt32LE(pointer + 42);
    if (entryName === name) {
      const size = file.readUInt32LE(pointer + 20);
      const start = local + 30 + file.readUInt16LE(local + 26) + file.readUInt16LE(local + 28);
      return inflateRawSync(file.subarray(start, start + size)).toString('utf8');
    }
    pointer += 46 + nameLength + file.readUInt16LE(pointer + 30) + file.readUInt16LE(pointer + 32);
  }
  throw new Error(`${name} not found in the ZIP`);
}

let sandbox: SandboxHandle;
let twin: SandboxHandle;
let calls: Call[];

beforeAll(async () => {
  [sandbox, twin] = await Promise.all([startSandbox({ now: TEST_NOW }), startSandbox({ now: TEST_NOW })]);
  calls = await sandbox.data<Call>('calls');
});
afterAll(async () => {
  await Promise.all([sandbox?.stop(), twin?.stop()]);
});
afterEach(async () => {
  await sandbox.reset();
});

describe('seeded data', () => {
  it('is identical for the same seed and now, and differs for another seed', async () => {
    for (const name of ['calls', 'numbers', 'invoices', 'transactions', 'sms', 'orders']) {
      expect(await twin.data(name)).toEqual(await sandbox.data(name));
    }
    expect(twin.keys).toEqual(sandbox.keys);
    const other = generateDataset({ seed: 7, nowMs: NOW_MS, cdrCount: 100 });
    const same = generateDataset({ seed: 42, nowMs: NOW_MS, cdrCount: 100 });
    expect(other.calls).not.toEqual(same.calls);
    expect(generateDataset({ seed: 42, nowMs: NOW_MS, cdrCount: 100 })).toEqual(same);
  });

  it('spreads 12,000 CDRs from the 1st of the month 13 months back up to now, in documented field order', () => {
    expect(HISTORY_MONTHS).toBe(13);
    expect(calls).toHaveLength(12000);
    expect(calls[0].start_time.slice(0, 7)).toBe('2025-05');
    expect(calls[calls.length - 1].start_time.startsWith(TODAY)).toBe(true);
    expect(Date.parse(calls[calls.length - 1].start_time)).toBeLessThanOrEqual(NOW_MS);
    for (const call of calls.slice(0, 50)) {
      expect(Object.keys(call).slice(0, DOCUMENTED_CDR_FIELDS.length)).toEqual(DOCUMENTED_CDR_FIELDS);
      expect(call.start_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
      expect(typeof call.call_id).toBe('string');
      expect(call.destination).toMatch(/^\+\d+$/);
    }
  });

  it('contains the awkward values a spreadsheet must survive', async () => {
    const callIds = calls.map((c) => c.call_id);
    expect(callIds).toEqual(expect.arrayContaining(['00123', '1e5', '=HYPERLINK("http://x","y")']));
    expect(calls.some((c) => c.trunk === 'Main, "HQ"\nFloor 2')).toBe(true);
    const numbers = await sandbox.data<{ number: string; label: string; country_code: string }>('numbers');
    expect(numbers.length).toBeGreaterThanOrEqual(8);
    expect(new Set(numbers.map((n) => n.country_code))).toEqual(new Set(['GB', 'NL', 'DE', 'US', 'FR', 'BE']));
    expect(numbers.map((n) => n.label)).toEqual(
      expect.arrayContaining(['<img src=x onerror=alert(1)>', '=HYPERLINK("http://x","y")']),
    );
    const callers = new Set(calls.map((c) => c.caller_id));
    for (const caller of callers) expect(numbers.map((n) => n.number)).toContain(caller);
  });

  // Generation speed is measured by `npm run bench` (the 100k export), never asserted here.
  it('generates 100,000 CDRs with unique ids', () => {
    const dataset = generateDataset({ seed: 1, nowMs: NOW_MS, cdrCount: 100_000 });
    expect(dataset.calls).toHaveLength(100_000);
    expect(new Set(dataset.calls.map((c) => c.id)).size).toBe(100_000);
  });
});

describe('figures computed from the CDRs', () => {
  it('summary: documented fields in documented order, totals of the current month by default', async () => {
    const { json } = await callApi(sandbox, '/v1/portal/usage/summary', { key: sandbox.keys.full });
    expect(Object.keys(json)).toEqual(SUMMARY_FIELDS);
    const month = calls.filter((c) => inWindow(c, '2026-06-01', '2026-06-30'));
    expect(json.total_calls).toBe(month.length);
    expect(json.minutes_this_month).toBe(round2(month.reduce((s, c) => s + c.billable_seconds, 0) / 60));
    expect(json.charges_this_month).toBe(round2(month.reduce((s, c) => s + c.charge, 0)));
    const balance = await callApi(sandbox, '/v1/wallet/balance', { key: sandbox.keys.full });
    expect(json.wallet_balance).toBe(balance.json.balance);
    expect(json.available_balance).toBe(round2(json.wallet_balance - json.open_holds));
  });

  it('summary honours from/to and agrees with the paged calls', async () => {
    const window = 'from=2026-04-03&to=2026-04-09';
    const { json } = await callApi(sandbox, `/v1/portal/usage/summary?${window}`, { key: sandbox.keys.full });
    const { rows } = await fetchAllPages(sandbox, `/v1/portal/usage/calls?${window}&per_page=100`, sandbox.keys.full);
    expect(json.total_calls).toBe(rows.length);
    expect(json.charges_this_month).toBe(round2((rows as Call[]).reduce((s, c) => s + c.charge, 0)));
  });

  it('breakdowns add up to the same totals as the calls of the window', async () => {
    const window = 'from=2026-05-01&to=2026-05-31';
    const expected = calls.filter((c) => inWindow(c, '2026-05-01', '2026-05-31'));
    const sum = (rows: { calls: number }[]) => rows.reduce((s, r) => s + r.calls, 0);
    const chart = await callApi(sandbox, `/v1/portal/usage/chart?${window}`, { key: sandbox.keys.usageOnly });
    expect(chart.json.days).toHaveLength(31);
    expect(Object.keys(chart.json.days[0])).toEqual(['date', 'minutes', 'cost', 'calls']);
    expect(sum(chart.json.days)).toBe(expected.length);
    const byDid = await callApi(sandbox, `/v1/portal/usage/by-did?${window}`, { key: sandbox.keys.usageOnly });
    expect(Array.isArray(byDid.json)).toBe(true);
    expect(sum(byDid.json)).toBe(expected.length);
    const london = byDid.json.find((r: { did: string }) => r.did === '+442079460831');
    expect(london.calls).toBe(expected.filter((c) => c.caller_id === '+442079460831').length);
    const byDestination = await callApi(sandbox, `/v1/portal/usage/by-destination?${window}`, { key: sandbox.keys.usageOnly });
    expect(sum(byDestination.json.destinations)).toBe(expected.length);
    const germany = byDestination.json.destinations.find((d: { country_code: string }) => d.country_code === 'DE');
    expect(germany.cost).toBe(round2(expected.filter((c) => c.destination_country === 'DE').reduce((s, c) => s + c.charge, 0)));
    const byTrunk = await callApi(sandbox, `/v1/portal/usage/by-trunk?${window}`, { key: sandbox.keys.usageOnly });
    expect(Object.keys(byTrunk.json)).toEqual(['data']);
    expect(sum(byTrunk.json.data)).toBe(expected.length);
  });

  it('comparison: this month to date against the whole of last month, with deltas', async () => {
    const { json } = await callApi(sandbox, '/v1/portal/usage/comparison', { key: sandbox.keys.usageOnly });
    expect(json.this_month).toMatchObject({
      from: '2026-06-01',
      to: TODAY,
      calls: calls.filter((c) => inWindow(c, '2026-06-01', TODAY)).length,
    });
    expect(json.last_month).toMatchObject({
      from: '2026-05-01',
      to: '2026-05-31',
      calls: calls.filter((c) => inWindow(c, '2026-05-01', '2026-05-31')).length,
    });
    expect(json.delta.calls).toBe(json.this_month.calls - json.last_month.calls);
    expect(json.delta.cost).toBe(round2(json.this_month.cost - json.last_month.cost));
  });

  it('wallet ledger entries chain into the current balance', async () => {
    const ledger = await sandbox.data<{ amount: number; balance_after: number }>('transactions');
    let running = 0;
    for (const entry of ledger) {
      running = round2(running + entry.amount);
      expect(entry.balance_after).toBe(running);
    }
    const { json } = await callApi(sandbox, '/v1/wallet/balance', { key: sandbox.keys.billingOnly });
    expect(json).toEqual({ balance: running, currency: 'EUR' });
  });
});

describe('export', () => {
  it('streams every CDR of the window as RFC 4180 CSV that round-trips through csv-parse', async () => {
    const response = await fetch(`${sandbox.baseUrl}/v1/portal/usage/export?format=csv&from=2025-05-01&to=${TODAY}`, {
      headers: { Authorization: `Bearer ${sandbox.keys.usageOnly}` },
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = await response.text();
    const records = parse(text, { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(calls.length);
    expect(Object.keys(records[0]).slice(0, DOCUMENTED_CDR_FIELDS.length)).toEqual(DOCUMENTED_CDR_FIELDS);
    const byId = new Map(calls.map((c) => [String(c.id), c]));
    for (const record of records) {
      const call = byId.get(record.id) as Call;
      expect(record.call_id).toBe(call.call_id);
      expect(record.destination).toBe(call.destination);
      expect(record.caller_id).toBe(call.caller_id);
      expect(record.trunk).toBe(call.trunk);
      expect(Number(record.charge)).toBe(call.charge);
    }
    expect(text).toContain('"Main, ""HQ""\nFloor 2"');
    expect(text).toMatch(/,\+44\d+,/);
  });

  it('exports only the requested dialling code', async () => {
    const response = await fetch(`${sandbox.baseUrl}/v1/portal/usage/export?from=2026-06-01&to=${TODAY}&country=%2B49`, {
      headers: { Authorization: `Bearer ${sandbox.keys.usageOnly}` },
    });
    const records = parse(await response.text(), { columns: true }) as Record<string, string>[];
    expect(records.length).toBe(calls.filter((c) => inWindow(c, '2026-06-01', TODAY) && c.destination.startsWith('+49')).length);
  });

  it('keeps injected nasty values intact in the CSV', async () => {
    const nasty = {
      ...calls[calls.length - 1],
      id: 999999,
      call_id: "=cmd|' /C calc'!A0",
      trunk: 'a,b\r\n"c"',
      destination: '+4915112345678',
    };
    await sandbox.putData('calls', [nasty]);
    const response = await fetch(`${sandbox.baseUrl}/v1/portal/usage/export?from=${TODAY}&to=${TODAY}`, {
      headers: { Authorization: `Bearer ${sandbox.keys.usageOnly}` },
    });
    const records = parse(await response.text(), { columns: true }) as Record<string, string>[];
    const found = records.find((r) => r.id === '999999');
    expect(found).toMatchObject({ call_id: nasty.call_id, trunk: nasty.trunk });
  });

  it('exports XLSX with phone numbers and call ids as text cells', async () => {
    const response = await fetch(`${sandbox.baseUrl}/v1/portal/usage/export?format=xlsx&from=${TODAY}&to=${TODAY}`, {
      headers: { Authorization: `Bearer ${sandbox.keys.usageOnly}` },
    });
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const sheet = readZipEntry(Buffer.from(await response.arrayBuffer()), 'xl/worksheets/sheet1.xml');
    expect(sheet).toContain('<t xml:space="preserve">00123</t>');
    expect(sheet).toContain('<t xml:space="preserve">=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)</t>');
    expect(sheet).toMatch(/<t xml:space="preserve">\+44\d+<\/t>/);
    expect((sheet.match(/<row /g) ?? []).length).toBe(1 + calls.filter((c) => c.start_time.startsWith(TODAY)).length);
  });

  it('serves small valid PDFs for the export and for invoices', async () => {
    for (const path of [
      '/v1/portal/usage/export?format=pdf&from=2026-06-14&to=2026-06-15',
      '/v1/portal/invoices/INV-2026-0042/pdf',
    ]) {
      const response = await fetch(`${sandbox.baseUrl}${path}`, { headers: { Authorization: `Bearer ${sandbox.keys.full}` } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      const text = Buffer.from(await response.arrayBuffer()).toString('latin1');
      expect(text.startsWith('%PDF-1.4')).toBe(true);
      const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1]);
      expect(text.slice(startxref, startxref + 4)).toBe('xref');
    }
    const invoices = await callApi(sandbox, '/v1/portal/invoices', { key: sandbox.keys.billingOnly });
    const withoutPdf = invoices.json.invoices.find((i: { has_pdf: boolean }) => !i.has_pdf);
    expect((await callApi(sandbox, `/v1/portal/invoices/${withoutPdf.id}/pdf`, { key: sandbox.keys.billingOnly })).status).toBe(
      404,
    );
  });
});

describe('undocumented shapes', () => {
  it('serves each list in its own shape', async () => {
    const key = sandbox.keys.full;
    expect(Object.keys((await callApi(sandbox, '/v1/portal/invoices', { key })).json)).toEqual(['invoices']);
    expect(Object.keys((await callApi(sandbox, '/v1/portal/credit-notes', { key })).json)).toEqual(['credit_notes']);
    expect(Object.keys((await callApi(sandbox, '/v1/portal/billing/timeline', { key })).json)).toEqual(['timeline', 'meta']);
    expect(Object.keys((await callApi(sandbox, '/v1/whatsapp/templates', { key })).json)).toEqual(['templates']);
    const orders = (await callApi(sandbox, '/v1/portal/orders', { key })).json;
    expect(orders.data[0].item).toEqual(expect.objectContaining({ number: expect.stringMatching(/^\+/) }));
    const invoice = (await callApi(sandbox, '/v1/portal/invoices', { key })).json.invoices[0];
    expect(Object.keys(invoice).slice(0, 7)).toEqual([
      'invoice_number',
      'total',
      'subtotal',
      'tax',
      'currency',
      'status',
      'has_pdf',
    ]);
    const number = (await callApi(sandbox, '/v1/portal/numbers', { key })).json.data[0];
    expect(Object.keys(number).slice(0, 9)).toEqual([
      'id',
      'number',
      'country_code',
      'type',
      'label',
      'status',
      'monthly_price',
      'forwarding',
      'created_at',
    ]);
    const ledger = (await callApi(sandbox, '/v1/wallet/transactions', { key })).json.data[0];
    expect(ledger).toEqual(
      expect.objectContaining({
        amount: expect.any(Number),
        balance_after: expect.any(Number),
        type: expect.any(String),
        reference_type: expect.any(String),
      }),
    );
  });
});
