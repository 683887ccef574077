// The dashboard sheet: fetch every figure first, then write the fixed layout of src/core/dashboard.ts and keep one
// chart per title — so a refresh rewrites the same cells, never adds a second chart, and a failure changes nothing.
// docs/architecture.md#dashboard
import { DASHBOARD, DASHBOARD_KIND } from '../core/catalog';
import type { CliqtelClient } from '../core/client';
import type { TypedTable } from '../core/columns';
import {
  a1Of,
  buildDashboard,
  type ChartSpec,
  DASHBOARD_PATHS,
  type DashboardData,
  type DashboardLayout,
  dashboardLayout,
  dashboardPeriods,
} from '../core/dashboard';
import { argumentError, CliqtelError, errorMessage } from '../core/errors';
import { todayIn, ymdToDate } from './config';
import { listReports, type RegisteredReport, type ReportRecord, readReport, recordFailure, recordSuccess } from './registry';
import type { RunContext } from './reports';
import { assertFitsCellLimit, findSheet, uniqueSheetName } from './sheetWriter';
import { accountCurrency } from './tables';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** Fetches everything the dashboard shows and checks it; throws (a CliqtelError) without having touched any sheet. */
export function fetchDashboard(client: CliqtelClient, timeZone: string): DashboardData {
  const today = todayIn(timeZone);
  const p = dashboardPeriods(today);
  const summary = (range: { from: string; to: string }) =>
    client.getJson(DASHBOARD_PATHS.summary, { from: range.from, to: range.to });
  const trend = { from: p.trend.from, to: p.trend.to };
  const thisMonth = summary(p.thisMonth);
  const lastMonth = summary(p.lastMonth);
  let balance: unknown | null = null;
  try {
    balance = client.getJson(DASHBOARD_PATHS.balance);
  } catch (e) {
    // Without billing:read the currency comes from the key's probe, if it told one; any other failure stops here.
    if (!(e instanceof CliqtelError && e.status === 403)) throw e;
  }
  const chart = client.getJson(DASHBOARD_PATHS.chart, trend);
  const byDestination = client.getJson(DASHBOARD_PATHS.byDestination, trend);
  const byDid = client.getJson(DASHBOARD_PATHS.byDid, trend);
  return buildDashboard(today, { thisMonth, lastMonth, balance, chart, byDestination, byDid }, accountCurrency());
}

function layoutFor(data: DashboardData, timeZone: string): DashboardLayout {
  return dashboardLayout(data, { refreshedAt: new Date(), dateOf: (ymd) => ymdToDate(ymd, timeZone) });
}

/** The chart as the layout wants it, on this sheet. */
function chartBuilder(sheet: Sheet, spec: ChartSpec): GoogleAppsScript.Spreadsheet.EmbeddedChartBuilder {
  let builder = sheet.newChart().setChartType(Charts.ChartType[spec.type]);
  for (const r of spec.ranges) builder = builder.addRange(sheet.getRange(r.row, r.column, r.numRows, r.numColumns));
  builder = builder
    .setNumHeaders(1)
    .setPosition(spec.anchor.row, spec.anchor.column, 0, 0)
    .setOption('title', spec.title)
    .setOption('width', spec.width)
    .setOption('height', spec.height);
  for (const [name, value] of Object.entries(spec.options)) builder = builder.setOption(name, value);
  return builder;
}

/**
 * One chart per title: a missing one is inserted, a second copy removed, one whose ranges differ from the layout's
 * re-pointed (its place and size, which the user may have changed, are kept). Other charts are left alone.
 */
export function ensureDashboardCharts(sheet: Sheet, specs: ChartSpec[]): void {
  const existing = sheet.getCharts();
  for (const spec of specs) {
    const same = existing.filter((c) => c.getOptions().get('title') === spec.title);
    for (const extra of same.slice(1)) sheet.removeChart(extra);
    if (same.length === 0) {
      sheet.insertChart(chartBuilder(sheet, spec).build());
      continue;
    }
    const have = same[0].getRanges().map((r) => r.getA1Notation());
    const want = spec.ranges.map(a1Of);
    if (have.join(',') !== want.join(',')) {
      let builder = same[0].modify().clearRanges();
      for (const r of spec.ranges) builder = builder.addRange(sheet.getRange(r.row, r.column, r.numRows, r.numColumns));
      sheet.updateChart(builder.build());
    }
  }
}

