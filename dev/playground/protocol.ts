// The JSON the playground server and its page exchange (types only, shared by dev/playground/server.ts and client/).

/** One non-empty cell as the page draws it. */
export interface CellView {
  /** 1-based row and column. */
  r: number;
  c: number;
  /** The display value (what Sheets shows), or the error code ('#ERROR!'). */
  v: string;
  /** Kind of the stored value, for alignment: number (dates too), string, boolean, error. */
  k: 'n' | 's' | 'b' | 'e';
  /** The formula, when the cell holds one. */
  f?: string;
  /** What the formula bar shows for a non-formula cell when it differs from the display value. */
  input?: string;
  /** Error tooltip text (Sheets' hover message). */
  e?: string;
  bold?: true;
  background?: string;
  align?: string;
  note?: string;
  /** Part of another formula's array result ("row,col" of its anchor). */
  spill?: true;
}

export interface SheetView {
  name: string;
  sheetId: number;
  /** Rows drawn at first (the data and some spare rows) and columns drawn (the grid's size, capped). */
  rows: number;
  columns: number;
  /** Rows the page may draw as the user scrolls down: the sheet's rows, capped (cells are sent for all of them). */
  drawableRows: number;
  /** Rows the sheet has (Sheet.getMaxRows). */
  maxRows: number;
  /** Rows with content beyond `drawableRows` that the page does not draw. */
  hiddenRows: number;
  frozenRows: number;
  frozenColumns: number;
  /** Column widths in px by 1-based column (only those set by the script). */
  columnWidths: Record<number, number>;
  cells: CellView[];
  /** Embedded charts the script inserted, with their data. */
  charts: ChartView[];
}

/** An embedded chart as the page draws it (SVG near its anchor cell). */
export interface ChartView {
  chartId: number;
  /** Charts.ChartType: LINE, COLUMN, BAR, AREA… (other types are drawn as lines). */
  type: string;
  title: string;
  /** Anchor cell (1-based) and pixel offsets from its top-left corner (EmbeddedChartBuilder.setPosition). */
  anchor: { row: number; column: number; offsetX: number; offsetY: number };
  width: number;
  height: number;
  legend: 'bottom' | 'top' | 'right' | 'none';
  /** vAxes[0/1].title ('' when unset). */
  axisTitles: string[];
  /** The domain's display values (x axis), one per data row. */
  labels: string[];
  /** One per data column; null where the cell holds no number. `axis` 1 = the right-hand axis (targetAxisIndex). */
  series: { name: string; axis: 0 | 1; values: (number | null)[] }[];
}

export interface MenuItemView {
  caption: string;
  functionName: string;
  separator?: boolean;
  submenu?: MenuItemView[];
}

export interface MenuView {
  /** What the menu bar shows, e.g. "Extensions › Cliqtel" for an add-on menu. */
  title: string;
  addon: boolean;
  items: MenuItemView[];
}

/** Something the add-on showed: a sidebar or dialog (an HTML page), an alert, a toast, or an error of an action. */
export interface UiEvent {
  id: number;
  kind: 'sidebar' | 'dialog' | 'alert' | 'toast' | 'error' | 'info';
  title: string;
  /** Text of an alert, toast, error or info. */
  message?: string;
  /** For sidebars and dialogs: where the page is served (google.script.run bridged to the emulator). */
  pageUrl?: string;
  width?: number;
  height?: number;
  timeoutSeconds?: number;
}

export interface PlaygroundState {
  /** Bumped on every change; the page polls with ?since=version. */
  version: number;
  spreadsheetName: string;
  timeZone: string;
  sheets: { name: string; sheetId: number }[];
  activeSheet: SheetView;
  menus: MenuView[];
  /** Events newer than the `events` query parameter. */
  events: UiEvent[];
  backend: BackendInfo;
}

export interface BackendInfo {
  /** 'sandbox' = the built-in sandbox API; 'remote' = CLIQTEL_BASE_URL. */
  kind: 'sandbox' | 'remote';
  baseUrl: string;
  /** Demo keys of the sandbox (absent for a real API). */
  demoKeys?: { full: string; readOnly: string };
  /** Installed clock triggers (what "Run scheduled trigger now" runs). */
  clockTriggers: number;
}

export interface ActionResult {
  ok: boolean;
  error?: string;
  /** A short summary for the page (e.g. what the trigger run did). */
  message?: string;
}
