// The Extensions › Cliqtel menu and its handlers: dialogs for input, direct actions with toasts and plain alerts.
import { resolveWindow } from '../core/dates';
import { errorMessage } from '../core/errors';
import { todayIn } from '../gas/config';
import { cliqtelInsertDashboard } from './dashboard';
import { cliqtelRefreshFormulas, cliqtelRefreshReports } from './sheets';

/**
 * Adds the Extensions › Cliqtel menu. Runs in AuthMode.NONE before the add-on is authorised, so it builds the menu
 * and touches nothing else (no properties, no spreadsheet data).
 */
export function onOpen(e?: GoogleAppsScript.Events.SheetsOnOpen): void {
  void e;
  SpreadsheetApp.getUi()
    .createAddonMenu()
    .addItem('Open sidebar', 'cliqtelShowSidebar')
    .addItem('Settings (API key)', 'cliqtelMenuSettings')
    .addSeparator()
    .addItem('Export calls to a sheet…', 'cliqtelMenuExport')
    .addItem('Insert report…', 'cliqtelMenuInsertReport')
    .addItem('Insert dashboard', 'cliqtelMenuInsertDashboard')
    .addItem('Refresh all reports', 'cliqtelMenuRefreshAll')
    .addItem('Refresh CLIQTEL formulas', 'cliqtelMenuRefreshFormulas')
    .addItem('Schedule refresh…', 'cliqtelMenuSchedule')
    .addItem('Send SMS…', 'cliqtelMenuSendSms')
    .addSeparator()
    .addItem('Help', 'cliqtelMenuHelp')
    .addToUi();
}

/** Installing the add-on from the Marketplace: add the menu right away (onOpen only runs on the next open). */
export function onInstall(e?: GoogleAppsScript.Events.AddonOnInstall): void {
  onOpen(e as unknown as GoogleAppsScript.Events.SheetsOnOpen);
}

/**
 * Menu: Settings (API key) — the sidebar opened on its API key tab. HtmlService output is static, so the tab is
 * chosen by a script appended after the sidebar's own (src/sidebar/Sidebar.ts reads `cliqtelSidebarTab`).
 */
export function cliqtelMenuSettings(): void {
  showSidebarOn('key');
}

/** Menu: Send SMS… — the sidebar opened on its SMS panel (a job in progress shows there, ready to continue). */
export function cliqtelMenuSendSms(): void {
  showSidebarOn('sms');
}

function showSidebarOn(tab: 'key' | 'sms'): void {
  const html = HtmlService.createHtmlOutputFromFile('Sidebar')
    .setTitle('Cliqtel')
    .append(`<script>window.cliqtelSidebarTab="${tab}";if(window.cliqtelOpenTab)window.cliqtelOpenTab("${tab}");</script>`);
  SpreadsheetApp.getUi().showSidebar(html);
}

function showDialog(file: string, title: string, width: number, height: number): void {
  const html = HtmlService.createHtmlOutputFromFile(file).setWidth(width).setHeight(height);
  SpreadsheetApp.getUi().showModalDialog(html, title);
}

/** Menu: Export calls to a sheet… (dialog: period, country, sheet name). */
export function cliqtelMenuExport(): void {
  showDialog('ExportDialog', 'Export calls to a sheet', 380, 440);
}

/** Menu: Insert report… (dialog: kind, period, sheet name). */
export function cliqtelMenuInsertReport(): void {
  showDialog('ReportDialog', 'Insert a Cliqtel report', 380, 440);
}

/** Menu: Insert dashboard (progress and outcome as toasts; an error in an alert). */
export function cliqtelMenuInsertDashboard(): void {
  try {
    cliqtelInsertDashboard({});
  } catch (e) {
    SpreadsheetApp.getUi().alert('Cliqtel', errorMessage(e), SpreadsheetApp.getUi().ButtonSet.OK);
  }
}

