// Writes a typed table into a sheet (docs/architecture.md#writing-to-sheets): formats first, chunked setValues, nothing
// turns into a formula, the 10 M-cell limit checked before anything is written. Takes the Spreadsheet as a parameter (triggers
// have no active spreadsheet).
import { AUTOMATIC_FORMAT, literal, TEXT_FORMAT, type TypedTable } from '../core/columns';
import type { TableCell } from '../core/shape';
import { type GridSize, NEW_SHEET_ROWS, tableGrid } from '../core/sheetRequests';
import { planWrites } from '../core/writePlan';

/** Google Sheets' hard limit on cells in one spreadsheet (all sheets' grid sizes added up). */
export const SPREADSHEET_CELL_LIMIT = 10_000_000;

/** Why a table cannot be written, before anything was changed. */
export class SheetLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SheetLimitError';
  }
}

/** Cells the spreadsheet would hold if `target` (or a new sheet) had the given grid size. */
function cellsAfter(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  target: GoogleAppsScript.Spreadsheet.Sheet | null,
  rows: number,
  columns: number,
): { total: number; used: number } {
  let used = 0;
  const targetId = target ? target.getSheetId() : null;
  for (const sheet of ss.getSheets()) {
    if (targetId !== null && sheet.getSheetId() === targetId) continue;
    used += sheet.getMaxRows() * sheet.getMaxColumns();
  }
  return { total: used + rows * columns, used };
}

/** The grid a table needs: at least the sheet's current (or a new sheet's default 1000 × 26) size is kept. */
function neededGrid(target: GoogleAppsScript.Spreadsheet.Sheet | null, table: TypedTable): GridSize {
  const dataRows = table.rows.length + 1;
  const width = Math.max(1, table.header.length);
  if (!target) return tableGrid(dataRows, width);
  const baseRows = Math.min(target.getMaxRows(), Math.max(NEW_SHEET_ROWS, dataRows));
  return { rows: Math.max(baseRows, dataRows), columns: Math.max(target.getMaxColumns(), width) };
}

/**
 * Throws a SheetLimitError when writing the table would push the spreadsheet past 10,000,000 cells. `splitHint`
 * tells the user how to make it fit (e.g. "export at most 10 days at a time").
 */
export function assertFitsCellLimit(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  target: GoogleAppsScript.Spreadsheet.Sheet | null,
  table: TypedTable,
  splitHint: (maxDataRows: number) => string,
): void {
  const grid = neededGrid(target, table);
  const { total, used } = cellsAfter(ss, target, grid.rows, grid.columns);
  if (total <= SPREADSHEET_CELL_LIMIT) return;
  const maxDataRows = Math.max(0, Math.floor((SPREADSHEET_CELL_LIMIT - used) / grid.columns) - 1);
  throw new SheetLimitError(
    `This table has ${table.rows.length.toLocaleString('en-US')} rows × ${grid.columns} columns, which would take the ` +
      `spreadsheet to ${total.toLocaleString('en-US')} cells; Google Sheets allows at most 10,000,000 ` +
      `(${used.toLocaleString('en-US')} are already used by other sheets). Nothing was written. ` +
      `${splitHint(maxDataRows)}`,
  );
}

export interface WriteOptions {
  /** Called after each chunk: data rows written so far, of the total. */
  progress?: (written: number, total: number) => void;
}

/**
 * What writeTable starts from: a sheet with contents to replace, a sheet Spreadsheet.insertSheet just made, or one
 * src/gas/newSheet.ts made already sized and formatted (header bold, plain text and frozen; column formats and widths
 * set), which only needs its values.
 */
export type SheetState = 'existing' | 'new' | 'prepared';

/**
 * Replaces `sheet`'s contents with `table` (header bold and frozen). Call it only after every row was fetched and
 * validated: this is the first moment the sheet changes. The caller checks the cell limit first.
 */
