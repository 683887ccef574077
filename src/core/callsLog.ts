// The calls log's merge (docs/architecture.md#calls-log): where a log's tail begins, whether the log is still in time
// order, and how a fresh export of the tail merges into it by id. Pure: the sheet's values come in, a plan goes out.
import { literal } from './columns';
import { addDays } from './dates';
import type { TableCell } from './shape';
import { parseApiTimestamp } from './values';

/** Late-posted and re-rated calls change within this many days before the newest call; each refresh re-reads them. */
export const LOG_OVERLAP_DAYS = 2;

/** What one fill or refresh did to a log. */
export interface LogCounts {
  added: number;
  updated: number;
  unchanged: number;
}

/** Why a log cannot be merged into (before anything is fetched or written); the message says what to do. */
export class LogStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LogStateError';
  }
}

function isDate(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]';
}

/** A start time as whole seconds since the epoch (a sheet stores times as day fractions: milliseconds may drift). */
export function timeKey(v: unknown): number | null {
  if (isDate(v)) {
    const ms = v.getTime();
    return Number.isFinite(ms) ? Math.round(ms / 1000) : null;
  }
  if (typeof v === 'string' && v !== '') {
    const d = parseApiTimestamp(v);
    return d ? Math.round(d.getTime() / 1000) : null;
  }
  return null;
}

/** An id as the map key it is known by (a number in the sheet and in the typed export alike). */
export function idKey(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  return null;
}

/** The export's order: start time, then id (numerically when both are numbers). */
export function compareLogKeys(timeA: number, idA: string, timeB: number, idB: string): number {
  if (timeA !== timeB) return timeA - timeB;
  const a = Number(idA);
  const b = Number(idB);
  if (Number.isFinite(a) && Number.isFinite(b) && a !== b) return a - b;
  return idA < idB ? -1 : idA > idB ? 1 : 0;
}

function utcDay(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

/** The log's ids: how many data rows it has, and each id's data-row index. */
export interface LogIds {
  /** Data rows (header excluded); blank rows under the log are not part of it. */
  rows: number;
  /** Each id with its data-row index (0-based). */
  ids: Map<string, number>;
  /** The id of each data row, as a key. */
  keys: string[];
}

/**
 * Indexes the log's ID column (one value per data row; numbers, cheap to read even for 300,000 rows). Every row must
 * have an id and no id may appear twice: otherwise this refuses with what to do. Trailing rows without an id (blank
 * rows under the log) are not part of it.
 */
export function indexLogIds(idCells: readonly unknown[], firstSheetRow = 2): LogIds {
  let rows = idCells.length;
  while (rows > 0 && idKey(idCells[rows - 1]) === null) rows--;
  const ids = new Map<string, number>();
  const keys: string[] = new Array(rows);
  for (let r = 0; r < rows; r++) {
    const id = idKey(idCells[r]);
    if (id === null) {
      throw new LogStateError(
        `Row ${r + firstSheetRow} of the log has no ID: delete that row (or undo the edit) and refresh again.`,
      );
    }
    const seen = ids.get(id);
    if (seen !== undefined) {
      throw new LogStateError(
        `Call ${id} appears twice in the log (rows ${seen + firstSheetRow} and ${r + firstSheetRow}): delete one of them and refresh again.`,
      );
    }
    ids.set(id, r);
    keys[r] = id;
  }
  return { rows, ids, keys };
}

/** Where a log's tail starts and what its refresh fetches. */
export interface LogTail {
  /** Index (0-based, among data rows) of the first row starting on or after `fetchFrom`. */
  tailStart: number;
  /** The first day the refresh fetches: the newest row's UTC day − 2, never before the log's start. */
  fetchFrom: string;
}

export function outOfOrderError(sheetRow: number, why = `row ${sheetRow} starts before row ${sheetRow - 1}`): LogStateError {
  return new LogStateError(
    `The log is no longer in time order (${why}; was it sorted?). ` +
      'Sort it by Start Time, A → Z (Data › Sort range), then refresh again: nothing was changed.',
  );
}

/**
 * Finds the tail from the start times of the log's last rows: `timeCells` are the Start Time cells of data rows
 * `suffixStart` … `keys.length − 1`. Every row read must be in the export's order (start time, then id) — a log
 * sorted by another column is refused here, before anything is fetched. Returns null when the rows read all start
 * within the overlap and earlier rows exist: read more and ask again.
 */
export function locateTail(
  keys: readonly string[],
  timeCells: readonly unknown[],
  suffixStart: number,
  from: string,
  firstSheetRow = 2,
): LogTail | null {
  const rows = keys.length;
  if (rows === 0) return { tailStart: 0, fetchFrom: from };
  const times: number[] = new Array(timeCells.length);
  for (let i = 0; i < timeCells.length; i++) {
    const r = suffixStart + i;
    const time = timeKey(timeCells[i]);
    if (time === null) {
      throw new LogStateError(
        `Row ${r + firstSheetRow} of the log has no start time: delete that row (or undo the edit) and refresh again.`,
      );
    }
    // A step back of up to an hour is the hour repeated when summer time ends (see REPEATED_HOUR_SECONDS).
    if (i > 0 && compareLogKeys(times[i - 1], keys[r - 1], time, keys[r]) > 0 && times[i - 1] - time > REPEATED_HOUR_SECONDS)
      throw outOfOrderError(r + firstSheetRow);
    times[i] = time;
  }
  const newestDay = utcDay(times[times.length - 1]);
  const overlapDay = addDays(newestDay, -LOG_OVERLAP_DAYS);
  const fetchFrom = overlapDay > from ? overlapDay : from;
  const fromSeconds = Date.parse(`${fetchFrom}T00:00:00Z`) / 1000;
  // Binary search: the first row read that starts on or after fetchFrom.
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] < fromSeconds) lo = mid + 1;
    else hi = mid;
  }
  if (lo === 0 && suffixStart > 0) return null; // the tail may reach further up: read more rows
  return { tailStart: suffixStart + lo, fetchFrom };
}

