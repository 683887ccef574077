// SpreadsheetApp, Spreadsheet, Sheet, Range, developer metadata and embedded charts over the in-memory model.
import { a1Notation, columnToLetters, parseA1, quoteSheetName } from '../a1';
import { type CellValue, coerceWrite, isDateObject } from '../coercion';
import { instantFromSerial, isValidTimeZone } from '../dates';
import { type Invocation, withNotImplemented } from '../invocation';
import {
  type CellData,
  type ChartModel,
  MAX_CELLS_PER_SPREADSHEET,
  MAX_METADATA_CHARS_PER_LOCATION,
  type MetadataModel,
  type SheetModel,
  type SpreadsheetModel,
  effectiveFormat,
  isEmptyCell,
} from '../model';
import { formatValue, isDateTimeFormat } from '../numberFormat';
import { makeUi } from './ui';

const MAX_CELL_CHARS = 50000;

export const ChartTypeEnum = Object.freeze({
  AREA: 'AREA',
  BAR: 'BAR',
  BUBBLE: 'BUBBLE',
  CANDLESTICK: 'CANDLESTICK',
  COLUMN: 'COLUMN',
  COMBO: 'COMBO',
  GAUGE: 'GAUGE',
  GEO: 'GEO',
  HISTOGRAM: 'HISTOGRAM',
  LINE: 'LINE',
  ORG: 'ORG',
  PIE: 'PIE',
  RADAR: 'RADAR',
  SCATTER: 'SCATTER',
  SPARKLINE: 'SPARKLINE',
  STEPPED_AREA: 'STEPPED_AREA',
  TABLE: 'TABLE',
  TIMELINE: 'TIMELINE',
  TREE_MAP: 'TREE_MAP',
  WATERFALL: 'WATERFALL',
});

function countWrite(inv: Invocation, cells: number): void {
  inv.state.stats.writeCalls++;
  inv.state.stats.cellsWritten += cells;
  inv.state.stats.modelledMs += inv.state.writeLatencyMs;
  inv.extraMs += inv.state.writeLatencyMs;
}

function countRead(inv: Invocation): void {
  inv.state.stats.readCalls++;
}

function ensureCellBudget(inv: Invocation, ss: SpreadsheetModel, extraCells: number): void {
  if (ss.totalCells() + extraCells > MAX_CELLS_PER_SPREADSHEET) {
    throw inv.exception(
      `This action would increase the number of cells in the workbook above the limit of ${MAX_CELLS_PER_SPREADSHEET} cells.`,
    );
  }
}

function requireInteger(inv: Invocation, v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw inv.exception(`The parameters (${typeof v}) don't match the method signature for ${what}.`);
  }
  return Math.floor(v);
}

/** Removes the array result a formula cell spilled into its neighbours. */
export function clearSpill(sheet: SheetModel, row: number, col: number): void {
  const key = `${row},${col}`;
  for (const r of sheet.rows) {
    if (!r) continue;
    for (const c of r) {
      if (c?.spillOf === key) {
        c.value = '';
        c.spillOf = undefined;
        c.resultFormat = undefined;
      }
    }
  }
}

/** Writes one value the way Sheets stores typed input (formula, apostrophe and coercion rules). */
export function writeCell(inv: Invocation, sheet: SheetModel, row: number, col: number, input: unknown): void {
  const cell = sheet.ensureCell(row, col);
  const co = coerceWrite(input, cell.format ?? '', sheet.spreadsheet.timeZone);
  const text = co.formula ?? co.value;
  if (typeof text === 'string' && text.length > MAX_CELL_CHARS) {
    throw inv.exception(`Your input contains more than the maximum of ${MAX_CELL_CHARS} characters in a single cell.`);
  }
  storeCoerced(sheet, row, col, co);
}

/** Stores an already-coerced input in a cell: replaces its formula (and that formula's spilled result) or value. */
export function storeCoerced(sheet: SheetModel, row: number, col: number, co: ReturnType<typeof coerceWrite>): void {
  const cell = sheet.ensureCell(row, col);
  if (cell.formula !== undefined) clearSpill(sheet, row, col);
  cell.value = co.value;
  cell.formula = co.formula;
  cell.dirty = co.formula !== undefined ? true : undefined;
  cell.error = undefined;
  cell.errorMessage = undefined;
  cell.spillOf = undefined;
  cell.resultFormat = undefined;
  if (co.impliedFormat && cell.format === undefined) cell.format = co.impliedFormat;
}

