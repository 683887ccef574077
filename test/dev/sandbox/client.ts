// A tiny HTTP client for the sandbox tests: real requests over loopback with global fetch.

import type { SandboxHandle } from '../../../dev/sandbox/spawn';

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export async function callApi(
  sandbox: SandboxHandle,
  path: string,
  options: { key?: string; method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.key) headers.Authorization = `Bearer ${options.key}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${sandbox.baseUrl}${path}`, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Follows a Laravel-paginated endpoint page by page and returns every row. */
export async function fetchAllPages(
  sandbox: SandboxHandle,
  path: string,
  key: string,
): Promise<{ rows: unknown[]; pages: number; perPage: number }> {
  const rows: unknown[] = [];
  const separator = path.includes('?') ? '&' : '?';
  const first = await callApi(sandbox, `${path}${separator}page=1`, { key });
  if (first.status !== 200) throw new Error(`page 1 → ${first.status} ${first.text}`);
  rows.push(...first.json.data);
  for (let page = 2; page <= first.json.last_page; page++) {
    const next = await callApi(sandbox, `${path}${separator}page=${page}`, { key });
    if (next.status !== 200) throw new Error(`page ${page} → ${next.status} ${next.text}`);
    rows.push(...next.json.data);
  }
  return { rows, pages: first.json.last_page, perPage: first.json.per_page };
}
