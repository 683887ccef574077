// Evaluates the formulas formula.ts parses: built-ins TODAY/NOW/DATE, cell references and ranges as arguments,
// custom-function calls run in custom mode, and the result spilled into neighbouring cells (or a Sheets error).
import { columnToLetters, parseA1 } from './a1';
import { DEFAULT_DATE_TIME_FORMAT, isDateObject } from './coercion';
import { instantFromSerial, serialFromInstant, wallTimeOf } from './dates';
import { type FormulaNode, FormulaParseError, calledFunctions, parseFormula } from './formula';
import { type SheetModel, type SpreadsheetModel, isEmptyCell } from './model';
import { argumentValue, clearSpill } from './services/cells';

/** What evaluation needs from the Emulator. */
export interface FormulaHost {
  readonly activeSpreadsheet: SpreadsheetModel;
  now(): number;
  runCustomFunction(name: string, args: unknown[], opts: { sheetName?: string; cell?: string; user?: string }): unknown;
}

/** Builtin spreadsheet functions the formula evaluator knows (besides the bundle's custom functions). */
const BUILTINS: Record<string, (args: unknown[], host: FormulaHost) => unknown> = {
  TODAY: (_a, host) => {
    const w = wallTimeOf(host.now(), host.activeSpreadsheet.timeZone);
    return { serial: serialFromInstant(Date.UTC(w.year, w.month - 1, w.day), 'UTC'), format: 'M/d/yyyy' };
  },
  NOW: (_a, host) => new Date(host.now()),
  DATE: (a) => ({ serial: serialFromInstant(Date.UTC(Number(a[0]), Number(a[1]) - 1, Number(a[2])), 'UTC'), format: 'M/d/yyyy' }),
};

/**
 * Evaluates the formula in a cell (custom-function calls with literal/reference/range/empty arguments and
 * TODAY/NOW/DATE) in custom mode, spilling an array result into the neighbouring cells.
 */
export function evaluateFormula(host: FormulaHost, sheetName: string, a1: string, opts: { user?: string } = {}): void {
  const sheet = host.activeSpreadsheet.sheetNamed(sheetName);
  const ref = parseA1(a1);
  if (!ref || ref.startRow === undefined || ref.startCol === undefined) throw new Error(`emulator: bad cell ${a1}`);
  const row = ref.startRow;
  const col = ref.startCol;
  const cell = sheet.cell(row, col);
  if (!cell?.formula) throw new Error(`emulator: ${sheetName}!${a1} holds no formula`);
  clearSpill(sheet, row, col);
  cell.dirty = undefined;
  cell.error = undefined;
  cell.errorMessage = undefined;
  cell.resultFormat = undefined;
  let result: unknown;
  try {
    const node = parseFormula(cell.formula);
    result = evaluateNode(host, node, sheet, row, col, opts.user);
  } catch (e) {
    const err = e as Error & { sheetsError?: string };
    cell.value = '';
    cell.error = err instanceof FormulaParseError ? '#NAME?' : (err.sheetsError ?? '#ERROR!');
    cell.errorMessage = err instanceof FormulaParseError ? `emulator: formula not evaluated (${err.message})` : err.message;
    return;
  }
  placeResult(sheet, row, col, result);
}

/** Re-evaluates CLIQTEL_ formulas in the active spreadsheet (all, or only those whose text changed); returns how many. */
export function recalculate(host: FormulaHost, onlyChanged: boolean): number {
  let count = 0;
  for (const sheet of host.activeSpreadsheet.sheets) {
    for (let r = 1; r <= sheet.rows.length; r++) {
      const row = sheet.rows[r - 1];
      if (!row) continue;
      for (let c = 1; c <= row.length; c++) {
        const cell = row[c - 1];
        if (!cell?.formula || (onlyChanged && !cell.dirty)) continue;
        let names: string[];
        try {
          names = calledFunctions(parseFormula(cell.formula));
        } catch {
          continue;
        }
        if (!names.some((n) => /^CLIQTEL_/i.test(n))) continue;
        evaluateFormula(host, sheet.name, `${columnToLetters(c)}${r}`);
        count++;
      }
    }
  }
  return count;
}

