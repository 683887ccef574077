// The Reports panel: the report builder, and the list of this spreadsheet's report sheets with last refresh,
// status and row count, a Refresh button each and "Refresh all".
import type { RefreshResult, ReportInfo } from '../core/serverApi';
import { button, el, formatTime, Notice, runBusy } from './dom';
import { reportKindLabel, windowLabel } from './labels';
import { createDashboardEntry } from './balanceAlertPanel';
import { createReportForm } from './reportForm';
import { callServer } from './rpc';
import { statusClass } from './scheduleForm';

/** While the Reports tab is open and the sidebar visible, its list is re-read this often (one cliqtelListReports). */
export const REPORTS_POLL_MS = 10_000;

export interface ReportsPanel {
  element: HTMLElement;
  /** Loads the list from the server (first time the panel is shown, and after changes). */
  load(): Promise<void>;
  /**
   * Re-reads the list in the background (focus, polling): no notices, nothing while a load or a refresh is in
   * flight, and the list is redrawn only when something changed.
   */
  refreshQuietly(): Promise<void>;
}

function describePeriod(report: ReportInfo): string {
  if (report.kind === 'calls_log' && report.from) return `From ${report.from}, kept up to today`;
  if (report.window) return windowLabel(report.window);
  if (report.from || report.to) return `${report.from ?? '…'} to ${report.to ?? '…'}`;
  return 'Current data';
}

function refreshOutcome(result: RefreshResult): {
  ok: boolean;
  text: string;
} {
  const logs = (result.logs ?? []).map((l) => ` “${l.sheetName}”: ${l.added} added, ${l.updated} updated.`).join('');
  const done = `Refreshed ${result.refreshed} ${result.refreshed === 1 ? 'report' : 'reports'}.${logs}`;
  if (!result.failed.length) return { ok: true, text: done };
  const failures = result.failed.map((f) => `“${f.sheetName}”: ${f.error}`).join(' ');
  return { ok: false, text: `${done} ${result.failed.length} failed. ${failures}` };
}

/** A calls log's last refresh: calls added, updated in place (re-rated), and left as they were. */
function logFacts(report: ReportInfo): HTMLElement[] {
  if (report.kind !== 'calls_log' || typeof report.added !== 'number') return [];
  return [
    el('dt', { text: 'Last run' }),
    el('dd', {
      className: 'report-log',
      text: `${report.added} added, ${report.updated ?? 0} updated, ${report.unchanged ?? 0} unchanged`,
    }),
  ];
}

export function createReportsPanel(): ReportsPanel {
  const listNotice = new Notice();
  const list = el('ul', { className: 'reports', attrs: { 'aria-label': 'Report sheets' } });
  const refreshAll = button('Refresh all', 'secondary');

  let shown: string | null = null;
  let loadFailed = false;
  let reading = 0;

  const load = async () => {
    reading++;
    try {
      const { reports } = await callServer('cliqtelListReports');
      render(reports);
    } finally {
      reading--;
      if (again && reading === 0) {
        again = false;
        void refreshQuietly();
      }
    }
  };

  const busy = () => reading > 0 || element.querySelector('button[aria-busy="true"]') !== null;
  /** A re-read asked for while another read was in flight (whose answer may predate the change): run it after. */
  let again = false;
  const refreshQuietly = async (): Promise<void> => {
    if (busy()) {
      again = reading > 0;
      return;
    }
    reading++;
    let reports: ReportInfo[];
    try {
      ({ reports } = await callServer('cliqtelListReports'));
    } catch {
      return; // the list stays as it was; the next focus or poll tries again
    } finally {
      reading--;
      if (again && reading === 0) {
        again = false;
        void refreshQuietly();
      }
    }
    if (busy() || JSON.stringify(reports) === shown) return;
    // Keep the keyboard where it was: the same report's Refresh button gets the focus back after the redraw.
    const focusedSheet = (document.activeElement?.closest('li.report') as HTMLElement | null)?.dataset.sheet;
    render(reports);
    if (loadFailed) {
      loadFailed = false;
      listNotice.clear();
    }
    if (focusedSheet !== undefined) {
      for (const item of list.querySelectorAll<HTMLElement>('li.report')) {
        if (item.dataset.sheet === focusedSheet) item.querySelector('button')?.focus();
      }
    }
  };

  const afterRefresh = async (result: RefreshResult) => {
    await load();
    const outcome = refreshOutcome(result);
    if (outcome.ok) listNotice.success(outcome.text);
    else listNotice.error(outcome.text);
  };

  const render = (reports: ReportInfo[]) => {
    shown = JSON.stringify(reports);
    refreshAll.hidden = reports.length === 0;
    if (!reports.length) {
      list.replaceChildren(
        el('li', {
          className: 'hint',
          text: 'No reports yet. Insert one above; it can then be refreshed here or on a schedule.',
        }),
      );
      return;
    }
    list.replaceChildren(
      ...reports.map((report) => {
        const refresh = button('Refresh', 'text');
        refresh.setAttribute('aria-label', `Refresh ${report.sheetName}`);
        refresh.addEventListener('click', () => {
          void runBusy(refresh, listNotice, 'Refreshing…', async () => {
            await afterRefresh(await callServer('cliqtelRefreshReports', { sheetName: report.sheetName }));
          });
        });
        return el(
          'li',
          { className: 'report', attrs: { 'data-sheet': report.sheetName } },
          el('div', { className: 'report-head' }, el('strong', { className: 'report-name', text: report.sheetName }), refresh),
          el('p', { className: 'report-meta', text: `${reportKindLabel(report.kind)} · ${describePeriod(report)}` }),
          el(
            'dl',
            { className: 'facts' },
            el('dt', { text: 'Refreshed' }),
            el('dd', { text: formatTime(report.lastRefresh) }),
            el('dt', { text: 'Status' }),
            el('dd', { className: statusClass(report.status), text: report.status || '—' }),
            el('dt', { text: 'Rows' }),
            el('dd', { className: 'report-rows', text: String(report.rows) }),
            ...logFacts(report),
          ),
        );
      }),
    );
  };

  refreshAll.addEventListener('click', () => {
    void runBusy(refreshAll, listNotice, 'Refreshing all…', async () => {
      await afterRefresh(await callServer('cliqtelRefreshReports', {}));
    });
  });

  const form = createReportForm({
    onInserted: async () => {
      await load();
    },
  });

  list.replaceChildren(el('li', { className: 'hint', text: 'Loading reports…' }));
  const element = el(
    'div',
    { className: 'stack' },
    el('h2', { text: 'New report' }),
    form,
    createDashboardEntry(() => load()),
    el('div', { className: 'section-head' }, el('h2', { text: 'Your reports' }), refreshAll),
    listNotice.element,
    list,
  );
  const loadOrExplain = async (): Promise<void> => {
    try {
      await load();
      loadFailed = false;
      listNotice.clear();
    } catch (error) {
      loadFailed = true;
      shown = null;
      const retry = button('Try again', 'secondary');
      retry.addEventListener('click', () => {
        void runBusy(retry, listNotice, 'Loading…', loadOrExplain);
      });
      list.replaceChildren(el('li', {}, retry));
      listNotice.error(`Could not load the reports: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return { element, load: loadOrExplain, refreshQuietly };
}
