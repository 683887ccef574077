// The core Transport over Apps Script's UrlFetchApp (muteHttpExceptions so every status reaches the client).
import type { HttpRequest, HttpResponse, Transport } from '../core/transport';

function toParams(req: HttpRequest): GoogleAppsScript.URL_Fetch.URLFetchRequestOptions {
  const params: GoogleAppsScript.URL_Fetch.URLFetchRequestOptions = {
    method: req.method ?? 'get',
    headers: req.headers,
    muteHttpExceptions: true,
    followRedirects: true,
  };
  if (req.payload !== undefined) params.payload = req.payload;
  if (req.contentType !== undefined) params.contentType = req.contentType;
  return params;
}

function toResponse(res: GoogleAppsScript.URL_Fetch.HTTPResponse): HttpResponse {
  const headers: Record<string, string> = {};
  const raw = res.getHeaders() as Record<string, unknown>;
  for (const name of Object.keys(raw)) headers[name.toLowerCase()] = String(raw[name]);
  return { status: res.getResponseCode(), headers, body: res.getContentText() };
}

export function urlFetchTransport(): Transport {
  return {
    fetch: (req) => toResponse(UrlFetchApp.fetch(req.url, toParams(req))),
    fetchAll: (reqs) => UrlFetchApp.fetchAll(reqs.map((req) => ({ url: req.url, ...toParams(req) }))).map(toResponse),
    sleep: (ms) => Utilities.sleep(ms),
    now: () => Date.now(),
  };
}
