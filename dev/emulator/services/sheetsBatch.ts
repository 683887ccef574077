// spreadsheets.batchUpdate (Sheets API v4) over the in-memory model. Atomic like the API: every request is read and
// validated in order against a draft of the spreadsheet (sheet ids, titles, order, grid sizes, frozen counts,
// metadata budgets) that earlier requests of the batch already changed; only when all are valid are they applied,
// in order. An invalid request throws an ApiError and nothing changes.
import { a1Notation } from '../a1';
import { DEFAULT_DATE_TIME_FORMAT, PLAIN_TEXT_FORMAT } from '../coercion';
import {
  type CellData,
  MAX_METADATA_CHARS_PER_LOCATION,
  NEW_SHEET_COLUMNS,
  NEW_SHEET_ROWS,
  type SheetModel,
  type SpreadsheetModel,
} from '../model';
import { cellBudgetError } from './cells';
import { METADATA_BUDGET_ERROR, metadataChars, newMetadataId } from './metadata';
import { autoResizeColumnWidths } from './sheet';
import {
  ApiError,
  type JsonObject,
  JsonPath,
  bool,
  enumValue,
  expandFieldMask,
  float,
  hexFromColor,
  int32,
  list,
  message,
  type SheetGeometry,
  sheetPropertiesJson,
  str,
  unknownName,
  sheetGeometry,
} from './sheetsJson';

/** Sheets' widest grid: column ZZZ. */
export const MAX_COLUMNS = 18278;
const MAX_SHEET_NAME_CHARS = 100;

export const NUMBER_FORMAT_TYPES = ['TEXT', 'NUMBER', 'PERCENT', 'CURRENCY', 'DATE', 'TIME', 'DATE_TIME', 'SCIENTIFIC'] as const;
type NumberFormatType = (typeof NUMBER_FORMAT_TYPES)[number];

/**
 * The pattern a cell gets from a numberFormat with a type and no pattern (en_US, the emulator's locale): what
 * Format ▸ Number ▸ … applies in Sheets, so getNumberFormat reads what setNumberFormat(pattern) would have stored.
 */
export const DEFAULT_PATTERNS: Record<NumberFormatType, string> = {
  TEXT: PLAIN_TEXT_FORMAT,
  NUMBER: '#,##0.00',
  PERCENT: '0.00%',
  CURRENCY: '"$"#,##0.00',
  DATE: 'M/d/yyyy',
  TIME: 'h:mm:ss am/pm',
  DATE_TIME: DEFAULT_DATE_TIME_FORMAT,
  SCIENTIFIC: '0.00E+00',
};

/** The request kinds the emulator models; every other kind of the v4 API is refused as not modelled. */
const MODELLED_KINDS = [
  'addSheet',
  'repeatCell',
  'updateSheetProperties',
  'autoResizeDimensions',
  'createDeveloperMetadata',
  'deleteSheet',
  'updateDimensionProperties',
] as const;
type Kind = (typeof MODELLED_KINDS)[number];

/** Request kinds of the v4 API the emulator does not model (refused with a message saying so). */
const UNMODELLED_KINDS = [
  'updateSpreadsheetProperties',
  'updateNamedRange',
  'addNamedRange',
  'deleteNamedRange',
  'autoFill',
  'cutPaste',
  'copyPaste',
  'mergeCells',
  'unmergeCells',
  'updateBorders',
  'updateCells',
  'addFilterView',
  'appendCells',
  'clearBasicFilter',
  'deleteDimension',
  'deleteEmbeddedObject',
  'deleteFilterView',
  'duplicateFilterView',
  'duplicateSheet',
  'findReplace',
  'insertDimension',
  'insertRange',
  'moveDimension',
  'updateEmbeddedObjectPosition',
  'pasteData',
  'textToColumns',
  'updateFilterView',
  'deleteRange',
  'appendDimension',
  'addConditionalFormatRule',
  'updateConditionalFormatRule',
  'deleteConditionalFormatRule',
  'sortRange',
  'setDataValidation',
  'setBasicFilter',
  'addProtectedRange',
  'updateProtectedRange',
  'deleteProtectedRange',
  'addChart',
  'updateChartSpec',
  'updateBanding',
  'addBanding',
  'deleteBanding',
  'updateDeveloperMetadata',
  'deleteDeveloperMetadata',
  'randomizeRange',
  'addDimensionGroup',
  'deleteDimensionGroup',
  'updateDimensionGroup',
  'trimWhitespace',
  'deleteDuplicates',
  'updateEmbeddedObjectBorder',
  'addSlicer',
  'updateSlicerSpec',
  'addDataSource',
  'updateDataSource',
  'deleteDataSource',
  'refreshDataSource',
  'cancelDataSourceRefresh',
  'addTable',
  'updateTable',
  'deleteTable',
];

