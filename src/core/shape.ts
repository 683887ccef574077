// Turns API bodies into sheet tables: finds the rows in any documented or undocumented shape (docs/cliqtel-api.md#undocumented-shapes), flattens
// nested objects to dotted columns, and converts values by the rules of docs/architecture.md#value-types (strings stay exact).

import { parseYmd } from './dates';
import { isTimestampShape, parseApiTimestamp } from './values';

export { isPlainDecimal, parseApiTimestamp, parseTimestamp } from './values';

/** A value a sheet cell receives; Dates come only from ISO timestamps (and date-only strings when asked). */
export type TableCell = string | number | boolean | Date;
export type Row = Record<string, unknown>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Rows must be objects; a list of primitives becomes rows with a single "value" column. */
function asRows(items: unknown[]): Row[] {
  const rows: Row[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    rows[i] = isPlainObject(item) ? item : { value: item };
  }
  return rows;
}

/** The last page number of a Laravel page (`last_page` at top level, or in `meta` for API resources); else null. */
export function laravelLastPage(body: unknown): number | null {
  if (!isPlainObject(body) || !Array.isArray(body.data)) return null;
  const meta = isPlainObject(body.meta) ? body.meta : undefined;
  const raw = body.last_page ?? meta?.last_page;
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : null;
}

