// The numbers push's snapshot: the values fetched at the last refresh, per number id, encoded within the
// developer-metadata budget (fingerprints for the longest values when needed). See docs/architecture.md#numbers-push.
import { NUMBER_COLUMNS, valueText } from './numbersFields';
import { normalizeFieldName } from './shape';

/**
 * A snapshot value: the exact text fetched, or — only when the whole snapshot would not fit its storage — a
 * fingerprint (a number) of it, which still tells whether a cell or Cliqtel's value changed but not what it was.
 */
export type SnapshotValue = string | number;
export interface SnapshotEntry {
  id: string | number;
  label: SnapshotValue;
  forwarding: SnapshotValue;
}
export type Snapshot = Map<string, SnapshotEntry>;

/** A 40-bit fingerprint of a text (cyrb53, truncated): collisions are ~1 in a trillion per comparison. */
export function fingerprint(value: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < value.length; i++) {
    const ch = value.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 & 0xff) * 2 ** 32 + (h1 >>> 0);
}

/** Whether a value matches what the snapshot kept (exactly, or by fingerprint). */
export function sameAsSnapshot(value: string, kept: SnapshotValue): boolean {
  return typeof kept === 'number' ? fingerprint(value) === kept : value === kept;
}

/** The snapshot's value as text, or null when only its fingerprint was kept. */
export function keptText(kept: SnapshotValue): string | null {
  return typeof kept === 'string' ? kept : null;
}

const SNAPSHOT_VERSION = 1;
/** A value this short costs no more than its fingerprint: always kept exactly. */
const SHORTEST_FINGERPRINTED = 14;

/**
 * The snapshot as stored: `{"v":1,"n":[[id,label,forwarding],…]}`. When it is longer than `budget` characters the
 * longest values are replaced by fingerprints until it fits; null when even that is not enough (then no push is
 * possible for the sheet, and the preview says why).
 */
export function encodeSnapshot(entries: readonly SnapshotEntry[], budget: number): string | null {
  const rows: [string | number, SnapshotValue, SnapshotValue][] = entries.map((e) => [e.id, e.label, e.forwarding]);
  const encode = () => JSON.stringify({ v: SNAPSHOT_VERSION, n: rows });
  let out = encode();
  if (out.length <= budget) return out;
  const slots: { row: number; col: 1 | 2; cost: number }[] = [];
  rows.forEach((r, i) => {
    for (const col of [1, 2] as const) {
      const v = r[col];
      if (typeof v === 'string' && JSON.stringify(v).length > SHORTEST_FINGERPRINTED) {
        slots.push({ row: i, col, cost: JSON.stringify(v).length });
      }
    }
  });
  slots.sort((a, b) => b.cost - a.cost);
  let length = out.length;
  for (const slot of slots) {
    if (length <= budget) break;
    const value = rows[slot.row][slot.col] as string;
    const print = fingerprint(value);
    rows[slot.row][slot.col] = print;
    length -= slot.cost - String(print).length;
  }
  out = encode();
  return out.length <= budget ? out : null;
}

/** Reads a stored snapshot; null when there is none or it cannot be read. */
export function decodeSnapshot(stored: string | null | undefined): Snapshot | null {
  if (!stored) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    return null;
  }
  const n = (parsed as { v?: unknown; n?: unknown } | null)?.n;
  if ((parsed as { v?: unknown }).v !== SNAPSHOT_VERSION || !Array.isArray(n)) return null;
  const out: Snapshot = new Map();
  for (const row of n) {
    if (!Array.isArray(row) || row.length < 3) return null;
    const [id, label, forwarding] = row as unknown[];
    const isValue = (v: unknown): v is SnapshotValue => typeof v === 'string' || typeof v === 'number';
    if ((typeof id !== 'string' && typeof id !== 'number') || !isValue(label) || !isValue(forwarding)) return null;
    out.set(String(id), { id, label, forwarding });
  }
  return out;
}

/** The snapshot entry of each data row of a fetched numbers table (header + rows); rows without an id are skipped. */
export function snapshotOfTable(header: readonly string[], rows: readonly (readonly unknown[])[]): SnapshotEntry[] {
  const col = (name: string) => header.findIndex((h) => normalizeFieldName(String(h)) === name);
  const idCol = col(NUMBER_COLUMNS.id);
  const labelCol = col(NUMBER_COLUMNS.label);
  const forwardingCol = col(NUMBER_COLUMNS.forwarding);
  if (idCol < 0) return [];
  const out: SnapshotEntry[] = [];
  for (const row of rows) {
    const id = row[idCol];
    if (typeof id !== 'string' && typeof id !== 'number') continue;
    if (id === '') continue;
    out.push({
      id,
      label: labelCol < 0 ? '' : valueText(row[labelCol]),
      forwarding: forwardingCol < 0 ? '' : valueText(row[forwardingCol]),
    });
  }
  return out;
}
