// Sandbox call activity for the calls log (POST /__sandbox/calls/activity): new calls after the newest, late calls
// dated within the last 2 days with new ids, re-rated calls of the last 2 days; seeded, applied once per key, and
// seen by the export.
import { TEST_NOW } from '../../../dev/clock';
import { type SandboxHandle, startSandbox } from '../../../dev/sandbox/spawn';
import { callApi } from './client';

interface Call {
  id: number;
  start_time: string;
  charge: number;
  billing_status: string;
}

let sandbox: SandboxHandle;
const NOW = Date.parse(TEST_NOW);
const TWO_DAYS = 2 * 86_400_000;

beforeAll(async () => {
  sandbox = await startSandbox({ now: TEST_NOW, cdrCount: 2000 });
});
afterAll(async () => {
  await sandbox?.stop();
});
beforeEach(async () => {
  await sandbox.reset();
});

test('adds new calls after the newest, late calls within the last 2 days, and re-rates recent calls', async () => {
  const before = (await sandbox.data('calls')) as Call[];
  const newest = Math.max(...before.map((c) => Date.parse(c.start_time)));
  const byId = new Map(before.map((c) => [c.id, c]));
  const result = await sandbox.callActivity({ newCalls: 5, lateCalls: 3, rerated: 4, seed: 9 });
  expect(result.added).toHaveLength(5);
  expect(result.late).toHaveLength(3);
  expect(result.rerated).toHaveLength(4);
  expect(result.count).toBe(before.length + 8);

  const after = new Map(((await sandbox.data('calls')) as Call[]).map((c) => [c.id, c]));
  const maxBefore = Math.max(...before.map((c) => c.id));
  const health = (await (await fetch(new URL('/__sandbox/health', sandbox.baseUrl))).json()) as { now: string };
  const sandboxNow = Date.parse(health.now);
  for (const id of result.added) {
    const t = Date.parse((after.get(id) as Call).start_time);
    expect(t).toBeGreaterThan(newest);
    expect(t).toBeLessThanOrEqual(sandboxNow); // never in the future
    expect(id).toBeGreaterThan(maxBefore);
  }
  for (const id of result.late) {
    const t = Date.parse((after.get(id) as Call).start_time);
    expect(t).toBeGreaterThanOrEqual(NOW - TWO_DAYS);
    expect(t).toBeLessThan(newest);
    expect(id).toBeGreaterThan(maxBefore);
  }
  for (const id of result.rerated.filter((r) => byId.has(r))) {
    const old = byId.get(id) as Call;
    const now = after.get(id) as Call;
    expect(Date.parse(old.start_time)).toBeGreaterThanOrEqual(NOW - TWO_DAYS);
    expect(now.charge).toBeGreaterThan(old.charge);
  }
  // The records stay in chronological order, and the export lists the new ones.
  const times = [...after.values()].map((c) => c.start_time);
  expect(times).toEqual([...times].sort());
  const csv = await callApi(sandbox, `/v1/portal/usage/export?from=${TEST_NOW.slice(0, 10)}&to=${TEST_NOW.slice(0, 10)}`, {
    key: sandbox.keys.full,
  });
  for (const id of result.added) expect(csv.text).toContain(`\r\n${id},`);
});

test('the same seed does the same thing; a key already applied changes nothing', async () => {
  const first = await sandbox.callActivity({ newCalls: 3, rerated: 2, seed: 5, key: 'k1' });
  const again = await sandbox.callActivity({ newCalls: 3, rerated: 2, seed: 5, key: 'k1' });
  expect(again).toEqual(first);
  expect(((await sandbox.data('calls')) as Call[]).length).toBe(first.count);
  await sandbox.reset();
  const replay = await sandbox.callActivity({ newCalls: 3, rerated: 2, seed: 5, key: 'k1' });
  expect(replay).toEqual(first);
});

test('refuses counts that are not whole numbers', async () => {
  await expect(sandbox.callActivity({ newCalls: -1 })).rejects.toThrow(/400.*newCalls must be an integer/);
});
