// SpreadsheetApp model: Sheets' coercion of written strings (docs/architecture.md#writing-to-sheets), display formats,
// grid rules and limits.
import { QUOTE_PREFIX_ENV, type QuotePrefixReading, resolveQuotePrefixReading } from '../../../dev/emulator/index';
import { exec, fixtureEmulator } from './helpers';

/** Writes one value into a fresh cell (optionally formatted first) and reads it back every way. */
function roundTrip(value: unknown, format?: string, quotePrefixInTextCells: QuotePrefixReading = 'dropped') {
  const emu = fixtureEmulator({ quotePrefixInTextCells });
  return exec(
    emu,
    `var r = SpreadsheetApp.getActiveSheet().getRange('B2');
     if (args[1]) r.setNumberFormat(args[1]);
     r.setValues([[args[0]]]);
     var v = r.getValue();
     return { value: v instanceof Date ? 'Date:' + v.toISOString() : v, type: v instanceof Date ? 'date' : typeof v,
              formula: r.getFormula(), display: r.getDisplayValue() };`,
    [value, format],
  ) as { value: unknown; type: string; formula: string; display: string };
}

describe('coercion of strings written with setValues (Sheets treats them like typed input)', () => {
  test.each([
    ['+4915112345678', 4915112345678, '4915112345678'],
    ['00123', 123, '123'],
    ['1e5', 100000, '100000'],
    ['-12.50', -12.5, '-12.5'],
    ['1,234.5', 1234.5, '1,234.5'],
    ['50%', 0.5, '50%'],
    ['$1,234.50', 1234.5, '$1,234.50'],
  ])('numeric string %p becomes the number %p (displayed %p)', (input, value, display) => {
    const r = roundTrip(input);
    expect(r).toMatchObject({ value, type: 'number', display });
  });

  test.each([
    ['TRUE', true],
    ['false', false],
  ])('%p becomes a boolean', (input, value) => {
    expect(roundTrip(input)).toMatchObject({ value, type: 'boolean' });
  });

  test('a yyyy-mm-dd string becomes a Date at local midnight in the spreadsheet time zone (America/Los_Angeles)', () => {
    expect(roundTrip('2026-06-01')).toMatchObject({
      value: 'Date:2026-06-01T07:00:00.000Z',
      type: 'date',
      display: '2026-06-01',
    });
  });

  test('a date-time string becomes a Date in the spreadsheet time zone', () => {
    expect(roundTrip('2026-06-01 09:14:22')).toMatchObject({
      value: 'Date:2026-06-01T16:14:22.000Z',
      display: '2026-06-01 09:14:22',
    });
  });

  test('ISO 8601 strings with T and a zone are not recognised as dates: they stay text (emulator decision)', () => {
    expect(roundTrip('2026-06-01T09:14:22Z')).toMatchObject({ value: '2026-06-01T09:14:22Z', type: 'string' });
  });

  test('a string starting with "=" becomes a formula whose value is empty until evaluated', () => {
    expect(roundTrip('=HYPERLINK("http://x")')).toMatchObject({ value: '', formula: '=HYPERLINK("http://x")' });
  });

  test('a string starting with "=" is a formula even in a plain-text (@) cell (emulator rule)', () => {
    expect(roundTrip('=1+1', '@')).toMatchObject({ formula: '=1+1', value: '' });
  });

  test('a leading apostrophe forces literal text and is not part of the value (in a @ cell: the "dropped" reading)', () => {
    expect(roundTrip("'=1")).toMatchObject({ value: '=1', formula: '', display: '=1' });
    expect(roundTrip("'+4915112345678")).toMatchObject({ value: '+4915112345678', type: 'string' });
    expect(roundTrip("'00123", '@')).toMatchObject({ value: '00123', type: 'string' });
  });

  test.each(['+4915112345678', '00123', '1e5', '2026-06-01', 'TRUE', '50%', '-'])(
    'in a "@" cell %p stays exactly as written',
    (input) => {
      expect(roundTrip(input, '@')).toMatchObject({ value: input, type: 'string', display: input });
    },
  );

  test('text that looks like nothing in particular stays text; null/undefined write an empty cell', () => {
    expect(roundTrip('Berlin 030')).toMatchObject({ value: 'Berlin 030', type: 'string' });
    expect(roundTrip(null)).toMatchObject({ value: '', type: 'string' });
  });

  test('a Date object is stored as a date and read back as the same instant', () => {
    const d = new Date('2026-03-29T01:30:00Z');
    expect(roundTrip(d)).toMatchObject({ value: `Date:${d.toISOString()}`, type: 'date', display: '3/28/2026 18:30:00' });
  });

  test('formatting a column as @ after writing does not turn numbers back into text', () => {
    const emu = fixtureEmulator();
    const r = exec(
      emu,
      "var r = SpreadsheetApp.getActiveSheet().getRange('A1'); r.setValue('00123'); r.setNumberFormat('@'); return [r.getValue(), r.getDisplayValue()];",
    );
    expect(r).toEqual([123, '123']);
  });
});

