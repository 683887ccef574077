// The dashboard's sheet layout, pure: cells, formats and charts at fixed places, so a refresh rewrites the same cells
// and finds its charts again. docs/architecture.md#dashboard
import { DATE_FORMAT, DECIMAL_FORMAT, INTEGER_FORMAT, literal, moneyFormat, TEXT_FORMAT } from './columns';
import { type DashboardData, TOP_COUNT, TREND_DAYS, type TopEntry } from './dashboardData';

// Layout: fixed places, so every refresh rewrites the same cells and the charts' ranges never move.

export type LayoutValue = string | number | Date | null;

/** A range of the sheet, 1-based. */
export interface GridRange {
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
}

export interface ChartSpec {
  /** The chart's title: also how a refresh finds it again (never two charts with one title). */
  title: string;
  type: 'LINE' | 'BAR';
  /** The domain column first, then one column per series; each includes its header row. */
  ranges: GridRange[];
  anchor: { row: number; column: number };
  width: number;
  height: number;
  options: Record<string, unknown>;
}

export interface DashboardLayout {
  rows: number;
  columns: number;
  /** Every cell of the block, strings already made literal for their format. */
  values: LayoutValue[][];
  formats: string[][];
  bold: boolean[][];
  /** The title cell (A1) is drawn larger. */
  titleFontSize: number;
  /** Pixel widths of columns A–F: with 500 px charts from G, everything fits in ~1,150 px (a laptop window beside the sidebar). */
  columnWidths: number[];
  charts: ChartSpec[];
}

/** Where each block starts (1-based rows); fixed, so charts keep pointing at their data across refreshes. */
export const LAYOUT_ROWS = {
  title: 1,
  refreshed: 2,
  balanceHeader: 4,
  kpiHeader: 8,
  periodsNote: 12,
  destinationsTitle: 14,
  destinationsHeader: 15,
  numbersTitle: 27,
  numbersHeader: 28,
  dailyTitle: 40,
  dailyHeader: 41,
} as const;
const TABLE_COLUMNS = 5;
/** Charts start in column G, after a narrow gap column F. */
const CHART_COLUMN = 7;
export const CHART_TITLES = {
  trend: 'Minutes and cost per day, last 30 days',
  destinations: 'Top 10 destinations by cost, last 30 days',
  numbers: 'Top 10 numbers by cost, last 30 days',
} as const;

export interface LayoutOptions {
  /** When the data was fetched (shown as the last refresh, in the spreadsheet's time zone). */
  refreshedAt: Date;
  /** A YYYY-MM-DD day as a Date at local midnight of the spreadsheet's time zone. */
  dateOf: (ymd: string) => Date;
}

class Grid {
  readonly values: LayoutValue[][];
  readonly formats: string[][];
  readonly bold: boolean[][];
  constructor(
    readonly rows: number,
    readonly columns: number,
  ) {
    this.values = Array.from({ length: rows }, () => new Array<LayoutValue>(columns).fill(null));
    this.formats = Array.from({ length: rows }, () => new Array<string>(columns).fill(TEXT_FORMAT));
    this.bold = Array.from({ length: rows }, () => new Array<boolean>(columns).fill(false));
  }
  /** Sets a cell (1-based); a string is written so it stays the literal text it is. */
  set(row: number, column: number, value: LayoutValue, format = TEXT_FORMAT, bold = false): void {
    this.formats[row - 1][column - 1] = format;
    this.values[row - 1][column - 1] = typeof value === 'string' ? (literal(value, format) as string) : value;
    this.bold[row - 1][column - 1] = bold;
  }
  header(row: number, labels: string[]): void {
    labels.forEach((label, i) => {
      this.set(row, i + 1, label, TEXT_FORMAT, true);
    });
  }
}

const PERCENT_FORMAT = '0.0%';
/** Minutes are enough for the last refresh, and fit column B (a date that does not fit a cell shows as ###). */
const REFRESH_FORMAT = 'yyyy-mm-dd hh:mm';

function topTable(grid: Grid, titleRow: number, title: string, header: string[], entries: TopEntry[], money: string): void {
  grid.set(titleRow, 1, title, TEXT_FORMAT, true);
  grid.header(titleRow + 1, header);
  for (let i = 0; i < TOP_COUNT; i++) {
    const row = titleRow + 2 + i;
    const e = entries[i];
    // Empty rows keep their formats, so a later refresh with more entries looks the same.
    grid.set(row, 1, e ? e.name : null);
    grid.set(row, 2, e ? e.detail : null);
    grid.set(row, 3, e ? e.calls : null, INTEGER_FORMAT);
    grid.set(row, 4, e ? e.minutes : null, DECIMAL_FORMAT);
    grid.set(row, 5, e ? e.cost : null, money);
  }
}

function column(row: number, col: number, numRows: number): GridRange {
  return { row, column: col, numRows, numColumns: 1 };
}

