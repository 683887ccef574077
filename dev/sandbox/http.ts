// Request/response helpers shared by the sandbox routes: error envelopes, query validation, Laravel pagination.

import type { Request } from 'express';
import { endOfMonth, isoDay, parseIsoDay, startOfMonth } from './dates';
import type { SandboxState } from './state';

/** Thrown by handlers; the error middleware turns it into the JSON response. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body.message ?? `HTTP ${status}`));
  }
}

export function notFound(message = 'Not Found.'): ApiError {
  return new ApiError(404, { error: 'not_found', message });
}

/** Laravel's validation envelope: `{message, errors}`; the message is the first error plus a count of the rest. */
export function validationError(errors: Record<string, string[]>): ApiError {
  const all = Object.values(errors).flat();
  const rest = all.length - 1;
  const message = rest > 0 ? `${all[0]} (and ${rest} more error${rest > 1 ? 's' : ''})` : all[0];
  return new ApiError(422, { message, errors });
}

/** Collects per-field errors, then throws them all at once like a Laravel FormRequest. */
export class Validator {
  private readonly errors: Record<string, string[]> = {};
  add(field: string, message: string): void {
    if (!this.errors[field]) this.errors[field] = [];
    this.errors[field].push(message);
  }
  has(field: string): boolean {
    return field in this.errors;
  }
  throwIfAny(): void {
    if (Object.keys(this.errors).length > 0) throw validationError(this.errors);
  }
}

/** A single query value: repeated parameters and nested objects count as invalid. Strings are trimmed (Laravel's TrimStrings). */
export function queryString(req: Request, name: string): string | undefined | null {
  const value = (req.query as Record<string, unknown>)[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed; // ConvertEmptyStringsToNull
}

export interface DayWindow {
  from: string;
  to: string;
}

/**
 * Validates `from`/`to` (YYYY-MM-DD, from ≤ to). With neither given the window is the current month
 * (or everything when `defaultAll`); with only `from`, it runs to today; with only `to`, from the first of to's month.
 */
export function parseWindow(req: Request, state: SandboxState, options: { defaultAll?: boolean } = {}): DayWindow | null {
  const validator = new Validator();
  const parsed: Record<'from' | 'to', number | undefined> = { from: undefined, to: undefined };
  for (const field of ['from', 'to'] as const) {
    const raw = queryString(req, field);
    if (raw === undefined) continue;
    if (raw === null) {
      validator.add(field, `The ${field} field must be a string.`);
      continue;
    }
    const ms = parseIsoDay(raw);
    if (ms === null) {
      if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) validator.add(field, `The ${field} field must be a valid date.`);
      else validator.add(field, `The ${field} field must match the format Y-m-d.`);
      continue;
    }
    parsed[field] = ms;
  }
  if (parsed.from !== undefined && parsed.to !== undefined && parsed.from > parsed.to) {
    validator.add('from', 'The from field must be a date before or equal to to.');
  }
  validator.throwIfAny();
  const today = state.todayMs();
  if (parsed.from === undefined && parsed.to === undefined) {
    if (options.defaultAll) return null;
    return { from: isoDay(startOfMonth(today)), to: isoDay(endOfMonth(today)) };
  }
  const from = parsed.from ?? startOfMonth(parsed.to as number);
  const to = parsed.to ?? Math.max(today, from);
  return { from: isoDay(from), to: isoDay(to) };
}

export function inWindow(timestamp: string, window: DayWindow | null): boolean {
  if (!window) return true;
  const day = String(timestamp).slice(0, 10);
  return day >= window.from && day <= window.to;
}

export interface LaravelPage<T> {
  current_page: number;
  data: T[];
  first_page_url: string;
  from: number | null;
  last_page: number;
  last_page_url: string;
  links: { url: string | null; label: string; active: boolean }[];
  next_page_url: string | null;
  path: string;
  per_page: number;
  prev_page_url: string | null;
  to: number | null;
  total: number;
}

