// A scripted in-memory Transport for core unit tests: records every request, runs a virtual clock for sleep/now,
// and behaves like UrlFetchApp (any status returned, transport failures thrown, fetchAll fails as a whole).

import type { HttpRequest, HttpResponse, Transport } from '../../src/core/transport';

export interface ParsedRequest {
  request: HttpRequest;
  path: string;
  query: Record<string, string>;
  /** Virtual time the request was sent. */
  at: number;
}

/** Returns a response, or an Error to simulate a transport failure (DNS, refused connection, timeout). */
export type Handler = (req: ParsedRequest) => HttpResponse | Error;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

export function text(status: number, body: string, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers, body };
}

export function parseUrl(url: string): { path: string; query: Record<string, string> } {
  const [base, qs = ''] = url.split('?');
  const path = base.replace(/^https?:\/\/[^/]+(\/api)?/, ''); // relative to the base URL, like the API docs
  const query: Record<string, string> = {};
  for (const part of qs.split('&')) {
    if (!part) continue;
    const [k, v = ''] = part.split('=');
    query[decodeURIComponent(k)] = decodeURIComponent(v);
  }
  return { path, query };
}

export class FakeTransport implements Transport {
  readonly requests: ParsedRequest[] = [];
  readonly sleeps: number[] = [];
  /** Size of each fetchAll call, in order; single fetch calls are not listed. */
  readonly fetchAllSizes: number[] = [];
  clock = 1_700_000_000_000;
  /** Virtual time each request takes. */
  latencyMs = 0;

  constructor(private readonly handler: Handler) {}

  fetch(request: HttpRequest): HttpResponse {
    const result = this.answer(request);
    if (result instanceof Error) throw result;
    return result;
  }

  fetchAll(requests: HttpRequest[]): HttpResponse[] {
    this.fetchAllSizes.push(requests.length);
    const results = requests.map((r) => this.answer(r));
    const failure = results.find((r) => r instanceof Error);
    if (failure) throw failure;
    return results as HttpResponse[];
  }

  sleep(ms: number): void {
    if (ms < 0 || !Number.isFinite(ms)) throw new Error(`invalid sleep ${ms}`);
    this.sleeps.push(ms);
    this.clock += ms;
  }

  now(): number {
    return this.clock;
  }

  private answer(request: HttpRequest): HttpResponse | Error {
    const parsed = { request, ...parseUrl(request.url), at: this.clock };
    this.requests.push(parsed);
    this.clock += this.latencyMs;
    return this.handler(parsed);
  }
}

/** A Laravel LengthAwarePaginator page as the framework serialises it, honouring a server cap on per_page. */
export function laravelPage<T>(all: T[], query: Record<string, string>, cap = 50, defaultPerPage = 15): unknown {
  const asked = query.per_page ? Number(query.per_page) : defaultPerPage;
  const perPage = Math.min(asked, cap);
  const page = query.page ? Number(query.page) : 1;
  const lastPage = Math.max(1, Math.ceil(all.length / perPage));
  const data = all.slice((page - 1) * perPage, page * perPage);
  return {
    current_page: page,
    data,
    first_page_url: '/?page=1',
    from: data.length ? (page - 1) * perPage + 1 : null,
    last_page: lastPage,
    last_page_url: `/?page=${lastPage}`,
    links: [],
    next_page_url: page < lastPage ? `/?page=${page + 1}` : null,
    path: '/',
    per_page: perPage,
    prev_page_url: page > 1 ? `/?page=${page - 1}` : null,
    to: data.length ? (page - 1) * perPage + data.length : null,
    total: all.length,
  };
}
