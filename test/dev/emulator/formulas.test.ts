// Formula evaluation: custom functions run in custom mode from cells, with Sheets' argument and spill rules.
import { exec, fixtureEmulator } from './helpers';

function setup() {
  const emu = fixtureEmulator();
  const sheet = emu.activeSpreadsheet.sheetNamed('Sheet1');
  return { emu, sheet };
}

test('arguments: string/number/boolean literals, cell references (dates as Date), ranges as 2-D arrays, empty arguments', () => {
  const { emu, sheet } = setup();
  exec(
    emu,
    "var s = SpreadsheetApp.getActiveSheet(); s.getRange('B1').setValue('2026-06-01'); s.getRange('B2:C3').setValues([[1,2],[3,4]]); s.getRange('A5').setFormula('=CLIQTEL_ECHO(B1, B2:C3)'); s.getRange('A8').setFormula('=CLIQTEL_ECHO(\"x\", TRUE)'); s.getRange('A11').setFormula('=CLIQTEL_ECHO(, 42)');",
  );
  emu.evaluateFormula('Sheet1', 'A5');
  emu.evaluateFormula('Sheet1', 'A8');
  emu.evaluateFormula('Sheet1', 'A11');
  expect(sheet.getDisplayValues().slice(4, 6)).toEqual([
    ['a', 'b', 'count'],
    ['date:2026-06-01', 'array:2x2', '2'],
  ]);
  expect(sheet.getValues()[8]).toEqual(['string:x', 'boolean:true', 2]);
  // Emulator decision: an empty argument is passed as '' (like an empty cell).
  expect(sheet.getValues()[11].slice(0, 3)).toEqual(['string:', 'number:42', 2]);
});

test('an array result spills down and right; values keep their types (returned strings are not coerced)', () => {
  const { emu, sheet } = setup();
  exec(emu, "SpreadsheetApp.getActiveSheet().getRange('A1').setFormula('=CLIQTEL_TABLE(2)')");
  emu.evaluateFormula('Sheet1', 'A1');
  expect(sheet.getValues()).toEqual([
    ['n', 'text'],
    [1, '001'],
    [2, '002'],
  ]);
  expect(sheet.at('A2').formula).toBe('');
  expect(sheet.at('A1').formula).toBe('=CLIQTEL_TABLE(2)');
});

test('a smaller result on re-evaluation clears the old spill', () => {
  const { emu, sheet } = setup();
  exec(emu, "SpreadsheetApp.getActiveSheet().getRange('A1').setFormula('=CLIQTEL_TABLE(3)')");
  emu.evaluateFormula('Sheet1', 'A1');
  exec(emu, "SpreadsheetApp.getActiveSheet().getRange('A1').setFormula('=CLIQTEL_TABLE(1)')");
  emu.evaluateFormula('Sheet1', 'A1');
  expect(sheet.lastRow()).toBe(2);
});

test("a spill that would overwrite data gives #REF! with Sheets' message", () => {
  const { emu, sheet } = setup();
  exec(
    emu,
    "var s = SpreadsheetApp.getActiveSheet(); s.getRange('B3').setValue('mine'); s.getRange('A1').setFormula('=CLIQTEL_TABLE(3)');",
  );
  emu.evaluateFormula('Sheet1', 'A1');
  expect(sheet.at('A1')).toMatchObject({
    display: '#REF!',
    errorMessage: 'Array result was not expanded because it would overwrite data in B3.',
  });
});

test('a thrown Error shows #ERROR! and keeps the message (what the user sees in the cell tooltip)', () => {
  const { emu, sheet } = setup();
  exec(emu, "SpreadsheetApp.getActiveSheet().getRange('A1').setFormula('=CLIQTEL_FAIL()')");
  emu.evaluateFormula('Sheet1', 'A1');
  expect(sheet.at('A1')).toMatchObject({
    value: '#ERROR!',
    errorMessage: 'Open Extensions › Cliqtel › Settings to save an API key.',
  });
});

test('unknown functions give #NAME?; formulas the emulator cannot evaluate are marked #NAME? too', () => {
  const { emu, sheet } = setup();
  exec(
    emu,
    "var s = SpreadsheetApp.getActiveSheet(); s.getRange('A1').setFormula('=CLIQTEL_NOPE()'); s.getRange('A2').setFormula('=1+1');",
  );
  emu.evaluateFormula('Sheet1', 'A1');
  emu.evaluateFormula('Sheet1', 'A2');
  expect(sheet.at('A1')).toMatchObject({ error: '#NAME?', errorMessage: "Unknown function: 'CLIQTEL_NOPE'." });
  expect(sheet.at('A2').error).toBe('#NAME?');
});

test('a returned Date is shown as a date in the spreadsheet time zone', () => {
  const { emu, sheet } = setup();
  exec(emu, "SpreadsheetApp.getActiveSheet().getRange('A1').setFormula('=CLIQTEL_NOW()')");
  emu.evaluateFormula('Sheet1', 'A1');
  expect(sheet.at('A1').display).toBe('6/1/2026 5:00:00');
  expect((sheet.at('A1').value as Date).toISOString()).toBe('2026-06-01T12:00:00.000Z');
});

test('recalculateAll evaluates every CLIQTEL_ formula; recalculateChanged only those whose text changed', () => {
  const { emu } = setup();
  exec(
    emu,
    "var s = SpreadsheetApp.getActiveSheet(); s.getRange('A1').setFormula('=CLIQTEL_TABLE(1)'); s.getRange('D1').setFormula('=CLIQTEL_TABLE(1)'); s.getRange('G1').setFormula('=SUM(1,2)');",
  );
  expect(emu.recalculateChanged()).toBe(2);
  expect(emu.recalculateChanged()).toBe(0);
  exec(emu, "SpreadsheetApp.getActiveSheet().getRange('D1').setFormula('=CLIQTEL_TABLE(2)')");
  expect(emu.recalculateChanged()).toBe(1);
  expect(emu.recalculateAll()).toBe(2);
});

test("custom functions see the formula's sheet as the active sheet", () => {
  const { emu } = setup();
  exec(
    emu,
    "SpreadsheetApp.getActive().insertSheet('Report'); SpreadsheetApp.getActive().setActiveSheet(SpreadsheetApp.getActive().getSheets()[0]);",
  );
  expect(
    emu.runCustomFunction(
      'exec',
      ['return [SpreadsheetApp.getActiveSheet().getName(), SpreadsheetApp.getActiveRange().getA1Notation()];'],
      { sheetName: 'Report', cell: 'C4' },
    ),
  ).toEqual(['Report', 'C4']);
});
