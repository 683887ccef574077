// Sandbox API: Bearer keys, scope enforcement and the 401/403/404/405 envelopes, over real HTTP.

import { TEST_NOW } from '../../../dev/clock';
import { type SandboxHandle, startSandbox } from '../../../dev/sandbox/spawn';
import { callApi } from './client';

let sandbox: SandboxHandle;

beforeAll(async () => {
  sandbox = await startSandbox({ now: TEST_NOW, cdrCount: 2000 });
});
afterAll(async () => {
  await sandbox?.stop();
});

describe('authentication', () => {
  it('answers 401 unauthenticated without a key', async () => {
    const response = await callApi(sandbox, '/v1/wallet/balance');
    expect(response.status).toBe(401);
    expect(response.json).toEqual({ error: 'unauthenticated', message: 'Unauthenticated.' });
  });

  it.each([
    ['an unknown id', () => '999|nope'],
    ['a wrong secret', () => `${sandbox.keys.full.split('|')[0]}|wrongsecret`],
    ['a secret without its id', () => sandbox.keys.full.split('|')[1]],
    ['a revoked key', () => sandbox.keys.revoked],
  ])('answers 401 for %s', async (_name, key) => {
    const response = await callApi(sandbox, '/v1/portal/usage/summary', { key: key() });
    expect(response.status).toBe(401);
    expect(response.json.error).toBe('unauthenticated');
  });

  it('rejects a non-Bearer Authorization header', async () => {
    const response = await callApi(sandbox, '/v1/wallet/balance', { headers: { Authorization: `Basic ${sandbox.keys.full}` } });
    expect(response.status).toBe(401);
  });

  it('accepts the full key on every documented read endpoint', async () => {
    const paths = [
      '/v1/portal/numbers',
      '/v1/portal/numbers/101',
      '/v1/portal/usage/summary',
      '/v1/portal/usage/calls',
      '/v1/portal/usage/chart',
      '/v1/portal/usage/by-did',
      '/v1/portal/usage/by-destination',
      '/v1/portal/usage/by-trunk',
      '/v1/portal/usage/comparison',
      '/v1/portal/invoices',
      '/v1/portal/credit-notes',
      '/v1/portal/billing/timeline',
      '/v1/portal/orders',
      '/v1/wallet/balance',
      '/v1/wallet/transactions',
      '/v1/sms/messages',
      '/v1/sms/messages/5001',
      '/v1/sms/numbers',
      '/v1/whatsapp/messages',
      '/v1/whatsapp/templates',
      '/v1/portal/api-keys/scopes',
    ];
    for (const path of paths) {
      const response = await callApi(sandbox, path, { key: sandbox.keys.full });
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    }
  });
});

describe('scopes', () => {
  it.each([
    ['usageOnly', '/v1/wallet/balance', 'billing:read'],
    ['usageOnly', '/v1/portal/numbers', 'numbers:read'],
    ['billingOnly', '/v1/portal/usage/calls', 'usage:read'],
    ['billingOnly', '/v1/sms/messages', 'sms:read'],
    ['noScopes', '/v1/portal/invoices', 'billing:read'],
  ] as const)('%s on %s → 403 naming %s', async (profile, path, scope) => {
    const response = await callApi(sandbox, path, { key: sandbox.keys[profile] });
    expect(response.status).toBe(403);
    expect(response.json).toEqual({
      error: 'insufficient_scope',
      message: `This API key is missing the required scope: ${scope}.`,
      required_scope: scope,
    });
  });

  it('lets the read-only preset read every read endpoint family', async () => {
    for (const path of [
      '/v1/portal/numbers',
      '/v1/portal/usage/summary',
      '/v1/wallet/balance',
      '/v1/sms/messages',
      '/v1/whatsapp/templates',
    ]) {
      const response = await callApi(sandbox, path, { key: sandbox.keys.readOnly });
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
    }
  });

  it('refuses writes to a read-only key with the documented sms:write envelope', async () => {
    const response = await callApi(sandbox, '/v1/sms/messages', {
      key: sandbox.keys.readOnly,
      method: 'POST',
      body: { from: '+447700900123', to: '+4915112345678', body: 'hi' },
    });
    expect(response.status).toBe(403);
    expect(response.json).toEqual({
      error: 'insufficient_scope',
      message: 'This API key is missing the required scope: sms:write.',
      required_scope: 'sms:write',
    });
  });

  it('refuses number changes without numbers:write', async () => {
    const response = await callApi(sandbox, '/v1/portal/numbers/101/label', {
      key: sandbox.keys.readOnly,
      method: 'PATCH',
      body: { label: 'x' },
    });
    expect(response.status).toBe(403);
    expect(response.json.required_scope).toBe('numbers:write');
  });

  it('serves number search publicly, with or without a key', async () => {
    const anonymous = await callApi(sandbox, '/v1/numbers/search?country=GB');
    expect(anonymous.status).toBe(200);
    expect(anonymous.json.numbers.length).toBeGreaterThan(0);
    const withKey = await callApi(sandbox, '/v1/numbers/search?country=GB', { key: sandbox.keys.noScopes });
    expect(withKey.json).toEqual(anonymous.json);
  });

  it('lets any valid key read the scope catalog', async () => {
    const response = await callApi(sandbox, '/v1/portal/api-keys/scopes', { key: sandbox.keys.noScopes });
    expect(response.status).toBe(200);
    expect(response.json.scopes.map((s: { scope: string }) => s.scope)).toContain('usage:read');
  });
});

describe('unknown routes', () => {
  it('answers 404 JSON for an unknown path, even without a key', async () => {
    const response = await callApi(sandbox, '/v1/portal/nothing-here');
    expect(response.status).toBe(404);
    expect(response.json.error).toBe('not_found');
  });

  it('answers 404 JSON for an unknown record', async () => {
    const response = await callApi(sandbox, '/v1/portal/numbers/999999', { key: sandbox.keys.full });
    expect(response.status).toBe(404);
    expect(response.json.error).toBe('not_found');
  });

  it('answers 405 with Allow for a wrong method', async () => {
    const response = await callApi(sandbox, '/v1/wallet/balance', { key: sandbox.keys.full, method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toContain('GET');
  });
});