describe('quote prefix in plain-text (@) cells: both readings of what Sheets does with a written apostrophe', () => {
  test.each([
    ["'+4915112345678", '+4915112345678', "'+4915112345678"],
    ["'=1+1", '=1+1', "'=1+1"],
    ["'00123", '00123', "'00123"],
    ["''x", "'x", "''x"],
  ])('%p in a @ cell: dropped → %p, kept → %p (getValue and getDisplayValue alike, never a formula)', (input, dropped, kept) => {
    expect(roundTrip(input, '@', 'dropped')).toMatchObject({ value: dropped, display: dropped, formula: '', type: 'string' });
    expect(roundTrip(input, '@', 'kept')).toMatchObject({ value: kept, display: kept, formula: '', type: 'string' });
  });

  test.each(['dropped', 'kept'] as const)('under "%s", an apostrophe in a non-@ cell is dropped', (reading) => {
    expect(roundTrip("'+4915112345678", undefined, reading)).toMatchObject({ value: '+4915112345678', type: 'string' });
    expect(roundTrip("'=1", '0.00', reading)).toMatchObject({ value: '=1', formula: '' });
  });

  test.each(['dropped', 'kept'] as const)('under "%s", "=…" is a formula in every cell, @ included', (reading) => {
    expect(roundTrip('=1+1', '@', reading)).toMatchObject({ formula: '=1+1', value: '' });
    expect(roundTrip('=1+1', undefined, reading)).toMatchObject({ formula: '=1+1', value: '' });
  });

  test.each(['dropped', 'kept'] as const)('under "%s", +…, -…, @… and 00… in a @ cell stay exactly as written', (reading) => {
    for (const input of ['+4915112345678', '-5', '@home', '00123']) {
      expect(roundTrip(input, '@', reading)).toMatchObject({ value: input, display: input, type: 'string' });
    }
  });

  test('the reading applies to setValue and appendRow too, by the format the cell has when written', () => {
    const emu = fixtureEmulator({ quotePrefixInTextCells: 'kept' });
    const r = exec(
      emu,
      `var s = SpreadsheetApp.getActiveSheet(); s.getRange('A1:B2').setNumberFormat('@');
       s.getRange('A1').setValue("'x"); s.getRange('B1').setValues([["'y"]]); s.getRange('C1').setValue("'z");
       s.appendRow(["'w", "'v"]); return s.getRange('A1:C2').getValues();`,
    );
    expect(r).toEqual([
      ["'x", "'y", 'z'],
      ["'w", "'v", ''],
    ]);
  });

  test('the default reading is "dropped"; CLIQTEL_EMULATOR_QUOTE_PREFIX overrides it; an explicit option wins', () => {
    expect(resolveQuotePrefixReading(undefined, undefined)).toBe('dropped');
    expect(resolveQuotePrefixReading(undefined, '')).toBe('dropped');
    expect(resolveQuotePrefixReading(undefined, 'kept')).toBe('kept');
    expect(resolveQuotePrefixReading('dropped', 'kept')).toBe('dropped');
    expect(() => resolveQuotePrefixReading(undefined, 'shown')).toThrow(
      `emulator: ${QUOTE_PREFIX_ENV} must be one of dropped, kept; got "shown"`,
    );
    const saved = process.env[QUOTE_PREFIX_ENV];
    try {
      process.env[QUOTE_PREFIX_ENV] = 'kept';
      expect(fixtureEmulator().quotePrefixInTextCells).toBe('kept');
      expect(fixtureEmulator({ quotePrefixInTextCells: 'dropped' }).quotePrefixInTextCells).toBe('dropped');
      process.env[QUOTE_PREFIX_ENV] = 'dropped';
      expect(fixtureEmulator().quotePrefixInTextCells).toBe('dropped');
    } finally {
      if (saved === undefined) delete process.env[QUOTE_PREFIX_ENV];
      else process.env[QUOTE_PREFIX_ENV] = saved;
    }
  });
});

