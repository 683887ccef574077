// SMS from a sheet, the pure part: the job's settings, and the one import point for the SMS core, whose parts live in
// siblings (smsText: segments, E.164, templates; smsSnapshot: job key, fingerprints, snapshots; smsStatus: statuses and
// counts; smsWindow: pacing across executions; smsReconcile: matching messages after an ambiguous send).
// docs/architecture.md#sms-from-a-sheet

/** The columns the add-on adds (or reuses) to the right of the data, in this order. */
export const SMS_COLUMNS = ['SMS status', 'SMS id', 'SMS sent at', 'SMS cost'] as const;
/** Cliqtel refuses longer bodies (422); the preview refuses them first. */
export const MAX_SMS_CHARS = 1600;
/** Rows shown as samples in a preview. */
export const PREVIEW_SAMPLES = 3;
/** A send call's default time budget (s): well inside Apps Script's 6-minute execution limit. */
export const DEFAULT_SEND_SECONDS = 45;
/** Leaves room under the 6-minute limit for a hanging request (~60 s) and the closing reads and writes. */
export const MAX_SEND_SECONDS = 240;

export * from './smsReconcile';
export * from './smsSnapshot';
export * from './smsStatus';
export * from './smsText';
export * from './smsWindow';
