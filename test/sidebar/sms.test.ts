// The Send SMS panel in Chromium at 300 px, its google.script.run bridged to the emulator running dist/Code.js
// against the sandbox: preview (samples, counts, skipped rows), the confirm step naming the count, the progress bar
// to done, a job paused when the sidebar closed and picked up again, Stop, and a key without sms:write.
import { phone, SENDER, writeRecipients } from '../entry/smsFixture';
import { type BrowserHarness, hasHorizontalScroll, startHarness, type Watched } from './helpers';

jest.setTimeout(120_000);

let harness: BrowserHarness;
const owner = () => harness.stack.emulator.activeSpreadsheet.owner;
const server = <T>(name: string, arg?: unknown) =>
  harness.stack.emulator.run(name, arg === undefined ? [] : [arg], { mode: 'server' }) as T;
const statuses = (sheet: string) => {
  const rows = harness.stack.emulator.activeSpreadsheet.sheetNamed(sheet).getDisplayValues();
  const col = rows[0].indexOf('SMS status');
  return rows.slice(1).map((r) => r[col] ?? '');
};
const outbound = async (numbers: string[]) =>
  ((await harness.stack.sandbox.data('sms')) as { to: string }[]).filter((m) => numbers.includes(m.to));

beforeAll(async () => {
  harness = await startHarness();
  server('cliqtelSaveApiKey', { key: harness.stack.sandbox.keys.full });
});
afterAll(async () => {
  await harness?.close();
});

async function openSms(): Promise<Watched> {
  const watched = await harness.open('Sidebar');
  await watched.page.click('[data-tab="sms"]');
  await watched.page.waitForSelector('#panel-sms select option', { state: 'attached' });
  return watched;
}

test('preview shows samples, counts and skipped rows; the confirm step names the count; the progress bar ends at done', async () => {
  const numbers = [phone(501), phone(502), phone(503)];
  writeRecipients(harness.stack.emulator, 'Clients', [
    { name: 'Ana <b>', phone: numbers[0] },
    { name: 'Bo', phone: numbers[1] },
    { name: 'Cy', phone: '12345' },
    { name: 'Di', phone: numbers[2] },
  ]);
  const { page, errors, dialogs } = await openSms();
  await page.locator('#panel-sms').getByLabel('Sheet', { exact: true }).selectOption('Clients');
  await page.locator('#panel-sms').getByLabel('To (phone numbers)').selectOption('Phone');
  await page.locator('#sms-template').fill('Hello {{Name}}, your order is ready.');
  await page.locator('#panel-sms').getByLabel('Sender', { exact: true }).selectOption(SENDER);
  await page.locator('#panel-sms').getByRole('button', { name: 'Preview' }).click();
  await page.waitForSelector('.sms-preview .sms-samples li');
  const preview = page.locator('.sms-preview');
  await expect(preview.locator('.sms-counts').textContent()).resolves.toBe('3 messages to send');
  await expect(preview.textContent()).resolves.toContain('Row 4: "12345" is not a phone number');
  // The name is shown as text, never parsed as HTML.
  await expect(preview.locator('.sms-samples li').first().locator('.sms-body').textContent()).resolves.toBe(
    'Hello Ana <b>, your order is ready.',
  );
  expect(await preview.locator('b').count()).toBe(0);
  expect(await outbound(numbers)).toHaveLength(0);
  expect(await hasHorizontalScroll(page)).toBe(false);

  await page.getByRole('button', { name: 'Send 3 messages' }).click();
  await page.waitForSelector('.sms-progress[data-state="done"]');
  await expect(page.locator('.sms-progress-text').textContent()).resolves.toBe('3 of 3 sent');
  expect(await page.locator('.sms-progress progress').evaluate((p: HTMLProgressElement) => [p.value, p.max])).toEqual([3, 3]);
  expect(statuses('Clients')).toEqual(['sent', 'sent', '', 'sent']);
  expect(await outbound(numbers)).toHaveLength(3);
  expect(await hasHorizontalScroll(page)).toBe(false);
  expect(errors).toEqual([]);
  expect(dialogs).toEqual([]);
  await page.close();
});

