// The calls log's refresh (docs/architecture.md#calls-log): read where the log stands, fetch only its tail with one
// export request, merge by id (core/callsLog.ts) and rewrite only the contiguous tail block — or change nothing.
import {
  idKey,
  indexLogIds,
  insertionGroups,
  LogStateError,
  type LogTail,
  locateTail,
  type MergePlan,
  mergeTail,
  outOfOrderError,
  tailMark,
  timeKey,
} from '../core/callsLog';
import type { CliqtelClient } from '../core/client';
import { literal, TEXT_FORMAT, type TypedTable } from '../core/columns';
import { EXPORT_PATH } from '../core/datasets';
import { CliqtelError, errorMessage } from '../core/errors';
import { normalizeFieldName, type TableCell } from '../core/shape';
import { todayIn } from './config';
import { type RegisteredReport, recordFailure, recordSuccess } from './registry';
import type { RunContext } from './reports';
import { SheetLimitError, SPREADSHEET_CELL_LIMIT } from './sheetWriter';
import { csvToTable } from './tables';

/**
 * Start times are read for the log's last rows only (reading a Date cell costs far more than a number): this many
 * first, four times more while the tail reaches further up.
 */
const FIRST_TAIL_READ = 2_500;
/** Fetched calls found above the tail whose rows are checked one by one; more than this means the log lost its order. */
const MAX_ABOVE_CHECKS = 20;

/** How long a refresh waits for another execution refreshing this spreadsheet (another editor's menu or sidebar). */
const LOG_LOCK_WAIT_MS = 5_000;

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

/**
 * What a log's registry entry remembers of its rows after a write (`rows` are the rows from its tail on, in order): the
 * newest id, the day the next refresh will fetch from and the rows on or after it — a refresh that finds all of
 * them as recorded knows no row of its tail was moved up the sheet, and need not read every id.
 */
export function logMarks(
  header: readonly string[],
  rows: readonly (readonly unknown[])[],
  from: string,
): { newestId?: string; tailFrom: string; tailRows: number } {
  const idCol = header.findIndex((h) => normalizeFieldName(h) === 'id');
  const timeCol = header.findIndex((h) => normalizeFieldName(h) === 'starttime');
  const last = rows[rows.length - 1];
  const newestId = idCol >= 0 && last ? (idKey(last[idCol]) ?? undefined) : undefined;
  const mark = timeCol >= 0 ? tailMark(rows, timeCol, from) : { tailFrom: from, tailRows: 0 };
  return newestId ? { newestId, ...mark } : mark;
}

function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** What a refresh will write, decided before the sheet changes. */
interface LogWrite {
  plan: MergePlan;
  table: TypedTable;
  /** Sheet row of the first existing tail row (where the tail block starts). */
  blockRow: number;
  /** Existing rows in the tail block, and in the whole log. */
  tailRows: number;
  logRows: number;
  /** getLastRow() when the log was read: a different value just before writing means someone else wrote. */
  lastRow: number;
  /** The sheet's own columns to the right of the log, as read for the tail block (only when rows must move). */
  userCells: unknown[][] | null;
  /** The log's newest id before the merge. */
  newestId: string | null;
}

