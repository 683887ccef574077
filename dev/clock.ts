// The dev tools' one rule for "now" (the sandbox API process and the Apps Script emulator each call startClock once):
// real time, or a pinned start instant that then advances in real time. See dev/sandbox/README.md.

/**
 * The instant the test harnesses pin both clocks to (test/helpers/harness.ts, dev/bridge/local.ts, the playground
 * tests): mid-month and midday UTC, so it is the same calendar day from Los Angeles to Tokyo.
 */
export const TEST_NOW = '2026-06-15T12:00:00.000Z';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** Epoch ms of an ISO 8601 instant with a zone (`2026-06-15T12:00:00Z`, `…+02:00`); throws on anything else. */
export function parseInstant(text: string, name = 'now'): number {
  const ms = ISO_INSTANT.test(text) ? Date.parse(text) : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new Error(`${name} must be an ISO instant with a zone such as 2026-06-15T12:00:00Z, got "${text}"`);
  }
  return ms;
}

/** A clock: `now` pins its start (it then runs on in real time); without it, the real time. */
export function startClock(now?: string, name = 'now'): () => number {
  if (now === undefined || now === '') return () => Date.now();
  const startMs = parseInstant(now, name);
  const realStart = Date.now();
  return () => startMs + (Date.now() - realStart);
}
