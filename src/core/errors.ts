// Errors a spreadsheet user can act on: every failure becomes a CliqtelError whose message names the cause and the fix.

import { scopePurpose } from './catalog';
import type { HttpResponse } from './transport';

export type CliqtelErrorCode =
  | 'unauthenticated'
  | 'insufficient_scope'
  | 'validation'
  | 'rate_limited'
  | 'server_error'
  | 'not_found'
  | 'http_error'
  | 'bad_response'
  | 'transport'
  | 'timeout'
  | 'bad_argument'
  /** Needs an open spreadsheet (called outside Sheets' UI). */
  | 'no_spreadsheet'
  /** Another Cliqtel run of this user holds the lock. */
  | 'busy'
  /** A Google quota or limit (triggers per user, cells per spreadsheet). */
  | 'quota'
  | 'bad_base_url'
  | 'no_key';

export interface CliqtelErrorDetails {
  /** HTTP status, or 0 when no HTTP answer is involved (transport, argument, configuration). */
  status: number;
  code: CliqtelErrorCode;
  requiredScope?: string;
  fieldErrors?: Record<string, string[]>;
  retryAfterSeconds?: number;
}

export class CliqtelError extends Error {
  readonly status: number;
  readonly code: CliqtelErrorCode;
  readonly requiredScope?: string;
  readonly fieldErrors?: Record<string, string[]>;
  readonly retryAfterSeconds?: number;
  /** Same text as `message`; named so callers show it to users as is. */
  readonly userMessage: string;

