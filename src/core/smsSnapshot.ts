// SMS job identity: the job key, per-row fingerprints ("only what was previewed") and the preview's snapshot of
// rows and fingerprints as property values. docs/architecture.md#sms-from-a-sheet
import { headerKey } from './smsText';

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
