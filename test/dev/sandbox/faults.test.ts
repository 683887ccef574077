// Sandbox API: rate limits (429 + Retry-After), injected faults (429, 5xx, HTML, truncation, latency) and the request log.

import { TEST_NOW } from '../../../dev/clock';
import { type SandboxHandle, startSandbox } from '../../../dev/sandbox/spawn';
import { callApi } from './client';

let sandbox: SandboxHandle;

beforeAll(async () => {
  sandbox = await startSandbox({ now: TEST_NOW, cdrCount: 1000 });
});
afterAll(async () => {
  await sandbox?.stop();
});
afterEach(async () => {
  await sandbox.reset();
});

describe('rate limits', () => {
  it('allows 60 messaging requests a minute, then answers 429 with Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++)
      statuses.push((await callApi(sandbox, '/v1/sms/numbers', { key: sandbox.keys.messaging })).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const limited = await callApi(sandbox, '/v1/whatsapp/templates', { key: sandbox.keys.messaging });
    expect(limited.status).toBe(429);
    expect(limited.json.error).toBe('too_many_requests');
    expect(typeof limited.json.message).toBe('string');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Reporting endpoints have their own (larger) budget.
    expect((await callApi(sandbox, '/v1/wallet/balance', { key: sandbox.keys.full })).status).toBe(200);
  });

  it('shares the limit between all keys of the same user', async () => {
    await sandbox.config({ rateLimitPerMinute: 3 });
    expect((await callApi(sandbox, '/v1/wallet/balance', { key: sandbox.keys.full })).status).toBe(200);
    expect((await callApi(sandbox, '/v1/wallet/balance', { key: sandbox.keys.readOnly })).status).toBe(200);
    expect((await callApi(sandbox, '/v1/portal/usage/summary', { key: sandbox.keys.usageOnly })).status).toBe(200);
    const limited = await callApi(sandbox, '/v1/portal/invoices', { key: sandbox.keys.billingOnly });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('forgets rate-limit windows on reset', async () => {
    await sandbox.config({ messagingRateLimitPerMinute: 1 });
    await callApi(sandbox, '/v1/sms/numbers', { key: sandbox.keys.messaging });
    expect((await callApi(sandbox, '/v1/sms/numbers', { key: sandbox.keys.messaging })).status).toBe(429);
    await sandbox.reset();
    expect((await callApi(sandbox, '/v1/sms/numbers', { key: sandbox.keys.messaging })).status).toBe(200);
  });
});

describe('injected faults', () => {
  it('answers the next n requests with 429 and the configured Retry-After', async () => {
    await sandbox.setFaults({ fail429: 2, retryAfter: 7 });
    for (let i = 0; i < 2; i++) {
      const response = await callApi(sandbox, '/v1/wallet/balance', { key: sandbox.keys.full });
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('7');
      expect(response.json.error).toBe('too_many_requests');
    }
    expect((await callApi(sandbox, '/v1/wallet/balance', { key: sandbox.keys.full })).status).toBe(200);
  });

  it('answers 5xx with a JSON envelope', async () => {
    await sandbox.setFaults({ fail5xx: 1 });
    const response = await callApi(sandbox, '/v1/wallet/balance', { key: sandbox.keys.full });
    expect(response.status).toBe(503);
    expect(response.json.error).toBe('service_unavailable');
  });

  it('answers 500 with an HTML page when asked', async () => {
    await sandbox.setFaults({ htmlError: 1 });
    const response = await callApi(sandbox, '/v1/wallet/balance', { key: sandbox.keys.full });
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.text).toMatch(/^<!DOCTYPE html>/);
    expect(response.json).toBeUndefined();
  });

  it('truncates a 200 body to half its length, with a matching Content-Length', async () => {
    const whole = await callApi(sandbox, '/v1/portal/invoices', { key: sandbox.keys.full });
    await sandbox.setFaults({ truncate: 1 });
    const cut = await callApi(sandbox, '/v1/portal/invoices', { key: sandbox.keys.full });
    expect(cut.status).toBe(200);
    expect(Buffer.byteLength(cut.text)).toBe(Math.floor(Buffer.byteLength(whole.text) / 2));
    expect(Number(cut.headers.get('content-length'))).toBe(Buffer.byteLength(cut.text));
    expect(() => JSON.parse(cut.text)).toThrow();
    expect(whole.text.startsWith(cut.text)).toBe(true);
  });

  it('truncates a streamed CSV export as well', async () => {
    await sandbox.setFaults({ truncate: 1, pathPattern: '/usage/export' });
    const cut = await callApi(sandbox, '/v1/portal/usage/export?format=csv', { key: sandbox.keys.full });
    const whole = await callApi(sandbox, '/v1/portal/usage/export?format=csv', { key: sandbox.keys.full });
    expect(cut.text.length).toBeLessThan(whole.text.length);
    expect(whole.text.startsWith(cut.text)).toBe(true);
  });

  it('limits faults to URLs matching pathPattern (query string included)', async () => {
    await sandbox.setFaults({ fail5xx: 5, pathPattern: 'usage/calls\\?.*page=2' });
    expect((await callApi(sandbox, '/v1/portal/usage/calls?page=1', { key: sandbox.keys.full })).status).toBe(200);
    expect((await callApi(sandbox, '/v1/wallet/balance', { key: sandbox.keys.full })).status).toBe(200);
    expect((await callApi(sandbox, '/v1/portal/usage/calls?page=2', { key: sandbox.keys.full })).status).toBe(503);
  });

  it('adds latency to affected requests', async () => {
    await sandbox.setFaults({ latencyMs: 300 });
    const started = Date.now();
    await callApi(sandbox, '/v1/wallet/balance', { key: sandbox.keys.full });
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('clears faults on reset', async () => {
    await sandbox.setFaults({ fail5xx: 10 });
    await sandbox.reset();
    expect((await callApi(sandbox, '/v1/wallet/balance', { key: sandbox.keys.full })).status).toBe(200);
  });
});

describe('request log', () => {
  it('records method, path, query, status and whether a key was sent, never the key itself', async () => {
    await callApi(sandbox, '/v1/portal/usage/calls?from=2026-06-01&per_page=5', { key: sandbox.keys.full });
    await callApi(sandbox, '/v1/wallet/balance');
    await sandbox.setFaults({ fail429: 1 });
    await callApi(sandbox, '/v1/wallet/balance', { key: sandbox.keys.full });
    const { requests } = await sandbox.stats();
    expect(requests).toHaveLength(3);
    expect(requests[0]).toMatchObject({
      method: 'GET',
      path: '/api/v1/portal/usage/calls',
      query: { from: '2026-06-01', per_page: '5' },
      status: 200,
      auth: true,
    });
    expect(requests[1]).toMatchObject({ path: '/api/v1/wallet/balance', status: 401, auth: false });
    expect(requests[2]).toMatchObject({ status: 429, fault: 'fail429' });
    expect(Number.isNaN(Date.parse(requests[0].at))).toBe(false);
    const secret = sandbox.keys.full.split('|')[1];
    expect(JSON.stringify(requests)).not.toContain(secret);
  });
});