/** Menu: Schedule refresh… (dialog: frequency and hour). */
export function cliqtelMenuSchedule(): void {
  showDialog('ScheduleDialog', 'Schedule report refresh', 360, 320);
}

/** Menu: Refresh all reports; failures are listed in one alert, with what to do. */
export function cliqtelMenuRefreshAll(): void {
  const ui = SpreadsheetApp.getUi();
  try {
    const result = cliqtelRefreshReports({});
    if (result.failed.length > 0) {
      const lines = result.failed.map((f) => `• ${f.sheetName}: ${f.error}`).join('\n');
      ui.alert(
        'Cliqtel: some reports were not refreshed',
        `Refreshed ${result.refreshed}; these kept their previous contents:\n\n${lines}`,
        ui.ButtonSet.OK,
      );
    }
  } catch (e) {
    ui.alert('Cliqtel', errorMessage(e), ui.ButtonSet.OK);
  }
}

/** Menu: Refresh CLIQTEL formulas. */
export function cliqtelMenuRefreshFormulas(): void {
  try {
    cliqtelRefreshFormulas();
  } catch (e) {
    SpreadsheetApp.getUi().alert('Cliqtel', errorMessage(e), SpreadsheetApp.getUi().ButtonSet.OK);
  }
}

/** The help page; its example dates are last month's first and last day in `timeZone`, so the example returns data. */
function helpHtml(timeZone: string): string {
  const lastMonth = resolveWindow('last_month', todayIn(timeZone));
  return `<!DOCTYPE html><html><head><base target="_blank"><style>
body{font:13px/1.45 Arial,sans-serif;color:#202124;margin:0 4px}h3{font-size:14px;margin:12px 0 4px}
code{background:#f1f3f4;padding:0 3px;border-radius:3px}ul{padding-left:18px;margin:4px 0}</style></head><body>
<h3>Getting started</h3>
<p>Open <b>Extensions › Cliqtel › Open sidebar</b> and save an API key from the Cliqtel portal (Portal → API Keys).
A Read-only key is enough for everything here.</p>
<h3>Reports</h3>
<ul><li><b>Export calls to a sheet…</b> writes every call of a period (one download, any size the sheet can hold).</li>
<li><b>Insert report…</b> adds usage, billing, numbers or SMS tables. Reports remember their period: a rolling
window such as “last month” moves along at each refresh.</li>
<li><b>Calls log (keeps every call)</b>, under Insert report…, starts at a date you pick and keeps every call from
then on. Each refresh downloads only the last few days and merges them: new calls are added in time order, re-rated
calls are updated in place, nothing appears twice. Keep it sorted by Start Time (oldest first) and put your own
columns to the right of it: they stay beside their calls.</li>
<li><b>Refresh all reports</b> fetches everything first and only then replaces a sheet; if Cliqtel fails, the sheet
keeps its previous contents and the report list shows the error.</li>
<li><b>Schedule refresh…</b> refreshes the reports hourly, every 6 hours or daily, even with the spreadsheet closed.</li></ul>
<h3>Formulas</h3>
<p><code>=CLIQTEL_BALANCE()</code>, <code>=CLIQTEL_USAGE()</code>,
<code>=CLIQTEL_CALLS("${lastMonth.from}","${lastMonth.to}")</code>, <code>=CLIQTEL_NUMBERS()</code>… Results are cached
for a few minutes; <b>Refresh CLIQTEL formulas</b> fetches fresh data.</p>
</body></html>`;
}

/** Menu: Help (a small dialog; its example formula asks for last month in the spreadsheet's time zone). */
export function cliqtelMenuHelp(): void {
  const timeZone = SpreadsheetApp.getActiveSpreadsheet()?.getSpreadsheetTimeZone() || Session.getScriptTimeZone();
  const html = HtmlService.createHtmlOutput(helpHtml(timeZone)).setWidth(460).setHeight(420);
  SpreadsheetApp.getUi().showModalDialog(html, 'Cliqtel for Google Sheets — help');
}
