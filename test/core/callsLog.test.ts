// The calls log's pure merge (src/core/callsLog.ts): finding the tail, refusing a log that lost its order, comparing
// cells under both quote-prefix readings, merging by id, and a seeded property test over random call activity.
import { insertionGroups, type MergePlan, mergeTail, sameCell } from '../../src/core/callsLog';
import { indexLogIds, LOG_OVERLAP_DAYS, LogStateError, locateTail } from '../../src/core/callsLogTail';
import { defaultSheetName, paramsOfRecord, parseReportParams, reportDates, splitAdvice } from '../../src/core/reportParams';
import type { TableCell } from '../../src/core/shape';

const at = (iso: string) => new Date(`${iso}Z`);
const FORMATS = ['0', 'yyyy-mm-dd hh:mm:ss', '#,##0.00', '@'];
const COLS = { id: 0, time: 1 };
const noneAbove = () => false;

describe('indexLogIds and locateTail', () => {
  const ids = [1, 2, 3, 4, 5];
  const keys = ids.map(String);
  const times = [
    '2026-06-01T10:00:00',
    '2026-06-10T09:00:00',
    '2026-06-12T23:59:59',
    '2026-06-13T00:00:00',
    '2026-06-15T08:00:00',
  ].map(at);

  test(`the tail starts at the newest row's UTC day − ${LOG_OVERLAP_DAYS}`, () => {
    const logIds = indexLogIds(ids);
    expect(logIds.rows).toBe(5);
    expect(logIds.ids.get('4')).toBe(3);
    expect(locateTail(logIds.keys, times, 0, '2026-06-01')).toEqual({ tailStart: 3, fetchFrom: '2026-06-13' });
  });

  test('reads only the last rows: asks for more while every row read starts within the overlap', () => {
    expect(locateTail(keys, times.slice(3), 3, '2026-06-01')).toBeNull();
    expect(locateTail(keys, times.slice(2), 2, '2026-06-01')).toEqual({ tailStart: 3, fetchFrom: '2026-06-13' });
  });

  test("never fetches before the log's own start date; an empty log fetches from its start", () => {
    expect(locateTail(keys, times, 0, '2026-06-14')).toEqual({ tailStart: 4, fetchFrom: '2026-06-14' });
    expect(locateTail([], [], 0, '2026-06-01')).toEqual({ tailStart: 0, fetchFrom: '2026-06-01' });
  });

  test('blank rows under the log are not part of it', () => {
    expect(indexLogIds([...ids, '', '']).rows).toBe(5);
  });

  test('refuses rows read out of time order (a log sorted by another column), naming the row and the fix', () => {
    const swapped = [times[0], times[2], times[1], times[3], times[4]];
    expect(() => locateTail(keys, swapped, 0, '2026-06-01')).toThrow(LogStateError);
    expect(() => locateTail(keys, swapped, 0, '2026-06-01')).toThrow(/row 4 starts before row 3.*Sort it by Start Time/);
  });

  test('equal start times are accepted in either id order (the merge puts the tail in the export order)', () => {
    const same = [at('2026-06-15T08:00:00'), at('2026-06-15T08:00:00')];
    expect(locateTail(['7', '9'], same, 0, '2026-06-01')).not.toBeNull();
    expect(locateTail(['9', '7'], same, 0, '2026-06-01')).not.toBeNull();
    const plan = mergeTail(
      [
        [9, same[0], 1, 'posted'],
        [7, same[1], 1, 'posted'],
      ],
      [
        [7, same[1], 1, 'posted'],
        [9, same[0], 1, 'posted'],
      ],
      FORMATS,
      COLS,
      noneAbove,
    );
    expect(plan.rows.map((r) => r[0])).toEqual([7, 9]);
    expect(plan.keepsOrder).toBe(false);
  });

  test('a step back of at most an hour is the repeated hour at the end of summer time, not a sort', () => {
    const back = [at('2025-10-26T00:40:00'), at('2025-10-26T00:20:00'), at('2025-10-26T01:50:00')];
    expect(locateTail(['1', '2', '3'], back, 0, '2025-10-01')).not.toBeNull();
    const tooFar = [at('2025-10-26T02:40:00'), at('2025-10-26T01:20:00')];
    expect(() => locateTail(['1', '2'], tooFar, 0, '2025-10-01')).toThrow(/time order/);
  });

  test('refuses a duplicated id, a row without id, and a row read without a start time', () => {
    expect(() => indexLogIds([1, 2, 1])).toThrow(/Call 1 appears twice.*rows 2 and 4/);
    expect(() => indexLogIds([1, '', 3])).toThrow(/Row 3 of the log has no ID/);
    expect(() => locateTail(['1', '2', '3'], [times[0], 'soon', times[2]], 0, '2026-06-01')).toThrow(/Row 3 .* no start time/);
  });
});

