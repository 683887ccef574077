// The playground (npm start) in headless Chromium: the page loads the demo spreadsheet, formulas typed into cells
// show the sandbox's values, the menu's export writes the sandbox's calls, and the real sidebar works inside it.
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { launchChromium } from '../../../dev/bridge/chromium';
import { TEST_NOW } from '../../../dev/clock';
import { lastFullMonth } from '../../../dev/playground/demo';
import { type Playground, startPlayground } from '../../../dev/playground/server';

jest.setTimeout(120_000);

let playground: Playground;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const today = TEST_NOW.slice(0, 10);
const { from, to } = lastFullMonth(today);

beforeAll(async () => {
  playground = await startPlayground({ port: 0, baseUrl: null, now: TEST_NOW, sandbox: { cdrCount: 2000 } });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(playground.url);
  await page.waitForSelector('body[data-ready="true"]');
});

afterAll(async () => {
  await browser?.close();
  await playground?.stop();
});

/** Calls the sandbox API directly (not through the add-on), to compare with what the page shows. */
async function api(path: string, key?: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${playground.backend.baseUrl}${path}`, {
    headers: { Accept: 'application/json', ...(key ? { Authorization: `Bearer ${key}` } : {}) },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

const cell = (a1: string) => {
  const match = /^([A-Z])(\d+)$/.exec(a1) as RegExpExecArray;
  return page.locator(`#grid td[data-r="${match[2]}"][data-c="${match[1].charCodeAt(0) - 64}"]`);
};

/** Waits until a cell shows something other than nothing / "Loading…" and returns it. */
async function settledText(a1: string, unlike?: string): Promise<string> {
  await page.waitForFunction(
    ([selector, previous]) => {
      const td = document.querySelector(selector);
      const text = td?.textContent ?? '';
      return text !== '' && text !== 'Loading…' && text !== previous;
    },
    [`#grid td[data-r="${/\d+/.exec(a1)?.[0]}"][data-c="${a1.charCodeAt(0) - 64}"]`, unlike ?? null] as const,
  );
  return (await cell(a1).textContent()) ?? '';
}

async function typeInto(a1: string, text: string): Promise<void> {
  await cell(a1).click();
  await page.locator('#formula').fill(text);
  await page.locator('#formula').press('Enter');
}

const sidebar = (): FrameLocator => page.frameLocator('#sidepanel-frame');

async function openMenuItem(caption: string): Promise<void> {
  await page.getByRole('button', { name: 'Extensions' }).click();
  await page.getByRole('menuitem', { name: 'Cliqtel', exact: true }).click();
  await page.getByRole('menuitem', { name: caption }).click();
}

test('the page loads the demo sheet, the add-on menu as onOpen built it, and the sidebar', async () => {
  await expect(page.getByRole('tab', { name: 'Start here' })).toBeTruthy();
  expect(await page.getByRole('tab', { selected: true }).textContent()).toBe('Start here');
  // The public number search needs no key: its results are already the sandbox's.
  const search = (await api('/v1/numbers/search?country=GB&type=local')) as { numbers: { number: string }[] };
  expect(await cell('H16').textContent()).toBe('Number');
  expect(await cell('H17').textContent()).toBe(search.numbers[0].number);
  // Without a key the other formulas show #ERROR! with the add-on's message on selection.
  expect(await cell('B9').textContent()).toBe('#ERROR!');
  await cell('B9').click();
  await expect(page.locator('#cell-message').textContent()).resolves.toContain('No Cliqtel API key is saved');
  expect(await page.locator('#formula').inputValue()).toBe('=CLIQTEL_BALANCE()');

  await page.getByRole('button', { name: 'Extensions' }).click();
  await page.getByRole('menuitem', { name: 'Cliqtel', exact: true }).click();
  const shown = await page.locator('.menu-list .menu-list [role="menuitem"]').allTextContents();
  const built = playground.emulator.ui.menus[0].items.filter((item) => !item.separator).map((item) => item.caption);
  expect(shown).toEqual(built);
  await page.keyboard.press('Escape');
  await page.locator('#grid').click({ position: { x: 5, y: 5 } });

  await sidebar().locator('#app[data-ready="true"]').waitFor();
  expect(await page.locator('#sidepanel-title').textContent()).toBe('Cliqtel');
});

