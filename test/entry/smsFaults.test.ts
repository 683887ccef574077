// At most once, under every fault: for each way a send can fail after Cliqtel acted on it (5xx answer, dropped
// connection, timeout) and one where it did not (5xx before acting), at the first, a middle and the last row of a
// job: every row has at most one message in the sandbox, each row was POSTed exactly once (an ambiguous row is never
// re-POSTed), and after reconciliation its status is the sandbox's truth (sent with that message's id, or not sent).
import type { SandboxFaults } from '../../dev/sandbox/types';
import { column, phone, SENDER, SMS_PATH, type SmsHarness, startSmsHarness, writeRecipients } from './smsFixture';

let h: SmsHarness;
const ROWS = 4;

beforeAll(async () => {
  // A hanging answer times out after 1.5 s instead of Apps Script's minute.
  h = await startSmsHarness({ fetchTimeoutMs: 1500 });
});
afterAll(async () => {
  await h?.stop();
});

const KINDS: [string, SandboxFaults, boolean][] = [
  ['5xx after the message was created', { commit5xx: 1 }, true],
  ['connection dropped after the message was created', { drop: 1 }, true],
  ['timeout after the message was created', { hang: 1, hangMs: 20_000 }, true],
  ['5xx before anything was created', { fail5xx: 1 }, false],
];
const POSITIONS: [string, number][] = [
  ['first', 0],
  ['middle', 1],
  ['last', ROWS - 1],
];

let caseNo = 0;
describe.each(KINDS)('%s', (_kind, fault, created) => {
  test.each(POSITIONS)('at the %s row: at most one message per row, statuses match the sandbox', async (_where, position) => {
    caseNo++;
    await h.sandbox.reset();
    // A fresh user per case: its own key and its own record of recent sends (pacing is per user, across calls).
    h.user = `faults${caseNo}@example.com`;
    h.saveKey(h.sandbox.keys.full);
    const sheetName = `Faults ${caseNo}`;
    const numbers = Array.from({ length: ROWS }, (_, i) => phone(caseNo * 100 + i));
    writeRecipients(
      h.emu,
      sheetName,
      numbers.map((p, i) => ({ name: `Person ${i}`, phone: p })),
    );
    const preview = h.preview({ sheetName, toColumn: 'Phone', from: SENDER, template: 'Reminder for {{Name}}' });
    expect(preview.sendable).toBe(ROWS);
    await h.sandbox.setFaults({ ...fault, method: 'POST', pathPattern: 'sms/messages', skip: position });

    const results = h.sendAll(preview.jobKey, ROWS);
    const last = results[results.length - 1];
    expect(last).toMatchObject({ total: ROWS, unknown: 0, pending: 0, done: true });

    const messages = (await h.sentMessages()).filter((m) => numbers.includes(m.to));
    const posts = (await h.sandbox.stats()).requests.filter((r) => r.path === SMS_PATH && r.method === 'POST');
    expect(posts).toHaveLength(ROWS); // every row POSTed exactly once, the faulted one included
    const statuses = column(h.emu, sheetName, 'SMS status');
    const ids = column(h.emu, sheetName, 'SMS id');
    numbers.forEach((p, i) => {
      const mine = messages.filter((m) => m.to === p);
      expect(mine.length).toBeLessThanOrEqual(1);
      if (mine.length === 1) {
        expect(statuses[i]).toBe('sent');
        expect(ids[i]).toBe(String(mine[0].id));
      } else {
        expect(statuses[i]).toBe('not sent');
        expect(ids[i]).toBe('');
      }
    });
    expect(messages).toHaveLength(created ? ROWS : ROWS - 1);
    expect(last.sent).toBe(created ? ROWS : ROWS - 1);
    expect(statuses[position]).toBe(created ? 'sent' : 'not sent');
  });
});