function eachOf<T>(grid: T[][], fn: (value: T, r: number, c: number) => void): void {
  for (let r = 0; r < grid.length; r++) for (let c = 0; c < grid[r].length; c++) fn(grid[r][c], r, c);
}

function typedValue(sheet: SheetModel, cell: CellData | undefined): CellValue | Date {
  if (!cell) return '';
  if (cell.error) return cell.error;
  if (typeof cell.value === 'number' && isDateTimeFormat(effectiveFormat(cell))) {
    return new Date(instantFromSerial(cell.value, sheet.spreadsheet.timeZone));
  }
  return cell.value;
}

function displayValue(cell: CellData | undefined): string {
  if (!cell) return '';
  if (cell.error) return cell.error;
  return formatValue(cell.value, effectiveFormat(cell));
}

// ---- Range ---------------------------------------------------------------------------------------------

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
      if (contents) {
        if (c.formula !== undefined) clearSpill(this.sheetModel, r, col);
        c.value = '';
        c.formula = undefined;
        c.error = undefined;
        c.errorMessage = undefined;
        c.spillOf = undefined;
        c.resultFormat = undefined;
      }
      if (formats) {
        c.format = undefined;
        c.fontWeight = undefined;
        c.background = undefined;
        c.horizontalAlignment = undefined;
      }
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

function rangeApi(inv: Invocation, sheet: SheetModel, row: number, col: number, nr: number, nc: number): RangeApi {
  return withNotImplemented(new RangeApi(inv, sheet, row, col, nr, nc), 'Range');
}

// ---- developer metadata --------------------------------------------------------------------------------

function metadataChars(list: MetadataModel[]): number {
  return list.reduce((n, m) => n + m.key.length + (m.value?.length ?? 0), 0);
}

function checkMetadataBudget(inv: Invocation, list: MetadataModel[], extra: number): void {
  if (metadataChars(list) + extra > MAX_METADATA_CHARS_PER_LOCATION) {
    throw inv.exception(
      `Adding this developer metadata would exceed the ${MAX_METADATA_CHARS_PER_LOCATION} character limit for its location.`,
    );
  }
}

function listOwning(ss: SpreadsheetModel, m: MetadataModel): MetadataModel[] {
  return m.location === 'SHEET' && m.sheet ? m.sheet.metadata : ss.metadata;
}

class DeveloperMetadataApi {
  constructor(
    private inv: Invocation,
    private ss: SpreadsheetModel,
    private m: MetadataModel,
  ) {}
  getId(): number {
    return this.m.id;
  }
  getKey(): string {
    return this.m.key;
  }
  getValue(): string | null {
    return this.m.value;
  }
  getVisibility(): string {
    return this.m.visibility;
  }
  getLocation(): object {
    const { m, inv, ss } = this;
    return withNotImplemented(
      {
        getLocationType: () => m.location,
        getSheet: () => (m.sheet ? sheetApi(inv, m.sheet) : null),
        getSpreadsheet: () => (m.location === 'SPREADSHEET' ? spreadsheetApi(inv, ss) : null),
      },
      'DeveloperMetadataLocation',
    );
  }
  setKey(key: string): DeveloperMetadataApi {
    this.inv.requireDocWrite('DeveloperMetadata.setKey');
    const list = listOwning(this.ss, this.m);
    checkMetadataBudget(this.inv, list, String(key).length - this.m.key.length);
    this.m.key = String(key);
    countWrite(this.inv, 0);
    return this;
  }
  setValue(value: string): DeveloperMetadataApi {
    this.inv.requireDocWrite('DeveloperMetadata.setValue');
    const list = listOwning(this.ss, this.m);
    checkMetadataBudget(this.inv, list, String(value).length - (this.m.value?.length ?? 0));
    this.m.value = String(value);
    countWrite(this.inv, 0);
    return this;
  }
  setVisibility(visibility: string): DeveloperMetadataApi {
    this.inv.requireDocWrite('DeveloperMetadata.setVisibility');
    this.m.visibility = visibility === 'PROJECT' ? 'PROJECT' : 'DOCUMENT';
    return this;
  }
  remove(): void {
    this.inv.requireDocWrite('DeveloperMetadata.remove');
    const list = listOwning(this.ss, this.m);
    const i = list.indexOf(this.m);
    if (i >= 0) list.splice(i, 1);
    countWrite(this.inv, 0);
  }
}

