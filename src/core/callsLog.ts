// The calls log's merge (docs/architecture.md#calls-log): how a fresh export of the tail merges into the log's tail
// rows by id, and where new rows go. Pure: the rows read from the sheet come in, a plan goes out.
import { compareLogKeys, idKey, isDate, REPEATED_HOUR_SECONDS, timeKey } from './callsLogTail';
import { literal } from './columns';
import type { TableCell } from './shape';

/** What one fill or refresh did to a log. */
export interface LogCounts {
  added: number;
  updated: number;
  unchanged: number;
}

/** Whether two instants show the same wall-clock time in the spreadsheet's zone (the caller knows the zone). */
export type SameWallClock = (a: Date, b: Date) => boolean;

/** Whether a cell read back from the sheet holds what writing `fetched` (as `literal` writes it) leaves there. */
export function sameCell(read: unknown, fetched: TableCell, format: string, sameWallClock?: SameWallClock): boolean {
  if (isDate(fetched)) {
    if (!isDate(read)) return false;
    const a = timeKey(read);
    const b = timeKey(fetched);
    if (a === b) return true;
    // An hour apart: the same wall-clock time in the repeated hour reads back either way.
    return a !== null && b !== null && Math.abs(a - b) === REPEATED_HOUR_SECONDS && sameWallClock?.(read, fetched) === true;
  }
  if (typeof fetched === 'string') {
    // Under either reading of a quote prefix: dropped (the text itself) or kept (the apostrophe shows).
    return read === fetched || (fetched !== '' && read === literal(fetched, format));
  }
  if (fetched === null || fetched === undefined) return read === '' || read === null || read === undefined;
  return read === fetched;
}

/** How the tail block is rewritten: the merged rows in order, where each came from, and what changed. */
export interface MergePlan {
  /** The tail block after the merge (log columns only), in the export's order. */
  rows: TableCell[][];
  /** For each merged row: its index among the existing tail rows, or -1 for a new call. */
  source: number[];
  /** For each merged row: whether its cells must be written (a new call or one whose values changed). */
  changed: boolean[];
  counts: LogCounts;
  /** Index of the first merged row that differs from the row now at that place; rows.length when none does. */
  firstChange: number;
  /** Whether the existing rows keep their order (calls are only inserted between them), so no row moves. */
  keepsOrder: boolean;
  /** Fetched calls whose id is in the log above the tail: not merged (the caller decides what that means). */
  above: string[];
}

/**
 * Merges the fetched tail into the log's existing tail rows by id: a known id is updated when any value changed, a
 * new id is inserted in start-time order, and no id appears twice. A call the log holds but the export no longer
 * lists is kept (a log never loses a row). `existing` are the tail rows as read from the sheet (log columns), `fetched`
 * the typed export rows, `formats` the log's column formats, `aboveIds` the ids of the rows before the tail.
 */
export function mergeTail(
  existing: readonly (readonly unknown[])[],
  fetched: readonly TableCell[][],
  formats: readonly string[],
  columns: { id: number; time: number },
  aboveIds: (id: string) => boolean,
  sameWallClock?: SameWallClock,
): MergePlan {
  const width = formats.length;
  const counts: LogCounts = { added: 0, updated: 0, unchanged: 0 };
  const byId = new Map<string, number>();
  existing.forEach((row, i) => {
    const id = idKey(row[columns.id]);
    if (id !== null) byId.set(id, i);
  });
  interface Entry {
    row: TableCell[];
    source: number;
    changed: boolean;
    time: number;
    id: string;
  }
  const entries: Entry[] = [];
  const matched = new Set<number>();
  const addedIds = new Set<string>();
  const above: string[] = [];
  for (const row of fetched) {
    const id = idKey(row[columns.id]);
    const time = timeKey(row[columns.time]);
    if (id === null || time === null) continue; // csvRowsToTable guarantees shape, not content: a row without id cannot be merged
    const at = byId.get(id);
    if (at === undefined) {
      if (aboveIds(id)) {
        above.push(id);
        continue;
      }
      if (addedIds.has(id)) continue; // the export listed an id twice: the first one wins
      addedIds.add(id);
      counts.added++;
      entries.push({ row, source: -1, changed: true, time, id });
      continue;
    }
    if (matched.has(at)) continue; // the export listed an id twice: the first one wins
    matched.add(at);
    const old = existing[at];
    let differs = false;
    for (let c = 0; c < width && !differs; c++) differs = !sameCell(old[c], row[c] ?? '', formats[c], sameWallClock);
    if (differs) counts.updated++;
    else counts.unchanged++;
    entries.push({ row, source: at, changed: differs, time, id });
  }
  existing.forEach((row, i) => {
    if (matched.has(i)) return;
    counts.unchanged++;
    entries.push({
      row: row.slice(0, width) as TableCell[],
      source: i,
      changed: false,
      time: timeKey(row[columns.time]) ?? 0,
      id: idKey(row[columns.id]) ?? '',
    });
  });
  entries.sort((a, b) => compareLogKeys(a.time, a.id, b.time, b.id));

  let keepsOrder = true;
  let lastSource = -1;
  let firstChange = entries.length;
  entries.forEach((e, i) => {
    if (e.source !== -1) {
      if (e.source < lastSource) keepsOrder = false;
      lastSource = e.source;
    }
    if (firstChange === entries.length && (e.changed || e.source !== i)) firstChange = i;
  });
  return {
    rows: entries.map((e) => e.row),
    source: entries.map((e) => e.source),
    changed: entries.map((e) => e.changed),
    counts,
    firstChange,
    keepsOrder,
    above,
  };
}

/**
 * Where new rows go when the existing rows keep their order: for each group of new calls, the existing tail row
 * (index) they are inserted before, or `existing` for the ones after the last. Groups are listed bottom-up, so
 * inserting them in this order never shifts a position still to come.
 */
export function insertionGroups(plan: MergePlan, existing: number): { before: number; count: number }[] {
  const groups: { before: number; count: number }[] = [];
  let pending = 0;
  let before = existing;
  for (let i = plan.source.length - 1; i >= 0; i--) {
    const s = plan.source[i];
    if (s === -1) {
      pending++;
      continue;
    }
    if (pending > 0) groups.push({ before, count: pending });
    pending = 0;
    before = s;
  }
  if (pending > 0) groups.push({ before, count: pending });
  return groups;
}
