// "Push changes…" on the sidebar's Numbers tab in headless Chromium at 300 px: the preview (counts, invalid rows),
// the confirm naming the count, the result with conflicts and a link to each row; a key without numbers:write stops
// with the scope named. The real dist/Sidebar.html bridged to the emulator running dist/Code.js against the sandbox.
import type { Page } from 'playwright-core';
import { coerceWrite, storeCoerced } from '../../dev/emulator';
import { type BrowserHarness, hasHorizontalScroll, startHarness, watchDisabled, type Watched } from './helpers';

jest.setTimeout(120_000);

let harness: BrowserHarness;
let sidebar: Watched;
let page: Page;
const SHEET = 'My numbers';

const server = <T>(name: string, arg?: unknown): T =>
  harness.stack.emulator.run(name, arg === undefined ? [] : [arg], { mode: 'server' }) as T;

/** Types into the cell of number `id` under the column titled `title`, as a user would in Sheets. */
function typeCell(id: number, title: string, text: string): void {
  const sheet = harness.stack.emulator.activeSpreadsheet.sheetNamed(SHEET);
  const values = sheet.getValues();
  const header = values[0].map(String);
  const row = values.findIndex((v, i) => i > 0 && Number(v[header.indexOf('ID')]) === id) + 1;
  const col = header.indexOf(title) + 1;
  if (row < 2 || col < 1) throw new Error(`no cell for ${id} / ${title}`);
  const cell = sheet.ensureCell(row, col);
  storeCoerced(sheet, row, col, coerceWrite(text, cell.format ?? '', sheet.spreadsheet.timeZone));
}

async function sandboxLabel(id: number): Promise<string> {
  const numbers = await harness.stack.sandbox.data<{ id: number; label: string }>('numbers');
  return String(numbers.find((n) => Number(n.id) === id)?.label);
}

/** Waits (up to 10 s) for something the page caused on the server side. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`gave up waiting for ${what}`);
}

const section = () => page.locator('.push-section');
const openPush = () => section().getByRole('button', { name: 'Push changes…' }).click();

beforeAll(async () => {
  harness = await startHarness();
  server('cliqtelSaveApiKey', { key: harness.stack.sandbox.keys.full });
  sidebar = await harness.open('Sidebar');
  page = sidebar.page;
  await page.click('[data-tab="numbers"]');
});

afterAll(async () => {
  await harness?.close();
});

test('without a Numbers report it says how to make one', async () => {
  await openPush();
  await expect(section().locator('.notice-info').textContent()).resolves.toMatch(
    /no Numbers report yet: insert one on the Reports tab/,
  );
});

test('preview with counts and invalid rows, a confirm naming the count, then the result with conflicts and row links', async () => {
  server('cliqtelInsertReport', { kind: 'numbers', sheetName: SHEET });
  typeCell(101, 'Label', 'Reception desk');
  typeCell(102, 'Label', 'VIP line'); // was <img src=x onerror=alert(1)>: shown as text
  typeCell(104, 'Forwarding Destination', '+4915199887766');
  typeCell(105, 'Forwarding Destination', 'call the office');
  await harness.stack.sandbox.editNumber(101, { label: 'Changed in the portal' });
  const before = (await harness.stack.sandbox.stats()).requests.length;

  await openPush();
  const summary = section().locator('.push-summary');
  await expect(summary.textContent()).resolves.toMatch(
    /^2 labels and 1 forwarding change to push from “My numbers” since the refresh of /,
  );
  const items = section().locator('.push-item');
  await expect(items.allTextContents()).resolves.toEqual([
    expect.stringMatching(/^Row \d+\+442079460831 · Label: “London HQ” → “Reception desk”$/),
    expect.stringMatching(/^Row \d+\+447700900123 · Label: “<img src=x onerror=alert\(1\)>” → “VIP line”$/),
    expect.stringMatching(/^Row \d+.* · Forwarding: .* → “\+4915199887766”$/),
    expect.stringMatching(/^Row \d+forwarding destination "call the office" is neither an E\.164 number/),
  ]);
  await expect(section().locator('h3').allTextContents()).resolves.toEqual(['Changes', '1 row not pushed (fix first)']);
  expect(await section().locator('img').count()).toBe(0);
  expect((await harness.stack.sandbox.stats()).requests.length).toBe(before); // the preview sent nothing to Cliqtel
  expect(await hasHorizontalScroll(page)).toBe(false);

  // A row link selects that row's sheet.
  const ss = harness.stack.emulator.activeSpreadsheet;
  ss.activeSheetId = ss.sheetNamed('Sheet1').sheetId;
  const rpcBefore = harness.stack.bridge.rpcLog.length;
  await items.nth(0).getByRole('button').click();
  await until(
    () => harness.stack.bridge.rpcLog.slice(rpcBefore).some((c) => c.name === 'cliqtelNumbersSelectRow'),
    'the row link',
  );
  await until(() => ss.activeSheet.name === SHEET, 'the numbers sheet to become active');

  const confirm = section().getByRole('button', { name: 'Push 3 changes to Cliqtel' });
  await expect(confirm.isVisible()).resolves.toBe(true);
  const disabledLog = await watchDisabled(page, '.push-confirm');
  await confirm.click();
  const result = section().locator('.push-result');
  await result.waitFor();
  await expect(result.textContent()).resolves.toBe('Applied 2 · Conflicts 1 · Failed 0');
  expect(await disabledLog()).toContain(true);
  await expect(section().textContent()).resolves.toContain('+442079460831 · Label: Cliqtel now has “Changed in the portal”');
  await expect(section().locator('.push-item .row-link').count()).resolves.toBe(1);
  expect(await sandboxLabel(101)).toBe('Changed in the portal');
  expect(await sandboxLabel(102)).toBe('VIP line');
  expect(harness.stack.bridge.rpcLog.at(-1)).toMatchObject({ name: 'cliqtelNumbersPushChanges' });
  expect(await hasHorizontalScroll(page)).toBe(false);
  expect(sidebar.dialogs).toEqual([]);
  expect(sidebar.errors).toEqual([]);
});

test('a key without numbers:write stops at the first change and names the scope', async () => {
  server('cliqtelSaveApiKey', { key: harness.stack.sandbox.keys.readOnly });
  server('cliqtelRefreshReports', { sheetName: SHEET });
  typeCell(103, 'Label', 'Formula-free');
  typeCell(106, 'Label', 'Hotline');
  await openPush();
  await section().getByRole('button', { name: 'Push 2 changes to Cliqtel' }).click();
  await section().locator('.push-result').waitFor();
  await expect(section().locator('.push-result').textContent()).resolves.toBe('Applied 0 · Conflicts 0 · Failed 1');
  await expect(section().locator('.warning').textContent()).resolves.toMatch(
    /^Stopped: This API key is missing the 'numbers:write' permission/,
  );
  await expect(section().textContent()).resolves.toContain('1 change not sent yet: push again to send.');
  const patches = (await harness.stack.sandbox.stats()).requests.filter((r) => r.method === 'PATCH' && r.status === 403);
  expect(patches).toHaveLength(1);
  expect(sidebar.errors).toEqual([]);
});
