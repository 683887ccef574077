// SMS reconciliation: which sent message belongs to a row whose send was ambiguous (a timeout, a lost response).
// docs/architecture.md#sms-from-a-sheet
import { rowFingerprint } from './smsSnapshot';

/**
 * Reconciliation accepts a message created up to this long before the attempt was recorded: Cliqtel's clock and
 * Google's may differ, and erring towards "sent" never sends twice.
 */
export const RECONCILE_SLACK_MS = 15 * 60_000;

export interface SentMessage {
  /** The id as text (for comparing); `rawId` as Cliqtel sent it (for the sheet). */
  id: string;
  rawId: string | number;
  cost?: number;
  from: string;
  to: string;
  body: string;
  createdAt: number;
}

export interface Unresolved {
  row: number;
  fingerprint: string;
  /** When the attempt was made (ms); 0 when not known. */
  at: number;
}

/**
 * Matches each unresolved row to a message with the job's sender, the row's recipient and body (by fingerprint),
 * created after the attempt (less RECONCILE_SLACK_MS) and not already claimed by another row. Earliest attempts
 * take the earliest messages.
 */
export function reconcile(
  rows: readonly Unresolved[],
  messages: readonly SentMessage[],
  from: string,
  claimed: ReadonlySet<string>,
): Map<number, SentMessage> {
  const found = new Map<number, SentMessage>();
  const taken = new Set(claimed);
  const candidates = messages
    .filter((m) => m.from === from && !taken.has(m.id))
    .sort((a, b) => a.createdAt - b.createdAt || Number(a.id) - Number(b.id));
  const byFingerprint = new Map<string, SentMessage[]>();
  for (const m of candidates) {
    const fp = rowFingerprint(m.to, m.body);
    const list = byFingerprint.get(fp) ?? [];
    list.push(m);
    byFingerprint.set(fp, list);
  }
  for (const row of [...rows].sort((a, b) => a.at - b.at)) {
    const list = byFingerprint.get(row.fingerprint) ?? [];
    const index = list.findIndex((m) => !taken.has(m.id) && m.createdAt >= row.at - RECONCILE_SLACK_MS);
    if (index < 0) continue;
    const message = list[index];
    taken.add(message.id);
    found.set(row.row, message);
  }
  return found;
}
