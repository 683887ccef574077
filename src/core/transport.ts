// The HTTP transport the Cliqtel client runs on: synchronous, because Apps Script's UrlFetchApp is.
// src/gas/transport.ts implements it over UrlFetchApp; unit tests use a fake.

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface HttpRequest {
  url: string;
  method?: HttpMethod;
  /** Header names as sent. */
  headers?: Record<string, string>;
  /** Request body (already serialised, e.g. JSON text). */
  payload?: string;
  contentType?: string;
}

export interface HttpResponse {
  status: number;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: string;
}

export interface Transport {
  /** One request. Throws only on a transport failure (DNS, refused connection, timeout); any HTTP status is returned. */
  fetch(request: HttpRequest): HttpResponse;
  /** Several requests sent concurrently (UrlFetchApp.fetchAll); responses in request order. Throws if any fails at transport level. */
  fetchAll(requests: HttpRequest[]): HttpResponse[];
  /** Blocks for ms milliseconds (Utilities.sleep). */
  sleep(ms: number): void;
  /** Current time in ms since the epoch (used for time budgets). */
  now(): number;
}
