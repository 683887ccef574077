// The Advanced Sheets service (Sheets API v4 subset): the manifest-defined global, Spreadsheets.batchUpdate
// (addSheet, repeatCell, updateSheetProperties, autoResizeDimensions, createDeveloperMetadata, deleteSheet; atomic,
// one write call) and Spreadsheets.get — each run through the emulator with a small script, read back through
// SpreadsheetApp. API reference: https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets/request
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ADVANCED_SHEETS_ENV,
  type Emulator,
  type EmulatorOptions,
  resolveAdvancedSheetsSetting,
} from '../../../dev/emulator/index';
import { FIXTURES, exec, fixtureEmulator } from './helpers';

const SHEETS_MANIFEST = path.join(FIXTURES, 'appsscript-sheets.json');
const FAILED = 'GoogleJsonResponseException: API call to sheets.spreadsheets.batchUpdate failed with error: ';

function sheetsEmulator(options: EmulatorOptions = {}): Emulator {
  return fixtureEmulator({ manifestPath: SHEETS_MANIFEST, advancedSheets: 'manifest', ...options });
}

/** A manifest written for one test (a different userSymbol, other scopes). */
function tempManifest(content: object): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-sheets-'));
  const file = path.join(dir, 'appsscript.json');
  fs.writeFileSync(file, JSON.stringify(content));
  return file;
}

/** Sheets.Spreadsheets.batchUpdate({requests}, the active spreadsheet) from inside the script. */
function batch(emu: Emulator, requests: unknown[]): any {
  return exec(emu, 'return Sheets.Spreadsheets.batchUpdate({ requests: args[0] }, SpreadsheetApp.getActive().getId());', [
    requests,
  ]);
}

function sheetNames(emu: Emulator): string[] {
  return emu.activeSpreadsheet.sheets.map((s) => s.name);
}

const REPORT_COLUMNS = 6;

/** What the add-on sends for a big report sheet: the sheet, a number format per column, a bold header. */
function reportRequests(sheetId: number, rows: number): unknown[] {
  const patterns = ['@', 'yyyy-mm-dd hh:mm:ss', '0', '#,##0.00', '@', '0.00%'];
  return [
    {
      addSheet: {
        properties: {
          sheetId,
          title: 'Calls',
          gridProperties: { rowCount: rows, columnCount: REPORT_COLUMNS, frozenRowCount: 1 },
        },
      },
    },
    ...patterns.map((pattern, c) => ({
      repeatCell: {
        range: { sheetId, startRowIndex: 1, startColumnIndex: c, endColumnIndex: c + 1 },
        cell: { userEnteredFormat: { numberFormat: { type: pattern === '@' ? 'TEXT' : 'NUMBER', pattern } } },
        fields: 'userEnteredFormat.numberFormat',
      },
    })),
    {
      repeatCell: {
        range: { sheetId, startRowIndex: 0, endRowIndex: 1 },
        cell: { userEnteredFormat: { textFormat: { bold: true } } },
        fields: 'userEnteredFormat.textFormat.bold',
      },
    },
    {
      updateDimensionProperties: {
        range: { sheetId, dimension: 'COLUMNS', startIndex: 0, endIndex: 2 },
        properties: { pixelSize: 140 },
        fields: 'pixelSize',
      },
    },
  ];
}

