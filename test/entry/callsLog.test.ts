// The calls log (built bundle in the emulator, sandbox over real HTTP): filled with one export request, refreshed by
// its tail (one request from the newest day − 2), merged by id so the sheet always equals a fresh export of its
// window; and what happens when the user sorted, filtered, deleted rows, added columns or renamed the sheet, when the
// fetch fails, when the spreadsheet is full, and when two refreshes meet.
import path from 'node:path';
import { Emulator, QUOTE_PREFIX_READINGS } from '../../dev/emulator';
import type { SheetModel } from '../../dev/emulator/model';
import { createRandom } from '../../dev/sandbox/prng';
import { type Harness, repoRoot, startHarness, TEST_NOW } from '../helpers/harness';

const EXPORT_PATH = '/api/v1/portal/usage/export';
/** TEST_NOW is 2026-06-15T12:00Z: in Europe/Berlin and in UTC that is the same day. */
const TODAY = '2026-06-15';
const FROM = '2026-06-01';
const norm = (s: unknown) =>
  String(s)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

interface RefreshResult {
  refreshed: number;
  failed: { sheetName: string; error: string }[];
  logs?: { sheetName: string; added: number; updated: number; unchanged: number }[];
}
interface ReportInfo {
  sheetName: string;
  kind: string;
  from?: string;
  to?: string;
  status: string;
  rows: number;
  lastRefresh: string | null;
  added?: number;
  updated?: number;
  unchanged?: number;
}

function helpers(h: Harness) {
  const ss = () => h.emu.activeSpreadsheet;
  const sheet = (name: string): SheetModel => ss().sheetNamed(name);
  const insertLog = (arg: Record<string, unknown>) =>
    h.emu.run('cliqtelInsertReport', [{ kind: 'calls_log', ...arg }], { mode: 'server' }) as { sheetName: string; rows: number };
  const refresh = (sheetName?: string) =>
    h.emu.run('cliqtelRefreshReports', [sheetName ? { sheetName } : {}], { mode: 'server' }) as RefreshResult;
  const report = (name: string) =>
    (h.emu.run('cliqtelListReports', [], { mode: 'server' }) as { reports: ReportInfo[] }).reports.find(
      (r) => r.sheetName === name,
    ) as ReportInfo;
  /** Export requests since `mark` (the sandbox's request log is only cleared by a reset, which regenerates the data). */
  const mark = async () => (await h.sandbox.stats()).requests.length;
  const exportQueries = async (since = 0) =>
    (await h.sandbox.stats()).requests
      .slice(since)
      .filter((r) => r.path === EXPORT_PATH)
      .map((r) => r.query as Record<string, string>);
  /** Every cell of the log's columns as [value, display, format]: what "identical" means. */
  const cells = (name: string, width?: number) => {
    const s = sheet(name);
    const values = s.getValues();
    const display = s.getDisplayValues();
    const w = width ?? (values[0] ?? []).length;
    return values.map((row, r) =>
      row.slice(0, w).map((v, c) => [v instanceof Date ? v.toISOString() : v, display[r][c], s.cell(r + 1, c + 1)?.format ?? '']),
    );
  };
  /** A fresh export of the log's window (written by the add-on's own export into a scratch sheet), cell by cell. */
  const freshExport = (from: string) => {
    const name = `fresh ${Math.random().toString(36).slice(2, 8)}`;
    h.emu.run('cliqtelExportCalls', [{ from, to: TODAY, sheetName: name }], { mode: 'server' });
    const out = cells(name);
    ss().sheets.splice(ss().sheets.indexOf(sheet(name)), 1);
    return out;
  };
  const header = (name: string) => (sheet(name).getValues()[0] as string[]).map(norm);
  const ids = (name: string) => {
    const c = header(name).indexOf('id');
    return sheet(name)
      .getValues()
      .slice(1)
      .map((r) => r[c] as number);
  };
  const snapshot = (name: string) => {
    const s = sheet(name);
    return JSON.stringify({ rows: s.rows, maxRows: s.maxRows, maxColumns: s.maxColumns, frozen: s.frozenRows });
  };
  return { ss, sheet, insertLog, refresh, report, mark, exportQueries, cells, freshExport, header, ids, snapshot };
}

let h: Harness;
let t: ReturnType<typeof helpers>;