const SHEET_PROPERTIES = ['sheetId', 'title', 'index', 'sheetType', 'gridProperties', 'hidden', 'tabColor'];
const SHEET_PROPERTIES_UNMODELLED = ['tabColorStyle', 'rightToLeft', 'dataSourceSheetProperties'];
const GRID_PROPERTIES = ['rowCount', 'columnCount', 'frozenRowCount', 'frozenColumnCount'];
const GRID_PROPERTIES_UNMODELLED = ['hideGridlines', 'rowGroupControlAfter', 'columnGroupControlAfter'];
const CELL_DATA_UNMODELLED = [
  'userEnteredValue',
  'effectiveValue',
  'formattedValue',
  'effectiveFormat',
  'hyperlink',
  'note',
  'textFormatRuns',
  'dataValidation',
  'pivotTable',
  'dataSourceTable',
  'dataSourceFormula',
  'chipRuns',
];
const CELL_FORMAT_UNMODELLED = [
  'backgroundColor',
  'backgroundColorStyle',
  'borders',
  'padding',
  'horizontalAlignment',
  'verticalAlignment',
  'wrapStrategy',
  'textDirection',
  'hyperlinkDisplayType',
  'textRotation',
];
const TEXT_FORMAT_UNMODELLED = [
  'foregroundColor',
  'foregroundColorStyle',
  'fontFamily',
  'fontSize',
  'italic',
  'strikethrough',
  'underline',
  'link',
];

/** One sheet as the batch sees it: an existing sheet (model set) or one added by an earlier request. */
interface DraftSheet extends Omit<SheetGeometry, 'index'> {
  model: SheetModel | null;
  metadataChars: number;
}

class Draft {
  readonly sheets: DraftSheet[];
  spreadsheetMetadataChars: number;
  readonly takenSheetIds = new Set<number>();
  readonly takenMetadataIds = new Set<number>();

  constructor(readonly ss: SpreadsheetModel) {
    this.sheets = ss.sheets.map((s) => {
      const { index: _index, ...geometry } = sheetGeometry(s, 0);
      return { model: s, ...geometry, metadataChars: metadataChars(s.metadata) };
    });
    this.spreadsheetMetadataChars = metadataChars(ss.metadata);
    for (const s of this.sheets) this.takenSheetIds.add(s.sheetId);
    for (const m of ss.allMetadata()) this.takenMetadataIds.add(m.id);
  }

  byId(id: number): DraftSheet | undefined {
    return this.sheets.find((s) => s.sheetId === id);
  }
  /** Sheets keeps tab names unique regardless of case ("calls" clashes with "Calls"). */
  byTitle(title: string): DraftSheet | undefined {
    const wanted = title.toLowerCase();
    return this.sheets.find((s) => s.title.toLowerCase() === wanted);
  }
  totalCells(): number {
    return this.sheets.reduce((n, s) => n + s.rowCount * s.columnCount, 0);
  }
  geometry(s: DraftSheet): SheetGeometry {
    return { ...s, index: this.sheets.indexOf(s) };
  }
}

/** Validation context of one request: its failures read `Invalid requests[i].kind: reason`. */
class RequestContext {
  readonly at: JsonPath;
  constructor(
    readonly index: number,
    readonly kind: string,
  ) {
    this.at = new JsonPath('requests').item(index).field(kind);
  }
  fail(reason: string): never {
    throw new ApiError(`Invalid requests[${this.index}].${this.kind}: ${reason}`);
  }
  notModelled(what: string): never {
    this.fail(`${what} is not modelled by the emulator (dev/emulator/README.md)`);
  }
  /** A checked message inside this request; `path` names it in not-modelled failures. */
  message(v: unknown, at: JsonPath, typeName: string, path: string, modelled: string[], unmodelled: string[]): JsonObject {
    return message(v, at, typeName, modelled, unmodelled, (key) => this.notModelled(`${path}${path ? '.' : ''}${key}`));
  }
}

type Apply = () => void;
interface Planned {
  reply: JsonObject;
  apply: Apply;
  cells: number;
}

export interface BatchResult {
  replies: JsonObject[];
  /** Cells whose format a repeatCell set (counted as cells written). */
  cellsWritten: number;
}

/**
 * Validates every request of `resource` (host-realm JSON) against `ss`, then applies them all in order. Throws an
 * ApiError (nothing applied) when the resource or any request is invalid.
 */
export function batchUpdate(ss: SpreadsheetModel, resource: unknown): BatchResult {
  const root = new JsonPath('');
  const body = message(
    resource,
    root,
    'BatchUpdateSpreadsheetRequest',
    ['requests'],
    ['includeSpreadsheetInResponse', 'responseRanges', 'responseIncludeGridData'],
    (key) => {
      throw new ApiError(`Invalid request: ${key} is not modelled by the emulator (dev/emulator/README.md)`);
    },
  );
  const requests = list(body.requests, root.field('requests'));
  if (requests.length === 0) throw new ApiError('Must specify at least one request.');
  const draft = new Draft(ss);
  const planned = requests.map((request, i) => planRequest(draft, request, i));
  for (const p of planned) p.apply();
  return { replies: planned.map((p) => p.reply), cellsWritten: planned.reduce((n, p) => n + p.cells, 0) };
}

