// A1 notation: column letters, cell and range references (with optional sheet prefix and open-ended ranges).

export function columnToLetters(column: number): string {
  let n = column;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function lettersToColumn(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export interface A1Range {
  sheetName?: string;
  /** 1-based; undefined when the reference leaves it open (e.g. 'A:A' has no row bounds). */
  startRow?: number;
  startCol?: number;
  endRow?: number;
  endCol?: number;
}

const PART = /^\$?([A-Za-z]{0,3})\$?(\d*)$/;

/** Parses 'A1', 'A1:B2', 'A:C', '2:5', 'A2:C', "'My sheet'!A1:B2". Returns null when it is not A1 notation. */
export function parseA1(ref: string): A1Range | null {
  let text = ref.trim();
  let sheetName: string | undefined;
  const bang = text.lastIndexOf('!');
  if (bang >= 0) {
    sheetName = text.slice(0, bang);
    if (sheetName.startsWith("'") && sheetName.endsWith("'")) sheetName = sheetName.slice(1, -1).replace(/''/g, "'");
    text = text.slice(bang + 1);
  }
  const [a, b, extra] = text.split(':');
  if (extra !== undefined || !a) return null;
  const pa = PART.exec(a);
  const pb = b === undefined ? pa : PART.exec(b);
  if (!pa || !pb) return null;
  if (!pa[1] && !pa[2]) return null;
  if (b === undefined && (!pa[1] || !pa[2])) return null; // a lone 'A' or '1' is not a cell
  const col1 = pa[1] ? lettersToColumn(pa[1]) : undefined;
  const row1 = pa[2] ? Number(pa[2]) : undefined;
  const col2 = pb[1] ? lettersToColumn(pb[1]) : undefined;
  const row2 = pb[2] ? Number(pb[2]) : undefined;
  if (row1 === 0 || row2 === 0) return null;
  // An undefined start means 1 and an undefined end means the sheet's last row/column.
  const bounds = (x?: number, y?: number): [number | undefined, number | undefined] =>
    x !== undefined && y !== undefined ? [Math.min(x, y), Math.max(x, y)] : x !== undefined ? [x, undefined] : [undefined, y];
  const [startRow, endRow] = bounds(row1, row2);
  const [startCol, endCol] = bounds(col1, col2);
  return { sheetName, startRow, endRow, startCol, endCol };
}

export function a1Notation(row: number, col: number, numRows: number, numCols: number): string {
  const start = `${columnToLetters(col)}${row}`;
  if (numRows === 1 && numCols === 1) return start;
  return `${start}:${columnToLetters(col + numCols - 1)}${row + numRows - 1}`;
}

export function quoteSheetName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}