/** A numeric pagination field (`per_page`, `current_page`, `total`) of a Laravel page, wherever Laravel put it. */
export function laravelField(body: unknown, field: 'per_page' | 'current_page' | 'total'): number | undefined {
  if (!isPlainObject(body)) return undefined;
  const meta = isPlainObject(body.meta) ? body.meta : undefined;
  const raw = body[field] ?? meta?.[field];
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/**
 * Finds the rows of a list response: a bare array; a Laravel page or `{data:[…]}`; `{data:{…}}` searched one level
 * down; the single array-valued property of an object (`{"invoices":[…]}`). Null when there is no unambiguous list
 * (an object with no array, or with several array properties): the caller may treat the object as one row.
 */
export function findRows(body: unknown): Row[] | null {
  if (Array.isArray(body)) return asRows(body);
  if (!isPlainObject(body)) return null;
  if (Array.isArray(body.data)) return asRows(body.data);
  if (isPlainObject(body.data) && Object.keys(body).length === 1) return findRows(body.data);
  let found: unknown[] | null = null;
  for (const key in body) {
    const value = body[key];
    if (Array.isArray(value)) {
      if (found) return null; // several lists: no way to know which one is "the rows"
      found = value;
    }
  }
  return found ? asRows(found) : null;
}

/**
 * Flattens nested objects to dotted keys (`{forwarding:{destination:"+44…"}}` → `forwarding.destination`).
 * Arrays inside a row cannot fill one cell, so they become their JSON text; null stays null; an empty nested
 * object becomes null under its own name so the column still shows up.
 */
export function flattenRow(obj: Row): Row {
  let nested = false;
  for (const key in obj) {
    const v = obj[key];
    if (v !== null && typeof v === 'object') {
      nested = true;
      break;
    }
  }
  if (!nested) return obj; // the common case: already flat, no copy
  const out: Row = {};
  flattenInto(out, obj, '');
  return out;
}

function flattenInto(out: Row, obj: Row, prefix: string): void {
  for (const key in obj) {
    const v = obj[key];
    const name = prefix + key;
    if (Array.isArray(v)) out[name] = JSON.stringify(v);
    else if (isPlainObject(v)) {
      if (Object.keys(v).length === 0) out[name] = null;
      else flattenInto(out, v, `${name}.`);
    } else out[name] = v;
  }
}

const UPPERCASE_WORDS: Record<string, string> = {
  id: 'ID',
  did: 'DID',
  dids: 'DIDs',
  sms: 'SMS',
  url: 'URL',
  pdf: 'PDF',
  cdr: 'CDR',
  sip: 'SIP',
  vat: 'VAT',
  iso: 'ISO',
  api: 'API',
  csv: 'CSV',
  uuid: 'UUID',
  ip: 'IP',
  ivr: 'IVR',
  mms: 'MMS',
  e164: 'E164',
};

/** Field names compared the way a header matches its API field: lower-case, letters and digits only (`Call ID` ~ `call_id`). */
export function normalizeFieldName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * A field name in words: `call_id` → "Call ID", `forwarding.destination` → "Forwarding Destination". Only case and
 * separators change, so lower-casing both and dropping everything but letters and digits gives the same text.
 */
export function humanizeField(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '');
  if (words.length === 0) return name;
  return words.map((w) => UPPERCASE_WORDS[w.toLowerCase()] ?? w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
}

export interface BuildTableOptions {
  /** Turns a `YYYY-MM-DD` string into a Date (local midnight in the spreadsheet's zone); without it they stay text. */
  parseDateOnly?: (ymd: string) => Date;
}

/** One API value as a cell: strings exact, timestamps as Dates, numbers and booleans as is, missing as ''. */
export function toCell(value: unknown, parseDateOnly?: (ymd: string) => Date): TableCell {
  switch (typeof value) {
    case 'string': {
      const n = value.length;
      // Cheap shape checks first: most strings (phones, ids, names) are rejected without running a regex.
      if (isTimestampShape(value)) return parseApiTimestamp(value) ?? value;
      if (parseDateOnly && n === 10 && value.charCodeAt(4) === 45 && value.charCodeAt(7) === 45 && parseYmd(value)) {
        return parseDateOnly(value);
      }
      return value;
    }
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'boolean':
      return value;
    case 'undefined':
      return '';
    default:
      return value === null ? '' : JSON.stringify(value);
  }
}

/** What a column holds, decided over all its values so a cell's type never depends on its neighbours. */
enum ColumnKind {
  Plain,
  Timestamps,
  DateOnly,
}

function isDateOnlyShape(v: string): boolean {
  return v.length === 10 && v.charCodeAt(4) === 45 && v.charCodeAt(7) === 45 && parseYmd(v) !== null;
}

/**
 * A column becomes Dates only when every non-empty string in it is a timestamp with a zone (or, with parseDateOnly,
 * every one is a YYYY-MM-DD date); a column mixing such values with other text stays exactly the text sent.
 */
interface ColumnClass {
  kind: ColumnKind;
  /** For a timestamp column: the Date parsed for each row while classifying, so no value is parsed twice. */
  parsed?: (Date | undefined)[];
}

function classifyColumn(rows: Row[], field: string, dateOnly: boolean): ColumnClass {
  let timestamps = 0;
  let dates = 0;
  let strings = 0;
  let parsed: (Date | undefined)[] | undefined;
  for (let i = 0; i < rows.length; i++) {
    const v = rows[i][field];
    if (typeof v !== 'string' || v === '') continue;
    strings++;
    const instant = dates === 0 ? parseApiTimestamp(v) : null;
    if (instant) {
      timestamps++;
      if (!parsed) parsed = new Array(rows.length);
      parsed[i] = instant;
    } else if (dateOnly && timestamps === 0 && isDateOnlyShape(v)) dates++;
    else return { kind: ColumnKind.Plain };
  }
  if (strings > 0 && timestamps === strings) return { kind: ColumnKind.Timestamps, parsed };
  if (strings > 0 && dates === strings) return { kind: ColumnKind.DateOnly };
  return { kind: ColumnKind.Plain };
}

/** One API value as a cell of its column: strings exact unless the column is dates. */
function toColumnCell(value: unknown, column: ColumnClass, row: number, parseDateOnly?: (ymd: string) => Date): TableCell {
  if (typeof value === 'string' && value !== '') {
    if (column.kind === ColumnKind.Timestamps) return column.parsed?.[row] as Date;
    if (column.kind === ColumnKind.DateOnly && parseDateOnly) return parseDateOnly(value);
    return value;
  }
  return toCell(value);
}

/**
 * A sheet table: header row, then one row per API row. Columns are every known (documented) field in documented
 * order — present or not, so a report's layout does not depend on the data — then unknown fields in first-seen
 * order. Nested objects are flattened to dotted names before columns are chosen. Types are decided per column.
 */
export function buildTable(rows: Row[], knownFields: readonly string[], opts: BuildTableOptions = {}): TableCell[][] {
  const flat: Row[] = new Array(rows.length);
  const columnIndex = new Map<string, number>();
  const columns: string[] = [];
  for (const field of knownFields) {
    if (!columnIndex.has(field)) {
      columnIndex.set(field, columns.length);
      columns.push(field);
    }
  }
  for (let i = 0; i < rows.length; i++) {
    const row = flattenRow(rows[i]);
    flat[i] = row;
    for (const key in row) {
      if (!columnIndex.has(key)) {
        columnIndex.set(key, columns.length);
        columns.push(key);
      }
    }
  }
  const parseDateOnly = opts.parseDateOnly;
  const kinds = columns.map((field) => classifyColumn(flat, field, Boolean(parseDateOnly)));
  const table: TableCell[][] = new Array(flat.length + 1);
  table[0] = columns.map(humanizeField);
  const width = columns.length;
  for (let i = 0; i < flat.length; i++) {
    const row = flat[i];
    const cells: TableCell[] = new Array(width);
    for (let c = 0; c < width; c++) cells[c] = toColumnCell(row[columns[c]], kinds[c], i, parseDateOnly);
    table[i + 1] = cells;
  }
  return table;
}
