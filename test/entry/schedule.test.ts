// Scheduled refresh: one clock trigger per user and spreadsheet, the handler running with no document context,
// skipping when another run holds the user lock; plus the menu — built bundle in the emulator, sandbox over HTTP.
import path from 'node:path';
import { Emulator } from '../../dev/emulator';
import { type Harness, repoRoot, startHarness, TEST_NOW } from '../helpers/harness';

let h: Harness;

function run<T>(name: string, arg?: unknown): T {
  return h.emu.run(name, arg === undefined ? [] : [arg], { mode: 'server' }) as T;
}

function scheduleTriggers() {
  return h.emu.triggers.filter((t) => t.handler === 'cliqtelScheduledRefresh');
}

function settings(): { schedule: { frequency: string; hour?: number; lastRun: string | null; lastRunStatus: string | null } } {
  return run('cliqtelGetSettings');
}

function reports(): Record<string, any>[] {
  return run<{ reports: Record<string, any>[] }>('cliqtelListReports').reports;
}

beforeAll(async () => {
  h = await startHarness({ timeZone: 'Asia/Tokyo' });
  expect((h.saveKey(h.sandbox.keys.readOnly) as { ok: boolean }).ok).toBe(true);
});

afterAll(async () => {
  await h?.stop();
});

beforeEach(async () => {
  await h.sandbox.reset();
  h.emu.resetStats();
});

test('the menu is added in AuthMode.NONE without touching anything that needs authorization', () => {
  h.emu.run('onOpen', [{ authMode: 'NONE' }], { mode: 'simple', authMode: 'NONE' } as never);
  const menu = h.emu.ui.menus.at(-1);
  expect(menu?.addon).toBe(true);
  const captions = menu?.items.filter((i) => !i.separator).map((i) => i.caption);
  expect(captions).toEqual([
    'Open sidebar',
    'Settings (API key)',
    'Export calls to a sheet…',
    'Insert report…',
    'Insert dashboard',
    'Refresh all reports',
    'Refresh CLIQTEL formulas',
    'Schedule refresh…',
    'Send SMS…',
    'Help',
  ]);
  expect(h.emu.stats.requests.length).toBe(0);
});

test('menu items that need input open their dialogs; Help opens a static dialog', () => {
  for (const [fn, page] of [
    ['cliqtelMenuExport', 'Export'],
    ['cliqtelMenuInsertReport', 'report'],
    ['cliqtelMenuSchedule', 'Schedule'],
    ['cliqtelMenuHelp', 'help'],
  ]) {
    const before = h.emu.ui.dialogs.length;
    h.emu.run(fn, [], { mode: 'menu' });
    expect(h.emu.ui.dialogs.length).toBe(before + 1);
    expect(h.emu.ui.dialogs.at(-1)?.title).toMatch(new RegExp(page, 'i'));
  }
});

test("the Help dialog's example asks for last month, the 1st to the last day, in the spreadsheet's time zone", () => {
  // 03:00 UTC on 1 July is still 30 June in Los Angeles: last month there is May, in UTC it would be June.
  for (const [timeZone, from, to] of [
    ['America/Los_Angeles', '2026-05-01', '2026-05-31'],
    ['UTC', '2026-06-01', '2026-06-30'],
  ]) {
    const emu = new Emulator({
      codePath: path.join(repoRoot, 'dist/Code.js'),
      htmlDir: path.join(repoRoot, 'dist'),
      manifestPath: path.join(repoRoot, 'dist/appsscript.json'),
      timeZone,
      now: '2026-07-01T03:00:00Z',
    });
    try {
      emu.run('cliqtelMenuHelp', [], { mode: 'menu' });
      expect(emu.ui.dialogs.at(-1)?.html).toContain(`=CLIQTEL_CALLS("${from}","${to}")`);
    } finally {
      void emu.close();
    }
  }
  // With the harness's pinned now (mid-June), the example is May: a month the sandbox has calls for.
  h.emu.run('cliqtelMenuHelp', [], { mode: 'menu' });
  expect(h.emu.ui.dialogs.at(-1)?.html).toContain('=CLIQTEL_CALLS("2026-05-01","2026-05-31")');
});

