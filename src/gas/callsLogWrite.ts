// Writing a calls log's refresh (docs/architecture.md#calls-log): the cell-limit check before any write, rows
// inserted where new calls go, the grid grown with headroom, and one write over the contiguous changed block.
import { insertionGroups, type MergePlan } from '../core/callsLog';
import { LogStateError } from '../core/callsLogTail';
import { literal, TEXT_FORMAT, type TypedTable } from '../core/columns';
import type { TableCell } from '../core/shape';
import { SheetLimitError, SPREADSHEET_CELL_LIMIT } from './sheetWriter';

/** What a refresh will write, decided before the sheet changes. */
export interface LogWrite {
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

/** New calls go below the log's last row by inserting rows when the sheet has rows of the user's own under it. */
function endInsertNeeded(w: LogWrite): boolean {
  return w.lastRow > 1 + w.logRows;
}

function middleInserts(w: LogWrite): { before: number; count: number }[] {
  return w.plan.keepsOrder ? insertionGroups(w.plan, w.tailRows).filter((g) => g.before < w.tailRows) : [];
}

/** The 10 M-cell check before any write: the grid the merged log needs plus every other sheet's. */
export function assertLogFits(
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
  const target = logGridRows(ss, sheet.getSheetId(), neededRows, Math.max(sheet.getMaxColumns(), width));
  sheet.insertRowsAfter(maxRows, target - maxRows);
}

/**
 * The rows a log's grid should have for `neededRows` rows (header included): those plus headroom, as far as the
 * spreadsheet's cell limit allows with the other sheets (all but `sheetId`, or all for a sheet not made yet).
 */
export function logGridRows(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  sheetId: number | null,
  neededRows: number,
  columns: number,
): number {
  let others = 0;
  for (const s of ss.getSheets()) if (s.getSheetId() !== sheetId) others += s.getMaxRows() * s.getMaxColumns();
  const budgetRows = Math.floor((SPREADSHEET_CELL_LIMIT - others) / columns);
  return Math.max(neededRows, Math.min(neededRows + logHeadroom(neededRows), budgetRows));
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
export function applyRefresh(sheet: GoogleAppsScript.Spreadsheet.Sheet, w: LogWrite): void {
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
