// SMS from a sheet (built bundle in the emulator, sandbox over HTTP): senders, the preview (cells rendered as
// displayed, segments, skipped rows and why, bad input refused, nothing sent), the send contract (confirm, job key,
// the SMS columns and statuses), a second job sending only unsent rows, edits between preview and send, a key
// without sms:write, an interrupted send, the user lock, and Stop.
import { QUOTE_PREFIX_READINGS } from '../../dev/emulator';
import { serialFromWallParts } from '../../dev/emulator/dates';
import {
  column,
  phone,
  type Recipient,
  SENDER,
  type SmsHarness,
  type SmsPreview,
  STATUS_HEADERS,
  startSmsHarness,
  writeRecipients,
} from './smsFixture';

const JUNE_20 = serialFromWallParts(2026, 6, 20);
const TEMPLATE = 'Hi {{Name}}, see you {{Date}}';

function people(from: number, count: number): Recipient[] {
  return Array.from({ length: count }, (_, i) => ({ name: `Person ${from + i}`, phone: phone(from + i), day: JUNE_20 + i }));
}

async function smsRequests(h: SmsHarness, method?: string) {
  return (await h.sandbox.stats()).requests.filter((r) => r.path.startsWith('/api/v1/sms') && (!method || r.method === method));
}

describe.each(QUOTE_PREFIX_READINGS)('quote prefix %s', (reading) => {
  let h: SmsHarness;
  beforeAll(async () => {
    h = await startSmsHarness({ quotePrefix: reading });
    h.saveKey(h.sandbox.keys.full);
  });
  afterAll(async () => {
    await h?.stop();
  });

  test('a template job: the preview renders cells as displayed and sends nothing; the send writes sent, id, time and cost, one message per row', async () => {
    await h.sandbox.reset();
    writeRecipients(h.emu, 'Reminders', [
      { name: 'Ana', phone: phone(1), day: JUNE_20 },
      { name: 'Bo', phone: phone(2), day: JUNE_20 + 1 },
      { name: 'Chloé', phone: phone(3), day: JUNE_20 + 2 },
    ]);
    const preview = h.preview({ sheetName: 'Reminders', toColumn: 'Phone', from: SENDER, template: TEMPLATE });
    expect(preview).toMatchObject({ sendable: 3, alreadySent: 0, skipped: [], segments: 3 });
    expect(preview.samples).toEqual([
      { row: 2, to: phone(1), body: 'Hi Ana, see you 20 Jun 2026', segments: 1, encoding: 'GSM-7' },
      { row: 3, to: phone(2), body: 'Hi Bo, see you 21 Jun 2026', segments: 1, encoding: 'GSM-7' },
      { row: 4, to: phone(3), body: 'Hi Chloé, see you 22 Jun 2026', segments: 1, encoding: 'GSM-7' },
    ]);
    expect(await smsRequests(h, 'POST')).toHaveLength(0);
    expect(h.emu.activeSpreadsheet.sheetNamed('Reminders').getValues()[0]).toEqual(['Name', 'Phone', 'Date', 'Message']); // untouched

    const results = h.sendAll(preview.jobKey, 3);
    expect(results).toEqual([{ jobKey: preview.jobKey, total: 3, sent: 3, failed: 0, unknown: 0, pending: 0, done: true }]);
    const sent = await h.sentMessages();
    expect(sent.map((m) => [m.from, m.to, m.body])).toEqual(
      expect.arrayContaining([
        [SENDER, phone(1), 'Hi Ana, see you 20 Jun 2026'],
        [SENDER, phone(2), 'Hi Bo, see you 21 Jun 2026'],
        [SENDER, phone(3), 'Hi Chloé, see you 22 Jun 2026'],
      ]),
    );
    expect(sent).toHaveLength(3);

    const sheet = h.emu.activeSpreadsheet.sheetNamed('Reminders');
    const values = sheet.getValues();
    expect(values[0]).toEqual(['Name', 'Phone', 'Date', 'Message', ...STATUS_HEADERS]); // to the right of the data
    for (let i = 0; i < 3; i++) {
      const [, to, , , status, id, sentAt, cost] = values[i + 1];
      const message = sent.find((m) => m.to === to);
      expect(status).toBe('sent');
      expect(id).toBe(message?.id);
      expect(sentAt).toBeInstanceOf(Date);
      expect(cost).toBe(message?.cost);
    }
    expect(column(h.emu, 'Reminders', 'Phone')).toEqual([phone(1), phone(2), phone(3)]); // the + kept
    expect(column(h.emu, 'Reminders', 'SMS cost')[0]).toBe('€0.04');
  });
});

