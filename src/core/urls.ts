// Where requests go: the Cliqtel base URL (https only, http for loopback hosts) and URLs with their query strings.
import { CliqtelError } from './errors';

export const DEFAULT_BASE_URL = 'https://cliqtel.com/api';

export type QueryValue = string | number | boolean | undefined | null;
export type Query = Record<string, QueryValue>;

/**
 * Checks a base URL (docs/cliqtel-api.md#base-url-and-authentication): https:// required, http:// only for the loopback hosts 127.0.0.1 and localhost.
 * Returns it without trailing slashes; throws a CliqtelError naming the fix otherwise.
 */
export function validateBaseUrl(url: string): string {
  const trimmed = url.trim().replace(/\/+$/, '');
  const m = /^(https?):\/\/([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?(\/[^\s?#]*)?$/i.exec(trimmed);
  const scheme = m?.[1].toLowerCase();
  const host = m?.[2].toLowerCase();
  const ok = !!m && (scheme === 'https' || host === '127.0.0.1' || host === 'localhost');
  if (!ok) {
    throw new CliqtelError(
      `The Cliqtel server address ${JSON.stringify(url)} is not allowed: it must be an https:// address such as ` +
        `${DEFAULT_BASE_URL} (http:// only for 127.0.0.1 or localhost). Fix or delete the Script Property CLIQTEL_BASE_URL.`,
      { status: 0, code: 'bad_base_url' },
    );
  }
  return trimmed;
}

/** Path plus URL-encoded query; undefined, null and empty values are left out (the API then uses its defaults). */
export function buildUrl(baseUrl: string, path: string, query?: Query): string {
  const parts: string[] = [];
  if (query) {
    for (const key of Object.keys(query)) {
      const value = query[key];
      if (value === undefined || value === null || value === '') continue;
      parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
    }
  }
  const url = baseUrl + (path.startsWith('/') ? path : `/${path}`);
  if (parts.length === 0) return url;
  return url + (url.includes('?') ? '&' : '?') + parts.join('&');
}
