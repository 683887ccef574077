// Scheduled refresh: one clock trigger per user and spreadsheet, the spreadsheet id and run outcome kept in the
// user's properties (a clock trigger has no document context), and the trigger handler that refreshes every report.
import { parseEnumArg } from '../core/args';
import { argumentError, CliqtelError, errorMessage } from '../core/errors';
import { FREQUENCIES, FREQUENCY_IDS, type Frequency } from '../core/catalog';
import type { ScheduleInfo } from '../core/serverApi';
import { readAlert, recordBalanceCheckFailure, runBalanceCheck } from './balanceAlert';
import { resolveUserKey } from './keys';
import { listReports, recordFailure, type RegisteredReport } from './registry';
import { describeRun, refreshMany } from './refresh';

export const SCHEDULED_HANDLER = 'cliqtelScheduledRefresh';
const DEFAULT_DAILY_HOUR = 6;
/** User property: schedule of one spreadsheet (JSON), keyed by spreadsheet id. */
const SCHEDULE_PREFIX = 'CLIQTEL_SCHEDULE_';
/** User property: the spreadsheet id a trigger (by unique id) belongs to. */
const TRIGGER_PREFIX = 'CLIQTEL_TRIGGER_';
/** How long a scheduled run waits for the user lock before skipping (another run holds it: skip, don't queue). */
const LOCK_WAIT_MS = 500;

interface StoredSchedule {
  frequency: Frequency;
  hour?: number;
  triggerUid?: string;
  lastRun: string | null;
  lastRunStatus: string | null;
  /** Sheet ids a run could not reach in time; the next run starts with them. */
  pending?: number[];
}

function userProps(): GoogleAppsScript.Properties.Properties {
  return PropertiesService.getUserProperties();
}

function readStored(spreadsheetId: string): StoredSchedule {
  const raw = spreadsheetId ? userProps().getProperty(SCHEDULE_PREFIX + spreadsheetId) : null;
  if (raw) {
    try {
      const parsed = JSON.parse(raw) as StoredSchedule;
      if (parsed && FREQUENCY_IDS.includes(parsed.frequency)) return parsed;
    } catch {
      // a damaged entry is treated as no schedule
    }
  }
  return { frequency: 'off', lastRun: null, lastRunStatus: null };
}

function writeStored(spreadsheetId: string, schedule: StoredSchedule): void {
  userProps().setProperty(SCHEDULE_PREFIX + spreadsheetId, JSON.stringify(schedule));
}

function toInfo(s: StoredSchedule): ScheduleInfo {
  const info: ScheduleInfo = { frequency: s.frequency, lastRun: s.lastRun ?? null, lastRunStatus: s.lastRunStatus ?? null };
  if (s.frequency === 'daily' && typeof s.hour === 'number') info.hour = s.hour;
  return info;
}

/** The schedule of a spreadsheet for the current user (what the sidebar shows). */
export function readSchedule(spreadsheetId: string): ScheduleInfo {
  return toInfo(readStored(spreadsheetId));
}

function parseHour(value: unknown, frequency: Frequency): number | undefined {
  const absent = value === undefined || value === null || value === '';
  if (absent) return frequency === 'daily' ? DEFAULT_DAILY_HOUR : undefined;
  const n = typeof value === 'string' && /^\s*\d{1,2}\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 23) {
    throw argumentError('hour', 'a whole hour from 0 to 23', value);
  }
  return frequency === 'daily' ? n : undefined;
}

/** Unique ids of this spreadsheet's triggers: the recorded one, plus any mapping left behind pointing at it. */
function triggerUidsFor(spreadsheetId: string, stored: StoredSchedule): Set<string> {
  const uids = new Set<string>();
  if (stored.triggerUid) uids.add(stored.triggerUid);
  const all = userProps().getProperties();
  for (const key of Object.keys(all)) {
    if (key.startsWith(TRIGGER_PREFIX) && all[key] === spreadsheetId) uids.add(key.slice(TRIGGER_PREFIX.length));
  }
  return uids;
}

function deleteTriggers(uids: Set<string>): void {
  if (uids.size === 0) return;
  for (const trigger of ScriptApp.getProjectTriggers()) {
    if (uids.has(trigger.getUniqueId())) ScriptApp.deleteTrigger(trigger);
  }
  for (const uid of uids) userProps().deleteProperty(TRIGGER_PREFIX + uid);
}

/**
 * Keeps exactly one clock trigger for this user and spreadsheet: deletes only this spreadsheet's previous trigger
 * (the user's triggers for other spreadsheets are left alone), then creates the new one unless `off`.
 */
