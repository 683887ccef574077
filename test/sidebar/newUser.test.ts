// What a new user tripped over in the sidebar, in headless Chromium against the real dist/ (bridge → emulator →
// sandbox): the menu's "Settings (API key)" opens the key tab, messages below the fold are scrolled into view, the
// report list follows reports inserted elsewhere (on focus and by polling while visible), the schedule's time zone.
import type { Page } from 'playwright-core';
import { injectShim } from '../../dev/bridge/server';
import { REPORTS_POLL_MS } from '../../src/sidebar/reportsPanel';
import { type BrowserHarness, startHarness } from './helpers';

jest.setTimeout(120_000);

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startHarness();
  harness.stack.emulator.run('cliqtelSaveApiKey', [{ key: harness.stack.sandbox.keys.readOnly }]);
});

afterAll(async () => {
  await harness?.close();
});

const listCalls = () => harness.stack.bridge.rpcLog.filter((call) => call.name === 'cliqtelListReports').length;

/** Whether the whole element is on screen: inside the viewport and not under the sticky tab bar. */
function fullyVisible(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((node) => {
    const box = node.getBoundingClientRect();
    const covered = document.querySelector('[role="tablist"]')?.getBoundingClientRect().bottom ?? 0;
    return box.height > 0 && box.top >= covered - 0.5 && box.bottom <= window.innerHeight + 0.5;
  });
}

/** The report list has its answer (not "Loading reports…"). */
const listSettled = (page: Page) => async () =>
  !(await page.locator('#panel-reports ul.reports').textContent())?.includes('Loading reports');

/** A sidebar page whose timers only run when the test advances its clock (so polling is under the test's control). */
async function pausedSidebar(): Promise<Page> {
  const page = await harness.browser.newPage({ viewport: { width: 300, height: 800 } });
  await page.clock.install();
  await page.goto(harness.stack.pageUrl('Sidebar'));
  await page.waitForSelector('#app[data-ready="true"]');
  await page.clock.pauseAt(Date.now() + 60_000);
  return page;
}

/**
 * Advances the page's clock in small steps (google.script.run answers on a zero-delay timer) until `done`, at most
 * `budgetMs` of page time. Returns whether `done` became true.
 */
