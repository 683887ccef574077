// Numbers report ↔ Cliqtel: marks the editable columns, keeps the values fetched at each refresh as the sheet's
// snapshot (developer metadata: follows renames, readable after openById), previews the edits and pushes them with
// a truthful `Sync status` per row. The rules are in src/core/numbersSync.ts; docs/architecture.md#numbers-push.
import type { CliqtelClient } from '../core/client';
import { TEXT_FORMAT, type TypedTable } from '../core/columns';
import { argumentError, CliqtelError } from '../core/errors';
import {
  type ChangeOutcome,
  type CellRead,
  decodeSnapshot,
  describeChanges,
  diffNumbers,
  EDITABLE_BACKGROUND,
  EDITABLE_NOTE,
  encodeSnapshot,
  NUMBER_COLUMNS,
  NUMBER_FIELDS,
  type NumberChange,
  type NumberField,
  type NumbersDiff,
  pushNumberChanges,
  type SheetNumberRow,
  type Snapshot,
  snapshotOfTable,
  statusText,
  SYNC_STATUS_HEADER,
} from '../core/numbersSync';
import type { NumbersPreview, NumbersPushResult } from '../core/serverApi';
import { normalizeFieldName } from '../core/shape';
import { readReport, REPORT_METADATA_KEY } from './registry';
import { findSheet } from './sheetWriter';

/** Sheet-level developer metadata holding the snapshot (next to the report record, `cliqtel.report`). */
export const SNAPSHOT_METADATA_KEY = 'cliqtel.numbers.snapshot';
/** Developer metadata allows 30,000 characters (keys + values) per location: here, per sheet. */
const METADATA_CHARS_PER_LOCATION = 30_000;
/**
 * Kept free for the report record beside the snapshot: it holds a status and an error of at most ~400 characters
 * each (src/gas/registry.ts), so it never needs more than ~1,200.
 */
const REPORT_RECORD_RESERVE = 1_500;
/** A push stops starting new numbers after this long, so the execution (6 minutes) ends with its statuses written. */
const PUSH_TIME_MS = 4 * 60_000;
const LOCK_WAIT_MS = 5_000;

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

// ---------------------------------------------------------------------------------------------------------------
// At every write of a numbers report (create and refresh)

function columnOf(header: readonly string[], normalized: string): number {
  return header.findIndex((h) => normalizeFieldName(String(h)) === normalized);
}

/** Makes the editable columns plain text before writing, so a destination typed later as +4915… keeps its +. */
export function prepareNumbersTable(table: TypedTable): TypedTable {
  const formats = table.formats.slice();
  for (const field of NUMBER_FIELDS) {
    const c = columnOf(table.header, NUMBER_COLUMNS[field]);
    if (c >= 0) formats[c] = TEXT_FORMAT;
  }
  return { ...table, formats };
}

function snapshotMetadata(sheet: Sheet): GoogleAppsScript.Spreadsheet.DeveloperMetadata | null {
  for (const md of sheet.getDeveloperMetadata()) if (md.getKey() === SNAPSHOT_METADATA_KEY) return md;
  return null;
}

/** Characters the snapshot may take: the sheet's metadata budget minus everything else stored there. */
function snapshotBudget(sheet: Sheet): number {
  // The report record is counted at its reserve whatever its size now, since a later failure makes it grow.
  let others = REPORT_RECORD_RESERVE;
  for (const md of sheet.getDeveloperMetadata()) {
    const key = md.getKey();
    if (key === SNAPSHOT_METADATA_KEY || key === REPORT_METADATA_KEY) continue;
    others += key.length + (md.getValue() ?? '').length;
  }
  return METADATA_CHARS_PER_LOCATION - others - SNAPSHOT_METADATA_KEY.length;
}