function evaluateNode(
  host: FormulaHost,
  node: FormulaNode,
  sheet: SheetModel,
  row: number,
  col: number,
  user: string | undefined,
): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'empty':
      return '';
    case 'ref': {
      const target = node.sheetName !== undefined ? host.activeSpreadsheet.sheetNamed(node.sheetName) : sheet;
      const r = parseA1(node.ref);
      if (!r) throw Object.assign(new Error(`Bad reference ${node.ref}`), { sheetsError: '#REF!' });
      const r1 = r.startRow ?? 1;
      const c1 = r.startCol ?? 1;
      if (!node.isRange) return argumentValue(target, r1, c1);
      const r2 = Math.min(r.endRow ?? target.maxRows, target.maxRows);
      const c2 = Math.min(r.endCol ?? target.maxColumns, target.maxColumns);
      const out: unknown[][] = [];
      for (let i = r1; i <= r2; i++) {
        const line: unknown[] = [];
        for (let j = c1; j <= c2; j++) line.push(argumentValue(target, i, j));
        out.push(line);
      }
      return out;
    }
    case 'call': {
      const args = node.args.map((a) => evaluateNode(host, a, sheet, row, col, user));
      const builtin = BUILTINS[node.name.toUpperCase()];
      if (builtin) {
        const v = builtin(args, host);
        if (v && typeof v === 'object' && 'serial' in v) {
          const s = v as { serial: number; format: string };
          return { __serial: s.serial, __format: s.format };
        }
        return v;
      }
      const plain = args.map((a) =>
        a && typeof a === 'object' && '__serial' in a ? serialToDate(host, a as { __serial: number }) : a,
      );
      try {
        return host.runCustomFunction(node.name, plain, { sheetName: sheet.name, cell: `${columnToLetters(col)}${row}`, user });
      } catch (e) {
        if ((e as Error).message === `Script function not found: ${node.name}`) {
          throw Object.assign(new Error(`Unknown function: '${node.name}'.`), { sheetsError: '#NAME?' });
        }
        throw e;
      }
    }
  }
}

function placeResult(sheet: SheetModel, row: number, col: number, result: unknown): boolean {
  const anchor = sheet.ensureCell(row, col);
  // Returns false so callers can `return fail(…)` out of the placement.
  const fail = (error: string, message: string): false => {
    anchor.value = '';
    anchor.error = error;
    anchor.errorMessage = message;
    return false;
  };
  let grid: unknown[][];
  if (Array.isArray(result)) {
    if (result.length === 0) return fail('#ERROR!', 'Result was not a valid value (empty array).');
    grid = result.map((r) => (Array.isArray(r) ? r : [r]));
  } else grid = [[result]];
  const height = grid.length;
  const width = Math.max(...grid.map((r) => r.length));
  if (row + height - 1 > sheet.maxRows)
    return fail('#REF!', `Result was not automatically expanded, please insert more rows (${row + height - 1 - sheet.maxRows}).`);
  if (col + width - 1 > sheet.maxColumns)
    return fail(
      '#REF!',
      `Result was not automatically expanded, please insert more columns (${col + width - 1 - sheet.maxColumns}).`,
    );
  for (let i = 0; i < height; i++) {
    for (let j = 0; j < width; j++) {
      if (i === 0 && j === 0) continue;
      const target = sheet.cell(row + i, col + j);
      if (!isEmptyCell(target) && target?.spillOf === undefined) {
        return fail(
          '#REF!',
          `Array result was not expanded because it would overwrite data in ${columnToLetters(col + j)}${row + i}.`,
        );
      }
      if (target?.spillOf !== undefined && target.spillOf !== `${row},${col}`) {
        return fail(
          '#REF!',
          `Array result was not expanded because it would overwrite data in ${columnToLetters(col + j)}${row + i}.`,
        );
      }
    }
  }
  const tz = sheet.spreadsheet.timeZone;
  for (let i = 0; i < height; i++) {
    for (let j = 0; j < width; j++) {
      const cell = sheet.ensureCell(row + i, col + j);
      const v = grid[i][j];
      if (i > 0 || j > 0) cell.spillOf = `${row},${col}`;
      cell.resultFormat = undefined;
      if (v === undefined || v === null) cell.value = '';
      else if (isDateObject(v)) {
        cell.value = serialFromInstant(v.getTime(), tz);
        const midnight = Number.isInteger(cell.value);
        cell.resultFormat = midnight ? 'M/d/yyyy' : DEFAULT_DATE_TIME_FORMAT;
      } else if (typeof v === 'object' && v && '__serial' in v) {
        const s = v as { __serial: number; __format: string };
        cell.value = s.__serial;
        cell.resultFormat = s.__format;
      } else if (typeof v === 'number') {
        if (!Number.isFinite(v)) return fail('#NUM!', 'The result is not a finite number.');
        cell.value = v;
      } else if (typeof v === 'string') {
        if (v.length > 50000)
          return fail('#VALUE!', `Text result of ${sheet.cell(row, col)?.formula} is longer than the limit of 50000 characters.`);
        cell.value = v;
      } else if (typeof v === 'boolean') cell.value = v;
      else if (Array.isArray(v)) return fail('#ERROR!', 'Result was not a valid value (nested array).');
      else return fail('#ERROR!', 'Result was not a valid value (object).');
    }
  }
  return true;
}

function serialToDate(host: FormulaHost, v: { __serial: number }): Date {
  // A serial denotes a wall-clock date in the spreadsheet's zone.
  return new Date(instantFromSerial(v.__serial, host.activeSpreadsheet.timeZone));
}
