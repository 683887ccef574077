// Calendar-date arithmetic on YYYY-MM-DD strings: strict parsing and rolling report windows. No time zones here:
// the caller supplies "today" already computed in the spreadsheet's time zone.

import type { RollingWindow } from './catalog';

export interface Ymd {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
}

export interface DateRange {
  from: string;
  to: string;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Strict YYYY-MM-DD: exactly that shape and a real calendar date (2026-02-30 and 2026-13-01 are rejected). */
export function parseYmd(s: string): Ymd | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function formatYmd(d: Ymd): string {
  return `${pad(d.year, 4)}-${pad(d.month, 2)}-${pad(d.day, 2)}`;
}

function requireYmd(s: string): Ymd {
  const d = parseYmd(s);
  if (!d) throw new RangeError(`Not a YYYY-MM-DD date: ${JSON.stringify(s)}`);
  return d;
}

/** Adds (or subtracts) whole days; UTC arithmetic only, so no daylight-saving shifts can creep in. */
export function addDays(ymd: string, days: number): string {
  const d = requireYmd(ymd);
  const t = new Date(0);
  t.setUTCFullYear(d.year, d.month - 1, d.day + days); // unlike Date.UTC, keeps years 0..99 as they are
  return formatYmd({ year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() });
}

/** The whole calendar month containing `todayYmd` (1st to last day): what an empty from/to means. */
export function currentMonth(todayYmd: string): DateRange {
  const d = requireYmd(todayYmd);
  return {
    from: formatYmd({ year: d.year, month: d.month, day: 1 }),
    to: formatYmd({ year: d.year, month: d.month, day: daysInMonth(d.year, d.month) }),
  };
}

/** The dates a rolling window covers on `todayYmd`, both ends inclusive. */
export function resolveWindow(window: RollingWindow, todayYmd: string): DateRange {
  const d = requireYmd(todayYmd);
  switch (window) {
    case 'this_month':
      return { from: formatYmd({ year: d.year, month: d.month, day: 1 }), to: todayYmd };
    case 'last_month': {
      const year = d.month === 1 ? d.year - 1 : d.year;
      const month = d.month === 1 ? 12 : d.month - 1;
      return {
        from: formatYmd({ year, month, day: 1 }),
        to: formatYmd({ year, month, day: daysInMonth(year, month) }),
      };
    }
    case 'last_7_days':
      return { from: addDays(todayYmd, -6), to: todayYmd };
    case 'last_30_days':
      return { from: addDays(todayYmd, -29), to: todayYmd };
    default:
      throw new RangeError(`Unknown window: ${String(window)}`);
  }
}
