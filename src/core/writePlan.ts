// How a table is cut into setValues calls: as few as possible (each is a round trip), none larger than a call
// should carry. The header goes with the first block. docs/architecture.md#writing-to-sheets

/**
 * Cells per setValues call: a 100,000-call export (1.4 M cells) goes in one call, as the floor's single setValues
 * does; larger tables are split so no call carries more (bench/README.md has the measurements).
 */
export const CELLS_PER_WRITE = 1_500_000;

export interface WriteBlock {
  /** Sheet row (1-based) of the block's first row. */
  sheetRow: number;
  /** Whether the block starts with the header row. */
  header: boolean;
  /** Index of the first data row in the block, and how many data rows it holds. */
  from: number;
  take: number;
}

/** The setValues blocks for a header + `dataRows` rows of `width` columns: every data row exactly once, in order. */
export function planWrites(dataRows: number, width: number, cellsPerWrite = CELLS_PER_WRITE): WriteBlock[] {
  const rowsPerWrite = Math.max(1, Math.floor(cellsPerWrite / Math.max(1, width)));
  const blocks: WriteBlock[] = [];
  let from = 0;
  let sheetRow = 1;
  do {
    const header = blocks.length === 0;
    const take = Math.min(rowsPerWrite - (header ? 1 : 0), dataRows - from);
    blocks.push({ sheetRow, header, from, take });
    sheetRow += take + (header ? 1 : 0);
    from += take;
  } while (from < dataRows);
  return blocks;
}
