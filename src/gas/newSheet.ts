// Creating the sheet a new table goes into. With the Advanced Sheets service (enabled in appsscript.json) one
// batchUpdate adds the sheet at its final size with the header bold, plain text and frozen, every column's number
// format in place and the columns sized to the values about to be written, so writing the table is one setValues:
// 3 write calls for a 100,000-call export (with the registry entry) instead of 8. Without the service, or when its call fails (the Sheets API not enabled in the add-on's Cloud
// project), Spreadsheet.insertSheet and writeTable's own formatting calls do the same job. docs/architecture.md
import type { TypedTable } from '../core/columns';
import { columnWidths } from '../core/columnWidths';
import { freeSheetId, newTableSheetRequests } from '../core/sheetRequests';
import type { SheetState } from './sheetWriter';

/** A sheet made for a table, and what writeTable starts from: 'prepared' when its size, header style, freeze,
 * formats and widths are already set, 'new' when Spreadsheet.insertSheet made it. */
export interface TableSheet {
  sheet: GoogleAppsScript.Spreadsheet.Sheet;
  state: Extract<SheetState, 'new' | 'prepared'>;
}

/** The Advanced Sheets service's batchUpdate, when the service is enabled (a global named `Sheets`). */
function sheetsBatchUpdate(): ((resource: object, spreadsheetId: string) => unknown) | null {
  const service = typeof Sheets === 'undefined' ? undefined : Sheets;
  const update = service?.Spreadsheets?.batchUpdate;
  return typeof update === 'function' ? (resource, id) => update.call(service?.Spreadsheets, resource, id) : null;
}

function sheetWithId(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, id: number): GoogleAppsScript.Spreadsheet.Sheet | null {
  return ss.getSheets().find((s) => s.getSheetId() === id) ?? null;
}

/**
 * A new sheet named `name` (free: the caller chose it) for `table`, with room for `gridRows` rows (header included;
 * at least the table's). It is the active sheet afterwards, as Spreadsheet.insertSheet's is.
 */
export function insertTableSheet(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  name: string,
  table: TypedTable,
  gridRows = table.rows.length + 1,
): TableSheet {
  const batchUpdate = sheetsBatchUpdate();
  if (batchUpdate) {
    const sheets = ss.getSheets();
    const sheetId = freeSheetId(sheets.map((s) => s.getSheetId()));
    const requests = newTableSheetRequests({
      sheetId,
      title: name,
      gridRows: Math.max(gridRows, table.rows.length + 1),
      tableRows: table.rows.length + 1,
      width: Math.max(1, table.header.length),
      formats: table.formats,
      widths: columnWidths(table),
    });
    // Writes SpreadsheetApp still holds go first, so the two services see one order of changes.
    SpreadsheetApp.flush();
    try {
      batchUpdate({ requests }, ss.getId());
    } catch {
      // A batchUpdate is all or nothing. Normally nothing was added; if the answer was lost after the sheet was,
      // it is there complete and is used below.
    }
    let sheet = sheetWithId(ss, sheetId);
    if (!sheet) {
      SpreadsheetApp.flush();
      sheet = sheetWithId(ss, sheetId);
    }
    if (sheet) {
      sheet.activate();
      return { sheet, state: 'prepared' };
    }
  }
  return { sheet: ss.insertSheet(name), state: 'new' };
}