describe('the global', () => {
  test('defined iff the manifest enables serviceId "sheets", under its userSymbol', () => {
    expect(exec(sheetsEmulator(), 'return typeof Sheets + " " + typeof Sheets.Spreadsheets.batchUpdate')).toBe('object function');
    expect(exec(fixtureEmulator({ advancedSheets: 'manifest' }), 'return typeof Sheets')).toBe('undefined');
    const renamed = tempManifest({
      timeZone: 'Etc/UTC',
      dependencies: { enabledAdvancedServices: [{ userSymbol: 'SheetsApi', serviceId: 'sheets', version: 'v4' }] },
    });
    const emu = fixtureEmulator({ manifestPath: renamed, advancedSheets: 'manifest' });
    expect(exec(emu, 'return [typeof Sheets, typeof SheetsApi.Spreadsheets.get]')).toEqual(['undefined', 'function']);
    expect(emu.advancedSheets).toEqual({ userSymbol: 'SheetsApi', apiEnabled: true });
  });

  test("'off' removes it even when the manifest lists it; unmodelled members throw instead of being undefined", () => {
    const off = sheetsEmulator({ advancedSheets: 'off' });
    expect(off.advancedSheets).toBeNull();
    expect(exec(off, 'return typeof Sheets')).toBe('undefined');
    expect(() => exec(off, 'return Sheets.Spreadsheets')).toThrow('Sheets is not defined');
    expect(() => exec(sheetsEmulator(), 'Sheets.Spreadsheets.create({})')).toThrow(
      'emulator: Sheets.Spreadsheets.create not implemented',
    );
    expect(() => exec(sheetsEmulator(), "Sheets.Spreadsheets.Values.get('x', 'A1')")).toThrow(
      'emulator: Sheets.Spreadsheets.Values.get not implemented',
    );
  });

  test("'apiDisabled': the global exists and every call throws Apps Script's API-disabled error", () => {
    const emu = sheetsEmulator({ advancedSheets: 'apiDisabled' });
    expect(exec(emu, 'return typeof Sheets')).toBe('object');
    const disabled = (method: string) =>
      `GoogleJsonResponseException: API call to sheets.spreadsheets.${method} failed with error: Google Sheets API has not been used in project 000000000000 before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/sheets.googleapis.com/overview?project=000000000000 then retry.`;
    let thrown: Error | undefined;
    try {
      batch(emu, [{ addSheet: {} }]);
    } catch (e) {
      thrown = e as Error;
    }
    expect(thrown?.message).toBe(disabled('batchUpdate'));
    expect(thrown?.name).toBe('Error');
    expect(() => exec(emu, 'return Sheets.Spreadsheets.get(SpreadsheetApp.getActive().getId())')).toThrow(disabled('get'));
    expect(sheetNames(emu)).toEqual(['Sheet1']);
    // The script can catch it and fall back to SpreadsheetApp.
    expect(
      exec(
        emu,
        "try { Sheets.Spreadsheets.batchUpdate({requests: [{addSheet: {}}]}, SpreadsheetApp.getActive().getId()); return 'api'; } catch (e) { SpreadsheetApp.getActive().insertSheet('Calls'); return e instanceof Error ? 'fallback' : 'not an Error'; }",
      ),
    ).toBe('fallback');
  });

  test("'lostAnswer': an applied batchUpdate throws a 503 anyway; an invalid one still changes nothing", () => {
    const emu = sheetsEmulator({ advancedSheets: 'lostAnswer' });
    expect(() => batch(emu, [{ addSheet: { properties: { sheetId: 77, title: 'Calls' } } }])).toThrow(
      'GoogleJsonResponseException: API call to sheets.spreadsheets.batchUpdate failed with error: The service is currently unavailable.',
    );
    expect(sheetNames(emu)).toEqual(['Sheet1', 'Calls']); // it went through
    expect(exec(emu, 'return SpreadsheetApp.getActive().getSheetById(77).getName()')).toBe('Calls');
    expect(() => batch(emu, [{ addSheet: { properties: { title: 'Calls' } } }])).toThrow(/already exists/);
    expect(sheetNames(emu)).toEqual(['Sheet1', 'Calls']);
  });

  test('the setting: option, else CLIQTEL_EMULATOR_ADVANCED_SHEETS, else "manifest"; a bad value throws', () => {
    expect(resolveAdvancedSheetsSetting(undefined, undefined)).toBe('manifest');
    expect(resolveAdvancedSheetsSetting(undefined, 'off')).toBe('off');
    expect(resolveAdvancedSheetsSetting('apiDisabled', 'off')).toBe('apiDisabled');
    expect(() => resolveAdvancedSheetsSetting(undefined, 'disabled')).toThrow(
      `emulator: ${ADVANCED_SHEETS_ENV} must be one of manifest, off, apiDisabled, lostAnswer; got "disabled"`,
    );
    const saved = process.env[ADVANCED_SHEETS_ENV];
    try {
      process.env[ADVANCED_SHEETS_ENV] = 'off';
      expect(fixtureEmulator({ manifestPath: SHEETS_MANIFEST }).advancedSheetsSetting).toBe('off');
      expect(exec(fixtureEmulator({ manifestPath: SHEETS_MANIFEST }), 'return typeof Sheets')).toBe('undefined');
      process.env[ADVANCED_SHEETS_ENV] = 'apiDisabled';
      expect(fixtureEmulator({ manifestPath: SHEETS_MANIFEST }).advancedSheets).toEqual({
        userSymbol: 'Sheets',
        apiEnabled: false,
      });
      expect(sheetsEmulator({ advancedSheets: 'manifest' }).advancedSheetsSetting).toBe('manifest');
    } finally {
      if (saved === undefined) delete process.env[ADVANCED_SHEETS_ENV];
      else process.env[ADVANCED_SHEETS_ENV] = saved;
    }
  });

  test('permissions: custom functions are refused, a missing spreadsheets scope fails the call, unknown spreadsheets are 404', () => {
    const emu = sheetsEmulator();
    expect(() => emu.runCustomFunction('exec', ["Sheets.Spreadsheets.batchUpdate({requests: [{addSheet: {}}]}, 'x')"])).toThrow(
      'You do not have permission to call Sheets.Spreadsheets.batchUpdate',
    );
    expect(() => emu.runCustomFunction('exec', ["Sheets.Spreadsheets.get('x')"])).toThrow(
      'You do not have permission to call Sheets.Spreadsheets.get',
    );
    expect(() => exec(emu, "Sheets.Spreadsheets.batchUpdate({requests: [{addSheet: {}}]}, 'no-such-id')")).toThrow(
      `${FAILED}Requested entity was not found.`,
    );
    const other = emu.createSpreadsheet('Private', { owner: 'someone@example.com' });
    expect(() => exec(emu, 'Sheets.Spreadsheets.batchUpdate({requests: [{addSheet: {}}]}, args[0])', [other.id])).toThrow(
      `${FAILED}The caller does not have permission`,
    );
    const noScope = tempManifest({
      timeZone: 'Etc/UTC',
      dependencies: { enabledAdvancedServices: [{ userSymbol: 'Sheets', serviceId: 'sheets', version: 'v4' }] },
      oauthScopes: ['https://www.googleapis.com/auth/script.external_request'],
    });
    expect(() => batch(fixtureEmulator({ manifestPath: noScope, advancedSheets: 'manifest' }), [{ addSheet: {} }])).toThrow(
      `${FAILED}Request had insufficient authentication scopes.`,
    );
    expect(() => exec(emu, 'Sheets.Spreadsheets.batchUpdate(SpreadsheetApp.getActive().getId())')).toThrow(
      "The parameters (string) don't match the method signature for Sheets.Spreadsheets.batchUpdate.",
    );
  });
});

