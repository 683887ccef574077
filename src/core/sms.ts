// SMS from a sheet, the pure part: templates with {{Header}} placeholders, GSM-7/UCS-2 segment counting, the E.164
// check, the job key and per-row fingerprints ("only what was previewed"), statuses, pacing across executions and
// matching messages after an ambiguous send. docs/architecture.md#sms-from-a-sheet

/** The columns the add-on adds (or reuses) to the right of the data, in this order. */
export const SMS_COLUMNS = ['SMS status', 'SMS id', 'SMS sent at', 'SMS cost'] as const;
/** Cliqtel refuses longer bodies (422); the preview refuses them first. */
export const MAX_SMS_CHARS = 1600;
/** Rows shown as samples in a preview. */
export const PREVIEW_SAMPLES = 3;
/** A send call's default time budget (s): well inside Apps Script's 6-minute execution limit. */
export const DEFAULT_SEND_SECONDS = 45;
/** Leaves room under the 6-minute limit for a hanging request (~60 s) and the closing reads and writes. */
export const MAX_SEND_SECONDS = 240;
/**
 * Cliqtel allows 60 messaging requests a minute (docs/cliqtel-api.md#rate-limits); a job keeps to 59 across its
 * executions, leaving one a minute for the rest of the add-on (the key check's probe of /v1/sms, an SMS report).
 */
export const SMS_REQUESTS_PER_MINUTE = 59;
const WINDOW_MS = 60_000;
/** Kept between a request and the one 60 places later beyond the minute: send times are taken before the request
 * leaves, and its travel time varies. */
const WINDOW_MARGIN_MS = 1_000;
/** Requests a job may send at once before spacing the rest (small jobs finish at once). */
const BURST = 30;
const SPACING_MS = Math.ceil((WINDOW_MS + WINDOW_MARGIN_MS) / SMS_REQUESTS_PER_MINUTE);
/**
 * Reconciliation accepts a message created up to this long before the attempt was recorded: Cliqtel's clock and
 * Google's may differ, and erring towards "sent" never sends twice.
 */
export const RECONCILE_SLACK_MS = 15 * 60_000;

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

// ---------------------------------------------------------------------------------------------------------------
// Hashes: the job key and per-row fingerprints (no Apps Script services: the core runs anywhere)

/** cyrb53: a fast 53-bit string hash (public domain). */
function cyrb53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function base64Digits(value: number, digits: number): string {
  let out = '';
  let v = value;
  for (let i = 0; i < digits; i++) {
    out += B64[v % 64];
    v = Math.floor(v / 64);
  }
  return out;
}

/** Characters per row fingerprint: 36 bits, so a changed row passes unnoticed with odds of 1 in 69 billion. */
export const FINGERPRINT_CHARS = 6;

/** What the preview saw in one row: its recipient and rendered body. */
export function rowFingerprint(to: string, body: string): string {
  return base64Digits(cyrb53(`${to}\u0000${body}`, 7), FINGERPRINT_CHARS);
}

export interface JobConfig {
  spreadsheetId: string;
  sheetId: number;
  toColumn: string;
  from: string;
  bodyColumn?: string;
  template?: string;
}