function metadataApi(inv: Invocation, ss: SpreadsheetModel, m: MetadataModel): DeveloperMetadataApi {
  return withNotImplemented(new DeveloperMetadataApi(inv, ss, m), 'DeveloperMetadata');
}

function addMetadata(
  inv: Invocation,
  ss: SpreadsheetModel,
  sheet: SheetModel | undefined,
  method: string,
  key: unknown,
  value?: unknown,
  visibility?: unknown,
): void {
  inv.requireDocWrite(method);
  if (typeof key !== 'string' || key === '') throw inv.exception('Invalid argument: key');
  const list = sheet ? sheet.metadata : ss.metadata;
  const val = value === undefined || value === null ? null : String(value);
  checkMetadataBudget(inv, list, key.length + (val?.length ?? 0));
  const used = new Set(ss.allMetadata().map((m) => m.id));
  let id = 1 + Math.floor(Math.random() * 2_000_000_000);
  while (used.has(id)) id++;
  list.push({
    id,
    key,
    value: val,
    visibility: visibility === 'PROJECT' ? 'PROJECT' : 'DOCUMENT',
    location: sheet ? 'SHEET' : 'SPREADSHEET',
    sheet,
  });
  countWrite(inv, 0);
}

function metadataFinder(inv: Invocation, ss: SpreadsheetModel, scope: () => MetadataModel[]): object {
  const filters: ((m: MetadataModel) => boolean)[] = [];
  const finder = {
    withKey(k: string) {
      filters.push((m) => m.key === k);
      return finder;
    },
    withValue(v: string) {
      filters.push((m) => m.value === v);
      return finder;
    },
    withId(id: number) {
      filters.push((m) => m.id === id);
      return finder;
    },
    withVisibility(v: string) {
      filters.push((m) => m.visibility === String(v));
      return finder;
    },
    withLocationType(t: string) {
      filters.push((m) => m.location === String(t));
      return finder;
    },
    find() {
      inv.requireDocRead('DeveloperMetadataFinder.find');
      return inv.out(
        scope()
          .filter((m) => filters.every((f) => f(m)))
          .map((m) => metadataApi(inv, ss, m)),
      );
    },
  };
  return withNotImplemented(finder, 'DeveloperMetadataFinder');
}

// ---- charts --------------------------------------------------------------------------------------------

class ChartBuilderApi {
  model: ChartModel;
  constructor(
    private inv: Invocation,
    private sheet: SheetModel,
    base?: ChartModel,
  ) {
    this.model = base
      ? { ...base, ranges: [...base.ranges], position: { ...base.position }, options: { ...base.options } }
      : { chartId: 0, type: 'LINE', ranges: [], position: { row: 1, column: 1, offsetX: 0, offsetY: 0 }, options: {} };
  }
  setChartType(type: string): ChartBuilderApi {
    this.model.type = String(type);
    return this;
  }
  asLineChart(): ChartBuilderApi {
    return this.setChartType('LINE');
  }
  asColumnChart(): ChartBuilderApi {
    return this.setChartType('COLUMN');
  }
  asBarChart(): ChartBuilderApi {
    return this.setChartType('BAR');
  }
  asPieChart(): ChartBuilderApi {
    return this.setChartType('PIE');
  }
  asAreaChart(): ChartBuilderApi {
    return this.setChartType('AREA');
  }
  setTitle(title: string): ChartBuilderApi {
    this.model.options.title = title;
    return this;
  }
  addRange(range: RangeApi): ChartBuilderApi {
    this.model.ranges.push(`${quoteSheetName(range.sheetModel.name)}!${range.getA1Notation()}`);
    return this;
  }
  clearRanges(): ChartBuilderApi {
    this.model.ranges = [];
    return this;
  }
  setPosition(anchorRowPos: number, anchorColPos: number, offsetX: number, offsetY: number): ChartBuilderApi {
    this.model.position = { row: anchorRowPos, column: anchorColPos, offsetX, offsetY };
    return this;
  }
  setOption(option: string, value: unknown): ChartBuilderApi {
    this.model.options[option] = value;
    return this;
  }
  setNumHeaders(n: number): ChartBuilderApi {
    this.model.options.numHeaders = n;
    return this;
  }
  setMergeStrategy(s: unknown): ChartBuilderApi {
    this.model.options.mergeStrategy = s;
    return this;
  }
  setTransposeRowsAndColumns(t: boolean): ChartBuilderApi {
    this.model.options.transpose = t;
    return this;
  }
  setHiddenDimensionStrategy(s: unknown): ChartBuilderApi {
    this.model.options.hiddenDimensionStrategy = s;
    return this;
  }
  build(): EmbeddedChartApi {
    return embeddedChartApi(this.inv, this.sheet, { ...this.model, options: { ...this.model.options } });
  }
}