function planRequest(draft: Draft, request: unknown, i: number): Planned {
  const at = new JsonPath('requests').item(i);
  if (request === null || typeof request !== 'object' || Array.isArray(request))
    throw new ApiError(
      `Invalid value at '${at.text}' (type.googleapis.com/google.apps.sheets.v4.Request), ${JSON.stringify(request)}`,
    );
  const kinds = Object.keys(request).filter(
    (k) => (request as JsonObject)[k] !== undefined && (request as JsonObject)[k] !== null,
  );
  for (const k of kinds)
    if (!(MODELLED_KINDS as readonly string[]).includes(k) && !UNMODELLED_KINDS.includes(k)) throw unknownName(k, at);
  if (kinds.length === 0) throw new ApiError(`Invalid requests[${i}]: No request set.`);
  if (kinds.length > 1)
    throw new ApiError(`Invalid value at '${at.text}' (oneof), oneof field 'kind' is already set. Cannot set '${kinds[1]}'`);
  const kind = kinds[0];
  const ctx = new RequestContext(i, kind);
  if (!(MODELLED_KINDS as readonly string[]).includes(kind)) ctx.notModelled(`the ${kind} request`);
  const value = (request as JsonObject)[kind];
  switch (kind as Kind) {
    case 'addSheet':
      return addSheet(draft, ctx, value);
    case 'repeatCell':
      return repeatCell(draft, ctx, value);
    case 'updateSheetProperties':
      return updateSheetProperties(draft, ctx, value);
    case 'autoResizeDimensions':
      return autoResizeDimensions(draft, ctx, value);
    case 'createDeveloperMetadata':
      return createDeveloperMetadata(draft, ctx, value);
    case 'deleteSheet':
      return deleteSheet(draft, ctx, value);
    case 'updateDimensionProperties':
      return updateDimensionProperties(draft, ctx, value);
  }
}

// ---- shared checks ------------------------------------------------------------------------------------------

function checkTitle(draft: Draft, ctx: RequestContext, title: string, self?: DraftSheet): void {
  if (title.trim() === '') ctx.fail('Sheet name cannot be empty.');
  if (title.length > MAX_SHEET_NAME_CHARS) ctx.fail('The sheet name is too long.');
  const other = draft.byTitle(title);
  if (other && other !== self) ctx.fail(`A sheet with the name "${title}" already exists. Please enter another name.`);
}

function checkGrid(ctx: RequestContext, rows: number, cols: number, frozenRows: number, frozenCols: number): void {
  if (rows < 1) ctx.fail("You can't delete all the rows on the sheet.");
  if (cols < 1) ctx.fail("You can't delete all the columns on the sheet.");
  if (cols > MAX_COLUMNS) ctx.fail(`columnCount (${cols}) exceeds the maximum of ${MAX_COLUMNS} columns.`);
  if (frozenRows < 0 || frozenCols < 0) ctx.fail('Frozen row and column counts must not be negative.');
  if (frozenRows >= rows) ctx.fail("You can't freeze all visible rows on the sheet.");
  if (frozenCols >= cols) ctx.fail("You can't freeze all visible columns on the sheet.");
}

function checkBudget(draft: Draft, ctx: RequestContext, extraCells: number): void {
  const error = extraCells > 0 ? cellBudgetError(draft.totalCells(), extraCells) : null;
  if (error) ctx.fail(error);
}

function sheetOf(draft: Draft, ctx: RequestContext, id: number, noun: 'sheet' | 'grid'): DraftSheet {
  const s = draft.byId(id);
  if (!s) ctx.fail(`No ${noun} with id: ${id}`);
  return s;
}

function tabColorOf(ctx: RequestContext, v: unknown, at: JsonPath): string | null {
  const c = ctx.message(v, at, 'Color', 'tabColor', ['red', 'green', 'blue', 'alpha'], []);
  if (Object.keys(c).length === 0) return null;
  return hexFromColor({
    red: float(c.red, at.field('red')),
    green: float(c.green, at.field('green')),
    blue: float(c.blue, at.field('blue')),
  });
}

/** A mask's paths, or a failure when it is missing or malformed. */
function maskPaths(ctx: RequestContext, v: unknown): string[] {
  const fields = str(v, ctx.at.field('fields'));
  if (fields === undefined || fields === '') ctx.fail("At least one field must be specified in 'fields'.");
  const paths = expandFieldMask(fields);
  if (!paths) ctx.fail(`Invalid field mask: "${fields}".`);
  return paths;
}

/** Moves a sheet to `index`, counted before the move like the API (in S1,S2,S3 moving S1 before S3 is index 2). */
function moveTo<T>(items: T[], item: T, index: number): void {
  const from = items.indexOf(item);
  items.splice(from, 1);
  items.splice(index > from ? index - 1 : index, 0, item);
}

// ---- addSheet -----------------------------------------------------------------------------------------------