describe('batchUpdate: addSheet', () => {
  test('a 100,001-row sheet with a frozen header is seen by SpreadsheetApp, and is not made active', () => {
    const emu = sheetsEmulator();
    const r = exec(
      emu,
      `var ss = SpreadsheetApp.getActive();
       var res = Sheets.Spreadsheets.batchUpdate({ requests: [{ addSheet: { properties: {
         title: 'Calls', gridProperties: { rowCount: 100001, columnCount: 8, frozenRowCount: 1 } } } }] }, ss.getId());
       var props = res.replies[0].addSheet.properties;
       var byId = ss.getSheetById(props.sheetId), byName = ss.getSheetByName('Calls');
       return { res: res, same: byId.getSheetId() === byName.getSheetId(), rows: byId.getMaxRows(), cols: byName.getMaxColumns(),
         frozen: byId.getFrozenRows(), index: byId.getIndex(), active: ss.getActiveSheet().getName(),
         realm: res instanceof Object && res.replies instanceof Array };`,
    ) as any;
    expect(r.res).toEqual({
      spreadsheetId: emu.activeSpreadsheet.id,
      replies: [
        {
          addSheet: {
            properties: {
              sheetId: expect.any(Number),
              title: 'Calls',
              index: 1,
              sheetType: 'GRID',
              gridProperties: { rowCount: 100001, columnCount: 8, frozenRowCount: 1 },
            },
          },
        },
      ],
    });
    expect(r).toMatchObject({ same: true, rows: 100001, cols: 8, frozen: 1, index: 2, active: 'Sheet1', realm: true });
    expect(emu.activeSpreadsheet.activeSheet.name).toBe('Sheet1');
  });

  test('defaults: 1000 × 26, title SheetN, last in the tab order; a given sheetId and index are used', () => {
    const emu = sheetsEmulator();
    const res = batch(emu, [{ addSheet: {} }, { addSheet: { properties: { sheetId: 42, title: 'First', index: 0 } } }]);
    expect(res.replies[0].addSheet.properties).toMatchObject({
      title: 'Sheet2',
      index: 1,
      gridProperties: { rowCount: 1000, columnCount: 26 },
    });
    expect(res.replies[1].addSheet.properties).toMatchObject({ sheetId: 42, title: 'First', index: 0 });
    expect(sheetNames(emu)).toEqual(['First', 'Sheet1', 'Sheet2']);
    expect(exec(emu, 'return SpreadsheetApp.getActive().getSheetById(42).getName()')).toBe('First');
  });

  test('a duplicate title, a sheetId in use, a title over 100 characters and an index past the end are invalid', () => {
    const emu = sheetsEmulator();
    expect(() => batch(emu, [{ addSheet: { properties: { title: 'Sheet1' } } }])).toThrow(
      `${FAILED}Invalid requests[0].addSheet: A sheet with the name "Sheet1" already exists. Please enter another name.`,
    );
    // Tab names are unique regardless of case.
    expect(() => batch(emu, [{ addSheet: { properties: { title: 'SHEET1' } } }])).toThrow(
      'Invalid requests[0].addSheet: A sheet with the name "SHEET1" already exists.',
    );
    const id = emu.activeSpreadsheet.sheets[0].sheetId;
    batch(emu, [{ addSheet: { properties: { sheetId: 7 } } }]);
    expect(() => batch(emu, [{ addSheet: { properties: { sheetId: 7 } } }])).toThrow(
      `${FAILED}Invalid requests[0].addSheet: A sheet with id 7 already exists.`,
    );
    expect(() => batch(emu, [{ addSheet: { properties: { title: 'x'.repeat(101) } } }])).toThrow(
      'Invalid requests[0].addSheet: The sheet name is too long.',
    );
    expect(() => batch(emu, [{ addSheet: { properties: { index: 5 } } }])).toThrow('Invalid requests[0].addSheet: index (5)');
    expect(emu.activeSpreadsheet.sheets.map((s) => s.sheetId)).toEqual([id, 7]);
  });

  test('the 10,000,000-cell limit is enforced as insertSheet enforces it, as an invalid request', () => {
    const emu = sheetsEmulator();
    expect(() => batch(emu, [{ addSheet: { properties: { gridProperties: { rowCount: 400000, columnCount: 26 } } } }])).toThrow(
      `${FAILED}Invalid requests[0].addSheet: This action would increase the number of cells in the workbook above the limit of 10000000 cells.`,
    );
    // Sheet1's 26,000 cells + 9,973,990 + 10 = exactly 10,000,000 fits; one cell more does not.
    batch(emu, [
      { addSheet: { properties: { title: 'Big', gridProperties: { rowCount: 383615, columnCount: 26 } } } },
      { addSheet: { properties: { title: 'Tiny', gridProperties: { rowCount: 1, columnCount: 10 } } } },
    ]);
    expect(emu.activeSpreadsheet.totalCells()).toBe(10_000_000);
    expect(() => batch(emu, [{ addSheet: { properties: { gridProperties: { rowCount: 1, columnCount: 1 } } } }])).toThrow(
      'above the limit of 10000000 cells',
    );
    expect(() =>
      batch(emu, [
        {
          updateSheetProperties: {
            properties: { sheetId: 0, gridProperties: { rowCount: 1001 } },
            fields: 'gridProperties.rowCount',
          },
        },
      ]),
    ).toThrow('Invalid requests[0].updateSheetProperties: This action would increase the number of cells');
    expect(() => exec(emu, 'SpreadsheetApp.getActive().insertSheet()')).toThrow('above the limit of 10000000 cells');
    expect(emu.activeSpreadsheet.totalCells()).toBe(10_000_000);
  });
});