/** Changes whenever the sheet, the columns, the template or the sender change; stable otherwise. */
export function jobKeyOf(config: JobConfig): string {
  const text = JSON.stringify([
    config.spreadsheetId,
    config.sheetId,
    headerKey(config.toColumn),
    config.from,
    config.bodyColumn === undefined ? null : headerKey(config.bodyColumn),
    config.template ?? null,
  ]);
  return `sms-${base64Digits(cyrb53(text, 1), 9)}${base64Digits(cyrb53(text, 2), 9)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// The snapshot of a preview: row numbers (as ranges) and one fingerprint per row, small enough for a property value
// (a 1,000-row job is about 6 KB).

export interface Snapshot {
  rows: number[];
  fingerprints: string[];
}

export function encodeRows(rows: readonly number[]): string {
  const out: string[] = [];
  let i = 0;
  while (i < rows.length) {
    let j = i;
    while (j + 1 < rows.length && rows[j + 1] === rows[j] + 1) j++;
    out.push(j === i ? String(rows[i]) : `${rows[i]}-${rows[j]}`);
    i = j + 1;
  }
  return out.join(',');
}

export function decodeRows(text: string): number[] {
  const rows: number[] = [];
  if (!text) return rows;
  for (const part of text.split(',')) {
    const [a, b] = part.split('-').map(Number);
    if (b === undefined) rows.push(a);
    else for (let r = a; r <= b; r++) rows.push(r);
  }
  return rows;
}

export function encodeSnapshot(s: Snapshot): { rows: string; fps: string } {
  return { rows: encodeRows(s.rows), fps: s.fingerprints.join('') };
}

export function decodeSnapshot(rows: string, fps: string): Snapshot {
  const list = decodeRows(rows);
  const fingerprints: string[] = [];
  for (let i = 0; i < list.length; i++) fingerprints.push(fps.slice(i * FINGERPRINT_CHARS, (i + 1) * FINGERPRINT_CHARS));
  return { rows: list, fingerprints };
}

// ---------------------------------------------------------------------------------------------------------------
// Statuses (the sheet contract)

export const STATUS = {
  sending: 'sending',
  sent: 'sent',
  unknown: 'unknown',
  notSent: 'not sent',
  changed: 'not sent: changed since preview',
} as const;

export type StatusKind = 'sent' | 'sending' | 'unknown' | 'failed' | 'not sent' | '';

export function statusKind(text: unknown): StatusKind {
  const s = String(text ?? '')
    .trim()
    .toLowerCase();
  if (s === '') return '';
  if (s === 'sent') return 'sent';
  if (s === 'sending') return 'sending';
  if (s === 'unknown') return 'unknown';
  if (s.startsWith('failed')) return 'failed';
  if (s.startsWith('not sent')) return 'not sent';
  return '';
}

/** A row in one of these states is never sent again by any job. */
export function isTaken(kind: StatusKind): boolean {
  return kind === 'sent' || kind === 'sending' || kind === 'unknown';
}

export function failedStatus(message: string): string {
  const oneLine = message.replace(/\s+/g, ' ').trim();
  return `failed: ${oneLine.length > 400 ? `${oneLine.slice(0, 399)}…` : oneLine}`;
}

export interface SmsCounts {
  total: number;
  sent: number;
  /** Finished without a message: `failed: …` and `not sent…` (changed since preview, stopped, not found). */
  failed: number;
  unknown: number;
  pending: number;
}

/**
 * Counts of a job whose rows before `cursor` were attempted by it (a blank or `not sent…` status there means not
 * sent) and whose later rows are pending unless their status says they were already sent or are in doubt.
 */
export function jobCounts(kinds: readonly StatusKind[], cursor: number): SmsCounts {
  const counts: SmsCounts = { total: kinds.length, sent: 0, failed: 0, unknown: 0, pending: 0 };
  kinds.forEach((kind, index) => {
    if (kind === 'sent') counts.sent++;
    else if (kind === 'unknown' || kind === 'sending') counts.unknown++;
    else if (index < cursor) counts.failed++;
    else counts.pending++;
  });
  return counts;
}

// ---------------------------------------------------------------------------------------------------------------
// Pacing across executions: the send times of the last minute, persisted between cliqtelSmsSend calls.

export class SendWindow {
  private readonly times: number[];

  constructor(times: readonly number[] = []) {
    this.times = times.filter((t) => Number.isFinite(t)).sort((a, b) => a - b);
  }

  /**
   * How long to wait at `now` before one more request: every rolling minute keeps to SMS_REQUESTS_PER_MINUTE, and
   * once a minute holds BURST requests the rest are spaced evenly (a long job then sends one a second instead of a
   * burst a minute, and its progress moves smoothly).
   */
  waitMs(now: number): number {
    this.prune(now);
    const n = this.times.length;
    let wait = 0;
    if (n >= SMS_REQUESTS_PER_MINUTE) wait = this.times[n - SMS_REQUESTS_PER_MINUTE] + WINDOW_MS + WINDOW_MARGIN_MS - now;
    if (this.inLastMinute(now) >= BURST) wait = Math.max(wait, this.times[n - 1] + SPACING_MS - now);
    return Math.max(0, wait);
  }

  record(at: number): void {
    this.times.push(at);
  }

  /** Requests in the minute ending at `now`. */
  inLastMinute(now: number): number {
    return this.times.filter((t) => t > now - WINDOW_MS && t <= now).length;
  }

  private prune(now: number): void {
    while (this.times.length && this.times[0] <= now - WINDOW_MS - WINDOW_MARGIN_MS) this.times.shift();
  }

  serialize(now: number): string {
    this.prune(now);
    const recent = this.times.slice(-SMS_REQUESTS_PER_MINUTE);
    return recent.map((t) => t.toString(36)).join(',');
  }

  static parse(text: string | null | undefined): SendWindow {
    if (!text) return new SendWindow();
    return new SendWindow(text.split(',').map((t) => Number.parseInt(t, 36)));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Reconciliation: which sent message belongs to a row whose send was ambiguous.

export interface SentMessage {
  /** The id as text (for comparing); `rawId` as Cliqtel sent it (for the sheet). */
  id: string;
  rawId: string | number;
  cost?: number;
  from: string;
  to: string;
  body: string;
  createdAt: number;
}

export interface Unresolved {
  row: number;
  fingerprint: string;
  /** When the attempt was made (ms); 0 when not known. */
  at: number;
}

/**
 * Matches each unresolved row to a message with the job's sender, the row's recipient and body (by fingerprint),
 * created after the attempt (less RECONCILE_SLACK_MS) and not already claimed by another row. Earliest attempts
 * take the earliest messages.
 */
export function reconcile(
  rows: readonly Unresolved[],
  messages: readonly SentMessage[],
  from: string,
  claimed: ReadonlySet<string>,
): Map<number, SentMessage> {
  const found = new Map<number, SentMessage>();
  const taken = new Set(claimed);
  const candidates = messages
    .filter((m) => m.from === from && !taken.has(m.id))
    .sort((a, b) => a.createdAt - b.createdAt || Number(a.id) - Number(b.id));
  const byFingerprint = new Map<string, SentMessage[]>();
  for (const m of candidates) {
    const fp = rowFingerprint(m.to, m.body);
    const list = byFingerprint.get(fp) ?? [];
    list.push(m);
    byFingerprint.set(fp, list);
  }
  for (const row of [...rows].sort((a, b) => a.at - b.at)) {
    const list = byFingerprint.get(row.fingerprint) ?? [];
    const index = list.findIndex((m) => !taken.has(m.id) && m.createdAt >= row.at - RECONCILE_SLACK_MS);
    if (index < 0) continue;
    const message = list[index];
    taken.add(message.id);
    found.set(row.row, message);
  }
  return found;
}