function addSheet(draft: Draft, ctx: RequestContext, value: unknown): Planned {
  const body = ctx.message(value, ctx.at, 'AddSheetRequest', '', ['properties'], []);
  const at = ctx.at.field('properties');
  const props = ctx.message(body.properties, at, 'SheetProperties', 'properties', SHEET_PROPERTIES, SHEET_PROPERTIES_UNMODELLED);
  const sheetType = enumValue(props.sheetType, at.field('sheetType'), 'SheetType', [
    'SHEET_TYPE_UNSPECIFIED',
    'GRID',
    'OBJECT',
    'DATA_SOURCE',
  ]);
  if (sheetType !== 'SHEET_TYPE_UNSPECIFIED' && sheetType !== 'GRID') ctx.notModelled(`sheetType ${sheetType}`);
  const gridAt = at.field('gridProperties');
  const grid = ctx.message(
    props.gridProperties,
    gridAt,
    'GridProperties',
    'properties.gridProperties',
    GRID_PROPERTIES,
    GRID_PROPERTIES_UNMODELLED,
  );

  // proto3: 0 is "unset", so sheetId 0 gets a fresh id and a rowCount/columnCount of 0 the default size.
  let sheetId = int32(props.sheetId, at.field('sheetId')) ?? 0;
  if (sheetId < 0) ctx.fail(`sheetId (${sheetId}) must not be negative.`);
  if (sheetId !== 0 && draft.byId(sheetId)) ctx.fail(`A sheet with id ${sheetId} already exists.`);
  if (sheetId === 0) sheetId = draft.ss.freeSheetId(draft.takenSheetIds);

  let title = str(props.title, at.field('title')) ?? '';
  if (title === '') {
    let n = draft.sheets.length + 1;
    while (draft.byTitle(`Sheet${n}`)) n++;
    title = `Sheet${n}`;
  }
  checkTitle(draft, ctx, title);

  const index = int32(props.index, at.field('index')) ?? draft.sheets.length;
  if (index < 0 || index > draft.sheets.length)
    ctx.fail(`index (${index}) must be between 0 and the number of sheets (${draft.sheets.length}).`);

  const rowCount = int32(grid.rowCount, gridAt.field('rowCount')) || NEW_SHEET_ROWS;
  const columnCount = int32(grid.columnCount, gridAt.field('columnCount')) || NEW_SHEET_COLUMNS;
  const frozenRows = int32(grid.frozenRowCount, gridAt.field('frozenRowCount')) ?? 0;
  const frozenColumns = int32(grid.frozenColumnCount, gridAt.field('frozenColumnCount')) ?? 0;
  checkGrid(ctx, rowCount, columnCount, frozenRows, frozenColumns);
  checkBudget(draft, ctx, rowCount * columnCount);

  const sheet: DraftSheet = {
    model: null,
    sheetId,
    title,
    rowCount,
    columnCount,
    frozenRows,
    frozenColumns,
    hidden: bool(props.hidden, at.field('hidden')) ?? false,
    tabColor: tabColorOf(ctx, props.tabColor, at.field('tabColor')),
    metadataChars: 0,
  };
  draft.sheets.splice(index, 0, sheet);
  draft.takenSheetIds.add(sheetId);
  const reply = { addSheet: { properties: sheetPropertiesJson(draft.geometry(sheet)) } };
  const ss = draft.ss;
  return {
    reply,
    cells: 0,
    apply: () => {
      // Unlike Spreadsheet.insertSheet, the API leaves the active sheet alone.
      const m = ss.addSheet(title, index, sheetId);
      m.maxRows = rowCount;
      m.maxColumns = columnCount;
      m.frozenRows = frozenRows;
      m.frozenColumns = frozenColumns;
      m.hidden = sheet.hidden;
      m.tabColor = sheet.tabColor;
      sheet.model = m;
    },
  };
}

// ---- updateSheetProperties ----------------------------------------------------------------------------------

const SHEET_PROPERTY_PATHS = [
  'title',
  'index',
  'hidden',
  'tabColor',
  'gridProperties',
  'gridProperties.rowCount',
  'gridProperties.columnCount',
  'gridProperties.frozenRowCount',
  'gridProperties.frozenColumnCount',
];

