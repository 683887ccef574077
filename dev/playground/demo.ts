// The first-run demo spreadsheet: a "Start here" sheet with a short how-to and example CLIQTEL_ formulas.
import type { Emulator } from '../emulator/index';
import { typeIntoCell } from './workbook';

export const DEMO_SHEET = 'Start here';

function ymd(year: number, monthIndex: number, day: number): string {
  const d = new Date(Date.UTC(year, monthIndex, day));
  return d.toISOString().slice(0, 10);
}

/** The last complete month before `today` (YYYY-MM-DD), so the examples show a full month of calls. */
export function lastFullMonth(today: string): { from: string; to: string } {
  const [year, month] = today.split('-').map(Number);
  return { from: ymd(year, month - 2, 1), to: ymd(year, month - 1, 0) };
}

/**
 * Turns the emulator's blank spreadsheet into the demo: how-to lines, a date window in B6:B7 and formulas that
 * read it. Formulas are entered as a user would type them (so they evaluate in custom-function mode); with no
 * key saved they show the add-on's "no key" error, except the public number search.
 */
export function createDemoSpreadsheet(emu: Emulator, options: { today: string; keyHint: string }): void {
  const ss = emu.activeSpreadsheet;
  ss.name = 'Cliqtel playground';
  const sheet = ss.sheets[0];
  sheet.name = DEMO_SHEET;
  const { from, to } = lastFullMonth(options.today);
  const entries: [string, string, boolean?][] = [
    ['A1', 'Cliqtel for Google Sheets — playground (the real add-on on a local sandbox API)', true],
    ['A2', `1. Save an API key: ${options.keyHint}`],
    ['A3', '2. The formulas below then show live data. Change the dates in B6:B7 and the formulas that use them recalculate.'],
    ['A4', '3. Try Extensions › Cliqtel › Export calls to a sheet…, or type any =CLIQTEL_… formula into a cell.'],
    ['A6', 'From', true],
    ['B6', from],
    ['A7', 'To', true],
    ['B7', to],
    ['A9', 'Wallet balance', true],
    ['B9', '=CLIQTEL_BALANCE()'],
    ['C9', '=CLIQTEL_BALANCE("currency")'],
    ['A11', 'Usage summary for B6:B7', true],
    ['A12', '=CLIQTEL_USAGE(B6,B7)'],
    ['A15', 'Calls by destination', true],
    ['A16', '=CLIQTEL_USAGE_BY("destination",B6,B7)'],
    ['H15', 'UK local numbers for sale (no key needed)', true],
    ['H16', '=CLIQTEL_SEARCH_NUMBERS("GB","local")'],
  ];
  // Fill every label and input first, then the formulas, so each formula finds its inputs in place.
  const ordered = [...entries.filter(([, v]) => !v.startsWith('=')), ...entries.filter(([, v]) => v.startsWith('='))];
  for (const [a1, value, bold] of ordered) {
    const match = /^([A-Z]+)(\d+)$/.exec(a1) as RegExpExecArray;
    const col = match[1].charCodeAt(0) - 64;
    const row = Number(match[2]);
    typeIntoCell(emu, sheet.name, row, col, value);
    if (bold) sheet.ensureCell(row, col).fontWeight = 'bold';
  }
  sheet.columnWidths.set(1, 150);
  sheet.columnWidths.set(8, 130);
  addSmsDemoSheet(emu);
}

export const SMS_DEMO_SHEET = 'SMS demo';

/**
 * A small list to try "Send SMS" on: names, E.164 numbers (the sandbox accepts them; it answers 422 for a number it
 * cannot reach, as Cliqtel would) and an appointment date a template can use: Hi {{Name}}, see you {{Appointment}}.
 */
function addSmsDemoSheet(emu: Emulator): void {
  const sheet = emu.activeSpreadsheet.addSheet(SMS_DEMO_SHEET);
  const rows = [
    ['Name', 'Phone', 'Appointment'],
    ['Ada', '+4915112345678', '2026-07-01'],
    ['Grace', '+447700900456', '2026-07-02'],
    ['Linus', '+31612345678', '2026-07-03'],
  ];
  // Phone numbers are text in a plain-text column, as a user would keep them (a typed +49… would become a number).
  for (let r = 2; r <= rows.length; r++) sheet.ensureCell(r, 2).format = '@';
  for (const [r, row] of rows.entries()) {
    for (const [c, value] of row.entries()) typeIntoCell(emu, SMS_DEMO_SHEET, r + 1, c + 1, value);
  }
  for (let c = 1; c <= 3; c++) sheet.ensureCell(1, c).fontWeight = 'bold';
  sheet.columnWidths.set(2, 130);
}