/**
 * A sheet stores a date-time as wall-clock time in the spreadsheet's zone, so in the hour repeated when summer time
 * ends two instants an hour apart are the same cell value: a log's times may step back by up to this much as read.
 */
export const REPEATED_HOUR_SECONDS = 3600;

/** Whether two instants show the same wall-clock time in the spreadsheet's zone (the caller knows the zone). */
export type SameWallClock = (a: Date, b: Date) => boolean;

/**
 * What the next refresh will find if nobody touches the log: the day it will fetch from and how many rows start on or
 * after it. Recorded after each write; a refresh that finds the same can trust the rows it read (see locateTail).
 */
export function tailMark(
  rows: readonly (readonly unknown[])[],
  timeCol: number,
  from: string,
): { tailFrom: string; tailRows: number } {
  const last = rows.length ? timeKey(rows[rows.length - 1][timeCol]) : null;
  if (last === null) return { tailFrom: from, tailRows: 0 };
  const overlapDay = addDays(utcDay(last), -LOG_OVERLAP_DAYS);
  const tailFrom = overlapDay > from ? overlapDay : from;
  const fromSeconds = Date.parse(`${tailFrom}T00:00:00Z`) / 1000;
  let tailRows = 0;
  for (const row of rows) if ((timeKey(row[timeCol]) ?? 0) >= fromSeconds) tailRows++;
  return { tailFrom, tailRows };
}

/** Whether a cell read back from the sheet holds what writing `fetched` (as `literal` writes it) leaves there. */
export function sameCell(read: unknown, fetched: TableCell, format: string, sameWallClock?: SameWallClock): boolean {
  if (isDate(fetched)) {
    if (!isDate(read)) return false;
    const a = timeKey(read);
    const b = timeKey(fetched);
    if (a === b) return true;
    // An hour apart: the same wall-clock time in the repeated hour reads back either way.
    return a !== null && b !== null && Math.abs(a - b) === REPEATED_HOUR_SECONDS && sameWallClock?.(read, fetched) === true;
  }
  if (typeof fetched === 'string') {
    // Under either reading of a quote prefix: dropped (the text itself) or kept (the apostrophe shows).
    return read === fetched || (fetched !== '' && read === literal(fetched, format));
  }
  if (fetched === null || fetched === undefined) return read === '' || read === null || read === undefined;
  return read === fetched;
}

