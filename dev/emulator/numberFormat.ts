// Renders cell values the way Sheets displays them under a number format (getDisplayValue(s)); en_US conventions.
import type { CellValue } from './coercion';
import { DAY_NAMES, MONTH_NAMES, wallPartsOfSerial } from './dates';

/** Literal text and bracketed tokens removed, so only the pattern letters remain. */
function patternLetters(format: string): string {
  return format
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '');
}

/** Parsed formats by format string: a sheet holds a handful of formats over many cells (pure, never mutated). */
function memo<T>(fn: (format: string) => T): (format: string) => T {
  const cache = new Map<string, T>();
  return (format) => {
    let v = cache.get(format);
    if (v === undefined && !cache.has(format)) {
      v = fn(format);
      if (cache.size > 1000) cache.clear();
      cache.set(format, v);
    }
    return v as T;
  };
}

export const isDateTimeFormat = memo(function isDateTimeFormat(format: string): boolean {
  if (!format || format === '@' || /^general$/i.test(format)) return false;
  const letters = patternLetters(format.split(';')[0]);
  if (/[ydhs]/i.test(letters)) return true;
  return /m/i.test(letters) && !/[0#?]/.test(letters);
});

/** Sheets' "Automatic" rendering of a number (approximation: 10 significant digits, exponent form from 1e15). */
export function formatGeneralNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (Number.isInteger(n) && abs < 1e15) return String(n);
  if (abs >= 1e15 || (abs > 0 && abs < 1e-9)) {
    const [mantissa, exp] = n.toExponential(5).split('e');
    const m = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
    const e = Number(exp);
    return `${m}E${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  const rounded = Number(n.toPrecision(10));
  if (Math.abs(rounded) < 1e-6 && rounded !== 0) return rounded.toFixed(15).replace(/0+$/, '');
  return String(rounded);
}

export function formatValue(value: CellValue, format: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (!format || format === '@' || /^general$/i.test(format)) return formatGeneralNumber(value);
  if (isDateTimeFormat(format)) return formatSerial(value, format);
  return formatNumber(value, format);
}

// ---- numbers -------------------------------------------------------------------------------------------

interface Piece {
  literal?: string;
  core?: string;
}

const splitSection = memo(function splitSection(section: string): { pieces: Piece[]; percent: boolean } {
  const pieces: Piece[] = [];
  let percent = false;
  let i = 0;
  let coreDone = false;
  while (i < section.length) {
    const c = section[i];
    if (c === '"') {
      const end = section.indexOf('"', i + 1);
      const stop = end < 0 ? section.length : end;
      pieces.push({ literal: section.slice(i + 1, stop) });
      i = stop + 1;
    } else if (c === '\\' && i + 1 < section.length) {
      pieces.push({ literal: section[i + 1] });
      i += 2;
    } else if (c === '[') {
      const end = section.indexOf(']', i);
      const stop = end < 0 ? section.length : end;
      const inner = section.slice(i + 1, stop);
      if (inner.startsWith('$')) pieces.push({ literal: inner.slice(1).split('-')[0] });
      i = stop + 1;
    } else if (!coreDone && /[0#?.,]/.test(c)) {
      let j = i;
      while (j < section.length && /[0#?.,]/.test(section[j])) j++;
      pieces.push({ core: section.slice(i, j) });
      coreDone = true;
      i = j;
    } else {
      if (c === '%') percent = true;
      if (c === '_' || c === '*') {
        i += 2; // padding directives
        continue;
      }
      pieces.push({ literal: c });
      i++;
    }
  }
  return { pieces, percent };
});

function renderCore(abs: number, core: string): string {
  const dot = core.indexOf('.');
  const intPattern = dot < 0 ? core : core.slice(0, dot);
  const fracPattern = dot < 0 ? '' : core.slice(dot + 1).replace(/,/g, '');
  const maxDecimals = (fracPattern.match(/[0#?]/g) ?? []).length;
  const minDecimals = (fracPattern.match(/0/g) ?? []).length;
  const minInt = (intPattern.match(/0/g) ?? []).length;
  const grouping = intPattern.includes(',');
  let [intPart, fracPart = ''] = abs.toFixed(maxDecimals).split('.');
  while (fracPart.length > minDecimals && fracPart.endsWith('0')) fracPart = fracPart.slice(0, -1);
  if (intPart === '0' && minInt === 0) intPart = '';
  intPart = intPart.padStart(minInt, '0');
  if (grouping) intPart = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fracPart || (dot >= 0 && maxDecimals > 0 && minDecimals > 0) ? `${intPart}.${fracPart}` : intPart;
}

/** Scientific notation ('0.00E+00', '##0.0E+0'): literal prefix, mantissa pattern, exponent sign, exponent digits, suffix. */
const SCIENTIFIC = /^([^"E]*?)([0#?][0#?.,]*)E([+-])(0+)([^"]*)$/i;

function formatScientific(abs: number, sign: string, m: RegExpExecArray): string {
  const [, prefix, core, expSign, expDigits, suffix] = m;
  const decimals = (core.split('.')[1] ?? '').replace(/,/g, '').length;
  let exp = abs === 0 ? 0 : Math.floor(Math.log10(abs));
  let mantissa = abs === 0 ? 0 : abs / 10 ** exp;
  if (Number(mantissa.toFixed(decimals)) >= 10) {
    exp += 1;
    mantissa /= 10;
  }
  const expText = (exp < 0 ? '-' : expSign === '+' ? '+' : '') + String(Math.abs(exp)).padStart(expDigits.length, '0');
  return `${sign}${prefix}${renderCore(mantissa, core)}E${expText}${suffix}`;
}

export function formatNumber(n: number, format: string): string {
  const sections = format.split(';');
  let section = sections[0];
  let sign = n < 0 ? '-' : '';
  if (n < 0 && sections.length > 1 && sections[1] !== '') {
    section = sections[1];
    sign = '';
  } else if (n === 0 && sections.length > 2 && sections[2] !== '') {
    section = sections[2];
  }
  const scientific = SCIENTIFIC.exec(section);
  if (scientific) return formatScientific(Math.abs(n), sign, scientific);
  const { pieces, percent } = splitSection(section);
  const abs = Math.abs(n) * (percent ? 100 : 1);
  let out = '';
  let placedSign = false;
  for (const p of pieces) {
    if (p.core !== undefined) {
      out += (placedSign ? '' : sign) + renderCore(abs, p.core);
      placedSign = true;
    } else out += p.literal;
  }
  if (!placedSign) out = sign + out;
  return out;
}

// ---- dates ---------------------------------------------------------------------------------------------

interface DateToken {
  kind: 'lit' | 'y' | 'm' | 'd' | 'h' | 's' | 'ampm' | 'frac';
  text: string;
}

const tokenizeDate = memo(function tokenizeDate(format: string): DateToken[] {
  const tokens: DateToken[] = [];
  let i = 0;
  while (i < format.length) {
    const c = format[i];
    const lower = c.toLowerCase();
    if (c === '"') {
      const end = format.indexOf('"', i + 1);
      const stop = end < 0 ? format.length : end;
      tokens.push({ kind: 'lit', text: format.slice(i + 1, stop) });
      i = stop + 1;
    } else if (c === '\\' && i + 1 < format.length) {
      tokens.push({ kind: 'lit', text: format[i + 1] });
      i += 2;
    } else if (c === '[') {
      const end = format.indexOf(']', i);
      i = end < 0 ? format.length : end + 1;
    } else if (/^am\/pm/i.test(format.slice(i))) {
      tokens.push({ kind: 'ampm', text: format.slice(i, i + 5) });
      i += 5;
    } else if (/^a\/p/i.test(format.slice(i))) {
      tokens.push({ kind: 'ampm', text: format.slice(i, i + 3) });
      i += 3;
    } else if ('ymdhs'.includes(lower)) {
      let j = i;
      while (j < format.length && format[j].toLowerCase() === lower) j++;
      tokens.push({ kind: lower as DateToken['kind'], text: format.slice(i, j) });
      i = j;
    } else if (c === '.' && format[i + 1] === '0') {
      let j = i + 1;
      while (j < format.length && format[j] === '0') j++;
      tokens.push({ kind: 'frac', text: format.slice(i + 1, j) });
      i = j;
    } else {
      tokens.push({ kind: 'lit', text: c });
      i++;
    }
  }
  return tokens;
});

export function formatSerial(serial: number, format: string): string {
  const w = wallPartsOfSerial(serial);
  const tokens = tokenizeDate(format.split(';')[0]);
  const hasAmPm = tokens.some((t) => t.kind === 'ampm');
  const pad = (n: number, len: number) => String(n).padStart(len, '0');
  const significant = (idx: number, dir: 1 | -1): DateToken | undefined => {
    for (let k = idx + dir; k >= 0 && k < tokens.length; k += dir) if (tokens[k].kind !== 'lit') return tokens[k];
    return undefined;
  };
  let out = '';
  tokens.forEach((t, idx) => {
    const len = t.text.length;
    switch (t.kind) {
      case 'lit':
        out += t.text;
        break;
      case 'y':
        out += len <= 2 ? pad(w.year % 100, 2) : String(w.year);
        break;
      case 'm': {
        const minute = significant(idx, -1)?.kind === 'h' || significant(idx, 1)?.kind === 's';
        if (minute) out += len >= 2 ? pad(w.minute, 2) : String(w.minute);
        else if (len >= 5) out += MONTH_NAMES[w.month - 1][0];
        else if (len === 4) out += MONTH_NAMES[w.month - 1];
        else if (len === 3) out += MONTH_NAMES[w.month - 1].slice(0, 3);
        else out += len === 2 ? pad(w.month, 2) : String(w.month);
        break;
      }
      case 'd':
        if (len >= 4) out += DAY_NAMES[w.weekday];
        else if (len === 3) out += DAY_NAMES[w.weekday].slice(0, 3);
        else out += len === 2 ? pad(w.day, 2) : String(w.day);
        break;
      case 'h': {
        const h = hasAmPm ? w.hour % 12 || 12 : w.hour;
        out += len >= 2 ? pad(h, 2) : String(h);
        break;
      }
      case 's':
        out += len >= 2 ? pad(w.second, 2) : String(w.second);
        break;
      case 'ampm':
        out += t.text.length === 3 ? (w.hour < 12 ? 'a' : 'p') : w.hour < 12 ? 'AM' : 'PM';
        break;
      case 'frac':
        out += `.${pad(w.millisecond, 3).slice(0, len).padEnd(len, '0')}`;
        break;
    }
  });
  return out;
}
