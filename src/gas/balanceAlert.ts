// The low-balance alert: stored per user and spreadsheet in the user's properties (a clock trigger has no document),
// checked on every scheduled run, one e-mail (MailApp) per crossing below the threshold. docs/architecture.md#balance-alert
import {
  type AlertState,
  afterSend,
  alertEmail,
  type BalanceReading,
  decideAlert,
  formatAmount,
  parseThreshold,
  withThreshold,
} from '../core/balanceAlert';
import { FREQUENCIES } from '../core/catalog';
import type { CliqtelClient } from '../core/client';
import { DASHBOARD_PATHS } from '../core/dashboard';
import { CliqtelError, errorMessage } from '../core/errors';
import type { BalanceAlertInfo, BalanceAlertResult, BalanceCheckInfo } from '../core/serverApi';
import { makeClient } from './client';
import { readSchedule, setSchedule } from './schedule';
import { accountCurrency } from './tables';

/** User property: the alert of one spreadsheet (JSON), keyed by spreadsheet id. */
const ALERT_PREFIX = 'CLIQTEL_ALERT_';
/** A balance check is two small requests at most; it never needs more than this. */
const CHECK_BUDGET_MS = 30_000;
const SENDER_NAME = 'Cliqtel for Google Sheets';

function userProps(): GoogleAppsScript.Properties.Properties {
  return PropertiesService.getUserProperties();
}

export function readAlert(spreadsheetId: string): AlertState | null {
  const raw = spreadsheetId ? userProps().getProperty(ALERT_PREFIX + spreadsheetId) : null;
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as AlertState;
    return parsed && typeof parsed.threshold === 'number' ? parsed : null;
  } catch {
    return null; // a damaged entry is treated as no alert
  }
}

function writeAlert(spreadsheetId: string, state: AlertState | null): void {
  if (state) userProps().setProperty(ALERT_PREFIX + spreadsheetId, JSON.stringify(state));
  else userProps().deleteProperty(ALERT_PREFIX + spreadsheetId);
}

/** What cliqtelGetSettings reports: exactly threshold, below and lastAlertAt. */
export function alertInfo(spreadsheetId: string): BalanceAlertInfo {
  const s = readAlert(spreadsheetId);
  return { threshold: s ? s.threshold : null, below: s ? s.below : false, lastAlertAt: s?.lastAlertAt ?? null };
}

/** The last scheduled check (balance read, or why it failed), for the sidebar. */
export function balanceCheckInfo(spreadsheetId: string): BalanceCheckInfo | null {
  const c = readAlert(spreadsheetId)?.lastCheck;
  if (!c) return null;
  return { at: c.at, availableBalance: c.availableBalance ?? null, currency: c.currency ?? null, error: c.error ?? null };
}

/**
 * Sets (or with `threshold: null` removes) this spreadsheet's alert for the current user. The alert is checked on
 * every scheduled run, so with no schedule an hourly one is turned on first (and the message says so); if that
 * fails (Google's trigger limit) nothing is stored.
 */
export function setBalanceAlert(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, thresholdArg: unknown): BalanceAlertResult {
  const threshold = parseThreshold(thresholdArg);
  const spreadsheetId = ss.getId();
  if (threshold === null) {
    writeAlert(spreadsheetId, null);
    const schedule = readSchedule(spreadsheetId);
    const stays =
      schedule.frequency === 'off'
        ? ''
        : ` The scheduled refresh stays ${FREQUENCIES[schedule.frequency].label.toLowerCase()}; turn it off in the Schedule tab if you no longer need it.`;
    return { ...alertInfo(spreadsheetId), schedule, message: `Balance alert removed: no more low-balance e-mails.${stays}` };
  }
  let schedule = readSchedule(spreadsheetId);
  const turnedOn = schedule.frequency === 'off';
  if (turnedOn) schedule = setSchedule(ss, 'hourly', undefined);
  writeAlert(spreadsheetId, withThreshold(readAlert(spreadsheetId), threshold));
  const amount = formatAmount(threshold, accountCurrency());
  const when = turnedOn
    ? 'There was no schedule, so an hourly one was turned on: the balance is checked every hour.'
    : `It is checked on every scheduled run (${FREQUENCIES[schedule.frequency].label.toLowerCase()}).`;
  return {
    ...alertInfo(spreadsheetId),
    schedule,
    message: `Balance alert set: one e-mail when the available balance falls below ${amount}. ${when}`,
  };
}