describe('batchUpdate: repeatCell', () => {
  test('number formats per column and a bold header read back through SpreadsheetApp as its own setters would leave them', () => {
    const emu = sheetsEmulator();
    const rows = 2000;
    batch(emu, reportRequests(500, rows));
    exec(
      emu,
      `var ss = SpreadsheetApp.getActive(); var s = ss.insertSheet('ByHand'); s.deleteColumns(7, 20); s.insertRowsAfter(1000, 1000);
       var f = []; for (var r = 1; r < ${rows}; r++) f.push(['@', 'yyyy-mm-dd hh:mm:ss', '0', '#,##0.00', '@', '0.00%']);
       s.getRange(2, 1, ${rows - 1}, 6).setNumberFormats(f); s.getRange(1, 1, 1, 6).setFontWeight('bold');`,
    );
    const read = (name: string) =>
      exec(
        emu,
        `var s = SpreadsheetApp.getActive().getSheetByName(args[0]); var all = s.getRange(1, 1, ${rows}, 6);
         return [all.getNumberFormats(), all.getFontWeights(), s.getRange('C2').getNumberFormat(), s.getRange('A1').getFontWeight()];`,
        [name],
      ) as unknown[];
    const api = read('Calls');
    expect(api).toEqual(read('ByHand'));
    expect(emu.activeSpreadsheet.sheetNamed('Calls').columnWidths).toEqual(
      new Map([
        [1, 140],
        [2, 140],
      ]),
    );
    expect((api[0] as string[][])[1999]).toEqual(['@', 'yyyy-mm-dd hh:mm:ss', '0', '#,##0.00', '@', '0.00%']);
    expect((api[0] as string[][])[0]).toEqual(Array(6).fill('General'));
    expect((api[1] as string[][])[0]).toEqual(Array(6).fill('bold'));
    expect((api[1] as string[][])[1]).toEqual(Array(6).fill('normal'));
  });

  test('existing values are untouched, and a TEXT column then keeps what setValues writes as text', () => {
    const emu = sheetsEmulator();
    exec(emu, "SpreadsheetApp.getActiveSheet().getRange('A1:B2').setValues([['Phone', 'n'], [12.5, 7]])");
    batch(emu, [
      {
        repeatCell: {
          range: { sheetId: 0, startColumnIndex: 0, endColumnIndex: 1 },
          cell: { userEnteredFormat: { numberFormat: { type: 'TEXT' } } },
          fields: 'userEnteredFormat.numberFormat',
        },
      },
    ]);
    const sheet = emu.activeSpreadsheet.sheetNamed('Sheet1');
    expect(sheet.getValues()).toEqual([
      ['Phone', 'n'],
      [12.5, 7],
    ]);
    exec(emu, "SpreadsheetApp.getActiveSheet().getRange('A3').setValue('+4915112345678')");
    expect(sheet.at('A3')).toMatchObject({ value: '+4915112345678', format: '@' });
    expect(sheet.at('A1000').format).toBe('@');
  });

  test('a type without a pattern gets the documented default pattern; an unknown or missing type is invalid', () => {
    const emu = sheetsEmulator();
    const types = ['TEXT', 'NUMBER', 'PERCENT', 'CURRENCY', 'DATE', 'TIME', 'DATE_TIME', 'SCIENTIFIC'];
    batch(
      emu,
      types.map((type, c) => ({
        repeatCell: {
          range: { sheetId: 0, startRowIndex: 0, endRowIndex: 1, startColumnIndex: c, endColumnIndex: c + 1 },
          cell: { userEnteredFormat: { numberFormat: { type } } },
          fields: 'userEnteredFormat.numberFormat',
        },
      })),
    );
    expect(exec(emu, "return SpreadsheetApp.getActiveSheet().getRange('A1:H1').getNumberFormats()[0]")).toEqual([
      '@',
      '#,##0.00',
      '0.00%',
      '"$"#,##0.00',
      'M/d/yyyy',
      'h:mm:ss am/pm',
      'M/d/yyyy H:mm:ss',
      '0.00E+00',
    ]);
    exec(emu, "SpreadsheetApp.getActiveSheet().getRange('B1:H1').setValues([[1234.5, 0.125, 9.5, 46000, 0.75, 46000.5, 12345]])");
    expect(emu.activeSpreadsheet.sheetNamed('Sheet1').getDisplayValues()[0].slice(1)).toEqual([
      '1,234.50',
      '12.50%',
      '$9.50',
      '12/9/2025',
      '6:00:00 PM',
      '12/9/2025 12:00:00',
      '1.23E+04',
    ]);
    const cell = (numberFormat: unknown) => ({
      repeatCell: {
        range: { sheetId: 0 },
        cell: { userEnteredFormat: { numberFormat } },
        fields: 'userEnteredFormat.numberFormat',
      },
    });
    expect(() => batch(emu, [cell({ type: 'MONEY' })])).toThrow(
      `${FAILED}Invalid value at 'requests[0].repeat_cell.cell.user_entered_format.number_format.type' (type.googleapis.com/google.apps.sheets.v4.NumberFormatType), "MONEY"`,
    );
    expect(() => batch(emu, [cell({ pattern: '0.0' })])).toThrow(
      'Invalid requests[0].repeatCell: numberFormat.type must be one of TEXT, NUMBER',
    );
  });

  test('the fields mask decides what changes', () => {
    const emu = sheetsEmulator();
    exec(emu, "var r = SpreadsheetApp.getActiveSheet().getRange('A1:C1'); r.setNumberFormat('0.0'); r.setFontWeight('bold');");
    const both = { numberFormat: { type: 'NUMBER', pattern: '#,##0' }, textFormat: { bold: false } };
    const repeat = (col: number, fields: string, format: unknown = both) => ({
      repeatCell: {
        range: { sheetId: 0, startRowIndex: 0, endRowIndex: 1, startColumnIndex: col, endColumnIndex: col + 1 },
        cell: { userEnteredFormat: format },
        fields,
      },
    });
    batch(emu, [
      repeat(0, 'userEnteredFormat.numberFormat'),
      repeat(1, 'userEnteredFormat.textFormat.bold'),
      // The whole userEnteredFormat: what the cell does not give is reset (here: bold, so it becomes normal).
      repeat(2, 'userEnteredFormat', { numberFormat: { type: 'PERCENT', pattern: '0%' } }),
    ]);
    const read =
      "var r = SpreadsheetApp.getActiveSheet().getRange('A1:D1'); return [r.getNumberFormats()[0], r.getFontWeights()[0]];";
    expect(exec(emu, read)).toEqual([
      ['#,##0', '0.0', '0%', 'General'],
      ['bold', 'normal', 'normal', 'normal'],
    ]);
    // Parenthesised masks, as in the API's own examples; a masked numberFormat the cell lacks is reset to Automatic.
    batch(emu, [repeat(0, 'userEnteredFormat(numberFormat,textFormat.bold)', { textFormat: { bold: true } })]);
    expect(exec(emu, read)).toEqual([
      ['General', '0.0', '0%', 'General'],
      ['bold', 'normal', 'normal', 'normal'],
    ]);
    expect(() => batch(emu, [repeat(0, '')])).toThrow(
      "Invalid requests[0].repeatCell: At least one field must be specified in 'fields'.",
    );
    expect(() => batch(emu, [repeat(0, 'userEnteredFormat.backgroundColor')])).toThrow(
      'Invalid requests[0].repeatCell: fields "userEnteredFormat.backgroundColor" is not modelled by the emulator',
    );
    expect(() => batch(emu, [repeat(0, '*')])).toThrow('is not modelled by the emulator');
    expect(() => batch(emu, [repeat(0, 'userEnteredFormat.numberFormat, userEnteredFormat.textFormat')])).toThrow(
      'Invalid requests[0].repeatCell: Invalid field mask',
    );
    expect(() => batch(emu, [repeat(0, 'userEnteredFormat', { textFormat: { italic: true } })])).toThrow(
      'cell.userEnteredFormat.textFormat.italic is not modelled by the emulator',
    );
  });

  test('a range past the grid, or on a sheet that does not exist, is invalid', () => {
    const emu = sheetsEmulator();
    const repeat = (range: object) => ({
      repeatCell: {
        range,
        cell: { userEnteredFormat: { textFormat: { bold: true } } },
        fields: 'userEnteredFormat.textFormat.bold',
      },
    });
    expect(() => batch(emu, [repeat({ sheetId: 0, startRowIndex: 0, endRowIndex: 1001 })])).toThrow(
      `${FAILED}Invalid requests[0].repeatCell: Range ('Sheet1'!A1:Z1001) exceeds grid limits. Max rows: 1000, max columns: 26`,
    );
    expect(() => batch(emu, [repeat({ sheetId: 0, startColumnIndex: 26, endColumnIndex: 27 })])).toThrow('exceeds grid limits');
    expect(() => batch(emu, [repeat({ sheetId: 99 })])).toThrow(`${FAILED}Invalid requests[0].repeatCell: No grid with id: 99`);
    expect(emu.activeSpreadsheet.sheetNamed('Sheet1').rows.length).toBe(0);
  });

  test('over a 100,000-row sheet it is not slower than setNumberFormats over the same cells', () => {
    const emu = sheetsEmulator();
    const rows = 100_000;
    exec(emu, `var ss = SpreadsheetApp.getActive(); ss.insertSheet('ByHand').insertRowsAfter(1000, ${rows - 1000});`);
    let t = Date.now();
    exec(
      emu,
      `var f = [], line = ['@', '0', '#,##0.00', 'M/d/yyyy', '@', '0.00%'];
       for (var r = 1; r < ${rows}; r++) f.push(line.slice());
       SpreadsheetApp.getActive().getSheetByName('ByHand').getRange(2, 1, ${rows - 1}, 6).setNumberFormats(f);`,
    );
    const setNumberFormatsMs = Date.now() - t;
    t = Date.now();
    batch(emu, reportRequests(900, rows));
    const batchMs = Date.now() - t;
    expect(batchMs).toBeLessThan(setNumberFormatsMs);
    expect(emu.activeSpreadsheet.sheetNamed('Calls').at(`F${rows}`).format).toBe('0.00%');
  });
});

