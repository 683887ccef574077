// The menu's dialogs (ExportDialog, ReportDialog, ScheduleDialog) in headless Chromium against the real bundle:
// they call their server function, close through google.script.host on success and show errors inline.
import { type BrowserHarness, hasHorizontalScroll, startHarness } from './helpers';

jest.setTimeout(120_000);

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startHarness();
  const saved = harness.stack.emulator.run('cliqtelSaveApiKey', [{ key: harness.stack.sandbox.keys.readOnly }], {
    mode: 'server',
  }) as { ok: boolean };
  expect(saved.ok).toBe(true);
});

afterAll(async () => {
  await harness?.close();
});

const closeCalls = (page: string) => harness.stack.bridge.hostCalls.filter((call) => call.page === page && call.call === 'close');

/** The page records host.close() at once; the bridge hears of it by an HTTP call a moment later, so poll for it. */
async function expectCloses(page: string, count: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while (closeCalls(page).length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  expect(closeCalls(page)).toHaveLength(count);
}

test('the export dialog writes last month’s calls to a named sheet and closes', async () => {
  const { page, errors } = await harness.open('ExportDialog', 380);
  await page.getByLabel('Period').selectOption('last_month');
  await page.getByLabel('Destination country code (optional)').fill('+44');
  await page.getByLabel('Sheet name (optional)').fill('UK calls');
  await page.getByRole('button', { name: 'Export' }).click();
  await page.waitForSelector('.notice-success');
  await page.waitForFunction(
    () => (window as unknown as { __googleScriptHostCalls: unknown[] }).__googleScriptHostCalls.length > 0,
  );
  await expectCloses('ExportDialog', 1);
  const call = harness.stack.bridge.rpcLog.find((c) => c.name === 'cliqtelExportCalls');
  expect(call?.args).toEqual([{ window: 'last_month', country: '44', sheetName: 'UK calls' }]);
  const values = harness.stack.emulator.activeSpreadsheet.sheet('UK calls')?.getValues();
  expect(values?.length).toBeGreaterThan(1);
  expect(errors).toEqual([]);
});

test('the export dialog refuses a dialling code that is not digits, inline and without a server call', async () => {
  const { page } = await harness.open('ExportDialog', 380);
  const before = harness.stack.bridge.rpcLog.length;
  await page.getByLabel('Destination country code (optional)').fill('UK');
  await page.getByRole('button', { name: 'Export' }).click();
  await expect(page.locator('.notice-error').textContent()).resolves.toContain('not a dialling code');
  expect(harness.stack.bridge.rpcLog.length).toBe(before);
  await expectCloses('ExportDialog', 1);
});

test('the export dialog takes a two-letter country code like CLIQTEL_CALLS does: GB is sent as dialling code 44', async () => {
  const { page, errors } = await harness.open('ExportDialog', 380);
  await page.getByLabel('Period').selectOption('last_month');
  await page.getByLabel('Destination country code (optional)').fill('gb');
  await page.getByLabel('Sheet name (optional)').fill('GB calls');
  await page.getByRole('button', { name: 'Export' }).click();
  await page.waitForSelector('.notice-success');
  const call = harness.stack.bridge.rpcLog.filter((c) => c.name === 'cliqtelExportCalls').at(-1);
  expect(call?.args).toEqual([{ window: 'last_month', country: '44', sheetName: 'GB calls' }]);
  expect(call?.ok).toBe(true);
  expect(errors).toEqual([]);
});

test('the report dialog inserts a report and closes; Cancel closes without a call', async () => {
  const { page } = await harness.open('ReportDialog', 380);
  await page.getByLabel('Report', { exact: true }).selectOption('invoices');
  await expect(page.getByLabel('Period').isVisible()).resolves.toBe(false);
  await page.getByRole('button', { name: 'Insert report' }).click();
  await page.waitForSelector('.notice-success');
  await page.waitForFunction(
    () => (window as unknown as { __googleScriptHostCalls: unknown[] }).__googleScriptHostCalls.length > 0,
  );
  await expectCloses('ReportDialog', 1);
  const inserted = harness.stack.bridge.rpcLog.filter((c) => c.name === 'cliqtelInsertReport');
  expect(inserted.at(-1)?.args).toEqual([{ kind: 'invoices' }]);
  expect(inserted.at(-1)?.ok).toBe(true);

  const second = await harness.open('ReportDialog', 380);
  const before = harness.stack.bridge.rpcLog.length;
  await second.page.getByRole('button', { name: 'Cancel' }).click();
  await second.page.waitForFunction(
    () => (window as unknown as { __googleScriptHostCalls: unknown[] }).__googleScriptHostCalls.length > 0,
  );
  await expectCloses('ReportDialog', 2);
  expect(harness.stack.bridge.rpcLog.length).toBe(before);
});

test('the report dialog shows a server error inline and stays open', async () => {
  harness.stack.emulator.run('cliqtelClearApiKey', [], { mode: 'server' });
  const { page } = await harness.open('ReportDialog', 380);
  const closesBefore = closeCalls('ReportDialog').length;
  await page.getByRole('button', { name: 'Insert report' }).click();
  await page.waitForSelector('.notice-error');
  expect(((await page.locator('.notice-error').textContent()) ?? '').length).toBeGreaterThan(10);
  await expect(page.getByRole('button', { name: 'Insert report' }).isEnabled()).resolves.toBe(true);
  expect(closeCalls('ReportDialog')).toHaveLength(closesBefore);
  harness.stack.emulator.run('cliqtelSaveApiKey', [{ key: harness.stack.sandbox.keys.readOnly }], { mode: 'server' });
});

test('the schedule dialog starts from the saved schedule, saves a new one and closes', async () => {
  harness.stack.emulator.run('cliqtelSetSchedule', [{ frequency: 'every_6_hours' }], { mode: 'server' });
  const { page } = await harness.open('ScheduleDialog', 360);
  await page.waitForFunction(() => document.querySelector('dl')?.textContent?.includes('Every 6 hours'));
  await expect(page.getByLabel('Refresh reports', { exact: true }).inputValue()).resolves.toBe('every_6_hours');
  await page.getByLabel('Refresh reports', { exact: true }).selectOption('daily');
  await page.getByLabel('Time of day').selectOption('22');
  await page.getByRole('button', { name: 'Save schedule' }).click();
  await page.waitForSelector('.notice-success');
  await page.waitForFunction(
    () => (window as unknown as { __googleScriptHostCalls: unknown[] }).__googleScriptHostCalls.length > 0,
  );
  await expectCloses('ScheduleDialog', 1);
  expect(harness.stack.emulator.triggers).toHaveLength(1);
  expect(await hasHorizontalScroll(page)).toBe(false);
});
