// SMS from a sheet (docs/architecture.md#sms-from-a-sheet): the sender list, the preview (validates everything and
// keeps what it saw; sends nothing), the job's status, Stop, and the sheets the sidebar can pick from. Sending
// itself is src/gas/smsSend.ts.
import { argumentError, CliqtelError } from '../core/errors';
import type { SmsPreview, SmsProgress, SmsSample, SmsSender, SmsSheetInfo } from '../core/serverApi';
import { findRows } from '../core/shape';
import {
  isE164,
  isTaken,
  jobKeyOf,
  MAX_SMS_CHARS,
  normalizePhone,
  PREVIEW_SAMPLES,
  parseTemplate,
  renderTemplate,
  rowFingerprint,
  type Snapshot,
  smsSegments,
  statusKind,
  type Unresolved,
} from '../core/sms';
import { openSmsSession, SMS_NUMBERS_PATH } from './smsClient';
import { isStopped, progressOf, sendBatch } from './smsSend';
import { dataHeaders, readDisplayRows, readHeaders, requireColumn, sheetByName, smsColumnIndexes } from './smsSheet';
import {
  dropJobsOfMissingSheets,
  MAX_SNAPSHOT_CHARS,
  readJob,
  readSnapshot,
  requestStop,
  type SmsJob,
  snapshotChars,
  updateJob,
  writeJob,
} from './smsStore';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export { sendBatch };

/** Budget of a preview or sender-list call (one or two GETs). */
const READ_BUDGET_MS = 60_000;