describe('batchUpdate: atomic, one write call', () => {
  test('a batch whose 2nd request is invalid changes nothing at all', () => {
    const emu = sheetsEmulator();
    expect(() =>
      batch(emu, [
        { addSheet: { properties: { sheetId: 12, title: 'Calls' } } },
        { repeatCell: { range: { sheetId: 12, endRowIndex: 1001 }, cell: {}, fields: 'userEnteredFormat' } },
      ]),
    ).toThrow(
      `${FAILED}Invalid requests[1].repeatCell: Range ('Calls'!A1:Z1001) exceeds grid limits. Max rows: 1000, max columns: 26`,
    );
    expect(exec(emu, "return SpreadsheetApp.getActive().getSheetByName('Calls')")).toBeNull();
    expect(() => batch(emu, [...reportRequests(77, 5000), { addSheet: { properties: { title: 'Calls' } } }])).toThrow(
      `${FAILED}Invalid requests[9].addSheet: A sheet with the name "Calls" already exists. Please enter another name.`,
    );
    expect(() =>
      batch(emu, [
        {
          repeatCell: {
            range: { sheetId: 0 },
            cell: { userEnteredFormat: { textFormat: { bold: true } } },
            fields: 'userEnteredFormat',
          },
        },
        { addSheet: { properties: { title: 'Calls', gridProperties: { rowCount: 10, frozenRowCount: 10 } } } },
      ]),
    ).toThrow(`${FAILED}Invalid requests[1].addSheet: You can't freeze all visible rows on the sheet.`);
    expect(sheetNames(emu)).toEqual(['Sheet1']);
    expect(emu.activeSpreadsheet.sheetNamed('Sheet1').rows.length).toBe(0);
  });

  test('later requests see earlier ones (a sheet added in the batch can be formatted, renamed, deleted)', () => {
    const emu = sheetsEmulator();
    const res = batch(emu, [
      { addSheet: { properties: { sheetId: 5, title: 'Tmp' } } },
      { updateSheetProperties: { properties: { sheetId: 5, title: 'Kept' }, fields: 'title' } },
      { addSheet: { properties: { sheetId: 6, title: 'Tmp' } } },
      { deleteSheet: { sheetId: 6 } },
    ]);
    expect(res.replies.map((r: object) => Object.keys(r)[0] ?? '{}')).toEqual(['addSheet', '{}', 'addSheet', '{}']);
    expect(sheetNames(emu)).toEqual(['Sheet1', 'Kept']);
  });

  test('one batch is one write call (stats.writeCalls, modelled latency), whatever it holds; formatted cells count as written', () => {
    const emu = sheetsEmulator({ writeLatencyMs: 250 });
    emu.resetStats();
    batch(emu, reportRequests(3, 1001));
    expect(emu.stats).toMatchObject({ writeCalls: 1, modelledMs: 250, cellsWritten: 6 * 1000 + 6 });
    exec(emu, 'SpreadsheetApp.getActive().getSheetByName("Calls").setFrozenRows(2)');
    expect(emu.stats.writeCalls).toBe(2);
    expect(() => batch(emu, [{ addSheet: { properties: { title: 'Calls' } } }])).toThrow('already exists');
    expect(emu.stats.writeCalls).toBe(3); // a refused call still went to the API
  });

  test('request kinds: unknown names and unmodelled kinds are refused, so nothing can rely on them', () => {
    const emu = sheetsEmulator();
    expect(() => batch(emu, [{ addSheets: {} }])).toThrow(
      `${FAILED}Invalid JSON payload received. Unknown name "addSheets" at 'requests[0]': Cannot find field.`,
    );
    expect(() => batch(emu, [{ mergeCells: { range: { sheetId: 0 }, mergeType: 'MERGE_ALL' } }])).toThrow(
      `${FAILED}Invalid requests[0].mergeCells: the mergeCells request is not modelled by the emulator`,
    );
    expect(() => batch(emu, [{ addSheet: { properties: { titel: 'x' } } }])).toThrow(
      `Invalid JSON payload received. Unknown name "titel" at 'requests[0].add_sheet.properties': Cannot find field.`,
    );
    expect(() => batch(emu, [{ addSheet: { properties: { gridProperties: { rowCount: 'many' } } } }])).toThrow(
      `Invalid value at 'requests[0].add_sheet.properties.grid_properties.row_count' (TYPE_INT32), "many"`,
    );
    expect(() => batch(emu, [{ addSheet: {}, deleteSheet: { sheetId: 0 } }])).toThrow("oneof field 'kind' is already set");
    expect(() => batch(emu, [{}])).toThrow('Invalid requests[0]: No request set.');
    expect(() => batch(emu, [])).toThrow(`${FAILED}Must specify at least one request.`);
    expect(sheetNames(emu)).toEqual(['Sheet1']);
  });
});