test('scheduling hourly twice leaves exactly one trigger; off leaves none; bad input is an error', () => {
  const first = run<Record<string, unknown>>('cliqtelSetSchedule', { frequency: 'hourly' });
  expect(first).toMatchObject({ frequency: 'hourly' });
  run('cliqtelSetSchedule', { frequency: 'hourly' });
  expect(scheduleTriggers().length).toBe(1);
  run('cliqtelSetSchedule', { frequency: 'daily', hour: 7 });
  expect(scheduleTriggers().length).toBe(1);
  expect(settings().schedule).toMatchObject({ frequency: 'daily', hour: 7 });
  expect(() => run('cliqtelSetSchedule', { frequency: 'weekly' })).toThrow(/frequency.*hourly/);
  expect(() => run('cliqtelSetSchedule', { frequency: 'daily', hour: 24 })).toThrow(/hour.*0 to 23/);
  expect(scheduleTriggers().length).toBe(1);
  run('cliqtelSetSchedule', { frequency: 'off' });
  expect(scheduleTriggers().length).toBe(0);
  expect(settings().schedule.frequency).toBe('off');
});

test('the clock trigger refreshes every report with no document context; a concurrent run skips', async () => {
  const a = run<{ sheetName: string; rows: number }>('cliqtelInsertReport', { kind: 'calls', window: 'last_7_days' });
  const b = run<{ sheetName: string; rows: number }>('cliqtelInsertReport', { kind: 'invoices' });
  run('cliqtelSetSchedule', { frequency: 'every_6_hours' });
  const before = reports();

  // New data arrives at Cliqtel; the scheduled run must pick it up.
  const base = (await h.sandbox.data('calls'))[0];
  const today = TEST_NOW.slice(0, 10);
  await h.sandbox.putData(
    'calls',
    [{ ...base, id: 995001, call_id: 'sched-1', start_time: `${today}T00:30:00+00:00` }],
    'append',
  );
  h.emu.advanceClock(60_000);
  h.emu.resetStats();
  const toastsBefore = h.emu.toasts.length;
  h.emu.runTimeDrivenTriggers();

  const after = reports();
  const calls = after.find((r) => r.sheetName === a.sheetName);
  expect(calls?.status).toBe('ok');
  expect(calls?.rows).toBe(a.rows + 1);
  expect(calls?.lastRefresh).not.toBe(before.find((r) => r.sheetName === a.sheetName)?.lastRefresh);
  expect(after.find((r) => r.sheetName === b.sheetName)?.status).toBe('ok');
  expect(settings().schedule.lastRunStatus).toBe('ok: 2 reports refreshed');
  expect(h.emu.toasts.length).toBe(toastsBefore); // a clock trigger has no UI

  // A second run while another holds the user lock skips quietly and says so.
  const owner = h.emu.activeSpreadsheet.owner;
  h.emu.holdUserLock(owner);
  h.emu.resetStats();
  try {
    h.emu.runTimeDrivenTriggers();
  } finally {
    h.emu.releaseUserLock(owner);
  }
  expect(h.emu.stats.requests.length).toBe(0);
  expect(settings().schedule.lastRunStatus).toMatch(/^skipped/);
  run('cliqtelSetSchedule', { frequency: 'off' });
});

test('a scheduled run records per-report failures and keeps the sheets intact', async () => {
  const { sheetName } = run<{ sheetName: string }>('cliqtelInsertReport', { kind: 'by_trunk', window: 'last_month' });
  const sheet = h.emu.activeSpreadsheet.sheetNamed(sheetName);
  const before = JSON.stringify(sheet.rows);
  run('cliqtelSetSchedule', { frequency: 'hourly' });
  await h.sandbox.setFaults({ fail5xx: 50, pathPattern: 'by-trunk' });
  h.emu.runTimeDrivenTriggers();
  expect(JSON.stringify(sheet.rows)).toBe(before);
  expect(reports().find((r) => r.sheetName === sheetName)?.status).toMatch(/^error: .*server error/i);
  expect(settings().schedule.lastRunStatus).toMatch(/^error: 1 of \d+ reports failed/);
  run('cliqtelSetSchedule', { frequency: 'off' });
});

