// Session, Utilities (dates, CSV, digests, base64, blobs, sleep), Logger and console.
import * as crypto from 'node:crypto';
import * as util from 'node:util';
import { parse as parseCsvText } from 'csv-parse/sync';
import { isDateObject } from '../coercion';
import { DAY_NAMES, isValidTimeZone, MONTH_NAMES, wallTimeOf, zoneOffsetMinutes } from '../dates';
import { type Invocation, withNotImplemented } from '../invocation';
import { blockingSleep } from '../syncHttp';

// ---- bytes and blobs -----------------------------------------------------------------------------------

/** Apps Script byte arrays are plain arrays of signed (Java) bytes. */
export function toSignedBytes(buf: Uint8Array): number[] {
  return Array.from(buf, (b) => (b > 127 ? b - 256 : b));
}

export function fromByteInput(data: unknown, charset?: string): Buffer {
  if (typeof data === 'string') return Buffer.from(data, charset === 'US_ASCII' ? 'latin1' : 'utf8');
  if (Array.isArray(data)) return Buffer.from(data.map((b) => Number(b) & 0xff));
  if (data && typeof data === 'object' && 'getBytes' in data) return fromByteInput((data as { getBytes(): number[] }).getBytes());
  return Buffer.from(String(data), 'utf8');
}

export class BlobApi {
  constructor(
    private inv: Invocation,
    private data: Buffer,
    private contentType: string | null,
    private name: string | null,
  ) {}
  getBytes(): number[] {
    return this.inv.out(toSignedBytes(this.data));
  }
  getDataAsString(charset?: string): string {
    return this.data.toString(charset === 'US_ASCII' ? 'latin1' : 'utf8');
  }
  setDataFromString(s: string): BlobApi {
    this.data = Buffer.from(String(s), 'utf8');
    return this;
  }
  setBytes(bytes: number[]): BlobApi {
    this.data = fromByteInput(bytes);
    return this;
  }
  getContentType(): string | null {
    return this.contentType;
  }
  setContentType(t: string | null): BlobApi {
    this.contentType = t;
    return this;
  }
  getName(): string | null {
    return this.name;
  }
  setName(n: string): BlobApi {
    this.name = n;
    return this;
  }
  isGoogleType(): boolean {
    return false;
  }
  copyBlob(): BlobApi {
    return blobApi(this.inv, Buffer.from(this.data), this.contentType, this.name);
  }
}

export function blobApi(inv: Invocation, data: Buffer, contentType: string | null, name: string | null): BlobApi {
  return withNotImplemented(new BlobApi(inv, data, contentType, name), 'Blob');
}

// ---- SimpleDateFormat ----------------------------------------------------------------------------------

function offsetText(minutes: number, colon: boolean, zForZero: boolean, hoursOnly = false): string {
  if (minutes === 0 && zForZero) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  if (hoursOnly) return `${sign}${hh}`;
  return colon ? `${sign}${hh}:${mm}` : `${sign}${hh}${mm}`;
}

/** Java SimpleDateFormat as used by Utilities.formatDate (an unknown zone falls back to GMT, as Java does). */
export function formatSimpleDate(date: Date, timeZone: string, pattern: string): string {
  const tz = isValidTimeZone(timeZone) ? timeZone : 'Etc/GMT';
  const ms = date.getTime();
  const w = wallTimeOf(ms, tz);
  const offset = zoneOffsetMinutes(ms, tz);
  const pad = (n: number, len: number) => String(n).padStart(len, '0');
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      const end = pattern.indexOf("'", i + 1);
      const stop = end < 0 ? pattern.length : end;
      out += pattern.slice(i + 1, stop).replace(/''/g, "'");
      i = stop + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(c)) {
      out += c;
      i++;
      continue;
    }
    let j = i;
    while (j < pattern.length && pattern[j] === c) j++;
    const n = j - i;
    i = j;
    switch (c) {
      case 'G':
        out += 'AD';
        break;
      case 'y':
      case 'Y':
        out += n === 2 ? pad(w.year % 100, 2) : pad(w.year, n);
        break;
      case 'M':
      case 'L':
        out += n >= 4 ? MONTH_NAMES[w.month - 1] : n === 3 ? MONTH_NAMES[w.month - 1].slice(0, 3) : pad(w.month, n);
        break;
      case 'd':
        out += pad(w.day, n);
        break;
      case 'D': {
        const doy = Math.round((Date.UTC(w.year, w.month - 1, w.day) - Date.UTC(w.year, 0, 1)) / 86400000) + 1;
        out += pad(doy, n);
        break;
      }
      case 'E':
        out += n >= 4 ? DAY_NAMES[w.weekday] : DAY_NAMES[w.weekday].slice(0, 3);
        break;
      case 'u':
        out += pad(w.weekday === 0 ? 7 : w.weekday, n);
        break;
      case 'a':
        out += w.hour < 12 ? 'AM' : 'PM';
        break;
      case 'H':
        out += pad(w.hour, n);
        break;
      case 'k':
        out += pad(w.hour === 0 ? 24 : w.hour, n);
        break;
      case 'K':
        out += pad(w.hour % 12, n);
        break;
      case 'h':
        out += pad(w.hour % 12 || 12, n);
        break;
      case 'm':
        out += pad(w.minute, n);
        break;
      case 's':
        out += pad(w.second, n);
        break;
      case 'S':
        out += pad(w.millisecond, n);
        break;
      case 'z': {
        const name = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: n >= 4 ? 'long' : 'short' })
          .formatToParts(date)
          .find((p) => p.type === 'timeZoneName')?.value;
        out += name ?? offsetText(offset, true, false);
        break;
      }
      case 'Z':
        out += offsetText(offset, false, false);
        break;
      case 'X':
        out += offsetText(offset, n >= 3, true, n === 1);
        break;
      default:
        throw new Error(`Illegal pattern character '${c}'`);
    }
  }
  return out;
}

