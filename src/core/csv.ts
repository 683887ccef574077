// The CSV export as a table: refuses a body that is not a whole CSV (an HTML page, an empty or cut download) and types
// its columns. Pure: the caller parses the text (Utilities.parseCsv in Apps Script) and passes the rows in.
import {
  DATE_FORMAT,
  DATE_TIME_FORMAT,
  isTextColumnName,
  numberFormatFor,
  TEXT_FORMAT,
  type TypedTable,
  uniformCurrency,
} from './columns';
import { parseYmd } from './dates';
import { badResponseError } from './errors';
import { humanizeField, type TableCell } from './shape';
import { isPlainDecimal, parseApiTimestamp, plainDecimalValue } from './values';

export interface CsvContext {
  path: string;
  status: number;
}

/**
 * The text to parse, without a byte-order mark; refuses an empty body or a web page before parsing. `endsWithBreak`
 * feeds the cut-download check of csvRowsToTable.
 */
export function csvText(body: string, context: CsvContext): { text: string; endsWithBreak: boolean } {
  const text = body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
  if (text.trim() === '') throw badResponseError(context.status, body, context, 'an empty CSV export');
  if (/^\s*</.test(text)) throw badResponseError(context.status, body, context, 'a web page instead of the CSV export');
  // RFC 4180 writers (Laravel's fputcsv, csv-stringify) end every line with a line break; some writers omit the last
  // one. So a missing final break alone is not proof of a cut download: see lastLineLooksCut below.
  return { text, endsWithBreak: /[\r\n]$/.test(text) };
}

/**
 * Checks the parsed rows (header first) are one whole table — every line as wide as the header, the last one not cut
 * off — and types them. Throws a CliqtelError naming what is wrong; nothing has been written by then.
 */
export function csvRowsToTable(
  parsed: string[][],
  endsWithBreak: boolean,
  context: CsvContext,
  parseDateOnly: (ymd: string) => Date,
): TypedTable {
  while (parsed.length > 0 && parsed[parsed.length - 1].length === 1 && parsed[parsed.length - 1][0] === '') parsed.pop();
  if (parsed.length === 0) throw badResponseError(context.status, '', context, 'an empty CSV export');
  const header = parsed[0];
  const width = header.length;
  for (let r = 1; r < parsed.length; r++) {
    if (parsed[r].length !== width) {
      throw badResponseError(
        context.status,
        parsed[r].join(',').slice(0, 80),
        context,
        `a CSV export whose line ${r + 1} has ${parsed[r].length} fields instead of ${width} (cut off or damaged)`,
      );
    }
  }
  if (!endsWithBreak && lastLineLooksCut(parsed)) {
    throw badResponseError(
      context.status,
      parsed[parsed.length - 1].join(',').slice(-80),
      context,
      'a CSV export that is cut off (it ends in the middle of a line)',
    );
  }
  return typeCsvColumns(header, parsed.slice(1), parseDateOnly);
}

/**
 * For a CSV without a final line break: the last line was cut when its last field is shorter than every other value
 * of that column (a cut "posted" reads "pos", a cut "2026-06-01T09:14:22+00:00" loses its zone). With no other rows
 * to compare, there is no evidence either way, and the line is kept.
 */
function lastLineLooksCut(parsed: string[][]): boolean {
  const last = parsed[parsed.length - 1];
  const c = last.length - 1;
  let shortest = Number.POSITIVE_INFINITY;
  for (let r = 1; r < parsed.length - 1; r++) {
    const v = parsed[r][c];
    if (v !== '' && v.length < shortest) shortest = v.length;
  }
  // No other value in the column: nothing to compare with, so no evidence of a cut.
  return shortest !== Number.POSITIVE_INFINITY && last[c] !== '' && last[c].length < shortest;
}

