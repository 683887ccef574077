// Pushing number edits from a numbers report back to Cliqtel, the pure part: the snapshot of the values fetched at
// the last refresh (compact, within the developer-metadata budget), reading the editable cells, validating them, the
// diff of sheet vs snapshot, and the request bodies — the only place they are written (Cliqtel documents none).
// See docs/architecture.md#numbers-push and docs/cliqtel-api.md#label-or-forward-a-number.
import type { CliqtelClient } from './client';
import { CliqtelError, errorMessage, KEY_SETTINGS_PLACE } from './errors';
import { normalizeFieldName } from './shape';

/** The two editable fields; the sheet columns are "Label" and "Forwarding Destination". */
export type NumberField = 'label' | 'forwarding';
export const NUMBER_FIELDS: readonly NumberField[] = ['label', 'forwarding'];

/** Header of each column the push reads, normalised (normalizeFieldName). */
export const NUMBER_COLUMNS = {
  id: 'id',
  number: 'number',
  label: 'label',
  forwarding: 'forwardingdestination',
} as const;
export const SYNC_STATUS_HEADER = 'Sync status';

/** What the header note of an editable column says. */
export const EDITABLE_NOTE =
  'Editable: change this cell, then push it to Cliqtel with Extensions › Cliqtel › Open sidebar › Numbers › ' +
  'Push changes… (a preview comes first). A refresh replaces edits that were not pushed.';
/** The light background of the editable columns. */
export const EDITABLE_BACKGROUND = '#fef7e0';

// ---------------------------------------------------------------------------------------------------------------
// Validation and request bodies

/** E.164: "+", a non-zero digit, 7–14 more digits (8–15 in all). */
export const E164_PATTERN = /^\+[1-9]\d{7,14}$/;
/** A SIP URI as Cliqtel's forwarding takes it: sip:user@host. */
export const SIP_URI_PATTERN = /^sip:[^@\s]+@[^@\s]+$/;

export type ForwardingType = 'phone' | 'sip' | 'none';

/** The forwarding type a destination implies: E.164 → phone, sip: → sip, empty → none; null when it is neither. */
export function forwardingType(destination: string): ForwardingType | null {
  if (destination === '') return 'none';
  if (E164_PATTERN.test(destination)) return 'phone';
  if (SIP_URI_PATTERN.test(destination)) return 'sip';
  return null;
}

/** Why a forwarding destination cannot be sent, or null when it can. */
export function forwardingProblem(destination: string): string | null {
  if (forwardingType(destination) !== null) return null;
  if (/^\+?[\d\s().-]+$/.test(destination)) {
    return `forwarding destination "${destination}" is not an E.164 number: write it as + and the country code, then 8–15 digits in all, no spaces (e.g. +4915112345678)`;
  }
  return `forwarding destination "${destination}" is neither an E.164 number (+4915112345678) nor a SIP URI (sip:user@pbx.example.com); leave it empty for no forwarding`;
}

export interface ChangeRequest {
  method: 'patch';
  path: string;
  body: Record<string, unknown>;
}

/**
 * The request that applies one change. Cliqtel documents no body for these PATCHes: a label goes as `{"label": …}`
 * (sent as typed: Cliqtel's 422 decides what it accepts), a forwarding destination as `{"type": …, "destination": …}`
 * — `destination` is what the product asks for, `type` is derived from it (phone/sip/none, destination null for none)
 * because a server that models forwarding by type needs it and one that reads only `destination` ignores it.
 */
export function changeRequest(id: string | number, field: NumberField, value: string): ChangeRequest {
  const base = `/v1/portal/numbers/${encodeURIComponent(String(id))}`;
  if (field === 'label') return { method: 'patch', path: `${base}/label`, body: { label: value } };
  const type = forwardingType(value);
  if (type === null) throw new Error(forwardingProblem(value) ?? 'invalid forwarding destination');
  return {
    method: 'patch',
    path: `${base}/forwarding`,
    body: { type, destination: type === 'none' ? null : value },
  };
}

/** The path that re-reads one number (`GET /v1/portal/numbers/{id}`). */
export function numberPath(id: string | number): string {
  return `/v1/portal/numbers/${encodeURIComponent(String(id))}`;
}

/** The number inside a GET /v1/portal/numbers/{id} body (shape undocumented: `{"data":{…}}` or the bare object). */
export function numberOf(body: unknown): Record<string, unknown> | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const data = (body as { data?: unknown }).data;
  if (data && typeof data === 'object' && !Array.isArray(data)) return data as Record<string, unknown>;
  return body as Record<string, unknown>;
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : String(value);
}

