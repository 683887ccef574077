// The calls log in the pages (headless Chromium against the real bundle): the report dialog and the sidebar offer
// "Calls log (keeps every call)" with a start date instead of a period, and the report list shows what its last
// refresh did (added, updated, unchanged).
import { type BrowserHarness, startHarness } from './helpers';

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

test('the report dialog offers a calls log with a start date (no period) and inserts it from that date', async () => {
  const { page, errors } = await harness.open('ReportDialog', 380);
  const kind = page.getByLabel('Report', { exact: true });
  await expect(kind.locator('option[value="calls_log"]').textContent()).resolves.toBe('Calls log (keeps every call)');
  await kind.selectOption('calls_log');
  await expect(page.getByLabel('Period').isVisible()).resolves.toBe(false);
  await expect(page.getByLabel('Start date').isVisible()).resolves.toBe(true);
  await page.getByLabel('Start date').fill('2026-06-10');
  await page.getByRole('button', { name: 'Insert report' }).click();
  await page.waitForSelector('.notice-success');
  const inserted = harness.stack.bridge.rpcLog.filter((c) => c.name === 'cliqtelInsertReport');
  expect(inserted.at(-1)?.args).toEqual([{ kind: 'calls_log', from: '2026-06-10' }]);
  expect(inserted.at(-1)?.ok).toBe(true);
  // Other kinds hide the start date again.
  const second = await harness.open('ReportDialog', 380);
  await second.page.getByLabel('Report', { exact: true }).selectOption('calls');
  await expect(second.page.getByLabel('Start date').isVisible()).resolves.toBe(false);
  await expect(second.page.getByLabel('Period').isVisible()).resolves.toBe(true);
  expect(errors).toEqual([]);
});

test('the sidebar lists the log with its start date and, after a refresh, what the refresh added and updated', async () => {
  await harness.stack.sandbox.callActivity({ newCalls: 4, lateCalls: 1, seed: 3 });
  const sidebar = await harness.open('Sidebar');
  const page = sidebar.page;
  await page.click('[data-tab="reports"]');
  const item = page.locator('#panel-reports li[data-sheet="Calls log from 2026-06-10"]');
  await item.waitFor();
  await expect(item.textContent()).resolves.toContain('From 2026-06-10, kept up to today');
  await item.getByRole('button', { name: 'Refresh Calls log from 2026-06-10' }).click();
  await page.getByText(/“Calls log from 2026-06-10”: 5 added, 0 updated/).waitFor();
  await expect(item.locator('.report-log').textContent()).resolves.toMatch(/^5 added, 0 updated, \d+ unchanged$/);
  expect(sidebar.errors).toEqual([]);
});