test('the sidebar saves a demo key inside the playground: masked key shown, formulas then show live data', async () => {
  const key = playground.sandbox?.keys.readOnly as string;
  await sidebar().getByRole('tab', { name: 'API key' }).click();
  await sidebar().locator('#panel-key input[type="password"]').fill(key);
  await sidebar().getByRole('button', { name: 'Save and verify' }).click();
  const masked = sidebar().locator('.masked-key');
  await masked.waitFor();
  const maskedText = (await masked.textContent()) ?? '';
  expect(maskedText).toMatch(/^12\|•+/);
  expect(maskedText).not.toContain(key.split('|')[1]);

  const balance = (await api('/v1/wallet/balance', key)) as { balance: number; currency: string };
  expect(await settledText('B9', '#ERROR!')).toBe(String(balance.balance));
  expect(await settledText('C9', '#ERROR!')).toBe(balance.currency);
  expect(pageErrors).toEqual([]);
});

test('a formula typed into a cell runs the custom function and spills the sandbox’s values; editing its input recalculates', async () => {
  const key = playground.sandbox?.keys.readOnly as string;
  await typeInto('A30', `=CLIQTEL_USAGE("${from}","${to}")`);
  expect(await settledText('A30')).toBe('Minutes This Month');
  const summary = (await api(`/v1/portal/usage/summary?from=${from}&to=${to}`, key)) as Record<string, number>;
  expect(await settledText('C31')).toBe(String(summary.total_calls));
  expect(await cell('A31').textContent()).toBe(String(summary.minutes_this_month));

  // B6 feeds the demo's =CLIQTEL_USAGE(B6,B7) in A12: a new start date recalculates it.
  const before = (await settledText('C13')) ?? '';
  const later = `${from.slice(0, 8)}15`;
  await typeInto('B6', later);
  expect(await settledText('B6', from)).toBe(later);
  const narrower = (await api(`/v1/portal/usage/summary?from=${later}&to=${to}`, key)) as Record<string, number>;
  expect(await settledText('C13', before)).toBe(String(narrower.total_calls));
  expect(playground.emulator.activeSpreadsheet.sheetNamed('Start here').at('B6').display).toBe(later);
});

test('typing on a selected cell enters the formula as in Sheets, and Enter moves down', async () => {
  await cell('A45').click();
  await page.keyboard.type('=cliqtel_balance()');
  await page.keyboard.press('Enter');
  const balance = (await api('/v1/wallet/balance', playground.sandbox?.keys.readOnly)) as { balance: number };
  expect(await settledText('A45')).toBe(String(balance.balance));
  expect(await page.locator('#namebox').inputValue()).toBe('A46');
});

test('a formula the add-on rejects shows #ERROR! with its message', async () => {
  await typeInto('A40', '=CLIQTEL_USAGE_BY("planet")');
  expect(await settledText('A40')).toBe('#ERROR!');
  await cell('A40').click();
  await expect(page.locator('#cell-message').textContent()).resolves.toMatch(/dimension/i);
});

