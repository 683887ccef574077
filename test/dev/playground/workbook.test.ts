// The playground's spreadsheet logic on the emulator (no browser, no API): typed input, spills, recalculation of
// dependent CLIQTEL_ formulas, and the cells the page draws with Sheets' display values.
import { Emulator } from '../../../dev/emulator/index';
import { addRowsAtBottom, chartViews, referencedRegions, sheetView, typeIntoCell } from '../../../dev/playground/workbook';

const CODE = `
/** @customfunction */
function CLIQTEL_PAIR(x) { if (x === '') throw new Error('CLIQTEL_PAIR needs a number'); return [[x, x * 2]]; }
/** @customfunction */
function CLIQTEL_ROWS(n) { var out = [['n']]; for (var i = 1; i <= n; i++) out.push([i]); return out; }
/** A table and a line chart over whole columns, as the add-on's daily report inserts it. */
function makeChart() {
  var sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Sheet1');
  sheet.getRange(1, 1, 4, 3).setValues([['Day', 'Minutes', 'Cost'], ['2026-06-01', 10, 1.5], ['2026-06-02', 25, 'n/a'], ['2026-06-03', 5, 0.75]]);
  var height = sheet.getMaxRows();
  sheet.insertChart(sheet.newChart().setChartType(Charts.ChartType.LINE)
    .addRange(sheet.getRange(1, 1, height, 1)).addRange(sheet.getRange(1, 2, height, 1)).addRange(sheet.getRange(1, 3, height, 1))
    .setNumHeaders(1).setPosition(2, 5, 0, 0).setOption('title', 'Minutes and cost per day')
    .setOption('legend', { position: 'bottom' }).setOption('series', { 0: { targetAxisIndex: 0 }, 1: { targetAxisIndex: 1 } })
    .build());
}
`;

let emu: Emulator;
beforeEach(() => {
  emu = new Emulator({ code: CODE, manifestPath: 'no-such-manifest.json', timeZone: 'Europe/London' });
});
afterEach(async () => {
  await emu.close();
});

const sheet = () => emu.activeSpreadsheet.sheetNamed('Sheet1');
const type = (a1: string, input: string) => {
  const col = a1.charCodeAt(0) - 64;
  typeIntoCell(emu, 'Sheet1', Number(a1.slice(1)), col, input);
};

test('a typed formula runs in custom-function mode and spills; changing its input recalculates it', () => {
  type('B1', '3');
  type('A3', '=CLIQTEL_PAIR(B1)');
  expect(sheet().getDisplayValues()[2].slice(0, 2)).toEqual(['3', '6']);
  type('B1', '5');
  expect(sheet().at('A3').display).toBe('5');
  expect(sheet().at('B3').display).toBe('10');
});

test('formulas reading another formula’s result are recalculated in turn', () => {
  type('B1', '2');
  type('A3', '=CLIQTEL_PAIR(B1)');
  type('A5', '=CLIQTEL_PAIR(B3)');
  expect(sheet().at('B5').display).toBe('8');
  type('B1', '10');
  expect(sheet().at('A5').display).toBe('20');
  expect(sheet().at('B5').display).toBe('40');
});

test('typing over a spilled result gives #REF!, and clearing that cell lets the result expand again', () => {
  type('B1', '1');
  type('A3', '=CLIQTEL_PAIR(B1)');
  type('B3', 'blocked');
  expect(sheet().at('A3').error).toBe('#REF!');
  expect(sheet().at('A3').errorMessage).toContain('overwrite data in B3.');
  type('B3', '');
  expect(sheet().at('A3').error).toBeUndefined();
  expect(sheet().at('B3').display).toBe('2');
});

test('a thrown error shows #ERROR! with its message', () => {
  type('A1', '=CLIQTEL_PAIR(C9)');
  const view = sheetView(sheet()).cells.find((c) => c.r === 1 && c.c === 1);
  expect(view).toMatchObject({ v: '#ERROR!', k: 'e', f: '=CLIQTEL_PAIR(C9)', e: 'CLIQTEL_PAIR needs a number' });
});

test('the page gets Sheets’ display values: dates, currency, percents, and text-formatted numbers', () => {
  type('A1', '2026-06-01');
  type('A2', '$1,234.50');
  type('A3', '50%');
  sheet().ensureCell(4, 1).format = '@';
  type('A4', '00123');
  type('A5', '00123');
  const cells = sheetView(sheet()).cells;
  const at = (r: number) => cells.find((c) => c.r === r && c.c === 1);
  expect(at(1)).toMatchObject({ v: '2026-06-01', k: 'n' });
  expect(at(2)).toMatchObject({ v: '$1,234.50', k: 'n', input: '1234.5' });
  expect(at(3)).toMatchObject({ v: '50%', k: 'n' });
  expect(at(4)).toMatchObject({ v: '00123', k: 's' });
  expect(at(5)).toMatchObject({ v: '123', k: 'n' });
});

test('references are found outside string literals, with sheet names and ranges', () => {
  expect(referencedRegions('=CLIQTEL_USAGE_BY("B2", B6, \'My sheet\'!C1:D3, Other!E5)', 'Start')).toEqual([
    { sheet: 'Start', r1: 6, c1: 2, r2: 6, c2: 2 },
    { sheet: 'My sheet', r1: 1, c1: 3, r2: 3, c2: 4 },
    { sheet: 'Other', r1: 5, c1: 5, r2: 5, c2: 5 },
  ]);
});

test('a new sheet has 1,000 rows, all of which the page may draw (it starts with the data and some spare rows)', () => {
  type('A100', 'x');
  const view = sheetView(sheet());
  expect(sheet().maxRows).toBe(1000);
  expect(view).toMatchObject({ maxRows: 1000, drawableRows: 1000, rows: 130, hiddenRows: 0 });
});

test('"Add more rows at the bottom" grows the sheet and lets a result that did not fit spill', () => {
  type('A995', '=CLIQTEL_ROWS(10)');
  expect(sheet().at('A995').error).toBe('#REF!');
  expect(sheet().at('A995').errorMessage).toContain('insert more rows');

  expect(addRowsAtBottom(emu, 'Sheet1', 1000)).toBe(1);
  expect(sheet().maxRows).toBe(2000);
  expect(sheet().at('A995').error).toBeUndefined();
  expect(sheet().at('A995').display).toBe('n');
  expect(sheet().at('A1005').display).toBe('10');
  expect(sheetView(sheet()).maxRows).toBe(2000);
});

test('adding rows keeps Sheets’ limits: at least one row, and the 10,000,000-cell budget', () => {
  expect(() => addRowsAtBottom(emu, 'Sheet1', 0)).toThrow('at least 1');
  expect(() => addRowsAtBottom(emu, 'Sheet1', 400_000)).toThrow('above the limit of 10000000 cells');
  expect(sheet().maxRows).toBe(1000);
});

test('a chart is handed to the page with its title, x labels and one series per data column (numbers only)', () => {
  emu.run('makeChart', []);
  const [chart] = chartViews(sheet());
  expect(chart).toMatchObject({
    type: 'LINE',
    title: 'Minutes and cost per day',
    anchor: { row: 2, column: 5, offsetX: 0, offsetY: 0 },
    legend: 'bottom',
    labels: ['2026-06-01', '2026-06-02', '2026-06-03'],
  });
  expect(chart.series).toEqual([
    { name: 'Minutes', axis: 0, values: [10, 25, 5] },
    { name: 'Cost', axis: 1, values: [1.5, null, 0.75] },
  ]);
  expect(sheetView(sheet()).charts).toHaveLength(1);
});
