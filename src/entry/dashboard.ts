// Server functions of the dashboard and the low-balance alert: check the argument, call src/gas
// (docs/architecture.md#dashboard, docs/architecture.md#balance-alert).
import { parseObjectArg } from '../core/args';
import { argumentError } from '../core/errors';
import type { BalanceAlertResult } from '../core/serverApi';
import { setBalanceAlert } from '../gas/balanceAlert';
import { makeClient, SERVER_BUDGET_MS } from '../gas/client';
import { requireActiveSpreadsheet } from '../gas/config';
import { insertDashboard } from '../gas/dashboard';
import { resolveUserKey } from '../gas/keys';

/**
 * Inserts the dashboard sheet (balance, this month vs last, a 30-day chart, top 10 destinations and numbers by cost)
 * and registers it so it refreshes with the other reports; with a dashboard already there, refreshes that one.
 */
export function cliqtelInsertDashboard(arg?: { sheetName?: string }): { sheetName: string } {
  const a = parseObjectArg(arg, '{sheetName} (optional)', true);
  if (a.sheetName !== undefined && a.sheetName !== null && typeof a.sheetName !== 'string') {
    throw argumentError('sheetName', 'a sheet name (text)', a.sheetName);
  }
  const ss = requireActiveSpreadsheet();
  const client = makeClient(resolveUserKey(), SERVER_BUDGET_MS);
  return insertDashboard({ ss, client, interactive: true }, (a.sheetName as string | null | undefined) ?? undefined);
}

/**
 * Sets the low-balance alert of this spreadsheet (threshold in the account's currency; null removes it). It is
 * checked on every scheduled run; with no schedule an hourly one is turned on, and the message says so.
 */
export function cliqtelSetBalanceAlert(arg: { threshold: number | null }): BalanceAlertResult {
  const a = parseObjectArg(arg, '{threshold} (an amount in your account currency, or null to remove the alert)');
  if (!('threshold' in a))
    throw argumentError('threshold', 'an amount in your account currency, or null to remove the alert', undefined);
  return setBalanceAlert(requireActiveSpreadsheet(), a.threshold);
}
