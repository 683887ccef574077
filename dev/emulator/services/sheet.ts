// Sheet over the in-memory model: ranges, grid size (10,000,000-cell budget), rows/columns, freezing, widths, charts, metadata.
import { parseA1 } from '../a1';
import { type Invocation, withNotImplemented } from '../invocation';
import { type SheetModel, type SpreadsheetModel, isEmptyCell } from '../model';
import { clearCell, countWrite, crossBridge, displayValue, ensureCellBudget, requireInteger, writeCell } from './cells';
import { ChartBuilderApi, type EmbeddedChartApi, embeddedChartApi } from './charts';
import { type DeveloperMetadataApi, addMetadata, metadataApi, metadataFinder } from './metadata';
import { type RangeApi, rangeApi, rangeFromRef } from './range';
import { type SpreadsheetApi, spreadsheetApi } from './spreadsheet';

export class SheetApi {
  constructor(
    readonly inv: Invocation,
    readonly model: SheetModel,
  ) {}

  private get ss(): SpreadsheetModel {
    return this.model.spreadsheet;
  }
  private write(method: string, cells = 0): void {
    this.inv.requireDocWrite(`Sheet.${method}`);
    countWrite(this.inv, cells);
  }
  private alive(): void {
    if (!this.ss.sheets.includes(this.model)) throw this.inv.exception('This sheet has been deleted.');
  }

  getName(): string {
    return this.model.name;
  }
  setName(name: string): SheetApi {
    this.write('setName');
    const n = String(name);
    if (n.trim() === '') throw this.inv.exception('Sheet name cannot be empty.');
    const other = this.ss.sheet(n);
    if (other && other !== this.model)
      throw this.inv.exception(`A sheet with the name "${n}" already exists. Please enter another name.`);
    this.model.name = n;
    return this;
  }
  getSheetId(): number {
    return this.model.sheetId;
  }
  getSheetName(): string {
    return this.model.name;
  }
  getIndex(): number {
    return this.ss.sheets.indexOf(this.model) + 1;
  }
  getParent(): SpreadsheetApi {
    return spreadsheetApi(this.inv, this.ss);
  }
  getType(): string {
    return 'GRID';
  }
  getRange(a: unknown, column?: number, numRows?: number, numColumns?: number): RangeApi {
    this.inv.requireDocRead('Sheet.getRange');
    this.alive();
    if (typeof a === 'string') {
      const parsed = parseA1(a);
      if (parsed?.sheetName !== undefined) {
        const other = this.ss.sheet(parsed.sheetName);
        if (!other) throw this.inv.exception('Range not found');
        return rangeFromRef(this.inv, other, a);
      }
      return rangeFromRef(this.inv, this.model, a);
    }
    const row = requireInteger(this.inv, a, 'SpreadsheetApp.Sheet.getRange');
    const col = requireInteger(this.inv, column, 'SpreadsheetApp.Sheet.getRange');
    const nr = numRows === undefined ? 1 : requireInteger(this.inv, numRows, 'SpreadsheetApp.Sheet.getRange');
    const nc = numColumns === undefined ? 1 : requireInteger(this.inv, numColumns, 'SpreadsheetApp.Sheet.getRange');
    if (row < 1) throw this.inv.exception('The starting row of the range is too small.');
    if (col < 1) throw this.inv.exception('The starting column of the range is too small.');
    if (nr < 1) throw this.inv.exception('The number of rows in the range must be at least 1.');
    if (nc < 1) throw this.inv.exception('The number of columns in the range must be at least 1.');
    if (row + nr - 1 > this.model.maxRows || col + nc - 1 > this.model.maxColumns) {
      throw this.inv.exception('The coordinates of the range are outside the dimensions of the sheet.');
    }
    return rangeApi(this.inv, this.model, row, col, nr, nc);
  }
  getDataRange(): RangeApi {
    this.inv.requireDocRead('Sheet.getDataRange');
    return rangeApi(this.inv, this.model, 1, 1, Math.max(1, this.model.lastRow()), Math.max(1, this.model.lastColumn()));
  }
  getLastRow(): number {
    this.inv.requireDocRead('Sheet.getLastRow');
    return this.model.lastRow();
  }
  getLastColumn(): number {
    this.inv.requireDocRead('Sheet.getLastColumn');
    return this.model.lastColumn();
  }
  getMaxRows(): number {
    this.inv.requireDocRead('Sheet.getMaxRows');
    return this.model.maxRows;
  }
  getMaxColumns(): number {
    this.inv.requireDocRead('Sheet.getMaxColumns');
    return this.model.maxColumns;
  }