beforeAll(async () => {
  h = await startHarness({ timeZone: 'Europe/Berlin' });
  expect((h.saveKey(h.sandbox.keys.full) as { ok: boolean }).ok).toBe(true);
  t = helpers(h);
});
afterAll(async () => {
  await h?.stop();
});
beforeEach(async () => {
  await h.sandbox.reset();
  for (const s of [...t.ss().sheets]) if (s.name !== t.ss().sheets[0].name) t.ss().sheets.splice(t.ss().sheets.indexOf(s), 1);
  h.emu.resetStats();
});

test('inserting a calls log fills it from its start date to today with one export request and registers it', async () => {
  const expected = (await h.sandbox.data('calls')).filter((c) => String(c.start_time).slice(0, 10) >= FROM);
  const result = t.insertLog({ from: FROM });
  expect(result).toEqual({ sheetName: `Calls log from ${FROM}`, rows: expected.length });
  expect(await t.exportQueries()).toEqual([expect.objectContaining({ format: 'csv', from: FROM, to: TODAY })]);
  expect(t.ids(result.sheetName)).toEqual(expected.map((c) => c.id));
  expect(t.report(result.sheetName)).toMatchObject({
    kind: 'calls_log',
    from: FROM,
    status: 'ok',
    rows: expected.length,
    added: expected.length,
    updated: 0,
    unchanged: 0,
  });
  expect(t.report(result.sheetName).to).toBeUndefined();
  expect(t.cells(result.sheetName)).toEqual(t.freshExport(FROM));
});

test('a refresh fetches only the tail (newest day − 2 to today, one request) and merges new, late and re-rated calls', async () => {
  const { sheetName } = t.insertLog({ from: FROM });
  const before = await h.sandbox.data('calls');
  const newestDay = String(before[before.length - 1].start_time).slice(0, 10);
  const overlapDay = new Date(Date.parse(`${newestDay}T00:00:00Z`) - 2 * 86_400_000).toISOString().slice(0, 10);
  // A value corrected by hand in an old row: a refresh that rewrote rows outside its tail would undo it.
  const chargeCol = t.header(sheetName).indexOf('charge') + 1;
  t.sheet(sheetName).ensureCell(5, chargeCol).value = 123.45;
  const activity = await h.sandbox.callActivity({ newCalls: 20, lateCalls: 3, rerated: 6, seed: 7 });
  const rowsBefore = t.ids(sheetName).length;
  const since = await t.mark();
  h.emu.resetStats();

  const result = t.refresh(sheetName);
  expect(result.failed).toEqual([]);
  expect(await t.exportQueries(since)).toEqual([expect.objectContaining({ format: 'csv', from: overlapDay, to: TODAY })]);
  const counts = result.logs?.[0];
  expect(counts).toMatchObject({ sheetName, added: 23 });
  // Re-rated calls that were already in the log are updated in place (one may be among today's new ones).
  const reratedKnown = activity.rerated.filter((id) => !activity.added.includes(id) && !activity.late.includes(id));
  expect(counts?.updated).toBe(reratedKnown.length);
  expect(t.report(sheetName)).toMatchObject({ status: 'ok', rows: rowsBefore + 23, ...counts, sheetName });
  expect(h.emu.stats.writeCalls).toBeLessThanOrEqual(6);

  expect(t.sheet(sheetName).cell(5, chargeCol)?.value).toBe(123.45);
  t.sheet(sheetName).ensureCell(5, chargeCol).value = before[3].charge; // undo the hand edit, then compare
  expect(t.cells(sheetName)).toEqual(t.freshExport(FROM));
  const all = t.ids(sheetName);
  expect(new Set(all).size).toBe(all.length);
});

test('a refresh with nothing new changes no cell: every call in the tail is unchanged, and only the registry is written', async () => {
  const { sheetName } = t.insertLog({ from: FROM });
  const before = t.snapshot(sheetName);
  h.emu.resetStats();
  const result = t.refresh(sheetName);
  expect(result.logs?.[0]).toMatchObject({ added: 0, updated: 0 });
  expect(result.logs?.[0].unchanged).toBeGreaterThan(0);
  expect(t.snapshot(sheetName)).toBe(before);
  expect(h.emu.stats.cellsWritten).toBe(0);
});

