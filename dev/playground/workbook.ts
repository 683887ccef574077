// The playground's spreadsheet logic over the emulator's model: what the page draws, typing into a cell the way
// Sheets stores typed input, and recalculating the CLIQTEL_ formulas that depend on a changed cell.
import { parseA1 } from '../emulator/a1';
import { coerceWrite, columnToLetters, type Emulator, lettersToColumn, type SheetModel, storeCoerced } from '../emulator/index';
import { MAX_CELLS_PER_SPREADSHEET } from '../emulator/model';
import type { CellView, ChartView, SheetView } from './protocol';

/** The page never draws more rows than this (an export can hold tens of thousands; the sheet still has them). */
export const MAX_DRAWN_ROWS = 1000;
const MAX_DRAWN_COLUMNS = 60;
/** Empty rows drawn below the data at first, like the blank grid Sheets shows; scrolling down draws more. */
const SPARE_ROWS = 30;
/** Sheets' default size of an embedded chart (px). */
const CHART_WIDTH = 600;
const CHART_HEIGHT = 371;

// ---- what the page draws ----

/** What the formula bar shows for a value cell: dates in the locale's editing form, percents as typed. */
function inputText(sheet: SheetModel, row: number, col: number, display: string): string | undefined {
  const cell = sheet.cell(row, col);
  if (!cell || cell.formula !== undefined || cell.error) return undefined;
  const typed = sheet.typedValue(row, col);
  let text: string;
  if (typed instanceof Date) text = display;
  else if (typeof cell.value === 'boolean') text = cell.value ? 'TRUE' : 'FALSE';
  else if (typeof cell.value === 'number') {
    const format = cell.format ?? cell.resultFormat ?? '';
    text = format.includes('%') ? `${Number((cell.value * 100).toPrecision(12))}%` : String(cell.value);
  } else text = cell.value;
  return text === display ? undefined : text;
}

export function sheetView(sheet: SheetModel): SheetView {
  const lastRow = sheet.lastRow();
  // Every row down to the sheet's last can be drawn (up to the cap); the page starts with the data and some spare.
  const drawableRows = Math.min(sheet.maxRows, MAX_DRAWN_ROWS);
  const rows = Math.min(drawableRows, Math.max(lastRow + SPARE_ROWS, 60));
  const columns = Math.min(sheet.maxColumns, MAX_DRAWN_COLUMNS);
  const cells: CellView[] = [];
  for (let r = 1; r <= Math.min(drawableRows, sheet.rows.length); r++) {
    const line = sheet.rows[r - 1];
    if (!line) continue;
    for (let c = 1; c <= Math.min(columns, line.length); c++) {
      const cell = line[c - 1];
      if (!cell) continue;
      const empty = cell.formula === undefined && cell.value === '' && !cell.error;
      if (empty && !cell.background && !cell.note) continue;
      const display = sheet.displayValue(r, c);
      const view: CellView = {
        r,
        c,
        v: display,
        k: cell.error ? 'e' : typeof cell.value === 'number' ? 'n' : typeof cell.value === 'boolean' ? 'b' : 's',
      };
      if (cell.formula !== undefined) view.f = cell.formula;
      const input = inputText(sheet, r, c, display);
      if (input !== undefined) view.input = input;
      if (cell.errorMessage) view.e = cell.errorMessage;
      if (cell.fontWeight === 'bold') view.bold = true;
      if (cell.background) view.background = cell.background;
      if (cell.horizontalAlignment) view.align = cell.horizontalAlignment;
      if (cell.note) view.note = cell.note;
      if (cell.spillOf !== undefined) view.spill = true;
      cells.push(view);
    }
  }
  const columnWidths: Record<number, number> = {};
  for (const [column, width] of sheet.columnWidths) if (column <= columns) columnWidths[column] = width;
  return {
    name: sheet.name,
    sheetId: sheet.sheetId,
    rows,
    columns,
    drawableRows,
    maxRows: sheet.maxRows,
    hiddenRows: Math.max(0, lastRow - drawableRows),
    frozenRows: sheet.frozenRows,
    frozenColumns: sheet.frozenColumns,
    columnWidths,
    cells,
    charts: chartViews(sheet),
  };
}

