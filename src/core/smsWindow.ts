// SMS pacing across executions: a job's send times of the last minute, persisted between cliqtelSmsSend calls, kept
// under Cliqtel's messaging rate limit (docs/cliqtel-api.md#rate-limits). docs/architecture.md#sms-from-a-sheet

/**
 * Cliqtel allows 60 messaging requests a minute (docs/cliqtel-api.md#rate-limits); a job keeps to 59 across its
 * executions, leaving one a minute for the rest of the add-on (the key check's probe of /v1/sms, an SMS report).
 */
export const SMS_REQUESTS_PER_MINUTE = 59;
const WINDOW_MS = 60_000;
/** Kept between a request and the one 60 places later beyond the minute: send times are taken before the request
 * leaves, and its travel time varies. */
const WINDOW_MARGIN_MS = 1_000;
/** Requests a job may send at once before spacing the rest (small jobs finish at once). */
const BURST = 30;
const SPACING_MS = Math.ceil((WINDOW_MS + WINDOW_MARGIN_MS) / SMS_REQUESTS_PER_MINUTE);

export class SendWindow {
  private readonly times: number[];

  constructor(times: readonly number[] = []) {
    this.times = times.filter((t) => Number.isFinite(t)).sort((a, b) => a - b);
  }

  /**
   * How long to wait at `now` before one more request: every rolling minute keeps to SMS_REQUESTS_PER_MINUTE, and
   * once a minute holds BURST requests the rest are spaced evenly (a long job then sends one a second instead of a
   * burst a minute, and its progress moves smoothly).
   */
  waitMs(now: number): number {
    this.prune(now);
    const n = this.times.length;
    let wait = 0;
    if (n >= SMS_REQUESTS_PER_MINUTE) wait = this.times[n - SMS_REQUESTS_PER_MINUTE] + WINDOW_MS + WINDOW_MARGIN_MS - now;
    if (this.inLastMinute(now) >= BURST) wait = Math.max(wait, this.times[n - 1] + SPACING_MS - now);
    return Math.max(0, wait);
  }

  record(at: number): void {
    this.times.push(at);
  }

  /** Requests in the minute ending at `now`. */
  inLastMinute(now: number): number {
    return this.times.filter((t) => t > now - WINDOW_MS && t <= now).length;
  }

  private prune(now: number): void {
    while (this.times.length && this.times[0] <= now - WINDOW_MS - WINDOW_MARGIN_MS) this.times.shift();
  }

  serialize(now: number): string {
    this.prune(now);
    const recent = this.times.slice(-SMS_REQUESTS_PER_MINUTE);
    return recent.map((t) => t.toString(36)).join(',');
  }

  static parse(text: string | null | undefined): SendWindow {
    if (!text) return new SendWindow();
    return new SendWindow(text.split(',').map((t) => Number.parseInt(t, 36)));
  }
}
