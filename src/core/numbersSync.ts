// Pushing number edits from a numbers report back to Cliqtel, the pure part: re-read, compare, PATCH at most once,
// resolve an ambiguous answer by reading again; the `Sync status` wording. The fields and request bodies are in
// numbersFields.ts, the snapshot in numbersSnapshot.ts, the diff in numbersDiff.ts (re-exported here).
// See docs/architecture.md#numbers-push and docs/cliqtel-api.md#label-or-forward-a-number.
import type { CliqtelClient } from './client';
import { CliqtelError, errorMessage, KEY_SETTINGS_PLACE } from './errors';
import type { NumberChange } from './numbersDiff';
import { apiValue, changeRequest, numberOf, numberPath } from './numbersFields';
import { type Snapshot, sameAsSnapshot } from './numbersSnapshot';

export {
  type CellRead,
  cellText,
  describeChanges,
  diffNumbers,
  type InvalidRow,
  type NumberChange,
  type NumbersDiff,
  type SheetNumberRow,
} from './numbersDiff';
export {
  apiValue,
  type ChangeRequest,
  changeRequest,
  E164_PATTERN,
  EDITABLE_BACKGROUND,
  EDITABLE_NOTE,
  type ForwardingType,
  forwardingProblem,
  forwardingType,
  NUMBER_COLUMNS,
  NUMBER_FIELDS,
  type NumberField,
  numberOf,
  numberPath,
  SIP_URI_PATTERN,
  SYNC_STATUS_HEADER,
} from './numbersFields';
export {
  decodeSnapshot,
  encodeSnapshot,
  fingerprint,
  keptText,
  type Snapshot,
  type SnapshotEntry,
  type SnapshotValue,
  sameAsSnapshot,
  snapshotOfTable,
} from './numbersSnapshot';

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