// ---- embedded charts ----

function numberOption(options: Record<string, unknown>, name: string, fallback: number): number {
  const value = options[name];
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

function axisOf(options: Record<string, unknown>, index: number): 0 | 1 {
  const series = options.series as Record<string, { targetAxisIndex?: unknown } | undefined> | undefined;
  return series?.[index]?.targetAxisIndex === 1 ? 1 : 0;
}

/**
 * The charts the script inserted, with the data they show: the first range is the domain (x labels, display
 * values), each further range one series (numbers; anything else is a gap). `numHeaders` rows name the series.
 * Rows past the domain's last non-empty cell are left out, as Sheets does for whole-column ranges.
 */
export function chartViews(sheet: SheetModel): ChartView[] {
  const ss = sheet.spreadsheet;
  return sheet.charts.map((chart) => {
    const options = chart.options;
    const headers = Math.max(0, Math.floor(numberOption(options, 'numHeaders', 0) || 0));
    const columns = chart.ranges.map((ref) => {
      const range = parseA1(ref);
      const source = (range?.sheetName && ss.sheet(range.sheetName)) || sheet;
      const cells: { row: number; col: number }[] = [];
      const col = range?.startCol ?? 1;
      const lastRow = Math.min(range?.endRow ?? source.maxRows, source.lastRow());
      for (let r = range?.startRow ?? 1; range && r <= lastRow; r++) cells.push({ row: r, col });
      return { source, cells };
    });
    const [domain, ...series] = columns;
    const data = (domain?.cells ?? []).slice(headers);
    let used = data.length;
    while (used > 0 && domain.source.displayValue(data[used - 1].row, data[used - 1].col) === '') used--;
    const labels = data.slice(0, used).map((c) => domain.source.displayValue(c.row, c.col));
    const title = typeof options.title === 'string' ? options.title : '';
    const legend = (options.legend as { position?: unknown } | undefined)?.position;
    const vAxes = options.vAxes as Record<string, { title?: unknown } | undefined> | undefined;
    return {
      chartId: chart.chartId,
      type: chart.type,
      title,
      anchor: { ...chart.position },
      width: numberOption(options, 'width', CHART_WIDTH),
      height: numberOption(options, 'height', CHART_HEIGHT),
      legend: legend === 'none' ? 'none' : legend === 'right' ? 'right' : legend === 'top' ? 'top' : 'bottom',
      axisTitles: [0, 1].map((i) => (typeof vAxes?.[i]?.title === 'string' ? (vAxes[i]?.title as string) : '')),
      labels,
      series: series.map((column, i) => {
        const head = headers > 0 && column.cells[0] ? column.source.displayValue(column.cells[0].row, column.cells[0].col) : '';
        const values = column.cells
          .slice(headers, headers + used)
          .map((c) => column.source.cell(c.row, c.col))
          .map((cell) => (cell && !cell.error && typeof cell.value === 'number' ? cell.value : null));
        while (values.length < used) values.push(null);
        return { name: head || `Series ${i + 1}`, axis: axisOf(options, i), values };
      }),
    };
  });
}

// ---- adding rows ----

/**
 * The "Add [n] more rows at the bottom" control under the grid: Sheet.insertRowsAfter(maxRows, n) on the model
 * (same limits: at least 1 row, the 10,000,000-cell budget), then the formulas whose array result did not fit
 * ("…please insert more rows") are recalculated so the result spills into the new rows, as in Sheets.
 */
export function addRowsAtBottom(emu: Emulator, sheetName: string, count: number): number {
  const sheet = emu.activeSpreadsheet.sheetNamed(sheetName);
  if (!Number.isInteger(count) || count < 1) throw new Error('The number of rows to insert must be at least 1.');
  if (emu.activeSpreadsheet.totalCells() + count * sheet.maxColumns > MAX_CELLS_PER_SPREADSHEET) {
    throw new Error(
      `This action would increase the number of cells in the workbook above the limit of ${MAX_CELLS_PER_SPREADSHEET} cells.`,
    );
  }
  sheet.insertRows(sheet.maxRows + 1, count);
  let recalculated = 0;
  for (const f of formulaCells(emu)) {
    if (f.sheet !== sheet) continue;
    const cell = f.sheet.cell(f.row, f.col);
    if (cell?.error !== '#REF!' || !cell.errorMessage?.includes('insert more rows')) continue;
    const region = evaluate(emu, f.sheet, f.row, f.col);
    recalculateDependents(emu, [region], new Set([`${f.sheet.name}!${f.row},${f.col}`]));
    recalculated++;
  }
  return recalculated;
}

// ---- typing into a cell ----

interface Region {
  sheet: string;
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

/** The cells a formula's result occupies (the anchor plus its spill). */
function resultRegion(sheet: SheetModel, row: number, col: number): Region {
  const key = `${row},${col}`;
  const region: Region = { sheet: sheet.name, r1: row, c1: col, r2: row, c2: col };
  sheet.rows.forEach((line, r) => {
    line?.forEach((cell, c) => {
      if (cell?.spillOf !== key) return;
      region.r2 = Math.max(region.r2, r + 1);
      region.c2 = Math.max(region.c2, c + 1);
    });
  });
  return region;
}

/** Removes string literals so that text like "B2" inside quotes is not read as a reference. */
function withoutStrings(formula: string): string {
  return formula.replace(/"(?:[^"]|"")*"/g, '""');
}

const REFERENCE =
  /(?<![\w.$!'])(?:('(?:[^']|'')+'|[A-Za-z_][\w.]*)!)?\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?(?![\w(])/g;

/** Every cell or range a formula refers to (A1 refs, ranges, 'Sheet name'!refs). */
export function referencedRegions(formula: string, hostSheet: string): Region[] {
  const regions: Region[] = [];
  for (const m of withoutStrings(formula).matchAll(REFERENCE)) {
    const sheetName = m[1] === undefined ? hostSheet : m[1].startsWith("'") ? m[1].slice(1, -1).replace(/''/g, "'") : m[1];
    const c1 = lettersToColumn(m[2]);
    const r1 = Number(m[3]);
    const c2 = m[4] ? lettersToColumn(m[4]) : c1;
    const r2 = m[5] ? Number(m[5]) : r1;
    regions.push({ sheet: sheetName, r1: Math.min(r1, r2), c1: Math.min(c1, c2), r2: Math.max(r1, r2), c2: Math.max(c1, c2) });
  }
  return regions;
}

function overlaps(a: Region, b: Region): boolean {
  return a.sheet === b.sheet && a.r1 <= b.r2 && b.r1 <= a.r2 && a.c1 <= b.c2 && b.c1 <= a.c2;
}

/** Formulas the emulator evaluates (custom-function calls); other formula syntax is not calculated here. */
function isCliqtelFormula(formula: string): boolean {
  return /CLIQTEL_/i.test(withoutStrings(formula));
}

interface FormulaCell {
  sheet: SheetModel;
  row: number;
  col: number;
  formula: string;
}

function formulaCells(emu: Emulator): FormulaCell[] {
  const out: FormulaCell[] = [];
  for (const sheet of emu.activeSpreadsheet.sheets) {
    sheet.rows.forEach((line, r) => {
      line?.forEach((cell, c) => {
        if (cell?.formula !== undefined) out.push({ sheet, row: r + 1, col: c + 1, formula: cell.formula });
      });
    });
  }
  return out;
}

function evaluate(emu: Emulator, sheet: SheetModel, row: number, col: number): Region {
  emu.evaluateFormula(sheet.name, `${columnToLetters(col)}${row}`);
  return resultRegion(sheet, row, col);
}

/**
 * Recalculates what depends on the changed regions, the way Sheets does when a referenced cell changes: every
 * CLIQTEL_ formula referring to a changed cell, then the formulas referring to their results (bounded).
 */
export function recalculateDependents(emu: Emulator, changed: Region[], alreadyDone: Set<string> = new Set()): number {
  const queue = [...changed];
  let evaluations = 0;
  while (queue.length > 0 && evaluations < 100) {
    const region = queue.shift() as Region;
    for (const f of formulaCells(emu)) {
      const key = `${f.sheet.name}!${f.row},${f.col}`;
      if (alreadyDone.has(key) || !isCliqtelFormula(f.formula)) continue;
      if (!referencedRegions(f.formula, f.sheet.name).some((ref) => overlaps(ref, region))) continue;
      alreadyDone.add(key);
      queue.push(evaluate(emu, f.sheet, f.row, f.col));
      evaluations++;
    }
  }
  return evaluations;
}

/** Formulas whose array result was blocked by data in this cell: clearing the cell lets them expand again. */
function blockedBy(emu: Emulator, sheet: SheetModel, row: number, col: number): FormulaCell[] {
  const a1 = `${columnToLetters(col)}${row}`;
  return formulaCells(emu).filter((f) => {
    const cell = f.sheet.cell(f.row, f.col);
    return f.sheet === sheet && cell?.error === '#REF!' && cell.errorMessage?.includes(`overwrite data in ${a1}.`);
  });
}

/**
 * Enters `input` into a cell as if typed in Sheets: a formula (`=…`) is stored and evaluated (spilling its array
 * result), anything else goes through Sheets' typed-input coercion; an empty input clears the cell. Then the
 * formulas that depend on the cell are recalculated.
 */
export function typeIntoCell(emu: Emulator, sheetName: string, row: number, col: number, input: string): void {
  const sheet = emu.activeSpreadsheet.sheetNamed(sheetName);
  if (row < 1 || col < 1 || row > sheet.maxRows || col > sheet.maxColumns)
    throw new Error(`No cell at row ${row}, column ${col}`);
  const cell = sheet.ensureCell(row, col);
  // Deleting inside another formula's array result changes nothing in Sheets.
  if (input === '' && cell.spillOf !== undefined) return;
  const spillAnchor = cell.spillOf;
  const unblocked = input === '' ? blockedBy(emu, sheet, row, col) : [];
  const co = coerceWrite(input, cell.format ?? '', sheet.spreadsheet.timeZone);
  storeCoerced(sheet, row, col, co);

  const done = new Set<string>();
  const changed: Region[] = [{ sheet: sheet.name, r1: row, c1: col, r2: row, c2: col }];
  if (co.formula !== undefined) {
    done.add(`${sheet.name}!${row},${col}`);
    changed.push(evaluate(emu, sheet, row, col));
  }
  // Typing over another formula's array result: that formula now reports #REF! (it would overwrite data).
  const anchors = [...unblocked.map((f) => [f.row, f.col])];
  if (spillAnchor !== undefined && input !== '') anchors.push(spillAnchor.split(',').map(Number));
  for (const [r, c] of anchors) {
    done.add(`${sheet.name}!${r},${c}`);
    changed.push(evaluate(emu, sheet, r, c));
  }
  recalculateDependents(emu, changed, done);
}

/** Re-evaluates every CLIQTEL_ formula that currently shows an error (e.g. "no key saved" before a key was saved). */
export function recalculateErrored(emu: Emulator): number {
  let count = 0;
  for (const f of formulaCells(emu)) {
    if (!isCliqtelFormula(f.formula) || !f.sheet.cell(f.row, f.col)?.error) continue;
    const region = evaluate(emu, f.sheet, f.row, f.col);
    recalculateDependents(emu, [region], new Set([`${f.sheet.name}!${f.row},${f.col}`]));
    count++;
  }
  return count;
}