/** The request's absolute URL without query string, as Laravel's paginator `path`. */
function requestPath(req: Request): string {
  return `${req.protocol}://${req.get('host')}${req.originalUrl.split('?')[0]}`;
}

/** Laravel's LengthAwarePaginator with `withQueryString()`: per_page capped, pages beyond the last are empty. */
export function paginate<T>(req: Request, state: SandboxState, items: readonly T[]): LaravelPage<T> {
  const validator = new Validator();
  let perPage = 15;
  const rawPerPage = queryString(req, 'per_page');
  if (rawPerPage !== undefined) {
    if (rawPerPage === null || !/^\d+$/.test(rawPerPage)) validator.add('per_page', 'The per page field must be an integer.');
    else if (Number(rawPerPage) < 1) validator.add('per_page', 'The per page field must be at least 1.');
    else perPage = Number(rawPerPage);
  }
  validator.throwIfAny();
  perPage = Math.min(perPage, state.config.perPageCap);
  // Laravel falls back to page 1 for anything that is not a positive integer.
  const rawPage = queryString(req, 'page');
  const page = rawPage && /^\d+$/.test(rawPage) && Number(rawPage) >= 1 ? Number(rawPage) : 1;

  const total = items.length;
  const lastPage = Math.max(1, Math.ceil(total / perPage));
  const offset = (page - 1) * perPage;
  const data = items.slice(offset, offset + perPage);
  const path = requestPath(req);
  const otherParams = Object.entries(req.query as Record<string, unknown>).filter(
    ([key, value]) => key !== 'page' && typeof value === 'string',
  ) as [string, string][];
  const pageUrl = (n: number): string => {
    const params = new URLSearchParams(otherParams);
    params.set('page', String(n));
    return `${path}?${params.toString()}`;
  };
  return {
    current_page: page,
    data,
    first_page_url: pageUrl(1),
    from: data.length > 0 ? offset + 1 : null,
    last_page: lastPage,
    last_page_url: pageUrl(lastPage),
    links: paginationLinks(page, lastPage, pageUrl),
    next_page_url: page < lastPage ? pageUrl(page + 1) : null,
    path,
    per_page: perPage,
    prev_page_url: page > 1 ? pageUrl(page - 1) : null,
    to: data.length > 0 ? offset + data.length : null,
    total,
  };
}

/** Laravel's UrlWindow (3 pages each side of the current one, "..." gaps). */
function paginationLinks(page: number, lastPage: number, pageUrl: (n: number) => string): LaravelPage<unknown>['links'] {
  const links: LaravelPage<unknown>['links'] = [
    { url: page > 1 ? pageUrl(page - 1) : null, label: '&laquo; Previous', active: false },
  ];
  const pageLink = (n: number) => links.push({ url: pageUrl(n), label: String(n), active: n === page });
  const gap = () => links.push({ url: null, label: '...', active: false });
  if (lastPage < 13) {
    for (let n = 1; n <= lastPage; n++) pageLink(n);
  } else if (page <= 6) {
    for (let n = 1; n <= 8; n++) pageLink(n);
    gap();
    pageLink(lastPage - 1);
    pageLink(lastPage);
  } else if (page > lastPage - 6) {
    pageLink(1);
    pageLink(2);
    gap();
    for (let n = lastPage - 7; n <= lastPage; n++) pageLink(n);
  } else {
    pageLink(1);
    pageLink(2);
    gap();
    for (let n = page - 3; n <= page + 3; n++) pageLink(n);
    gap();
    pageLink(lastPage - 1);
    pageLink(lastPage);
  }
  links.push({ url: page < lastPage ? pageUrl(page + 1) : null, label: 'Next &raquo;', active: false });
  return links;
}

export const E164 = /^\+[1-9]\d{6,14}$/;

/** JSON body field as a string, or undefined when absent/not a string. */
export function bodyField(req: Request, name: string): unknown {
  const body = req.body as Record<string, unknown> | undefined;
  return body && typeof body === 'object' ? body[name] : undefined;
}