/** The available balance (usage:read), else the wallet balance (billing:read); the currency as the key's probe told it. */
function readBalance(client: CliqtelClient): BalanceReading {
  let amount: unknown;
  let currency = accountCurrency() ?? null;
  try {
    amount = (client.getJson(DASHBOARD_PATHS.summary) as Record<string, unknown> | null)?.available_balance;
  } catch (e) {
    if (!(e instanceof CliqtelError && e.status === 403)) throw e;
    const wallet = client.getJson(DASHBOARD_PATHS.balance) as Record<string, unknown> | null;
    amount = wallet?.balance;
    if (typeof wallet?.currency === 'string') currency = wallet.currency;
  }
  if (typeof amount !== 'number' || !Number.isFinite(amount)) {
    return { ok: false, error: 'Cliqtel sent no available balance; nothing was sent. The next run tries again.' };
  }
  return { ok: true, availableBalance: amount, currency };
}

function sendAlertMail(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  state: AlertState,
  reading: Extract<BalanceReading, { ok: true }>,
): { ok: true; at: string } | { ok: false; error: string } {
  try {
    const to = Session.getEffectiveUser().getEmail();
    if (!to) return { ok: false, error: 'the alert e-mail was not sent: Google did not tell the add-on your e-mail address' };
    if (MailApp.getRemainingDailyQuota() < 1) {
      return {
        ok: false,
        error: "the alert e-mail was not sent: today's e-mail quota of your Google account is used up; a later run tries again",
      };
    }
    const mail = alertEmail({
      spreadsheetName: ss.getName(),
      spreadsheetUrl: ss.getUrl(),
      availableBalance: reading.availableBalance,
      threshold: state.threshold,
      currency: reading.currency,
    });
    MailApp.sendEmail({ to, subject: mail.subject, body: mail.body, name: SENDER_NAME });
    return { ok: true, at: new Date().toISOString() };
  } catch (e) {
    return { ok: false, error: `the alert e-mail was not sent (${errorMessage(e)}); a later run tries again` };
  }
}

/**
 * One scheduled check of the spreadsheet's alert (null when it has none): read the balance, send the e-mail on a
 * crossing, record the outcome. A failed read sends nothing and is recorded. Returns a short status for the run.
 */
export function runBalanceCheck(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  spreadsheetId: string,
  apiKey: string,
): string | null {
  const state = readAlert(spreadsheetId);
  if (!state) return null;
  let reading: BalanceReading;
  try {
    reading = readBalance(makeClient(apiKey, CHECK_BUDGET_MS));
  } catch (e) {
    reading = { ok: false, error: errorMessage(e) };
  }
  const { next, send } = decideAlert(state, reading, new Date().toISOString());
  const final = send && reading.ok ? afterSend(next, sendAlertMail(ss, next, reading)) : next;
  writeAlert(spreadsheetId, final);
  const threshold = formatAmount(final.threshold, reading.ok ? reading.currency : accountCurrency());
  if (!reading.ok) return `balance alert: could not read the balance (${reading.error})`;
  const balance = formatAmount(reading.availableBalance, reading.currency);
  if (!final.below) return `balance ${balance}, alert below ${threshold}`;
  if (send)
    return final.alerted
      ? `balance ${balance} below ${threshold}: alert e-mail sent`
      : `balance ${balance} below ${threshold}: ${final.lastCheck?.error}`;
  return `balance ${balance} below ${threshold} (already e-mailed)`;
}

/** A run that could not check at all (no key): recorded on the alert, nothing sent. */
export function recordBalanceCheckFailure(spreadsheetId: string, message: string): void {
  const state = readAlert(spreadsheetId);
  if (!state) return;
  writeAlert(spreadsheetId, decideAlert(state, { ok: false, error: message }, new Date().toISOString()).next);
}
