// Sending an SMS job, one batch per cliqtelSmsSend call (docs/architecture.md#sms-from-a-sheet): every row at most
// once (`sending` is flushed before its POST; an ambiguous answer makes it `unknown`, resolved by reading the sent
// messages, never re-POSTed), only what the preview saw (each row re-read and compared just before its POST), paced
// to 60 requests a minute across calls, stopped at once by a 403, under the user lock.
import type { WriteOutcome } from '../core/client';
import { CliqtelError } from '../core/errors';
import type { SmsProgress } from '../core/serverApi';
import {
  failedStatus,
  findHeader,
  isTaken,
  jobCounts,
  normalizePhone,
  parseTemplate,
  RECONCILE_SLACK_MS,
  reconcile,
  renderTemplate,
  rowFingerprint,
  STATUS,
  type Snapshot,
  statusKind,
  type Unresolved,
} from '../core/sms';
import { openSmsSession, readRecentMessages, SMS_MESSAGES_PATH, type SmsSession } from './smsClient';
import { assertWritable, ensureSmsColumns, idCell, readHeaders, RowWriter, type SmsCells, sheetById } from './smsSheet';
import { allJobs, readSnapshot, type SmsJob, stopRequested, updateJob } from './smsStore';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** How long a send waits for another Cliqtel job or refresh of the same user to finish. */
const LOCK_WAIT_MS = 10_000;
/** Time kept back at the end of a batch to write the last outcome and read back in-doubt messages. */
const FINISH_RESERVE_MS = 3_000;
/** The job's progress is saved every so many rows (and at the end of each batch). */
const SAVE_EVERY_ROWS = 25;

export function isStopped(job: SmsJob): boolean {
  return job.stopped !== null || stopRequested(job.sheetId, job.key);
}

export function findJob(jobKey: string): SmsJob | null {
  return allJobs().find((job) => job.key === jobKey) ?? null;
}

function jobError(message: string, code: CliqtelError['code'] = 'bad_argument'): CliqtelError {
  return new CliqtelError(message, { status: 0, code });
}

/** The counts of a job from the statuses now in its rows. */
export function progressOf(sheet: Sheet, job: SmsJob, snapshot: Snapshot): SmsProgress {
  const headers = readHeaders(sheet);
  const statusColumn = findHeader(headers, 'SMS status');
  const lastRow = sheet.getLastRow();
  let statuses: string[] = [];
  if (statusColumn >= 0 && lastRow >= 2) {
    statuses = sheet
      .getRange(2, statusColumn + 1, lastRow - 1, 1)
      .getDisplayValues()
      .map((r) => String(r[0]));
  }
  const kinds = snapshot.rows.map((row) => statusKind(statuses[row - 2] ?? ''));
  const counts = jobCounts(kinds, job.cursor);
  const done = isStopped(job) || job.halted !== null || (counts.pending === 0 && counts.unknown === 0);
  return { jobKey: job.key, ...counts, done };
}

/** Cliqtel's own words for a refused message (the field errors of a 422), for the `failed: …` status. */
function cliqtelMessage(error: CliqtelError): string {
  if (error.fieldErrors && Object.keys(error.fieldErrors).length > 0) {
    return Object.entries(error.fieldErrors)
      .map(([field, messages]) => `${field}: ${messages.join(' ')}`)
      .join('; ');
  }
  return error.userMessage;
}

function scopeMessage(error: CliqtelError): string {
  if (error.status === 401) return error.userMessage;
  const scope = error.requiredScope ?? 'sms:write';
  return (
    `This API key is missing the '${scope}' permission needed to send SMS (403). Create a key with ${scope} ` +
    'in the Cliqtel portal (Portal → API Keys), save it in Extensions › Cliqtel › Settings, and preview again.'
  );
}

interface BatchContext {
  sheet: Sheet;
  job: SmsJob;
  snapshot: Snapshot;
  session: SmsSession;
  writer: RowWriter;
  columns: number[];
  deadline: number;
  /** Ids already in the SMS id column or written by this batch: a reconciled row never takes one of them. */
  claimed: Set<string>;
  unresolved: Unresolved[];
}

/** Rows of this sheet whose send is in doubt (`sending` left by an interrupted execution, or `unknown`). */
function findUnresolved(ctx: BatchContext, smsValues: unknown[][], firstColumn: number): void {
  const statusAt = ctx.columns[0] - firstColumn;
  const sentAtAt = ctx.columns[2] - firstColumn;
  const idAt = ctx.columns[1] - firstColumn;
  const fingerprints = new Map(ctx.snapshot.rows.map((row, i) => [row, ctx.snapshot.fingerprints[i]]));
  for (const carried of ctx.job.carried) fingerprints.set(carried.row, carried.fingerprint);
  smsValues.forEach((values, i) => {
    const row = i + 2;
    if (values[idAt] !== '' && values[idAt] !== null) ctx.claimed.add(String(values[idAt]));
    const kind = statusKind(values[statusAt]);
    if (kind !== 'sending' && kind !== 'unknown') return;
    const fingerprint = fingerprints.get(row);
    if (!fingerprint) return;
    const at = values[sentAtAt] instanceof Date ? (values[sentAtAt] as Date).getTime() : 0;
    ctx.unresolved.push({ row, fingerprint, at });
    if (kind === 'sending') ctx.writer.set(row, [STATUS.unknown, '', values[sentAtAt] as Date | string, '']);
  });
}

