// Refreshing many reports in one execution — from the menu or sidebar (under the user lock, waiting briefly) or from
// the clock trigger — each within the time left, and the one sentence that tells the user how it went.
import { CliqtelError } from '../core/errors';
import { DASHBOARD_KIND } from '../core/catalog';
import { makeClient, SERVER_BUDGET_MS } from './client';
import { refreshDashboard } from './dashboard';
import type { LogRefresh } from '../core/serverApi';
import { readReport, type RegisteredReport } from './registry';
import { refreshReport } from './reports';

/** An execution may run 6 minutes; stop starting new work after this, so the last write still fits. */
export const RUN_LIMIT_MS = 5 * 60_000;
/** Time kept back from a fetch's budget for writing its rows into the sheet. */
const WRITE_MARGIN_MS = 45_000;
/** Below this much time left, a report is not started (it is left for the next run). */
const MIN_REPORT_TIME_MS = 75_000;

export interface RefreshOutcome {
  refreshed: number;
  failed: { sheetName: string; error: string }[];
  /** Reports not started because the execution's time was running out. */
  notReached: RegisteredReport[];
  /** Each calls log refreshed, with what its merge did (as recorded in its registry entry). */
  logs: ({ sheetName: string } & LogRefresh)[];
}

/**
 * Refreshes reports one after another with the acting user's key, each fetch bounded by the time left in this
 * execution (counted from `startedAt`); reports that no longer fit are returned in `notReached`, untouched.
 */
export function refreshMany(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  apiKey: string,
  interactive: boolean,
  reports: RegisteredReport[],
  startedAt: number,
): RefreshOutcome {
  const outcome: RefreshOutcome = { refreshed: 0, failed: [], notReached: [], logs: [] };
  for (let i = 0; i < reports.length; i++) {
    const left = RUN_LIMIT_MS - (Date.now() - startedAt);
    if (left < MIN_REPORT_TIME_MS) {
      outcome.notReached = reports.slice(i);
      break;
    }
    const client = makeClient(apiKey, Math.min(SERVER_BUDGET_MS, left - WRITE_MARGIN_MS));
    const ctx = { ss, client, interactive };
    const error = reports[i].record.kind === DASHBOARD_KIND ? refreshDashboard(ctx, reports[i]) : refreshReport(ctx, reports[i]);
    if (error === null) {
      outcome.refreshed++;
      if (reports[i].record.kind === 'calls_log') {
        const r = readReport(reports[i].sheet);
        outcome.logs.push({
          sheetName: reports[i].sheet.getName(),
          added: r?.added ?? 0,
          updated: r?.updated ?? 0,
          unchanged: r?.unchanged ?? 0,
        });
      }
    } else outcome.failed.push({ sheetName: reports[i].sheet.getName(), error });
  }
  return outcome;
}

/** What a run did, in one sentence: the registry, the schedule's last-run status and toasts all use it. */
export function describeRun(outcome: RefreshOutcome, total: number): { ok: boolean; text: string } {
  const plural = (n: number) => `${n} report${n === 1 ? '' : 's'}`;
  const failed = outcome.failed.length ? `, ${outcome.failed.length} failed` : '';
  if (outcome.notReached.length > 0) {
    return {
      ok: false,
      text: `partial: ${outcome.refreshed} of ${total} reports refreshed${failed}; the other ${outcome.notReached.length} continue next run`,
    };
  }
  if (outcome.failed.length > 0) {
    const first = outcome.failed[0];
    return {
      ok: false,
      text: `error: ${outcome.failed.length} of ${total} reports failed (first: "${first.sheetName}": ${first.error})`,
    };
  }
  return { ok: true, text: `ok: ${plural(outcome.refreshed)} refreshed` };
}

/** A manual refresh waits this long for a scheduled run of the same user to finish before giving up. */
const MANUAL_LOCK_WAIT_MS = 5_000;

/**
 * A refresh the user asked for (menu or sidebar): under the user lock, so it never writes at the same time as a
 * scheduled run; reports this execution has no time left for are reported as failed with what to do.
 */
export function refreshInteractively(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  apiKey: string,
  reports: RegisteredReport[],
  startedAt: number,
): { refreshed: number; failed: { sheetName: string; error: string }[]; logs?: ({ sheetName: string } & LogRefresh)[] } {
  const lock = LockService.getUserLock();
  if (!lock.tryLock(MANUAL_LOCK_WAIT_MS)) {
    throw new CliqtelError('A scheduled Cliqtel refresh is running right now. Try again in a few minutes.', {
      status: 0,
      code: 'busy',
    });
  }
  try {
    const outcome = refreshMany(ss, apiKey, true, reports, startedAt);
    const failed = outcome.failed.concat(
      outcome.notReached.map((r) => ({
        sheetName: r.sheet.getName(),
        error: 'not refreshed: this run ran out of time; run Refresh again to continue',
      })),
    );
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    const summary =
      failed.length === 0
        ? `Refreshed ${outcome.refreshed} report${outcome.refreshed === 1 ? '' : 's'} in ${seconds} s.`
        : `Refreshed ${outcome.refreshed} of ${reports.length} reports; "${failed[0].sheetName}" failed: ${failed[0].error}`;
    const logs = outcome.logs.map((l) => ` "${l.sheetName}": ${l.added} new, ${l.updated} updated.`).join('');
    ss.toast(summary + logs, 'Cliqtel', failed.length ? 30 : 8);
    return outcome.logs.length
      ? { refreshed: outcome.refreshed, failed, logs: outcome.logs }
      : { refreshed: outcome.refreshed, failed };
  } finally {
    lock.releaseLock();
  }
}
