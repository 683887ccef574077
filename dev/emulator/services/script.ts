// ScriptApp: enums, and installable triggers with the add-on rules (hourly at most, one per type per user per document).
import * as crypto from 'node:crypto';
import { isValidTimeZone } from '../dates';
import { type Invocation, withNotImplemented } from '../invocation';
import type { TriggerRecord } from '../state';
import type { SpreadsheetApi } from './spreadsheet';

export const AuthModeEnum = Object.freeze({ NONE: 'NONE', CUSTOM_FUNCTION: 'CUSTOM_FUNCTION', LIMITED: 'LIMITED', FULL: 'FULL' });
const EventTypeEnum = Object.freeze({
  CLOCK: 'CLOCK',
  ON_OPEN: 'ON_OPEN',
  ON_EDIT: 'ON_EDIT',
  ON_FORM_SUBMIT: 'ON_FORM_SUBMIT',
  ON_CHANGE: 'ON_CHANGE',
  ON_EVENT_UPDATED: 'ON_EVENT_UPDATED',
});
const TriggerSourceEnum = Object.freeze({
  SPREADSHEETS: 'SPREADSHEETS',
  CLOCK: 'CLOCK',
  FORMS: 'FORMS',
  DOCUMENTS: 'DOCUMENTS',
  CALENDAR: 'CALENDAR',
});
const WeekDayEnum = Object.freeze({
  SUNDAY: 'SUNDAY',
  MONDAY: 'MONDAY',
  TUESDAY: 'TUESDAY',
  WEDNESDAY: 'WEDNESDAY',
  THURSDAY: 'THURSDAY',
  FRIDAY: 'FRIDAY',
  SATURDAY: 'SATURDAY',
});

// https://developers.google.com/apps-script/guides/services/quotas — Triggers: 20 / user / script.
export const MAX_TRIGGERS_PER_USER = 20;
const HOUR_MS = 3600000;

export function triggerApi(t: TriggerRecord): object {
  return withNotImplemented(
    {
      getUniqueId: () => t.uid,
      getHandlerFunction: () => t.handler,
      getEventType: () => t.eventType,
      getTriggerSource: () => t.source,
      getTriggerSourceId: () => t.sourceId,
      __uid: t.uid,
      toString: () => 'Trigger',
    },
    'Trigger',
  );
}

function createTrigger(inv: Invocation, draft: Omit<TriggerRecord, 'uid' | 'owner' | 'createdAt' | 'documentId'>): object {
  const { state } = inv;
  inv.requireFull('TriggerBuilder.create');
  const owner = inv.effectiveUser;
  const documentId = inv.activeSpreadsheet?.id ?? null;
  if (draft.eventType === 'CLOCK') {
    const s = draft.schedule;
    const recurring =
      s.everyMinutes !== undefined || s.everyHours !== undefined || s.everyDays !== undefined || s.everyWeeks !== undefined;
    if (!recurring && s.after === undefined && s.at === undefined) throw inv.exception('Missing recurrence for clock trigger.');
    // Add-ons may run time-driven triggers at most once per hour
    // (https://developers.google.com/apps-script/guides/triggers/installable#time-driven_triggers).
    if (state.isAddon && (s.everyMinutes !== undefined || (typeof s.after === 'number' && s.after < HOUR_MS))) {
      throw inv.exception('Add-ons cannot create time-based triggers that run more often than once per hour.');
    }
  }
  const mine = state.triggers.filter((t) => t.owner === owner);
  if (mine.length >= MAX_TRIGGERS_PER_USER) {
    throw inv.exception('This script has too many triggers. Triggers must be deleted from the script before more can be added.');
  }
  // "Each add-on can only have one trigger of each type, per user, per document"
  // (https://developers.google.com/workspace/add-ons/concepts/editor-triggers#restrictions).
  if (state.isAddon && mine.some((t) => t.documentId === documentId && t.eventType === draft.eventType)) {
    throw inv.exception(`This add-on already has a ${draft.eventType} trigger for this user in this document.`);
  }
  const record: TriggerRecord = {
    ...draft,
    uid: String(1000000 + Math.floor(Math.random() * 8999999)),
    owner,
    documentId,
    createdAt: state.now(),
  };
  while (state.triggers.some((t) => t.uid === record.uid)) record.uid = String(Number(record.uid) + 1);
  state.triggers.push(record);
  return triggerApi(record);
}

