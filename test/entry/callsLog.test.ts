// The calls log (built bundle in the emulator, sandbox over real HTTP): filled with one export request, refreshed by
// its tail (one request from the newest day − 2), merged by id so the sheet always equals a fresh export of its
// window; and what happens when the user sorted, filtered, deleted rows, added columns or renamed the sheet, when the
// fetch fails, when the spreadsheet is full, and when two refreshes meet.
import { QUOTE_PREFIX_READINGS } from '../../dev/emulator';
import type { SheetModel } from '../../dev/emulator/model';
import { createRandom } from '../../dev/sandbox/prng';
import { type Harness, startHarness } from '../helpers/harness';

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