test('a log that grows keeps spare rows below its calls, so the next refreshes write without growing it', async () => {
  const { sheetName } = t.insertLog({ from: FROM });
  // A new log is made with spare rows already (its calls + 1,000); add more calls than it has room for.
  const spare = t.sheet(sheetName).maxRows - 1 - t.ids(sheetName).length;
  expect(spare).toBeGreaterThanOrEqual(1_000);
  await h.sandbox.callActivity({ newCalls: spare + 200, seed: 21, key: 'grow-1' });
  t.refresh(sheetName);
  const s = t.sheet(sheetName);
  const rows = t.ids(sheetName).length;
  expect(s.maxRows).toBeGreaterThanOrEqual(1 + rows + 1_000);
  await h.sandbox.callActivity({ newCalls: 5, rerated: 2, seed: 22, key: 'grow-2' });
  h.emu.resetStats();
  expect(t.refresh(sheetName).logs?.[0]).toMatchObject({ added: 5 });
  expect(h.emu.stats.writeCalls).toBe(3); // number formats, values, the registry entry
  expect(t.cells(sheetName)).toEqual(t.freshExport(FROM));
});

// The property the log promises: after any sequence of refreshes, the sheet is a fresh export of its window, cell for
// cell — under both readings of a quote prefix in a @ cell (the log holds call ids like =HYPERLINK(…) and 00123).
describe.each(QUOTE_PREFIX_READINGS)('under the "%s" quote-prefix reading', (reading) => {
  let hr: Harness;
  let tr: ReturnType<typeof helpers>;
  beforeAll(async () => {
    hr = await startHarness({ timeZone: 'Europe/Berlin', quotePrefix: reading });
    expect((hr.saveKey(hr.sandbox.keys.full) as { ok: boolean }).ok).toBe(true);
    tr = helpers(hr);
  });
  afterAll(async () => {
    await hr?.stop();
  });

  test.each([11, 29])(
    'random sequences of new, late and re-rated calls (seed %i): the log always equals a fresh export',
    async (seed) => {
      await hr.sandbox.reset();
      const from = '2026-06-08';
      const { sheetName } = tr.insertLog({ from, sheetName: `log ${seed}` });
      const random = createRandom(seed);
      for (let step = 0; step < 6; step++) {
        const bursts = random.int(0, 2); // 0: refresh with nothing new; 2: two bursts between refreshes
        for (let b = 0; b < bursts; b++) {
          await hr.sandbox.callActivity({
            newCalls: random.int(0, 12),
            lateCalls: random.int(0, 4),
            rerated: random.int(0, 6),
            seed: random.int(1, 1e6),
            key: `${reading}-${seed}-${step}-${b}`,
          });
        }
        const ids = new Set(tr.ids(sheetName));
        const previous = tr.cells(sheetName);
        const previousById = new Map(previous.slice(1).map((row) => [row[0][0], JSON.stringify(row)]));
        const result = tr.refresh(sheetName);
        expect(result.failed).toEqual([]);
        const fresh = tr.freshExport(from);
        expect(tr.cells(sheetName)).toEqual(fresh);
        // The counts say exactly what changed: ids that were not there, and rows whose cells differ.
        const freshIds = fresh.slice(1).map((row) => row[0][0] as number);
        const added = freshIds.filter((id) => !ids.has(id)).length;
        const updated = fresh.slice(1).filter((row) => {
          const old = previousById.get(row[0][0]);
          return old !== undefined && old !== JSON.stringify(row);
        }).length;
        expect(result.logs?.[0]).toMatchObject({ added, updated });
      }
    },
    60_000,
  );
});

/** Appends one call to the sandbox, a copy of the newest with a new id, starting `secondsBefore` before it. */
async function lateCallBefore(secondsBefore: number, targetIndexFromEnd = 0): Promise<number> {
  const calls = await h.sandbox.data('calls');
  const target = calls[calls.length - 1 - targetIndexFromEnd];
  const id = 990_000 + secondsBefore + targetIndexFromEnd * 1000;
  const start = new Date(Date.parse(target.start_time) - secondsBefore * 1000).toISOString().slice(0, 19);
  await h.sandbox.putData('calls', [{ ...target, id, call_id: `late${id}`, start_time: `${start}+00:00` }], 'append');
  return id;
}