function updateSheetProperties(draft: Draft, ctx: RequestContext, value: unknown): Planned {
  const body = ctx.message(value, ctx.at, 'UpdateSheetPropertiesRequest', '', ['properties', 'fields'], []);
  const at = ctx.at.field('properties');
  const props = ctx.message(body.properties, at, 'SheetProperties', 'properties', SHEET_PROPERTIES, SHEET_PROPERTIES_UNMODELLED);
  const gridAt = at.field('gridProperties');
  const grid = ctx.message(
    props.gridProperties,
    gridAt,
    'GridProperties',
    'properties.gridProperties',
    GRID_PROPERTIES,
    GRID_PROPERTIES_UNMODELLED,
  );
  const sheet = sheetOf(draft, ctx, int32(props.sheetId, at.field('sheetId')) ?? 0, 'sheet');
  const paths = maskPaths(ctx, body.fields);
  for (const p of paths) {
    if (p === 'sheetId') ctx.fail('The sheetId of a sheet cannot be changed.');
    if (!SHEET_PROPERTY_PATHS.includes(p)) {
      const root = p.split('.')[0];
      if (p === '*' || SHEET_PROPERTIES.includes(root) || SHEET_PROPERTIES_UNMODELLED.includes(root))
        ctx.notModelled(`fields "${p}"`);
      ctx.fail(`Invalid field mask path "${p}".`);
    }
  }
  const masked = (path: string) =>
    paths.includes(path) || (path.startsWith('gridProperties.') && paths.includes('gridProperties'));
  // A masked field missing from properties is set to its default (proto3), like the API does.
  const next = { ...sheet };
  if (masked('title')) next.title = str(props.title, at.field('title')) ?? '';
  if (masked('hidden')) next.hidden = bool(props.hidden, at.field('hidden')) ?? false;
  if (masked('tabColor')) next.tabColor = tabColorOf(ctx, props.tabColor, at.field('tabColor'));
  if (masked('gridProperties.rowCount')) next.rowCount = int32(grid.rowCount, gridAt.field('rowCount')) ?? 0;
  if (masked('gridProperties.columnCount')) next.columnCount = int32(grid.columnCount, gridAt.field('columnCount')) ?? 0;
  if (masked('gridProperties.frozenRowCount')) next.frozenRows = int32(grid.frozenRowCount, gridAt.field('frozenRowCount')) ?? 0;
  if (masked('gridProperties.frozenColumnCount'))
    next.frozenColumns = int32(grid.frozenColumnCount, gridAt.field('frozenColumnCount')) ?? 0;
  const index = masked('index') ? (int32(props.index, at.field('index')) ?? 0) : undefined;

  if (next.title !== sheet.title) checkTitle(draft, ctx, next.title, sheet);
  checkGrid(ctx, next.rowCount, next.columnCount, next.frozenRows, next.frozenColumns);
  checkBudget(draft, ctx, next.rowCount * next.columnCount - sheet.rowCount * sheet.columnCount);
  if (next.hidden && !draft.sheets.some((s) => s !== sheet && !s.hidden))
    ctx.fail("You can't hide all the sheets in a document.");
  if (index !== undefined && (index < 0 || index > draft.sheets.length))
    ctx.fail(`index (${index}) must be between 0 and the number of sheets (${draft.sheets.length}).`);

  Object.assign(sheet, next);
  if (index !== undefined) moveTo(draft.sheets, sheet, index);
  const ss = draft.ss;
  return {
    reply: {},
    cells: 0,
    apply: () => {
      const m = sheet.model as SheetModel;
      m.name = next.title;
      m.hidden = next.hidden;
      m.tabColor = next.tabColor;
      if (next.rowCount < m.maxRows) m.deleteRows(next.rowCount + 1, m.maxRows - next.rowCount);
      else m.maxRows = next.rowCount;
      if (next.columnCount < m.maxColumns) {
        m.deleteColumns(next.columnCount + 1, m.maxColumns - next.columnCount);
        for (const c of [...m.columnWidths.keys()]) if (c > next.columnCount) m.columnWidths.delete(c);
      } else m.maxColumns = next.columnCount;
      m.frozenRows = next.frozenRows;
      m.frozenColumns = next.frozenColumns;
      if (index !== undefined) moveTo(ss.sheets, m, index);
    },
  };
}

// ---- deleteSheet --------------------------------------------------------------------------------------------

function deleteSheet(draft: Draft, ctx: RequestContext, value: unknown): Planned {
  const body = ctx.message(value, ctx.at, 'DeleteSheetRequest', '', ['sheetId'], []);
  const sheet = sheetOf(draft, ctx, int32(body.sheetId, ctx.at.field('sheetId')) ?? 0, 'sheet');
  if (draft.sheets.length <= 1) ctx.fail("You can't remove all the sheets in a document.");
  draft.sheets.splice(draft.sheets.indexOf(sheet), 1);
  const ss = draft.ss;
  return { reply: {}, cells: 0, apply: () => ss.removeSheet(sheet.model as SheetModel) };
}

// ---- repeatCell ---------------------------------------------------------------------------------------------

interface Span {
  sheet: DraftSheet;
  /** 0-based, end exclusive. */
  r0: number;
  r1: number;
  c0: number;
  c1: number;
}

/** A GridRange: 0-based, ends exclusive, a missing bound = the grid's edge; sheetId missing = 0 (proto3). */
function gridRange(draft: Draft, ctx: RequestContext, v: unknown, at: JsonPath): Span {
  const g = ctx.message(
    v,
    at,
    'GridRange',
    'range',
    ['sheetId', 'startRowIndex', 'endRowIndex', 'startColumnIndex', 'endColumnIndex'],
    [],
  );
  const sheet = sheetOf(draft, ctx, int32(g.sheetId, at.field('sheetId')) ?? 0, 'grid');
  const r0 = int32(g.startRowIndex, at.field('startRowIndex')) ?? 0;
  const r1 = int32(g.endRowIndex, at.field('endRowIndex')) ?? sheet.rowCount;
  const c0 = int32(g.startColumnIndex, at.field('startColumnIndex')) ?? 0;
  const c1 = int32(g.endColumnIndex, at.field('endColumnIndex')) ?? sheet.columnCount;
  checkSpan(ctx, sheet, r0, r1, c0, c1);
  return { sheet, r0, r1, c0, c1 };
}

