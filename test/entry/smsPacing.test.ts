// Pacing across executions: a 1,000-row job finishes across many cliqtelSmsSend calls (each a fresh execution with
// its 45 s budget) with exactly 1,000 messages and never more than 60 /v1/sms requests in any rolling minute, measured
// on the emulator's clock. Utilities.sleep is virtual here, so the ~17 minutes the job takes pass in seconds; the
// sandbox's own limiter counts real minutes, so it is lifted and the pacing is measured on the add-on's side.
import { phone, SENDER, type SmsHarness, type SmsProgress, startSmsHarness, writeRecipients } from './smsFixture';

let h: SmsHarness;

beforeAll(async () => {
  h = await startSmsHarness({ realSleep: false });
});
afterAll(async () => {
  await h?.stop();
});
beforeEach(async () => {
  await h.sandbox.reset();
  await h.sandbox.config({ messagingRateLimitPerMinute: 100_000 });
  h.emu.resetStats();
});

/** The largest number of requests in any 60 s window (a window ends at each request). */
function maxPerRollingMinute(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end] - sorted[start] >= 60_000) start++;
    max = Math.max(max, end - start + 1);
  }
  return max;
}

function smsTimes(): number[] {
  return h.emu.stats.requests.filter((r) => r.url.startsWith(`${h.sandbox.baseUrl}/v1/sms`)).map((r) => r.at);
}

test('a 1,000-row job: many calls, exactly 1,000 messages, never more than 60 requests in a rolling minute', async () => {
  h.user = 'bulk@example.com';
  h.saveKey(h.sandbox.keys.full);
  const rows = Array.from({ length: 1000 }, (_, i) => ({ name: `Person ${i}`, phone: phone(i) }));
  writeRecipients(h.emu, 'Thousand', rows);
  const preview = h.preview({
    sheetName: 'Thousand',
    toColumn: 'Phone',
    from: SENDER,
    template: 'Dear {{Name}}, your code is ready.',
  });
  expect(preview.sendable).toBe(1000);
  const started = h.emu.now();
  const writesBefore = h.emu.stats.writeCalls;

  const results: SmsProgress[] = h.sendAll(preview.jobKey, 1000, undefined, 60);
  const last = results[results.length - 1];
  expect(last).toMatchObject({ total: 1000, sent: 1000, failed: 0, unknown: 0, pending: 0, done: true });
  expect(results.length).toBeGreaterThan(15); // ~45 s of sending per call at 60 a minute
  // A call whose next slot is past its budget spends the budget waiting (so the next call is closer) and sends none.
  for (let i = 1; i < results.length; i++) expect(results[i].sent).toBeGreaterThanOrEqual(results[i - 1].sent);
  expect(results.filter((r, i) => i > 0 && r.sent === results[i - 1].sent).length).toBeLessThanOrEqual(2);

  const sent = await h.sentMessages();
  expect(sent).toHaveLength(1000);
  expect(new Set(sent.map((m) => m.to)).size).toBe(1000);
  expect(maxPerRollingMinute(smsTimes())).toBeLessThanOrEqual(60);
  expect(maxPerRollingMinute(smsTimes())).toBeGreaterThanOrEqual(58); // and it does use the allowance
  expect(h.emu.now() - started).toBeGreaterThan(16 * 60_000);
  // About one write call per message: each row's outcome goes out with the next row's `sending`.
  expect((h.emu.stats.writeCalls - writesBefore) / 1000).toBeLessThanOrEqual(2);
});

test('the send times of earlier calls count: a new call right after a full minute waits instead of bursting', async () => {
  h.user = 'burst@example.com';
  h.saveKey(h.sandbox.keys.full);
  writeRecipients(
    h.emu,
    'Burst A',
    Array.from({ length: 70 }, (_, i) => ({ name: `A${i}`, phone: phone(2000 + i) })),
  );
  writeRecipients(
    h.emu,
    'Burst B',
    Array.from({ length: 10 }, (_, i) => ({ name: `B${i}`, phone: phone(3000 + i) })),
  );
  const a = h.preview({ sheetName: 'Burst A', toColumn: 'Phone', from: SENDER, template: 'A {{Name}}' });
  h.emu.resetStats();
  const first = h.send({ jobKey: a.jobKey, confirm: 70, maxSeconds: 40 });
  expect(first.sent).toBe(58); // the minute's allowance of 59, less the preview's sender-list GET
  expect(first.done).toBe(false);
  const firstMinuteStarted = Math.min(...smsTimes());
  h.run('cliqtelSmsStop', { sheetName: 'Burst A' });
  // Another sheet's job, a new execution: it must not start with a burst of 10 inside the same minute.
  const sendsBefore = smsTimes().length;
  const b = h.preview({ sheetName: 'Burst B', toColumn: 'Phone', from: SENDER, template: 'B {{Name}}' });
  h.sendAll(b.jobKey, 10);
  const later = smsTimes().slice(sendsBefore);
  expect(later).toHaveLength(11); // B's sender-list GET and 10 POSTs…
  expect(Math.min(...later) - firstMinuteStarted).toBeGreaterThanOrEqual(60_000); // …none inside A's full minute
  expect(maxPerRollingMinute(smsTimes())).toBeLessThanOrEqual(60);
  const status = h.run<SmsProgress>('cliqtelSmsStatus', { sheetName: 'Burst A' });
  expect(status).toMatchObject({ total: 70, sent: first.sent, pending: 70 - first.sent, done: true });
  expect(await h.sentMessages()).toHaveLength(first.sent + 10);
});
