// The built Sidebar.html in headless Chromium, its google.script.run bridged to the emulator running the real
// dist/Code.js against the sandbox API: key entry and health, number search and insert, reports, schedule.
import type { Page } from 'playwright-core';
import { type BrowserHarness, hasHorizontalScroll, startHarness, watchDisabled, type Watched } from './helpers';

jest.setTimeout(120_000);

let harness: BrowserHarness;
let sidebar: Watched;
let page: Page;

beforeAll(async () => {
  harness = await startHarness();
  sidebar = await harness.open('Sidebar');
  page = sidebar.page;
});

afterAll(async () => {
  await harness?.close();
});

const tab = (id: string) => page.click(`[data-tab="${id}"]`);
const keyNotice = () => page.locator('#panel-key form .notice');
const sheetValues = (name: string) => harness.stack.emulator.activeSpreadsheet.sheet(name)?.getValues();
const apiRequests = async () => (await harness.stack.sandbox.stats()).requests.length;

describe('API key panel', () => {
  // How fast the page becomes usable is not asserted here (shared, noisy machines): the page is one ~60 KB file with
  // no external requests, and its tabs render before the first server call returns.
  test('shows its tabs and loads the settings', async () => {
    const fresh = await harness.browser.newPage({ viewport: { width: 300, height: 800 } });
    await fresh.goto(harness.stack.pageUrl('Sidebar'));
    await fresh.waitForSelector('[role="tab"]');
    await fresh.waitForSelector('#app[data-ready="true"]');
    await expect(fresh.locator('#panel-key').textContent()).resolves.toContain('No key saved yet');
    await fresh.close();
  });

  test('a malformed key shows an inline error and sends nothing to the server or the API', async () => {
    await tab('key');
    const before = await apiRequests();
    const rpcBefore = harness.stack.bridge.rpcLog.length;
    await page.locator('#panel-key input[type="password"]').fill('not-a-key');
    await page.getByRole('button', { name: 'Save and verify' }).click();
    await expect(keyNotice().textContent()).resolves.toMatch(/not a Cliqtel API key/);
    await expect(keyNotice().getAttribute('class')).resolves.toContain('notice-error');
    expect(harness.stack.bridge.rpcLog.slice(rpcBefore).map((call) => call.name)).not.toContain('cliqtelSaveApiKey');
    expect(await apiRequests()).toBe(before);
  });

  test('a well-formed key the API rejects shows the server’s message inline', async () => {
    await page.locator('#panel-key input[type="password"]').fill(harness.stack.sandbox.keys.revoked);
    await page.getByRole('button', { name: 'Save and verify' }).click();
    await page.waitForSelector('#panel-key form .notice-error');
    const message = (await keyNotice().textContent()) ?? '';
    expect(message.length).toBeGreaterThan(10);
    expect(message).not.toMatch(/not a Cliqtel API key/);
    expect(harness.stack.bridge.rpcLog.at(-1)?.name).toBe('cliqtelSaveApiKey');
  });

  test('the read-only key is verified: masked key and every read scope shown, the secret nowhere in the page', async () => {
    const key = harness.stack.sandbox.keys.readOnly;
    const secret = key.slice(key.indexOf('|') + 1);
    await page.locator('#panel-key input[type="password"]').fill(key);
    const disabledLog = await watchDisabled(page, '#panel-key form button[type="submit"]');
    await page.getByRole('button', { name: 'Save and verify' }).click();
    await page.waitForSelector('#panel-key form .notice-success');
    expect(await disabledLog()).toEqual([true, false]);

    const masked = (await page.locator('#panel-key .masked-key').textContent()) ?? '';
    expect(masked).toMatch(new RegExp(`^${key.slice(0, key.indexOf('|'))}\\|•+`));
    expect(await page.locator('#panel-key input[type="password"]').inputValue()).toBe('');
    const html = await page.content();
    expect(html).not.toContain(secret);
    expect(html).not.toContain(secret.slice(0, 8));
    for (const scope of ['usage:read', 'billing:read', 'numbers:read', 'sms:read']) {
      await expect(page.locator(`#panel-key li[data-scope="${scope}"]`).getAttribute('class')).resolves.toContain('scope-on');
    }
    await expect(page.locator('#panel-key li[data-scope="usage:read"]').textContent()).resolves.toContain('call records');
  });

  test('key health can be checked again, and sharing with formulas switched on and off', async () => {
    await page.getByRole('button', { name: 'Check again' }).click();
    await page.waitForSelector('#panel-key .card .notice-success');
    await expect(page.locator('#panel-key .card .notice-success').textContent()).resolves.toContain('4 of 4');

    await page.getByRole('button', { name: 'Share with formulas' }).click();
    await page.waitForSelector('#panel-key button:has-text("Stop sharing")');
    await expect(page.locator('#panel-key .facts').textContent()).resolves.toContain('Shared with this spreadsheet');
    expect(harness.stack.emulator.documentProperties().get('CLIQTEL_SHARED_API_KEY')).toBe(harness.stack.sandbox.keys.readOnly);

    await page.getByRole('button', { name: 'Stop sharing' }).click();
    await page.waitForSelector('#panel-key button:has-text("Share with formulas")');
    await expect(page.locator('#panel-key .facts').textContent()).resolves.toContain('Private to you');
    expect(harness.stack.emulator.documentProperties().has('CLIQTEL_SHARED_API_KEY')).toBe(false);
  });
});

