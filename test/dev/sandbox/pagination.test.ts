// Sandbox API: Laravel pagination (shape, per_page cap, pages beyond the last) and the 422 validation envelopes.

import { TEST_NOW } from '../../../dev/clock';
import { type SandboxHandle, startSandbox } from '../../../dev/sandbox/spawn';
import { callApi, fetchAllPages } from './client';

let sandbox: SandboxHandle;

beforeAll(async () => {
  sandbox = await startSandbox({ now: TEST_NOW, cdrCount: 3000 });
});
afterAll(async () => {
  await sandbox?.stop();
});
afterEach(async () => {
  await sandbox.reset();
});

interface Call {
  id: number;
  start_time: string;
  destination: string;
}

const LARAVEL_KEYS = [
  'current_page',
  'data',
  'first_page_url',
  'from',
  'last_page',
  'last_page_url',
  'links',
  'next_page_url',
  'path',
  'per_page',
  'prev_page_url',
  'to',
  'total',
];

describe('Laravel pagination', () => {
  it('uses the standard paginator shape with 15 rows per page by default', async () => {
    const response = await callApi(sandbox, '/v1/portal/usage/calls', { key: sandbox.keys.usageOnly });
    expect(Object.keys(response.json)).toEqual(LARAVEL_KEYS);
    expect(response.json.per_page).toBe(15);
    expect(response.json.data).toHaveLength(15);
    expect(response.json.current_page).toBe(1);
    expect(response.json.from).toBe(1);
    expect(response.json.to).toBe(15);
    expect(response.json.prev_page_url).toBeNull();
    expect(response.json.next_page_url).toMatch(/\/api\/v1\/portal\/usage\/calls\?page=2$/);
  });

  it('caps per_page at 100 and reports the capped value', async () => {
    const response = await callApi(sandbox, '/v1/portal/usage/calls?from=2026-03-15&to=2026-06-15&per_page=500', {
      key: sandbox.keys.usageOnly,
    });
    expect(response.json.per_page).toBe(100);
    expect(response.json.data).toHaveLength(100);
    expect(response.json.last_page).toBe(Math.ceil(response.json.total / 100));
    expect(response.json.next_page_url).toContain('per_page=500');
  });

  it('yields every CDR of the window exactly once when paging with a capped per_page', async () => {
    await sandbox.config({ perPageCap: 37 });
    const { rows, perPage, pages } = await fetchAllPages(
      sandbox,
      '/v1/portal/usage/calls?from=2026-05-01&to=2026-05-31&per_page=1000',
      sandbox.keys.usageOnly,
    );
    expect(perPage).toBe(37);
    const expected = (await sandbox.data<Call>('calls')).filter(
      (c) => c.start_time >= '2026-05-01' && c.start_time < '2026-06-01',
    );
    const ids = (rows as Call[]).map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort((a, b) => a - b)).toEqual(expected.map((c) => c.id).sort((a, b) => a - b));
    expect(pages).toBe(Math.ceil(expected.length / 37));
  });

  it('lists calls newest first', async () => {
    const { json } = await callApi(sandbox, '/v1/portal/usage/calls?per_page=50', { key: sandbox.keys.usageOnly });
    const times = json.data.map((c: Call) => c.start_time);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('returns empty data beyond the last page', async () => {
    const response = await callApi(sandbox, '/v1/portal/numbers?page=99', { key: sandbox.keys.readOnly });
    expect(response.status).toBe(200);
    expect(response.json.data).toEqual([]);
    expect(response.json.current_page).toBe(99);
    expect(response.json.from).toBeNull();
    expect(response.json.to).toBeNull();
    expect(response.json.last_page).toBe(1);
  });

  it('filters CDRs by dialling code given as 44 or +44 (a raw + arrives as a space)', async () => {
    for (const country of ['44', '%2B44', '+44']) {
      const { rows } = await fetchAllPages(
        sandbox,
        `/v1/portal/usage/calls?from=2026-06-01&to=2026-06-15&per_page=100&country=${country}`,
        sandbox.keys.usageOnly,
      );
      expect(rows.length).toBeGreaterThan(0);
      expect((rows as Call[]).every((c) => c.destination.startsWith('+44'))).toBe(true);
    }
    const ireland = await fetchAllPages(
      sandbox,
      '/v1/portal/usage/calls?from=2026-03-15&to=2026-06-15&per_page=100&country=353',
      sandbox.keys.usageOnly,
    );
    expect((ireland.rows as Call[]).every((c) => c.destination.startsWith('+353'))).toBe(true);
  });

  it('paginates the wallet ledger, SMS, orders and numbers too', async () => {
    for (const path of [
      '/v1/wallet/transactions',
      '/v1/sms/messages',
      '/v1/portal/orders',
      '/v1/portal/numbers',
      '/v1/whatsapp/messages',
    ]) {
      const response = await callApi(sandbox, `${path}?per_page=5`, { key: sandbox.keys.full });
      expect(Object.keys(response.json)).toEqual(LARAVEL_KEYS);
      expect(response.json.data.length).toBeLessThanOrEqual(5);
    }
  });
});

describe('422 validation envelopes', () => {
  it.each([
    ['/v1/portal/usage/calls?from=2026-02-30', 'from', 'The from field must be a valid date.'],
    ['/v1/portal/usage/summary?to=15/06/2026', 'to', 'The to field must match the format Y-m-d.'],
    ['/v1/portal/usage/export?from=2026-06-10&to=2026-06-01', 'from', 'The from field must be a date before or equal to to.'],
    ['/v1/portal/usage/calls?country=UK', 'country', 'The country field must be a dialling code such as 44 or +44.'],
    ['/v1/portal/usage/calls?per_page=abc', 'per_page', 'The per page field must be an integer.'],
    ['/v1/portal/usage/export?format=docx', 'format', 'The selected format is invalid. Use csv, xlsx or pdf.'],
  ])('%s → 422 on %s', async (path, field, message) => {
    const response = await callApi(sandbox, path, { key: sandbox.keys.full });
    expect(response.status).toBe(422);
    expect(response.json).toEqual({ message, errors: { [field]: [message] } });
  });

  it('requires a 2-letter country for the public number search', async () => {
    const missing = await callApi(sandbox, '/v1/numbers/search');
    expect(missing.status).toBe(422);
    expect(missing.json.errors.country).toEqual(['The country field is required.']);
    const tooLong = await callApi(sandbox, '/v1/numbers/search?country=GBR&type=satellite');
    expect(tooLong.status).toBe(422);
    expect(Object.keys(tooLong.json.errors)).toEqual(['country', 'type']);
    expect(tooLong.json.message).toMatch(/\(and 1 more error\)$/);
  });

  it('filters the number search by type', async () => {
    const { json } = await callApi(sandbox, '/v1/numbers/search?country=de&type=toll_free');
    expect(json.numbers.length).toBeGreaterThan(0);
    for (const number of json.numbers) {
      expect(Object.keys(number).slice(0, 4)).toEqual(['number', 'country_code', 'type', 'monthly_price']);
      expect(number).toMatchObject({ country_code: 'DE', type: 'toll_free' });
      expect(number.number).toMatch(/^\+49/);
    }
  });

  it('validates an SMS send field by field', async () => {
    const response = await callApi(sandbox, '/v1/sms/messages', {
      key: sandbox.keys.messaging,
      method: 'POST',
      body: { from: '+442079460831', to: '0044123', body: '' },
    });
    expect(response.status).toBe(422);
    expect(response.json.errors).toEqual({
      from: ['The from number is not one of your SMS-enabled numbers.'],
      to: ['The to field must be a phone number in E.164 format.'],
      body: ['The body field is required.'],
    });
  });

  it('sends an SMS: 201 with the documented data envelope, then lists it', async () => {
    const response = await callApi(sandbox, '/v1/sms/messages', {
      key: sandbox.keys.messaging,
      method: 'POST',
      body: { from: '+447700900123', to: '+4915112345678', body: 'Hello from the sandbox' },
    });
    expect(response.status).toBe(201);
    expect(Object.keys(response.json.data)).toEqual(['id', 'from', 'to', 'status', 'segments', 'cost', 'currency']);
    expect(response.json.data).toMatchObject({
      from: '+447700900123',
      to: '+4915112345678',
      status: 'queued',
      segments: 1,
      cost: 0.04,
      currency: 'EUR',
    });
    const one = await callApi(sandbox, `/v1/sms/messages/${response.json.data.id}`, { key: sandbox.keys.messaging });
    expect(one.json.data.body).toBe('Hello from the sandbox');
  });

  it('changes forwarding, label and cancellation state, and reset restores them', async () => {
    const key = sandbox.keys.numbersOnly;
    const bad = await callApi(sandbox, '/v1/portal/numbers/101/forwarding', {
      key,
      method: 'PATCH',
      body: { type: 'phone', destination: '12345' },
    });
    expect(bad.status).toBe(422);
    expect(bad.json.errors.destination).toBeDefined();
    const forwarding = await callApi(sandbox, '/v1/portal/numbers/101/forwarding', {
      key,
      method: 'PATCH',
      body: { type: 'phone', destination: '+31687654321' },
    });
    expect(forwarding.json.data.forwarding).toEqual({ type: 'phone', destination: '+31687654321' });
    const label = await callApi(sandbox, '/v1/portal/numbers/101/label', { key, method: 'PATCH', body: { label: 'Renamed' } });
    expect(label.json.data.label).toBe('Renamed');
    const cancel = await callApi(sandbox, '/v1/portal/numbers/101/cancel', { key, method: 'POST' });
    expect(cancel.json.data).toMatchObject({ status: 'cancel_pending', cancels_at: '2026-06-30' });
    const again = await callApi(sandbox, '/v1/portal/numbers/101/cancel', { key, method: 'POST' });
    expect(again.status).toBe(422);
    const after = await callApi(sandbox, '/v1/portal/numbers/101', { key });
    expect(after.json.data).toMatchObject({ label: 'Renamed', status: 'cancel_pending' });

    await sandbox.reset();
    const restored = await callApi(sandbox, '/v1/portal/numbers/101', { key });
    expect(restored.json.data).toMatchObject({ label: 'London HQ', status: 'active', forwarding: { type: 'sip' } });
  });
});
