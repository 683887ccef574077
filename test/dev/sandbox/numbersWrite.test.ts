// Sandbox: the number write endpoints as the numbers push uses them (label, forwarding with or without `type`,
// numbers:write, 422 per field), the admin "portal" edit, and the drop fault (applied, answer lost).
import { TEST_NOW } from '../../../dev/clock';
import { type SandboxHandle, startSandbox } from '../../../dev/sandbox/spawn';
import { callApi } from './client';

let sandbox: SandboxHandle;

beforeAll(async () => {
  sandbox = await startSandbox({ now: TEST_NOW, cdrCount: 200 });
});
afterAll(async () => {
  await sandbox?.stop();
});
beforeEach(async () => {
  await sandbox.reset();
});

const patch = (path: string, body: unknown, key = sandbox.keys.full) => callApi(sandbox, path, { key, method: 'PATCH', body });
const numberOf = async (id: number) => (await callApi(sandbox, `/v1/portal/numbers/${id}`, { key: sandbox.keys.full })).json.data;

describe('PATCH /v1/portal/numbers/{id}/forwarding', () => {
  it.each([
    [{ destination: '+4915112345678' }, { type: 'phone', destination: '+4915112345678' }],
    [{ destination: 'sip:desk@pbx.example.com' }, { type: 'sip', destination: 'sip:desk@pbx.example.com' }],
    [{ destination: null }, { type: 'none', destination: null }],
    [{ destination: '' }, { type: 'none', destination: null }],
    [
      { type: 'phone', destination: '+33612345678' },
      { type: 'phone', destination: '+33612345678' },
    ],
    [
      { type: 'none', destination: null },
      { type: 'none', destination: null },
    ],
  ])('takes %j (type derived from the destination when left out)', async (body, stored) => {
    const response = await patch('/v1/portal/numbers/101/forwarding', body);
    expect(response.status).toBe(200);
    expect(response.json.data.forwarding).toEqual(stored);
    expect((await numberOf(101)).forwarding).toEqual(stored);
  });

  it.each([
    [{ destination: 'call me' }, 'destination'],
    [{ type: 'phone', destination: 'sip:desk@pbx.example.com' }, 'destination'],
    [{ type: 'fax', destination: '+4915112345678' }, 'type'],
  ])('refuses %j with a 422 on %s and changes nothing', async (body, field) => {
    const response = await patch('/v1/portal/numbers/101/forwarding', body);
    expect(response.status).toBe(422);
    expect(Object.keys(response.json.errors)).toEqual([field]);
    expect((await numberOf(101)).forwarding).toEqual({ type: 'sip', destination: 'sip:reception@pbx.example.com' });
  });

  it('needs numbers:write: a read-only key gets 403 naming the scope', async () => {
    const response = await patch('/v1/portal/numbers/101/forwarding', { destination: '' }, sandbox.keys.readOnly);
    expect(response.status).toBe(403);
    expect(response.json).toMatchObject({ error: 'insufficient_scope', required_scope: 'numbers:write' });
  });
});

describe('PATCH /v1/portal/numbers/{id}/label', () => {
  it('422s an empty or over-long label with per-field errors', async () => {
    for (const label of ['', 'x'.repeat(101)]) {
      const response = await patch('/v1/portal/numbers/102/label', { label });
      expect(response.status).toBe(422);
      expect(response.json.errors.label).toHaveLength(1);
    }
    expect((await numberOf(102)).label).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('admin: a change made in the portal', () => {
  it('changes the label and forwarding as the API then reports them; reset restores them', async () => {
    await sandbox.editNumber(103, { label: 'Portal label', forwarding: { type: 'phone', destination: '+4915100000000' } });
    expect(await numberOf(103)).toMatchObject({
      label: 'Portal label',
      forwarding: { type: 'phone', destination: '+4915100000000' },
    });
    // Not an API request: nothing in the request log.
    expect((await sandbox.stats()).requests.map((r) => r.path)).toEqual(['/api/v1/portal/numbers/103']);
    await sandbox.reset();
    expect((await numberOf(103)).label).toBe('=HYPERLINK("http://x","y")');
  });

  it('refuses an unknown number or a malformed change', async () => {
    await expect(sandbox.editNumber(999, { label: 'x' })).rejects.toThrow(/404/);
    await expect(sandbox.editNumber(101, { forwarding: { type: 'fax' as 'sip', destination: 'x' } })).rejects.toThrow(/400/);
  });
});

describe('drop fault', () => {
  it('applies the request, then closes the connection without an answer; the log says so', async () => {
    await sandbox.setFaults({ drop: 1, pathPattern: 'numbers/101/label' });
    await expect(patch('/v1/portal/numbers/101/label', { label: 'Dropped but applied' })).rejects.toThrow();
    expect((await numberOf(101)).label).toBe('Dropped but applied');
    const log = (await sandbox.stats()).requests;
    expect(log[0]).toMatchObject({ method: 'PATCH', path: '/api/v1/portal/numbers/101/label', status: 200, fault: 'drop' });
    // The counter is spent: the next request is answered.
    expect((await patch('/v1/portal/numbers/101/label', { label: 'Answered' })).status).toBe(200);
  });
});
