// Builds a CliqtelClient for the current execution: UrlFetchApp transport, configured base URL, a time budget.
import { CliqtelClient } from '../core/client';
import { getBaseUrl } from './config';
import { urlFetchTransport } from './transport';

/** Custom functions get 30 s from Sheets; keep a margin for shaping and caching the result. */
export const CUSTOM_FUNCTION_BUDGET_MS = 25_000;
/** Menu actions, sidebar calls and triggers get 6 minutes; leave room to write the sheet after fetching. */
export const SERVER_BUDGET_MS = 4 * 60_000;

export function makeClient(apiKey: string | undefined, budgetMs: number): CliqtelClient {
  const transport = urlFetchTransport();
  return new CliqtelClient({ baseUrl: getBaseUrl(), apiKey, transport, deadline: transport.now() + budgetMs });
}
