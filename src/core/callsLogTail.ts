// Where a calls log's tail begins (docs/architecture.md#calls-log): the log's ids and start times as keys, whether
// the log is still in time order, and which day its next refresh fetches from. Pure: the sheet's values come in.
import { addDays } from './dates';
import { parseApiTimestamp } from './values';

/** Late-posted and re-rated calls change within this many days before the newest call; each refresh re-reads them. */
export const LOG_OVERLAP_DAYS = 2;

/** Why a log cannot be merged into (before anything is fetched or written); the message says what to do. */
export class LogStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LogStateError';
  }
}

/** Whether a value is a Date (also one made in another realm, as Apps Script's sheet values may be). */
export function isDate(v: unknown): v is Date {
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