/** A field's value in an API number (the list item or the single read): label, or forwarding.destination ('' = none). */
export function apiValue(number: Record<string, unknown>, field: NumberField): string {
  if (field === 'label') return text(number.label);
  const forwarding = number.forwarding;
  if (forwarding && typeof forwarding === 'object') {
    const f = forwarding as Record<string, unknown>;
    return f.type === 'none' ? '' : text(f.destination);
  }
  if (typeof forwarding === 'string') return forwarding;
  return text(number['forwarding.destination'] ?? number.forwarding_destination);
}

// ---------------------------------------------------------------------------------------------------------------
// The snapshot: the values fetched at the last refresh, per number id

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
      label: labelCol < 0 ? '' : text(row[labelCol]),
      forwarding: forwardingCol < 0 ? '' : text(row[forwardingCol]),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the sheet and the diff

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

// ---------------------------------------------------------------------------------------------------------------
// Pushing: re-read, compare, PATCH at most once, resolve an ambiguous answer by reading again

/** What became of one change. */
export type ChangeOutcome =
  | { kind: 'applied'; already: boolean }
  | { kind: 'conflict'; current: string }
  | { kind: 'failed'; message: string; retry: boolean }
  /** Not attempted: the push stopped (scope, key, rate limit) at this change or before it. */
  | { kind: 'stopped'; message: string };

export interface PushHooks {
  /** Called with each change's outcome as soon as it is known (the caller records it in the sheet). */
  onOutcome(change: NumberChange, outcome: ChangeOutcome): void;
  /** Asked before each number: false stops the push (time budget); the rest stay pending. */
  mayContinue(): boolean;
}

export interface PushSummary {
  applied: number;
  conflicts: (NumberChange & { current: string })[];
  failed: (NumberChange & { error: string; retry: boolean })[];
  pending: number;
  stopped?: string;
}

/** The message for a 403 on a write: the scope by name (the generic read message would suggest a read-only key). */
function scopeMessage(error: CliqtelError): string {
  const scope = error.requiredScope ?? 'numbers:write';
  const purpose = scope === 'numbers:write' ? 'to change numbers' : 'to read each number before changing it';
  return (
    `This API key is missing the '${scope}' permission needed ${purpose} (403). Create a key with ${scope} ` +
    `(e.g. the Full access preset) in the Cliqtel portal (Portal → API Keys) and save it in ${KEY_SETTINGS_PLACE}.`
  );
}

/** Cliqtel's own words for a refused change: its per-field messages when it sent them. */
function refusalMessage(error: CliqtelError): string {
  const fields = error.fieldErrors;
  if (fields && Object.keys(fields).length > 0) {
    return Object.entries(fields)
      .map(([field, messages]) => `${field}: ${messages.join(' ')}`)
      .join('; ');
  }
  return error.userMessage;
}

/** Errors after which nothing else should be sent: every further request would meet the same answer. */
function stopsThePush(error: CliqtelError): string | null {
  if (error.code === 'insufficient_scope') return scopeMessage(error);
  if (error.code === 'unauthenticated' || error.code === 'rate_limited' || error.code === 'no_key') return error.userMessage;
  return null;
}

function asCliqtelError(e: unknown): CliqtelError {
  return e instanceof CliqtelError ? e : new CliqtelError(errorMessage(e), { status: 0, code: 'transport' });
}

/**
 * Pushes changes (as the preview listed them) one number at a time: re-read the number; a value already equal to the
 * edit is applied; a value that is no longer the one fetched at the last refresh is a conflict and is not written;
 * otherwise one PATCH through CliqtelClient.write (sent at most once). An ambiguous answer (5xx, dropped connection,
 * timeout) is resolved by reading the number again — never by sending the PATCH again. A 403, 401 or exhausted rate
 * limit stops the push at once; a 422 fails only its own change. `snapshot` is updated for every applied change.
 */