/** Reads the sent messages once and settles every in-doubt row: found → sent with its id, else not sent. */
function settleUnresolved(ctx: BatchContext): void {
  if (ctx.unresolved.length === 0) return;
  const known = ctx.unresolved.filter((u) => u.at > 0).map((u) => u.at);
  const since = (known.length ? Math.min(...known) : Date.now() - 24 * 3600_000) - RECONCILE_SLACK_MS;
  let messages: ReturnType<typeof readRecentMessages>;
  try {
    messages = readRecentMessages(ctx.session.client, since);
  } catch {
    return; // still unknown: the next call tries again; such a row is never sent again meanwhile
  }
  const found = reconcile(ctx.unresolved, messages, ctx.job.from, ctx.claimed);
  for (const u of ctx.unresolved) {
    const message = found.get(u.row);
    if (message) {
      ctx.claimed.add(message.id);
      ctx.writer.set(u.row, [STATUS.sent, idCell(message.rawId), new Date(message.createdAt || u.at), message.cost ?? '']);
    } else {
      ctx.writer.set(u.row, [STATUS.notSent, '', '', '']);
    }
  }
  const settled = new Set(ctx.unresolved.map((u) => u.row));
  ctx.job.carried = ctx.job.carried.filter((c) => !settled.has(c.row));
  ctx.unresolved.length = 0;
}

/** Sends one batch of a confirmed job and returns its progress. */
export function sendBatch(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  apiKey: string,
  args: { jobKey: string; confirm: number; maxSeconds: number },
): SmsProgress {
  const started = Date.now();
  const job = findJob(args.jobKey);
  if (!job) {
    throw jobError(
      'This SMS preview is out of date: the sheet, the columns, the message or the sender changed since, or it was ' +
        'never previewed. Nothing was sent; preview again.',
    );
  }
  const sheet = assertWritable(sheetById(ss, job.sheetId));
  if (args.confirm !== job.total) {
    throw jobError(
      `Confirm the number of messages the preview counted (${job.total}); got ${JSON.stringify(args.confirm)}. Nothing was sent.`,
    );
  }
  if (job.halted) throw jobError(job.halted, 'insufficient_scope');
  if (isStopped(job)) {
    throw jobError('This SMS job was stopped. Nothing more was sent; preview again to send the rows still unsent.');
  }
  const userLock = LockService.getUserLock();
  if (!userLock.tryLock(LOCK_WAIT_MS)) {
    throw jobError('Another Cliqtel job of yours (an SMS job or a refresh) is running. Try again when it has finished.', 'busy');
  }
  const documentLock = LockService.getDocumentLock();
  if (documentLock && !documentLock.tryLock(LOCK_WAIT_MS)) {
    userLock.releaseLock();
    throw jobError('Someone else is sending SMS from this spreadsheet right now. Try again when they have finished.', 'busy');
  }
  try {
    return runBatch(sheet, job, apiKey, started + args.maxSeconds * 1000);
  } finally {
    documentLock?.releaseLock();
    userLock.releaseLock();
  }
}

function runBatch(sheet: Sheet, job: SmsJob, apiKey: string, deadline: number): SmsProgress {
  const snapshot = readSnapshot(job);
  const headers = readHeaders(sheet);
  const toIndex = findHeader(headers, job.toColumn);
  const bodyIndex = job.bodyColumn === undefined ? -1 : findHeader(headers, job.bodyColumn);
  const template = job.template === undefined ? null : parseTemplate(job.template, headers);
  if (toIndex < 0 || (job.bodyColumn !== undefined && bodyIndex < 0) || (template && template.unknown.length > 0)) {
    throw jobError('A column this SMS job uses was renamed or removed since the preview. Nothing was sent; preview again.');
  }
  const lastRow = Math.max(sheet.getLastRow(), snapshot.rows[snapshot.rows.length - 1] ?? 0);
  const columns = ensureSmsColumns(sheet, headers, lastRow, job.currency);
  const width = Math.max(headers.length, ...columns);
  const firstColumn = Math.min(...columns);
  const ctx: BatchContext = {
    sheet,
    job,
    snapshot,
    session: openSmsSession(apiKey, deadline + 60_000),
    writer: new RowWriter(sheet, columns),
    columns,
    deadline,
    claimed: new Set(),
    unresolved: [],
  };
  let halt: CliqtelError | null = null;
  const currencyBefore = job.currency;
  try {
    if (lastRow >= 2) {
      const span = Math.max(...columns) - firstColumn + 1;
      findUnresolved(ctx, sheet.getRange(2, firstColumn, lastRow - 1, span).getValues(), firstColumn);
    }
    settleUnresolved(ctx);
    halt = sendRows(ctx, width, toIndex, bodyIndex, template);
    ctx.writer.flush();
    if (Date.now() < deadline + 20_000) settleUnresolved(ctx);
  } finally {
    ctx.writer.flush();
    ctx.session.save();
    if (job.currency && job.currency !== currencyBefore) ensureSmsColumns(sheet, readHeaders(sheet), lastRow, job.currency);
    updateJob(job);
  }
  if (halt) throw halt;
  return progressOf(sheet, job, snapshot);
}