describe('batchUpdate: other requests', () => {
  test('updateSheetProperties applies only the masked fields', () => {
    const emu = sheetsEmulator();
    exec(emu, "SpreadsheetApp.getActive().insertSheet('Second');");
    const id = emu.activeSpreadsheet.sheetNamed('Second').sheetId;
    batch(emu, [
      {
        updateSheetProperties: {
          properties: {
            sheetId: id,
            title: 'Ignored',
            index: 0,
            gridProperties: { frozenRowCount: 2, rowCount: 5000, columnCount: 3 },
          },
          fields: 'gridProperties(frozenRowCount,rowCount),index',
        },
      },
    ]);
    const r = exec(
      emu,
      'var s = SpreadsheetApp.getActive().getSheetById(args[0]); return [s.getName(), s.getIndex(), s.getFrozenRows(), s.getMaxRows(), s.getMaxColumns()];',
      [id],
    );
    expect(r).toEqual(['Second', 1, 2, 5000, 26]);
    exec(emu, "SpreadsheetApp.getActive().getSheetByName('Second').getRange('A1500').setValue('x')");
    // Shrinking the grid drops what lies outside it, as in Sheets; rename and move back (index counted before the move).
    batch(emu, [
      { updateSheetProperties: { properties: { sheetId: id, title: 'Renamed', index: 2 }, fields: 'title,index' } },
      {
        updateSheetProperties: {
          properties: { sheetId: id, gridProperties: { rowCount: 1000, columnCount: 2 } },
          fields: 'gridProperties.rowCount,gridProperties.columnCount',
        },
      },
    ]);
    expect(sheetNames(emu)).toEqual(['Sheet1', 'Renamed']);
    expect(emu.activeSpreadsheet.sheetNamed('Renamed')).toMatchObject({ maxRows: 1000, maxColumns: 2, frozenRows: 2 });
    expect(emu.activeSpreadsheet.sheetNamed('Renamed').lastRow()).toBe(0);
    expect(() =>
      batch(emu, [
        {
          updateSheetProperties: {
            properties: { sheetId: id, gridProperties: { frozenRowCount: 1000 } },
            fields: 'gridProperties.frozenRowCount',
          },
        },
      ]),
    ).toThrow("Invalid requests[0].updateSheetProperties: You can't freeze all visible rows on the sheet.");
    expect(() =>
      batch(emu, [{ updateSheetProperties: { properties: { sheetId: id, title: 'Sheet1' }, fields: 'title' } }]),
    ).toThrow('A sheet with the name "Sheet1" already exists.');
    expect(() => batch(emu, [{ updateSheetProperties: { properties: { sheetId: 12345 }, fields: 'title' } }])).toThrow(
      'Invalid requests[0].updateSheetProperties: No sheet with id: 12345',
    );
  });

  test('updateDimensionProperties: column widths (pixelSize) and rows hidden by the user; row heights are not modelled', () => {
    const emu = sheetsEmulator();
    const dims = (dimension: string, startIndex: number, endIndex: number, properties: object, fields: string) => ({
      updateDimensionProperties: { range: { sheetId: 0, dimension, startIndex, endIndex }, properties, fields },
    });
    batch(emu, [
      dims('COLUMNS', 1, 3, { pixelSize: 180 }, 'pixelSize'),
      dims('ROWS', 4, 6, { hiddenByUser: true }, 'hiddenByUser'),
    ]);
    expect(
      exec(
        emu,
        'var s = SpreadsheetApp.getActiveSheet(); return [s.getColumnWidth(1), s.getColumnWidth(2), s.getColumnWidth(3), s.getColumnWidth(4), s.isRowHiddenByUser(4), s.isRowHiddenByUser(5), s.isRowHiddenByUser(6), s.isRowHiddenByUser(7)];',
      ),
    ).toEqual([100, 180, 180, 100, false, true, true, false]);
    expect(() => batch(emu, [dims('ROWS', 0, 1, { pixelSize: 40 }, 'pixelSize')])).toThrow(
      'Invalid requests[0].updateDimensionProperties: fields "pixelSize" for ROWS is not modelled by the emulator',
    );
    expect(() => batch(emu, [dims('COLUMNS', 0, 27, { pixelSize: 40 }, 'pixelSize')])).toThrow('exceeds grid limits');
    expect(() => batch(emu, [dims('COLUMNS', 0, 1, {}, 'pixelSize')])).toThrow('pixelSize (0) must be at least 1.');
  });

  test('autoResizeDimensions (COLUMNS) sets the widths Sheet.autoResizeColumns sets', () => {
    const emu = sheetsEmulator();
    const fill =
      "var ss = SpreadsheetApp.getActive(); var s = ss.getSheetByName(args[0]) || ss.insertSheet(args[0]); s.getRange('A1:C2').setValues([['Date', 'A much longer caller name', 'x'], [1, 'short', 'y']]);";
    exec(emu, fill, ['Sheet1']);
    exec(emu, fill, ['ByHand']);
    exec(emu, "SpreadsheetApp.getActive().getSheetByName('ByHand').autoResizeColumns(1, 2)");
    batch(emu, [{ autoResizeDimensions: { dimensions: { sheetId: 0, dimension: 'COLUMNS', startIndex: 0, endIndex: 2 } } }]);
    const widths = (name: string) =>
      exec(
        emu,
        'var s = SpreadsheetApp.getActive().getSheetByName(args[0]); return [1, 2, 3].map(function (c) { return s.getColumnWidth(c); });',
        [name],
      );
    expect(widths('Sheet1')).toEqual(widths('ByHand'));
    expect((widths('Sheet1') as number[])[1]).toBeGreaterThan(100);
    expect((widths('Sheet1') as number[])[2]).toBe(100);
    expect(() =>
      batch(emu, [{ autoResizeDimensions: { dimensions: { sheetId: 0, dimension: 'COLUMNS', startIndex: 0, endIndex: 27 } } }]),
    ).toThrow('exceeds grid limits');
    expect(() => batch(emu, [{ autoResizeDimensions: { dimensions: { sheetId: 0, startIndex: 0, endIndex: 2 } } }])).toThrow(
      'dimensions.dimension must be ROWS or COLUMNS.',
    );
  });

  test('createDeveloperMetadata stores what SpreadsheetApp.addDeveloperMetadata stores, with the same limit', () => {
    const emu = sheetsEmulator();
    const res = batch(emu, [
      { addSheet: { properties: { sheetId: 31, title: 'Calls' } } },
      {
        createDeveloperMetadata: {
          developerMetadata: {
            metadataKey: 'cliqtel.report',
            metadataValue: '{"kind":"calls"}',
            visibility: 'DOCUMENT',
            location: { sheetId: 31 },
          },
        },
      },
      {
        createDeveloperMetadata: {
          developerMetadata: { metadataKey: 'cliqtel.doc', visibility: 'PROJECT', location: { spreadsheet: true } },
        },
      },
    ]);
    const created = res.replies[1].createDeveloperMetadata.developerMetadata;
    expect(created).toEqual({
      metadataId: expect.any(Number),
      metadataKey: 'cliqtel.report',
      metadataValue: '{"kind":"calls"}',
      location: { locationType: 'SHEET', sheetId: 31 },
      visibility: 'DOCUMENT',
    });
    expect(res.replies[2].createDeveloperMetadata.developerMetadata.location).toEqual({
      locationType: 'SPREADSHEET',
      spreadsheet: true,
    });
    const seen = exec(
      emu,
      `var ss = SpreadsheetApp.getActive(); var m = ss.getSheetByName('Calls').getDeveloperMetadata()[0];
       var found = ss.createDeveloperMetadataFinder().withKey('cliqtel.report').find();
       var doc = ss.getDeveloperMetadata()[0];
       return [m.getId(), m.getKey(), m.getValue(), m.getVisibility(), m.getLocation().getLocationType(), found.length,
         doc.getKey(), doc.getValue(), doc.getVisibility()];`,
    );
    expect(seen).toEqual([
      created.metadataId,
      'cliqtel.report',
      '{"kind":"calls"}',
      'DOCUMENT',
      'SHEET',
      1,
      'cliqtel.doc',
      null,
      'PROJECT',
    ]);
    const big = (n: number) => ({
      createDeveloperMetadata: {
        developerMetadata: { metadataKey: 'k', metadataValue: 'v'.repeat(n), visibility: 'DOCUMENT', location: { sheetId: 0 } },
      },
    });
    expect(() => batch(emu, [big(20000), big(10000)])).toThrow(
      'Invalid requests[1].createDeveloperMetadata: Adding this developer metadata would exceed the 30000 character limit for its location.',
    );
    expect(emu.activeSpreadsheet.sheetNamed('Sheet1').metadata).toEqual([]);
    expect(() =>
      batch(emu, [{ createDeveloperMetadata: { developerMetadata: { metadataKey: 'k', location: { sheetId: 0 } } } }]),
    ).toThrow('developerMetadata.visibility must be DOCUMENT or PROJECT.');
  });

  test('deleteSheet follows Spreadsheet.deleteSheet: the last sheet cannot go', () => {
    const emu = sheetsEmulator();
    batch(emu, [{ addSheet: { properties: { sheetId: 9, title: 'Extra' } } }, { deleteSheet: { sheetId: 0 } }]);
    expect(sheetNames(emu)).toEqual(['Extra']);
    expect(emu.activeSpreadsheet.activeSheet.name).toBe('Extra');
    expect(() => batch(emu, [{ deleteSheet: { sheetId: 9 } }])).toThrow(
      `${FAILED}Invalid requests[0].deleteSheet: You can't remove all the sheets in a document.`,
    );
    expect(() => batch(emu, [{ deleteSheet: { sheetId: 0 } }])).toThrow('Invalid requests[0].deleteSheet: No sheet with id: 0');
  });
});