describe('sameCell', () => {
  test('a string the writer gave an apostrophe matches under both readings of a quote prefix', () => {
    expect(sameCell('=HYPERLINK("x")', '=HYPERLINK("x")', '@')).toBe(true); // dropped
    expect(sameCell('\'=HYPERLINK("x")', '=HYPERLINK("x")', '@')).toBe(true); // kept
    expect(sameCell('+4915112345678', '+4915112345678', '@')).toBe(true);
    expect(sameCell("'+4915112345678", '+4915112345678', '@')).toBe(false); // never written with one in a @ cell
    expect(sameCell('00123', '00124', '@')).toBe(false);
  });

  test('times compare to the second (a sheet stores day fractions), numbers exactly', () => {
    expect(sameCell(new Date(Date.parse('2026-06-15T08:00:00.000Z') + 0.4), at('2026-06-15T08:00:00'), FORMATS[1])).toBe(true);
    expect(sameCell(at('2026-06-15T08:00:01'), at('2026-06-15T08:00:00'), FORMATS[1])).toBe(false);
    expect(sameCell('2026-06-15T08:00:00', at('2026-06-15T08:00:00'), FORMATS[1])).toBe(false);
    expect(sameCell(0.12, 0.12, FORMATS[2])).toBe(true);
    expect(sameCell(0.12, 0.13, FORMATS[2])).toBe(false);
    expect(sameCell('', '', '@')).toBe(true);
  });

  test('times an hour apart are the same cell when they show the same wall-clock time (the repeated hour)', () => {
    const wall = (a: Date, b: Date) => a.getTime() % 86_400_000 === (b.getTime() + 3_600_000) % 86_400_000;
    expect(sameCell(at('2025-10-26T01:20:00'), at('2025-10-26T00:20:00'), FORMATS[1], wall)).toBe(true);
    expect(sameCell(at('2025-10-26T01:20:00'), at('2025-10-26T00:20:00'), FORMATS[1], () => false)).toBe(false);
    expect(sameCell(at('2025-10-26T01:20:00'), at('2025-10-26T00:20:00'), FORMATS[1])).toBe(false);
    expect(sameCell(at('2025-10-26T02:20:00'), at('2025-10-26T00:20:00'), FORMATS[1], () => true)).toBe(false);
  });
});