/** Stores (or replaces) the snapshot; with no room even for fingerprints it is removed and false returned. */
function writeSnapshot(sheet: Sheet, entries: Snapshot | ReturnType<typeof snapshotOfTable>): boolean {
  const list = entries instanceof Map ? [...entries.values()] : entries;
  const md = snapshotMetadata(sheet);
  const text = encodeSnapshot(list, snapshotBudget(sheet));
  if (text === null) {
    md?.remove();
    return false;
  }
  if (md) md.setValue(text);
  else sheet.addDeveloperMetadata(SNAPSHOT_METADATA_KEY, text);
  return true;
}

/**
 * After a numbers report was written: a note on each editable header, a light background on the editable columns,
 * and the values just fetched kept as the snapshot the next preview compares the sheet with.
 */
export function afterNumbersWrite(sheet: Sheet, table: TypedTable): void {
  const rows = table.rows.length + 1;
  for (const field of NUMBER_FIELDS) {
    const c = columnOf(table.header, NUMBER_COLUMNS[field]);
    if (c < 0) continue;
    sheet.getRange(1, c + 1).setNote(EDITABLE_NOTE);
    sheet.getRange(1, c + 1, rows, 1).setBackground(EDITABLE_BACKGROUND);
  }
  try {
    writeSnapshot(sheet, snapshotOfTable(table.header, table.rows));
  } catch {
    // Without a snapshot that matches the sheet no push is possible (the preview says so): never leave a stale one.
    snapshotMetadata(sheet)?.remove();
  }
}

/**
 * Edits in a numbers report that were not pushed yet (changed or invalid cells against the snapshot). A refresh would
 * overwrite them, so refreshReport refuses while there are any; 0 when the sheet has no snapshot to compare with.
 */