export function setSchedule(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, frequencyArg: unknown, hourArg: unknown): ScheduleInfo {
  const frequency = parseEnumArg('frequency', frequencyArg, FREQUENCY_IDS);
  const hour = parseHour(hourArg, frequency);
  const spreadsheetId = ss.getId();
  const stored = readStored(spreadsheetId);
  deleteTriggers(triggerUidsFor(spreadsheetId, stored));
  const next: StoredSchedule = { frequency, lastRun: stored.lastRun ?? null, lastRunStatus: stored.lastRunStatus ?? null };
  if (frequency !== 'off') {
    let trigger: GoogleAppsScript.Script.Trigger;
    try {
      const clock = ScriptApp.newTrigger(SCHEDULED_HANDLER).timeBased();
      const everyHours = FREQUENCIES[frequency].everyHours;
      if (everyHours < 24) trigger = clock.everyHours(everyHours).create();
      else
        trigger = clock
          .everyDays(1)
          .atHour(hour as number)
          .inTimezone(ss.getSpreadsheetTimeZone())
          .create();
    } catch (e) {
      writeStored(spreadsheetId, { ...next, frequency: 'off' });
      throw new CliqtelError(
        `Could not create the scheduled refresh (${errorMessage(e)}). Google limits each user to 20 triggers per ` +
          'add-on: turn off schedules in spreadsheets you no longer use, then try again.',
        { status: 0, code: 'quota' },
      );
    }
    next.triggerUid = trigger.getUniqueId();
    if (hour !== undefined) next.hour = hour;
    userProps().setProperty(TRIGGER_PREFIX + next.triggerUid, spreadsheetId);
  }
  writeStored(spreadsheetId, next);
  return toInfo(next);
}

function recordRun(spreadsheetId: string, status: string, pending?: number[]): void {
  const stored = readStored(spreadsheetId);
  stored.lastRun = new Date().toISOString();
  stored.lastRunStatus = status.length > 500 ? `${status.slice(0, 499)}…` : status;
  if (pending && pending.length > 0) stored.pending = pending;
  else delete stored.pending;
  writeStored(spreadsheetId, stored);
}

/** Pending reports (left over by the previous run) first, then the rest in tab order. */
function inRunOrder(reports: RegisteredReport[], pending: number[] | undefined): RegisteredReport[] {
  if (!pending || pending.length === 0) return reports;
  const first = reports.filter((r) => pending.includes(r.sheet.getSheetId()));
  const rest = reports.filter((r) => !pending.includes(r.sheet.getSheetId()));
  return [...first, ...rest];
}

/**
 * The clock-trigger handler. No document context here: the spreadsheet comes from the trigger's recorded id and is
 * opened by id; runs are serialised with the user lock (a run that finds it taken records "skipped" and returns);
 * every report's status and the run's outcome are recorded, because add-on trigger failures e-mail nobody.
 */
export function runScheduledRefresh(e: GoogleAppsScript.Events.TimeDriven | undefined): void {
  const startedAt = Date.now();
  const uid = e?.triggerUid ? String(e.triggerUid) : '';
  const spreadsheetId = uid ? userProps().getProperty(TRIGGER_PREFIX + uid) : null;
  if (!spreadsheetId) {
    // A trigger nobody recorded would fire forever for nothing: remove it.
    if (uid) deleteTriggers(new Set([uid]));
    return;
  }
  const lock = LockService.getUserLock();
  if (!lock.tryLock(LOCK_WAIT_MS)) {
    recordRun(spreadsheetId, 'skipped: another Cliqtel refresh was running');
    return;
  }
  try {
    let ss: GoogleAppsScript.Spreadsheet.Spreadsheet;
    try {
      ss = SpreadsheetApp.openById(spreadsheetId);
    } catch (err) {
      recordRun(
        spreadsheetId,
        `error: could not open the spreadsheet (${errorMessage(err)}); it may have been ` +
          'deleted or unshared. Open it and set the schedule again, or turn the schedule off.',
      );
      return;
    }
    const reports = listReports(ss);
    // The low-balance alert shares this trigger (an add-on has one clock trigger per user and document).
    const hasAlert = readAlert(spreadsheetId) !== null;
    if (reports.length === 0 && !hasAlert) {
      recordRun(spreadsheetId, 'ok: no reports to refresh');
      return;
    }
    let apiKey: string;
    try {
      apiKey = resolveUserKey();
    } catch (err) {
      const message = errorMessage(err);
      for (const r of reports) recordFailure(r.sheet, r.record, message, new Date());
      if (hasAlert) recordBalanceCheckFailure(spreadsheetId, message);
      recordRun(spreadsheetId, `error: ${message}`);
      return;
    }
    // The balance first: two small requests, and the one thing that must not wait for a long report.
    const alertStatus = hasAlert ? runBalanceCheck(ss, spreadsheetId, apiKey) : null;
    if (reports.length === 0) {
      recordRun(spreadsheetId, `ok: no reports to refresh; ${alertStatus}`);
      return;
    }
    const stored = readStored(spreadsheetId);
    const outcome = refreshMany(ss, apiKey, false, inRunOrder(reports, stored.pending), startedAt);
    const pending = outcome.notReached.map((r) => r.sheet.getSheetId());
    const text = describeRun(outcome, reports.length).text;
    recordRun(spreadsheetId, alertStatus ? `${text}; ${alertStatus}` : text, pending);
  } finally {
    lock.releaseLock();
  }
}
