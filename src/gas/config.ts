// Where the add-on talks to (the Cliqtel base URL; the Script Property CLIQTEL_BASE_URL overrides it), the
// spreadsheet's calendar (today, dates at local midnight) and the open spreadsheet.
import { DEFAULT_BASE_URL, validateBaseUrl } from '../core/urls';
import { CliqtelError } from '../core/errors';

export function getBaseUrl(): string {
  const configured = PropertiesService.getScriptProperties().getProperty('CLIQTEL_BASE_URL');
  return validateBaseUrl(configured?.trim() || DEFAULT_BASE_URL);
}

/** Today as YYYY-MM-DD in a time zone (the spreadsheet's, so "this month" matches what the user sees). */
export function todayIn(timeZone: string): string {
  return Utilities.formatDate(new Date(), timeZone, 'yyyy-MM-dd');
}

/** A date cell holds local midnight of the spreadsheet's time zone: format it there, never in UTC. */
export function dateToYmd(date: Date, timeZone: string): string {
  return Utilities.formatDate(date, timeZone, 'yyyy-MM-dd');
}

/** Midnight of a calendar day in a time zone, as a Date (what Sheets stores for a date cell). */
export function ymdToDate(ymd: string, timeZone: string): Date {
  const [y, m, d] = ymd.split('-').map(Number);
  const guess = new Date(Date.UTC(y, m - 1, d));
  // Offset of the zone at that instant, e.g. "-0700" → shift so the wall clock reads 00:00 there.
  const offsetAt = (t: Date) => {
    const z = Utilities.formatDate(t, timeZone, 'Z');
    const sign = z[0] === '-' ? -1 : 1;
    return sign * (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5)));
  };
  let result = new Date(guess.getTime() - offsetAt(guess) * 60000);
  const corrected = offsetAt(result);
  if (corrected !== offsetAt(guess)) result = new Date(guess.getTime() - corrected * 60000);
  return result;
}

/** The spreadsheet the user has open; menu, sidebar and dialog calls have one, a clock trigger or an API call does not. */
export function requireActiveSpreadsheet(): GoogleAppsScript.Spreadsheet.Spreadsheet {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  if (!ss) {
    throw new CliqtelError('This needs an open spreadsheet: run it from Extensions › Cliqtel in Google Sheets.', {
      status: 0,
      code: 'no_spreadsheet',
    });
  }
  return ss;
}
