// The Sheets API (v4) requests that create a table's sheet in one call: the sheet already as big as the table, its
// header bold, plain text and frozen, and every data column's number format set by column instead of cell by cell.
// Pure data: src/gas/newSheet.ts sends it through the Advanced Sheets service (docs/architecture.md#writing-to-sheets).
import { AUTOMATIC_FORMAT, DATE_FORMAT, DATE_TIME_FORMAT, TEXT_FORMAT } from './columns';

/** A new sheet in Google Sheets is 1000 rows × 26 columns; a table's sheet is never smaller than that. */
export const NEW_SHEET_ROWS = 1000;
export const NEW_SHEET_COLUMNS = 26;

export type NumberFormatType = 'TEXT' | 'NUMBER' | 'PERCENT' | 'CURRENCY' | 'DATE' | 'TIME' | 'DATE_TIME' | 'SCIENTIFIC';

export interface NumberFormatSpec {
  type: NumberFormatType;
  pattern: string;
}

/**
 * The API's NumberFormat for one of our patterns. The pattern decides how a cell looks; the type is the API's
 * required category for it (a currency pattern is CURRENCY, a pattern with days and times DATE_TIME, …).
 */
export function numberFormatSpec(pattern: string): NumberFormatSpec {
  if (pattern === TEXT_FORMAT) return { type: 'TEXT', pattern };
  if (pattern === DATE_TIME_FORMAT) return { type: 'DATE_TIME', pattern };
  if (pattern === DATE_FORMAT) return { type: 'DATE', pattern };
  // Quoted text and [$…] blocks say nothing about the kind of number: look at the rest.
  const bare = pattern.replace(/"[^"]*"|\[[^\]]*\]/g, '');
  if (pattern.includes('[$')) return { type: 'CURRENCY', pattern };
  if (bare.includes('%')) return { type: 'PERCENT', pattern };
  if (/E[+-]/i.test(bare)) return { type: 'SCIENTIFIC', pattern };
  const dateish = /[yd]/i.test(bare) || /m{3,}/i.test(bare);
  const timeish = /[hs]/i.test(bare);
  if (dateish && timeish) return { type: 'DATE_TIME', pattern };
  if (dateish) return { type: 'DATE', pattern };
  if (timeish) return { type: 'TIME', pattern };
  return { type: 'NUMBER', pattern };
}

/** The size a new sheet for a table needs: at least a new sheet's default, at least `rows` × the table's width. */
export interface GridSize {
  rows: number;
  columns: number;
}

export function tableGrid(rows: number, width: number): GridSize {
  return { rows: Math.max(NEW_SHEET_ROWS, rows), columns: Math.max(NEW_SHEET_COLUMNS, width) };
}

/** Runs of neighbouring columns with the same format: [first column (0-based), columns, format]. */
export function formatRuns(formats: readonly string[], width: number): Array<{ from: number; count: number; format: string }> {
  const runs: Array<{ from: number; count: number; format: string }> = [];
  for (let c = 0; c < width; c++) {
    const format = formats[c] ?? AUTOMATIC_FORMAT;
    const last = runs[runs.length - 1];
    if (last && last.format === format && last.from + last.count === c) last.count++;
    else runs.push({ from: c, count: 1, format });
  }
  return runs;
}

export interface NewTableSheet {
  /** The id the new sheet gets (chosen by the caller, so later requests of the same batch can name it). */
  sheetId: number;
  title: string;
  /** Tab position (0-based); undefined = last. */
  index?: number;
  /** Rows the sheet must hold, header included (a calls log asks for spare rows below its calls too). */
  gridRows: number;
  /** Rows that get the columns' formats, header included: the table's rows. */
  tableRows: number;
  width: number;
  /** One number format per data column (AUTOMATIC_FORMAT = leave Sheets' default). */
  formats: readonly string[];
  /** Pixel width per column (core/columnWidths.ts); columns without one keep the default 100 px. */
  widths?: readonly number[];
}

/**
 * One batchUpdate's requests: addSheet (grid size, header frozen), the header row plain text and bold, one
 * repeatCell per run of data columns sharing a format, and the column widths (one request per run of equal widths). A 14-column export is a handful of small requests, where
 * SpreadsheetApp needs a format per cell (1.4 M strings for 100,000 rows) and three more calls for size, bold and
 * freeze, plus a fourth that measures every written cell to size the columns.
 */
export function newTableSheetRequests(spec: NewTableSheet): object[] {
  const grid = tableGrid(spec.gridRows, spec.width);
  const properties: Record<string, unknown> = {
    sheetId: spec.sheetId,
    title: spec.title,
    gridProperties: { rowCount: grid.rows, columnCount: grid.columns, frozenRowCount: 1 },
  };
  if (spec.index !== undefined) properties.index = spec.index;
  const requests: object[] = [{ addSheet: { properties } }];
  const sheetId = spec.sheetId;
  requests.push({
    repeatCell: {
      range: { sheetId, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: spec.width },
      cell: { userEnteredFormat: { numberFormat: numberFormatSpec(TEXT_FORMAT), textFormat: { bold: true } } },
      fields: 'userEnteredFormat.numberFormat,userEnteredFormat.textFormat.bold',
    },
  });
  if (spec.tableRows > 1) {
    for (const run of formatRuns(spec.formats, spec.width)) {
      if (run.format === AUTOMATIC_FORMAT) continue; // a new sheet's cells already have Sheets' default format
      requests.push({
        repeatCell: {
          range: {
            sheetId,
            startRowIndex: 1,
            endRowIndex: spec.tableRows,
            startColumnIndex: run.from,
            endColumnIndex: run.from + run.count,
          },
          cell: { userEnteredFormat: { numberFormat: numberFormatSpec(run.format) } },
          fields: 'userEnteredFormat.numberFormat',
        },
      });
    }
  }
  const widths = spec.widths ?? [];
  for (let c = 0; c < Math.min(widths.length, spec.width); ) {
    let end = c + 1;
    while (end < Math.min(widths.length, spec.width) && widths[end] === widths[c]) end++;
    requests.push({
      updateDimensionProperties: {
        range: { sheetId, dimension: 'COLUMNS', startIndex: c, endIndex: end },
        properties: { pixelSize: widths[c] },
        fields: 'pixelSize',
      },
    });
    c = end;
  }
  return requests;
}

/** A sheet id for a new sheet: the next after the largest in use, within the API's positive 31-bit range. */
export function freeSheetId(used: readonly number[], random: () => number = Math.random): number {
  const taken = new Set(used);
  const next = used.length === 0 ? 1 : Math.max(...used) + 1;
  if (next > 0 && next < 2 ** 31) return next;
  for (;;) {
    const id = 1 + Math.floor(random() * (2 ** 31 - 2));
    if (!taken.has(id)) return id;
  }
}
