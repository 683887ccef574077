// The in-memory spreadsheet model the emulator's SpreadsheetApp works on (and tests inspect directly).
import { a1Notation, parseA1 } from './a1';
import type { CellValue } from './coercion';
import { instantFromSerial } from './dates';
import { formatValue, isDateTimeFormat } from './numberFormat';

export const MAX_CELLS_PER_SPREADSHEET = 10_000_000;
/** A new sheet in Google Sheets (a new spreadsheet's Sheet1, or insertSheet) is 1000 rows × 26 columns (A–Z). */
export const NEW_SHEET_ROWS = 1000;
export const NEW_SHEET_COLUMNS = 26;
export const MAX_METADATA_CHARS_PER_LOCATION = 30_000;

export interface CellData {
  /** Stored value; for a formula cell its computed value ('' until evaluated). Dates are serial numbers. */
  value: CellValue;
  formula?: string;
  /** Number format set on the cell (or implied by a typed date/percent); undefined = Automatic. */
  format?: string;
  /** Format implied by a custom-function result (a returned Date) when the cell's format is Automatic. */
  resultFormat?: string;
  fontWeight?: 'bold' | 'normal';
  background?: string;
  horizontalAlignment?: string;
  note?: string;
  /** Error shown instead of the value ('#ERROR!', '#REF!', '#NAME?'); errorMessage is Sheets' tooltip text. */
  error?: string;
  errorMessage?: string;
  /** "row,col" of the formula cell whose array result fills this cell. */
  spillOf?: string;
  /** A formula whose text changed since it was last evaluated. */
  dirty?: boolean;
}

export interface MetadataModel {
  id: number;
  key: string;
  value: string | null;
  visibility: 'DOCUMENT' | 'PROJECT';
  location: 'SPREADSHEET' | 'SHEET';
  sheet?: SheetModel;
}

export interface ChartModel {
  chartId: number;
  type: string;
  /** A1 notations with sheet names, e.g. "'Calls'!A1:B20". */
  ranges: string[];
  position: { row: number; column: number; offsetX: number; offsetY: number };
  options: Record<string, unknown>;
}

/** Inserts `count` empty slots at `index` without spreading (counts can be in the hundreds of thousands). */
function insertHoles<T>(items: T[], index: number, count: number): void {
  if (index >= items.length) return;
  const tail = items.splice(index);
  items.length = index + count;
  for (const t of tail) items.push(t);
}

export function effectiveFormat(cell: CellData | undefined): string {
  return cell?.format ?? cell?.resultFormat ?? '';
}

export function isEmptyCell(cell: CellData | undefined): boolean {
  return !cell || (cell.formula === undefined && cell.value === '' && cell.error === undefined);
}

export class SheetModel {
  name: string;
  maxRows = NEW_SHEET_ROWS;
  maxColumns = NEW_SHEET_COLUMNS;
  /** rows[r][c], 0-based, sparse. */
  rows: (CellData | undefined)[][] = [];
  frozenRows = 0;
  frozenColumns = 0;
  columnWidths = new Map<number, number>();
  charts: ChartModel[] = [];
  metadata: MetadataModel[] = [];
  hidden = false;
  tabColor: string | null = null;

  constructor(
    readonly spreadsheet: SpreadsheetModel,
    readonly sheetId: number,
    name: string,
  ) {
    this.name = name;
  }

  cell(row: number, col: number): CellData | undefined {
    return this.rows[row - 1]?.[col - 1];
  }

  ensureCell(row: number, col: number): CellData {
    let r = this.rows[row - 1];
    if (!r) {
      r = [];
      this.rows[row - 1] = r;
    }
    let c = r[col - 1];
    if (!c) {
      c = { value: '' };
      r[col - 1] = c;
    }
    return c;
  }

  lastRow(): number {
    for (let r = this.rows.length; r >= 1; r--) {
      const row = this.rows[r - 1];
      if (row?.some((c) => !isEmptyCell(c))) return r;
    }
    return 0;
  }

  lastColumn(): number {
    let last = 0;
    for (const row of this.rows) {
      if (!row) continue;
      for (let c = row.length; c > last; c--) {
        if (!isEmptyCell(row[c - 1])) {
          last = c;
          break;
        }
      }
    }
    return last;
  }

  /** Inserts count empty rows so that the first new row has index `at` (1-based). */
  insertRows(at: number, count: number): void {
    insertHoles(this.rows, at - 1, count);
    this.maxRows += count;
  }

  deleteRows(start: number, count: number): void {
    this.rows.splice(start - 1, count);
    this.maxRows -= count;
  }

  /**
   * Hidden rows (hideRows, or a filter hiding them): the flag lives on the row's own array, so it travels with the row
   * when rows are inserted or deleted above it, as in Sheets. Values are read and written whether hidden or not.
   */
  setRowHidden(row: number, hidden: boolean): void {
    let r = this.rows[row - 1];
    if (!r) {
      if (!hidden) return;
      r = [];
      this.rows[row - 1] = r;
    }
    (r as { hidden?: boolean }).hidden = hidden || undefined;
  }

  isRowHidden(row: number): boolean {
    return (this.rows[row - 1] as { hidden?: boolean } | undefined)?.hidden === true;
  }

  insertColumns(at: number, count: number): void {
    for (const row of this.rows) {
      if (!row || row.length < at - 1) continue;
      insertHoles(row, at - 1, count);
    }
    this.maxColumns += count;
  }

  deleteColumns(start: number, count: number): void {
    for (const row of this.rows) if (row) row.splice(start - 1, count);
    this.maxColumns -= count;
  }