// ---- Utilities -----------------------------------------------------------------------------------------

const DIGESTS: Record<string, string> = { MD5: 'md5', SHA_1: 'sha1', SHA_256: 'sha256', SHA_384: 'sha384', SHA_512: 'sha512' };
const MACS: Record<string, string> = {
  HMAC_MD5: 'md5',
  HMAC_SHA_1: 'sha1',
  HMAC_SHA_256: 'sha256',
  HMAC_SHA_384: 'sha384',
  HMAC_SHA_512: 'sha512',
};

function formatString(template: string, args: unknown[]): string {
  let k = 0;
  return template.replace(/%(-?\d*)(?:\.(\d+))?([sdif%])/g, (_m, width: string, precision: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    const arg = args[k++];
    let s: string;
    if (conv === 'd' || conv === 'i') s = String(Math.trunc(Number(arg)));
    else if (conv === 'f') s = Number(arg).toFixed(precision === undefined ? 6 : Number(precision));
    else s = String(arg);
    const w = Number(width);
    if (w) s = w < 0 ? s.padEnd(-w) : s.padStart(w);
    return s;
  });
}

export function makeUtilities(inv: Invocation): object {
  const { state } = inv;
  const utilities = {
    Charset: Object.freeze({ US_ASCII: 'US_ASCII', UTF_8: 'UTF_8' }),
    DigestAlgorithm: Object.freeze({
      MD2: 'MD2',
      MD5: 'MD5',
      SHA_1: 'SHA_1',
      SHA_256: 'SHA_256',
      SHA_384: 'SHA_384',
      SHA_512: 'SHA_512',
    }),
    MacAlgorithm: Object.freeze({
      HMAC_MD5: 'HMAC_MD5',
      HMAC_SHA_1: 'HMAC_SHA_1',
      HMAC_SHA_256: 'HMAC_SHA_256',
      HMAC_SHA_384: 'HMAC_SHA_384',
      HMAC_SHA_512: 'HMAC_SHA_512',
    }),
    formatDate(date: Date, timeZone: string, format: string): string {
      inv.check();
      if (!isDateObject(date))
        throw inv.exception("The parameters (String,String,String) don't match the method signature for Utilities.formatDate.");
      try {
        return formatSimpleDate(date, String(timeZone), String(format));
      } catch (e) {
        throw inv.exception(`Invalid argument: ${(e as Error).message}`);
      }
    },
    formatString(template: string, ...args: unknown[]): string {
      return formatString(String(template), args);
    },
    parseCsv(csv: string, delimiter?: string): string[][] {
      inv.check();
      try {
        const rows = parseCsvText(String(csv), {
          delimiter: delimiter ?? ',',
          relax_column_count: true,
          skip_empty_lines: false,
        }) as string[][];
        return inv.out(rows);
      } catch {
        throw inv.exception('Could not parse text.');
      }
    },
    sleep(milliseconds: number): void {
      inv.check();
      const ms = Number(milliseconds);
      if (!Number.isFinite(ms) || ms < 0 || ms > 300000) throw inv.exception('Invalid argument: milliseconds');
      if (state.realSleep) {
        blockingSleep(Math.min(ms, inv.remainingMs() + 1));
      } else inv.spendVirtual(ms);
      inv.check();
    },
    computeDigest(algorithm: string, value: unknown, charset?: string): number[] {
      const alg = DIGESTS[String(algorithm)];
      if (!alg) throw new Error(`emulator: Utilities.computeDigest(${algorithm}) not implemented`);
      return inv.out(toSignedBytes(crypto.createHash(alg).update(fromByteInput(value, charset)).digest()));
    },
    computeHmacSignature(algorithm: string, value: unknown, key: unknown, charset?: string): number[] {
      const alg = MACS[String(algorithm)];
      if (!alg) throw new Error(`emulator: Utilities.computeHmacSignature(${algorithm}) not implemented`);
      return inv.out(
        toSignedBytes(crypto.createHmac(alg, fromByteInput(key, charset)).update(fromByteInput(value, charset)).digest()),
      );
    },
    computeHmacSha256Signature(value: unknown, key: unknown, charset?: string): number[] {
      return inv.out(
        toSignedBytes(crypto.createHmac('sha256', fromByteInput(key, charset)).update(fromByteInput(value, charset)).digest()),
      );
    },
    base64Encode(data: unknown, charset?: string): string {
      return fromByteInput(data, charset).toString('base64');
    },
    base64EncodeWebSafe(data: unknown, charset?: string): string {
      return fromByteInput(data, charset).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
    },
    base64Decode(encoded: string): number[] {
      return inv.out(toSignedBytes(Buffer.from(String(encoded), 'base64')));
    },
    base64DecodeWebSafe(encoded: string): number[] {
      return inv.out(toSignedBytes(Buffer.from(String(encoded).replace(/-/g, '+').replace(/_/g, '/'), 'base64')));
    },
    newBlob(data: unknown, contentType?: string, name?: string): BlobApi {
      return blobApi(inv, fromByteInput(data ?? ''), contentType ?? null, name ?? null);
    },
    getUuid(): string {
      return crypto.randomUUID();
    },
    jsonParse(text: string): unknown {
      return inv.out(JSON.parse(String(text)));
    },
    jsonStringify(value: unknown): string {
      return JSON.stringify(value);
    },
  };
  return withNotImplemented(utilities, 'Utilities');
}

