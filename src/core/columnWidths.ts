// Column widths a table needs, worked out from its values and formats before anything is written, so a new sheet
// can be made with its columns already sized (src/core/sheetRequests.ts) instead of asking Sheets to measure 1.4 M
// written cells afterwards. The estimate is deliberately generous: a column a few pixels too wide reads fine, one too
// narrow cuts a phone number. It has to be cheap too (it runs over every cell of a 1.4 M-cell export in the script's own
// time), so strings are measured in full only where it can matter: every string longer than the widest so far, and
// every string that could be wider among the first rows (SAMPLE_ROWS). A later string of the same length or shorter is
// taken to be no wider — exact for the columns this add-on writes (ids, phone numbers, codes, statuses), and at worst a
// few pixels short for free text with unusual letters far down. docs/architecture.md#writing-to-sheets
import { AUTOMATIC_FORMAT, DATE_FORMAT, DATE_TIME_FORMAT, TEXT_FORMAT, type TypedTable } from './columns';

/** Cell padding Sheets leaves on both sides of a value, in pixels (both sides together). */
export const CELL_PADDING_PX = 12;
/** Narrowest and widest column the estimate gives (a long free-text column is capped, it wraps on demand). */
export const MIN_COLUMN_PX = 40;
export const MAX_COLUMN_PX = 500;
/** Rows in which every string that could be wider than the widest so far is measured (see the file comment). */
export const SAMPLE_ROWS = 2_000;
/** Bold header text is wider than regular. */
const BOLD_FACTOR = 1.1;

/** Pixel width of each ASCII character in Arial 10 (see textWidthPx). */
const ASCII_PX = (() => {
  const px = new Float64Array(128).fill(7.5);
  px[32] = 4;
  for (let c = 97; c <= 122; c++) px[c] = 7;
  for (let c = 65; c <= 90; c++) px[c] = 9;
  for (const c of [109, 119, 77, 87, 64, 37]) px[c] = 11; // m w M W @ %
  return px;
})();

/**
 * Width in pixels of `text` in Sheets' default font (Arial 10): digits 7.5 px, most lower-case letters 7, capitals 9,
 * the widest glyphs (m, w, M, W, @, %) 11, a space 4, anything outside ASCII 10 (CJK 14). Rounded up.
 */
export function textWidthPx(text: string): number {
  let px = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    px += c < 128 ? ASCII_PX[c] : c >= 0x2e80 && c <= 0xffdc ? 14 : 10;
  }
  return Math.ceil(px);
}

/** Digits and group separators of a non-negative integer part as `#,##0` shows it. */
function groupedDigits(intPart: number): number {
  const digits = intPart < 1 ? 1 : Math.floor(Math.log10(intPart)) + 1;
  return digits + Math.floor((digits - 1) / 3);
}

/**
 * The widest number of a column, as far as its width goes: largest magnitude, any minus sign, and whether any has a
 * fraction (then the format's most decimals are counted: `0.00##` → 4, generous by at most two digits).
 */
interface NumberSpan {
  maxAbs: number;
  negative: boolean;
  fraction: boolean;
  /** For the automatic format: the longest String(value). */
  longest: string;
}

/** The width of the widest number of a column as `format` shows it. */
function numberColumnPx(span: NumberSpan, format: string): number {
  if (format === AUTOMATIC_FORMAT || format === TEXT_FORMAT) return textWidthPx(span.longest);
  const intPart = Math.floor(span.maxAbs);
  const intChars = format.includes('#,##0') ? groupedDigits(intPart) : String(intPart).length;
  const symbol = /\[\$([^\]]*)\]/.exec(format)?.[1] ?? '';
  const [min, max] = decimalRange(format);
  const count = span.fraction ? max : min;
  const decimals = count > 0 ? `.${'0'.repeat(count)}` : '';
  return textWidthPx(`${span.negative ? '-' : ''}${symbol}${'0'.repeat(intChars)}${decimals}`);
}

/** Decimals a format shows: [at least, at most] (`0.00##` → [2, 4]; no point → [0, 0]). */
function decimalRange(format: string): [number, number] {
  const point = format.indexOf('.');
  if (point < 0) return [0, 0];
  const tail = format.slice(point + 1);
  const min = (tail.match(/0/g) ?? []).length;
  return [min, min + (tail.match(/#/g) ?? []).length];
}

/** What a date and a date-time look like in their formats, as far as width goes. */
const DATE_SAMPLE = '0000-00-00';
const DATE_TIME_SAMPLE = '0000-00-00 00:00:00';

/** A content width padded and clamped to a column width. */
function padded(px: number): number {
  return Math.min(MAX_COLUMN_PX, Math.max(MIN_COLUMN_PX, px + CELL_PADDING_PX));
}

/** The pixel width each column of `table` needs: its bold header and its widest value, padded and clamped. */
export function columnWidths(table: TypedTable): number[] {
  const width = Math.max(1, table.header.length);
  const rows = table.rows;
  const out: number[] = [];
  for (let c = 0; c < width; c++) {
    const format = table.formats[c] ?? AUTOMATIC_FORMAT;
    const header = Math.ceil(textWidthPx(table.header[c] ?? '') * BOLD_FACTOR);
    if (format === DATE_FORMAT || format === DATE_TIME_FORMAT) {
      // A date column holds dates (and blanks) only: its width is the format's, no need to look at 100,000 rows.
      out.push(padded(Math.max(header, textWidthPx(format === DATE_FORMAT ? DATE_SAMPLE : DATE_TIME_SAMPLE))));
      continue;
    }
    const automatic = format === AUTOMATIC_FORMAT || format === TEXT_FORMAT;
    const span: NumberSpan = { maxAbs: 0, negative: false, fraction: false, longest: '' };
    let numbers = false;
    let textPx = 0;
    let textLen = 0;
    let hasDate = false;
    let hasBoolean = false;
    for (let r = 0; r < rows.length; r++) {
      const v = rows[r][c];
      if (typeof v === 'string') {
        // No character is wider than 14 px: a string that short cannot beat the widest so far.
        if (v.length > textLen || (r < SAMPLE_ROWS && v.length * 14 > textPx)) {
          const px = textWidthPx(v);
          if (px > textPx) textPx = px;
          if (v.length > textLen) textLen = v.length;
        }
      } else if (typeof v === 'number') {
        numbers = true;
        const a = v < 0 ? -v : v;
        if (a > span.maxAbs) span.maxAbs = a;
        if (v < 0) span.negative = true;
        if (automatic) {
          const s = String(v);
          if (s.length > span.longest.length) span.longest = s;
        } else if (!span.fraction && v % 1 !== 0) span.fraction = true;
      } else if (typeof v === 'boolean') hasBoolean = true;
      else if (v) hasDate = true;
    }
    let px = Math.max(header, textPx);
    if (hasBoolean) px = Math.max(px, textWidthPx('FALSE'));
    // Date columns were handled above: a Date in any other column shows as a date-time.
    if (hasDate) px = Math.max(px, textWidthPx(DATE_TIME_SAMPLE));
    if (numbers) px = Math.max(px, numberColumnPx(span, format));
    out.push(padded(px));
  }
  return out;
}