async function advanceUntil(page: Page, done: () => Promise<boolean>, budgetMs: number): Promise<boolean> {
  for (let spent = 0; spent <= budgetMs; spent += 20) {
    if (await done()) return true;
    await page.clock.runFor(20);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return done();
}

describe('the menu’s "Settings (API key)"', () => {
  test('opens the sidebar on the API key tab, even with a key saved (which otherwise lands on Reports)', async () => {
    harness.stack.emulator.run('cliqtelMenuSettings', [], { mode: 'menu' });
    const shown = harness.stack.emulator.ui.sidebars.at(-1);
    expect(shown?.title).toBe('Cliqtel');
    const page = await harness.browser.newPage({ viewport: { width: 300, height: 800 } });
    const url = `${harness.stack.url}/pages/SettingsSidebar.html`;
    await page.route(url, (route) =>
      route.fulfill({ contentType: 'text/html', body: injectShim(shown?.html ?? '', '', 'Sidebar') }),
    );
    await page.goto(url);
    await page.waitForSelector('#app[data-ready="true"]');
    // Settings have arrived (hasKey true): the key tab is still the one shown.
    await page.locator('#panel-key .masked-key').waitFor();
    await expect(page.locator('[data-tab="key"]').getAttribute('aria-selected')).resolves.toBe('true');
    await expect(page.locator('#panel-key').isVisible()).resolves.toBe(true);
    await expect(page.locator('#panel-reports').isVisible()).resolves.toBe(false);
    await page.close();
  });

  test('"Open sidebar" still lands a user with a key on Reports', async () => {
    const page = await harness.browser.newPage({ viewport: { width: 300, height: 800 } });
    await page.goto(harness.stack.pageUrl('Sidebar'));
    await page.waitForSelector('[data-tab="reports"][aria-selected="true"]');
    await page.close();
  });
});

describe('messages below the fold', () => {
  test('a malformed key’s error is scrolled into view in a short sidebar', async () => {
    const { page } = await harness.open('Sidebar', 300, 420);
    await page.click('[data-tab="key"]');
    await page.locator('#panel-key input[type="password"]').fill('not-a-key');
    expect(await fullyVisible(page, '#panel-key form button[type="submit"]')).toBe(false);
    await page.locator('#panel-key form button[type="submit"]').evaluate((b) => (b as HTMLButtonElement).click());
    await page.waitForSelector('#panel-key form .notice-error');
    expect(await fullyVisible(page, '#panel-key form .notice-error')).toBe(true);
  });

  test('number search results are scrolled into view in a short sidebar', async () => {
    const { page } = await harness.open('Sidebar', 300, 220);
    await page.click('[data-tab="numbers"]');
    await page.getByLabel('Country').selectOption('GB');
    expect(await fullyVisible(page, '#panel-numbers form button[type="submit"]')).toBe(false);
    await page.getByRole('button', { name: 'Search', exact: true }).evaluate((b) => (b as HTMLButtonElement).click());
    await page.waitForSelector('#panel-numbers table caption');
    expect(await fullyVisible(page, '#panel-numbers table caption')).toBe(true);
  });
});

describe('the report list follows reports inserted elsewhere', () => {
  test('regaining focus re-reads the list: a report inserted from the menu appears without a poll', async () => {
    const page = await pausedSidebar();
    await page.click('[data-tab="reports"]');
    expect(await advanceUntil(page, listSettled(page), 2000)).toBe(true);
    expect(await page.locator('#panel-reports li[data-sheet="Menu numbers"]').count()).toBe(0);

    harness.stack.emulator.run('cliqtelInsertReport', [{ kind: 'numbers', sheetName: 'Menu numbers' }], { mode: 'menu' });
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    const appeared = await advanceUntil(
      page,
      async () => (await page.locator('#panel-reports li[data-sheet="Menu numbers"]').count()) === 1,
      REPORTS_POLL_MS / 2,
    );
    expect(appeared).toBe(true);
    await page.close();
  });

  test('while the Reports tab is open the list is polled; a hidden sidebar sends nothing until it is shown again', async () => {
    const page = await pausedSidebar();
    await page.click('[data-tab="reports"]');
    expect(await advanceUntil(page, listSettled(page), 2000)).toBe(true);

    // Polling: a report inserted elsewhere shows up within one poll interval, with no focus change.
    harness.stack.emulator.run('cliqtelInsertReport', [{ kind: 'invoices', sheetName: 'Polled invoices' }], { mode: 'menu' });
    const polled = await advanceUntil(
      page,
      async () => (await page.locator('#panel-reports li[data-sheet="Polled invoices"]').count()) === 1,
      REPORTS_POLL_MS + 2000,
    );
    expect(polled).toBe(true);

    // Hidden (another browser tab, minimised): no cliqtelListReports however long it stays hidden.
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    const before = listCalls();
    harness.stack.emulator.run('cliqtelInsertReport', [{ kind: 'orders', sheetName: 'Hidden orders' }], { mode: 'menu' });
    await page.clock.runFor(REPORTS_POLL_MS * 5);
    expect(listCalls()).toBe(before);

    // Shown again: re-read at once.
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    const shown = await advanceUntil(
      page,
      async () => (await page.locator('#panel-reports li[data-sheet="Hidden orders"]').count()) === 1,
      REPORTS_POLL_MS / 2,
    );
    expect(shown).toBe(true);
    await page.close();
  });

  test('on another tab nothing is polled', async () => {
    const page = await pausedSidebar();
    await page.click('[data-tab="numbers"]');
    const before = listCalls();
    await page.clock.runFor(REPORTS_POLL_MS * 3);
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await page.clock.runFor(100);
    expect(listCalls()).toBe(before);
    await page.close();
  });
});

test('the schedule’s hour is in the spreadsheet’s time zone, not the script’s', async () => {
  const { page } = await harness.open('Sidebar');
  await page.click('[data-tab="schedule"]');
  await page.getByLabel('Refresh reports', { exact: true }).selectOption('daily');
  const hint = (await page.locator('#panel-schedule .field:has(select) .hint').allTextContents()).join(' ');
  expect(hint).toContain('spreadsheet’s time zone');
  expect(hint).not.toContain('script');
});