test("scheduling one spreadsheet never touches the user's trigger for another spreadsheet", () => {
  const first = h.emu.activeSpreadsheet;
  const other = h.emu.createSpreadsheet('Other workbook', { timeZone: 'Europe/London', owner: first.owner });
  h.emu.setActiveSpreadsheet(other.id);
  run('cliqtelSetSchedule', { frequency: 'daily', hour: 5 });
  const otherTrigger = scheduleTriggers()[0];
  h.emu.setActiveSpreadsheet(first.id);
  run('cliqtelSetSchedule', { frequency: 'hourly' });
  run('cliqtelSetSchedule', { frequency: 'every_6_hours' });
  expect(scheduleTriggers().length).toBe(2);
  run('cliqtelSetSchedule', { frequency: 'off' });
  expect(scheduleTriggers().map((t) => t.uid)).toEqual([otherTrigger.uid]);
  h.emu.setActiveSpreadsheet(other.id);
  expect(settings().schedule).toMatchObject({ frequency: 'daily', hour: 5 });
  run('cliqtelSetSchedule', { frequency: 'off' });
  h.emu.setActiveSpreadsheet(first.id);
  expect(scheduleTriggers().length).toBe(0);
});

test('a scheduled run stops before the time limit, records what was left, and starts there next time', async () => {
  // Virtual sleeps: waiting out Retry-After advances the script's clock without slowing the test.
  const emu = new Emulator({
    codePath: path.join(repoRoot, 'dist/Code.js'),
    htmlDir: path.join(repoRoot, 'dist'),
    manifestPath: path.join(repoRoot, 'dist/appsscript.json'),
    scriptProperties: { CLIQTEL_BASE_URL: h.sandbox.baseUrl },
    extraUrlFetchWhitelist: [h.sandbox.baseUrl],
    timeZone: 'Asia/Tokyo',
    realSleep: false,
    now: TEST_NOW,
  });
  try {
    const call = <T>(name: string, arg?: unknown) => emu.run(name, arg === undefined ? [] : [arg], { mode: 'server' }) as T;
    expect(call<{ ok: boolean }>('cliqtelSaveApiKey', { key: h.sandbox.keys.readOnly }).ok).toBe(true);
    const names: string[] = [];
    for (let day = 1; day <= 6; day++) {
      const d = `2026-01-0${day}`;
      names.push(call<{ sheetName: string }>('cliqtelInsertReport', { kind: 'summary', from: d, to: d }).sheetName);
    }
    call('cliqtelSetSchedule', { frequency: 'hourly' });
    // Every summary request is rate limited with a 19 s Retry-After: each report burns about a minute, then fails.
    await h.sandbox.setFaults({ fail429: 1000, retryAfter: 19, pathPattern: 'usage/summary' });
    const [firstRun] = emu.runTimeDrivenTriggers();
    expect(firstRun.error).toBeUndefined();
    const status = call<{ schedule: { lastRunStatus: string } }>('cliqtelGetSettings').schedule.lastRunStatus;
    expect(status).toMatch(/^partial: 0 of 6 reports refreshed, \d failed; the other \d continue next run$/);
    const left = Number(/the other (\d)/.exec(status)?.[1]);
    expect(left).toBeGreaterThan(0);

    await h.sandbox.reset();
    emu.runTimeDrivenTriggers();
    const order = (await h.sandbox.stats()).requests.filter((r) => r.path.endsWith('/usage/summary')).map((r) => r.query.from);
    // The reports the first run never reached come first, then the rest.
    expect(order.slice(0, left)).toEqual(names.slice(6 - left).map((_, i) => `2026-01-0${7 - left + i}`));
    expect(call<{ schedule: { lastRunStatus: string } }>('cliqtelGetSettings').schedule.lastRunStatus).toBe(
      'ok: 6 reports refreshed',
    );
    call('cliqtelSetSchedule', { frequency: 'off' });
  } finally {
    await emu.close();
  }
});
