// SMS text: GSM-7/UCS-2 segment counting, the E.164 check and phone clean-up, header matching and {{Header}}
// templates. docs/architecture.md#sms-from-a-sheet

export type SmsEncoding = 'GSM-7' | 'UCS-2';

// ---------------------------------------------------------------------------------------------------------------
// Encoding and segments (3GPP TS 23.038): GSM-7 160 septets in one part, 153 per part of a longer message; the
// extension table's characters take two septets and are never split across parts. Anything outside GSM-7 makes the
// whole message UCS-2: 70 UTF-16 units in one part, 67 per part, a surrogate pair never split.

const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXTENSION = new Set('\f^{}\\[~]|€');

export interface SegmentInfo {
  encoding: SmsEncoding;
  segments: number;
  /** Septets (GSM-7) or UTF-16 units (UCS-2). */
  units: number;
}

function pack(sizes: number[], single: number, perPart: number): number {
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total <= single) return total === 0 ? 0 : 1;
  let parts = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > perPart) {
      parts++;
      used = 0;
    }
    used += size;
  }
  return parts;
}

export function smsSegments(body: string): SegmentInfo {
  const chars = Array.from(body);
  let gsm = true;
  for (const c of chars) {
    if (!GSM_BASIC.has(c) && !GSM_EXTENSION.has(c)) {
      gsm = false;
      break;
    }
  }
  if (gsm) {
    const sizes = chars.map((c) => (GSM_EXTENSION.has(c) ? 2 : 1));
    return { encoding: 'GSM-7', segments: pack(sizes, 160, 153), units: sizes.reduce((a, b) => a + b, 0) };
  }
  const sizes = chars.map((c) => c.length);
  return { encoding: 'UCS-2', segments: pack(sizes, 70, 67), units: body.length };
}

// ---------------------------------------------------------------------------------------------------------------
// Phone numbers

const E164 = /^\+[1-9]\d{7,14}$/;

/** E.164: `+` and 8–15 digits, the first not 0. */
export function isE164(value: string): boolean {
  return E164.test(value);
}

/**
 * A phone cell as the sheet displays it, made ready to send: surrounding spaces go, and a number written with `+`
 * loses the spaces, dots, dashes and brackets people type (`+44 20 7946-0831` → `+442079460831`). Nothing else is
 * guessed: a number without `+` stays as it is and fails the E.164 check.
 */
export function normalizePhone(display: string): string {
  const s = display.trim();
  return s.startsWith('+') ? s.replace(/[\s\u00a0.\-()]/g, '') : s;
}

// ---------------------------------------------------------------------------------------------------------------
// Headers and templates

/** Header text compared the way people mean it: trimmed, spaces collapsed, case-insensitive. */
export function headerKey(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Index of the first column whose header matches `name`, or -1. */
export function findHeader(headers: readonly string[], name: string): number {
  const key = headerKey(name);
  return headers.findIndex((h) => headerKey(h) === key);
}

export type TemplatePart = string | { column: number; name: string };

export interface ParsedTemplate {
  parts: TemplatePart[];
  /** Placeholders that name no header, as written. */
  unknown: string[];
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Splits `Hi {{Name}}, see you {{ Date }}` into text and column references (header names as in `headers`). */
export function parseTemplate(template: string, headers: readonly string[]): ParsedTemplate {
  const parts: TemplatePart[] = [];
  const unknown: string[] = [];
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    const index = m.index ?? 0;
    if (index > last) parts.push(template.slice(last, index));
    const column = m[1] === '' ? -1 : findHeader(headers, m[1]);
    if (column < 0) unknown.push(m[0]);
    else parts.push({ column, name: headers[column] });
    last = index + m[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  return { parts, unknown };
}

/** The body for one row: each placeholder becomes its cell as the sheet displays it. */
export function renderTemplate(parsed: ParsedTemplate, displayRow: readonly string[]): string {
  let out = '';
  for (const part of parsed.parts) out += typeof part === 'string' ? part : (displayRow[part.column] ?? '');
  return out;
}
