// Reading Sheets API v4 JSON the way the API does (proto3 JSON: null = unset, unknown names refused, typed fields),
// field masks ("a.b,c(d,e)"), and the SheetProperties / colour JSON the API answers with.

/** A request the API refuses (HTTP 400): `message` is the text after "failed with error: ". */
import type { SheetModel } from '../model';
export class ApiError extends Error {}

export type JsonObject = Record<string, unknown>;

/** 'addSheet' → 'add_sheet': the API names fields in snake case in its JSON-payload errors. */
function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Where a value sits, as the API's JSON errors print it: requests[0].add_sheet.properties */
export class JsonPath {
  constructor(readonly text: string) {}
  field(name: string): JsonPath {
    return new JsonPath(this.text === '' ? snake(name) : `${this.text}.${snake(name)}`);
  }
  item(i: number): JsonPath {
    return new JsonPath(`${this.text}[${i}]`);
  }
}

function invalidValue(at: JsonPath, type: string, value: unknown): ApiError {
  return new ApiError(`Invalid value at '${at.text}' (${type}), ${JSON.stringify(value)}`);
}

export function unknownName(name: string, at: JsonPath): ApiError {
  return new ApiError(`Invalid JSON payload received. Unknown name "${name}" at '${at.text}': Cannot find field.`);
}

/** Unset in proto3 JSON: absent or null. */
function unset(v: unknown): v is undefined | null {
  return v === undefined || v === null;
}

/** A value equal to its proto3 default, so sending it changes nothing (false, 0, '', empty list/object). */
export function isDefaultValue(v: unknown): boolean {
  if (unset(v) || v === false || v === 0 || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v as object).length === 0;
}

/**
 * A message (JSON object) whose keys are checked: `modelled` keys are read by the caller; `unmodelled` are real API
 * fields the emulator does not model — accepted only at their default value, else `onUnmodelled(key)` throws;
 * anything else is an unknown name, refused like the API does.
 */
export function message(
  v: unknown,
  at: JsonPath,
  typeName: string,
  modelled: readonly string[],
  unmodelled: readonly string[],
  onUnmodelled: (key: string) => never,
): JsonObject {
  if (unset(v)) return {};
  if (typeof v !== 'object' || Array.isArray(v))
    throw invalidValue(at, `type.googleapis.com/google.apps.sheets.v4.${typeName}`, v);
  const o = v as JsonObject;
  for (const key of Object.keys(o)) {
    if (modelled.includes(key)) continue;
    if (unmodelled.includes(key)) {
      if (!isDefaultValue(o[key])) onUnmodelled(key);
      continue;
    }
    throw unknownName(key, at);
  }
  return o;
}

const INT32_MAX = 2147483647;

/** An int32 field: a number or a decimal string (proto3 JSON accepts both); unset → undefined. */
export function int32(v: unknown, at: JsonPath): number | undefined {
  if (unset(v)) return undefined;
  const n = typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || Math.abs(n) > INT32_MAX) throw invalidValue(at, 'TYPE_INT32', v);
  return n;
}

export function str(v: unknown, at: JsonPath): string | undefined {
  if (unset(v)) return undefined;
  if (typeof v !== 'string') throw invalidValue(at, 'TYPE_STRING', v);
  return v;
}

export function bool(v: unknown, at: JsonPath): boolean | undefined {
  if (unset(v)) return undefined;
  if (typeof v !== 'boolean') throw invalidValue(at, 'TYPE_BOOL', v);
  return v;
}

export function float(v: unknown, at: JsonPath): number | undefined {
  if (unset(v)) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw invalidValue(at, 'TYPE_FLOAT', v);
  return v;
}

/** An enum field: one of `values` by name; unset → the first value (the UNSPECIFIED default). */
export function enumValue<T extends string>(v: unknown, at: JsonPath, typeName: string, values: readonly T[]): T {
  if (unset(v)) return values[0];
  if (typeof v !== 'string' || !values.includes(v as T))
    throw invalidValue(at, `type.googleapis.com/google.apps.sheets.v4.${typeName}`, v);
  return v as T;
}

export function list(v: unknown, at: JsonPath): unknown[] {
  if (unset(v)) return [];
  if (!Array.isArray(v)) throw invalidValue(at, 'TYPE_MESSAGE', v);
  return v;
}

// ---- field masks --------------------------------------------------------------------------------------------

/**
 * Expands a field mask into dotted paths: "userEnteredFormat(numberFormat,textFormat.bold),note" →
 * ["userEnteredFormat.numberFormat", "userEnteredFormat.textFormat.bold", "note"]. `/` separates like `.` (the
 * `fields` query parameter's syntax). Returns null for a malformed mask (including spaces, which the Sheets API's
 * parser does not skip).
 */
