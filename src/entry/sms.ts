// Server functions for SMS from a sheet (docs/architecture.md#sms-from-a-sheet): each checks its argument and calls
// src/gas/sms.ts. Every row is sent at most once, only as previewed, paced to Cliqtel's 60 requests a minute.
import { parseObjectArg } from '../core/args';
import { argumentError } from '../core/errors';
import type { SmsPreview, SmsPreviewArgs, SmsProgress, SmsSender, SmsSheetInfo } from '../core/serverApi';
import { DEFAULT_SEND_SECONDS, MAX_SEND_SECONDS } from '../core/sms';
import { requireActiveSpreadsheet } from '../gas/config';
import { resolveUserKey } from '../gas/keys';
import { jobStatus, listSenders, listSmsSheets, previewJob, sendBatch, stopJob } from '../gas/sms';

const PREVIEW_FIELDS = '{sheetName, toColumn, from} and a bodyColumn or a template';
const SEND_FIELDS = "{jobKey, confirm} from the preview (confirm = the preview's sendable count), optionally maxSeconds";

/** The SMS-capable numbers of your key (`GET /v1/sms/numbers`): the senders a job can use. */
export function cliqtelSmsSenders(): { numbers: SmsSender[] } {
  return { numbers: listSenders(resolveUserKey()) };
}

/** The sheets of this spreadsheet with their headers and any SMS job (for the sidebar's pickers and resuming). */
export function cliqtelSmsSheets(): { sheets: SmsSheetInfo[]; activeSheet: string | null } {
  return listSmsSheets(requireActiveSpreadsheet());
}

/**
 * Previews an SMS job: reads the sheet (header row 1), renders each row's message, validates numbers, bodies and the
 * sender, and returns the counts, skipped rows with reasons and samples. Sends nothing.
 */
export function cliqtelSmsPreview(arg: SmsPreviewArgs): SmsPreview {
  const a = parseObjectArg(arg, PREVIEW_FIELDS);
  const ss = requireActiveSpreadsheet();
  return previewJob(ss, resolveUserKey(), a);
}

/** Sends the next batch of a previewed job for at most maxSeconds (default 45); call again until `done`. */
export function cliqtelSmsSend(arg: { jobKey: string; confirm: number; maxSeconds?: number }): SmsProgress {
  const a = parseObjectArg(arg, SEND_FIELDS);
  if (typeof a.jobKey !== 'string' || a.jobKey === '') throw argumentError('jobKey', 'the jobKey the preview returned', a.jobKey);
  if (typeof a.confirm !== 'number' || !Number.isInteger(a.confirm) || a.confirm < 0) {
    throw argumentError('confirm', "the preview's sendable count (a whole number)", a.confirm);
  }
  let maxSeconds = DEFAULT_SEND_SECONDS;
  if (a.maxSeconds !== undefined && a.maxSeconds !== null) {
    if (typeof a.maxSeconds !== 'number' || !(a.maxSeconds > 0) || a.maxSeconds > MAX_SEND_SECONDS) {
      throw argumentError('maxSeconds', `a number of seconds above 0 and at most ${MAX_SEND_SECONDS}`, a.maxSeconds);
    }
    maxSeconds = a.maxSeconds;
  }
  const ss = requireActiveSpreadsheet();
  return sendBatch(ss, resolveUserKey(), { jobKey: a.jobKey, confirm: a.confirm, maxSeconds });
}

/** The counts of the sheet's SMS job, without sending anything. */
export function cliqtelSmsStatus(arg: { sheetName: string }): SmsProgress {
  return jobStatus(requireActiveSpreadsheet(), parseObjectArg(arg, '{sheetName}').sheetName);
}

/** Stops the sheet's SMS job: nothing further is sent; a later preview starts from the rows still unsent. */
export function cliqtelSmsStop(arg: { sheetName: string }): SmsProgress {
  return stopJob(requireActiveSpreadsheet(), parseObjectArg(arg, '{sheetName}').sheetName);
}
