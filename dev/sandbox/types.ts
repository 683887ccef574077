// Public types of the sandbox Cliqtel API shared by the app, its launcher and the tests that drive it.

export interface SandboxOptions {
  /** PRNG seed; same seed + same `now` → identical data. Default 42. */
  seed?: number;
  /**
   * Pins the sandbox clock's start (an ISO instant with a zone, e.g. `2026-06-15T12:00:00Z`); the clock then runs
   * on in real time. The data (13 months up to this instant) is generated from it. Default: the real time.
   */
  now?: string;
  /** Number of CDRs spread over the 13 months before `now`. Default 12000. */
  cdrCount?: number;
  /** Largest `per_page` the list endpoints honour. Default 100. */
  perPageCap?: number;
  /** Per-user limit on the reporting/account endpoints. Default 1000 requests/minute. */
  rateLimitPerMinute?: number;
  /** Per-user limit on /v1/sms and /v1/whatsapp. Default 60 requests/minute (documented). */
  messagingRateLimitPerMinute?: number;
}

/** Ready-made API keys (`id|secret`), one per scope profile. */
export interface SandboxKeys {
  /** Every scope (the portal's "Full access" preset). */
  full: string;
  /** Every `*:read` scope (the portal's "Read-only" preset). */
  readOnly: string;
  /** usage:read only. */
  usageOnly: string;
  /** billing:read only. */
  billingOnly: string;
  /** numbers:read + numbers:write only. */
  numbersOnly: string;
  /** sms:* and whatsapp:* only. */
  messaging: string;
  /** A valid key with no scope at all (every scoped endpoint answers 403). */
  noScopes: string;
  /** A key that was revoked: answers 401 like an unknown key. */
  revoked: string;
}

/** Faults injected on /api requests; counters decrement once per affected request. */
export interface SandboxFaults {
  /** Extra delay before every affected request is handled. */
  latencyMs?: number;
  /** Answer the next n affected requests with 429 + Retry-After. */
  fail429?: number;
  /** Retry-After (seconds) sent with fail429. Default 1. */
  retryAfter?: number;
  /** Answer the next n affected requests with a 5xx JSON error. */
  fail5xx?: number;
  /** Status used by fail5xx. Default 503. */
  status5xx?: number;
  /** Answer the next n affected requests with 500 and an HTML page body. */
  htmlError?: number;
  /** Answer the next n affected requests normally but with the body cut in half. */
  truncate?: number;
  /**
   * Handle the next n affected requests normally (a write takes effect) but drop the connection instead of answering:
   * the client sees a transport failure and cannot know whether the request was applied.
   */
  drop?: number;
  /** Handle the next n affected requests normally (a write takes effect) but answer 503 (`status5xx`) instead. */
  commit5xx?: number;
  /**
   * Handle the next n affected requests normally (a write takes effect) but send no answer; the connection is closed
   * after `hangMs` (default 65,000), so the client times out first.
   */
  hang?: number;
  hangMs?: number;
  /** Let the first n affected requests through untouched (to aim a fault at the k-th write of a job). */
  skip?: number;
  /** Affect only requests with this method (e.g. POST); default every method. */
  method?: string;
  /** Regex (string) tested against the request's original URL (path + query); default: every /api request. */
  pathPattern?: string;
}

export interface SandboxConfig {
  perPageCap?: number;
  rateLimitPerMinute?: number;
  messagingRateLimitPerMinute?: number;
  /** End the CSV export's last line with a line break (default true; some CSV writers omit it). */
  csvFinalLineBreak?: boolean;
}

export interface SandboxRequestRecord {
  method: string;
  /** Path without the query string, e.g. `/api/v1/portal/usage/calls`. */
  path: string;
  query: Record<string, unknown>;
  status: number;
  /** Whether an Authorization header was sent (its value is never recorded). */
  auth: boolean;
  /** The Accept header as sent (the documented example sends `application/json`), or null. */
  accept: string | null;
  /** ISO time the response finished. */
  at: string;
  /** The injected fault that answered this request, if any. */
  fault?: 'fail429' | 'fail5xx' | 'htmlError' | 'truncate' | 'drop' | 'commit5xx' | 'hang';
}

export interface SandboxStats {
  requests: SandboxRequestRecord[];
}

export type SandboxDataName =
  | 'calls'
  | 'numbers'
  | 'available_numbers'
  | 'invoices'
  | 'credit_notes'
  | 'orders'
  | 'transactions'
  | 'sms'
  | 'whatsapp_messages'
  | 'whatsapp_templates';

export interface SandboxHandle {
  /** e.g. `http://127.0.0.1:41234/api`. */
  baseUrl: string;
  keys: SandboxKeys;
  setFaults(faults: SandboxFaults): Promise<void>;
  /** Clears faults, stats, rate-limit windows, config changes and data mutations. */
  reset(): Promise<void>;
  stats(): Promise<SandboxStats>;
  /** The raw seeded records behind an endpoint (what the API serves, before windowing/paging). */
  data<T = any>(name: SandboxDataName | string): Promise<T[]>;
  putData(name: SandboxDataName | string, records: unknown[], mode?: 'append' | 'replace'): Promise<void>;
  config(config: SandboxConfig): Promise<void>;
  /** New, late and re-rated calls (POST /__sandbox/calls/activity); the same `key` is applied once. */
  callActivity(activity: SandboxCallActivity): Promise<SandboxCallActivityResult>;
  /** Changes a number as someone would in the Cliqtel portal (POST /__sandbox/numbers/:id). */
  editNumber(id: number | string, change: SandboxNumberEdit): Promise<void>;
  stop(): Promise<void>;
}

/** A change made "in the portal": the label and/or the forwarding of one number. */
export interface SandboxNumberEdit {
  label?: string;
  forwarding?: { type: 'sip' | 'phone' | 'none'; destination: string | null };
}

/** Call activity for the calls log (dev/sandbox/callActivity.ts). */
export interface SandboxCallActivity {
  /** Calls after the newest one, up to now. */
  newCalls?: number;
  /** Calls dated within the last 2 days but before the newest call, with new (higher) ids. */
  lateCalls?: number;
  /** Calls of the last 2 days whose charge (and maybe billing status) changes. */
  rerated?: number;
  /** PRNG seed (default 1): the same seed and data give the same activity. */
  seed?: number;
  /** A request with a key already applied returns the first result and changes nothing. */
  key?: string;
}
export interface SandboxCallActivityResult {
  added: number[];
  late: number[];
  rerated: number[];
  /** CDRs in the sandbox afterwards. */
  count: number;
}
