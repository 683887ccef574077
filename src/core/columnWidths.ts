// Column widths a table needs, worked out from its values and formats before anything is written, so a new sheet
// can be made with its columns already sized (src/core/sheetRequests.ts) instead of asking Sheets to measure 1.4 M
// written cells afterwards. The estimate is deliberately generous: a column a few pixels too wide reads fine, one too
// narrow cuts a phone number. docs/architecture.md#writing-to-sheets
import { AUTOMATIC_FORMAT, DATE_FORMAT, DATE_TIME_FORMAT, TEXT_FORMAT, type TypedTable } from './columns';
import type { TableCell } from './shape';

/** Cell padding Sheets leaves on both sides of a value, in pixels (both sides together). */
export const CELL_PADDING_PX = 12;
/** Narrowest and widest column the estimate gives (a long free-text column is capped, it wraps on demand). */
export const MIN_COLUMN_PX = 40;
export const MAX_COLUMN_PX = 500;
/** Bold header text is wider than regular. */
const BOLD_FACTOR = 1.1;

/**
 * Width in pixels of `text` in Sheets' default font (Arial 10): digits 7.5 px, most lower-case letters 7, capitals 9,
 * the widest glyphs (m, w, M, W, @, %) 11, a space 4, anything outside ASCII 10 (CJK 14). Rounded up.
 */
export function textWidthPx(text: string): number {
  let px = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) px += 7.5;
    else if (c === 32) px += 4;
    else if (c === 109 || c === 119 || c === 77 || c === 87 || c === 64 || c === 37) px += 11;
    else if (c >= 97 && c <= 122) px += 7;
    else if (c >= 65 && c <= 90) px += 9;
    else if (c < 128) px += 7.5;
    else if (c >= 0x2e80 && c <= 0xffdc) px += 14;
    else px += 10;
  }
  return Math.ceil(px);
}

/** Digits and group separators of a non-negative integer part as `#,##0` shows it. */
function groupedDigits(intPart: number): number {
  const digits = intPart < 1 ? 1 : Math.floor(Math.log10(intPart)) + 1;
  return digits + Math.floor((digits - 1) / 3);
}

/** Decimals a value needs, between `min` and `max` (a `0.00##` format shows 2 to 4). */
function decimalsOf(v: number, min: number, max: number): number {
  let d = min;
  let scaled = Math.abs(v) * 10 ** d;
  while (d < max && Math.abs(scaled - Math.round(scaled)) > 1e-9 * Math.max(1, scaled)) {
    d++;
    scaled *= 10;
  }
  return d;
}

/** The width of the widest number of a column as `format` shows it. */
function numberColumnPx(values: number[], format: string): number {
  if (values.length === 0) return 0;
  let maxInt = 0;
  let negative = false;
  for (const v of values) {
    const a = Math.abs(v);
    if (a > maxInt) maxInt = a;
    if (v < 0) negative = true;
  }
  if (format === AUTOMATIC_FORMAT) {
    let longest = '';
    for (const v of values) {
      const s = String(v);
      if (s.length > longest.length) longest = s;
    }
    return textWidthPx(longest);
  }
  const grouped = format.includes('#,##0');
  const intChars = grouped ? groupedDigits(Math.floor(maxInt)) : String(Math.floor(maxInt)).length;
  const point = format.indexOf('.');
  let decimals = 0;
  if (point >= 0) {
    const tail = format.slice(point + 1);
    const min = (tail.match(/0/g) ?? []).length;
    const max = min + (tail.match(/#/g) ?? []).length;
    for (const v of values) decimals = Math.max(decimals, decimalsOf(v, min, max));
  }
  const symbol = /\[\$([^\]]*)\]/.exec(format)?.[1] ?? '';
  const sample = `${negative ? '-' : ''}${symbol}${'0'.repeat(intChars)}${decimals > 0 ? `.${'0'.repeat(decimals)}` : ''}`;
  return textWidthPx(sample);
}

/** The pixel width each column of `table` needs: its bold header and its widest value, padded and clamped. */
export function columnWidths(table: TypedTable): number[] {
  const width = Math.max(1, table.header.length);
  const out: number[] = [];
  for (let c = 0; c < width; c++) {
    const format = table.formats[c] ?? AUTOMATIC_FORMAT;
    let px = Math.ceil(textWidthPx(table.header[c] ?? '') * BOLD_FACTOR);
    const numbers: number[] = [];
    let textPx = 0;
    let hasDate = false;
    for (const row of table.rows) {
      const v: TableCell | undefined = row[c];
      if (typeof v === 'string') {
        // No character is wider than 14 px: a string that short cannot beat the widest so far.
        if (v.length * 14 > textPx) textPx = Math.max(textPx, textWidthPx(v));
      } else if (typeof v === 'number') numbers.push(v);
      else if (typeof v === 'boolean') px = Math.max(px, textWidthPx('FALSE'));
      else if (Object.prototype.toString.call(v) === '[object Date]') hasDate = true;
    }
    px = Math.max(px, textPx);
    if (hasDate) px = Math.max(px, textWidthPx(format === DATE_FORMAT ? '0000-00-00' : '0000-00-00 00:00:00'));
    if (numbers.length > 0) {
      px = Math.max(
        px,
        format === DATE_TIME_FORMAT || format === DATE_FORMAT || format === TEXT_FORMAT
          ? textWidthPx(String(numbers.reduce((a, b) => (String(b).length > String(a).length ? b : a))))
          : numberColumnPx(numbers, format),
      );
    }
    out.push(Math.min(MAX_COLUMN_PX, Math.max(MIN_COLUMN_PX, px + CELL_PADDING_PX)));
  }
  return out;
}