/** Where the log stands, from the rows read: its size, its tail, the ids known and the tail's start times. */
interface LogLayout extends LogTail {
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
function readLogTail(
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
function readTailBlock(
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

/**
 * Reads the log's ID and Start Time columns (is it still in order? where does its tail start?), fetches the tail
 * with one export request and merges it. Throws (nothing written) on any problem: the log's state, the fetch, the
 * CSV, the cell limit.
 */
function prepareRefresh(ctx: RunContext, report: RegisteredReport): LogWrite {
  const { ss } = ctx;
  const { sheet, record } = report;
  const from = record.from;
  if (!from)
    throw new LogStateError('This calls log has no start date in its record: insert it again (Insert report › Calls log).');
  const timeZone = ss.getSpreadsheetTimeZone();
  const lastRow = sheet.getLastRow();
  const lastColumn = Math.max(1, sheet.getLastColumn());
  const header =
    lastRow >= 1
      ? sheet
          .getRange(1, 1, 1, lastColumn)
          .getValues()[0]
          .map((h) => String(h))
      : [];
  const idCol = header.findIndex((h) => normalizeFieldName(h) === 'id');
  const timeCol = header.findIndex((h) => normalizeFieldName(h) === 'starttime');
  if (idCol < 0 || timeCol < 0) {
    throw new LogStateError(
      `The log's header row no longer has its ${idCol < 0 ? 'ID' : 'Start Time'} column: undo the change to row 1, or insert a new calls log.`,
    );
  }
  const layout = readLogTail(sheet, record, Math.max(0, lastRow - 1), idCol, timeCol, from);
  const logRows = layout.rows;

  const to = logToday(timeZone);
  if (ctx.interactive) ss.toast(`Refreshing "${sheet.getName()}": calls from ${layout.fetchFrom} to ${to}…`, 'Cliqtel', 60);
  const table = fetchLogRange(ctx.client, layout.fetchFrom, to, timeZone);

  const width = table.header.length;
  for (let c = 0; c < width; c++) {
    if (header[c] !== table.header[c]) {
      throw new LogStateError(
        `The log's columns no longer match Cliqtel's export: column ${columnLetter(c)} is "${header[c] ?? ''}" where the export has ` +
          `"${table.header[c]}". Keep your own columns to the right of the log (undo the change), or insert a new calls log.`,
      );
    }
  }
  const tailRows = logRows - layout.tailStart;
  const blockRow = 2 + layout.tailStart;
  const existing = readTailBlock(sheet, blockRow, tailRows, width, timeCol, layout.tailTimes);
  const tailStart = layout.tailStart;
  const above = (id: string) => {
    const at = layout.ids.get(id);
    return at !== undefined && at < tailStart;
  };
  const wallClock = (d: Date) => Utilities.formatDate(d, timeZone, 'yyyy-MM-dd HH:mm:ss');
  const plan = mergeTail(
    existing,
    table.rows,
    table.formats,
    { id: idCol, time: timeCol },
    above,
    (a, b) => wallClock(a) === wallClock(b),
  );
  assertNothingAboveTail(sheet, plan, layout.ids, timeCol, layout);
  const userWidth = lastColumn - width;
  const userCells =
    !plan.keepsOrder && userWidth > 0 && tailRows > 0
      ? sheet.getRange(blockRow, width + 1, tailRows, userWidth).getValues()
      : null;
  const write: LogWrite = { plan, table, blockRow, tailRows, logRows, lastRow, userCells, newestId: layout.newestId };
  assertLogFits(ss, sheet, write);
  return write;
}

/**
 * A fetched call whose id sits above the tail: if that row starts within the refreshed days, the log is out of order
 * (rows of the overlap were moved up: refused, nothing written); if it starts earlier, Cliqtel moved the call's start
 * time into the overlap, and the log keeps the row where it is (never a second copy).
 */
function assertNothingAboveTail(
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  plan: MergePlan,
  ids: Map<string, number>,
  timeCol: number,
  layout: LogTail,
): void {
  if (plan.above.length === 0) return;
  const fromSeconds = Date.parse(`${layout.fetchFrom}T00:00:00Z`) / 1000;
  const misplaced = (row: number) =>
    outOfOrderError(row, `row ${row} holds a call of the days being refreshed, above older rows`);
  if (plan.above.length > MAX_ABOVE_CHECKS) throw misplaced(2 + (ids.get(plan.above[0]) ?? 0));
  for (const id of plan.above) {
    const row = 2 + (ids.get(id) ?? 0);
    const time = timeKey(sheet.getRange(row, timeCol + 1).getValue());
    if (time === null || time >= fromSeconds) throw misplaced(row);
  }
}

/** New calls go below the log's last row by inserting rows when the sheet has rows of the user's own under it. */
function endInsertNeeded(w: LogWrite): boolean {
  return w.lastRow > 1 + w.logRows;
}

function middleInserts(w: LogWrite): { before: number; count: number }[] {
  return w.plan.keepsOrder ? insertionGroups(w.plan, w.tailRows).filter((g) => g.before < w.tailRows) : [];
}

/** The 10 M-cell check before any write: the grid the merged log needs plus every other sheet's. */
function assertLogFits(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  w: LogWrite,
): void {
  const added = w.plan.counts.added;
  if (added === 0) return;
  const middle = middleInserts(w).reduce((n, g) => n + g.count, 0);
  const endInserted = endInsertNeeded(w) ? added - middle : 0;
  const maxRows = Math.max(sheet.getMaxRows() + middle + endInserted, 1 + w.logRows + added);
  const maxColumns = Math.max(sheet.getMaxColumns(), w.table.header.length);
  const id = sheet.getSheetId();
  let others = 0;
  for (const s of ss.getSheets()) if (s.getSheetId() !== id) others += s.getMaxRows() * s.getMaxColumns();
  const total = others + maxRows * maxColumns;
  if (total <= SPREADSHEET_CELL_LIMIT) return;
  const n = (v: number) => v.toLocaleString('en-US');
  throw new SheetLimitError(
    `Adding ${n(added)} new calls would take this log to ${n(w.logRows + added)} rows and the spreadsheet to ${n(total)} cells; ` +
      `Google Sheets allows at most 10,000,000. Nothing was written. Keep this log as an archive and start a new calls ` +
      'log from a later date in a new spreadsheet, or delete sheets you no longer need.',
  );
}

/** Spare rows a log keeps below its last call, so most refreshes add their calls without growing the grid. */
export function logHeadroom(rows: number): number {
  return Math.max(1_000, Math.ceil(rows / 100));
}

/**
 * Grows a log's grid to hold `neededRows` rows (header included) plus headroom — one write call now saves one on most
 * later refreshes — never taking the spreadsheet past its cell limit for the headroom's sake.
 */
export function growLog(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  neededRows: number,
  width: number,
): void {
  const maxRows = sheet.getMaxRows();
  if (maxRows >= neededRows) return;
  const id = sheet.getSheetId();
  let others = 0;
  for (const s of ss.getSheets()) if (s.getSheetId() !== id) others += s.getMaxRows() * s.getMaxColumns();
  const budgetRows = Math.floor((SPREADSHEET_CELL_LIMIT - others) / Math.max(sheet.getMaxColumns(), width));
  const target = Math.max(neededRows, Math.min(neededRows + logHeadroom(neededRows), budgetRows));
  sheet.insertRowsAfter(maxRows, target - maxRows);
}

/** A merged row as written: strings get literal()'s apostrophe where needed, missing cells become ''. */
function preparedLogRow(row: readonly TableCell[], formats: readonly string[]): TableCell[] {
  const out: TableCell[] = new Array(formats.length);
  for (let c = 0; c < formats.length; c++) {
    const v = row[c];
    out[c] = v === undefined || v === null ? '' : typeof v === 'string' ? literal(v, formats[c]) : v;
  }
  return out;
}

/** The user's own cells as written back (only when rows moved): text that Sheets would parse stays literal. */
function preparedUserRow(row: readonly unknown[] | undefined, width: number): TableCell[] {
  const out: TableCell[] = new Array(width);
  for (let c = 0; c < width; c++) {
    const v = row?.[c];
    out[c] = v === undefined || v === null ? '' : typeof v === 'string' ? literal(v, '') : (v as TableCell);
  }
  return out;
}

/**
 * Writes the merge: rows inserted where new calls go between existing ones (Sheets moves the user's own cells with
 * their rows), the grid grown for calls after the last one, then one setNumberFormats and one setValues over the
 * contiguous block from the first changed row to the end. Rows before that block are never written.
 */
function applyRefresh(sheet: GoogleAppsScript.Spreadsheet.Sheet, w: LogWrite): void {
  const { plan, table } = w;
  if (plan.firstChange >= plan.rows.length) return;
  if (sheet.getLastRow() !== w.lastRow) {
    throw new LogStateError(
      'The log changed while it was being refreshed (another refresh or an edit): nothing was written. Refresh again.',
    );
  }
  const width = table.header.length;
  const middle = middleInserts(w);
  for (const g of middle) sheet.insertRowsBefore(w.blockRow + g.before, g.count);
  const middleCount = middle.reduce((n, g) => n + g.count, 0);
  const added = plan.counts.added;
  if (added > middleCount && endInsertNeeded(w)) {
    sheet.insertRowsAfter(1 + w.logRows + middleCount, added - middleCount);
  }
  growLog(sheet.getParent(), sheet, 1 + w.logRows + added, width);
  if (sheet.getMaxColumns() < width) sheet.insertColumnsAfter(sheet.getMaxColumns(), width - sheet.getMaxColumns());

  const start = plan.firstChange;
  const count = plan.rows.length - start;
  const firstRow = w.blockRow + start;
  const rowFormats = table.formats.length === width ? table.formats : new Array<string>(width).fill(TEXT_FORMAT);
  const formats: string[][] = new Array(count).fill(rowFormats);
  sheet.getRange(firstRow, 1, count, width).setNumberFormats(formats);
  const userWidth = w.userCells ? (w.userCells[0]?.length ?? 0) : 0;
  const values: TableCell[][] = new Array(count);
  for (let i = 0; i < count; i++) {
    const row = preparedLogRow(plan.rows[start + i], rowFormats);
    if (userWidth > 0) {
      const source = plan.source[start + i];
      values[i] = row.concat(preparedUserRow(source >= 0 ? (w.userCells as unknown[][])[source] : undefined, userWidth));
    } else values[i] = row;
  }
  sheet.getRange(firstRow, 1, count, width + userWidth).setValues(values);
}

/**
 * Refreshes a calls log by its tail. Another execution refreshing this spreadsheet (another editor) holds the document
 * lock; a clock trigger has none, and relies on the user lock its caller holds and on the last-row check before
 * writing. Returns null on success, else the error (recorded in the registry; the sheet unchanged).
 */
export function refreshCallsLog(ctx: RunContext, report: RegisteredReport): string | null {
  const { sheet, record } = report;
  const lock = LockService.getDocumentLock();
  if (lock && !lock.tryLock(LOG_LOCK_WAIT_MS)) {
    const message = new CliqtelError(
      'Another Cliqtel refresh of this spreadsheet is running; nothing was written. Try again in a minute.',
      {
        status: 0,
        code: 'busy',
      },
    ).message;
    recordFailure(sheet, record, message, new Date());
    return message;
  }
  try {
    let write: LogWrite;
    try {
      write = prepareRefresh(ctx, report);
    } catch (e) {
      const message = errorMessage(e);
      recordFailure(sheet, record, message, new Date());
      return message;
    }
    try {
      applyRefresh(sheet, write);
    } catch (e) {
      const message = `writing the log failed: ${errorMessage(e)}`;
      recordFailure(sheet, record, message, new Date());
      return message;
    }
    const plan = write.plan;
    const rows = write.logRows + plan.counts.added;
    // The merged block holds every row the next refresh's tail can start at (its newest call only moves forward).
    const marks = logMarks(write.table.header, plan.rows, record.from ?? '');
    recordSuccess(sheet, { ...record, ...marks }, rows, new Date(), plan.counts);
    return null;
  } finally {
    lock?.releaseLock();
  }
}
