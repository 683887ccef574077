// UrlFetchApp: synchronous real HTTP through the worker, with the manifest allowlist and Apps Script's error rules.
import { type Invocation, withNotImplemented } from '../invocation';
import type { WireRequest, WireResponse } from '../syncHttp';
import { blobApi, fromByteInput, toSignedBytes } from './misc';

// https://developers.google.com/apps-script/guides/services/quotas — URL Fetch URL length 2 KB / call.
const MAX_URL_LENGTH = 2 * 1024;
const METHODS = new Set(['get', 'delete', 'patch', 'post', 'put']);
const USER_AGENT = 'Mozilla/5.0 (compatible; Google-Apps-Script; beanserver; +https://script.google.com; id: emulator)';

interface FetchParams {
  method?: string;
  headers?: Record<string, unknown>;
  payload?: unknown;
  contentType?: string;
  muteHttpExceptions?: boolean;
  followRedirects?: boolean;
  validateHttpsCertificates?: boolean;
  escaping?: boolean;
}

/**
 * Allowlist matching (https://developers.google.com/apps-script/manifest/allowlist-url): the URL must equal the
 * prefix or continue it at a path boundary ('/', '?', '#'); '*.' in the host matches subdomains.
 */
export function isAllowlisted(url: string, prefixes: string[]): boolean {
  return prefixes.some((prefix) => {
    if (prefix.includes('://*.')) {
      const [scheme, rest] = prefix.split('://*.');
      const m = /^([a-z]+):\/\/([^/]+)(.*)$/i.exec(url);
      if (!m || `${m[1]}` !== scheme) return false;
      const [domain, ...pathParts] = rest.split('/');
      const path = `/${pathParts.join('/')}`;
      if (!m[2].endsWith(`.${domain}`)) return false;
      return matchesPrefix(m[3] || '/', path);
    }
    return matchesPrefix(url, prefix);
  });
}

function matchesPrefix(url: string, prefix: string): boolean {
  if (!url.startsWith(prefix)) return false;
  if (url.length === prefix.length || prefix.endsWith('/')) return true;
  return '/?#'.includes(url[prefix.length]);
}

function formEncode(obj: Record<string, unknown>): string {
  return Object.entries(obj)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
}

function buildRequest(inv: Invocation, url: unknown, params: FetchParams = {}): { wire: WireRequest; mute: boolean } {
  const href = String(url);
  if (!/^https?:\/\//i.test(href)) throw inv.exception(`Invalid argument: ${href}`);
  if (href.length > MAX_URL_LENGTH) throw inv.exception('Limit Exceeded: URLFetch URL Length.');
  const whitelist = inv.state.urlFetchWhitelist;
  if (whitelist && !isAllowlisted(href, whitelist)) {
    throw inv.exception(`Request to ${href} failed because the URL has not been whitelisted in the script manifest.`);
  }
  const method = String(params.method ?? 'get').toLowerCase();
  if (!METHODS.has(method)) throw inv.exception(`Invalid argument: method`);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(params.headers ?? {})) headers[k] = String(v);
  if (!Object.keys(headers).some((k) => k.toLowerCase() === 'user-agent')) headers['User-Agent'] = USER_AGENT;
  let body: Uint8Array | undefined;
  const payload = params.payload;
  if (payload !== undefined && payload !== null && method !== 'get') {
    let contentType = params.contentType;
    let data: Buffer;
    if (typeof payload === 'string') data = Buffer.from(payload, 'utf8');
    else if (Array.isArray(payload)) data = fromByteInput(payload);
    else if (typeof payload === 'object' && 'getBytes' in payload) {
      data = fromByteInput(payload);
      contentType ??= (payload as unknown as { getContentType(): string | null }).getContentType() ?? undefined;
    } else data = Buffer.from(formEncode(payload as Record<string, unknown>), 'utf8');
    contentType ??= 'application/x-www-form-urlencoded';
    if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['Content-Type'] = contentType;
    body = new Uint8Array(data.byteLength);
    body.set(data);
  } else if (params.contentType && method !== 'get' && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) {
    headers['Content-Type'] = params.contentType;
  }
  return {
    wire: { url: href, method: method.toUpperCase(), headers, body, followRedirects: params.followRedirects !== false },
    mute: params.muteHttpExceptions === true,
  };
}