function sendRows(
  ctx: BatchContext,
  width: number,
  toIndex: number,
  bodyIndex: number,
  template: ReturnType<typeof parseTemplate> | null,
): CliqtelError | null {
  const { sheet, job, snapshot, session, writer } = ctx;
  const statusIndex = ctx.columns[0] - 1;
  let processed = 0;
  while (job.cursor < snapshot.rows.length) {
    if (isStopped(job)) {
      job.stopped ??= new Date().toISOString();
      return null;
    }
    const row = snapshot.rows[job.cursor];
    const cells =
      row <= sheet.getLastRow()
        ? (sheet.getRange(row, 1, 1, width).getDisplayValues()[0] as string[])
        : Array<string>(width).fill('');
    if (isTaken(statusKind(cells[statusIndex]))) {
      job.cursor++;
      continue;
    }
    const to = normalizePhone(cells[toIndex] ?? '');
    const body = template ? renderTemplate(template, cells) : (cells[bodyIndex] ?? '');
    if (rowFingerprint(to, body) !== snapshot.fingerprints[job.cursor]) {
      // Edited, moved or deleted since the preview. A row left blank by a deletion gets no status.
      const blank = cells.every((c, i) => ctx.columns.includes(i + 1) || String(c).trim() === '');
      if (!blank) writer.set(row, [STATUS.changed, '', '', '']);
      job.cursor++;
      continue;
    }
    const wait = session.window.waitMs(Date.now());
    const remaining = ctx.deadline - FINISH_RESERVE_MS - Date.now();
    if (wait > remaining) {
      // The next slot of the minute is past this call's budget: spend the budget waiting, so the next call is closer.
      if (remaining > 0) Utilities.sleep(remaining);
      return null;
    }
    if (wait > 0) Utilities.sleep(wait);
    const attemptedAt = new Date();
    writer.set(row, [STATUS.sending, '', attemptedAt, '']);
    writer.flush(true);
    const outcome = session.client.write('post', SMS_MESSAGES_PATH, { from: job.from, to, body });
    const result = recordOutcome(ctx, row, outcome, attemptedAt);
    if (result === 'retry') {
      writer.set(row, ['', '', '', '']);
      return null;
    }
    job.cursor++;
    if (result instanceof CliqtelError) {
      job.halted = result.userMessage;
      return result;
    }
    if (++processed % SAVE_EVERY_ROWS === 0) updateJob(job);
  }
  return null;
}

/** Writes a POST's outcome into its row; 'retry' when Cliqtel did not accept it (429), an error when the job must halt. */
function recordOutcome(ctx: BatchContext, row: number, outcome: WriteOutcome, attemptedAt: Date): CliqtelError | 'retry' | null {
  if (outcome.kind === 'done') {
    const body = outcome.body as { data?: Record<string, unknown> } | null;
    const data = (body && typeof body === 'object' && body.data && typeof body.data === 'object' ? body.data : body) as Record<
      string,
      unknown
    > | null;
    const id = data?.id;
    if (id !== undefined && id !== null) ctx.claimed.add(String(id));
    const cost = typeof data?.cost === 'number' ? data.cost : '';
    if (typeof data?.currency === 'string' && !ctx.job.currency) ctx.job.currency = data.currency;
    ctx.writer.set(row, [STATUS.sent, idCell(id), new Date(), cost] as SmsCells);
    return null;
  }
  if (outcome.kind === 'ambiguous') {
    ctx.writer.set(row, [STATUS.unknown, '', attemptedAt, '']);
    ctx.unresolved.push({ row, fingerprint: ctx.snapshot.fingerprints[ctx.job.cursor], at: attemptedAt.getTime() });
    return null;
  }
  if (outcome.status === 429) return 'retry';
  if (outcome.status === 401 || outcome.status === 403) {
    const message = scopeMessage(outcome.error);
    ctx.writer.set(row, [failedStatus(message), '', '', '']);
    return new CliqtelError(message, {
      status: outcome.status,
      code: outcome.error.code,
      requiredScope: outcome.error.requiredScope,
    });
  }
  ctx.writer.set(row, [failedStatus(cliqtelMessage(outcome.error)), '', '', '']);
  return null;
}