// ---- Session -------------------------------------------------------------------------------------------

export const USERINFO_EMAIL_SCOPE = 'https://www.googleapis.com/auth/userinfo.email';

export function makeSession(inv: Invocation): object {
  const user = (email: string) => withNotImplemented({ getEmail: () => email, toString: () => email }, 'User');
  const session = {
    // Both need the userinfo.email scope (https://developers.google.com/apps-script/reference/base/session).
    getActiveUser: () => {
      inv.requireScope('Session.getActiveUser', USERINFO_EMAIL_SCOPE);
      return user(inv.authMode === 'NONE' ? '' : inv.activeUserEmail);
    },
    getEffectiveUser: () => {
      inv.requireScope('Session.getEffectiveUser', USERINFO_EMAIL_SCOPE);
      return user(inv.authMode === 'NONE' ? '' : inv.effectiveUser);
    },
    /** Stable per user and script (Apps Script rotates it every 30 days). */
    getTemporaryActiveUserKey: () =>
      crypto.createHash('sha256').update(`${inv.state.scriptId}|${inv.actingUser}`).digest('base64').replace(/=+$/, ''),
    getScriptTimeZone: () => inv.state.scriptTimeZone,
    getActiveUserLocale: () => 'en',
  };
  return withNotImplemented(session, 'Session');
}

// ---- Logger and console --------------------------------------------------------------------------------

function formatArgs(args: unknown[]): string {
  return util.format(...args);
}

export function makeLogger(inv: Invocation): object {
  const lines: string[] = [];
  const logger = {
    log(data: unknown, ...values: unknown[]) {
      const line =
        values.length && typeof data === 'string'
          ? formatArgs([data, ...values])
          : typeof data === 'string'
            ? data
            : formatArgs([data]);
      lines.push(line);
      inv.log(line);
      return proxied;
    },
    getLog: () => lines.join('\n'),
    clear() {
      lines.length = 0;
      return proxied;
    },
  };
  const proxied = withNotImplemented(logger, 'Logger');
  return proxied;
}

export function makeConsole(inv: Invocation): object {
  const at =
    (prefix: string) =>
    (...args: unknown[]) =>
      inv.log(prefix + formatArgs(args));
  const timers = new Map<string, number>();
  return {
    log: at(''),
    info: at(''),
    debug: at(''),
    warn: at('WARNING: '),
    error: at('ERROR: '),
    time: (label = 'default') => timers.set(label, Date.now()),
    timeEnd: (label = 'default') => inv.log(`${label}: ${Date.now() - (timers.get(label) ?? Date.now())}ms`),
  };
}