test('the menu’s export opens the real dialog and creates a sheet with the sandbox’s calls', async () => {
  await openMenuItem('Export calls to a sheet…');
  const dialog = page.frameLocator('#modal iframe');
  await dialog.getByLabel('Period').selectOption('last_month');
  await dialog.getByLabel('Sheet name (optional)').fill('Exported calls');
  await dialog.getByRole('button', { name: 'Export' }).click();
  await page.locator('#modal').waitFor({ state: 'hidden', timeout: 60_000 });
  await page.waitForFunction(
    () => document.querySelector('[role="tab"][aria-selected="true"]')?.textContent === 'Exported calls',
  );

  const key = playground.sandbox?.keys.readOnly as string;
  const calls = (await api(`/v1/portal/usage/calls?from=${from}&to=${to}&per_page=1`, key)) as { total: number };
  const sheet = playground.emulator.activeSpreadsheet.sheetNamed('Exported calls');
  expect(sheet.lastRow() - 1).toBe(calls.total);
  // What the page draws is what the sheet holds, as Sheets displays it (bold header, frozen row).
  const displayed = sheet.getDisplayValues();
  const headerTexts = await page.locator('#grid tbody tr:first-child td').allTextContents();
  expect(headerTexts.slice(0, displayed[0].length)).toEqual(displayed[0]);
  const firstRow = await page.locator('#grid tbody tr:nth-child(2) td').allTextContents();
  expect(firstRow.slice(0, displayed[1].length)).toEqual(displayed[1]);
  expect(await page.locator('#grid tbody tr.frozen').count()).toBe(sheet.frozenRows);
  expect(await cell('A1').getAttribute('class')).toContain('bold');
});

test('a new toast replaces the previous one: only the export’s last toast is on screen', async () => {
  const before = playground.emulator.toasts.length;
  await openMenuItem('Export calls to a sheet…');
  const dialog = page.frameLocator('#modal iframe');
  await dialog.getByLabel('Period').selectOption('last_7_days');
  await dialog.getByLabel('Sheet name (optional)').fill('Week of calls');
  await dialog.getByRole('button', { name: 'Export' }).click();
  await page.locator('#modal').waitFor({ state: 'hidden', timeout: 60_000 });
  const newest = playground.emulator.toasts.at(-1)?.message ?? '';
  // The export showed more than one toast ("Fetching…", then "Wrote…"); Sheets shows only the newest.
  expect(playground.emulator.toasts.length - before).toBeGreaterThanOrEqual(2);
  await page.locator('.toast', { hasText: newest }).waitFor();
  expect(await page.locator('#toasts .toast:not(.error)').count()).toBe(1);
});

test('"Run scheduled trigger now" says when no schedule is set up', async () => {
  await page.getByRole('button', { name: 'Run scheduled trigger now' }).click();
  await expect(page.locator('.toast', { hasText: 'No scheduled refresh is set up' }).first().waitFor()).resolves.toBeUndefined();
  expect(pageErrors).toEqual([]);
});

test('"Use demo key" saves the sandbox’s full key through google.script.run and the sidebar shows it', async () => {
  await page.getByRole('button', { name: 'Use demo key' }).click();
  await page.locator('.toast', { hasText: 'Demo key' }).first().waitFor();
  const call = playground.bridge.rpcLog.filter((c) => c.name === 'cliqtelSaveApiKey').at(-1);
  expect(call?.args).toEqual([{ key: playground.sandbox?.keys.full }]);
  await sidebar().getByRole('tab', { name: 'API key' }).click();
  await expect(sidebar().locator('.masked-key').textContent()).resolves.toMatch(/^11\|•+/);
});

test('the menu’s "Settings (API key)" opens the sidebar on the API key tab (with a key saved, "Open sidebar" shows Reports)', async () => {
  await openMenuItem('Open sidebar');
  await sidebar().locator('[data-tab="reports"][aria-selected="true"]').waitFor();
  await openMenuItem('Settings (API key)');
  await sidebar().locator('.masked-key').waitFor();
  await expect(sidebar().locator('[data-tab="key"]').getAttribute('aria-selected')).resolves.toBe('true');
  await expect(sidebar().locator('#panel-key').isVisible()).resolves.toBe(true);
});

