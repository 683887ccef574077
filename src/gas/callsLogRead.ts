// Reading a calls log (docs/architecture.md#calls-log): the day it asks up to, the one export request for its tail,
// and the IDs and start times of its last rows — where its tail starts and which ids it already holds.
import { indexLogIds, type LogTail, locateTail } from '../core/callsLogTail';
import type { CliqtelClient } from '../core/client';
import type { TypedTable } from '../core/columns';
import { EXPORT_PATH } from '../core/datasets';
import { todayIn } from './config';
import type { RegisteredReport } from './registry';
import { csvToTable } from './tables';

/**
 * Start times are read for the log's last rows only (reading a Date cell costs far more than a number): this many
 * first, four times more while the tail reaches further up.
 */
const FIRST_TAIL_READ = 2_500;

/**
 * The last day a log asks for: today in the spreadsheet's zone or in UTC (the API's days), whichever is later, so a
 * spreadsheet west of UTC still gets the calls of the UTC day that has begun.
 */
export function logToday(timeZone: string): string {
  const zoned = todayIn(timeZone);
  const utc = new Date().toISOString().slice(0, 10);
  return [zoned, utc].sort()[1]; // YYYY-MM-DD strings sort as dates
}

/** One export request for [from, to]; the whole CSV is validated and typed before anything is written. */
export function fetchLogRange(client: CliqtelClient, from: string, to: string, timeZone: string): TypedTable {
  return csvToTable(client.getText(EXPORT_PATH, { format: 'csv', from, to }), timeZone);
}

/** Where the log stands, from the rows read: its size, its tail, the ids known and the tail's start times. */
export interface LogLayout extends LogTail {
  rows: number;
  /** Data-row index of each id read: every id of the log, or (when the log is as the last refresh left it) those of the rows read. */
  ids: Map<string, number>;
  /** The Start Time cells of the tail rows, as read (the tail block's other columns are read without them). */
  tailTimes: unknown[];
  /** Newest id of the log (its last row), recorded for the next refresh's check. */
  newestId: string | null;
}

function readColumn(sheet: GoogleAppsScript.Spreadsheet.Sheet, firstRow: number, count: number, column: number): unknown[] {
  return count > 0
    ? sheet
        .getRange(firstRow, column + 1, count, 1)
        .getValues()
        .map((r) => r[0])
    : [];
}

/**
 * Reads the IDs and start times of the log's last rows (a few thousand, more while the tail reaches further up),
 * checks they are in order and finds the tail. When the log is not as the last refresh left it (another row count or
 * newest call: rows deleted or added by hand), every id of the log is read too (one read of numbers), so a call
 * already in the log is never inserted again wherever it is.
 */
export function readLogTail(
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  record: RegisteredReport['record'],
  sheetDataRows: number,
  idCol: number,
  timeCol: number,
  from: string,
): LogLayout {
  for (let chunk = FIRST_TAIL_READ; ; chunk *= 4) {
    const start = Math.max(0, sheetDataRows - chunk);
    const idCells = readColumn(sheet, 2 + start, sheetDataRows - start, idCol);
    let end = idCells.length;
    while (end > 0 && (idCells[end - 1] === '' || idCells[end - 1] === null)) end--;
    if (end === 0 && start > 0) continue; // only blank rows so far: the log ends further up
    const read = indexLogIds(idCells.slice(0, end), 2 + start);
    const times = readColumn(sheet, 2 + start, end, timeCol);
    const tail = locateTail(read.keys, times, 0, from, 2 + start);
    if (tail === null || (tail.tailStart === 0 && start > 0)) continue; // the tail may reach further up: read more
    const rows = start + end;
    const newestId = end > 0 ? read.keys[end - 1] : null;
    let ids: Map<string, number>;
    if (start === 0) ids = read.ids;
    else if (
      record.rows === rows &&
      record.newestId === newestId &&
      record.tailFrom === tail.fetchFrom &&
      record.tailRows === rows - (start + tail.tailStart)
    ) {
      ids = new Map();
      for (const [id, at] of read.ids) ids.set(id, start + at);
    } else ids = indexLogIds(readColumn(sheet, 2, rows, idCol)).ids;
    return {
      rows,
      tailStart: start + tail.tailStart,
      fetchFrom: tail.fetchFrom,
      ids,
      tailTimes: times.slice(tail.tailStart),
      newestId,
    };
  }
}

/** The tail block's log columns, read around the Start Time column (dates cost the most to read; those are known). */
export function readTailBlock(
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  blockRow: number,
  rows: number,
  width: number,
  timeCol: number,
  times: unknown[],
): unknown[][] {
  if (rows === 0) return [];
  const left = timeCol > 0 ? sheet.getRange(blockRow, 1, rows, timeCol).getValues() : null;
  const rightWidth = width - timeCol - 1;
  const right = rightWidth > 0 ? sheet.getRange(blockRow, timeCol + 2, rows, rightWidth).getValues() : null;
  const out: unknown[][] = new Array(rows);
  for (let i = 0; i < rows; i++) out[i] = [...(left ? left[i] : []), times[i], ...(right ? right[i] : [])];
  return out;
}