/** A job of `count` rows of which the first was sent, then paused: the user's minute is nearly used up, so the first
 * call (4 s budget) sends one message and waits out its budget for the next slot. */
function startPausedJob(sheet: string, numbers: string[]): { jobKey: string } {
  writeRecipients(
    harness.stack.emulator,
    sheet,
    numbers.map((p, i) => ({ name: `N${i}`, phone: p })),
  );
  const preview = server<{ jobKey: string; sendable: number }>('cliqtelSmsPreview', {
    sheetName: sheet,
    toColumn: 'Phone',
    from: SENDER,
    template: 'Reminder for {{Name}}',
  });
  const now = harness.stack.emulator.now();
  harness.stack.emulator
    .userProperties(owner())
    .set('CLIQTEL_SMS_PACE', Array.from({ length: 29 }, () => (now - 2000).toString(36)).join(','));
  const first = server<{ sent: number; done: boolean }>('cliqtelSmsSend', {
    jobKey: preview.jobKey,
    confirm: numbers.length,
    maxSeconds: 4,
  });
  expect(first).toMatchObject({ sent: 1, done: false });
  return preview;
}

test('a job paused when the sidebar closed shows on reopening and Continue finishes it', async () => {
  await harness.stack.sandbox.reset();
  const numbers = [phone(601), phone(602), phone(603)];
  startPausedJob('Paused list', numbers);
  const { page, errors } = await openSms();
  await page.waitForSelector('.sms-progress[data-state="paused"]');
  await expect(page.locator('.sms-progress-text').textContent()).resolves.toBe('1 of 3 sent · 2 waiting');
  await expect(page.locator('#panel-sms').getByLabel('Sheet', { exact: true }).inputValue()).resolves.toBe('Paused list');
  await page.locator('#panel-sms').getByRole('button', { name: 'Continue', exact: true }).click();
  await page.waitForSelector('.sms-progress[data-state="done"]', { timeout: 60_000 });
  expect(statuses('Paused list')).toEqual(['sent', 'sent', 'sent']);
  expect(await outbound(numbers)).toHaveLength(3);
  expect(errors).toEqual([]);
  await page.close();
});

test('Stop: nothing further is sent and the panel says a new preview sends the rest', async () => {
  await harness.stack.sandbox.reset();
  const numbers = [phone(701), phone(702), phone(703)];
  startPausedJob('Stop list', numbers);
  const { page } = await openSms();
  await page.waitForSelector('.sms-progress[data-state="paused"]');
  await page.locator('#panel-sms').getByRole('button', { name: 'Stop', exact: true }).click();
  await page.waitForSelector('.sms-progress[data-state="stopped"]');
  await expect(page.locator('.sms-progress-title').textContent()).resolves.toMatch(/Stopped/);
  expect(server('cliqtelSmsStatus', { sheetName: 'Stop list' })).toMatchObject({ sent: 1, pending: 2, done: true });
  expect(await outbound(numbers)).toHaveLength(1);
  expect(statuses('Stop list')).toEqual(['sent', '', '']);
  await page.close();
});

test('a key without sms:write stops at the first message with the scope named', async () => {
  await harness.stack.sandbox.reset();
  server('cliqtelSaveApiKey', { key: harness.stack.sandbox.keys.readOnly });
  const numbers = [phone(801), phone(802)];
  writeRecipients(
    harness.stack.emulator,
    'Read only',
    numbers.map((p, i) => ({ name: `R${i}`, phone: p })),
  );
  const { page } = await openSms();
  await page.locator('#panel-sms').getByLabel('Sheet', { exact: true }).selectOption('Read only');
  await page.locator('#sms-template').fill('Hi {{Name}}');
  await page.locator('#panel-sms').getByRole('button', { name: 'Preview' }).click();
  await page.getByRole('button', { name: 'Send 2 messages' }).click();
  await page.waitForSelector('.sms-progress .notice-error');
  await expect(page.locator('.sms-progress .notice-error').textContent()).resolves.toMatch(/missing the 'sms:write' permission/);
  expect(statuses('Read only')[0]).toMatch(/^failed: .*sms:write/);
  expect(await outbound(numbers)).toHaveLength(0);
  await page.close();
});
