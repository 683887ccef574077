// Sheets' coercion of values written by setValue(s)/appendRow: strings are parsed the way typed input is.
import { isValidCalendarDate, serialFromInstant, serialFromWallParts } from './dates';

export type CellValue = string | number | boolean;

export interface CoercedWrite {
  value: CellValue;
  /** Set when the written string starts with '=' (Sheets stores a formula, not text). */
  formula?: string;
  /** Number format Sheets applies to an automatic-format cell when it recognises a date, percent or currency. */
  impliedFormat?: string;
}

export const PLAIN_TEXT_FORMAT = '@';

/**
 * What Sheets does with a leading apostrophe written by setValue(s) into a plain-text ('@') cell — unknowable
 * offline, so both readings are modelled (README: "Quote prefix in plain-text cells"): 'dropped' consumes it as
 * a quote prefix (as in any other cell); 'kept' stores it as part of the text.
 */
export type QuotePrefixReading = 'dropped' | 'kept';
export const QUOTE_PREFIX_READINGS: readonly QuotePrefixReading[] = ['dropped', 'kept'];
export const DEFAULT_DATE_TIME_FORMAT = 'M/d/yyyy H:mm:ss';

export function isDateObject(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]';
}

/**
 * Coerces one written value. Rules (modelled on typing into Sheets, en_US locale):
 * - '=…' (longer than '=') becomes a formula, whatever the cell's format (even '@');
 * - a leading apostrophe forces literal text and is dropped — except in a '@' cell under the 'kept' reading;
 * - in a '@' (plain text) cell any other string stays exactly as written;
 * - otherwise numeric, boolean, percent, $-currency and date/time strings become numbers/booleans/dates.
 */
export function coerceWrite(
  input: unknown,
  cellFormat: string,
  timeZone: string,
  quotePrefix: QuotePrefixReading = 'dropped',
): CoercedWrite {
  if (input === null || input === undefined) return { value: '' };
  if (typeof input === 'boolean') return { value: input };
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { value: String(input) };
    return { value: input };
  }
  if (isDateObject(input)) {
    const t = input.getTime();
    if (Number.isNaN(t)) return { value: '' };
    return { value: serialFromInstant(t, timeZone), impliedFormat: DEFAULT_DATE_TIME_FORMAT };
  }
  const text = typeof input === 'string' ? input : String(input);
  if (text.length > 1 && text.startsWith('=')) return { value: '', formula: text };
  if (text.startsWith("'")) return { value: cellFormat === PLAIN_TEXT_FORMAT && quotePrefix === 'kept' ? text : text.slice(1) };
  if (cellFormat === PLAIN_TEXT_FORMAT) return { value: text };
  return parseTyped(text);
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const GROUPED_NUMBER = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;

function parseNumberText(t: string): { n: number; grouped: boolean } | null {
  if (NUMBER.test(t)) return { n: Number(t), grouped: false };
  if (GROUPED_NUMBER.test(t)) return { n: Number(t.replace(/,/g, '')), grouped: true };
  return null;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function monthIndex(name: string): number {
  const i = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  return i < 0 ? -1 : i + 1;
}

interface TimeParts {
  h: number;
  mi: number;
  s: number;
  ms: number;
  hasSeconds: boolean;
}

function parseTime(t: string): TimeParts | null {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?\s*(am|pm)?$/i.exec(t);
  if (!m) return null;
  let h = Number(m[1]);
  const mi = Number(m[2]);
  const s = m[3] ? Number(m[3]) : 0;
  const ms = m[4] ? Number(m[4].padEnd(3, '0')) : 0;
  if (m[5]) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (m[5].toLowerCase() === 'pm' ? 12 : 0);
  }
  if (h > 23 || mi > 59 || s > 59) return null;
  return { h, mi, s, ms, hasSeconds: m[3] !== undefined };
}

function dateResult(y: number, mo: number, d: number, timeText: string | undefined, dateFormat: string): CoercedWrite | null {
  if (!isValidCalendarDate(y, mo, d)) return null;
  if (!timeText) return { value: serialFromWallParts(y, mo, d), impliedFormat: dateFormat };
  const time = parseTime(timeText.trim());
  if (!time) return null;
  const timeFormat = time.hasSeconds ? 'hh:mm:ss' : 'hh:mm';
  return {
    value: serialFromWallParts(y, mo, d, time.h, time.mi, time.s, time.ms),
    impliedFormat: `${dateFormat} ${timeFormat}`,
  };
}

/** Date and date-time shapes Sheets recognises when typed (en_US). ISO strings with 'T' or a zone stay text. */
function parseDate(t: string): CoercedWrite | null {
  let m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\s+(.+))?$/.exec(t);
  if (m) {
    const sep = t.charAt(4);
    return dateResult(Number(m[1]), Number(m[2]), Number(m[3]), m[4], sep === '-' ? 'yyyy-mm-dd' : 'yyyy/mm/dd');
  }
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(.+))?$/.exec(t);
  if (m) return dateResult(Number(m[3]), Number(m[1]), Number(m[2]), m[4], 'M/d/yyyy');
  m = /^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})$/.exec(t);
  if (m && monthIndex(m[1]) > 0) return dateResult(Number(m[3]), monthIndex(m[1]), Number(m[2]), undefined, 'mmm d, yyyy');
  m = /^(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})$/.exec(t);
  if (m && monthIndex(m[2]) > 0) return dateResult(Number(m[3]), monthIndex(m[2]), Number(m[1]), undefined, 'd mmm yyyy');
  const time = parseTime(t);
  if (time) {
    return {
      value: (time.h * 3600000 + time.mi * 60000 + time.s * 1000 + time.ms) / 86400000,
      impliedFormat: time.hasSeconds ? 'h:mm:ss am/pm' : 'h:mm am/pm',
    };
  }
  return null;
}

/** What a string typed into an automatic-format cell becomes. */
export function parseTyped(text: string): CoercedWrite {
  const t = text.trim();
  if (t === '') return { value: text };
  if (/^(true|false)$/i.test(t)) return { value: t.toLowerCase() === 'true' };
  const num = parseNumberText(t);
  if (num) return num.grouped ? { value: num.n, impliedFormat: '#,##0.##' } : { value: num.n };
  if (t.endsWith('%')) {
    const p = parseNumberText(t.slice(0, -1).trim());
    if (p) return { value: p.n / 100, impliedFormat: Number.isInteger(p.n) ? '0%' : '0.00%' };
  }
  const cur = /^([+-]?)\$\s*(.+)$/.exec(t);
  if (cur) {
    const p = parseNumberText(cur[2]);
    if (p && !/^[+-]/.test(cur[2])) return { value: (cur[1] === '-' ? -1 : 1) * p.n, impliedFormat: '"$"#,##0.00' };
  }
  const date = parseDate(t);
  if (date) return date;
  return { value: text };
}