describe('Find numbers panel', () => {
  test('a search for GB local lists the sandbox’s numbers with their monthly price', async () => {
    const expected = (await harness.stack.sandbox.data('available_numbers')).filter(
      (n: { country_code: string; type: string }) => n.country_code === 'GB' && n.type === 'local',
    );
    expect(expected.length).toBeGreaterThan(0);
    await tab('numbers');
    await page.getByLabel('Country').selectOption('GB');
    await page.getByLabel('Number type').selectOption('local');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForSelector('#panel-numbers table tbody tr');
    const rows = await page
      .locator('#panel-numbers tbody tr')
      .evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)));
    expect(rows).toEqual(
      expected.map((n: { number: string; monthly_price: number }) => [n.number, 'Local', n.monthly_price.toFixed(2)]),
    );
  });

  test('"Insert into sheet" writes the results as a table in a new sheet', async () => {
    const shown = await page.locator('#panel-numbers tbody td.cell-number').allTextContents();
    await page.getByRole('button', { name: 'Insert into sheet' }).click();
    await page.waitForSelector('#panel-numbers .notice-success');
    const notice = (await page.locator('#panel-numbers .notice-success').textContent()) ?? '';
    const sheetName = /“(.+)”/.exec(notice)?.[1] ?? '';
    const values = sheetValues(sheetName);
    expect(values).toBeDefined();
    expect(values?.[0]).toEqual(['Number', 'Country Code', 'Type', 'Monthly Price']);
    expect(values?.slice(1).map((row) => row[0])).toEqual(shown);
    expect(values?.slice(1).every((row) => row[1] === 'GB' && row[2] === 'local' && typeof row[3] === 'number')).toBe(true);
  });

  test('a number string carrying HTML from the API shows as literal text and runs nothing', async () => {
    const payload = '<img src=x onerror=alert(1)>';
    await harness.stack.sandbox.putData('available_numbers', [
      { number: payload, country_code: 'GB', type: 'national', monthly_price: 1.5 },
      { number: '<script>alert(2)</script>', country_code: 'GB', type: 'national', monthly_price: 1.75 },
    ]);
    await page.getByLabel('Number type').selectOption('national');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForSelector(`#panel-numbers td:text-is("${payload}")`);
    await page.waitForTimeout(300);
    expect(await page.locator('#panel-numbers img').count()).toBe(0);
    expect(await page.locator('#panel-numbers script').count()).toBe(0);
    await expect(page.locator('#panel-numbers tbody').textContent()).resolves.toContain('<script>alert(2)</script>');
    expect(sidebar.dialogs).toEqual([]);
    expect(sidebar.errors).toEqual([]);
  });
});