function transportError(inv: Invocation, url: string, error: { code: string; message: string }): Error {
  switch (error.code) {
    case 'ECONNREFUSED':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ECONNRESET':
      return inv.exception(`Address unavailable: ${url}`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return inv.exception(`DNS error: ${url}`);
    case 'ETIMEDOUT':
      return inv.remainingMs() <= 0 ? inv.exception('Exceeded maximum execution time') : inv.exception(`Timeout: ${url}`);
    case 'ETOOLARGE':
      return inv.exception(`Exceeded maximum response size for UrlFetch: ${url}`);
    default:
      return inv.exception(`Unexpected error: ${url}`);
  }
}

function responseApi(inv: Invocation, url: string, res: Extract<WireResponse, { status: number }>): object {
  const body = Buffer.from(res.body.buffer, res.body.byteOffset, res.body.byteLength);
  const headerValue = (name: string) => res.headers.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  const api = {
    getResponseCode: () => res.status,
    getContentText: (charset?: string) => body.toString(charset === 'US_ASCII' ? 'latin1' : 'utf8'),
    getContent: () => inv.out(toSignedBytes(body)),
    getBlob: () => blobApi(inv, Buffer.from(body), headerValue('content-type') ?? null, null),
    getHeaders: () => {
      const out: Record<string, string> = {};
      for (const [k, v] of res.headers) out[k] = out[k] === undefined ? v : `${out[k]}, ${v}`;
      return inv.out(out);
    },
    getAllHeaders: () => {
      const out: Record<string, string | string[]> = {};
      for (const [k, v] of res.headers) {
        const prev = out[k];
        out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
      }
      return inv.out(out);
    },
    toString: () => 'HTTPResponse',
    __url: url,
  };
  return withNotImplemented(api, 'HTTPResponse');
}

function finish(inv: Invocation, req: WireRequest, mute: boolean, res: WireResponse): object {
  if (res.error) throw transportError(inv, req.url, res.error);
  if (res.status >= 400 && !mute) {
    const text = Buffer.from(res.body).toString('utf8');
    const truncated = text.length > 100 ? `${text.slice(0, 100)}...` : text;
    throw inv.exception(
      `Request failed for ${req.url} returned code ${res.status}. Truncated server response: ${truncated} (use muteHttpExceptions option to examine full response)`,
    );
  }
  return responseApi(inv, req.url, res);
}

export function makeUrlFetchApp(inv: Invocation): object {
  const { state } = inv;
  const send = (requests: WireRequest[]): WireResponse[] => {
    const at = state.now();
    for (const r of requests) state.stats.requests.push({ method: r.method, url: r.url, at });
    state.stats.urlFetches += requests.length;
    state.stats.modelledMs += state.fetchLatencyMs;
    inv.extraMs += state.fetchLatencyMs;
    const timeout = Math.max(1, Math.min(state.fetchTimeoutMs, inv.remainingMs()));
    const responses = state.http().requestAll(requests, timeout);
    inv.check();
    return responses;
  };
  const app = {
    fetch(url: string, params?: FetchParams): object {
      inv.requireFull('UrlFetchApp.fetch', true);
      const { wire, mute } = buildRequest(inv, url, params);
      const [res] = send([wire]);
      return finish(inv, wire, mute, res);
    },
    fetchAll(requests: (string | (FetchParams & { url: string }))[]): object[] {
      inv.requireFull('UrlFetchApp.fetchAll', true);
      if (!Array.isArray(requests))
        throw inv.exception("The parameters (String) don't match the method signature for UrlFetchApp.fetchAll.");
      const built = requests.map((r) => (typeof r === 'string' ? buildRequest(inv, r) : buildRequest(inv, r.url, r)));
      state.stats.fetchAllBatches++;
      state.stats.fetchAllRequests += built.length;
      if (built.length === 0) return inv.out([]);
      const responses = send(built.map((b) => b.wire));
      return inv.out(responses.map((res, i) => finish(inv, built[i].wire, built[i].mute, res)));
    },
    getRequest(url: string, params?: FetchParams): object {
      const { wire } = buildRequest(inv, url, params);
      return inv.out({
        url: wire.url,
        method: wire.method.toLowerCase(),
        headers: wire.headers,
        payload: wire.body ? Buffer.from(wire.body).toString('utf8') : '',
        contentType: wire.headers['Content-Type'] ?? null,
        followRedirects: wire.followRedirects,
        muteHttpExceptions: params?.muteHttpExceptions === true,
      });
    },
  };
  return withNotImplemented(app, 'UrlFetchApp');
}
