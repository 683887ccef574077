// The sidebar's dashboard entry, its low-balance alert form (Schedule tab) and the banner while the balance is below
// the threshold — the built Sidebar.html in headless Chromium, bridged to the emulator running dist/Code.js.
import type { Page } from 'playwright-core';
import { type BrowserHarness, hasHorizontalScroll, startHarness, type Watched } from './helpers';

jest.setTimeout(120_000);

let harness: BrowserHarness;
let sidebar: Watched;
let page: Page;

beforeAll(async () => {
  harness = await startHarness();
  harness.stack.emulator.run('cliqtelSaveApiKey', [{ key: harness.stack.sandbox.keys.readOnly }]);
  sidebar = await harness.open('Sidebar');
  page = sidebar.page;
});

afterAll(async () => {
  await harness?.close();
});

const tab = (id: string) => page.click(`[data-tab="${id}"]`);
const banner = () => page.locator('.balance-banner');

test('Reports tab: "Insert dashboard" builds the sheet, says where it is, and lists it as a Dashboard', async () => {
  await tab('reports');
  await page.getByRole('button', { name: 'Insert dashboard' }).click();
  const notice = page.locator('.dashboard-entry .notice-success');
  await notice.waitFor();
  await expect(notice.textContent()).resolves.toContain('“Dashboard”');
  const sheet = harness.stack.emulator.activeSpreadsheet.sheet('Dashboard');
  expect(sheet?.charts).toHaveLength(3);
  const item = page.locator('li.report[data-sheet="Dashboard"]');
  await item.waitFor();
  await expect(item.locator('.report-meta').textContent()).resolves.toMatch(/^Dashboard ·/);
  expect(sidebar.errors).toEqual([]);
});

test('Schedule tab: setting an alert with no schedule turns on an hourly one and says so; one trigger', async () => {
  await tab('schedule');
  await expect(banner().isVisible()).resolves.toBe(false);
  await page.locator('input[name="threshold"]').fill('1000000');
  await page.getByRole('button', { name: 'Set alert' }).click();
  const notice = page.locator('.balance-alert .notice-success');
  await notice.waitFor();
  await expect(notice.textContent()).resolves.toMatch(/hourly one was turned on/);
  await expect(page.getByLabel('Current schedule').textContent()).resolves.toContain('Every hour');
  await expect(page.locator('.balance-alert dl').textContent()).resolves.toContain('Below 1,000,000.00');
  expect(harness.stack.emulator.triggers).toHaveLength(1);
  expect(await hasHorizontalScroll(page)).toBe(false);
});

test('after a scheduled run finds the balance below, a banner shows (as text) and one e-mail went out', async () => {
  const [run] = harness.stack.emulator.runTimeDrivenTriggers();
  expect(run.error).toBeUndefined();
  expect(harness.stack.emulator.mails).toHaveLength(1);
  await page.reload();
  await page.waitForSelector('#app[data-ready="true"]');
  await banner().waitFor();
  const text = (await banner().textContent()) ?? '';
  expect(text).toMatch(/^Low balance: [\d,]+\.\d{2} EUR is below your alert of 1,000,000\.00 EUR/);
  expect(await banner().evaluate((node) => node.children.length)).toBe(1); // a text span, no markup from the API
  await tab('schedule');
  await expect(page.locator('.balance-alert dl').textContent()).resolves.toMatch(/available/);
  expect(await hasHorizontalScroll(page)).toBe(false);
});

test('"Remove alert" clears it and the banner goes away; the schedule stays', async () => {
  await page.getByRole('button', { name: 'Remove alert' }).click();
  await page.locator('.balance-alert .notice-success').waitFor();
  await expect(banner().isVisible()).resolves.toBe(false);
  await expect(page.locator('.balance-alert dl').textContent()).resolves.toContain('Off');
  expect(harness.stack.emulator.triggers).toHaveLength(1);
  expect(sidebar.errors).toEqual([]);
  expect(sidebar.dialogs).toEqual([]);
});

test('an amount that is not one is refused inline without a server call', async () => {
  const before = harness.stack.bridge.rpcLog.length;
  await page.locator('input[name="threshold"]').fill('-3');
  await page.getByRole('button', { name: 'Set alert' }).click();
  await page.locator('.balance-alert .notice-error').waitFor();
  expect(harness.stack.bridge.rpcLog.slice(before).map((c) => c.name)).not.toContain('cliqtelSetBalanceAlert');
});