class EmbeddedChartApi {
  constructor(
    private inv: Invocation,
    private sheet: SheetModel,
    readonly model: ChartModel,
  ) {}
  getChartId(): number | null {
    return this.model.chartId || null;
  }
  getId(): string {
    return `u${this.model.chartId}`;
  }
  getRanges(): RangeApi[] {
    const ss = this.sheet.spreadsheet;
    return this.inv.out(
      this.model.ranges.map((ref) => {
        const r = parseA1(ref);
        const sheet = (r?.sheetName && ss.sheet(r.sheetName)) || this.sheet;
        return rangeFromRef(this.inv, sheet, ref);
      }),
    );
  }
  getOptions(): object {
    const options = this.model.options;
    return { get: (k: string) => options[k] ?? null };
  }
  getContainerInfo(): object {
    const p = this.model.position;
    return {
      getAnchorRow: () => p.row,
      getAnchorColumn: () => p.column,
      getOffsetX: () => p.offsetX,
      getOffsetY: () => p.offsetY,
    };
  }
  modify(): ChartBuilderApi {
    return withNotImplemented(new ChartBuilderApi(this.inv, this.sheet, this.model), 'EmbeddedChartBuilder');
  }
}

function embeddedChartApi(inv: Invocation, sheet: SheetModel, model: ChartModel): EmbeddedChartApi {
  return withNotImplemented(new EmbeddedChartApi(inv, sheet, model), 'EmbeddedChart');
}