function checkSpan(ctx: RequestContext, sheet: DraftSheet, r0: number, r1: number, c0: number, c1: number): void {
  if (r0 < 0 || r1 < 0 || c0 < 0 || c1 < 0) ctx.fail('Range indexes must not be negative.');
  if (r0 > r1) ctx.fail(`startRowIndex (${r0}) must be less than or equal to endRowIndex (${r1}).`);
  if (c0 > c1) ctx.fail(`startColumnIndex (${c0}) must be less than or equal to endColumnIndex (${c1}).`);
  if (r1 > sheet.rowCount || c1 > sheet.columnCount) {
    const a1 = a1Notation(r0 + 1, c0 + 1, Math.max(1, r1 - r0), Math.max(1, c1 - c0));
    ctx.fail(
      `Range ('${sheet.title.replace(/'/g, "''")}'!${a1}) exceeds grid limits. Max rows: ${sheet.rowCount}, max columns: ${sheet.columnCount}`,
    );
  }
}

/** What a repeatCell does to each cell: undefined fields are left alone. */
interface CellPatch {
  /** A pattern, or null to reset to Automatic. */
  format?: string | null;
  /** 'bold' | 'normal', or null to reset. */
  fontWeight?: 'bold' | 'normal' | null;
  /** Reset the other formatting the model keeps (background, horizontal alignment). */
  resetOtherFormats?: boolean;
}

function repeatCell(draft: Draft, ctx: RequestContext, value: unknown): Planned {
  const body = ctx.message(value, ctx.at, 'RepeatCellRequest', '', ['range', 'cell', 'fields'], []);
  const span = gridRange(draft, ctx, body.range, ctx.at.field('range'));
  const cellAt = ctx.at.field('cell');
  const cell = ctx.message(body.cell, cellAt, 'CellData', 'cell', ['userEnteredFormat'], CELL_DATA_UNMODELLED);
  const fmtAt = cellAt.field('userEnteredFormat');
  const fmt = ctx.message(
    cell.userEnteredFormat,
    fmtAt,
    'CellFormat',
    'cell.userEnteredFormat',
    ['numberFormat', 'textFormat'],
    CELL_FORMAT_UNMODELLED,
  );
  const nfAt = fmtAt.field('numberFormat');
  const hasNumberFormat = fmt.numberFormat !== undefined && fmt.numberFormat !== null;
  const nf = ctx.message(fmt.numberFormat, nfAt, 'NumberFormat', 'cell.userEnteredFormat.numberFormat', ['type', 'pattern'], []);
  const type = enumValue(nf.type, nfAt.field('type'), 'NumberFormatType', [
    'NUMBER_FORMAT_TYPE_UNSPECIFIED',
    ...NUMBER_FORMAT_TYPES,
  ]);
  const pattern = str(nf.pattern, nfAt.field('pattern')) ?? '';
  if (hasNumberFormat && type === 'NUMBER_FORMAT_TYPE_UNSPECIFIED')
    ctx.fail(`numberFormat.type must be one of ${NUMBER_FORMAT_TYPES.join(', ')}.`);
  const tfAt = fmtAt.field('textFormat');
  const tf = ctx.message(
    fmt.textFormat,
    tfAt,
    'TextFormat',
    'cell.userEnteredFormat.textFormat',
    ['bold'],
    TEXT_FORMAT_UNMODELLED,
  );
  const bold = bool(tf.bold, tfAt.field('bold'));

  const newFormat = hasNumberFormat && type !== 'NUMBER_FORMAT_TYPE_UNSPECIFIED' ? pattern || DEFAULT_PATTERNS[type] : null;
  const newWeight = bold === true ? 'bold' : bold === false ? 'normal' : null;
  const patch: CellPatch = {};
  for (const p of maskPaths(ctx, body.fields)) {
    if (p === 'userEnteredFormat') {
      patch.format = newFormat;
      patch.fontWeight = newWeight;
      patch.resetOtherFormats = true;
    } else if (p === 'userEnteredFormat.numberFormat') patch.format = newFormat;
    else if (p === 'userEnteredFormat.textFormat' || p === 'userEnteredFormat.textFormat.bold') patch.fontWeight = newWeight;
    else {
      const [root, second] = p.split('.');
      const known =
        p === '*' ||
        CELL_DATA_UNMODELLED.includes(root) ||
        (root === 'userEnteredFormat' &&
          (CELL_FORMAT_UNMODELLED.includes(second) || ['numberFormat', 'textFormat'].includes(second)));
      if (known) ctx.notModelled(`fields "${p}"`);
      ctx.fail(`Invalid field mask path "${p}".`);
    }
  }
  const cells = (span.r1 - span.r0) * (span.c1 - span.c0);
  return { reply: {}, cells, apply: () => patchCells(span, patch) };
}