function clockBuilder(inv: Invocation, handler: string): object {
  const schedule: Record<string, unknown> = {};
  const allowed = (what: string, n: number, values: number[]) => {
    if (!values.includes(n)) throw inv.exception(`Invalid argument: ${what} must be one of ${values.join(', ')}`);
  };
  const builder = {
    everyMinutes(n: number) {
      allowed('minutes', n, [1, 5, 10, 15, 30]);
      schedule.everyMinutes = n;
      return proxied;
    },
    everyHours(n: number) {
      allowed('hours', n, [1, 2, 4, 6, 8, 12]);
      schedule.everyHours = n;
      return proxied;
    },
    everyDays(n: number) {
      if (!Number.isInteger(n) || n < 1) throw inv.exception('Invalid argument: days');
      schedule.everyDays = n;
      return proxied;
    },
    everyWeeks(n: number) {
      if (!Number.isInteger(n) || n < 1) throw inv.exception('Invalid argument: weeks');
      schedule.everyWeeks = n;
      return proxied;
    },
    atHour(h: number) {
      if (!Number.isInteger(h) || h < 0 || h > 23) throw inv.exception('Invalid argument: hour');
      schedule.atHour = h;
      return proxied;
    },
    nearMinute(m: number) {
      if (!Number.isInteger(m) || m < 0 || m > 59) throw inv.exception('Invalid argument: minute');
      schedule.nearMinute = m;
      return proxied;
    },
    inTimezone(tz: string) {
      if (!isValidTimeZone(String(tz))) throw inv.exception('Invalid argument: timezone');
      schedule.timezone = String(tz);
      return proxied;
    },
    onWeekDay(day: string) {
      schedule.weekDay = String(day);
      return proxied;
    },
    onMonthDay(day: number) {
      schedule.monthDay = day;
      return proxied;
    },
    after(ms: number) {
      schedule.after = ms;
      return proxied;
    },
    at(date: Date) {
      schedule.at = new Date(date.getTime()).toISOString();
      return proxied;
    },
    create() {
      return createTrigger(inv, { handler, eventType: 'CLOCK', source: 'CLOCK', sourceId: null, schedule });
    },
  };
  const proxied = withNotImplemented(builder, 'ClockTriggerBuilder');
  return proxied;
}

function spreadsheetBuilder(inv: Invocation, handler: string, spreadsheetId: string): object {
  const make = (eventType: TriggerRecord['eventType']) =>
    withNotImplemented(
      { create: () => createTrigger(inv, { handler, eventType, source: 'SPREADSHEETS', sourceId: spreadsheetId, schedule: {} }) },
      'SpreadsheetTriggerBuilder',
    );
  return withNotImplemented(
    {
      onOpen: () => make('ON_OPEN'),
      onEdit: () => make('ON_EDIT'),
      onChange: () => make('ON_CHANGE'),
      onFormSubmit: () => make('ON_FORM_SUBMIT'),
    },
    'SpreadsheetTriggerBuilder',
  );
}

function uidOf(trigger: unknown): string | undefined {
  if (trigger && typeof trigger === 'object' && '__uid' in trigger) return String((trigger as { __uid: string }).__uid);
  return undefined;
}

export function makeScriptApp(inv: Invocation): object {
  const { state } = inv;
  const app = {
    AuthMode: AuthModeEnum,
    EventType: EventTypeEnum,
    TriggerSource: TriggerSourceEnum,
    WeekDay: WeekDayEnum,
    getScriptId: () => state.scriptId,
    getOAuthToken() {
      inv.requireFull('ScriptApp.getOAuthToken', true);
      return `emulator-oauth-token-${crypto.createHash('sha256').update(inv.effectiveUser).digest('hex').slice(0, 16)}`;
    },
    newTrigger(functionName: string) {
      inv.requireFull('ScriptApp.newTrigger');
      const handler = String(functionName);
      return withNotImplemented(
        {
          timeBased: () => clockBuilder(inv, handler),
          forSpreadsheet: (ss: SpreadsheetApi | string) =>
            spreadsheetBuilder(inv, handler, typeof ss === 'string' ? ss : ss.getId()),
        },
        'TriggerBuilder',
      );
    },
    /** The current user's triggers for this project; for an add-on that spans every document it was used in. */
    getProjectTriggers() {
      inv.requireFull('ScriptApp.getProjectTriggers');
      return inv.out(state.triggers.filter((t) => t.owner === inv.effectiveUser).map((t) => triggerApi(t)));
    },
    /** The current user's triggers belonging to the given spreadsheet (this script/add-on only). */
    getUserTriggers(ss: SpreadsheetApi) {
      inv.requireFull('ScriptApp.getUserTriggers');
      const id = ss.getId();
      return inv.out(
        state.triggers
          .filter((t) => t.owner === inv.effectiveUser && (t.documentId === id || t.sourceId === id))
          .map((t) => triggerApi(t)),
      );
    },
    deleteTrigger(trigger: unknown) {
      inv.requireFull('ScriptApp.deleteTrigger');
      const uid = uidOf(trigger);
      const i = state.triggers.findIndex((t) => t.uid === uid);
      if (i < 0) return;
      if (state.triggers[i].owner !== inv.effectiveUser) inv.deny('ScriptApp.deleteTrigger');
      state.triggers.splice(i, 1);
    },
  };
  return withNotImplemented(app, 'ScriptApp');
}