/** Low-cardinality text columns (currency, status, trunk…) share one string per distinct value instead of one per row. */
function internColumn(raw: string[][], c: number): void {
  const seen = new Map<string, string>();
  for (let r = 0; r < raw.length; r++) {
    const v = raw[r][c];
    const canonical = seen.get(v);
    if (canonical !== undefined) raw[r][c] = canonical;
    else {
      if (seen.size >= 1000) return; // mostly distinct values (ids, phone numbers): nothing to share
      seen.set(v, v);
    }
  }
}

/** The type a column's first non-empty value proposes (a number, a timestamp, a date), or null: text. */
function proposedType(raw: string[][], c: number): 'number' | 'timestamp' | 'date' | null {
  for (let r = 0; r < raw.length; r++) {
    const v = raw[r][c];
    if (v === '') continue;
    if (isPlainDecimal(v)) return 'number';
    if (parseApiTimestamp(v)) return 'timestamp';
    return v.length === 10 && parseYmd(v) ? 'date' : null;
  }
  return null;
}

/**
 * Types the export's columns by their own header (the CSV columns are undocumented): identifier/phone columns stay
 * text, timestamp columns become Dates, numeric columns numbers — a column only when every value qualifies, so nothing
 * is ever lost. `raw` is converted in place (its strings are not needed afterwards).
 */
export function typeCsvColumns(header: string[], raw: string[][], parseDateOnly: (ymd: string) => Date): TypedTable {
  const width = header.length;
  const currency = uniformCurrency(header, raw);
  const rows: TableCell[][] = raw as TableCell[][]; // converted in place: the strings are not needed afterwards
  const formats: string[] = new Array(width);
  // One scratch column for every typed column: a column is stored only when all of it agreed, and then every row of
  // the scratch was written for it.
  const converted: TableCell[] = new Array(raw.length);
  for (let c = 0; c < width; c++) {
    formats[c] = TEXT_FORMAT;
    if (isTextColumnName(header[c])) {
      internColumn(raw, c);
      continue;
    }
    // The first value proposes a type; every other value must agree, or the column stays text. Values are converted
    // while checking (each parsed once) and only stored when the whole column agreed. One loop per type: the check
    // and the conversion of a 100,000-row column are the add-on's own time on every export.
    const type = proposedType(raw, c);
    if (type === null) continue;
    let filled = 0;
    let integers = 0;
    let agreed = true;
    if (type === 'number') {
      for (let r = 0; r < raw.length; r++) {
        const v = raw[r][c];
        if (v === '') {
          converted[r] = '';
          continue;
        }
        const value = plainDecimalValue(v);
        if (Number.isNaN(value)) {
          agreed = false; // NaN: not a plain decimal
          break;
        }
        filled++;
        converted[r] = value;
        if (Number.isInteger(value) && v.indexOf('.') < 0) integers++;
      }
    } else if (type === 'timestamp') {
      for (let r = 0; r < raw.length; r++) {
        const v = raw[r][c];
        if (v === '') {
          converted[r] = '';
          continue;
        }
        const d = parseApiTimestamp(v);
        if (d === null) {
          agreed = false;
          break;
        }
        filled++;
        converted[r] = d;
      }
    } else {
      for (let r = 0; r < raw.length; r++) {
        const v = raw[r][c];
        if (v === '') continue;
        // A date-only value that also reads as a number or a timestamp is neither a date column's nor parsed twice.
        if (v.length !== 10 || !parseYmd(v)) {
          agreed = false;
          break;
        }
        filled++;
      }
    }
    if (!agreed || filled === 0) continue;
    if (type === 'number') {
      for (let r = 0; r < rows.length; r++) rows[r][c] = converted[r];
      formats[c] = numberFormatFor(header[c], integers === filled, currency);
    } else if (type === 'timestamp') {
      for (let r = 0; r < rows.length; r++) rows[r][c] = converted[r];
      formats[c] = DATE_TIME_FORMAT;
    } else {
      for (const row of rows) if (row[c] !== '') row[c] = parseDateOnly(row[c] as string);
      formats[c] = DATE_FORMAT;
    }
  }
  return { header: header.map((h) => humanizeField(h)), rows, formats };
}
