// A new export/report/table sheet made through the Advanced Sheets service (one batchUpdate) is the same sheet the
// SpreadsheetApp fallback makes — values, what is shown, number formats, bold frozen header, grid size, registry,
// active sheet — in 3 write calls instead of 8; and when the service is off or its API disabled, nothing is lost.
import type { AdvancedSheetsSetting } from '../../dev/emulator';
import { type Harness, lastMonth, startHarness } from '../helpers/harness';

const MODES: AdvancedSheetsSetting[] = ['manifest', 'off', 'apiDisabled', 'lostAnswer'];
const AUTOMATIC = '0.###############';

interface Made {
  writeCalls: number;
  /** Everything a user sees of the sheet except column widths (estimated on one path, measured on the other). */
  look: string;
  widths: number[];
  /** The narrowest width that shows each column's longest display value (the emulator's autoResize model). */
  needed: number[];
  active: string;
  sheetCount: number;
  reports: unknown[];
}

const harnesses = new Map<AdvancedSheetsSetting, Harness>();

beforeAll(async () => {
  for (const mode of MODES) {
    const h = await startHarness({ timeZone: 'Europe/Berlin', advancedSheets: mode });
    expect((h.saveKey(h.sandbox.keys.full) as { ok: boolean }).ok).toBe(true);
    harnesses.set(mode, h);
  }
}, 60_000);

afterAll(async () => {
  for (const h of harnesses.values()) await h.stop();
});

function make(mode: AdvancedSheetsSetting, fn: string, arg: Record<string, unknown>): Made {
  const h = harnesses.get(mode) as Harness;
  h.emu.resetStats();
  const { sheetName } = h.emu.run(fn, [arg], { mode: 'server' }) as { sheetName: string };
  const writeCalls = h.emu.stats.writeCalls;
  const ss = h.emu.activeSpreadsheet;
  const sheet = ss.sheetNamed(sheetName);
  const display = sheet.getDisplayValues();
  const width = display[0].length;
  // Sheets reports a cell never formatted with its automatic format (what setNumberFormats writes for such columns).
  const formats = display.map((row, r) => row.map((_, c) => sheet.cell(r + 1, c + 1)?.format ?? AUTOMATIC));
  const bold = display[0].map((_, c) => sheet.cell(1, c + 1)?.fontWeight === 'bold');
  const look = JSON.stringify({
    values: sheet.getValues(),
    display,
    formats,
    bold,
    frozenRows: sheet.frozenRows,
    maxRows: sheet.maxRows,
    maxColumns: sheet.maxColumns,
  });
  const widths = Array.from({ length: width }, (_, c) => sheet.columnWidths.get(c + 1) ?? 100);
  const needed = Array.from({ length: width }, (_, c) => 12 + 7 * Math.max(...display.map((row) => row[c].length)));
  const reports = (h.emu.run('cliqtelListReports', [], { mode: 'server' }) as { reports: Array<Record<string, unknown>> }).reports
    .filter((r) => r.sheetName === sheetName)
    .map(({ lastRefresh, lastAttempt, ...rest }) => rest);
  return { writeCalls, look, widths, needed, active: ss.activeSheet.name, sheetCount: ss.sheets.length, reports };
}

function across(fn: string, arg: Record<string, unknown>): Record<AdvancedSheetsSetting, Made> {
  return Object.fromEntries(MODES.map((m) => [m, make(m, fn, arg)])) as Record<AdvancedSheetsSetting, Made>;
}

// [label, server function, argument, write calls with the service, without it]. Without: insertSheet, (a calls log:
// insertRowsAfter for its spare rows,) setNumberFormats, bold header, frozen row, autoResizeColumns instead of the one
// batchUpdate. The rest is the same on both paths: setValues, the registry entry, a daily report's chart, a numbers
// report's snapshot and status column.
describe.each([
  ['an export of last month', 'cliqtelExportCalls', { ...lastMonth(), sheetName: 'Calls' }, 3, 7],
  ['a daily report', 'cliqtelInsertReport', { kind: 'daily', window: 'last_month' }, 4, 8],
  ['a numbers report', 'cliqtelInsertReport', { kind: 'numbers' }, 8, 12],
  ['a calls log', 'cliqtelInsertReport', { kind: 'calls_log', from: lastMonth().from }, 3, 8],
  [
    'an inserted table',
    'cliqtelInsertTable',
    {
      title: 'Search',
      rows: [
        ['number', 'monthly_price', 'note'],
        ['+4930123456', 1.5, '=SUM(A1)'],
        ['0044207946000', 12, '-minus'],
      ],
    },
    2,
    6,
  ],
] as const)('%s', (_label, fn, arg, withService, without) => {
  let made: Record<AdvancedSheetsSetting, Made>;
  beforeAll(() => {
    made = across(fn, arg as Record<string, unknown>);
  });

  test('looks the same whichever way it was made: values, display, formats, bold frozen header, grid', () => {
    expect(made.off.look).toBe(made.manifest.look);
    expect(made.apiDisabled.look).toBe(made.manifest.look);
    expect(made.lostAnswer.look).toBe(made.manifest.look);
    const look = JSON.parse(made.manifest.look);
    expect(look.frozenRows).toBe(1);
    expect(look.bold.every(Boolean)).toBe(true);
    expect(look.formats[0].every((f: string) => f === '@')).toBe(true);
  });

  test('every column is at least as wide as its longest value needs, on every path', () => {
    for (const mode of MODES) {
      made[mode].widths.forEach((w, c) => {
        expect([mode, c, w >= made[mode].needed[c] || w === 500]).toEqual([mode, c, true]);
      });
    }
  });

  test('the new sheet is the active one, registered like the fallback registers it, and no stray sheet is left', () => {
    for (const mode of MODES) {
      expect(made[mode].active).toBe(made.manifest.active);
      expect(made[mode].reports).toEqual(made.manifest.reports);
      expect(made[mode].sheetCount).toBe(made.manifest.sheetCount);
    }
  });

  test(`${withService} write calls with the service, ${without} without, one more when its API is disabled (the failed call)`, () => {
    expect(made.manifest.writeCalls).toBe(withService);
    expect(made.off.writeCalls).toBe(without);
    expect(made.apiDisabled.writeCalls).toBe(without + 1);
    // The batch went through but its answer was lost: the sheet it made is found by its id and used, not made twice.
    expect(made.lostAnswer.writeCalls).toBe(withService);
  });
});
