// The Cliqtel API client over an injected synchronous transport: auth headers, retry policy within a time budget,
// Laravel pagination with batched fetchAll, and error mapping (docs/cliqtel-api.md).

import {
  badResponseError,
  type CliqtelError,
  type ErrorContext,
  mapHttpError,
  noKeyError,
  parseRetryAfter,
  timeoutError,
  transportError,
} from './errors';
import { MessagingPacer } from './pacing';
import { buildUrl, type Query, validateBaseUrl } from './urls';
import { findRows, laravelField, laravelLastPage, type Row } from './shape';
import type { HttpMethod, HttpRequest, HttpResponse, Transport } from './transport';

export type { Query, QueryValue } from './urls';

export interface ClientOptions {
  /** e.g. https://cliqtel.com/api (a trailing slash is tolerated). */
  baseUrl: string;
  apiKey?: string;
  transport: Transport;
  /** Absolute time (per transport.now()) after which no wait may end; default now() + 25 s. */
  deadline?: number;
  /** Retries after the first attempt for 429, 5xx and transport failures; default 3. */
  maxRetries?: number;
  /** Pages fetched per fetchAll; default 10. */
  batchSize?: number;
  /** per_page asked of list endpoints; the server may cap it lower. Default 100. */
  perPage?: number;
}

export interface RowsResult {
  rows: Row[];
  /** HTTP requests sent, retries included. */
  requests: number;
  /** True when rows were left out because of `limit`. */
  truncated: boolean;
}

/**
 * What became of a write: `done` (2xx, with the parsed body), `rejected` (4xx, 429 after retries: certainly not
 * acted on), or `ambiguous` (5xx, transport failure, timeout: it may or may not have been acted on).
 */
export type WriteOutcome =
  | { kind: 'done'; status: number; body: unknown }
  | { kind: 'rejected'; status: number; error: CliqtelError }
  | { kind: 'ambiguous'; status: number; error: CliqtelError };

export interface ProbeResult {
  path: string;
  status: number;
  ok: boolean;
  code?: string;
  requiredScope?: string;
  /** The parsed JSON body of a successful probe (undefined when it is not JSON). */
  body?: unknown;
}

const DEFAULT_BUDGET_MS = 25_000;
/** A Retry-After longer than this is not worth waiting for inside one execution: fail with the rate-limit message. */
const MAX_RETRY_AFTER_MS = 20_000;
const DEFAULT_RETRY_AFTER_MS = 2_000;
const BACKOFF_BASE_MS = 500;

function isOk(status: number): boolean {
  return status >= 200 && status < 300;
}

function isRetryable(status: number): boolean {
  return status === 429 || status >= 500;
}

export class CliqtelClient {
  private readonly baseUrl: string;
  private readonly apiKey?: string;
  private readonly transport: Transport;
  private readonly deadline: number;
  private readonly maxRetries: number;
  private readonly batchSize: number;
  private readonly perPage: number;
  /** Requests sent by this client so far (retries included). */
  requestCount = 0;
  private readonly pacer: MessagingPacer;

  constructor(opts: ClientOptions) {
    this.baseUrl = validateBaseUrl(opts.baseUrl);
    this.apiKey = opts.apiKey;
    this.transport = opts.transport;
    this.deadline = opts.deadline ?? opts.transport.now() + DEFAULT_BUDGET_MS;
    this.maxRetries = Math.max(0, opts.maxRetries ?? 3);
    this.batchSize = Math.max(1, opts.batchSize ?? 10);
    this.perPage = Math.max(1, opts.perPage ?? 100);
    this.pacer = new MessagingPacer(opts.transport, this.baseUrl, this.deadline);
  }

  /** One GET returning parsed JSON; auth header unless opts.public; retries per policy. */
  getJson(path: string, query?: Query, opts: { public?: boolean } = {}): unknown {
    const request = this.request(path, query, opts.public);
    const [response] = this.send([request], this.maxRetries);
    return this.parseJson(response, path);
  }

  /** Raw text (the CSV export); same auth, retry and error policy; any non-2xx is an error. */
  getText(path: string, query?: Query, opts: { public?: boolean } = {}): string {
    const [response] = this.send([this.request(path, query, opts.public)], this.maxRetries);
    if (!isOk(response.status)) throw this.httpError(response, path);
    return response.body;
  }