describe('mergeTail', () => {
  const row = (id: number, time: string, charge: number, status = 'posted'): TableCell[] => [id, at(time), charge, status];
  const existing = [
    row(10, '2026-06-14T09:00:00', 1),
    row(11, '2026-06-14T10:00:00', 2),
    row(12, '2026-06-15T08:00:00', 3, 'pending'),
  ];

  test('updates a changed call in place, keeps unchanged ones, inserts new ones in time order', () => {
    const fetched = [
      row(10, '2026-06-14T09:00:00', 1),
      row(20, '2026-06-14T09:30:00', 5), // late
      row(11, '2026-06-14T10:00:00', 2),
      row(12, '2026-06-15T08:00:00', 3.5), // re-rated
      row(21, '2026-06-15T09:00:00', 6), // new
    ];
    const plan = mergeTail(existing, fetched, FORMATS, COLS, noneAbove);
    expect(plan.counts).toEqual({ added: 2, updated: 1, unchanged: 2 });
    expect(plan.rows.map((r) => r[0])).toEqual([10, 20, 11, 12, 21]);
    expect(plan.source).toEqual([0, -1, 1, 2, -1]);
    expect(plan.changed).toEqual([false, true, false, true, true]);
    expect(plan.firstChange).toBe(1);
    expect(plan.keepsOrder).toBe(true);
    expect(insertionGroups(plan, existing.length)).toEqual([
      { before: 3, count: 1 },
      { before: 1, count: 1 },
    ]);
  });

  test('nothing changed: firstChange is past the end, so nothing is written', () => {
    const plan = mergeTail(
      existing,
      existing.map((r) => [...r]),
      FORMATS,
      COLS,
      noneAbove,
    );
    expect(plan.counts).toEqual({ added: 0, updated: 0, unchanged: 3 });
    expect(plan.firstChange).toBe(3);
  });

  test('a call the export no longer lists is kept (a log never loses a row); an id listed twice is merged once', () => {
    const plan = mergeTail(
      existing,
      [row(10, '2026-06-14T09:00:00', 1), row(21, '2026-06-15T09:00:00', 6), row(21, '2026-06-15T09:00:00', 6)],
      FORMATS,
      COLS,
      noneAbove,
    );
    expect(plan.rows.map((r) => r[0])).toEqual([10, 11, 12, 21]);
    expect(plan.counts).toEqual({ added: 1, updated: 0, unchanged: 3 });
  });

  test('a call already in the log above the tail is never inserted again', () => {
    const plan = mergeTail(existing, [row(5, '2026-06-14T11:00:00', 1)], FORMATS, COLS, (id) => id === '5');
    expect(plan.rows.map((r) => r[0])).toEqual([10, 11, 12]);
    expect(plan.above).toEqual(['5']);
  });

  test('a call whose start time moved makes the existing rows change order (keepsOrder false)', () => {
    const plan = mergeTail(existing, [row(10, '2026-06-15T09:00:00', 1)], FORMATS, COLS, noneAbove);
    expect(plan.rows.map((r) => r[0])).toEqual([11, 12, 10]);
    expect(plan.keepsOrder).toBe(false);
    expect(plan.firstChange).toBe(0);
    expect(plan.counts).toEqual({ added: 0, updated: 1, unchanged: 2 });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Property: a log refreshed after any sequence of new, late and re-rated calls equals a fresh export of its window,
// and the user's own cell beside each call stays beside it. The sheet is simulated the way src/gas/callsLog.ts
// writes it: rows inserted where groups of new calls go, then one block written from plan.firstChange.

/** mulberry32, as the sandbox uses: deterministic for a seed. */
function prng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (a: number, b: number) => a + Math.floor(next() * (b - a + 1)) };
}

interface ApiCall {
  id: number;
  ms: number;
  charge: number;
  status: string;
}
const DAY = 86_400_000;
// The API's start times have whole seconds.
const toRow = (c: ApiCall): TableCell[] => [c.id, new Date(Math.floor(c.ms / 1000) * 1000), c.charge, c.status];
const exportOf = (calls: ApiCall[], fromMs: number) =>
  calls
    .filter((c) => c.ms >= fromMs)
    .sort((a, b) => Math.floor(a.ms / 1000) - Math.floor(b.ms / 1000) || a.id - b.id)
    .map(toRow);

/** A sheet: log cells and the user's own note per row. */
type SimRow = { log: TableCell[]; note: string };

function refreshSim(sheet: SimRow[], api: ApiCall[], from: string): MergePlan {
  const logIds = indexLogIds(sheet.map((r) => r.log[0]));
  // As src/gas/callsLog.ts does: start times of the last rows only, more while the tail reaches further up.
  let layout = null;
  for (let chunk = 8; layout === null; chunk *= 4) {
    const start = Math.max(0, logIds.rows - chunk);
    layout = locateTail(
      logIds.keys,
      sheet.slice(start).map((r) => r.log[1]),
      start,
      from,
    );
  }
  const fetched = exportOf(api, Date.parse(`${layout.fetchFrom}T00:00:00Z`));
  const existing = sheet.slice(layout.tailStart).map((r) => r.log);
  const tailStart = layout.tailStart;
  const plan = mergeTail(existing, fetched, FORMATS, COLS, (id) => (logIds.ids.get(id) ?? Infinity) < tailStart);
  expect(plan.above).toEqual([]);
  expect(plan.keepsOrder).toBe(true); // start times never move in this model
  for (const g of insertionGroups(plan, existing.length)) {
    const blank = Array.from({ length: g.count }, () => ({ log: [] as TableCell[], note: '' }));
    sheet.splice(layout.tailStart + g.before, 0, ...blank);
  }
  for (let i = plan.firstChange; i < plan.rows.length; i++) sheet[layout.tailStart + i].log = plan.rows[i];
  return plan;
}

test.each([1, 2, 3, 4, 5, 6, 7, 8])(
  'property (seed %i): after random activity and refreshes the log equals a fresh export',
  (seed) => {
    const random = prng(seed);
    const now0 = Date.parse('2026-06-15T12:00:00Z');
    const from = '2026-06-01';
    let nextId = 1;
    const api: ApiCall[] = [];
    for (let i = 0; i < 200; i++)
      api.push({
        id: nextId++,
        ms: Date.parse(`${from}T00:00:00Z`) + random.next() * (now0 - Date.parse(`${from}T00:00:00Z`)),
        charge: random.int(0, 500) / 100,
        status: 'posted',
      });
    const sheet: SimRow[] = exportOf(api, 0).map((log) => ({ log, note: `note ${log[0]}` }));
    let now = now0;
    for (let step = 0; step < 25; step++) {
      now += random.int(0, 3) * 3_600_000;
      const newest = Math.max(...api.map((c) => c.ms));
      for (let k = random.int(0, 6); k > 0; k--)
        api.push({
          id: nextId++,
          ms: newest + random.next() * (now - newest),
          charge: random.int(0, 500) / 100,
          status: 'pending',
        });
      for (let k = random.int(0, 3); k > 0; k--)
        api.push({ id: nextId++, ms: now - random.next() * 2 * DAY, charge: random.int(0, 500) / 100, status: 'posted' });
      const recent = api.filter((c) => c.ms >= now - 2 * DAY);
      for (let k = random.int(0, 3); k > 0 && recent.length; k--) {
        const c = recent[random.int(0, recent.length - 1)];
        c.charge = Math.round((c.charge + 0.25) * 100) / 100;
        c.status = 'posted';
      }
      const idsBefore = new Set(sheet.map((r) => r.log[0]));
      const plan = refreshSim(sheet, api, from);
      expect(sheet.map((r) => r.log)).toEqual(exportOf(api, 0));
      expect(plan.counts.added).toBe(api.filter((c) => !idsBefore.has(c.id)).length);
      for (const r of sheet) expect(r.note === '' || r.note === `note ${r.log[0]}`).toBe(true);
    }
  },
);

describe('calls_log parameters', () => {
  test('takes a fixed start date only; runs up to today; is named after its start', () => {
    const params = parseReportParams({ kind: 'calls_log', from: '2026-01-01' });
    expect(params).toEqual({ kind: 'calls_log', from: '2026-01-01' });
    expect(reportDates(params, '2026-06-15')).toEqual({ from: '2026-01-01', to: '2026-06-15' });
    expect(defaultSheetName(params)).toBe('Calls log from 2026-01-01');
    expect(paramsOfRecord({ kind: 'calls_log', from: '2026-01-01' })).toEqual({ kind: 'calls_log', from: '2026-01-01' });
  });

  test('refuses a missing start, an end date, a rolling window and a country', () => {
    expect(() => parseReportParams({ kind: 'calls_log' })).toThrow(/"from".*the date the calls log starts/);
    expect(() => parseReportParams({ kind: 'calls_log', from: '2026-01-01', to: '2026-02-01' })).toThrow(/"to".*no end date/);
    expect(() => parseReportParams({ kind: 'calls_log', from: '2026-01-01', window: 'this_month' })).toThrow(/no window/);
    expect(() => parseReportParams({ kind: 'calls_log', from: '2026-01-01', country: '44' })).toThrow(/"country"/);
  });

  test('a log that no longer fits is told to start a new log from a later date', () => {
    expect(splitAdvice({ kind: 'calls_log', from: '2026-01-01' }, '2026-06-15', 300_000, 10)).toMatch(
      /new calls log from a later date/,
    );
  });
});