test('a schedule saved in the menu’s dialog runs with "Run scheduled trigger now" and refreshes the reports', async () => {
  await openMenuItem('Schedule refresh…');
  const dialog = page.frameLocator('#modal iframe');
  await dialog.getByLabel('Refresh reports', { exact: true }).selectOption('hourly');
  await dialog.getByRole('button', { name: 'Save schedule' }).click();
  await page.locator('#modal').waitFor({ state: 'hidden' });
  expect(playground.emulator.triggers.filter((t) => t.eventType === 'CLOCK')).toHaveLength(1);

  const listReports = () =>
    playground.emulator.run('cliqtelListReports', [], { mode: 'server' }) as {
      reports: { sheetName: string; lastRefresh: string }[];
    };
  const before = listReports().reports.find((r) => r.sheetName === 'Exported calls')?.lastRefresh;
  await new Promise((resolve) => setTimeout(resolve, 5));
  await page.getByRole('button', { name: 'Run scheduled trigger now' }).click();
  await page.locator('.toast', { hasText: 'cliqtelScheduledRefresh' }).first().waitFor();
  const after = listReports().reports.find((r) => r.sheetName === 'Exported calls')?.lastRefresh;
  expect(after && before && after > before).toBe(true);
  // The toast says what the run did, from what the handler recorded: how many reports, which, how many rows.
  const reports = listReports().reports;
  const text = (await page.locator('.toast', { hasText: 'cliqtelScheduledRefresh' }).first().textContent()) ?? '';
  expect(text).toContain(`${reports.length} reports refreshed`);
  const exported = playground.emulator.activeSpreadsheet.sheetNamed('Exported calls');
  expect(text).toContain(`“Exported calls” ${(exported.lastRow() - 1).toLocaleString('en-US')} rows`);
  expect(text).not.toMatch(/: done$/);
  expect(pageErrors).toEqual([]);
});

test('a second run while another holds the lock says it was skipped', async () => {
  const owner = playground.emulator.activeSpreadsheet.owner;
  playground.emulator.holdUserLock(owner);
  try {
    await page.getByRole('button', { name: 'Run scheduled trigger now' }).click();
    await page.locator('.toast', { hasText: 'Skipped' }).waitFor();
  } finally {
    playground.emulator.releaseUserLock(owner);
  }
  expect(await page.locator('.toast', { hasText: 'Skipped' }).textContent()).toContain('another Cliqtel refresh was running');
});

test('"Add 1000 more rows at the bottom" lets a result that did not fit the sheet spill', async () => {
  await page.getByRole('tab', { name: 'Start here' }).click();
  await page.waitForFunction(() => document.querySelector('[role="tab"][aria-selected="true"]')?.textContent === 'Start here');
  // A new sheet has 1,000 rows: scrolling down draws them, down to the "Add more rows" control under the last one.
  expect(await page.locator('.add-rows').count()).toBe(0);
  for (let i = 0; i < 20 && (await page.locator('.add-rows').count()) === 0; i++) {
    await page.locator('#grid').evaluate((grid) => {
      grid.scrollTop = grid.scrollHeight;
    });
    await page.waitForTimeout(50);
  }
  expect(await page.locator('#grid tbody tr').count()).toBe(1000);
  await typeInto('A990', '=CLIQTEL_CALLS(B6,B7,,500)');
  expect(await settledText('A990')).toBe('#REF!');
  await cell('A990').click();
  await expect(page.locator('#cell-message').textContent()).resolves.toContain('insert more rows');

  const sheet = playground.emulator.activeSpreadsheet.sheetNamed('Start here');
  expect(sheet.maxRows).toBe(1000);
  await expect(page.locator('.add-rows').textContent()).resolves.toContain('more rows at the bottom');
  await page.getByLabel('Rows to add').fill('1000');
  await page.locator('.add-rows').getByRole('button', { name: 'Add' }).click();
  expect(await settledText('A990', '#REF!')).toBe(sheet.at('A990').display);
  expect(sheet.maxRows).toBe(2000);
  expect(sheet.at('A990').error).toBeUndefined();
  expect(sheet.at('A991').display).not.toBe('');
  await expect(page.locator('.add-rows').textContent()).resolves.toContain('2,000 rows');
});