  /**
   * Every row of a list endpoint. A Laravel page is followed to its last page (pages 2..N in fetchAll batches),
   * trusting the per_page and last_page the server reports (it may cap per_page), and never fetching a page that
   * cannot contribute to `limit`. Any other body gives its rows through findRows; a lone object is one row.
   */
  getRows(path: string, query: Query = {}, opts: { limit?: number; public?: boolean } = {}): RowsResult {
    const startCount = this.requestCount;
    const limit = opts.limit !== undefined && opts.limit >= 0 ? Math.floor(opts.limit) : Infinity;
    const pageQuery: Query = { ...query, per_page: query.per_page ?? this.perPage };
    const first = this.getJson(path, pageQuery, opts);
    const lastPage = laravelLastPage(first);

    if (lastPage === null) {
      const found = findRows(first);
      if (found) return this.finishRows(found, limit, false, startCount);
      if (first !== null && typeof first === 'object') return this.finishRows([first as Row], limit, false, startCount);
      throw badResponseError(200, String(first), this.context(path), 'an answer with no rows in it');
    }

    const rows: Row[] = [...(findRows(first) ?? [])];
    // The size of a full page as the server applies it: its reported per_page, else page 1's length (page 1 is
    // full whenever there is a page 2).
    const pageSize = laravelField(first, 'per_page') ?? rows.length;
    let next = 2;
    let pagesLeftOut = false;
    while (next <= lastPage) {
      if (rows.length >= limit) {
        pagesLeftOut = true;
        break;
      }
      const pagesNeeded = pageSize > 0 ? Math.ceil((limit - rows.length) / pageSize) : lastPage;
      const end = Math.min(lastPage, next + this.batchSize - 1, next + pagesNeeded - 1);
      if (this.transport.now() >= this.deadline) {
        throw timeoutError(`${next - 1} of ${lastPage} pages of ${path} arrived before the time limit`);
      }
      const pages: number[] = [];
      for (let p = next; p <= end; p++) pages.push(p);
      const responses = this.send(
        pages.map((page) => this.request(path, { ...pageQuery, page }, opts.public)),
        this.maxRetries,
      );
      for (let i = 0; i < pages.length; i++) {
        const body = this.parseJson(responses[i], path);
        const data = (body as { data?: unknown } | null)?.data;
        const reportedPage = laravelField(body, 'current_page');
        if (!Array.isArray(data) || (reportedPage !== undefined && reportedPage !== pages[i])) {
          // A server that ignores `page` would hand back page 1 again: refuse rather than duplicate rows.
          throw badResponseError(
            responses[i].status,
            responses[i].body,
            this.context(path),
            `page ${pages[i]} in an unexpected shape`,
          );
        }
        for (const row of findRows(body) ?? []) rows.push(row);
      }
      next = end + 1;
    }
    return this.finishRows(rows, limit, pagesLeftOut || next <= lastPage, startCount);
  }

  /**
   * One write (POST/PATCH/PUT/DELETE with a JSON body) sent at most once: unlike reads it is never retried after a
   * 5xx, a dropped connection or a timeout, because the server may have acted on it — the outcome is `ambiguous` and
   * the caller finds out by reading. Only a 429 (the request was not accepted) is retried, after Retry-After, while
   * that fits in the time budget. Messaging paths are paced like reads.
   */
  write(method: Exclude<HttpMethod, 'get'>, path: string, body: unknown): WriteOutcome {
    const request: HttpRequest = {
      ...this.request(path, undefined, false),
      method,
      payload: JSON.stringify(body),
      contentType: 'application/json',
    };
    for (let attempt = 0; ; attempt++) {
      this.pacer.pace([request.url]);
      let response: HttpResponse;
      try {
        this.requestCount++;
        response = this.transport.fetch(request);
      } catch (cause) {
        return { kind: 'ambiguous', status: 0, error: transportError(cause, { secret: this.apiKey }) };
      }
      if (isOk(response.status)) {
        let parsed: unknown = null;
        try {
          parsed = response.body ? JSON.parse(response.body) : null;
        } catch {
          // a 2xx whose body is not JSON still happened
        }
        return { kind: 'done', status: response.status, body: parsed };
      }
      const error = this.httpError(response, path);
      if (response.status >= 500) return { kind: 'ambiguous', status: response.status, error };
      if (response.status === 429) {
        const wait = this.retryWait(response, attempt);
        if (attempt < this.maxRetries && this.transport.now() + wait <= this.deadline) {
          this.transport.sleep(wait);
          continue;
        }
      }
      return { kind: 'rejected', status: response.status, error };
    }
  }