/**
 * Applies a patch to every cell of a span in one pass over the row arrays (no per-cell range objects, no grid of
 * values): a 100,000-row column costs what setNumberFormats over it costs, minus the grid it would send. A patch
 * that only resets formatting leaves cells that do not exist alone.
 */
function patchCells(span: Span, patch: CellPatch): void {
  const rows = (span.sheet.model as SheetModel).rows;
  const onlyResets = !patch.format && !patch.fontWeight;
  for (let r = span.r0; r < span.r1; r++) {
    let row = rows[r];
    if (!row) {
      if (onlyResets) continue;
      row = [];
      rows[r] = row;
    }
    for (let c = span.c0; c < span.c1; c++) {
      let cell: CellData | undefined = row[c];
      if (!cell) {
        if (onlyResets) continue;
        cell = { value: '' };
        row[c] = cell;
      }
      if (patch.format !== undefined) cell.format = patch.format ?? undefined;
      if (patch.fontWeight !== undefined) cell.fontWeight = patch.fontWeight ?? undefined;
      if (patch.resetOtherFormats) {
        cell.background = undefined;
        cell.horizontalAlignment = undefined;
      }
    }
  }
}

// ---- autoResizeDimensions, updateDimensionProperties --------------------------------------------------------

interface Dimensions {
  sheet: DraftSheet;
  columns: boolean;
  /** 0-based, end exclusive. */
  start: number;
  end: number;
}

/** A DimensionRange: rows or columns [startIndex, endIndex) of a sheet; a missing bound = the grid's edge. */
function dimensionRange(draft: Draft, ctx: RequestContext, v: unknown, at: JsonPath, path: string): Dimensions {
  const d = ctx.message(v, at, 'DimensionRange', path, ['sheetId', 'dimension', 'startIndex', 'endIndex'], []);
  const sheet = sheetOf(draft, ctx, int32(d.sheetId, at.field('sheetId')) ?? 0, 'grid');
  const dimension = enumValue(d.dimension, at.field('dimension'), 'Dimension', ['DIMENSION_UNSPECIFIED', 'ROWS', 'COLUMNS']);
  if (dimension === 'DIMENSION_UNSPECIFIED') ctx.fail(`${path}.dimension must be ROWS or COLUMNS.`);
  const columns = dimension === 'COLUMNS';
  const start = int32(d.startIndex, at.field('startIndex')) ?? 0;
  const end = int32(d.endIndex, at.field('endIndex')) ?? (columns ? sheet.columnCount : sheet.rowCount);
  if (columns) checkSpan(ctx, sheet, 0, sheet.rowCount, start, end);
  else checkSpan(ctx, sheet, start, end, 0, sheet.columnCount);
  return { sheet, columns, start, end };
}

/**
 * Column widths in pixels (what Sheet.setColumnWidths stores) and rows hidden by the user (Sheet.hideRows); row
 * heights and hidden columns are not modelled.
 */
function updateDimensionProperties(draft: Draft, ctx: RequestContext, value: unknown): Planned {
  const body = ctx.message(
    value,
    ctx.at,
    'UpdateDimensionPropertiesRequest',
    '',
    ['range', 'properties', 'fields'],
    ['dataSourceSheetRange'],
  );
  const { sheet, columns, start, end } = dimensionRange(draft, ctx, body.range, ctx.at.field('range'), 'range');
  const at = ctx.at.field('properties');
  const props = ctx.message(
    body.properties,
    at,
    'DimensionProperties',
    'properties',
    ['pixelSize', 'hiddenByUser'],
    ['hiddenByFilter', 'developerMetadata', 'dataSourceColumnReference'],
  );
  let pixelSize: number | undefined;
  let hidden: boolean | undefined;
  for (const p of maskPaths(ctx, body.fields)) {
    if (p === 'pixelSize' && columns) pixelSize = int32(props.pixelSize, at.field('pixelSize')) ?? 0;
    else if (p === 'hiddenByUser' && !columns) hidden = bool(props.hiddenByUser, at.field('hiddenByUser')) ?? false;
    else if (['pixelSize', 'hiddenByUser', 'hiddenByFilter', 'developerMetadata', 'dataSourceColumnReference', '*'].includes(p))
      ctx.notModelled(`fields "${p}" for ${columns ? 'COLUMNS' : 'ROWS'}`);
    else ctx.fail(`Invalid field mask path "${p}".`);
  }
  if (pixelSize !== undefined && pixelSize < 1) ctx.fail(`pixelSize (${pixelSize}) must be at least 1.`);
  return {
    reply: {},
    cells: 0,
    apply: () => {
      const m = sheet.model as SheetModel;
      for (let i = start; i < end; i++) {
        if (pixelSize !== undefined) m.columnWidths.set(i + 1, pixelSize);
        if (hidden !== undefined) m.setRowHidden(i + 1, hidden);
      }
    },
  };
}

