// Messaging pacing: Cliqtel allows 60 requests a minute on its messaging endpoints (docs/cliqtel-api.md#rate-limits);
// a client never sends more in any rolling 60 s, waiting when that fits in its time budget.
import { CliqtelError } from './errors';
import type { Transport } from './transport';

/** Messaging endpoints allow 60 requests/minute (docs/cliqtel-api.md#rate-limits): this client never sends more in any 60 s. */
export const MESSAGING_REQUESTS_PER_MINUTE = 60;
const MESSAGING_WINDOW_MS = 60_000;
export const MESSAGING_PATHS = ['/v1/sms', '/v1/whatsapp'];

export class MessagingPacer {
  /** Send times of messaging requests in the last minute. */
  private readonly sent: number[] = [];

  constructor(
    private readonly transport: Transport,
    private readonly baseUrl: string,
    private readonly deadline: number,
  ) {}

  /**
   * Keeps messaging requests under 60 per rolling minute: waits for the window to free up when that fits in the
   * time budget, otherwise stops with the rate-limit message instead of hammering the API into 429s.
   */
  pace(urls: string[]): void {
    const prefixes = MESSAGING_PATHS.map((p) => this.baseUrl + p);
    const count = urls.filter((url) => prefixes.some((p) => url.startsWith(p))).length;
    if (count === 0) return;
    const sent = this.sent;
    for (;;) {
      const now = this.transport.now();
      while (sent.length && sent[0] <= now - MESSAGING_WINDOW_MS) sent.shift();
      if (sent.length + count <= MESSAGING_REQUESTS_PER_MINUTE) break;
      const wait = sent[0] + MESSAGING_WINDOW_MS - now;
      if (now + wait > this.deadline) {
        throw new CliqtelError(
          `Cliqtel allows ${MESSAGING_REQUESTS_PER_MINUTE} SMS/WhatsApp requests per minute and this needs more than fit ` +
            'in the time available. Use a shorter date range, or try again in a minute.',
          { status: 429, code: 'rate_limited' },
        );
      }
      this.transport.sleep(wait);
    }
    const at = this.transport.now();
    for (let i = 0; i < count; i++) sent.push(at);
  }
}