describe('what a log meets in a spreadsheet', () => {
  test('sorted by another column: refused before any request, nothing changed; sorted back by time, it refreshes', async () => {
    const { sheetName } = t.insertLog({ from: FROM });
    await h.sandbox.callActivity({ newCalls: 5 });
    const s = t.sheet(sheetName);
    const n = s.lastRow() - 1;
    const original = s.rows.slice(1, n + 1);
    s.rows.splice(1, n, ...[...original].reverse()); // "Sort sheet Z → A" by start time
    const before = t.snapshot(sheetName);
    const since = await t.mark();
    const result = t.refresh(sheetName);
    expect(result.failed).toEqual([
      { sheetName, error: expect.stringMatching(/no longer in time order.*Sort it by Start Time/) },
    ]);
    expect(await t.exportQueries(since)).toEqual([]);
    expect(t.snapshot(sheetName)).toBe(before);
    expect(t.report(sheetName).status).toMatch(/^error: .*time order/);

    s.rows.splice(1, n, ...original); // sorted back
    expect(t.refresh(sheetName).logs?.[0]).toMatchObject({ added: 5 });
    expect(t.cells(sheetName)).toEqual(t.freshExport(FROM));
  });

  test('rows hidden by a filter: a re-rated hidden call is updated, and hidden rows stay with their calls', async () => {
    const { sheetName } = t.insertLog({ from: FROM });
    const s = t.sheet(sheetName);
    const last = s.lastRow();
    const hiddenIds = t.ids(sheetName).slice(-4);
    for (let r = last - 3; r <= last; r++) s.setRowHidden(r, true); // e.g. a filter hiding today's pending calls
    // Cliqtel re-rates the newest call; a late call arrives before the third-newest.
    const calls = await h.sandbox.data('calls');
    const newest = calls[calls.length - 1];
    await h.sandbox.putData('calls', [...calls.slice(0, -1), { ...newest, charge: newest.charge + 1.5 }], 'replace');
    const late = await lateCallBefore(1, 2);

    const result = t.refresh(sheetName);
    expect(result.logs?.[0]).toMatchObject({ added: 1, updated: 1 });
    const ids = t.ids(sheetName);
    const hiddenNow = ids.filter((_, i) => s.isRowHidden(i + 2));
    expect(hiddenNow).toEqual(hiddenIds);
    expect(s.isRowHidden(ids.indexOf(late) + 2)).toBe(false);
    const chargeCol = t.header(sheetName).indexOf('charge');
    expect(s.getValues()[ids.indexOf(newest.id) + 1][chargeCol]).toBe(newest.charge + 1.5);
    expect(t.cells(sheetName)).toEqual(t.freshExport(FROM));
  });

  test('deleted rows: old calls the user deleted stay deleted; a call deleted within the overlap comes back', async () => {
    const { sheetName } = t.insertLog({ from: FROM });
    const s = t.sheet(sheetName);
    const all = t.ids(sheetName);
    const secondNewest = all[all.length - 2];
    s.deleteRows(all.length, 1); // the second-newest call's row (within the overlap)
    s.deleteRows(3, 2); // two old calls
    const result = t.refresh(sheetName);
    expect(result.logs?.[0]).toMatchObject({ added: 1, updated: 0 });
    expect(t.ids(sheetName)).toEqual(all.filter((id) => id !== all[1] && id !== all[2]));
    expect(t.ids(sheetName)).toContain(secondNewest);
  });

  test("the user's own columns to the right stay beside their calls when calls are inserted above or moved", async () => {
    const { sheetName } = t.insertLog({ from: FROM });
    const s = t.sheet(sheetName);
    const width = t.header(sheetName).length;
    const all = t.ids(sheetName);
    s.ensureCell(1, width + 1).value = 'My note';
    const noted = all.slice(-3);
    noted.forEach((id) => {
      s.ensureCell(all.indexOf(id) + 2, width + 1).value = `note ${id}`;
    });
    const late = await lateCallBefore(1, 2); // inserted just before the third-newest: Sheets moves the notes down
    const first = t.refresh(sheetName);
    expect(first.logs?.[0]).toMatchObject({ added: 1 });
    const notesById = () => {
      const values = s.getValues();
      return new Map(values.slice(1).map((row) => [row[0] as number, row[width]]));
    };
    for (const id of noted) expect(notesById().get(id)).toBe(`note ${id}`);
    expect(notesById().get(late)).toBe('');
    expect(s.getValues()[0][width]).toBe('My note');

    // Cliqtel moves a call's start time (it now sorts after the newest): its row moves, and its note with it.
    const calls = await h.sandbox.data('calls');
    const moved = calls.find((c) => c.id === noted[0]);
    const newest = calls.reduce((a, b) => (a.start_time >= b.start_time ? a : b));
    const later = `${new Date(Date.parse(newest.start_time) + 1000).toISOString().slice(0, 19)}+00:00`;
    await h.sandbox.putData('calls', [...calls.filter((c) => c.id !== moved.id), { ...moved, start_time: later }], 'replace');
    expect(t.refresh(sheetName).logs?.[0]).toMatchObject({ added: 0, updated: 1 });
    expect(t.ids(sheetName).at(-1)).toBe(moved.id);
    for (const id of noted) expect(notesById().get(id)).toBe(`note ${id}`);
    expect(t.cells(sheetName, width)).toEqual(t.freshExport(FROM));
  });

  test('a column inserted inside the log is refused with what to do; nothing changed', async () => {
    const { sheetName } = t.insertLog({ from: FROM });
    const s = t.sheet(sheetName);
    s.insertColumns(3, 1);
    s.ensureCell(1, 3).value = 'Mine';
    await h.sandbox.callActivity({ newCalls: 3 });
    const before = t.snapshot(sheetName);
    const result = t.refresh(sheetName);
    expect(result.failed).toEqual([{ sheetName, error: expect.stringMatching(/column C is "Mine".*to the right of the log/) }]);
    expect(t.snapshot(sheetName)).toBe(before);
  });

  test('a renamed log keeps refreshing under its new name (its registry entry follows the sheet)', async () => {
    const { sheetName } = t.insertLog({ from: FROM });
    t.sheet(sheetName).name = 'Every call';
    await h.sandbox.callActivity({ newCalls: 4 });
    expect(t.refresh('Every call').logs).toEqual([expect.objectContaining({ sheetName: 'Every call', added: 4 })]);
    expect(t.report('Every call')).toMatchObject({ kind: 'calls_log', from: FROM, added: 4 });
  });

  test('a log emptied down to its header fills again from its start date', async () => {
    const { sheetName, rows } = t.insertLog({ from: FROM });
    t.sheet(sheetName).deleteRows(2, rows);
    const since = await t.mark();
    expect(t.refresh(sheetName).logs?.[0]).toMatchObject({ added: rows, updated: 0, unchanged: 0 });
    expect(await t.exportQueries(since)).toEqual([expect.objectContaining({ from: FROM, to: TODAY })]);
    expect(t.cells(sheetName)).toEqual(t.freshExport(FROM));
  });
});