export function writeTable(
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  table: TypedTable,
  opts: WriteOptions = {},
  state: SheetState = 'existing',
): void {
  const width = Math.max(1, table.header.length);
  const totalRows = table.rows.length + 1;
  const prepared = state === 'prepared';

  if (state === 'existing') {
    sheet.clear();
    // A shrinking report gives back its surplus rows so it does not keep eating the spreadsheet's cell budget.
    const keepRows = Math.max(NEW_SHEET_ROWS, totalRows);
    const maxRows = sheet.getMaxRows();
    if (maxRows > keepRows) sheet.deleteRows(keepRows + 1, maxRows - keepRows);
  }
  const rowFormats = padTo(table.formats, width, AUTOMATIC_FORMAT);
  if (!prepared) {
    const maxRows = sheet.getMaxRows();
    if (maxRows < totalRows) sheet.insertRowsAfter(maxRows, totalRows - maxRows);
    const maxColumns = sheet.getMaxColumns();
    if (maxColumns < width) sheet.insertColumnsAfter(maxColumns, width - maxColumns);

    // Formats go on before the values: '@' must be in place when a phone number or "00123" arrives. One call covers
    // the header (text) and every data row; rows share one array so this costs no memory per row.
    const headerFormats = new Array<string>(width).fill(TEXT_FORMAT);
    const formats: string[][] = new Array(totalRows);
    formats[0] = headerFormats;
    for (let i = 1; i < totalRows; i++) formats[i] = rowFormats;
    sheet.getRange(1, 1, totalRows, width).setNumberFormats(formats);
  }

  const header = padTo(table.header, width, '').map((h) => literal(h, TEXT_FORMAT));
  const dataTotal = table.rows.length;
  for (const block of planWrites(dataTotal, width)) {
    const values: TableCell[][] = new Array(block.take + (block.header ? 1 : 0));
    let b = 0;
    if (block.header) values[b++] = header;
    for (let i = 0; i < block.take; i++) values[b++] = preparedRow(table.rows[block.from + i], width, rowFormats);
    sheet.getRange(block.sheetRow, 1, values.length, width).setValues(values);
    opts.progress?.(block.from + block.take, dataTotal);
  }

  if (prepared) return;
  sheet.getRange(1, 1, 1, width).setFontWeight('bold');
  if (sheet.getFrozenRows() !== 1) sheet.setFrozenRows(1);
  // Columns fit their longest value (a timestamp, a full phone number) instead of the default 100 px: one call for
  // every column, never one per column or row.
  sheet.autoResizeColumns(1, width);
}

function padTo<T>(values: T[], width: number, filler: T): T[] {
  if (values.length === width) return values;
  const out = values.slice(0, width);
  while (out.length < width) out.push(filler);
  return out;
}

/**
 * The row as written: missing cells become '', strings get literal()'s apostrophe where needed. The row itself is
 * returned when nothing changes (the common case: no per-row copy for a 100,000-row export); otherwise a copy, so the
 * caller's table is never modified.
 */
function preparedRow(row: TableCell[], width: number, formats: string[]): TableCell[] {
  let out: TableCell[] | null = row.length === width ? null : padTo(row, width, '');
  const source = out ?? row;
  for (let c = 0; c < width; c++) {
    const v = source[c];
    let w: TableCell;
    if (v === undefined || v === null) w = '';
    else if (typeof v === 'string' && v.length > 0) w = literal(v, formats[c]);
    else continue;
    if (w === v) continue;
    if (out === null) out = row.slice();
    out[c] = w;
  }
  return out ?? row;
}

/** A sheet name not yet used in the spreadsheet: `base`, else `base (2)`, `base (3)`… (at most 100 characters). */
export function uniqueSheetName(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, base: string): string {
  // Line breaks and other control characters cannot appear in a tab name.
  const printable = Array.from(base, (ch) => (ch.charCodeAt(0) < 32 ? ' ' : ch)).join('');
  const clean = printable.trim().slice(0, 90) || 'Cliqtel';
  const taken = new Set(ss.getSheets().map((s) => s.getName().toLowerCase()));
  if (!taken.has(clean.toLowerCase())) return clean;
  for (let n = 2; ; n++) {
    const name = `${clean} (${n})`;
    if (!taken.has(name.toLowerCase())) return name;
  }
}

/** Sheet names are compared case-insensitively by Sheets. */
export function findSheet(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, name: string): GoogleAppsScript.Spreadsheet.Sheet | null {
  const wanted = name.trim().toLowerCase();
  return ss.getSheets().find((s) => s.getName().toLowerCase() === wanted) ?? null;
}