export function pushNumberChanges(
  client: CliqtelClient,
  changes: readonly NumberChange[],
  snapshot: Snapshot,
  hooks: PushHooks,
): PushSummary {
  const summary: PushSummary = { applied: 0, conflicts: [], failed: [], pending: 0 };
  const byNumber = new Map<string, NumberChange[]>();
  for (const change of changes) {
    const key = String(change.id);
    const list = byNumber.get(key);
    if (list) list.push(change);
    else byNumber.set(key, [change]);
  }
  const groups = [...byNumber.values()];

  const record = (change: NumberChange, outcome: ChangeOutcome) => {
    if (outcome.kind === 'applied') {
      summary.applied++;
      const entry = snapshot.get(String(change.id));
      if (entry) entry[change.field] = change.after;
    } else if (outcome.kind === 'conflict') summary.conflicts.push({ ...change, current: outcome.current });
    else if (outcome.kind === 'failed') summary.failed.push({ ...change, error: outcome.message, retry: outcome.retry });
    hooks.onOutcome(change, outcome);
  };
  const stopAll = (from: number, message: string, first?: NumberChange[]) => {
    summary.stopped = message;
    const rest = [...(first ?? []), ...groups.slice(from).flat()];
    summary.pending += rest.length;
    for (const change of rest) hooks.onOutcome(change, { kind: 'stopped', message });
  };
  /** The number as Cliqtel has it now, or the error that kept it from being read. */
  const read = (id: string | number): { number: Record<string, unknown> } | { error: CliqtelError } => {
    try {
      const number = numberOf(client.getJson(numberPath(id)));
      if (!number)
        throw new CliqtelError('Cliqtel sent the number in a shape the add-on does not know.', {
          status: 200,
          code: 'bad_response',
        });
      return { number };
    } catch (e) {
      return { error: asCliqtelError(e) };
    }
  };

  for (let g = 0; g < groups.length; g++) {
    if (!hooks.mayContinue()) {
      stopAll(g, 'the time limit of one run was reached; push again to send the rest');
      return summary;
    }
    const group = groups[g];
    const first = read(group[0].id);
    if ('error' in first) {
      const stop = stopsThePush(first.error);
      if (stop) {
        stopAll(g + 1, stop, group);
        return summary;
      }
      const gone = first.error.code === 'not_found';
      for (const change of group) {
        record(change, {
          kind: 'failed',
          retry: !gone,
          message: gone
            ? `number ${change.id} is no longer in your Cliqtel account (404); refresh the report`
            : `not applied: the number could not be re-read before changing it (${first.error.userMessage}); push again to retry`,
        });
      }
      continue;
    }
    for (let c = 0; c < group.length; c++) {
      const change = group[c];
      const kept = snapshot.get(String(change.id))?.[change.field] ?? change.before ?? '';
      const current = apiValue(first.number, change.field);
      if (current === change.after) {
        record(change, { kind: 'applied', already: true });
        continue;
      }
      if (!sameAsSnapshot(current, kept)) {
        record(change, { kind: 'conflict', current });
        continue;
      }
      const request = changeRequest(change.id, change.field, change.after);
      const outcome = client.write(request.method, request.path, request.body);
      if (outcome.kind === 'done') {
        record(change, { kind: 'applied', already: false });
        continue;
      }
      if (outcome.kind === 'rejected') {
        const stop = stopsThePush(outcome.error);
        if (stop) {
          if (outcome.error.code === 'insufficient_scope' || outcome.error.code === 'unauthenticated') {
            record(change, { kind: 'failed', message: stop, retry: false });
            stopAll(g + 1, stop, group.slice(c + 1));
          } else {
            stopAll(g + 1, stop, group.slice(c));
          }
          return summary;
        }
        record(change, { kind: 'failed', message: refusalMessage(outcome.error), retry: false });
        continue;
      }
      // Ambiguous: Cliqtel may or may not have applied it. Read the number again to find out.
      const again = read(change.id);
      if ('error' in again) {
        record(change, {
          kind: 'failed',
          retry: true,
          message:
            `unknown: ${outcome.error.userMessage} The number could not be re-read to check it; push again — ` +
            'the number is read first, so it is never changed twice',
        });
        continue;
      }
      const now = apiValue(again.number, change.field);
      if (now === change.after) record(change, { kind: 'applied', already: false });
      else if (sameAsSnapshot(now, kept)) {
        record(change, {
          kind: 'failed',
          retry: true,
          message: `not applied: ${outcome.error.userMessage} Re-reading the number showed no change; push again to retry`,
        });
      } else record(change, { kind: 'conflict', current: now });
      first.number = again.number;
    }
  }
  return summary;
}

/** A change's outcome as the `Sync status` cell words it (one row may hold a label and a forwarding outcome). */
export function statusText(change: Pick<NumberChange, 'before' | 'after'>, outcome: ChangeOutcome): string {
  switch (outcome.kind) {
    case 'applied':
      return outcome.already ? 'applied (Cliqtel already had this value)' : 'applied';
    case 'conflict': {
      const was = change.before === null ? '' : ` (it was ${JSON.stringify(change.before)} at the last refresh)`;
      return `conflict: Cliqtel now has ${JSON.stringify(outcome.current)}${was}; not written. Refresh the report to see Cliqtel's values`;
    }
    case 'failed':
      // A retryable outcome's message already starts with what happened ("not applied: …", "unknown: …").
      return outcome.retry ? outcome.message : `failed: ${outcome.message}`;
    case 'stopped':
      return `pending: not sent, the push stopped (${outcome.message})`;
  }
}