/** How the tail block is rewritten: the merged rows in order, where each came from, and what changed. */
export interface MergePlan {
  /** The tail block after the merge (log columns only), in the export's order. */
  rows: TableCell[][];
  /** For each merged row: its index among the existing tail rows, or -1 for a new call. */
  source: number[];
  /** For each merged row: whether its cells must be written (a new call or one whose values changed). */
  changed: boolean[];
  counts: LogCounts;
  /** Index of the first merged row that differs from the row now at that place; rows.length when none does. */
  firstChange: number;
  /** Whether the existing rows keep their order (calls are only inserted between them), so no row moves. */
  keepsOrder: boolean;
  /** Fetched calls whose id is in the log above the tail: not merged (the caller decides what that means). */
  above: string[];
}

/**
 * Merges the fetched tail into the log's existing tail rows by id: a known id is updated when any value changed, a
 * new id is inserted in start-time order, and no id appears twice. A call the log holds but the export no longer
 * lists is kept (a log never loses a row). `existing` are the tail rows as read from the sheet (log columns), `fetched`
 * the typed export rows, `formats` the log's column formats, `aboveIds` the ids of the rows before the tail.
 */
export function mergeTail(
  existing: readonly (readonly unknown[])[],
  fetched: readonly TableCell[][],
  formats: readonly string[],
  columns: { id: number; time: number },
  aboveIds: (id: string) => boolean,
  sameWallClock?: SameWallClock,
): MergePlan {
  const width = formats.length;
  const counts: LogCounts = { added: 0, updated: 0, unchanged: 0 };
  const byId = new Map<string, number>();
  existing.forEach((row, i) => {
    const id = idKey(row[columns.id]);
    if (id !== null) byId.set(id, i);
  });
  interface Entry {
    row: TableCell[];
    source: number;
    changed: boolean;
    time: number;
    id: string;
  }
  const entries: Entry[] = [];
  const matched = new Set<number>();
  const addedIds = new Set<string>();
  const above: string[] = [];
  for (const row of fetched) {
    const id = idKey(row[columns.id]);
    const time = timeKey(row[columns.time]);
    if (id === null || time === null) continue; // csvRowsToTable guarantees shape, not content: a row without id cannot be merged
    const at = byId.get(id);
    if (at === undefined) {
      if (aboveIds(id)) {
        above.push(id);
        continue;
      }
      if (addedIds.has(id)) continue; // the export listed an id twice: the first one wins
      addedIds.add(id);
      counts.added++;
      entries.push({ row, source: -1, changed: true, time, id });
      continue;
    }
    if (matched.has(at)) continue; // the export listed an id twice: the first one wins
    matched.add(at);
    const old = existing[at];
    let differs = false;
    for (let c = 0; c < width && !differs; c++) differs = !sameCell(old[c], row[c] ?? '', formats[c], sameWallClock);
    if (differs) counts.updated++;
    else counts.unchanged++;
    entries.push({ row, source: at, changed: differs, time, id });
  }
  existing.forEach((row, i) => {
    if (matched.has(i)) return;
    counts.unchanged++;
    entries.push({
      row: row.slice(0, width) as TableCell[],
      source: i,
      changed: false,
      time: timeKey(row[columns.time]) ?? 0,
      id: idKey(row[columns.id]) ?? '',
    });
  });
  entries.sort((a, b) => compareLogKeys(a.time, a.id, b.time, b.id));

  let keepsOrder = true;
  let lastSource = -1;
  let firstChange = entries.length;
  entries.forEach((e, i) => {
    if (e.source !== -1) {
      if (e.source < lastSource) keepsOrder = false;
      lastSource = e.source;
    }
    if (firstChange === entries.length && (e.changed || e.source !== i)) firstChange = i;
  });
  return {
    rows: entries.map((e) => e.row),
    source: entries.map((e) => e.source),
    changed: entries.map((e) => e.changed),
    counts,
    firstChange,
    keepsOrder,
    above,
  };
}

/**
 * Where new rows go when the existing rows keep their order: for each group of new calls, the existing tail row
 * (index) they are inserted before, or `existing` for the ones after the last. Groups are listed bottom-up, so
 * inserting them in this order never shifts a position still to come.
 */
export function insertionGroups(plan: MergePlan, existing: number): { before: number; count: number }[] {
  const groups: { before: number; count: number }[] = [];
  let pending = 0;
  let before = existing;
  for (let i = plan.source.length - 1; i >= 0; i--) {
    const s = plan.source[i];
    if (s === -1) {
      pending++;
      continue;
    }
    if (pending > 0) groups.push({ before, count: pending });
    pending = 0;
    before = s;
  }
  if (pending > 0) groups.push({ before, count: pending });
  return groups;
}