test('a daily report’s line chart is drawn next to its table: title, legend, one line per data column', async () => {
  await openMenuItem('Insert report…');
  const dialog = page.frameLocator('#modal iframe');
  await dialog.getByLabel('Report', { exact: true }).selectOption('daily');
  await dialog.getByLabel('Period').selectOption('last_month');
  await dialog.getByLabel('Sheet name (optional)').fill('Daily');
  await dialog.getByRole('button', { name: 'Insert report' }).click();
  await page.locator('#modal').waitFor({ state: 'hidden', timeout: 60_000 });
  await page.getByRole('tab', { name: 'Daily' }).click();
  await page.waitForFunction(() => document.querySelector('[role="tab"][aria-selected="true"]')?.textContent === 'Daily');

  const sheet = playground.emulator.activeSpreadsheet.sheetNamed('Daily');
  const [chart] = sheet.charts;
  expect(chart).toBeDefined();
  const svg = page.locator(`figure.chart[data-chart-id="${chart.chartId}"] svg`);
  await svg.waitFor();
  await expect(svg.locator('.chart-title').textContent()).resolves.toBe(chart.options.title);
  const dataColumns = chart.ranges.length - 1;
  await expect(svg.locator('polyline.series').count()).resolves.toBe(dataColumns);
  // Each series is named after its column's header and has one point per day of the table.
  const header = sheet.getDisplayValues()[0];
  const names = await svg.locator('polyline.series').evaluateAll((lines) => lines.map((l) => l.getAttribute('data-series')));
  for (const name of names) expect(header).toContain(name);
  const legend = await svg.locator('.legend text').allTextContents();
  expect(legend).toEqual(names);
  const days = sheet.lastRow() - 1;
  const points = await svg
    .locator('polyline.series')
    .evaluateAll((lines) => lines.map((l) => (l.getAttribute('points') ?? '').trim().split(/\s+/).length));
  expect(points).toEqual(names.map(() => days));
  // Placed at the chart's anchor cell, to the right of the table.
  const anchor = await cell(`${String.fromCharCode(64 + chart.position.column)}${chart.position.row}`).boundingBox();
  const box = await page.locator(`figure.chart[data-chart-id="${chart.chartId}"]`).boundingBox();
  expect(Math.abs((box?.x ?? 0) - (anchor?.x ?? -100))).toBeLessThan(2);
  expect(Math.abs((box?.y ?? 0) - (anchor?.y ?? -100))).toBeLessThan(2);
  expect(pageErrors).toEqual([]);
});

test('the playground sends SMS to the sandbox from its "SMS demo" sheet: preview, confirm, every row sent once', async () => {
  const recipients = ['+4915112345678', '+447700900456', '+31612345678'];
  const sandbox = playground.sandbox;
  if (!sandbox) throw new Error('the playground runs on the sandbox in tests');
  const sentTo = async () =>
    ((await sandbox.data('sms')) as { to: string; body: string; direction?: string }[]).filter((m) => recipients.includes(m.to));
  const before = (await sentTo()).length;
  await openMenuItem('Send SMS…');
  const panel = sidebar().locator('#panel-sms');
  await panel.getByLabel('Sheet', { exact: true }).selectOption('SMS demo');
  await panel.getByLabel('To (phone numbers)').selectOption('Phone');
  await sidebar().locator('#sms-template').fill('Hi {{Name}}, see you on {{Appointment}}.');
  await panel.getByLabel('Sender', { exact: true }).selectOption({ index: 0 });
  await panel.getByRole('button', { name: 'Preview' }).click();
  await expect(sidebar().locator('.sms-preview .sms-counts').textContent()).resolves.toBe('3 messages to send');
  await sidebar().getByRole('button', { name: 'Send 3 messages' }).click();
  await sidebar().locator('.sms-progress[data-state="done"]').waitFor({ timeout: 60_000 });
  const sent = (await sentTo()).slice(before);
  expect(sent.map((m) => m.to).sort()).toEqual([...recipients].sort());
  expect(sent.find((m) => m.to === '+4915112345678')?.body).toBe('Hi Ada, see you on 2026-07-01.');
  const sheet = playground.emulator.activeSpreadsheet.sheetNamed('SMS demo');
  const header = sheet.getValues()[0].map(String);
  const status = header.indexOf('SMS status');
  expect(
    sheet
      .getValues()
      .slice(1)
      .map((row) => row[status]),
  ).toEqual(['sent', 'sent', 'sent']);
  expect(pageErrors).toEqual([]);
});
