// Where an SMS job lives between executions (docs/architecture.md#sms-from-a-sheet): the job and the snapshot of
// what its preview saw in Document Properties (one job per sheet, keyed by the sheet's id, the snapshot split into
// values under the 9 KB property limit), the stop request next to it, and the user's recent /v1/sms send times in
// User Properties (Cliqtel's 60/minute limit is per account, across every execution and spreadsheet).
import { CliqtelError } from '../core/errors';
import { decodeSnapshot, encodeSnapshot, SendWindow, type Snapshot, type Unresolved } from '../core/sms';

const JOB_PREFIX = 'CLIQTEL_SMS_JOB_';
const SNAPSHOT_PREFIX = 'CLIQTEL_SMS_SNAP_';
const STOP_PREFIX = 'CLIQTEL_SMS_STOP_';
const PACE_KEY = 'CLIQTEL_SMS_PACE';
/** Characters per snapshot property value: under Apps Script's 9 KB per value. */
const CHUNK_CHARS = 8000;
/**
 * A job's snapshot may use this much of the document's 500 KB property store (~ 34,000 rows at 7 characters a row);
 * a bigger sheet is sent in parts (the preview says so).
 */
export const MAX_SNAPSHOT_CHARS = 240_000;

export interface SmsJob {
  v: 1;
  key: string;
  sheetId: number;
  toColumn: string;
  from: string;
  bodyColumn?: string;
  template?: string;
  /** Rows the preview found sendable (= the confirm count). */
  total: number;
  previewedAt: string;
  /** Index into the snapshot's rows of the first row not yet attempted by this job. */
  cursor: number;
  /** ISO time the user stopped the job, or null. */
  stopped: string | null;
  /** Why the job cannot go on (a missing scope), or null. */
  halted: string | null;
  /** Currency of the costs Cliqtel reported, once known (formats the SMS cost column). */
  currency?: string;
  /** Rows left `sending`/`unknown` by earlier jobs on this sheet, still to be reconciled. */
  carried: Unresolved[];
  /** Number of snapshot chunks. */
  chunks: number;
}

function documentProperties(): GoogleAppsScript.Properties.Properties {
  const props = PropertiesService.getDocumentProperties();
  if (!props) {
    throw new CliqtelError('SMS sending needs an open spreadsheet: run it from Extensions › Cliqtel in Google Sheets.', {
      status: 0,
      code: 'no_spreadsheet',
    });
  }
  return props;
}

function parseJob(text: string | null): SmsJob | null {
  if (!text) return null;
  try {
    const job = JSON.parse(text) as SmsJob;
    return job && job.v === 1 && typeof job.key === 'string' ? job : null;
  } catch {
    return null;
  }
}

export function readJob(sheetId: number): SmsJob | null {
  return parseJob(documentProperties().getProperty(JOB_PREFIX + sheetId));
}

/** Every job of this spreadsheet (one per sheet). */
export function allJobs(): SmsJob[] {
  const props = documentProperties().getProperties();
  const jobs: SmsJob[] = [];
  for (const name of Object.keys(props)) {
    if (!name.startsWith(JOB_PREFIX)) continue;
    const job = parseJob(props[name]);
    if (job) jobs.push(job);
  }
  return jobs;
}

export function readSnapshot(job: SmsJob): Snapshot {
  const props = documentProperties();
  let text = '';
  for (let i = 0; i < job.chunks; i++) text += props.getProperty(`${SNAPSHOT_PREFIX}${job.sheetId}_${i}`) ?? '';
  const bar = text.indexOf('|');
  return decodeSnapshot(text.slice(0, Math.max(0, bar)), text.slice(bar + 1));
}

/** Size of a snapshot as stored, to refuse one that would not fit before anything is stored. */
export function snapshotChars(snapshot: Snapshot): number {
  const { rows, fps } = encodeSnapshot(snapshot);
  return rows.length + 1 + fps.length;
}

/** Replaces the sheet's job and snapshot (a new preview); clears a stop request. */
export function writeJob(job: SmsJob, snapshot: Snapshot): void {
  const props = documentProperties();
  const old = readJob(job.sheetId);
  const { rows, fps } = encodeSnapshot(snapshot);
  const text = `${rows}|${fps}`;
  const chunks: Record<string, string> = {};
  let count = 0;
  for (let i = 0; i < text.length; i += CHUNK_CHARS)
    chunks[`${SNAPSHOT_PREFIX}${job.sheetId}_${count++}`] = text.slice(i, i + CHUNK_CHARS);
  job.chunks = count;
  for (let i = count; i < (old?.chunks ?? 0); i++) props.deleteProperty(`${SNAPSHOT_PREFIX}${job.sheetId}_${i}`);
  props.deleteProperty(STOP_PREFIX + job.sheetId);
  props.setProperties({ ...chunks, [JOB_PREFIX + job.sheetId]: JSON.stringify(job) });
}

/** Saves the job's progress (cursor, stop, halt, currency, carried rows) without touching the snapshot. */
export function updateJob(job: SmsJob): void {
  documentProperties().setProperty(JOB_PREFIX + job.sheetId, JSON.stringify(job));
}

/** Removes the jobs of sheets that no longer exist (their properties would otherwise stay forever). */
export function dropJobsOfMissingSheets(existingSheetIds: readonly number[]): void {
  const props = documentProperties();
  for (const job of allJobs()) {
    if (existingSheetIds.includes(job.sheetId)) continue;
    for (let i = 0; i < job.chunks; i++) props.deleteProperty(`${SNAPSHOT_PREFIX}${job.sheetId}_${i}`);
    props.deleteProperty(JOB_PREFIX + job.sheetId);
    props.deleteProperty(STOP_PREFIX + job.sheetId);
  }
}

/** Asks a running send to stop before its next message (it checks before each POST). */
export function requestStop(sheetId: number, jobKey: string): void {
  documentProperties().setProperty(STOP_PREFIX + sheetId, jobKey);
}

export function stopRequested(sheetId: number, jobKey: string): boolean {
  return documentProperties().getProperty(STOP_PREFIX + sheetId) === jobKey;
}

/** The user's /v1/sms requests of the last minute, as left by earlier executions. */
export function loadSendWindow(): SendWindow {
  return SendWindow.parse(PropertiesService.getUserProperties().getProperty(PACE_KEY));
}

export function saveSendWindow(window: SendWindow, now: number): void {
  PropertiesService.getUserProperties().setProperty(PACE_KEY, window.serialize(now));
}
