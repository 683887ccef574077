// Time-zone arithmetic for the emulator: wall-clock parts of an instant in a zone, and Sheets date serial numbers.

export interface WallTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  weekday: number; // 0 = Sunday
}

export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
export const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const formatterCache = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatterCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatterCache.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time an instant shows in a zone. */
export function wallTimeOf(epochMs: number, timeZone: string): WallTime {
  const parts = formatterFor(timeZone).formatToParts(new Date(epochMs));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '0';
  const ms = ((epochMs % 1000) + 1000) % 1000;
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')) % 24,
    minute: Number(get('minute')),
    second: Number(get('second')),
    millisecond: ms,
    weekday: WEEKDAYS.indexOf(get('weekday')),
  };
}

/** Offset of the zone from UTC at that instant, in minutes (east positive). */
export function zoneOffsetMinutes(epochMs: number, timeZone: string): number {
  const w = wallTimeOf(epochMs, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);
  return Math.round((asUtc - epochMs) / 60000);
}

/** The instant at which the zone's clock shows the given wall time (first match across DST folds). */
export function instantOfWallTime(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  millisecond = 0,
): number {
  const naive = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  let guess = naive - zoneOffsetMinutes(naive, timeZone) * 60000;
  // Two refinements settle DST transitions.
  for (let i = 0; i < 2; i++) guess = naive - zoneOffsetMinutes(guess, timeZone) * 60000;
  return guess;
}

// Sheets stores dates as days since 1899-12-30 of the spreadsheet's wall-clock time.
const SERIAL_EPOCH_UTC = Date.UTC(1899, 11, 30);
const DAY_MS = 86400000;

export function serialFromWallParts(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  return (Date.UTC(y, mo - 1, d, h, mi, s, ms) - SERIAL_EPOCH_UTC) / DAY_MS;
}

/**
 * Zone offsets (minutes) per 15-minute slot, used when the offset is the same at both ends of the slot (every real
 * zone changes offset on a quarter hour). Saves an Intl call per Date cell written: emulator cost, not Apps Script's.
 */
const slotOffsets = new Map<string, Map<number, number>>();
const SLOT_MS = 15 * 60000;

function offsetForSlot(epochMs: number, timeZone: string): number | undefined {
  let zone = slotOffsets.get(timeZone);
  if (!zone) {
    zone = new Map();
    slotOffsets.set(timeZone, zone);
  }
  const slot = Math.floor(epochMs / SLOT_MS);
  let offset = zone.get(slot);
  if (offset === undefined) {
    const start = zoneOffsetMinutes(slot * SLOT_MS, timeZone);
    const end = zoneOffsetMinutes(slot * SLOT_MS + SLOT_MS - 1, timeZone);
    offset = start === end ? start : Number.NaN;
    zone.set(slot, offset);
  }
  return Number.isNaN(offset) ? undefined : offset;
}

export function serialFromInstant(epochMs: number, timeZone: string): number {
  const offset = offsetForSlot(epochMs, timeZone);
  if (offset !== undefined && Number.isInteger(epochMs)) return (epochMs + offset * 60000 - SERIAL_EPOCH_UTC) / DAY_MS;
  const w = wallTimeOf(epochMs, timeZone);
  return serialFromWallParts(w.year, w.month, w.day, w.hour, w.minute, w.second, w.millisecond);
}

/** Wall-clock parts a serial number denotes (zone-free). */
export function wallPartsOfSerial(serial: number): WallTime {
  const ms = Math.round(serial * DAY_MS) + SERIAL_EPOCH_UTC;
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
    weekday: d.getUTCDay(),
  };
}

export function instantFromSerial(serial: number, timeZone: string): number {
  const w = wallPartsOfSerial(serial);
  return instantOfWallTime(timeZone, w.year, w.month, w.day, w.hour, w.minute, w.second, w.millisecond);
}

export function isValidCalendarDate(y: number, mo: number, d: number): boolean {
  if (mo < 1 || mo > 12 || d < 1) return false;
  const dim = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= dim;
}