describe('Reports panel', () => {
  test('a report inserted from the sidebar appears in the list with its rows, and refreshes', async () => {
    await tab('reports');
    await page.waitForSelector('#panel-reports .reports li');
    await page.getByLabel('Report', { exact: true }).selectOption('by_destination');
    await page.getByLabel('Period').selectOption('last_30_days');
    await page.getByLabel('Sheet name (optional)').fill('Destinations 30d');
    await page.getByRole('button', { name: 'Insert report' }).click();
    await page.waitForSelector('#panel-reports li[data-sheet="Destinations 30d"]');

    const item = page.locator('#panel-reports li[data-sheet="Destinations 30d"]');
    const listed = (await harness.stack.emulator.run('cliqtelListReports', [], { mode: 'server' })) as {
      reports: { sheetName: string; rows: number }[];
    };
    const report = listed.reports.find((r) => r.sheetName === 'Destinations 30d');
    expect(report).toBeDefined();
    await expect(item.locator('.report-rows').textContent()).resolves.toBe(String(report?.rows));
    await expect(item.textContent()).resolves.toContain('Last 30 days');
    expect(sheetValues('Destinations 30d')?.length).toBe((report?.rows ?? 0) + 1);

    await item.getByRole('button', { name: 'Refresh Destinations 30d' }).click();
    await page.getByText('Refreshed 1 report.').waitFor();
    await expect(item.locator('.status').textContent()).resolves.toMatch(/^ok/i);
  });

  test('fixed dates in the wrong order are refused inline without a server call', async () => {
    const rpcBefore = harness.stack.bridge.rpcLog.length;
    await page.getByLabel('Report', { exact: true }).selectOption('calls');
    await page.getByLabel('Period').selectOption('fixed');
    await page.getByLabel('From', { exact: true }).fill('2026-05-10');
    await page.getByLabel('To', { exact: true }).fill('2026-05-01');
    await page.getByRole('button', { name: 'Insert report' }).click();
    await expect(page.locator('#panel-reports form .notice-error').textContent()).resolves.toContain('after the To date');
    expect(harness.stack.bridge.rpcLog.length).toBe(rpcBefore);
  });
});

describe('Schedule panel', () => {
  test('saving a daily schedule shows it and the emulator holds exactly one trigger', async () => {
    await tab('schedule');
    await page.getByLabel('Refresh reports', { exact: true }).selectOption('daily');
    await page.getByLabel('Time of day').selectOption('7');
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await page.waitForSelector('#panel-schedule .notice-success');
    await expect(page.getByLabel('Current schedule').textContent()).resolves.toContain('Once a day, around 07:00');
    const triggers = harness.stack.emulator.triggers.filter((t) => t.handler === 'cliqtelScheduledRefresh');
    expect(triggers).toHaveLength(1);
    expect(harness.stack.emulator.triggers).toHaveLength(1);

    await page.getByLabel('Refresh reports', { exact: true }).selectOption('hourly');
    await expect(page.getByLabel('Time of day').isVisible()).resolves.toBe(false);
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await page.waitForFunction(() => document.querySelector('#panel-schedule dl')?.textContent?.includes('Every hour'));
    expect(harness.stack.emulator.triggers).toHaveLength(1);
  });
});

describe('layout', () => {
  test('no panel scrolls sideways at 300 px, even with long API strings on screen', async () => {
    for (const id of ['key', 'numbers', 'reports', 'schedule']) {
      await tab(id);
      expect(await hasHorizontalScroll(page)).toBe(false);
    }
  });

  test('tabs are reachable with the keyboard', async () => {
    await tab('key');
    await page.focus('[data-tab="key"]');
    await page.keyboard.press('ArrowRight');
    await expect(page.locator('[data-tab="numbers"]').getAttribute('aria-selected')).resolves.toBe('true');
    await expect(page.locator('#panel-numbers').isVisible()).resolves.toBe(true);
    await page.keyboard.press('End');
    await expect(page.locator('[data-tab="schedule"]').getAttribute('aria-selected')).resolves.toBe('true');
  });

  test('removing the key clears it from the panel', async () => {
    await tab('key');
    await page.getByRole('button', { name: 'Remove key' }).click();
    await page.waitForSelector('#panel-key .masked-key', { state: 'detached' });
    await expect(page.locator('#panel-key').textContent()).resolves.toContain('No key saved yet');
    expect(sidebar.errors).toEqual([]);
    expect(sidebar.dialogs).toEqual([]);
  });
});
