// Sandbox SMS endpoints (sms:read / sms:write) and the faults an at-most-once sender is tested against: a message
// that is created and then answered with a 5xx, a dropped connection or no answer at all.
import { TEST_NOW } from '../../../dev/clock';
import { type SandboxHandle, startSandbox } from '../../../dev/sandbox/spawn';
import { callApi } from './client';

let sandbox: SandboxHandle;
const SENDER = '+447700900123';

beforeAll(async () => {
  sandbox = await startSandbox({ now: TEST_NOW, cdrCount: 100 });
});
afterAll(async () => {
  await sandbox?.stop();
});
afterEach(async () => {
  await sandbox.reset();
});

const send = (body: unknown, key = sandbox.keys.full) => callApi(sandbox, '/v1/sms/messages', { key, method: 'POST', body });
const outbound = async (to: string) => ((await sandbox.data('sms')) as { to: string; body: string }[]).filter((m) => m.to === to);

describe('POST /v1/sms/messages', () => {
  it('creates a message (201, the documented shape) that GET /v1/sms/messages lists first', async () => {
    const created = await send({ from: SENDER, to: '+4915112340001', body: 'Hello €' });
    expect(created.status).toBe(201);
    expect(Object.keys(created.json.data)).toEqual(['id', 'from', 'to', 'status', 'segments', 'cost', 'currency']);
    expect(created.json.data).toMatchObject({ from: SENDER, to: '+4915112340001', status: 'queued', segments: 1, cost: 0.04 });
    const list = await callApi(sandbox, '/v1/sms/messages?per_page=5', { key: sandbox.keys.readOnly });
    expect(list.json.data[0]).toMatchObject({ id: created.json.data.id, body: 'Hello €', direction: 'outbound' });
    expect(typeof list.json.data[0].created_at).toBe('string');
  });

  it('lists the SMS-capable numbers a job can send from', async () => {
    const numbers = await callApi(sandbox, '/v1/sms/numbers', { key: sandbox.keys.readOnly });
    expect(numbers.json.data.map((n: { number: string }) => n.number)).toEqual([SENDER, '+31612345678', '+12125550143']);
  });

  it('needs sms:write: a read-only key gets 403 naming the scope, and nothing is created', async () => {
    const refused = await send({ from: SENDER, to: '+4915112340002', body: 'Hi' }, sandbox.keys.readOnly);
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ error: 'insufficient_scope', required_scope: 'sms:write' });
    expect(await outbound('+4915112340002')).toEqual([]);
  });

  it.each([
    ['a number that is not E.164', { from: SENDER, to: '004915112340003', body: 'Hi' }, 'to'],
    ['a sender that is not SMS-capable', { from: '+442079460831', to: '+4915112340003', body: 'Hi' }, 'from'],
    ['an empty body', { from: SENDER, to: '+4915112340003', body: '' }, 'body'],
    ['a body over 1,600 characters', { from: SENDER, to: '+4915112340003', body: 'x'.repeat(1601) }, 'body'],
  ])('refuses %s with 422 and creates nothing', async (_case, body, field) => {
    const refused = await send(body);
    expect(refused.status).toBe(422);
    expect(Object.keys(refused.json.errors)).toEqual([field]);
    expect(await outbound('+4915112340003')).toEqual([]);
  });

  it('keeps to its messaging limit with 429 and Retry-After (the message is not created)', async () => {
    await sandbox.config({ messagingRateLimitPerMinute: 2 });
    expect((await send({ from: SENDER, to: '+4915112340004', body: 'a' })).status).toBe(201);
    expect((await send({ from: SENDER, to: '+4915112340004', body: 'b' })).status).toBe(201);
    const limited = await send({ from: SENDER, to: '+4915112340004', body: 'c' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await outbound('+4915112340004')).map((m) => m.body)).toEqual(['a', 'b']);
  });
});

describe('faults after the message was created', () => {
  it('commit5xx: the message exists but the answer is a 503', async () => {
    await sandbox.setFaults({ commit5xx: 1, method: 'POST' });
    const answer = await send({ from: SENDER, to: '+4915112340010', body: 'Hi' });
    expect(answer.status).toBe(503);
    expect(answer.json.error).toBe('service_unavailable');
    expect(await outbound('+4915112340010')).toHaveLength(1);
    expect((await sandbox.stats()).requests.at(-1)).toMatchObject({ method: 'POST', status: 503, fault: 'commit5xx' });
  });

  it('drop: the message exists but the connection closes without an answer', async () => {
    await sandbox.setFaults({ drop: 1, method: 'POST' });
    await expect(send({ from: SENDER, to: '+4915112340011', body: 'Hi' })).rejects.toThrow();
    expect(await outbound('+4915112340011')).toHaveLength(1);
  });

  it('hang: the message exists and no answer comes before the client gives up', async () => {
    await sandbox.setFaults({ hang: 1, hangMs: 5000, method: 'POST' });
    const request = fetch(`${sandbox.baseUrl}/v1/sms/messages`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${sandbox.keys.full}`, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ from: SENDER, to: '+4915112340012', body: 'Hi' }),
      signal: AbortSignal.timeout(500),
    });
    await expect(request).rejects.toThrow();
    expect(await outbound('+4915112340012')).toHaveLength(1);
    expect((await sandbox.stats()).requests.at(-1)).toMatchObject({ method: 'POST', fault: 'hang' });
  });

  it('method and skip aim a fault at the k-th write: reads and the first writes pass untouched', async () => {
    await sandbox.setFaults({ commit5xx: 1, method: 'POST', skip: 1, pathPattern: 'sms/messages' });
    expect((await callApi(sandbox, '/v1/sms/messages', { key: sandbox.keys.full })).status).toBe(200);
    expect((await send({ from: SENDER, to: '+4915112340013', body: '1' })).status).toBe(201);
    expect((await send({ from: SENDER, to: '+4915112340013', body: '2' })).status).toBe(503);
    expect((await send({ from: SENDER, to: '+4915112340013', body: '3' })).status).toBe(201);
    expect((await outbound('+4915112340013')).map((m) => m.body)).toEqual(['1', '2', '3']);
  });
});