  constructor(message: string, details: CliqtelErrorDetails) {
    super(message);
    this.name = 'CliqtelError';
    this.userMessage = message;
    this.status = details.status;
    this.code = details.code;
    if (details.requiredScope !== undefined) this.requiredScope = details.requiredScope;
    if (details.fieldErrors !== undefined) this.fieldErrors = details.fieldErrors;
    if (details.retryAfterSeconds !== undefined) this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

/** Where the user saves a key; one place so every message points at the same menu item. */
export const KEY_SETTINGS_PLACE = 'Extensions › Cliqtel › Settings';
const NEW_KEY_HINT = `create one in the Cliqtel portal (Portal → API Keys) and save it in ${KEY_SETTINGS_PLACE}`;

/** What the request was about, for messages; `secret` is the API key, scrubbed from anything the server echoes. */
export interface ErrorContext {
  path?: string;
  secret?: string;
  /** Overrides the scope-derived description in 403 messages, e.g. "CLIQTEL_CALLS". */
  what?: string;
}

const REDACTED = '[redacted]';

/**
 * Safety net: removes the API key (whole, and its secret part after the "|") and any Bearer credential from text
 * that may have come from a server or a transport exception, before it can reach a message.
 */
export function redact(text: string, secret?: string): string {
  let out = text;
  if (secret) {
    out = out.split(secret).join(REDACTED);
    const pipe = secret.indexOf('|');
    const secretPart = pipe >= 0 ? secret.slice(pipe + 1) : '';
    if (secretPart.length >= 6) out = out.split(secretPart).join(REDACTED);
  }
  return out.replace(/Bearer\s+[^\s"',;]+/gi, `Bearer ${REDACTED}`);
}

/** A short, single-line, tag-free excerpt of a server body (an HTML error page becomes its title or its text). */
export function safeExcerpt(body: string, secret?: string, maxLength = 160): string {
  let text = body;
  if (/^\s*</.test(text)) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text);
    text = title?.[1]?.trim() ? title[1] : text.replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>?/g, ' ');
    text = text
      .replace(/&nbsp;/g, ' ')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>');
  }
  text = redact(text.replace(/\s+/g, ' ').trim(), secret);
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

interface Envelope {
  error?: string;
  message?: string;
  requiredScope?: string;
  fieldErrors?: Record<string, string[]>;
}

/** Reads Cliqtel's JSON error envelope; null when the body is not a JSON object. */
function parseEnvelope(body: string): Envelope | null {
  if (!/^\s*\{/.test(body)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const o = parsed as Record<string, unknown>;
  const env: Envelope = {};
  if (typeof o.error === 'string') env.error = o.error;
  if (typeof o.message === 'string') env.message = o.message;
  if (typeof o.required_scope === 'string') env.requiredScope = o.required_scope;
  if (o.errors && typeof o.errors === 'object' && !Array.isArray(o.errors)) {
    const fieldErrors: Record<string, string[]> = {};
    for (const [field, value] of Object.entries(o.errors as Record<string, unknown>)) {
      const list = Array.isArray(value) ? value : [value];
      fieldErrors[field] = list.filter((m) => m !== null && m !== undefined).map((m) => String(m));
    }
    env.fieldErrors = fieldErrors;
  }
  return env;
}

/** Retry-After in seconds (integer seconds or an HTTP date relative to `now`); undefined when absent or unreadable. */
export function parseRetryAfter(response: HttpResponse, now?: number): number | undefined {
  const raw = response.headers['retry-after'];
  if (raw === undefined || raw.trim() === '') return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(raw)) return Math.ceil(Number(raw));
  const at = Date.parse(raw); // the HTTP-date form
  if (Number.isNaN(at) || now === undefined) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

function waitHint(seconds: number | undefined): string {
  if (seconds !== undefined && seconds > 90) return `wait about ${Math.ceil(seconds / 60)} minutes`;
  return 'wait a minute';
}

/** Turns a non-2xx response into a CliqtelError with a message naming the cause and the fix. */
export function mapHttpError(response: HttpResponse, context: ErrorContext = {}, now?: number): CliqtelError {
  const { status } = response;
  const secret = context.secret;
  const env = parseEnvelope(response.body);
  const serverText = env?.message ? safeExcerpt(env.message, secret, 300) : safeExcerpt(response.body, secret);
  const where = context.path ? ` for ${redact(context.path, secret)}` : '';

  if (status === 401) {
    return new CliqtelError(`Cliqtel rejected the API key (401). It may have been revoked or mistyped: ${NEW_KEY_HINT}.`, {
      status,
      code: 'unauthenticated',
    });
  }
  if (status === 403) {
    const scope = env?.requiredScope;
    const purpose = context.what ?? (scope && scopePurpose(scope)) ?? 'this data';
    const message = scope
      ? `This API key is missing the '${scope}' permission needed for ${purpose} (403). Create a key with ` +
        `${scope} (e.g. the Read-only preset) in the Cliqtel portal (Portal → API Keys) and save it in ${KEY_SETTINGS_PLACE}.`
      : `This API key is not allowed to read ${purpose} (403${serverText ? `: ${serverText}` : ''}). Create a key ` +
        `with the Read-only preset in the Cliqtel portal (Portal → API Keys) and save it in ${KEY_SETTINGS_PLACE}.`;
    return new CliqtelError(message, { status, code: 'insufficient_scope', requiredScope: scope });
  }
  if (status === 422) {
    const fieldErrors = env?.fieldErrors;
    const detail =
      fieldErrors && Object.keys(fieldErrors).length > 0
        ? Object.entries(fieldErrors)
            .map(([field, msgs]) => `${field}: ${msgs.join(' ')}`)
            .join('; ')
        : serverText || 'the request was not valid';
    return new CliqtelError(
      `Cliqtel rejected the request: ${safeExcerpt(detail, secret, 400)} Check the arguments and try again.`,
      { status, code: 'validation', fieldErrors },
    );
  }
  if (status === 429) {
    const seconds = parseRetryAfter(response, now);
    return new CliqtelError(`Cliqtel's rate limit was reached and retries ran out; ${waitHint(seconds)} and try again.`, {
      status,
      code: 'rate_limited',
      retryAfterSeconds: seconds,
    });
  }
  if (status >= 500) {
    return new CliqtelError(
      `Cliqtel had a server error (${status})${where}${serverText ? ` ("${serverText}")` : ''}. ` +
        'This is usually temporary: try again later.',
      { status, code: 'server_error' },
    );
  }
  const code = status === 404 ? 'not_found' : 'http_error';
  return new CliqtelError(
    `Cliqtel answered with an error (${status})${where}${serverText ? `: ${serverText}` : ''}. ` +
      'Check the arguments; if it keeps happening, the add-on may need an update.',
    { status, code },
  );
}

/** A 2xx answer whose body is not the JSON expected (cut off, HTML from a proxy, wrong shape). */
export function badResponseError(status: number, body: string, context: ErrorContext = {}, problem?: string): CliqtelError {
  const where = context.path ? ` for ${redact(context.path, context.secret)}` : '';
  const excerpt = safeExcerpt(body, context.secret, 80);
  const what = problem ?? (body.trim() === '' ? 'an empty answer' : 'an answer that is not complete JSON');
  return new CliqtelError(
    `Cliqtel sent ${what}${where} (status ${status}${excerpt ? `, starting "${excerpt}"` : ''}). ` +
      'Nothing was changed; try again, and contact Cliqtel support if it keeps happening.',
    { status, code: 'bad_response' },
  );
}

/** The request never got an HTTP answer (DNS, refused connection, timeout). */
export function transportError(cause: unknown, context: ErrorContext = {}): CliqtelError {
  const raw = cause instanceof Error ? cause.message : String(cause);
  const reason = safeExcerpt(raw, context.secret, 160);
  return new CliqtelError(
    `Could not reach Cliqtel${reason ? ` (${reason})` : ''}. Check the internet connection and try again in a few minutes.`,
    { status: 0, code: 'transport' },
  );
}

/** The time budget ran out before all data arrived (custom functions must finish inside Sheets' 30 s). */
export function timeoutError(detail: string): CliqtelError {
  return new CliqtelError(
    `Cliqtel did not deliver all data in time (${detail}). Use a shorter date range or a lower limit, ` +
      'or insert it as a report from Extensions › Cliqtel, which has more time.',
    { status: 0, code: 'timeout' },
  );
}

function describeGiven(given: unknown): string {
  if (given === undefined || given === null || given === '') return 'an empty value';
  if (typeof given === 'string') {
    const short = given.length > 60 ? `${given.slice(0, 59)}…` : given;
    return JSON.stringify(short);
  }
  if (typeof given === 'boolean') return given ? 'TRUE' : 'FALSE';
  if (typeof given === 'number') return String(given);
  if (given instanceof Date)
    return Number.isNaN(given.getTime()) ? 'an invalid date' : `the date ${given.toISOString().slice(0, 10)}`;
  if (Array.isArray(given)) return 'a range of several cells';
  return `a value of type ${typeof given}`;
}

/** A bad custom-function argument: which one, what was expected, what was given. No request is sent. */
export function argumentError(argName: string, expected: string, given: unknown): CliqtelError {
  return new CliqtelError(`Argument "${argName}": expected ${expected}, got ${describeGiven(given)}.`, {
    status: 0,
    code: 'bad_argument',
  });
}

/** The message to show a user for any thrown value (a CliqtelError's is already actionable). */
export function errorMessage(e: unknown): string {
  if (e instanceof CliqtelError) return e.userMessage;
  if (e instanceof Error) return e.message;
  return String(e);
}

export function noKeyError(): CliqtelError {
  return new CliqtelError(
    `No Cliqtel API key is saved. Open ${KEY_SETTINGS_PLACE} and paste a key from the Cliqtel portal (Portal → API Keys).`,
    { status: 0, code: 'no_key' },
  );
}
