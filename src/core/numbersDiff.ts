// The numbers push's diff: reading the editable cells of the sheet and comparing them with the snapshot (changes and
// invalid rows), sending nothing. See docs/architecture.md#numbers-push.
import { forwardingProblem, NUMBER_FIELDS, type NumberField } from './numbersFields';
import { keptText, type Snapshot, sameAsSnapshot } from './numbersSnapshot';

/** One editable cell as read from the sheet. */
export interface CellRead {
  value: unknown;
  /** The cell's formula ('' when none). */
  formula: string;
  /** The text the cell shows. */
  display: string;
}

/** One data row of a numbers report as read from the sheet. */
export interface SheetNumberRow {
  /** The sheet's row number (the header is row 1). */
  row: number;
  id: unknown;
  number: unknown;
  label?: CellRead;
  forwarding?: CellRead;
}

export interface NumberChange {
  id: string | number;
  number: string;
  field: NumberField;
  /** The value fetched at the last refresh; null when only its fingerprint could be kept (very large sheets). */
  before: string | null;
  after: string;
  row: number;
}
export interface InvalidRow {
  row: number;
  reason: string;
  id?: string | number;
}
export interface NumbersDiff {
  changes: NumberChange[];
  invalid: InvalidRow[];
}

const FIELD_NAME: Record<NumberField, string> = { label: 'label', forwarding: 'forwarding destination' };

/**
 * The text a user meant by an editable cell, or why it cannot be sent. The writer put a quote prefix before a value
 * starting with = or ' (docs/architecture.md#writing-to-sheets); under the reading where Sheets keeps it, it is read
 * back here and removed, so the value round-trips under both readings.
 */
export function cellText(field: NumberField, cell: CellRead): { text: string } | { problem: string } {
  if (cell.formula) {
    return {
      problem: `${FIELD_NAME[field]} is a formula (${cell.formula.slice(0, 40)}); type the text itself (start it with an apostrophe to keep a leading =)`,
    };
  }
  const v = cell.value;
  if (typeof v === 'string') {
    const unquoted = v.length > 1 && v[0] === "'" && (v[1] === '=' || v[1] === "'") ? v.slice(1) : v;
    return { text: field === 'forwarding' ? unquoted.trim() : unquoted };
  }
  if (v === null || v === undefined || v === '') return { text: '' };
  if (field === 'forwarding' && typeof v === 'number') {
    return {
      problem: `forwarding destination ${cell.display || String(v)} became a number in the sheet (its + was lost); format the column as plain text and type it again with its +`,
    };
  }
  if (Object.prototype.toString.call(v) === '[object Date]') {
    return {
      problem: `${FIELD_NAME[field]} became a date in the sheet (${cell.display}); format the column as plain text and type it again`,
    };
  }
  return { text: cell.display !== '' ? cell.display : String(v) };
}

function isBlankRow(r: SheetNumberRow): boolean {
  const blank = (v: unknown) => v === '' || v === null || v === undefined;
  return blank(r.id) && blank(r.number) && blank(r.label?.value) && blank(r.forwarding?.value);
}

/**
 * Compares the sheet with the snapshot: a change for every label or forwarding cell whose text differs from the value
 * fetched at the last refresh (matched by number id, so sorting and moving rows changes nothing); invalid rows with
 * the reason (bad destination, unknown or duplicate id, a formula). Sends nothing.
 */
export function diffNumbers(rows: readonly SheetNumberRow[], snapshot: Snapshot): NumbersDiff {
  const changes: NumberChange[] = [];
  const invalid: InvalidRow[] = [];
  const seen = new Map<string, number>();
  for (const r of rows) {
    if (isBlankRow(r)) continue;
    const key = typeof r.id === 'number' || typeof r.id === 'string' ? String(r.id).trim() : '';
    const entry = key === '' ? undefined : snapshot.get(key);
    if (!entry) {
      invalid.push({
        row: r.row,
        reason:
          key === ''
            ? 'no number id in this row; rows are matched to numbers by their ID, so keep the ID column as it was'
            : `no number with ID ${key} was fetched at the last refresh; refresh the report (numbers are bought in the Cliqtel portal)`,
      });
      continue;
    }
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      invalid.push({ row: r.row, id: entry.id, reason: `ID ${key} appears again (first in row ${earlier}); delete the copy` });
      continue;
    }
    seen.set(key, r.row);
    const numberText =
      typeof r.number === 'string' ? r.number : r.number === undefined || r.number === null ? '' : String(r.number);
    for (const field of NUMBER_FIELDS) {
      const cell = r[field];
      if (!cell) continue;
      const read = cellText(field, cell);
      if ('problem' in read) {
        if (!sameAsSnapshot(String(cell.value ?? ''), entry[field]))
          invalid.push({ row: r.row, id: entry.id, reason: read.problem });
        continue;
      }
      if (sameAsSnapshot(read.text, entry[field])) continue;
      if (field === 'forwarding') {
        const problem = forwardingProblem(read.text);
        if (problem) {
          invalid.push({ row: r.row, id: entry.id, reason: problem });
          continue;
        }
      }
      changes.push({ id: entry.id, number: numberText, field, before: keptText(entry[field]), after: read.text, row: r.row });
    }
  }
  return { changes, invalid };
}

/** "3 labels and 1 forwarding change" for messages. */
export function describeChanges(changes: readonly Pick<NumberChange, 'field'>[]): string {
  const labels = changes.filter((c) => c.field === 'label').length;
  const forwarding = changes.length - labels;
  const parts: string[] = [];
  if (labels > 0) parts.push(`${labels} label${labels === 1 ? '' : 's'}`);
  if (forwarding > 0) parts.push(`${forwarding} forwarding change${forwarding === 1 ? '' : 's'}`);
  return parts.length > 0 ? parts.join(' and ') : 'no changes';
}
