// A Cliqtel client for SMS work whose every /v1/sms request (POSTs, 429 resends, GETs, pages) is paced against the
// user's send times of the last minute, as persisted by earlier executions: never more than 60 in any rolling
// minute, however the work is split into cliqtelSmsSend calls (docs/architecture.md#sms-from-a-sheet).
import { CliqtelClient } from '../core/client';
import { findRows, laravelLastPage, parseApiTimestamp } from '../core/shape';
import type { SendWindow, SentMessage } from '../core/sms';
import type { HttpRequest, Transport } from '../core/transport';
import { getBaseUrl } from './config';
import { loadSendWindow, saveSendWindow } from './smsStore';
import { urlFetchTransport } from './transport';

export const SMS_MESSAGES_PATH = '/v1/sms/messages';
export const SMS_NUMBERS_PATH = '/v1/sms/numbers';
/** Reconciliation reads at most this many pages of history (newest first) per call. */
const MAX_HISTORY_PAGES = 20;

export interface SmsSession {
  client: CliqtelClient;
  window: SendWindow;
  transport: Transport;
  /** Saves the send times for the next execution (call in a finally). */
  save(): void;
}

function pacedTransport(inner: Transport, window: SendWindow, isSms: (url: string) => boolean): Transport {
  const pace = (request: HttpRequest) => {
    if (!isSms(request.url)) return;
    const wait = window.waitMs(inner.now());
    if (wait > 0) inner.sleep(wait);
    window.record(inner.now());
  };
  return {
    fetch: (request) => {
      pace(request);
      return inner.fetch(request);
    },
    fetchAll: (requests) => {
      for (const request of requests) pace(request);
      return inner.fetchAll(requests);
    },
    sleep: (ms) => inner.sleep(ms),
    now: () => inner.now(),
  };
}

/** A client for `apiKey` whose retry waits end before `deadline` (ms) and whose /v1/sms requests are paced. */
export function openSmsSession(apiKey: string, deadline: number): SmsSession {
  const inner = urlFetchTransport();
  const window = loadSendWindow();
  const baseUrl = getBaseUrl();
  const prefix = `${baseUrl.replace(/\/+$/, '')}/v1/sms`;
  const transport = pacedTransport(inner, window, (url) => url.startsWith(prefix));
  const client = new CliqtelClient({ baseUrl, apiKey, transport, deadline });
  return { client, window, transport, save: () => saveSendWindow(window, inner.now()) };
}

function toMessage(row: Record<string, unknown>): SentMessage | null {
  const created = typeof row.created_at === 'string' ? parseApiTimestamp(row.created_at) : null;
  if (row.id === undefined || row.id === null || typeof row.to !== 'string' || typeof row.body !== 'string') return null;
  return {
    id: String(row.id),
    rawId: typeof row.id === 'number' ? row.id : String(row.id),
    cost: typeof row.cost === 'number' ? row.cost : undefined,
    from: String(row.from ?? ''),
    to: row.to,
    body: row.body,
    createdAt: created ? created.getTime() : 0,
  };
}

/**
 * Sent messages created at or after `since` (ms), reading the history page by page from the newest and stopping at
 * the first page that reaches back before `since`. The history's order is undocumented: a page that is oldest-first
 * makes the reading go on to the last page (bounded by MAX_HISTORY_PAGES).
 */
export function readRecentMessages(client: CliqtelClient, since: number): SentMessage[] {
  const out: SentMessage[] = [];
  for (let page = 1; page <= MAX_HISTORY_PAGES; page++) {
    const body = client.getJson(SMS_MESSAGES_PATH, { per_page: 100, page });
    const rows = (findRows(body) ?? []).map(toMessage).filter((m): m is SentMessage => m !== null);
    out.push(...rows);
    const lastPage = laravelLastPage(body) ?? 1;
    if (rows.length === 0 || page >= lastPage) break;
    const newestFirst = rows[0].createdAt >= rows[rows.length - 1].createdAt;
    if (newestFirst && rows[rows.length - 1].createdAt < since) break;
  }
  return out.filter((m) => m.createdAt === 0 || m.createdAt >= since);
}