export function expandFieldMask(mask: string): string[] | null {
  let i = 0;
  const out: string[] = [];
  const parseList = (prefix: string, nested: boolean): boolean => {
    for (;;) {
      const start = i;
      while (i < mask.length && /[A-Za-z0-9_.*/]/.test(mask[i])) i++;
      const name = mask.slice(start, i).replace(/\//g, '.');
      if (name === '' || name.split('.').some((part) => part === '')) return false;
      const path = prefix === '' ? name : `${prefix}.${name}`;
      if (mask[i] === '(') {
        i++;
        if (!parseList(path, true) || mask[i] !== ')') return false;
        i++;
      } else out.push(path);
      if (mask[i] === ',') {
        i++;
        continue;
      }
      return nested ? mask[i] === ')' : i === mask.length;
    }
  };
  return mask !== '' && parseList('', false) ? out : null;
}

/** Keeps only the parts of `value` the mask paths select (partial responses: the `fields` parameter of a get). */
export function selectFields(value: unknown, paths: string[]): unknown {
  type Tree = Map<string, Tree | true>;
  const tree: Tree = new Map();
  for (const p of paths) {
    let node = tree;
    const parts = p.split('.');
    for (let k = 0; k < parts.length; k++) {
      if (k === parts.length - 1) {
        node.set(parts[k], true);
        break;
      }
      const next = node.get(parts[k]);
      if (next === true) break; // the whole parent is selected already
      const child: Tree = next ?? new Map();
      node.set(parts[k], child);
      node = child;
    }
  }
  const pick = (v: unknown, t: Tree): unknown => {
    if (Array.isArray(v)) return v.map((x) => pick(x, t));
    if (v === null || typeof v !== 'object') return v;
    if (t.get('*') === true) return v;
    const out: JsonObject = {};
    for (const [key, sub] of t) {
      const child = (v as JsonObject)[key];
      if (child === undefined) continue;
      out[key] = sub === true ? child : pick(child, sub);
    }
    return out;
  };
  return pick(value, tree);
}

// ---- SheetProperties and colours ----------------------------------------------------------------------------

export interface SheetGeometry {
  sheetId: number;
  title: string;
  index: number;
  rowCount: number;
  columnCount: number;
  frozenRows: number;
  frozenColumns: number;
  hidden: boolean;
  tabColor: string | null;
}

/** A model sheet's geometry at tab position `index`. */
export function sheetGeometry(s: SheetModel, index: number): SheetGeometry {
  return {
    sheetId: s.sheetId,
    title: s.name,
    index,
    rowCount: s.maxRows,
    columnCount: s.maxColumns,
    frozenRows: s.frozenRows,
    frozenColumns: s.frozenColumns,
    hidden: s.hidden,
    tabColor: s.tabColor,
  };
}

/** '#rrggbb' from an API Color ({red, green, blue} in 0–1; a missing component is 0). */
export function hexFromColor(c: { red?: number; green?: number; blue?: number }): string {
  const byte = (x = 0) =>
    Math.round(Math.max(0, Math.min(1, x)) * 255)
      .toString(16)
      .padStart(2, '0');
  return `#${byte(c.red)}${byte(c.green)}${byte(c.blue)}`;
}

/** The API Color of '#rrggbb' (zero components left out, as proto3 JSON does), or null for another colour text. */
export function colorFromHex(hex: string | null): JsonObject | null {
  const m = hex ? /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex) : null;
  if (!m) return null;
  const out: JsonObject = {};
  (['red', 'green', 'blue'] as const).forEach((name, k) => {
    const v = Number.parseInt(m[k + 1], 16) / 255;
    if (v !== 0) out[name] = v;
  });
  return out;
}

/**
 * SheetProperties as the API returns them: sheetId, title, index, sheetType and the grid size are always there;
 * frozen counts, hidden and the tab colour only when set (proto3 JSON leaves defaults out).
 */
export function sheetPropertiesJson(g: SheetGeometry): JsonObject {
  const gridProperties: JsonObject = { rowCount: g.rowCount, columnCount: g.columnCount };
  if (g.frozenRows) gridProperties.frozenRowCount = g.frozenRows;
  if (g.frozenColumns) gridProperties.frozenColumnCount = g.frozenColumns;
  const out: JsonObject = { sheetId: g.sheetId, title: g.title, index: g.index, sheetType: 'GRID', gridProperties };
  if (g.hidden) out.hidden = true;
  const color = colorFromHex(g.tabColor);
  if (color) {
    out.tabColor = color;
    out.tabColorStyle = { rgbColor: { ...color } };
  }
  return out;
}
