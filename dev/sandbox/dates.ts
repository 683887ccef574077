// UTC calendar helpers for the sandbox (every date the API speaks is a UTC calendar day).

const DAY_MS = 86_400_000;

/** Parses a strict YYYY-MM-DD into the epoch ms of its UTC midnight, or null when it is not a real date. */
export function parseIsoDay(text: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return ms;
}

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Cliqtel's CDR timestamp style: `2026-06-01T09:14:22+00:00`. */
export function isoOffset(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}

/** Laravel's default JSON date cast: `2026-06-01T09:14:22.000000Z`. */
export function isoLaravel(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}.000000Z`;
}

export function addDays(dayMs: number, days: number): number {
  return dayMs + days * DAY_MS;
}

/** Adds calendar months, clamping the day (31 Mar − 1 month → 28/29 Feb). */
export function addMonths(dayMs: number, months: number): number {
  const date = new Date(dayMs);
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(date.getUTCDate(), lastDay));
}

export function startOfMonth(dayMs: number): number {
  const date = new Date(dayMs);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

export function endOfMonth(dayMs: number): number {
  const date = new Date(dayMs);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0);
}

export { DAY_MS };