  // ---- inspection helpers for tests and the playground (host-realm values) ----

  /** What Range.getValue returns for a cell: Date for date-formatted numbers. */
  typedValue(row: number, col: number): CellValue | Date {
    const cell = this.cell(row, col);
    if (!cell) return '';
    if (cell.error) return cell.error;
    if (typeof cell.value === 'number' && isDateTimeFormat(effectiveFormat(cell))) {
      return new Date(instantFromSerial(cell.value, this.spreadsheet.timeZone));
    }
    return cell.value;
  }

  displayValue(row: number, col: number): string {
    const cell = this.cell(row, col);
    if (!cell) return '';
    if (cell.error) return cell.error;
    return formatValue(cell.value, effectiveFormat(cell));
  }

  private grid<T>(fn: (r: number, c: number) => T): T[][] {
    const rows = this.lastRow();
    const cols = this.lastColumn();
    const out: T[][] = [];
    for (let r = 1; r <= rows; r++) {
      const line: T[] = [];
      for (let c = 1; c <= cols; c++) line.push(fn(r, c));
      out.push(line);
    }
    return out;
  }

  /** Values of the data range (A1 to last row/column with content). */
  getValues(): (CellValue | Date)[][] {
    return this.grid((r, c) => this.typedValue(r, c));
  }

  getDisplayValues(): string[][] {
    return this.grid((r, c) => this.displayValue(r, c));
  }

  getFormulas(): string[][] {
    return this.grid((r, c) => this.cell(r, c)?.formula ?? '');
  }

  /** One cell by A1 notation, e.g. sheet.at('B2'). */
  at(a1: string): {
    value: CellValue | Date;
    display: string;
    formula: string;
    format: string;
    bold: boolean;
    note: string;
    error?: string;
    errorMessage?: string;
  } {
    const ref = parseA1(a1);
    if (!ref || ref.startRow === undefined || ref.startCol === undefined) throw new Error(`emulator: bad cell reference ${a1}`);
    const { startRow: r, startCol: c } = ref;
    const cell = this.cell(r, c);
    return {
      value: this.typedValue(r, c),
      display: this.displayValue(r, c),
      formula: cell?.formula ?? '',
      format: effectiveFormat(cell),
      bold: cell?.fontWeight === 'bold',
      note: cell?.note ?? '',
      error: cell?.error,
      errorMessage: cell?.errorMessage,
    };
  }

  dataRangeA1(): string {
    return a1Notation(1, 1, Math.max(1, this.lastRow()), Math.max(1, this.lastColumn()));
  }
}

export class SpreadsheetModel {
  sheets: SheetModel[] = [];
  metadata: MetadataModel[] = [];
  activeSheetId: number;
  /** Users who opened it (they may openById it later). */
  editors = new Set<string>();
  locale = 'en_US';
  private nextSheetId = 0;

  constructor(
    readonly id: string,
    public name: string,
    public timeZone: string,
    readonly owner: string,
  ) {
    this.editors.add(owner);
    const first = this.addSheet('Sheet1');
    this.activeSheetId = first.sheetId;
  }

  /** Adds a sheet at `index` (0-based; default last) with `sheetId`, or the next free id (Sheet1 gets 0, like Sheets). */
  addSheet(name: string, index?: number, sheetId?: number): SheetModel {
    let id = sheetId;
    if (id === undefined) {
      id = this.freeSheetId();
      while (this.sheetIdFor(this.nextSheetId) !== id) this.nextSheetId++;
      this.nextSheetId++;
    }
    const sheet = new SheetModel(this, id, name);
    if (index === undefined || index >= this.sheets.length) this.sheets.push(sheet);
    else this.sheets.splice(Math.max(0, index), 0, sheet);
    return sheet;
  }

  private sheetIdFor(n: number): number {
    return n === 0 ? 0 : 100000000 + n * 7919;
  }

  /** The id addSheet would give the next sheet, skipping ids in use and those in `taken` (nothing is reserved). */
  freeSheetId(taken: ReadonlySet<number> = new Set()): number {
    for (let n = this.nextSheetId; ; n++) {
      const id = this.sheetIdFor(n);
      if (!taken.has(id) && !this.sheets.some((s) => s.sheetId === id)) return id;
    }
  }

  /** Removes a sheet (the caller checks it is not the last one); the sheet before it becomes active if it was. */
  removeSheet(sheet: SheetModel): void {
    const i = this.sheets.indexOf(sheet);
    if (i < 0) return;
    this.sheets.splice(i, 1);
    if (this.activeSheetId === sheet.sheetId) this.activeSheetId = this.sheets[Math.max(0, i - 1)].sheetId;
  }

  sheet(name: string): SheetModel | undefined {
    return this.sheets.find((s) => s.name === name);
  }

  /** Shorthand for tests: the sheet, or throws. */
  sheetNamed(name: string): SheetModel {
    const s = this.sheet(name);
    if (!s) throw new Error(`emulator: no sheet named ${name} (have ${this.sheets.map((x) => x.name).join(', ')})`);
    return s;
  }

  get activeSheet(): SheetModel {
    return this.sheets.find((s) => s.sheetId === this.activeSheetId) ?? this.sheets[0];
  }

  totalCells(): number {
    return this.sheets.reduce((sum, s) => sum + s.maxRows * s.maxColumns, 0);
  }

  allMetadata(): MetadataModel[] {
    return [...this.metadata, ...this.sheets.flatMap((s) => s.metadata)];
  }

  get url(): string {
    return `https://docs.google.com/spreadsheets/d/${this.id}/edit`;
  }
}
