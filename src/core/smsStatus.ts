// SMS statuses, the sheet contract: the status texts written, how a cell's status is read back, and a job's counts.
// docs/architecture.md#sms-from-a-sheet

export const STATUS = {
  sending: 'sending',
  sent: 'sent',
  unknown: 'unknown',
  notSent: 'not sent',
  changed: 'not sent: changed since preview',
} as const;

export type StatusKind = 'sent' | 'sending' | 'unknown' | 'failed' | 'not sent' | '';

export function statusKind(text: unknown): StatusKind {
  const s = String(text ?? '')
    .trim()
    .toLowerCase();
  if (s === '') return '';
  if (s === 'sent') return 'sent';
  if (s === 'sending') return 'sending';
  if (s === 'unknown') return 'unknown';
  if (s.startsWith('failed')) return 'failed';
  if (s.startsWith('not sent')) return 'not sent';
  return '';
}

/** A row in one of these states is never sent again by any job. */
export function isTaken(kind: StatusKind): boolean {
  return kind === 'sent' || kind === 'sending' || kind === 'unknown';
}

export function failedStatus(message: string): string {
  const oneLine = message.replace(/\s+/g, ' ').trim();
  return `failed: ${oneLine.length > 400 ? `${oneLine.slice(0, 399)}…` : oneLine}`;
}

export interface SmsCounts {
  total: number;
  sent: number;
  /** Finished without a message: `failed: …` and `not sent…` (changed since preview, stopped, not found). */
  failed: number;
  unknown: number;
  pending: number;
}

/**
 * Counts of a job whose rows before `cursor` were attempted by it (a blank or `not sent…` status there means not
 * sent) and whose later rows are pending unless their status says they were already sent or are in doubt.
 */
export function jobCounts(kinds: readonly StatusKind[], cursor: number): SmsCounts {
  const counts: SmsCounts = { total: kinds.length, sent: 0, failed: 0, unknown: 0, pending: 0 };
  kinds.forEach((kind, index) => {
    if (kind === 'sent') counts.sent++;
    else if (kind === 'unknown' || kind === 'sending') counts.unknown++;
    else if (index < cursor) counts.failed++;
    else counts.pending++;
  });
  return counts;
}
