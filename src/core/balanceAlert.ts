// The low-balance alert, pure: the threshold argument, the one-e-mail-per-crossing rule and the e-mail's text.
// docs/architecture.md#balance-alert
import { argumentError } from './errors';

/** Where a Cliqtel customer tops up (the portal's wallet; the API has no top-up endpoint). */
export const TOP_UP_PLACE = 'https://cliqtel.com (sign in, then top up your wallet in the portal)';
const MAX_THRESHOLD = 1_000_000_000;

/** What is stored per user and spreadsheet (user properties: a clock trigger has no document). */
export interface AlertState {
  /** In the account's currency. */
  threshold: number;
  /** The last successful reading was below the threshold. */
  below: boolean;
  /** The e-mail for the current crossing went out; cleared when the balance is back at or above the threshold. */
  alerted: boolean;
  /** ISO time of the last alert e-mail, or null. */
  lastAlertAt: string | null;
  lastCheck: AlertCheck | null;
}

export interface AlertCheck {
  /** ISO time of the check. */
  at: string;
  availableBalance?: number;
  currency?: string | null;
  /** Why the check (or its e-mail) failed; nothing was sent. */
  error?: string;
}

/** `threshold`: a number ≥ 0 in the account's currency (text such as "50" or "50.5" too), or null to remove the alert. */
export function parseThreshold(value: unknown): number | null {
  if (value === null) return null;
  const n = typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || n > MAX_THRESHOLD) {
    throw argumentError(
      'threshold',
      'an amount of at least 0 in your account currency (e.g. 50), or null to remove the alert',
      value,
    );
  }
  return Math.round(n * 100) / 100;
}

/** A new alert, or the same one kept when the threshold did not change (a new threshold is a new alert). */
export function withThreshold(previous: AlertState | null, threshold: number): AlertState {
  if (previous && previous.threshold === threshold) return previous;
  return {
    threshold,
    below: false,
    alerted: false,
    lastAlertAt: previous?.lastAlertAt ?? null,
    lastCheck: previous?.lastCheck ?? null,
  };
}

export type BalanceReading = { ok: true; availableBalance: number; currency: string | null } | { ok: false; error: string };

/**
 * One scheduled check. Below the threshold and not yet alerted → send (one e-mail per crossing); still below after
 * that → nothing; at or above → re-armed for the next crossing. A failed reading changes nothing but the record of
 * the check, and never sends.
 */
export function decideAlert(state: AlertState, reading: BalanceReading, at: string): { next: AlertState; send: boolean } {
  if (!reading.ok) return { next: { ...state, lastCheck: { at, error: reading.error } }, send: false };
  const lastCheck: AlertCheck = { at, availableBalance: reading.availableBalance, currency: reading.currency };
  if (reading.availableBalance < state.threshold) {
    return { next: { ...state, below: true, lastCheck }, send: !state.alerted };
  }
  return { next: { ...state, below: false, alerted: false, lastCheck }, send: false };
}

/** After the send: a sent e-mail marks the crossing as alerted; a failed one is recorded and tried again next run. */
export function afterSend(state: AlertState, sent: { ok: true; at: string } | { ok: false; error: string }): AlertState {
  if (sent.ok) return { ...state, alerted: true, lastAlertAt: sent.at };
  return {
    ...state,
    alerted: false,
    lastCheck: { ...(state.lastCheck ?? { at: new Date(0).toISOString() }), error: sent.error },
  };
}

/** 1234.5 + EUR → "1,234.50 EUR"; without a currency just the amount. */
export function formatAmount(amount: number, currency: string | null | undefined): string {
  const text = amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return currency ? `${text} ${currency}` : text;
}

export interface AlertEmailFacts {
  spreadsheetName: string;
  spreadsheetUrl: string;
  availableBalance: number;
  threshold: number;
  currency: string | null;
}

/** The alert e-mail (plain text: nothing in it is markup). It names no key, only what the user needs to act. */
export function alertEmail(f: AlertEmailFacts): { subject: string; body: string } {
  const balance = formatAmount(f.availableBalance, f.currency);
  const threshold = formatAmount(f.threshold, f.currency);
  return {
    subject: `Cliqtel balance low: ${balance} available (alert below ${threshold})`,
    body: [
      `Your Cliqtel available balance is ${balance}, below the alert threshold of ${threshold} you set in the spreadsheet "${f.spreadsheetName}".`,
      '',
      `Top up to keep calls and messages going: ${TOP_UP_PLACE}.`,
      '',
      `Spreadsheet: ${f.spreadsheetUrl}`,
      '',
      'You get this e-mail once each time the balance falls below the threshold; the next one only after it has been',
      'back at or above it. Change or remove the alert in the spreadsheet: Extensions › Cliqtel › Open sidebar › Schedule.',
      '— Cliqtel for Google Sheets',
    ].join('\n'),
  };
}
