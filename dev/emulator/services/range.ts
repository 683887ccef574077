// Range over the in-memory model: reads, typed writes (Sheets coercion), formats, notes, clearing.
import { a1Notation, parseA1 } from '../a1';
import { type Invocation, withNotImplemented } from '../invocation';
import { type CellData, type SheetModel, isEmptyCell } from '../model';
import { clearCell, clearSpill, countRead, countWrite, crossBridge, displayValue, eachOf, typedValue, writeCell } from './cells';
import { type SheetApi, sheetApi } from './sheet';

export class RangeApi {
  constructor(
    readonly inv: Invocation,
    readonly sheetModel: SheetModel,
    readonly row: number,
    readonly col: number,
    readonly numRows: number,
    readonly numCols: number,
  ) {}

  private each<T>(fn: (cell: CellData | undefined, r: number, c: number) => T): T[][] {
    const out: T[][] = [];
    for (let r = 0; r < this.numRows; r++) {
      const line: T[] = [];
      for (let c = 0; c < this.numCols; c++)
        line.push(fn(this.sheetModel.cell(this.row + r, this.col + c), this.row + r, this.col + c));
      out.push(line);
    }
    return out;
  }

  private read(method: string): void {
    this.inv.requireDocRead(`Range.${method}`);
    countRead(this.inv);
  }

  private write(method: string, cells = this.numRows * this.numCols): void {
    this.inv.requireDocWrite(`Range.${method}`);
    countWrite(this.inv, cells);
  }

  private forEachCell(fn: (cell: CellData, r: number, c: number) => void): void {
    for (let r = 0; r < this.numRows; r++)
      for (let c = 0; c < this.numCols; c++)
        fn(this.sheetModel.ensureCell(this.row + r, this.col + c), this.row + r, this.col + c);
  }

  private grid2d(method: string, values: unknown): unknown[][] {
    if (!Array.isArray(values) || values.some((row) => !Array.isArray(row))) {
      throw this.inv.exception(
        `The parameters (${Array.isArray(values) ? 'number[]' : typeof values}) don't match the method signature for SpreadsheetApp.Range.${method}.`,
      );
    }
    if (values.length !== this.numRows) {
      throw this.inv.exception(
        `The number of rows in the data does not match the number of rows in the range. The data has ${values.length} but the range has ${this.numRows}.`,
      );
    }
    for (const row of values as unknown[][]) {
      if (row.length !== this.numCols) {
        throw this.inv.exception(
          `The number of columns in the data does not match the number of columns in the range. The data has ${row.length} but the range has ${this.numCols}.`,
        );
      }
    }
    return values as unknown[][];
  }

  getA1Notation(): string {
    return a1Notation(this.row, this.col, this.numRows, this.numCols);
  }
  getRow(): number {
    return this.row;
  }
  getRowIndex(): number {
    return this.row;
  }
  getColumn(): number {
    return this.col;
  }
  getLastRow(): number {
    return this.row + this.numRows - 1;
  }
  getLastColumn(): number {
    return this.col + this.numCols - 1;
  }
  getNumRows(): number {
    return this.numRows;
  }
  getNumColumns(): number {
    return this.numCols;
  }
  getHeight(): number {
    return this.numRows;
  }
  getWidth(): number {
    return this.numCols;
  }
  getSheet(): SheetApi {
    return sheetApi(this.inv, this.sheetModel);
  }
  getCell(row: number, column: number): RangeApi {
    if (row < 1 || column < 1 || row > this.numRows || column > this.numCols) {
      throw this.inv.exception('The coordinates of the range are outside the dimensions of the sheet.');
    }
    return rangeApi(this.inv, this.sheetModel, this.row + row - 1, this.col + column - 1, 1, 1);
  }
  offset(rowOffset: number, columnOffset: number, numRows?: number, numColumns?: number): RangeApi {
    return sheetApi(this.inv, this.sheetModel).getRange(
      this.row + rowOffset,
      this.col + columnOffset,
      numRows ?? this.numRows,
      numColumns ?? this.numCols,
    );
  }
  activate(): RangeApi {
    this.inv.requireDocRead('Range.activate');
    return this;
  }
  isBlank(): boolean {
    this.read('isBlank');
    return this.each((c) => isEmptyCell(c)).every((row) => row.every(Boolean));
  }