describe('Spreadsheets.get', () => {
  test('properties and every sheet’s properties; a read, not a write; fields select a part', () => {
    const emu = sheetsEmulator();
    batch(emu, reportRequests(11, 100));
    emu.resetStats();
    const ss = emu.activeSpreadsheet;
    const got = exec(emu, 'return Sheets.Spreadsheets.get(SpreadsheetApp.getActive().getId());') as any;
    expect(got).toMatchObject({
      spreadsheetId: ss.id,
      properties: { title: 'Untitled spreadsheet', timeZone: ss.timeZone, locale: 'en_US' },
      sheets: [
        {
          properties: {
            sheetId: 0,
            title: 'Sheet1',
            index: 0,
            sheetType: 'GRID',
            gridProperties: { rowCount: 1000, columnCount: 26 },
          },
        },
        {
          properties: {
            sheetId: 11,
            title: 'Calls',
            index: 1,
            gridProperties: { rowCount: 100, columnCount: REPORT_COLUMNS, frozenRowCount: 1 },
          },
        },
      ],
    });
    expect(emu.stats).toMatchObject({ writeCalls: 0, readCalls: 1 });
    const part = exec(
      emu,
      "return Sheets.Spreadsheets.get(SpreadsheetApp.getActive().getId(), { fields: 'sheets.properties(sheetId,title)' });",
    );
    expect(part).toEqual({
      sheets: [{ properties: { sheetId: 0, title: 'Sheet1' } }, { properties: { sheetId: 11, title: 'Calls' } }],
    });
    expect(() =>
      exec(emu, "Sheets.Spreadsheets.get(SpreadsheetApp.getActive().getId(), { fields: 'sheets, properties' })"),
    ).toThrow(
      'GoogleJsonResponseException: API call to sheets.spreadsheets.get failed with error: Request contains an invalid argument.',
    );
  });
});