function autoResizeDimensions(draft: Draft, ctx: RequestContext, value: unknown): Planned {
  const body = ctx.message(value, ctx.at, 'AutoResizeDimensionsRequest', '', ['dimensions'], ['dataSourceSheetDimensions']);
  const { sheet, columns, start, end } = dimensionRange(draft, ctx, body.dimensions, ctx.at.field('dimensions'), 'dimensions');
  return {
    reply: {},
    cells: 0,
    // Row heights are not modelled: ROWS is validated and changes nothing.
    apply: () => {
      if (columns && end > start) autoResizeColumnWidths(sheet.model as SheetModel, start + 1, end - start);
    },
  };
}

// ---- createDeveloperMetadata --------------------------------------------------------------------------------

function createDeveloperMetadata(draft: Draft, ctx: RequestContext, value: unknown): Planned {
  const body = ctx.message(value, ctx.at, 'CreateDeveloperMetadataRequest', '', ['developerMetadata'], []);
  const at = ctx.at.field('developerMetadata');
  const dm = ctx.message(
    body.developerMetadata,
    at,
    'DeveloperMetadata',
    'developerMetadata',
    ['metadataId', 'metadataKey', 'metadataValue', 'location', 'visibility'],
    [],
  );
  const locAt = at.field('location');
  const loc = ctx.message(
    dm.location,
    locAt,
    'DeveloperMetadataLocation',
    'developerMetadata.location',
    ['sheetId', 'spreadsheet', 'locationType'],
    ['dimensionRange'],
  );
  const onSpreadsheet = bool(loc.spreadsheet, locAt.field('spreadsheet')) === true;
  const sheetId = int32(loc.sheetId, locAt.field('sheetId'));
  if (onSpreadsheet && sheetId !== undefined)
    throw new ApiError(`Invalid value at '${locAt.text}' (oneof), oneof field 'location' is already set. Cannot set 'sheetId'`);
  if (!onSpreadsheet && sheetId === undefined) ctx.fail('developerMetadata.location must be set (spreadsheet or sheetId).');
  const locationType = enumValue(loc.locationType, locAt.field('locationType'), 'DeveloperMetadataLocationType', [
    'DEVELOPER_METADATA_LOCATION_TYPE_UNSPECIFIED',
    'ROW',
    'COLUMN',
    'SHEET',
    'SPREADSHEET',
  ]);
  const expectedType = onSpreadsheet ? 'SPREADSHEET' : 'SHEET';
  if (locationType !== 'DEVELOPER_METADATA_LOCATION_TYPE_UNSPECIFIED' && locationType !== expectedType)
    ctx.fail(`location.locationType ${locationType} does not match the location given.`);
  const sheet = sheetId === undefined ? null : sheetOf(draft, ctx, sheetId, 'sheet');

  const key = str(dm.metadataKey, at.field('metadataKey')) ?? '';
  if (key === '') ctx.fail('developerMetadata.metadataKey must be set.');
  const val = str(dm.metadataValue, at.field('metadataValue'));
  const visibility = enumValue(dm.visibility, at.field('visibility'), 'DeveloperMetadataVisibility', [
    'DEVELOPER_METADATA_VISIBILITY_UNSPECIFIED',
    'DOCUMENT',
    'PROJECT',
  ]);
  if (visibility === 'DEVELOPER_METADATA_VISIBILITY_UNSPECIFIED')
    ctx.fail('developerMetadata.visibility must be DOCUMENT or PROJECT.');
  let id = int32(dm.metadataId, at.field('metadataId')) ?? 0;
  if (id < 0) ctx.fail(`metadataId (${id}) must not be negative.`);
  if (id !== 0 && draft.takenMetadataIds.has(id)) ctx.fail(`Developer metadata with id ${id} already exists.`);
  if (id === 0) id = newMetadataId(draft.ss, draft.takenMetadataIds);

  const chars = key.length + (val?.length ?? 0);
  const used = sheet ? sheet.metadataChars : draft.spreadsheetMetadataChars;
  if (used + chars > MAX_METADATA_CHARS_PER_LOCATION) ctx.fail(METADATA_BUDGET_ERROR);
  if (sheet) sheet.metadataChars += chars;
  else draft.spreadsheetMetadataChars += chars;
  draft.takenMetadataIds.add(id);

  const developerMetadata: JsonObject = { metadataId: id, metadataKey: key };
  if (val !== undefined) developerMetadata.metadataValue = val;
  developerMetadata.location = sheet
    ? { locationType: 'SHEET', sheetId: sheet.sheetId }
    : { locationType: 'SPREADSHEET', spreadsheet: true };
  developerMetadata.visibility = visibility;
  const ss = draft.ss;
  return {
    reply: { createDeveloperMetadata: { developerMetadata } },
    cells: 0,
    apply: () => {
      const model = sheet ? (sheet.model as SheetModel) : undefined;
      (model ? model.metadata : ss.metadata).push({
        id,
        key,
        value: val ?? null,
        visibility,
        location: model ? 'SHEET' : 'SPREADSHEET',
        sheet: model,
      });
    },
  };
}