/** Writes the layout's block (formats before values, so `+44…` lands in a text cell), then the charts. */
function writeDashboard(sheet: Sheet, layout: DashboardLayout, isNew: boolean): void {
  const block = sheet.getRange(1, 1, layout.rows, layout.columns);
  block.setNumberFormats(layout.formats);
  block.setValues(layout.values);
  block.setFontWeights(layout.bold.map((row) => row.map((b) => (b ? 'bold' : 'normal'))));
  sheet.getRange(1, 1).setFontSize(layout.titleFontSize);
  if (isNew)
    layout.columnWidths.forEach((width, i) => {
      sheet.setColumnWidth(i + 1, width);
    });
  ensureDashboardCharts(sheet, layout.charts);
}

/** The cell-limit check counts a block as a table: rows × columns. */
function asTableShape(layout: DashboardLayout): TypedTable {
  return { header: new Array<string>(layout.columns).fill(''), rows: new Array(layout.rows - 1).fill([]), formats: [] };
}

function toast(ctx: RunContext, message: string, seconds: number): void {
  if (ctx.interactive) ctx.ss.toast(message, 'Cliqtel', seconds);
}

/** The sheet a new dashboard goes to: the named one (a new name or an existing dashboard), else the existing dashboard. */
function targetOf(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  sheetName: string | undefined,
): { name: string; target: Sheet | null } {
  if (sheetName !== undefined && sheetName.trim() !== '') {
    const name = sheetName.trim();
    if (name.length > 100) throw argumentError('sheetName', 'a sheet name of at most 100 characters', `${name.slice(0, 40)}…`);
    const target = findSheet(ss, name);
    const record = target ? readReport(target) : null;
    if (target && record?.kind !== DASHBOARD_KIND) {
      // Never overwrite a sheet the user made, nor another report.
      throw argumentError(
        'sheetName',
        `the name of a new sheet or of a Cliqtel dashboard ("${target.getName()}" already exists and is ${record ? `a ${record.kind} report` : 'not a report'})`,
        name,
      );
    }
    return { name, target };
  }
  const existing = listReports(ss).find((r) => r.record.kind === DASHBOARD_KIND);
  if (existing) return { name: existing.sheet.getName(), target: existing.sheet };
  return { name: uniqueSheetName(ss, DASHBOARD.title), target: null };
}

/**
 * Inserts the dashboard (or, when the spreadsheet already has one and no other name is given, refreshes that one:
 * one dashboard is enough): fetch and check everything, then create the sheet, write, register, show it.
 */
export function insertDashboard(ctx: RunContext, sheetName: string | undefined): { sheetName: string } {
  const { ss } = ctx;
  const timeZone = ss.getSpreadsheetTimeZone();
  const { name, target } = targetOf(ss, sheetName);
  toast(ctx, 'Fetching the dashboard figures from Cliqtel…', 60);
  let layout: DashboardLayout;
  try {
    layout = layoutFor(fetchDashboard(ctx.client, timeZone), timeZone);
    assertFitsCellLimit(ss, target, asTableShape(layout), () => 'Delete sheets you no longer need, then try again.');
  } catch (e) {
    toast(ctx, errorMessage(e), 30);
    throw e;
  }
  const isNew = target === null;
  const sheet = target ?? ss.insertSheet(name);
  try {
    writeDashboard(sheet, layout, isNew);
  } catch (e) {
    if (isNew) ss.deleteSheet(sheet); // no half-written dashboard left behind
    toast(ctx, errorMessage(e), 30);
    throw e;
  }
  const record: ReportRecord = target
    ? (readReport(target) as ReportRecord)
    : { kind: DASHBOARD_KIND, via: 'report', lastRefresh: null, lastAttempt: null, status: 'ok', rows: 0 };
  recordSuccess(sheet, record, layout.rows, new Date());
  sheet.activate();
  toast(ctx, `The dashboard "${sheet.getName()}" is up to date.`, 8);
  return { sheetName: sheet.getName() };
}

/**
 * Refreshes a registered dashboard: everything fetched and checked before a cell changes; on failure the sheet
 * stays as it was and the registry records the error and its time. Returns null on success, else the error.
 */
export function refreshDashboard(ctx: RunContext, report: RegisteredReport): string | null {
  const { sheet, record } = report;
  const timeZone = ctx.ss.getSpreadsheetTimeZone();
  let layout: DashboardLayout;
  try {
    toast(ctx, `Refreshing "${sheet.getName()}": fetching from Cliqtel…`, 60);
    layout = layoutFor(fetchDashboard(ctx.client, timeZone), timeZone);
  } catch (e) {
    const message = errorMessage(e);
    recordFailure(sheet, record, message, new Date());
    return message;
  }
  try {
    writeDashboard(sheet, layout, false);
  } catch (e) {
    const message = `writing the sheet failed: ${errorMessage(e)}`;
    recordFailure(sheet, record, message, new Date());
    return message;
  }
  recordSuccess(sheet, record, layout.rows, new Date());
  return null;
}