function rangeFromRef(inv: Invocation, sheet: SheetModel, ref: string): RangeApi {
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

// ---- Sheet ---------------------------------------------------------------------------------------------

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
        if (contents) {
          c.value = '';
          c.formula = undefined;
          c.error = undefined;
          c.errorMessage = undefined;
          c.spillOf = undefined;
          c.resultFormat = undefined;
        }
        if (formats) {
          c.format = undefined;
          c.fontWeight = undefined;
          c.background = undefined;
          c.horizontalAlignment = undefined;
        }
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
    for (let c = startColumn; c < startColumn + numColumns; c++) {
      let longest = 0;
      for (let r = 1; r <= this.model.lastRow(); r++) longest = Math.max(longest, displayValue(this.model.cell(r, c)).length);
      this.model.columnWidths.set(c, Math.max(30, Math.min(1000, 12 + longest * 7)));
    }
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

export function sheetApi(inv: Invocation, model: SheetModel): SheetApi {
  return withNotImplemented(new SheetApi(inv, model), 'Sheet');
}

// ---- Spreadsheet ---------------------------------------------------------------------------------------

export class SpreadsheetApi {
  constructor(
    readonly inv: Invocation,
    readonly model: SpreadsheetModel,
  ) {}

  private write(method: string): void {
    this.inv.requireDocWrite(`Spreadsheet.${method}`);
    countWrite(this.inv, 0);
  }

  getId(): string {
    return this.model.id;
  }
  getName(): string {
    return this.model.name;
  }
  rename(name: string): void {
    this.write('rename');
    this.model.name = String(name);
  }
  getUrl(): string {
    return this.model.url;
  }
  getSpreadsheetTimeZone(): string {
    return this.model.timeZone;
  }
  setSpreadsheetTimeZone(timeZone: string): void {
    this.write('setSpreadsheetTimeZone');
    if (!isValidTimeZone(timeZone)) throw this.inv.exception(`Invalid argument: timeZone`);
    this.model.timeZone = timeZone;
  }
  getSpreadsheetLocale(): string {
    return this.model.locale;
  }
  getOwner(): object | null {
    const email = this.model.owner;
    return withNotImplemented({ getEmail: () => email }, 'User');
  }
  getSheets(): SheetApi[] {
    this.inv.requireDocRead('Spreadsheet.getSheets');
    return this.inv.out(this.model.sheets.map((s) => sheetApi(this.inv, s)));
  }
  getNumSheets(): number {
    return this.model.sheets.length;
  }
  getSheetByName(name: string): SheetApi | null {
    this.inv.requireDocRead('Spreadsheet.getSheetByName');
    const s = this.model.sheet(String(name));
    return s ? sheetApi(this.inv, s) : null;
  }
  getSheetById(id: number): SheetApi | null {
    this.inv.requireDocRead('Spreadsheet.getSheetById');
    const s = this.model.sheets.find((x) => x.sheetId === id);
    return s ? sheetApi(this.inv, s) : null;
  }
  getActiveSheet(): SheetApi {
    this.inv.requireDocRead('Spreadsheet.getActiveSheet');
    if (this.inv.formulaSheet && this.inv.formulaSheet.spreadsheet === this.model)
      return sheetApi(this.inv, this.inv.formulaSheet);
    return sheetApi(this.inv, this.model.activeSheet);
  }
  setActiveSheet(sheet: SheetApi): SheetApi {
    this.inv.requireDocRead('Spreadsheet.setActiveSheet');
    this.model.activeSheetId = sheet.model.sheetId;
    return sheet;
  }
  getActiveRange(): RangeApi | null {
    this.inv.requireDocRead('Spreadsheet.getActiveRange');
    if (this.inv.formulaSheet && this.inv.formulaCell) {
      return rangeApi(this.inv, this.inv.formulaSheet, this.inv.formulaCell.row, this.inv.formulaCell.col, 1, 1);
    }
    return rangeApi(this.inv, this.model.activeSheet, 1, 1, 1, 1);
  }
  getRange(a1: string): RangeApi {
    this.inv.requireDocRead('Spreadsheet.getRange');
    const parsed = parseA1(String(a1));
    if (!parsed) throw this.inv.exception('Range not found');
    const sheet = parsed.sheetName !== undefined ? this.model.sheet(parsed.sheetName) : this.model.activeSheet;
    if (!sheet) throw this.inv.exception('Range not found');
    return rangeFromRef(this.inv, sheet, String(a1));
  }
  insertSheet(a?: unknown, b?: unknown): SheetApi {
    this.write('insertSheet');
    let name: string | undefined;
    let index: number | undefined;
    if (typeof a === 'string') {
      name = a;
      if (typeof b === 'number') index = b;
    } else if (typeof a === 'number') index = a;
    if (name === undefined) {
      let n = this.model.sheets.length + 1;
      while (this.model.sheet(`Sheet${n}`)) n++;
      name = `Sheet${n}`;
    }
    if (this.model.sheet(name))
      throw this.inv.exception(`A sheet with the name "${name}" already exists. Please enter another name.`);
    if (name.length > 100) throw this.inv.exception('The sheet name is too long.');
    ensureCellBudget(this.inv, this.model, 1000 * 26);
    const sheet = this.model.addSheet(name, index);
    // Apps Script makes the inserted sheet the active one.
    this.model.activeSheetId = sheet.sheetId;
    return sheetApi(this.inv, sheet);
  }
  deleteSheet(sheet: SheetApi): void {
    this.write('deleteSheet');
    if (this.model.sheets.length <= 1) throw this.inv.exception("You can't remove all the sheets in a document.");
    const i = this.model.sheets.indexOf(sheet.model);
    if (i < 0) throw this.inv.exception('Sheet not found.');
    this.model.sheets.splice(i, 1);
    if (this.model.activeSheetId === sheet.model.sheetId)
      this.model.activeSheetId = this.model.sheets[Math.max(0, i - 1)].sheetId;
  }
  toast(msg: unknown, title?: unknown, timeoutSeconds?: number): void {
    this.inv.requireDocWrite('Spreadsheet.toast');
    this.inv.state.toasts.push({ message: String(msg), title: title === undefined ? '' : String(title), timeoutSeconds });
  }
  addDeveloperMetadata(key: string, value?: string, visibility?: string): SpreadsheetApi {
    const [v, vis] = value === 'DOCUMENT' || value === 'PROJECT' ? [undefined, value] : [value, visibility];
    addMetadata(this.inv, this.model, undefined, 'Spreadsheet.addDeveloperMetadata', key, v, vis);
    return this;
  }
  getDeveloperMetadata(): DeveloperMetadataApi[] {
    this.inv.requireDocRead('Spreadsheet.getDeveloperMetadata');
    return this.inv.out(this.model.metadata.map((m) => metadataApi(this.inv, this.model, m)));
  }
  createDeveloperMetadataFinder(): object {
    return metadataFinder(this.inv, this.model, () => this.model.allMetadata());
  }
}

export function spreadsheetApi(inv: Invocation, model: SpreadsheetModel): SpreadsheetApi {
  return withNotImplemented(new SpreadsheetApi(inv, model), 'Spreadsheet');
}

// ---- SpreadsheetApp ------------------------------------------------------------------------------------

export function makeSpreadsheetApp(inv: Invocation): object {
  const state = inv.state;
  const open = (id: string, method: string): SpreadsheetApi => {
    inv.requireFull(`SpreadsheetApp.${method}`);
    const ss = state.spreadsheets.get(id);
    if (!ss) throw inv.exception(`Unexpected error while getting the method or property ${method} on object SpreadsheetApp.`);
    if (!ss.editors.has(inv.effectiveUser)) throw inv.exception('You do not have permission to access the requested document.');
    return spreadsheetApi(inv, ss);
  };
  const active = (method: string): SpreadsheetApi | null => {
    inv.requireDocRead(`SpreadsheetApp.${method}`);
    return inv.activeSpreadsheet ? spreadsheetApi(inv, inv.activeSpreadsheet) : null;
  };
  const app = {
    getActiveSpreadsheet: () => active('getActiveSpreadsheet'),
    getActive: () => active('getActive'),
    getActiveSheet: () => active('getActiveSheet')?.getActiveSheet() ?? null,
    getActiveRange: () => active('getActiveRange')?.getActiveRange() ?? null,
    openById: (id: string) => open(String(id), 'openById'),
    openByUrl: (url: string) => {
      const m = /\/d\/([^/]+)/.exec(String(url));
      return open(m ? m[1] : '', 'openByUrl');
    },
    getUi: () => {
      inv.requireUiContext();
      return makeUi(inv);
    },
    flush: () => {
      inv.check();
    },
    setActiveSheet: (sheet: SheetApi) => sheet.activate(),
    DeveloperMetadataVisibility: Object.freeze({ DOCUMENT: 'DOCUMENT', PROJECT: 'PROJECT' }),
    DeveloperMetadataLocationType: Object.freeze({ SPREADSHEET: 'SPREADSHEET', SHEET: 'SHEET', ROW: 'ROW', COLUMN: 'COLUMN' }),
    HorizontalAlignment: Object.freeze({ LEFT: 'left', CENTER: 'center', RIGHT: 'right', NORMAL: 'general' }),
    ChartType: ChartTypeEnum,
  };
  return withNotImplemented(app, 'SpreadsheetApp');
}

export function makeCharts(): object {
  return withNotImplemented({ ChartType: ChartTypeEnum }, 'Charts');
}

/** Helper shared with formula evaluation: cell value as a custom function argument. */
export function argumentValue(sheet: SheetModel, row: number, col: number): CellValue | Date {
  return typedValue(sheet, sheet.cell(row, col));
}

export { columnToLetters, isDateObject };