  private insertRowsAt(method: string, at: number, howMany: number): SheetApi {
    this.write(method);
    if (howMany < 1) throw this.inv.exception('The number of rows to insert must be at least 1.');
    ensureCellBudget(this.inv, this.ss, howMany * this.model.maxColumns);
    this.model.insertRows(at, howMany);
    return this;
  }
  insertRowsAfter(afterPosition: number, howMany: number): SheetApi {
    if (afterPosition < 1 || afterPosition > this.model.maxRows) throw this.inv.exception('Those rows are out of bounds.');
    return this.insertRowsAt('insertRowsAfter', afterPosition + 1, howMany);
  }
  insertRowsBefore(beforePosition: number, howMany: number): SheetApi {
    if (beforePosition < 1 || beforePosition > this.model.maxRows) throw this.inv.exception('Those rows are out of bounds.');
    return this.insertRowsAt('insertRowsBefore', beforePosition, howMany);
  }
  hideRows(rowIndex: number, numRows = 1): void {
    this.write('hideRows');
    if (rowIndex < 1 || numRows < 1 || rowIndex + numRows - 1 > this.model.maxRows)
      throw this.inv.exception('Those rows are out of bounds.');
    for (let r = rowIndex; r < rowIndex + numRows; r++) this.model.setRowHidden(r, true);
  }
  showRows(rowIndex: number, numRows = 1): void {
    this.write('showRows');
    if (rowIndex < 1 || numRows < 1 || rowIndex + numRows - 1 > this.model.maxRows)
      throw this.inv.exception('Those rows are out of bounds.');
    for (let r = rowIndex; r < rowIndex + numRows; r++) this.model.setRowHidden(r, false);
  }
  isRowHiddenByUser(rowPosition: number): boolean {
    return this.model.isRowHidden(rowPosition);
  }
  insertRows(rowIndex: number, numRows = 1): SheetApi {
    return this.insertRowsBefore(rowIndex, numRows);
  }
  insertRowAfter(afterPosition: number): SheetApi {
    return this.insertRowsAfter(afterPosition, 1);
  }
  insertRowBefore(beforePosition: number): SheetApi {
    return this.insertRowsBefore(beforePosition, 1);
  }
  private insertColumnsAt(method: string, at: number, howMany: number): SheetApi {
    this.write(method);
    if (howMany < 1) throw this.inv.exception('The number of columns to insert must be at least 1.');
    ensureCellBudget(this.inv, this.ss, howMany * this.model.maxRows);
    this.model.insertColumns(at, howMany);
    return this;
  }
  insertColumnsAfter(afterPosition: number, howMany: number): SheetApi {
    if (afterPosition < 1 || afterPosition > this.model.maxColumns) throw this.inv.exception('Those columns are out of bounds.');
    return this.insertColumnsAt('insertColumnsAfter', afterPosition + 1, howMany);
  }
  insertColumnsBefore(beforePosition: number, howMany: number): SheetApi {
    if (beforePosition < 1 || beforePosition > this.model.maxColumns)
      throw this.inv.exception('Those columns are out of bounds.');
    return this.insertColumnsAt('insertColumnsBefore', beforePosition, howMany);
  }
  insertColumns(columnIndex: number, numColumns = 1): SheetApi {
    return this.insertColumnsBefore(columnIndex, numColumns);
  }
  deleteRows(rowPosition: number, howMany: number): void {
    this.write('deleteRows');
    if (rowPosition < 1 || howMany < 1 || rowPosition + howMany - 1 > this.model.maxRows)
      throw this.inv.exception('Those rows are out of bounds.');
    if (howMany >= this.model.maxRows - this.model.frozenRows && rowPosition <= this.model.frozenRows + 1) {
      throw this.inv.exception("You can't delete all the rows on the sheet.");
    }
    this.model.deleteRows(rowPosition, howMany);
  }
  deleteRow(rowPosition: number): SheetApi {
    this.deleteRows(rowPosition, 1);
    return this;
  }
  deleteColumns(columnPosition: number, howMany: number): void {
    this.write('deleteColumns');
    if (columnPosition < 1 || howMany < 1 || columnPosition + howMany - 1 > this.model.maxColumns)
      throw this.inv.exception('Those columns are out of bounds.');
    if (howMany >= this.model.maxColumns) throw this.inv.exception("You can't delete all the columns on the sheet.");
    this.model.deleteColumns(columnPosition, howMany);
  }
  deleteColumn(columnPosition: number): SheetApi {
    this.deleteColumns(columnPosition, 1);
    return this;
  }
  appendRow(rowContents: unknown[]): SheetApi {
    if (!Array.isArray(rowContents))
      throw this.inv.exception("The parameters (string) don't match the method signature for SpreadsheetApp.Sheet.appendRow.");
    this.write('appendRow', rowContents.length);
    crossBridge(rowContents);
    const row = this.model.lastRow() + 1;
    const extraRows = Math.max(0, row - this.model.maxRows);
    const extraCols = Math.max(0, rowContents.length - this.model.maxColumns);
    ensureCellBudget(this.inv, this.ss, extraRows * (this.model.maxColumns + extraCols) + extraCols * this.model.maxRows);
    if (extraRows) this.model.maxRows += extraRows;
    if (extraCols) this.model.maxColumns += extraCols;
    rowContents.forEach((v, i) => {
      writeCell(this.inv, this.model, row, i + 1, v);
    });
    return this;
  }
  clear(options?: { contentsOnly?: boolean; formatOnly?: boolean }): SheetApi {
    this.write('clear', this.model.lastRow() * this.model.lastColumn());
    const contents = !options || options.contentsOnly || !options.formatOnly;
    const formats = !options || options.formatOnly || !options.contentsOnly;
    for (const row of this.model.rows) {
      if (!row) continue;
      row.forEach((c, i) => {
        if (!c) return;
        clearCell(c, contents, formats);
        if (isEmptyCell(c) && !c.format && !c.fontWeight && !c.background && !c.note) row[i] = undefined;
      });
    }
    return this;
  }
  clearContents(): SheetApi {
    return this.clear({ contentsOnly: true });
  }
  clearFormats(): SheetApi {
    return this.clear({ formatOnly: true });
  }
  clearNotes(): SheetApi {
    this.write('clearNotes');
    for (const row of this.model.rows) {
      for (const c of row ?? []) if (c) c.note = undefined;
    }
    return this;
  }
  setFrozenRows(rows: number): void {
    this.write('setFrozenRows');
    if (rows < 0 || rows >= this.model.maxRows) throw this.inv.exception("You can't freeze all visible rows on the sheet.");
    this.model.frozenRows = rows;
  }
  getFrozenRows(): number {
    this.inv.requireDocRead('Sheet.getFrozenRows');
    return this.model.frozenRows;
  }
  setFrozenColumns(columns: number): void {
    this.write('setFrozenColumns');
    if (columns < 0 || columns >= this.model.maxColumns)
      throw this.inv.exception("You can't freeze all visible columns on the sheet.");
    this.model.frozenColumns = columns;
  }
  getFrozenColumns(): number {
    this.inv.requireDocRead('Sheet.getFrozenColumns');
    return this.model.frozenColumns;
  }
  autoResizeColumns(startColumn: number, numColumns: number): SheetApi {
    this.write('autoResizeColumns');
    autoResizeColumnWidths(this.model, startColumn, numColumns);
    return this;
  }
  autoResizeColumn(columnPosition: number): SheetApi {
    return this.autoResizeColumns(columnPosition, 1);
  }
  setColumnWidth(columnPosition: number, width: number): SheetApi {
    this.write('setColumnWidth');
    this.model.columnWidths.set(columnPosition, width);
    return this;
  }
  setColumnWidths(startColumn: number, numColumns: number, width: number): SheetApi {
    this.write('setColumnWidths');
    for (let c = startColumn; c < startColumn + numColumns; c++) this.model.columnWidths.set(c, width);
    return this;
  }
  getColumnWidth(columnPosition: number): number {
    this.inv.requireDocRead('Sheet.getColumnWidth');
    return this.model.columnWidths.get(columnPosition) ?? 100;
  }
  activate(): SheetApi {
    this.inv.requireDocRead('Sheet.activate');
    this.ss.activeSheetId = this.model.sheetId;
    return this;
  }
  showSheet(): SheetApi {
    this.write('showSheet');
    this.model.hidden = false;
    return this;
  }
  hideSheet(): SheetApi {
    this.write('hideSheet');
    this.model.hidden = true;
    return this;
  }
  isSheetHidden(): boolean {
    return this.model.hidden;
  }
  setTabColor(color: string | null): SheetApi {
    this.write('setTabColor');
    this.model.tabColor = color;
    return this;
  }
  getTabColor(): string | null {
    return this.model.tabColor;
  }
  addDeveloperMetadata(key: string, value?: string, visibility?: string): SheetApi {
    const [v, vis] = value === 'DOCUMENT' || value === 'PROJECT' ? [undefined, value] : [value, visibility];
    addMetadata(this.inv, this.ss, this.model, 'Sheet.addDeveloperMetadata', key, v, vis);
    return this;
  }
  getDeveloperMetadata(): DeveloperMetadataApi[] {
    this.inv.requireDocRead('Sheet.getDeveloperMetadata');
    return this.inv.out(this.model.metadata.map((m) => metadataApi(this.inv, this.ss, m)));
  }
  createDeveloperMetadataFinder(): object {
    return metadataFinder(this.inv, this.ss, () => this.model.metadata);
  }
  newChart(): ChartBuilderApi {
    return withNotImplemented(new ChartBuilderApi(this.inv, this.model), 'EmbeddedChartBuilder');
  }
  insertChart(chart: EmbeddedChartApi): void {
    this.write('insertChart');
    const used = this.ss.sheets.flatMap((s) => s.charts.map((c) => c.chartId));
    const chartId = Math.max(1000, ...used) + 1;
    chart.model.chartId = chartId;
    this.model.charts.push({ ...chart.model, chartId });
  }
  getCharts(): EmbeddedChartApi[] {
    this.inv.requireDocRead('Sheet.getCharts');
    return this.inv.out(this.model.charts.map((c) => embeddedChartApi(this.inv, this.model, c)));
  }
  removeChart(chart: EmbeddedChartApi): void {
    this.write('removeChart');
    this.model.charts = this.model.charts.filter((c) => c.chartId !== chart.model.chartId);
  }
  updateChart(chart: EmbeddedChartApi): void {
    this.write('updateChart');
    const i = this.model.charts.findIndex((c) => c.chartId === chart.model.chartId);
    if (i < 0) throw this.inv.exception('Chart not found.');
    this.model.charts[i] = { ...chart.model };
  }
}

/**
 * Fits columns startColumn.. (1-based) to their longest display value (approximation: 7 px a character + 12 px,
 * 30–1000 px). Shared by Sheet.autoResizeColumns and the Sheets API's autoResizeDimensions.
 */
export function autoResizeColumnWidths(sheet: SheetModel, startColumn: number, numColumns: number): void {
  const last = sheet.lastRow();
  for (let c = startColumn; c < startColumn + numColumns; c++) {
    let longest = 0;
    for (let r = 1; r <= last; r++) longest = Math.max(longest, displayValue(sheet.cell(r, c)).length);
    sheet.columnWidths.set(c, Math.max(30, Math.min(1000, 12 + longest * 7)));
  }
}

export function sheetApi(inv: Invocation, model: SheetModel): SheetApi {
  return withNotImplemented(new SheetApi(inv, model), 'Sheet');
}