describe('a failed refresh changes nothing and records the failure', () => {
  const faults: [string, Record<string, unknown>, RegExp][] = [
    ['a 500 error', { fail5xx: 20, status5xx: 500 }, /server error/i],
    ['429 beyond the time budget', { fail429: 20, retryAfter: 120 }, /rate limit/i],
    ['an HTML error page', { htmlError: 20 }, /server error|web page/i],
    ['a truncated CSV', { truncate: 20 }, /cut off|damaged|incomplete/i],
  ];
  test.each(faults)('%s', async (_label, fault, message) => {
    const { sheetName } = t.insertLog({ from: FROM });
    await h.sandbox.callActivity({ newCalls: 10, lateCalls: 2, rerated: 3 });
    const before = t.snapshot(sheetName);
    const lastRefresh = t.report(sheetName).lastRefresh;
    await h.sandbox.setFaults({ ...fault, pathPattern: 'usage/export' });
    const result = t.refresh(sheetName);
    expect(result).toEqual({ refreshed: 0, failed: [{ sheetName, error: expect.stringMatching(message) }] });
    expect(t.snapshot(sheetName)).toBe(before);
    expect(t.report(sheetName)).toMatchObject({
      status: expect.stringMatching(/^error: /),
      lastRefresh,
      added: expect.any(Number),
    });
  });

  test('a refresh cut off by the execution time limit (a fetch that never answers) leaves the log as it was', async () => {
    // An emulator whose executions may run 4 s (Apps Script: 6 min) and an export that takes 6 s to answer.
    const emu = new Emulator({
      codePath: path.join(repoRoot, 'dist/Code.js'),
      htmlDir: path.join(repoRoot, 'dist'),
      manifestPath: path.join(repoRoot, 'dist/appsscript.json'),
      scriptProperties: { CLIQTEL_BASE_URL: h.sandbox.baseUrl },
      extraUrlFetchWhitelist: [h.sandbox.baseUrl],
      timeZone: 'Europe/Berlin',
      now: TEST_NOW,
      limits: { defaultMs: 4_000 },
    });
    try {
      emu.run('cliqtelSaveApiKey', [{ key: h.sandbox.keys.full }], { mode: 'server' });
      const from = '2026-06-13'; // a small log: filling it takes a fraction of the 4 s
      const { sheetName } = emu.run('cliqtelInsertReport', [{ kind: 'calls_log', from }], { mode: 'server' }) as {
        sheetName: string;
      };
      await h.sandbox.callActivity({ newCalls: 5 });
      const s = emu.activeSpreadsheet.sheetNamed(sheetName);
      const before = JSON.stringify({ rows: s.rows, maxRows: s.maxRows });
      await h.sandbox.setFaults({ latencyMs: 6_000, pathPattern: 'usage/export' });
      expect(() => emu.run('cliqtelRefreshReports', [{ sheetName }], { mode: 'server' })).toThrow(
        /Exceeded maximum execution time/,
      );
      expect(JSON.stringify({ rows: s.rows, maxRows: s.maxRows })).toBe(before);
    } finally {
      emu.close();
      await h.sandbox.setFaults({});
    }
  }, 20_000);

  test('a refresh that would take the spreadsheet past 10,000,000 cells writes nothing and says so', async () => {
    const { sheetName } = t.insertLog({ from: FROM });
    // More calls than the log's grid has rows left (a new log keeps 1,000 spare rows).
    const spare = t.sheet(sheetName).maxRows - 1 - t.ids(sheetName).length;
    await h.sandbox.callActivity({ newCalls: spare + 100 });
    const ss = t.ss();
    const used = ss.sheets.reduce((n, s) => n + s.maxRows * s.maxColumns, 0);
    const big = ss.addSheet('Nearly full');
    big.maxColumns = 1;
    big.maxRows = 10_000_000 - used - 100; // 100 cells left: fewer than the log needs
    const before = t.snapshot(sheetName);
    h.emu.resetStats();
    const result = t.refresh(sheetName);
    expect(result.failed).toEqual([
      { sheetName, error: expect.stringMatching(/10,000,000.*Nothing was written.*new calls log from a later date/s) },
    ]);
    expect(t.snapshot(sheetName)).toBe(before);
    expect(h.emu.stats.writeCalls).toBe(1); // the registry's error entry only
  });
});