export function unpushedEdits(sheet: Sheet): number {
  const snapshot = decodeSnapshot(snapshotMetadata(sheet)?.getValue());
  if (!snapshot) return 0;
  const diff = diffNumbers(readNumberRows(sheet).rows, snapshot);
  return diff.changes.length + diff.invalid.length;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the sheet

interface NumbersSheet {
  sheet: Sheet;
  snapshot: Snapshot;
  lastRefresh: string | null;
}

function openNumbersSheet(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, sheetName: unknown): NumbersSheet {
  if (typeof sheetName !== 'string' || sheetName.trim() === '') {
    throw argumentError('sheetName', 'the name of a numbers report sheet', sheetName);
  }
  const sheet = findSheet(ss, sheetName);
  const record = sheet ? readReport(sheet) : null;
  if (!sheet || !record || record.kind !== 'numbers') {
    throw argumentError(
      'sheetName',
      'the name of a Numbers report sheet (insert one with Extensions › Cliqtel › Insert report… › Your numbers)',
      sheetName,
    );
  }
  const snapshot = decodeSnapshot(snapshotMetadata(sheet)?.getValue());
  if (!snapshot) {
    throw new CliqtelError(
      `"${sheet.getName()}" has no record of the values fetched from Cliqtel, so its edits cannot be compared safely ` +
        '(it was made by an older version, or has too many numbers for the 30,000-character metadata limit). ' +
        'Refresh the report, make the edits again, then push.',
      { status: 0, code: 'bad_argument' },
    );
  }
  return { sheet, snapshot, lastRefresh: record.lastRefresh ?? null };
}

interface SheetLayout {
  header: string[];
  dataRows: number;
  statusColumn: number;
}

/** The rows of a numbers report as the push reads them: columns found by header text, so moved columns still work. */
function readNumberRows(sheet: Sheet): { rows: SheetNumberRow[]; layout: SheetLayout } {
  const lastRow = sheet.getLastRow();
  const lastColumn = Math.max(1, sheet.getLastColumn());
  const header = (sheet.getRange(1, 1, 1, lastColumn).getValues()[0] ?? []).map((h) => String(h));
  const col = (name: string) => columnOf(header, name);
  const idCol = col(NUMBER_COLUMNS.id);
  if (idCol < 0) {
    throw new CliqtelError(
      `"${sheet.getName()}" has no ID column any more; rows are matched to numbers by it. Refresh the report to restore it.`,
      { status: 0, code: 'bad_argument' },
    );
  }
  const statusIndex = col(normalizeFieldName(SYNC_STATUS_HEADER));
  let lastHeader = header.length;
  while (lastHeader > 0 && header[lastHeader - 1] === '') lastHeader--;
  const layout: SheetLayout = {
    header,
    dataRows: Math.max(0, lastRow - 1),
    statusColumn: statusIndex >= 0 ? statusIndex + 1 : lastHeader + 1,
  };
  if (layout.dataRows === 0) return { rows: [], layout };
  const range = sheet.getRange(2, 1, layout.dataRows, lastColumn);
  const values = range.getValues();
  const formulas = range.getFormulas();
  const display = range.getDisplayValues();
  const numberCol = col(NUMBER_COLUMNS.number);
  const fieldCols: Record<NumberField, number> = { label: col(NUMBER_COLUMNS.label), forwarding: col(NUMBER_COLUMNS.forwarding) };
  const cell = (r: number, c: number): CellRead | undefined =>
    c < 0 ? undefined : { value: values[r][c], formula: formulas[r][c] ?? '', display: display[r][c] ?? '' };
  const rows: SheetNumberRow[] = values.map((v, r) => ({
    row: r + 2,
    id: v[idCol],
    number: numberCol >= 0 ? v[numberCol] : '',
    label: cell(r, fieldCols.label),
    forwarding: cell(r, fieldCols.forwarding),
  }));
  return { rows, layout };
}

/** The preview: what a push would send, and the rows it would refuse. Sends nothing, writes nothing. */
export function previewNumberChanges(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, sheetName: unknown): NumbersPreview {
  const { sheet, snapshot, lastRefresh } = openNumbersSheet(ss, sheetName);
  const diff = diffNumbers(readNumberRows(sheet).rows, snapshot);
  return { sheetName: sheet.getName(), changes: diff.changes, invalid: diff.invalid, lastRefresh };
}

// ---------------------------------------------------------------------------------------------------------------
// Pushing

/** Rewrites the Sync status column at the start of a push: pending for each change, the reason for each invalid row. */
function startStatuses(sheet: Sheet, layout: SheetLayout, diff: NumbersDiff): void {
  const column = layout.statusColumn;
  if (sheet.getMaxColumns() < column) sheet.insertColumnsAfter(sheet.getMaxColumns(), column - sheet.getMaxColumns());
  const header = sheet.getRange(1, column);
  header.setNumberFormat(TEXT_FORMAT).setValue(SYNC_STATUS_HEADER);
  header.setFontWeight('bold');
  if (layout.dataRows === 0) return;
  const cells: string[][] = Array.from({ length: layout.dataRows }, () => ['']);
  for (const change of diff.changes) cells[change.row - 2][0] = 'pending: not sent yet';
  for (const bad of diff.invalid) cells[bad.row - 2][0] = `invalid: ${bad.reason}`;
  const range = sheet.getRange(2, column, layout.dataRows, 1);
  range.setNumberFormat(TEXT_FORMAT);
  range.setValues(cells);
}

function busyError(): CliqtelError {
  return new CliqtelError(
    'Another Cliqtel run (a refresh or a push) is working on this spreadsheet right now. Try again in a minute.',
    { status: 0, code: 'busy' },
  );
}

/**
 * Pushes the edits the preview listed. `confirm` must equal the number of changes the sheet holds now (the preview's
 * count): otherwise nothing is sent. Runs under the user lock so no refresh rewrites the sheet meanwhile.
 */
export function pushNumberChangesInSheet(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  client: CliqtelClient,
  sheetName: unknown,
  confirm: unknown,
): NumbersPushResult {
  const started = Date.now();
  if (typeof confirm !== 'number' || !Number.isInteger(confirm) || confirm < 0) {
    throw argumentError('confirm', "the preview's number of changes (a whole number)", confirm);
  }
  const lock = LockService.getUserLock();
  if (!lock.tryLock(LOCK_WAIT_MS)) throw busyError();
  try {
    const { sheet, snapshot } = openNumbersSheet(ss, sheetName);
    const { rows, layout } = readNumberRows(sheet);
    const diff = diffNumbers(rows, snapshot);
    if (diff.changes.length !== confirm) {
      throw new CliqtelError(
        `The sheet now holds ${diff.changes.length} change${diff.changes.length === 1 ? '' : 's'} ` +
          `(${describeChanges(diff.changes)}), not the ${confirm} you confirmed: it was edited after the preview. ` +
          'Nothing was sent; preview again.',
        { status: 0, code: 'bad_argument' },
      );
    }
    startStatuses(sheet, layout, diff);
    const rowStatus = new Map<number, Partial<Record<NumberField, string>>>();
    const fieldsInRow = new Map<number, number>();
    for (const change of diff.changes) fieldsInRow.set(change.row, (fieldsInRow.get(change.row) ?? 0) + 1);
    const onOutcome = (change: NumberChange, outcome: ChangeOutcome) => {
      const parts = rowStatus.get(change.row) ?? {};
      parts[change.field] = statusText(change, outcome);
      rowStatus.set(change.row, parts);
      const text =
        (fieldsInRow.get(change.row) ?? 1) > 1
          ? NUMBER_FIELDS.filter((f) => parts[f] !== undefined)
              .map((f) => `${f}: ${parts[f]}`)
              .join(' · ')
          : (parts[change.field] as string);
      sheet.getRange(change.row, layout.statusColumn).setValue(text);
    };
    let summary: ReturnType<typeof pushNumberChanges>;
    try {
      summary = pushNumberChanges(client, diff.changes, snapshot, {
        onOutcome,
        mayContinue: () => Date.now() - started < PUSH_TIME_MS,
      });
    } finally {
      // Applied changes become the new base even if something failed half-way: the next preview shows only what is
      // still pending (and a change lost from the snapshot would be found already applied when re-read).
      writeSnapshot(sheet, snapshot);
    }
    const result: NumbersPushResult = {
      sheetName: sheet.getName(),
      applied: summary.applied,
      conflicts: summary.conflicts,
      failed: summary.failed,
      pending: summary.pending,
    };
    if (summary.stopped) result.stopped = summary.stopped;
    ss.toast(pushToast(result), 'Cliqtel', 10);
    return result;
  } finally {
    lock.releaseLock();
  }
}

function pushToast(r: NumbersPushResult): string {
  const parts = [`${r.applied} applied`];
  if (r.conflicts.length) parts.push(`${r.conflicts.length} conflict${r.conflicts.length === 1 ? '' : 's'}`);
  if (r.failed.length) parts.push(`${r.failed.length} failed`);
  if (r.pending) parts.push(`${r.pending} not sent`);
  return `Pushed to Cliqtel: ${parts.join(', ')}. See the Sync status column.`;
}

/** Shows a row of a numbers report (the sidebar's links to each row): activates the sheet and selects the row. */
export function selectNumberRow(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  sheetName: unknown,
  row: unknown,
): { sheetName: string; row: number } {
  if (typeof sheetName !== 'string' || sheetName.trim() === '') throw argumentError('sheetName', 'a sheet name', sheetName);
  const sheet = findSheet(ss, sheetName);
  if (!sheet) throw argumentError('sheetName', 'the name of an existing sheet', sheetName);
  if (typeof row !== 'number' || !Number.isInteger(row) || row < 2 || row > sheet.getMaxRows()) {
    throw argumentError('row', `a data row number between 2 and ${sheet.getMaxRows()}`, row);
  }
  sheet.activate();
  sheet.getRange(row, 1, 1, Math.max(1, sheet.getLastColumn())).activate();
  return { sheetName: sheet.getName(), row };
}