describe('display values under number formats', () => {
  test.each([
    [1234.567, '0', '1235'],
    [1234.567, '0.00', '1234.57'],
    [1234567.891, '#,##0', '1,234,568'],
    [1234567.891, '#,##0.00', '1,234,567.89'],
    [-5.5, '#,##0.00', '-5.50'],
    [12.5, '[$€]#,##0.00', '€12.50'],
    [12.5, '"€"#,##0.00', '€12.50'],
    [12.5, '#,##0.00 [$EUR]', '12.50 EUR'],
    [0.256, '0.0%', '25.6%'],
    [4915112345678, '@', '4915112345678'],
  ])('%p with %p shows %p', (value, format, display) => {
    const emu = fixtureEmulator();
    expect(
      exec(
        emu,
        "var r = SpreadsheetApp.getActiveSheet().getRange('A1'); r.setValue(args[0]); r.setNumberFormat(args[1]); return r.getDisplayValue();",
        [value, format],
      ),
    ).toBe(display);
  });

  test('date formats render in the spreadsheet time zone', () => {
    const emu = fixtureEmulator({ timeZone: 'Europe/Berlin' });
    const r = exec(
      emu,
      `var sh = SpreadsheetApp.getActiveSheet(); var d = new Date('2026-06-01T07:14:22Z');
       sh.getRange('A1:C1').setValues([[d, d, d]]);
       sh.getRange('A1:C1').setNumberFormats([['yyyy-mm-dd', 'yyyy-mm-dd hh:mm:ss', 'hh:mm:ss']]);
       return sh.getRange('A1:C1').getDisplayValues()[0];`,
    );
    expect(r).toEqual(['2026-06-01', '2026-06-01 09:14:22', '09:14:22']);
  });
});

describe('ranges and sheets', () => {
  test("setValues with the wrong number of rows or columns throws Sheets' message", () => {
    const emu = fixtureEmulator();
    expect(() => exec(emu, "SpreadsheetApp.getActiveSheet().getRange('A1:B3').setValues([[1,2],[3,4]])")).toThrow(
      'The number of rows in the data does not match the number of rows in the range. The data has 2 but the range has 3.',
    );
    expect(() => exec(emu, "SpreadsheetApp.getActiveSheet().getRange('A1:B1').setValues([[1,2,3]])")).toThrow(
      'The number of columns in the data does not match the number of columns in the range. The data has 3 but the range has 2.',
    );
  });

  test("a new sheet is 1000 × 26 (a new spreadsheet's Sheet1 and every insertSheet form) and ranges outside it throw", () => {
    const emu = fixtureEmulator();
    const size =
      'function size(s) { return [s.getName(), s.getMaxRows(), s.getMaxColumns(), s.getLastRow(), s.getLastColumn()]; }';
    expect(exec(emu, `${size} return size(SpreadsheetApp.getActive().getSheets()[0]);`)).toEqual(['Sheet1', 1000, 26, 0, 0]);
    expect(
      exec(
        emu,
        `${size} var ss = SpreadsheetApp.getActive();
         return [size(ss.insertSheet('Data')), size(ss.insertSheet()), size(ss.insertSheet(0)), size(ss.insertSheet('At1', 1))];`,
      ),
    ).toEqual([
      ['Data', 1000, 26, 0, 0],
      ['Sheet3', 1000, 26, 0, 0],
      ['Sheet4', 1000, 26, 0, 0],
      ['At1', 1000, 26, 0, 0],
    ]);
    expect(emu.activeSpreadsheet.totalCells()).toBe(5 * 26000);
    const other = emu.createSpreadsheet('Second');
    expect(other.sheets.map((s) => [s.name, s.maxRows, s.maxColumns])).toEqual([['Sheet1', 1000, 26]]);
    expect(exec(emu, 'return SpreadsheetApp.getActiveSheet().getRange(1000, 26).getA1Notation();')).toBe('Z1000');
    expect(exec(emu, "return SpreadsheetApp.getActiveSheet().getRange('A1:Z1000').getNumRows();")).toBe(1000);
    expect(() => exec(emu, 'SpreadsheetApp.getActiveSheet().getRange(1, 27)')).toThrow(
      'The coordinates of the range are outside the dimensions of the sheet.',
    );
    expect(() => exec(emu, 'SpreadsheetApp.getActiveSheet().getRange(999, 1, 5, 1)')).toThrow(
      'The coordinates of the range are outside the dimensions of the sheet.',
    );
  });

  test('appendRow writes after the last row with content and grows the sheet when full', () => {
    const emu = fixtureEmulator();
    const r = exec(
      emu,
      "var s = SpreadsheetApp.getActiveSheet(); s.deleteRows(3, 998); s.appendRow(['a']); s.appendRow(['b']); s.appendRow(['c', '00123']); return [s.getLastRow(), s.getMaxRows(), s.getRange(3, 2).getValue()];",
    );
    expect(r).toEqual([3, 3, 123]);
  });

  test('inserting and deleting rows and columns shifts the data', () => {
    const emu = fixtureEmulator();
    const r = exec(
      emu,
      "var s = SpreadsheetApp.getActiveSheet(); s.getRange('A1:B2').setValues([['a','b'],['c','d']]); s.insertColumnsBefore(1, 2); s.insertRowsAfter(1, 1); var out = [s.getRange('C1:D3').getValues(), s.getMaxColumns(), s.getMaxRows()]; s.deleteColumns(1, 2); s.deleteRow(2); out.push(s.getDataRange().getValues()); return out;",
    );
    expect(r).toEqual([
      [
        ['a', 'b'],
        ['', ''],
        ['c', 'd'],
      ],
      28,
      1001,
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ]);
  });

  test('insertSheet with an existing name throws; deleting the last sheet throws', () => {
    const emu = fixtureEmulator();
    expect(() => exec(emu, "SpreadsheetApp.getActive().insertSheet('Sheet1')")).toThrow(
      'A sheet with the name "Sheet1" already exists. Please enter another name.',
    );
    expect(() => exec(emu, 'var ss = SpreadsheetApp.getActive(); ss.deleteSheet(ss.getSheets()[0]);')).toThrow(
      "You can't remove all the sheets in a document.",
    );
  });

  test('the 10,000,000-cell spreadsheet limit is enforced on insertSheet and insertRows', () => {
    const emu = fixtureEmulator();
    expect(() => exec(emu, 'SpreadsheetApp.getActiveSheet().insertRowsAfter(1000, 400000)')).toThrow(
      'This action would increase the number of cells in the workbook above the limit of 10000000 cells.',
    );
    exec(emu, 'SpreadsheetApp.getActiveSheet().insertRowsAfter(1000, 383000)'); // 384,000 × 26 = 9,984,000 cells
    expect(() => exec(emu, 'SpreadsheetApp.getActive().insertSheet()')).toThrow('above the limit of 10000000 cells');
  });

  test('frozen rows, bold header, column formats and widths are recorded in the model', () => {
    const emu = fixtureEmulator();
    exec(
      emu,
      "var s = SpreadsheetApp.getActiveSheet(); s.getRange('A1:B1').setValues([['Number','Amount']]).setFontWeight('bold'); s.setFrozenRows(1); s.getRange('A2:A').setNumberFormat('@'); s.autoResizeColumns(1, 2);",
    );
    const sheet = emu.activeSpreadsheet.sheetNamed('Sheet1');
    expect(sheet.frozenRows).toBe(1);
    expect(sheet.at('A1').bold).toBe(true);
    expect(sheet.at('A500').format).toBe('@');
    expect(sheet.columnWidths.get(1)).toBeGreaterThan(0);
  });

  test('writes and reads are counted per call with the cells they touch', () => {
    const emu = fixtureEmulator({ writeLatencyMs: 50 });
    exec(
      emu,
      "var s = SpreadsheetApp.getActiveSheet(); s.getRange('A1:C2').setValues([[1,2,3],[4,5,6]]); s.getRange('A1:C2').getValues();",
    );
    expect(emu.stats).toMatchObject({ writeCalls: 1, cellsWritten: 6, readCalls: 1, modelledMs: 50 });
  });
});