describe('two refreshes at once never both write', () => {
  test('a menu refresh while a scheduled run holds the user lock is refused; the log is unchanged', async () => {
    const { sheetName } = t.insertLog({ from: FROM });
    await h.sandbox.callActivity({ newCalls: 5 });
    const before = t.snapshot(sheetName);
    h.emu.holdUserLock('owner@example.com');
    try {
      expect(() => t.refresh(sheetName)).toThrow(/scheduled Cliqtel refresh is running/);
    } finally {
      h.emu.releaseUserLock('owner@example.com');
    }
    expect(t.snapshot(sheetName)).toBe(before);
  });

  test("another editor's refresh of the same spreadsheet (document lock) makes this one wait, then give up unchanged", async () => {
    const { sheetName } = t.insertLog({ from: FROM });
    await h.sandbox.callActivity({ newCalls: 5 });
    const before = t.snapshot(sheetName);
    const since = await t.mark();
    h.emu.holdDocumentLock();
    try {
      expect(t.refresh(sheetName).failed).toEqual([{ sheetName, error: expect.stringMatching(/Another Cliqtel refresh/) }]);
    } finally {
      h.emu.releaseDocumentLock();
    }
    expect(t.snapshot(sheetName)).toBe(before);
    expect(await t.exportQueries(since)).toEqual([]);
  });

  test('the scheduled trigger refreshes the log by its tail, and skips while a menu refresh holds the user lock', async () => {
    const { sheetName } = t.insertLog({ from: FROM });
    h.emu.run('cliqtelSetSchedule', [{ frequency: 'hourly' }], { mode: 'server' });
    await h.sandbox.callActivity({ newCalls: 6, lateCalls: 2 });
    const before = t.snapshot(sheetName);
    h.emu.holdUserLock('owner@example.com');
    try {
      h.emu.runTimeDrivenTriggers();
    } finally {
      h.emu.releaseUserLock('owner@example.com');
    }
    expect(t.snapshot(sheetName)).toBe(before);

    const since = await t.mark();
    h.emu.runTimeDrivenTriggers();
    expect(await t.exportQueries(since)).toHaveLength(1);
    expect(t.report(sheetName)).toMatchObject({ status: 'ok', added: 8, updated: 0 });
    expect(t.cells(sheetName)).toEqual(t.freshExport(FROM));
    h.emu.run('cliqtelSetSchedule', [{ frequency: 'off' }], { mode: 'server' });
  });
});