  getValue(): unknown {
    this.read('getValue');
    return this.inv.out(typedValue(this.sheetModel, this.sheetModel.cell(this.row, this.col)));
  }
  getValues(): unknown[][] {
    this.read('getValues');
    return this.inv.out(this.each((c) => typedValue(this.sheetModel, c)));
  }
  getDisplayValue(): string {
    this.read('getDisplayValue');
    return displayValue(this.sheetModel.cell(this.row, this.col));
  }
  getDisplayValues(): string[][] {
    this.read('getDisplayValues');
    return this.inv.out(this.each((c) => displayValue(c)));
  }
  getFormula(): string {
    this.read('getFormula');
    return this.sheetModel.cell(this.row, this.col)?.formula ?? '';
  }
  getFormulas(): string[][] {
    this.read('getFormulas');
    return this.inv.out(this.each((c) => c?.formula ?? ''));
  }
  getNumberFormat(): string {
    this.read('getNumberFormat');
    return this.sheetModel.cell(this.row, this.col)?.format ?? 'General';
  }
  getNumberFormats(): string[][] {
    this.read('getNumberFormats');
    return this.inv.out(this.each((c) => c?.format ?? 'General'));
  }
  getFontWeight(): string {
    this.read('getFontWeight');
    return this.sheetModel.cell(this.row, this.col)?.fontWeight ?? 'normal';
  }
  getFontWeights(): string[][] {
    this.read('getFontWeights');
    return this.inv.out(this.each((c) => c?.fontWeight ?? 'normal'));
  }
  getBackground(): string {
    this.read('getBackground');
    return this.sheetModel.cell(this.row, this.col)?.background ?? '#ffffff';
  }
  getBackgrounds(): string[][] {
    this.read('getBackgrounds');
    return this.inv.out(this.each((c) => c?.background ?? '#ffffff'));
  }
  getHorizontalAlignment(): string {
    this.read('getHorizontalAlignment');
    return this.sheetModel.cell(this.row, this.col)?.horizontalAlignment ?? 'general';
  }
  getNote(): string {
    this.read('getNote');
    return this.sheetModel.cell(this.row, this.col)?.note ?? '';
  }
  getNotes(): string[][] {
    this.read('getNotes');
    return this.inv.out(this.each((c) => c?.note ?? ''));
  }