/** The dashboard as cells and charts (see LAYOUT_ROWS for where each block is). */
export function dashboardLayout(data: DashboardData, opts: LayoutOptions): DashboardLayout {
  const R = LAYOUT_ROWS;
  const rows = R.dailyHeader + TREND_DAYS;
  const grid = new Grid(rows, TABLE_COLUMNS);
  const money = moneyFormat(data.currency ?? undefined);
  const currency = data.currency ?? '';
  const { thisMonth, lastMonth, trend } = data.periods;

  grid.set(R.title, 1, 'Cliqtel dashboard', TEXT_FORMAT, true);
  grid.set(R.refreshed, 1, 'Last refresh');
  grid.set(R.refreshed, 2, opts.refreshedAt, REFRESH_FORMAT);

  grid.header(R.balanceHeader, ['Balance', 'Amount', 'Currency']);
  grid.set(R.balanceHeader + 1, 1, 'Wallet balance');
  grid.set(R.balanceHeader + 1, 2, data.walletBalance, money);
  grid.set(R.balanceHeader + 1, 3, currency);
  grid.set(R.balanceHeader + 2, 1, 'Available balance');
  grid.set(R.balanceHeader + 2, 2, data.availableBalance, money);
  grid.set(R.balanceHeader + 2, 3, currency);

  grid.header(R.kpiHeader, ['Usage', 'This month', 'Last month', 'Change', 'Change %']);
  data.kpis.forEach((k, i) => {
    const row = R.kpiHeader + 1 + i;
    const format = k.label === 'Charges' ? money : k.label === 'Calls' ? INTEGER_FORMAT : DECIMAL_FORMAT;
    grid.set(row, 1, k.label);
    grid.set(row, 2, k.thisMonth, format);
    grid.set(row, 3, k.lastMonth, format);
    grid.set(row, 4, k.change, format);
    grid.set(row, 5, k.changeRatio, PERCENT_FORMAT);
  });
  grid.set(R.periodsNote, 1, `This month: ${thisMonth.from} – ${thisMonth.to}; last month: ${lastMonth.from} – ${lastMonth.to}.`);

  topTable(
    grid,
    R.destinationsTitle,
    'Top 10 destinations by cost (last 30 days)',
    ['Destination', 'Dialling code', 'Calls', 'Minutes', 'Cost'],
    data.topDestinations,
    money,
  );
  topTable(
    grid,
    R.numbersTitle,
    'Top 10 numbers by cost (last 30 days)',
    ['Number', 'Label', 'Calls', 'Minutes', 'Cost'],
    data.topNumbers,
    money,
  );

  grid.set(R.dailyTitle, 1, `Daily usage, last 30 days (${trend.from} – ${trend.to})`, TEXT_FORMAT, true);
  grid.header(R.dailyHeader, ['Date', 'Minutes', 'Cost', 'Calls']);
  data.days.forEach((d, i) => {
    const row = R.dailyHeader + 1 + i;
    grid.set(row, 1, opts.dateOf(d.date), DATE_FORMAT);
    grid.set(row, 2, d.minutes, DECIMAL_FORMAT);
    grid.set(row, 3, d.cost, money);
    grid.set(row, 4, d.calls, INTEGER_FORMAT);
  });

  const dailyRows = TREND_DAYS + 1;
  const topRows = TOP_COUNT + 1;
  const charts: ChartSpec[] = [
    {
      title: CHART_TITLES.trend,
      type: 'LINE',
      ranges: [column(R.dailyHeader, 1, dailyRows), column(R.dailyHeader, 2, dailyRows), column(R.dailyHeader, 3, dailyRows)],
      anchor: { row: R.title, column: CHART_COLUMN },
      width: 500,
      height: 270,
      // Minutes and money differ by orders of magnitude: cost gets its own axis.
      options: {
        legend: { position: 'bottom' },
        series: { 0: { targetAxisIndex: 0 }, 1: { targetAxisIndex: 1 } },
        vAxes: { 0: { title: 'Minutes' }, 1: { title: currency ? `Cost (${currency})` : 'Cost' } },
      },
    },
    {
      title: CHART_TITLES.destinations,
      type: 'BAR',
      ranges: [column(R.destinationsHeader, 1, topRows), column(R.destinationsHeader, 5, topRows)],
      anchor: { row: R.destinationsTitle, column: CHART_COLUMN },
      width: 500,
      height: 250,
      options: { legend: { position: 'none' } },
    },
    {
      title: CHART_TITLES.numbers,
      type: 'BAR',
      ranges: [column(R.numbersHeader, 1, topRows), column(R.numbersHeader, 5, topRows)],
      anchor: { row: R.numbersTitle, column: CHART_COLUMN },
      width: 500,
      height: 250,
      options: { legend: { position: 'none' } },
    },
  ];
  return {
    rows,
    columns: TABLE_COLUMNS,
    values: grid.values,
    formats: grid.formats,
    bold: grid.bold,
    titleFontSize: 14,
    columnWidths: [180, 130, 95, 95, 80, 16],
    charts,
  };
}

/** A1 notation of a grid range on no particular sheet (`A41:A71`). */
export function a1Of(range: GridRange): string {
  const letters = (n: number): string => {
    let s = '';
    for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
    return s;
  };
  const start = `${letters(range.column)}${range.row}`;
  const end = `${letters(range.column + range.numColumns - 1)}${range.row + range.numRows - 1}`;
  return start === end ? start : `${start}:${end}`;
}