test('a calls log takes a start date only: no end date, no window; bad arguments send no request', () => {
  h.emu.resetStats();
  expect(() => t.insertLog({})).toThrow(/"from".*date the calls log starts/);
  expect(() => t.insertLog({ from: FROM, to: TODAY })).toThrow(/"to".*no end date/);
  expect(() => t.insertLog({ from: FROM, window: 'last_month' })).toThrow(/"window".*no window/);
  expect(() => t.insertLog({ from: '2026-02-30' })).toThrow(/"from".*YYYY-MM-DD/);
  expect(h.emu.stats.requests.length).toBe(0);
});

test('Help explains the calls log: where it is, what a refresh does, how to keep it working', () => {
  h.emu.run('cliqtelMenuHelp', [], { mode: 'menu' });
  const html = String(h.emu.ui.dialogs.at(-1)?.html);
  expect(html).toContain('Calls log (keeps every call)');
  expect(html).toMatch(/only the last few days/);
  expect(html).toMatch(/re-rated\s+calls are updated in place/);
  expect(html).toMatch(/sorted by Start Time/);
});

// A refresh reads the start times of the log's last 2,500 rows only (src/gas/callsLog.ts, FIRST_TAIL_READ): these
// logs are longer, so what lies above the rows read is handled as it would be in a log of 300,000 calls.
describe('a log longer than the rows a refresh reads', () => {
  const LONG_FROM = '2026-01-01';

  test('refreshes correctly again and again, and a row moved up from the tail is found and refused', async () => {
    const { sheetName, rows } = t.insertLog({ from: LONG_FROM });
    expect(rows).toBeGreaterThan(2_500);
    for (const [step, seed] of [1, 2, 3].entries()) {
      await h.sandbox.callActivity({ newCalls: 15, lateCalls: 3, rerated: 5, seed, key: `long-${step}` });
      h.emu.resetStats();
      expect(t.refresh(sheetName).failed).toEqual([]);
      // Left as the last write left it: the header, the last rows' ids and times, the tail block (two reads around
      // its Start Time column) — never every id of the log.
      expect(h.emu.stats.readCalls).toBe(5);
    }
    expect(t.cells(sheetName)).toEqual(t.freshExport(LONG_FROM));

    // The newest call's row cut and pasted at the top: the last rows are still in order, but that call is not.
    const s = t.sheet(sheetName);
    const last = s.lastRow();
    const [moved] = s.rows.splice(last - 1, 1);
    s.rows.splice(1, 0, moved);
    await h.sandbox.callActivity({ newCalls: 2, seed: 9, key: 'long-after-move' });
    const before = t.snapshot(sheetName);
    const result = t.refresh(sheetName);
    expect(result.failed).toEqual([
      { sheetName, error: expect.stringMatching(/row 2 holds a call of the days being refreshed.*Sort it by Start Time/) },
    ]);
    expect(t.snapshot(sheetName)).toBe(before);
  });

  test('a row of the tail (not the newest) moved far up is found too: refused, never added twice', async () => {
    const { sheetName } = t.insertLog({ from: LONG_FROM });
    await h.sandbox.callActivity({ newCalls: 3, seed: 31, key: 'long-move-1' });
    t.refresh(sheetName); // the log as a refresh left it (its row count, newest id and tail recorded)
    const s = t.sheet(sheetName);
    const last = s.lastRow();
    const [moved] = s.rows.splice(last - 3, 1); // the fourth-newest call, cut and pasted under the header
    s.rows.splice(1, 0, moved);
    await h.sandbox.callActivity({ newCalls: 2, seed: 32, key: 'long-move-2' });
    const before = t.snapshot(sheetName);
    expect(t.refresh(sheetName).failed).toEqual([{ sheetName, error: expect.stringMatching(/row 2 holds a call of the days/) }]);
    expect(t.snapshot(sheetName)).toBe(before);
  });

  test('sorted by another column: refused before any request', async () => {
    const { sheetName } = t.insertLog({ from: LONG_FROM });
    const s = t.sheet(sheetName);
    const n = s.lastRow() - 1;
    const chargeCol = t.header(sheetName).indexOf('charge');
    const data = s.rows.slice(1, n + 1);
    data.sort((a, b) => Number(a?.[chargeCol]?.value ?? 0) - Number(b?.[chargeCol]?.value ?? 0));
    s.rows.splice(1, n, ...data);
    const since = await t.mark();
    expect(t.refresh(sheetName).failed).toEqual([{ sheetName, error: expect.stringMatching(/no longer in time order/) }]);
    expect(await t.exportQueries(since)).toEqual([]);
  });

  test('rows edited by hand far above the tail: every id is read once, so a copied row is found and refused', async () => {
    const { sheetName } = t.insertLog({ from: LONG_FROM });
    const s = t.sheet(sheetName);
    const all = t.ids(sheetName);
    s.deleteRows(10, 1); // an old call (outside the overlap): stays deleted
    await h.sandbox.callActivity({ newCalls: 4, seed: 5, key: 'long-delete' });
    h.emu.resetStats();
    expect(t.refresh(sheetName).logs?.[0]).toMatchObject({ added: 4 });
    expect(h.emu.stats.readCalls).toBe(6); // the row count changed: every id is read once more
    expect(t.ids(sheetName)).not.toContain(all[8]);
    const ids = t.ids(sheetName);
    expect(new Set(ids).size).toBe(ids.length);

    // A copy of an old row pasted at the top (the row count changes): the refresh reads every id and refuses.
    s.insertRows(2, 1);
    s.rows[1] = s.rows[20].map((cell) => (cell ? { ...cell } : cell));
    const before = t.snapshot(sheetName);
    expect(t.refresh(sheetName).failed).toEqual([
      { sheetName, error: expect.stringContaining(`Call ${ids[18]} appears twice in the log (rows 2 and 21)`) },
    ]);
    expect(t.snapshot(sheetName)).toBe(before);
  });
});