  setValue(value: unknown): RangeApi {
    this.write('setValue');
    if (Array.isArray(value))
      throw this.inv.exception("The parameters (number[]) don't match the method signature for SpreadsheetApp.Range.setValue.");
    this.forEachCell((_c, r, col) => {
      writeCell(this.inv, this.sheetModel, r, col, value);
    });
    return this;
  }
  setValues(values: unknown[][]): RangeApi {
    this.write('setValues');
    const grid = this.grid2d('setValues', values);
    crossBridge(grid);
    eachOf(grid, (v, r, c) => writeCell(this.inv, this.sheetModel, this.row + r, this.col + c, v));
    return this;
  }
  setFormula(formula: string): RangeApi {
    this.write('setFormula');
    const f = String(formula);
    this.forEachCell((_c, r, col) => {
      writeCell(this.inv, this.sheetModel, r, col, f.startsWith('=') ? f : `=${f}`);
    });
    return this;
  }
  setFormulas(formulas: string[][]): RangeApi {
    this.write('setFormulas');
    const grid = this.grid2d('setFormulas', formulas);
    crossBridge(grid);
    eachOf(grid, (f, r, c) => {
      const text = String(f ?? '');
      writeCell(
        this.inv,
        this.sheetModel,
        this.row + r,
        this.col + c,
        text === '' ? '' : text.startsWith('=') ? text : `=${text}`,
      );
    });
    return this;
  }
  setNumberFormat(format: string): RangeApi {
    this.write('setNumberFormat');
    this.forEachCell((c) => {
      c.format = String(format);
    });
    return this;
  }
  setNumberFormats(formats: string[][]): RangeApi {
    this.write('setNumberFormats');
    const grid = this.grid2d('setNumberFormats', formats);
    crossBridge(grid);
    eachOf(grid, (f, r, c) => {
      this.sheetModel.ensureCell(this.row + r, this.col + c).format = String(f);
    });
    return this;
  }
  setFontWeight(weight: string | null): RangeApi {
    this.write('setFontWeight');
    this.forEachCell((c) => {
      c.fontWeight = weight === 'bold' ? 'bold' : 'normal';
    });
    return this;
  }
  setFontWeights(weights: (string | null)[][]): RangeApi {
    this.write('setFontWeights');
    const grid = this.grid2d('setFontWeights', weights);
    eachOf(grid, (w, r, c) => {
      this.sheetModel.ensureCell(this.row + r, this.col + c).fontWeight = w === 'bold' ? 'bold' : 'normal';
    });
    return this;
  }
  setBackground(color: string | null): RangeApi {
    this.write('setBackground');
    this.forEachCell((c) => {
      c.background = color ?? undefined;
    });
    return this;
  }
  setHorizontalAlignment(alignment: string | null): RangeApi {
    this.write('setHorizontalAlignment');
    this.forEachCell((c) => {
      c.horizontalAlignment = alignment ?? undefined;
    });
    return this;
  }
  setFontColor(_color: string | null): RangeApi {
    this.write('setFontColor');
    return this;
  }
  setFontStyle(_style: string | null): RangeApi {
    this.write('setFontStyle');
    return this;
  }
  setFontSize(_size: number): RangeApi {
    this.write('setFontSize');
    return this;
  }
  setWrap(_wrap: boolean): RangeApi {
    this.write('setWrap');
    return this;
  }
  setVerticalAlignment(_alignment: string | null): RangeApi {
    this.write('setVerticalAlignment');
    return this;
  }
  setNote(note: string | null): RangeApi {
    this.write('setNote');
    this.forEachCell((c) => {
      c.note = note ?? undefined;
    });
    return this;
  }
  clear(options?: { contentsOnly?: boolean; formatOnly?: boolean; commentsOnly?: boolean }): RangeApi {
    this.write('clear');
    const contents = !options || options.contentsOnly || (!options.formatOnly && !options.commentsOnly);
    const formats = !options || options.formatOnly || (!options.contentsOnly && !options.commentsOnly);
    this.forEachCell((c, r, col) => {
      if (contents && c.formula !== undefined) clearSpill(this.sheetModel, r, col);
      clearCell(c, contents, formats);
    });
    return this;
  }
  clearContent(): RangeApi {
    return this.clear({ contentsOnly: true });
  }
  clearFormat(): RangeApi {
    return this.clear({ formatOnly: true });
  }
  clearNote(): RangeApi {
    this.write('clearNote');
    this.forEachCell((c) => {
      c.note = undefined;
    });
    return this;
  }
}

export function rangeApi(inv: Invocation, sheet: SheetModel, row: number, col: number, nr: number, nc: number): RangeApi {
  return withNotImplemented(new RangeApi(inv, sheet, row, col, nr, nc), 'Range');
}

/** The range an A1 reference denotes on `sheet` (a single cell, a block, or whole rows/columns). */
export function rangeFromRef(inv: Invocation, sheet: SheetModel, ref: string): RangeApi {
  const parsed = parseA1(ref);
  if (!parsed) throw inv.exception('Range not found');
  const startRow = parsed.startRow ?? 1;
  const startCol = parsed.startCol ?? 1;
  const endRow =
    parsed.endRow ??
    (parsed.startRow !== undefined && parsed.startCol !== undefined && !ref.includes(':') ? startRow : sheet.maxRows);
  const endCol =
    parsed.endCol ??
    (parsed.startRow !== undefined && parsed.startCol !== undefined && !ref.includes(':') ? startCol : sheet.maxColumns);
  if (endRow > sheet.maxRows || endCol > sheet.maxColumns)
    throw inv.exception('The coordinates of the range are outside the dimensions of the sheet.');
  return rangeApi(inv, sheet, startRow, startCol, endRow - startRow + 1, endCol - startCol + 1);
}
