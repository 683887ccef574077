// Cell-level helpers shared by Range, Sheet and formula evaluation: write counting, budgets, storing and reading values.
import v8 from 'node:v8';
import { type CellValue, coerceWrite } from '../coercion';
import { instantFromSerial } from '../dates';
import type { Invocation } from '../invocation';
import { type CellData, MAX_CELLS_PER_SPREADSHEET, type SheetModel, type SpreadsheetModel, effectiveFormat } from '../model';
import { formatValue, isDateTimeFormat } from '../numberFormat';

const MAX_CELL_CHARS = 50000;

export function countWrite(inv: Invocation, cells: number): void {
  inv.state.stats.writeCalls++;
  inv.state.stats.cellsWritten += cells;
  inv.state.stats.modelledMs += inv.state.writeLatencyMs;
  inv.extraMs += inv.state.writeLatencyMs;
}

/**
 * A write's payload crosses from the script's V8 isolate to Google's servers in Apps Script. The emulator pays the
 * same kind of cost by serializing the payload once (V8 structured clone: strings copied, a Date as an object, a
 * number cheapest), so a 1.4 M-cell setValues or setNumberFormats is not free here either (bench/README.md).
 */
export function crossBridge(payload: unknown): void {
  try {
    v8.serialize(payload);
  } catch {
    // Not cloneable (a function, a symbol): the cost model never changes what a call does.
  }
}

export function countRead(inv: Invocation): void {
  inv.state.stats.readCalls++;
}

/** Sheets' refusal of a grid over 10,000,000 cells, or null when `totalCells + extraCells` fits. */
export function cellBudgetError(totalCells: number, extraCells: number): string | null {
  return totalCells + extraCells > MAX_CELLS_PER_SPREADSHEET
    ? `This action would increase the number of cells in the workbook above the limit of ${MAX_CELLS_PER_SPREADSHEET} cells.`
    : null;
}

export function ensureCellBudget(inv: Invocation, ss: SpreadsheetModel, extraCells: number): void {
  const error = cellBudgetError(ss.totalCells(), extraCells);
  if (error) throw inv.exception(error);
}

export function requireInteger(inv: Invocation, v: unknown, what: string): number {
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
  const co = coerceWrite(input, cell.format ?? '', sheet.spreadsheet.timeZone, inv.state.quotePrefixInTextCells);
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

export function eachOf<T>(grid: T[][], fn: (value: T, r: number, c: number) => void): void {
  for (let r = 0; r < grid.length; r++) for (let c = 0; c < grid[r].length; c++) fn(grid[r][c], r, c);
}

export function typedValue(sheet: SheetModel, cell: CellData | undefined): CellValue | Date {
  if (!cell) return '';
  if (cell.error) return cell.error;
  if (typeof cell.value === 'number' && isDateTimeFormat(effectiveFormat(cell))) {
    return new Date(instantFromSerial(cell.value, sheet.spreadsheet.timeZone));
  }
  return cell.value;
}

export function displayValue(cell: CellData | undefined): string {
  if (!cell) return '';
  if (cell.error) return cell.error;
  return formatValue(cell.value, effectiveFormat(cell));
}

/** Helper shared with formula evaluation: cell value as a custom function argument. */
export function argumentValue(sheet: SheetModel, row: number, col: number): CellValue | Date {
  return typedValue(sheet, sheet.cell(row, col));
}

/** Range.clear / Sheet.clear on one cell: its contents (value, formula, spill, error) and/or its formatting. */
export function clearCell(c: CellData, contents: boolean, formats: boolean): void {
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
}