  /**
   * Probes several GET paths in ONE fetchAll with no retries (scope detection): the status of each and, for errors,
   * the mapped code and the server's required_scope.
   */
  probe(paths: string[]): ProbeResult[] {
    if (paths.length === 0) return [];
    const requests = paths.map((path) => this.request(path, undefined, false));
    const responses = this.send(requests, 0, true);
    return responses.map((response, i) => {
      const result: ProbeResult = { path: paths[i], status: response.status, ok: isOk(response.status) };
      if (result.ok) {
        try {
          result.body = JSON.parse(response.body);
        } catch {
          // not JSON: the status alone answers the probe
        }
      } else {
        const error = this.httpError(response, paths[i]);
        result.code = error.code;
        if (error.requiredScope) result.requiredScope = error.requiredScope;
      }
      return result;
    });
  }

  private finishRows(rows: Row[], limit: number, moreExist: boolean, startCount: number): RowsResult {
    const truncated = moreExist || rows.length > limit;
    if (rows.length > limit) rows.length = limit;
    return { rows, requests: this.requestCount - startCount, truncated };
  }

  private context(path: string): ErrorContext {
    return { path, secret: this.apiKey };
  }

  private request(path: string, query: Query | undefined, isPublic: boolean | undefined): HttpRequest {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (!isPublic) {
      if (!this.apiKey) throw noKeyError();
      headers.Authorization = `Bearer ${this.apiKey}`;
    }
    return { url: buildUrl(this.baseUrl, path, query), method: 'get', headers };
  }

  private httpError(response: HttpResponse, path: string): CliqtelError {
    return mapHttpError(response, this.context(path), this.transport.now());
  }

  private parseJson(response: HttpResponse, path: string): unknown {
    if (!isOk(response.status)) throw this.httpError(response, path);
    try {
      return JSON.parse(response.body);
    } catch {
      throw badResponseError(response.status, response.body, this.context(path));
    }
  }

  /**
   * Sends requests (one fetch, or one fetchAll for several), retrying only those that failed with 429, 5xx or a
   * transport error, up to `retries` times. Never sleeps past the deadline: when the next wait would cross it, the
   * last responses are returned as they are and the caller maps them (a 429 becomes the rate-limit message).
   */
  private send(requests: HttpRequest[], retries: number, forceFetchAll = false): HttpResponse[] {
    const results: HttpResponse[] = new Array(requests.length);
    let pending = requests.map((_, i) => i);
    for (let attempt = 0; ; attempt++) {
      let responses: HttpResponse[];
      this.pacer.pace(pending.map((i) => requests[i].url));
      try {
        this.requestCount += pending.length;
        responses =
          pending.length === 1 && !forceFetchAll
            ? [this.transport.fetch(requests[pending[0]])]
            : this.transport.fetchAll(pending.map((i) => requests[i]));
      } catch (cause) {
        // fetchAll fails as a whole, so the whole pending set is retried.
        const wait = BACKOFF_BASE_MS * 2 ** attempt;
        if (attempt >= retries || this.transport.now() + wait > this.deadline) {
          throw transportError(cause, { secret: this.apiKey });
        }
        this.transport.sleep(wait);
        continue;
      }
      const failed: number[] = [];
      let wait = 0;
      for (let k = 0; k < pending.length; k++) {
        const response = responses[k];
        results[pending[k]] = response;
        if (!isRetryable(response.status)) continue;
        failed.push(pending[k]);
        wait = Math.max(wait, this.retryWait(response, attempt));
      }
      if (failed.length === 0 || attempt >= retries || this.transport.now() + wait > this.deadline) return results;
      this.transport.sleep(wait);
      pending = failed;
    }
  }

  /** How long to wait before retrying this response; Infinity when it is not worth waiting at all. */
  private retryWait(response: HttpResponse, attempt: number): number {
    if (response.status !== 429) return BACKOFF_BASE_MS * 2 ** attempt;
    const seconds = parseRetryAfter(response, this.transport.now());
    const ms = seconds === undefined ? DEFAULT_RETRY_AFTER_MS : seconds * 1000;
    return ms > MAX_RETRY_AFTER_MS ? Infinity : ms;
  }
}