describe('developer metadata and charts', () => {
  test('sheet-level metadata survives a rename and is found by key', () => {
    const emu = fixtureEmulator();
    const r = exec(
      emu,
      "var s = SpreadsheetApp.getActive().insertSheet('Calls'); s.addDeveloperMetadata('cliqtel.report', '{\"kind\":\"calls\"}'); s.setName('My calls'); var found = SpreadsheetApp.getActive().createDeveloperMetadataFinder().withKey('cliqtel.report').find(); return [found.length, found[0].getValue(), found[0].getLocation().getSheet().getName()];",
    );
    expect(r).toEqual([1, '{"kind":"calls"}', 'My calls']);
  });

  test('metadata beyond 30,000 characters per location is refused (Sheets API developer metadata limit)', () => {
    const emu = fixtureEmulator();
    exec(emu, "SpreadsheetApp.getActive().addDeveloperMetadata('a', new Array(29990).join('x'))");
    expect(() => exec(emu, "SpreadsheetApp.getActive().addDeveloperMetadata('b', new Array(100).join('x'))")).toThrow(
      '30000 character limit',
    );
  });

  test('charts store their type, ranges and position', () => {
    const emu = fixtureEmulator();
    exec(
      emu,
      "var s = SpreadsheetApp.getActiveSheet(); s.getRange('A1:B3').setValues([['d','n'],['2026-06-01',1],['2026-06-02',2]]); s.insertChart(s.newChart().setChartType(Charts.ChartType.LINE).addRange(s.getRange('A1:B3')).setPosition(1, 4, 0, 0).setOption('title', 'Usage').build()); return s.getCharts().length;",
    );
    const chart = emu.activeSpreadsheet.sheetNamed('Sheet1').charts[0];
    expect(chart).toMatchObject({
      type: 'LINE',
      ranges: ['Sheet1!A1:B3'],
      position: { row: 1, column: 4 },
      options: { title: 'Usage' },
    });
  });
});