/** The key's SMS-capable numbers (`GET /v1/sms/numbers`), with whatever else Cliqtel says about each. */
export function listSenders(apiKey: string): SmsSender[] {
  const session = openSmsSession(apiKey, Date.now() + READ_BUDGET_MS);
  try {
    const rows = findRows(session.client.getJson(SMS_NUMBERS_PATH)) ?? [];
    return rows.filter((r) => typeof r.number === 'string' && r.number !== '') as SmsSender[];
  } finally {
    session.save();
  }
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** Reads the sheet, validates the job and every row, keeps what it saw (to send only that) and sends nothing. */
export function previewJob(ss: Spreadsheet, apiKey: string, args: Record<string, unknown>): SmsPreview {
  const sheet = sheetByName(ss, args.sheetName);
  const sheetName = sheet.getName();
  const headers = readHeaders(sheet);
  const toIndex = requireColumn(headers, args.toColumn, 'toColumn', sheetName);
  const hasBody = args.bodyColumn !== undefined && args.bodyColumn !== null && args.bodyColumn !== '';
  const hasTemplate = args.template !== undefined && args.template !== null;
  if (hasBody === hasTemplate) {
    throw argumentError(
      'bodyColumn/template',
      'either a message column (bodyColumn) or a message template, not both',
      hasBody ? 'both' : '',
    );
  }
  let bodyIndex = -1;
  let template: ReturnType<typeof parseTemplate> | null = null;
  if (hasBody) bodyIndex = requireColumn(headers, args.bodyColumn, 'bodyColumn', sheetName);
  else {
    if (!nonEmpty(args.template))
      throw argumentError('template', 'the message text, e.g. "Hi {{Name}}, see you {{Date}}"', args.template);
    template = parseTemplate(args.template, headers);
    const own = smsColumnIndexes(headers);
    const ownUsed = template.parts.filter((p) => typeof p !== 'string' && own.includes(p.column));
    if (template.unknown.length > 0 || ownUsed.length > 0) {
      const names = dataHeaders(headers)
        .map((h) => `{{${h}}}`)
        .join(', ');
      const bad = template.unknown.length > 0 ? template.unknown : ownUsed.map((p) => `{{${(p as { name: string }).name}}}`);
      throw argumentError(
        'template',
        `placeholders naming headers in row 1 of "${sheetName}" (${names || 'row 1 is empty'})`,
        bad.join(' '),
      );
    }
    const fixed = template.parts.filter((p): p is string => typeof p === 'string').join('');
    if (fixed.length > MAX_SMS_CHARS) {
      throw argumentError(
        'template',
        `at most ${MAX_SMS_CHARS.toLocaleString('en-US')} characters (an SMS's limit)`,
        `${fixed.length.toLocaleString('en-US')} characters`,
      );
    }
  }
  const from = typeof args.from === 'string' ? args.from.trim() : args.from;
  if (typeof from !== 'string' || !isE164(from)) {
    throw argumentError('from', 'one of your SMS-capable numbers in E.164 form (e.g. +442079460831)', args.from);
  }

  const statusIndex = smsColumnIndexes(headers)[0];
  const sentAtIndex = smsColumnIndexes(headers)[2];
  const rows = readDisplayRows(sheet, headers.length);
  const old = readJob(sheet.getSheetId());
  const oldSnapshot = old ? readSnapshot(old) : null;
  const oldFingerprint = new Map<number, string>(
    oldSnapshot ? oldSnapshot.rows.map((r, i) => [r, oldSnapshot.fingerprints[i]]) : [],
  );
  for (const c of old?.carried ?? []) oldFingerprint.set(c.row, c.fingerprint);

  const snapshot: Snapshot = { rows: [], fingerprints: [] };
  const skipped: { row: number; reason: string }[] = [];
  const samples: SmsSample[] = [];
  const carried: Unresolved[] = [];
  let alreadySent = 0;
  let segments = 0;
  const own = new Set(smsColumnIndexes(headers).filter((i) => i >= 0));
  const sentAtValues = sentAtIndex >= 0 && rows.length ? sheet.getRange(2, sentAtIndex + 1, rows.length, 1).getValues() : [];
  rows.forEach((cells, i) => {
    const row = i + 2;
    if (cells.every((c, col) => own.has(col) || String(c).trim() === '')) return; // a blank row is not part of the list
    const to = normalizePhone(cells[toIndex] ?? '');
    const body = template ? renderTemplate(template, cells) : (cells[bodyIndex] ?? '');
    const kind = statusIndex >= 0 ? statusKind(cells[statusIndex]) : '';
    if (isTaken(kind)) {
      alreadySent++;
      if (kind !== 'sent') {
        const at = sentAtValues[i]?.[0];
        carried.push({
          row,
          fingerprint: oldFingerprint.get(row) ?? rowFingerprint(to, body),
          at: at instanceof Date ? at.getTime() : 0,
        });
      }
      return;
    }
    const raw = String(cells[toIndex] ?? '').trim();
    let reason: string | null = null;
    if (raw === '') reason = `no phone number in "${headers[toIndex]}"`;
    else if (!isE164(to)) reason = `"${raw}" is not a phone number in E.164 form (+ and 8–15 digits, e.g. +4915112345678)`;
    else if (body.trim() === '') reason = 'the message is empty';
    else if (body.length > MAX_SMS_CHARS)
      reason = `the message has ${body.length.toLocaleString('en-US')} characters; an SMS can have at most ${MAX_SMS_CHARS.toLocaleString('en-US')}`;
    if (reason) {
      skipped.push({ row, reason });
      return;
    }
    const info = smsSegments(body);
    segments += info.segments;
    snapshot.rows.push(row);
    snapshot.fingerprints.push(rowFingerprint(to, body));
    if (samples.length < PREVIEW_SAMPLES) samples.push({ row, to, body, segments: info.segments, encoding: info.encoding });
  });
  if (snapshotChars(snapshot) > MAX_SNAPSHOT_CHARS) {
    throw new CliqtelError(
      `This sheet has ${snapshot.rows.length.toLocaleString('en-US')} rows to send, more than one job can keep track of. ` +
        'Split the list over several sheets (about 30,000 rows each) and send them one after another. Nothing was sent.',
      { status: 0, code: 'bad_argument' },
    );
  }

  // The sender list is read last, once: nothing above needed a request.
  const senders = listSenders(apiKey).map((s) => s.number);
  if (!senders.includes(from)) {
    throw argumentError('from', `one of your SMS-capable numbers (${senders.join(', ') || 'this key has none'})`, args.from);
  }

  const config = {
    spreadsheetId: ss.getId(),
    sheetId: sheet.getSheetId(),
    toColumn: headers[toIndex],
    from,
    ...(template ? { template: args.template as string } : { bodyColumn: headers[bodyIndex] }),
  };
  const job: SmsJob = {
    v: 1,
    key: jobKeyOf(config),
    sheetId: config.sheetId,
    toColumn: config.toColumn,
    from,
    ...(template ? { template: args.template as string } : { bodyColumn: headers[bodyIndex] }),
    total: snapshot.rows.length,
    previewedAt: new Date().toISOString(),
    cursor: 0,
    stopped: null,
    halted: null,
    currency: old?.currency,
    carried,
    chunks: 0,
  };
  dropJobsOfMissingSheets(ss.getSheets().map((s) => s.getSheetId()));
  writeJob(job, snapshot);
  return { jobKey: job.key, sendable: job.total, alreadySent, skipped, samples, segments };
}

function emptyProgress(): SmsProgress {
  return { jobKey: null, total: 0, sent: 0, failed: 0, unknown: 0, pending: 0, done: true };
}

/** The counts of the sheet's job, without sending (or a job of nothing when the sheet has none). */
export function jobStatus(ss: Spreadsheet, sheetName: unknown): SmsProgress {
  const sheet = sheetByName(ss, sheetName);
  const job = readJob(sheet.getSheetId());
  return job ? progressOf(sheet, job, readSnapshot(job)) : emptyProgress();
}

/** Stops the sheet's job: a running send stops before its next message; nothing further is sent. */
export function stopJob(ss: Spreadsheet, sheetName: unknown): SmsProgress {
  const sheet = sheetByName(ss, sheetName);
  const job = readJob(sheet.getSheetId());
  if (!job) return emptyProgress();
  requestStop(job.sheetId, job.key);
  if (!job.stopped) {
    job.stopped = new Date().toISOString();
    updateJob(job);
  }
  return progressOf(sheet, job, readSnapshot(job));
}

/** The sheets of the spreadsheet with their headers and any job, so the sidebar can pick and resume. */
export function listSmsSheets(ss: Spreadsheet): { sheets: SmsSheetInfo[]; activeSheet: string | null } {
  const sheets = ss.getSheets().map((sheet): SmsSheetInfo => {
    const headers = readHeaders(sheet);
    const job = readJob(sheet.getSheetId());
    let jobInfo: SmsSheetInfo['job'] = null;
    if (job) {
      const progress = progressOf(sheet, job, readSnapshot(job));
      jobInfo = {
        ...progress,
        toColumn: job.toColumn,
        from: job.from,
        ...(job.bodyColumn !== undefined ? { bodyColumn: job.bodyColumn } : {}),
        ...(job.template !== undefined ? { template: job.template } : {}),
        stopped: isStopped(job) ? (job.stopped ?? new Date().toISOString()) : null,
        halted: job.halted,
      };
    }
    return { name: sheet.getName(), headers: dataHeaders(headers), rows: Math.max(0, sheet.getLastRow() - 1), job: jobInfo };
  });
  const active = ss.getActiveSheet();
  return { sheets, activeSheet: active ? active.getName() : null };
}
