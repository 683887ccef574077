// The calls log's refresh (docs/architecture.md#calls-log): read where the log stands (callsLogRead.ts), fetch only
// its tail with one export request, merge by id (core/callsLog.ts) and rewrite only the contiguous tail block
// (callsLogWrite.ts) — or change nothing.
import { type MergePlan, mergeTail } from '../core/callsLog';
import { idKey, LogStateError, type LogTail, outOfOrderError, tailMark, timeKey } from '../core/callsLogTail';
import { CliqtelError, errorMessage } from '../core/errors';
import { normalizeFieldName } from '../core/shape';
import { fetchLogRange, logToday, readLogTail, readTailBlock } from './callsLogRead';
import { applyRefresh, assertLogFits, type LogWrite } from './callsLogWrite';
import { type RegisteredReport, recordFailure, recordSuccess } from './registry';
import type { RunContext } from './reports';

/** Fetched calls found above the tail whose rows are checked one by one; more than this means the log lost its order. */
const MAX_ABOVE_CHECKS = 20;

/** How long a refresh waits for another execution refreshing this spreadsheet (another editor's menu or sidebar). */
const LOG_LOCK_WAIT_MS = 5_000;

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