describe('one job at a time, only as previewed', () => {
  let h: SmsHarness;
  let userNo = 0;
  beforeAll(async () => {
    h = await startSmsHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });
  beforeEach(async () => {
    await h.sandbox.reset();
    // A fresh user per test: its own key and its own record of recent sends (pacing is per user, across calls).
    h.user = `sender${++userNo}@example.com`;
    h.saveKey(h.sandbox.keys.full);
  });

  test('the menu item Send SMS… opens the sidebar on its SMS panel', () => {
    h.emu.run('cliqtelMenuSendSms', [], { mode: 'menu', user: h.user });
    const sidebar = h.emu.ui.sidebars.at(-1);
    expect(sidebar?.title).toBe('Cliqtel');
    expect(sidebar?.html).toContain('window.cliqtelSidebarTab="sms"');
    expect(sidebar?.html).toContain('id="app"');
  });

  test('senders are the key’s SMS-capable numbers', () => {
    const { numbers } = h.run<{ numbers: { number: string }[] }>('cliqtelSmsSenders');
    expect(numbers.map((n) => n.number)).toEqual(['+447700900123', '+31612345678', '+12125550143']);
  });

  test('the preview skips rows it cannot send, says why, ignores blank rows and counts segments and encodings', async () => {
    const long = 'x'.repeat(10_000);
    writeRecipients(h.emu, 'Mixed', [
      { name: 'ok', phone: '+44 7700 900-456', message: 'Hello' },
      { name: 'no plus', phone: '4915112345678', message: 'Hello' },
      { name: 'too short', phone: '+12', message: 'Hello' },
      { name: 'no number', phone: '', message: 'Hello' },
      { name: 'no text', phone: phone(4), message: '' },
      { name: '', phone: '', message: '' },
      { name: 'too long', phone: phone(5), message: long },
      { name: 'emoji', phone: phone(6), message: 'See you 🙂' },
      { name: 'two parts', phone: phone(7), message: 'y'.repeat(161) },
    ]);
    const preview = h.preview({ sheetName: 'Mixed', toColumn: 'phone', from: SENDER, bodyColumn: 'Message' });
    expect(preview.sendable).toBe(3);
    expect(preview.skipped.map((s) => s.row)).toEqual([3, 4, 5, 6, 8]); // row 7 is blank: not part of the list
    expect(preview.skipped[0].reason).toMatch(/"4915112345678" is not a phone number in E\.164 form/);
    expect(preview.skipped[1].reason).toMatch(/"\+12" is not a phone number/);
    expect(preview.skipped[2].reason).toBe('no phone number in "Phone"');
    expect(preview.skipped[3].reason).toBe('the message is empty');
    expect(preview.skipped[4].reason).toBe('the message has 10,000 characters; an SMS can have at most 1,600');
    expect(preview.samples).toEqual([
      { row: 2, to: '+447700900456', body: 'Hello', segments: 1, encoding: 'GSM-7' },
      { row: 9, to: phone(6), body: 'See you 🙂', segments: 1, encoding: 'UCS-2' },
      { row: 10, to: phone(7), body: 'y'.repeat(161), segments: 2, encoding: 'GSM-7' },
    ]);
    expect(preview.segments).toBe(4);
    expect(await smsRequests(h, 'POST')).toHaveLength(0);
  });

  test.each([
    [
      'no To column',
      { toColumn: 'Mobile', template: 'Hi' },
      /Argument "toColumn": expected the header of a column in row 1 of "Bad" \("Name", "Phone", "Date", "Message"\)/,
    ],
    ['an empty template', { template: '  ' }, /Argument "template": expected the message text/],
    [
      'an unknown placeholder',
      { template: 'Hi {{Name}} {{Surname}}' },
      /Argument "template": expected placeholders naming headers .*got "\{\{Surname\}\}"/,
    ],
    ['a 10,000-character template', { template: 'z'.repeat(10_000) }, /at most 1,600 characters/],
    ['both a message column and a template', { bodyColumn: 'Message', template: 'Hi' }, /either a message column/],
    ['neither', {}, /either a message column/],
    ['a sender that is not E.164', { from: '07700900123', template: 'Hi' }, /Argument "from"/],
    ['a missing sheet', { sheetName: 'Nope', template: 'Hi' }, /Argument "sheetName"/],
  ])('bad input (%s) gives a clear message and sends no request', async (_case, arg, message) => {
    writeRecipients(h.emu, 'Bad', people(10, 2));
    h.emu.resetStats();
    expect(() => h.preview({ sheetName: 'Bad', toColumn: 'Phone', from: SENDER, ...arg })).toThrow(message);
    expect(h.emu.stats.urlFetches).toBe(0);
  });

  test('a sender that is not one of the key’s SMS numbers is refused after reading the sender list once', async () => {
    writeRecipients(h.emu, 'Bad', people(10, 2));
    h.emu.resetStats();
    expect(() => h.preview({ sheetName: 'Bad', toColumn: 'Phone', from: '+442079460831', template: 'Hi' })).toThrow(
      /expected one of your SMS-capable numbers \(\+447700900123, \+31612345678, \+12125550143\), got "\+442079460831"/,
    );
    expect(h.emu.stats.requests.map((r) => r.url.replace(h.sandbox.baseUrl, ''))).toEqual(['/v1/sms/numbers']);
  });

  test('send refuses a wrong confirm count or an outdated job key and sends nothing; the key follows sheet, columns, template and sender', async () => {
    writeRecipients(h.emu, 'Keys', people(20, 2));
    const base = { sheetName: 'Keys', toColumn: 'Phone', from: SENDER, template: TEMPLATE };
    const preview = h.preview(base);
    expect(h.preview(base).jobKey).toBe(preview.jobKey);
    const others = [
      h.preview({ ...base, template: `${TEMPLATE}!` }),
      h.preview({ ...base, from: '+31612345678' }),
      h.preview({ ...base, toColumn: 'Message', template: TEMPLATE }),
      h.preview({ sheetName: 'Keys', toColumn: 'Phone', from: SENDER, bodyColumn: 'Name' }),
    ].map((p) => p.jobKey);
    expect(new Set([preview.jobKey, ...others]).size).toBe(5);
    h.preview(base); // the job on the sheet is this one again
    expect(() => h.send({ jobKey: preview.jobKey, confirm: 3 })).toThrow(
      /Confirm the number of messages the preview counted \(2\)/,
    );
    expect(() => h.send({ jobKey: others[0], confirm: 2 })).toThrow(/preview is out of date/);
    expect(() => h.send({ jobKey: preview.jobKey })).toThrow(/Argument "confirm"/);
    expect(await smsRequests(h, 'POST')).toHaveLength(0);
  });

  test('a second job over the same sheet sends only the rows not yet sent', async () => {
    writeRecipients(h.emu, 'Twice', people(30, 3));
    const first = h.preview({ sheetName: 'Twice', toColumn: 'Phone', from: SENDER, template: TEMPLATE });
    h.sendAll(first.jobKey, first.sendable);
    writeRecipients(h.emu, 'Twice', people(30, 5)); // two more rows below; the SMS columns keep their values
    const second = h.preview({ sheetName: 'Twice', toColumn: 'Phone', from: SENDER, template: TEMPLATE });
    expect(second).toMatchObject({ sendable: 2, alreadySent: 3 });
    expect(second.samples.map((s) => s.row)).toEqual([5, 6]);
    h.sendAll(second.jobKey, 2);
    const sent = await h.sentMessages();
    expect(sent.map((m) => m.to).sort()).toEqual(
      people(30, 5)
        .map((p) => p.phone)
        .sort(),
    );
    expect(column(h.emu, 'Twice', 'SMS status')).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
  });

  test('rows changed, inserted, deleted or sorted between preview and send are skipped as not sent: changed since preview', async () => {
    const sheetFor = (name: string) => {
      writeRecipients(h.emu, name, people(40, 4));
      return h.preview({ sheetName: name, toColumn: 'Phone', from: SENDER, template: TEMPLATE });
    };
    const changed = sheetFor('Changed');
    h.emu.activeSpreadsheet.sheetNamed('Changed').ensureCell(3, 1).value = 'Someone else';
    const inserted = sheetFor('Inserted');
    h.emu.activeSpreadsheet.sheetNamed('Inserted').insertRows(4, 1);
    const deleted = sheetFor('Deleted');
    h.emu.activeSpreadsheet.sheetNamed('Deleted').deleteRows(3, 1);
    const sorted = sheetFor('Sorted');
    const rows = h.emu.activeSpreadsheet.sheetNamed('Sorted').rows;
    [rows[1], rows[2]] = [rows[2], rows[1]]; // rows 2 and 3 swapped, as a sort would

    for (const preview of [changed, inserted, deleted, sorted] as SmsPreview[]) h.sendAll(preview.jobKey, 4);
    const CHANGED = 'not sent: changed since preview';
    expect(column(h.emu, 'Changed', 'SMS status')).toEqual(['sent', CHANGED, 'sent', 'sent']);
    // Rows 4 and 5 moved down to 5 and 6: the new row 4 is blank (no status written), row 5 is not what was previewed
    // there, and row 6 was never previewed.
    expect(column(h.emu, 'Inserted', 'SMS status')).toEqual(['sent', 'sent', '', CHANGED, '']);
    // Row 3 deleted: rows 3 and 4 now hold what was at 4 and 5; row 5 is empty (no status written into it).
    expect(column(h.emu, 'Deleted', 'SMS status')).toEqual(['sent', CHANGED, CHANGED]);
    expect(column(h.emu, 'Sorted', 'SMS status')).toEqual([CHANGED, CHANGED, 'sent', 'sent']);
    const sentTo = (await h.sentMessages()).map((m) => m.to).sort();
    const p = people(40, 4).map((r) => r.phone);
    expect(sentTo).toEqual([p[0], p[2], p[3], p[0], p[1], p[0], p[2], p[3]].sort());
  });

  test('a key without sms:write stops at its first POST: that row fails naming the scope, nothing else is attempted', async () => {
    h.saveKey(h.sandbox.keys.readOnly); // has sms:read, so the preview works
    writeRecipients(h.emu, 'Scope', people(50, 3));
    const preview = h.preview({ sheetName: 'Scope', toColumn: 'Phone', from: SENDER, template: TEMPLATE });
    expect(() => h.send({ jobKey: preview.jobKey, confirm: 3 })).toThrow(/missing the 'sms:write' permission/);
    expect(column(h.emu, 'Scope', 'SMS status')[0]).toMatch(/^failed: .*'sms:write'/);
    expect(column(h.emu, 'Scope', 'SMS status').slice(1)).toEqual(['', '']);
    expect(() => h.send({ jobKey: preview.jobKey, confirm: 3 })).toThrow(/missing the 'sms:write' permission/);
    expect(await smsRequests(h, 'POST')).toHaveLength(1);
    expect(h.run('cliqtelSmsStatus', { sheetName: 'Scope' })).toMatchObject({ sent: 0, failed: 1, pending: 2, done: true });
    expect(await h.sentMessages()).toEqual([]);
  });

  test('Cliqtel refusing a message (422) marks that row failed with Cliqtel’s words and goes on', async () => {
    writeRecipients(h.emu, 'Refused', people(60, 3));
    const preview = h.preview({ sheetName: 'Refused', toColumn: 'Phone', from: SENDER, template: TEMPLATE });
    const numbers = (await h.sandbox.data('numbers')) as { number: string; sms_enabled: boolean }[];
    await h.sandbox.putData(
      'numbers',
      numbers.map((n) => (n.number === SENDER ? { ...n, sms_enabled: false } : n)),
      'replace',
    );
    const [result] = h.sendAll(preview.jobKey, 3);
    expect(result).toMatchObject({ sent: 0, failed: 3, done: true });
    expect(column(h.emu, 'Refused', 'SMS status')).toEqual(
      Array(3).fill('failed: from: The from number is not one of your SMS-enabled numbers.'),
    );
  });

  test('a 429 makes the row wait for Retry-After and go again: one message', async () => {
    writeRecipients(h.emu, 'Limited', people(70, 2));
    const preview = h.preview({ sheetName: 'Limited', toColumn: 'Phone', from: SENDER, template: TEMPLATE });
    await h.sandbox.setFaults({ fail429: 1, retryAfter: 1, method: 'POST', pathPattern: 'sms/messages', skip: 1 });
    h.sendAll(preview.jobKey, 2);
    expect((await h.sentMessages()).map((m) => m.to).sort()).toEqual(people(70, 2).map((p) => p.phone));
    expect(await smsRequests(h, 'POST')).toHaveLength(3);
    expect(column(h.emu, 'Limited', 'SMS status')).toEqual(['sent', 'sent']);
  });

  test('a row left sending by an interrupted execution is resolved by reading the sent messages, never re-POSTed', async () => {
    writeRecipients(h.emu, 'Interrupted', people(80, 3));
    const preview = h.preview({ sheetName: 'Interrupted', toColumn: 'Phone', from: SENDER, template: TEMPLATE });
    const sheet = h.emu.activeSpreadsheet.sheetNamed('Interrupted');
    ['SMS status', 'SMS id', 'SMS sent at', 'SMS cost'].forEach((t, i) => {
      sheet.ensureCell(1, 5 + i).value = t;
    });
    // Rows 2 and 3 were `sending` when the execution died; only row 2's message reached Cliqtel.
    const at = h.emu.now();
    for (const row of [2, 3]) {
      sheet.ensureCell(row, 5).value = 'sending';
      sheet.ensureCell(row, 7).value = serialFromWallParts(2026, 6, 15, 13, 59, 0);
      sheet.ensureCell(row, 7).format = 'yyyy-mm-dd hh:mm:ss';
    }
    await h.sandbox.putData('sms', [
      {
        id: 99001,
        from: SENDER,
        to: phone(80),
        direction: 'outbound',
        body: 'Hi Person 80, see you 20 Jun 2026',
        status: 'queued',
        segments: 1,
        cost: 0.04,
        currency: 'EUR',
        created_at: new Date(at).toISOString(),
      },
    ]);
    const [result] = h.sendAll(preview.jobKey, 3);
    expect(result).toMatchObject({ sent: 2, failed: 1, unknown: 0, pending: 0, done: true });
    expect(column(h.emu, 'Interrupted', 'SMS status')).toEqual(['sent', 'not sent', 'sent']);
    expect(column(h.emu, 'Interrupted', 'SMS id')[0]).toBe('99001');
    expect(await smsRequests(h, 'POST')).toHaveLength(1); // only row 4
  });

  test('a send while another Cliqtel job of the user holds the lock is refused and sends nothing', async () => {
    writeRecipients(h.emu, 'Locked', people(90, 2));
    const preview = h.preview({ sheetName: 'Locked', toColumn: 'Phone', from: SENDER, template: TEMPLATE });
    h.emu.holdUserLock(h.user);
    try {
      expect(() => h.send({ jobKey: preview.jobKey, confirm: 2 })).toThrow(/Another Cliqtel job of yours/);
    } finally {
      h.emu.releaseUserLock(h.user);
    }
    expect(await smsRequests(h, 'POST')).toHaveLength(0);
  });

  test('Stop: nothing further is sent; a later preview starts from the rows still unsent', async () => {
    writeRecipients(h.emu, 'Stopped', people(100, 3));
    const preview = h.preview({ sheetName: 'Stopped', toColumn: 'Phone', from: SENDER, template: TEMPLATE });
    expect(h.run('cliqtelSmsStop', { sheetName: 'Stopped' })).toEqual({
      jobKey: preview.jobKey,
      total: 3,
      sent: 0,
      failed: 0,
      unknown: 0,
      pending: 3,
      done: true,
    });
    expect(() => h.send({ jobKey: preview.jobKey, confirm: 3 })).toThrow(/stopped/);
    expect(await smsRequests(h, 'POST')).toHaveLength(0);
    const again = h.preview({ sheetName: 'Stopped', toColumn: 'Phone', from: SENDER, template: TEMPLATE });
    expect(again.sendable).toBe(3);
    expect(h.sendAll(again.jobKey, 3).pop()).toMatchObject({ sent: 3, done: true });
  });

  test('the sheet list gives each sheet’s headers and its job, to resume after the sidebar was closed', async () => {
    writeRecipients(h.emu, 'Listed', people(110, 2));
    const preview = h.preview({ sheetName: 'Listed', toColumn: 'Phone', from: SENDER, template: TEMPLATE });
    const { sheets } = h.run<{ sheets: { name: string; headers: string[]; rows: number; job: unknown }[] }>('cliqtelSmsSheets');
    const listed = sheets.find((s) => s.name === 'Listed');
    expect(listed).toMatchObject({ headers: ['Name', 'Phone', 'Date', 'Message'], rows: 2 });
    expect(listed?.job).toMatchObject({
      jobKey: preview.jobKey,
      total: 2,
      pending: 2,
      done: false,
      toColumn: 'Phone',
      from: SENDER,
      template: TEMPLATE,
      stopped: null,
    });
    expect(h.run('cliqtelSmsStatus', { sheetName: 'Sheet1' })).toMatchObject({ jobKey: null, total: 0, done: true });
  });
});