// Sheets stores a date-time as wall-clock time in the spreadsheet's zone: in the hour repeated when summer time ends
// (Berlin, 2025-10-26 02:00–03:00 twice) two calls an hour apart read back in the wrong order or at the same time.
describe('a log across the end of summer time', () => {
  let hd: Harness;
  let td: ReturnType<typeof helpers>;
  beforeAll(async () => {
    hd = await startHarness({ timeZone: 'Europe/Berlin', sandbox: { now: '2025-10-27T12:00:00Z', cdrCount: 2000 } });
    expect((hd.saveKey(hd.sandbox.keys.full) as { ok: boolean }).ok).toBe(true);
    td = helpers(hd);
  });
  afterAll(async () => {
    await hd?.stop();
  });

  test('calls in the repeated hour neither stop the refresh nor appear twice', async () => {
    const base = (await hd.sandbox.data('calls'))[0];
    // 00:40Z and 01:20Z are 02:40 (summer) and 02:20 (winter) on Berlin's clocks.
    const repeated = ['2025-10-26T00:40:00', '2025-10-26T01:20:00', '2025-10-26T01:50:00'].map((t, i) => ({
      ...base,
      id: 995_001 + i,
      call_id: `dst${i}`,
      start_time: `${t}+00:00`,
    }));
    await hd.sandbox.putData('calls', repeated, 'append');
    const { sheetName } = td.insertLog({ from: '2025-10-25' });
    await hd.sandbox.callActivity({ newCalls: 3, seed: 4, key: 'dst' });
    const result = td.refresh(sheetName);
    expect(result.failed).toEqual([]);
    expect(result.logs?.[0]).toMatchObject({ added: 3, updated: 0 }); // the repeated hour reads back as it was written
    const ids = td.ids(sheetName);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining([995_001, 995_002, 995_003]));
    expect(td.cells(sheetName)).toEqual(td.freshExport('2025-10-25'));
  });
});
