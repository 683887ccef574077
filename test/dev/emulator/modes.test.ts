// Execution modes: what custom functions, time-driven triggers and unauthorised simple triggers may and may not do.
import { exec, fixtureEmulator } from './helpers';

// https://developers.google.com/apps-script/guides/sheets/functions#using_apps_script_services :
// custom functions are read-only (get*() yes, set*() no), cannot open other spreadsheets, show UI or create triggers;
// getUserProperties() returns the spreadsheet OWNER's properties; services needing authorization are refused.
describe('custom functions (mode "custom")', () => {
  test.each([
    ["SpreadsheetApp.getActiveSheet().getRange('A1').setValue(1)", 'You do not have permission to call Range.setValue'],
    ["SpreadsheetApp.getActiveSheet().getRange('A1').setValues([[1]])", 'You do not have permission to call Range.setValues'],
    ["SpreadsheetApp.getActiveSheet().getRange('A1').clear()", 'You do not have permission to call Range.clear'],
    [
      "SpreadsheetApp.getActiveSheet().getRange('A1').setNumberFormat('@')",
      'You do not have permission to call Range.setNumberFormat',
    ],
    ['SpreadsheetApp.getActiveSheet().insertRowsAfter(1, 1)', 'You do not have permission to call Sheet.insertRowsAfter'],
    ['SpreadsheetApp.getActiveSheet().deleteRows(1, 1)', 'You do not have permission to call Sheet.deleteRows'],
    ["SpreadsheetApp.getActiveSheet().appendRow(['x'])", 'You do not have permission to call Sheet.appendRow'],
    ["SpreadsheetApp.getActive().insertSheet('X')", 'You do not have permission to call Spreadsheet.insertSheet'],
    ["SpreadsheetApp.getActive().toast('hi')", 'You do not have permission to call Spreadsheet.toast'],
    [
      "SpreadsheetApp.getActive().addDeveloperMetadata('k', 'v')",
      'You do not have permission to call Spreadsheet.addDeveloperMetadata',
    ],
    ["SpreadsheetApp.openById('x')", 'You do not have permission to call SpreadsheetApp.openById'],
    [
      "SpreadsheetApp.openByUrl('https://docs.google.com/spreadsheets/d/x/edit')",
      'You do not have permission to call SpreadsheetApp.openByUrl',
    ],
    ['SpreadsheetApp.getUi()', 'Cannot call SpreadsheetApp.getUi() from this context.'],
    ["ScriptApp.newTrigger('x')", 'You do not have permission to call ScriptApp.newTrigger'],
    ['ScriptApp.getProjectTriggers()', 'You do not have permission to call ScriptApp.getProjectTriggers'],
  ])('%s is refused', (snippet, message) => {
    const emu = fixtureEmulator();
    expect(() => emu.runCustomFunction('exec', [snippet])).toThrow(message);
  });

  test('reads, Properties, Cache, Lock, Utilities and HtmlService (generating, not showing) work', () => {
    const emu = fixtureEmulator();
    exec(emu, "SpreadsheetApp.getActiveSheet().getRange('A1').setValue('x')");
    const r = emu.runCustomFunction('exec', [
      "var v = SpreadsheetApp.getActiveSheet().getRange('A1').getValue(); CacheService.getScriptCache().put('k', 'v'); LockService.getScriptLock().tryLock(10); return [v, PropertiesService.getScriptProperties().getKeys().length, Utilities.base64Encode('a'), HtmlService.createHtmlOutput('<b>x</b>').getContent()];",
    ]);
    expect(r).toEqual(['x', 0, 'YQ==', '<b>x</b>']);
  });

  test("getUserProperties() is the spreadsheet owner's store, and getActiveUser() is empty", () => {
    const emu = fixtureEmulator({ owner: 'owner@example.com' });
    emu.userProperties('owner@example.com').set('key', 'owner-key');
    emu.userProperties('editor@example.com').set('key', 'editor-key');
    emu.activeSpreadsheet.sheetNamed('Sheet1').ensureCell(1, 1).formula = '=CLIQTEL_WHO()';
    emu.evaluateFormula('Sheet1', 'A1', { user: 'editor@example.com' });
    expect(emu.activeSpreadsheet.sheetNamed('Sheet1').getValues()[0]).toEqual(['', 'owner@example.com', 'owner-key']);
  });

  test("an editor recalculating a formula cannot change the owner's user properties", () => {
    const emu = fixtureEmulator();
    expect(() =>
      emu.runCustomFunction('exec', ["PropertiesService.getUserProperties().setProperty('k', 'v')"], {
        user: 'editor@example.com',
      }),
    ).toThrow('You do not have permission');
    expect(emu.userProperties('owner@example.com').get('k')).toBeUndefined();
  });

  test('custom functions are found case-insensitively, like Sheets formulas', () => {
    const emu = fixtureEmulator();
    expect(emu.runCustomFunction('cliqtel_table', [1])).toEqual([
      ['n', 'text'],
      [1, '001'],
    ]);
  });

  test("in a formula, a refused write becomes #ERROR! with Sheets' message kept for the tooltip", () => {
    const emu = fixtureEmulator();
    emu.activeSpreadsheet.sheetNamed('Sheet1').ensureCell(1, 1).formula = '=CLIQTEL_WRITE()';
    emu.evaluateFormula('Sheet1', 'A1');
    expect(emu.activeSpreadsheet.sheetNamed('Sheet1').at('A1')).toMatchObject({
      display: '#ERROR!',
      errorMessage: 'You do not have permission to call Range.setValue',
    });
  });
});

// docs/architecture.md#apps-script-rules / https://developers.google.com/workspace/add-ons/concepts/editor-triggers :
// an editor add-on's time-driven trigger has no document: active spreadsheet, document properties/cache/lock are all null.
describe('time-driven triggers (mode "trigger")', () => {
  test('no document context, openById works, the user is the trigger owner, e.authMode is FULL', () => {
    const emu = fixtureEmulator();
    const ssId = emu.activeSpreadsheet.id;
    emu.userProperties('owner@example.com').set('spreadsheetId', ssId);
    const r = emu.run('scheduledRefresh', [], { mode: 'trigger', user: 'owner@example.com' });
    expect(r).toEqual({
      skipped: false,
      active: true,
      documentProperties: true,
      documentCache: true,
      documentLock: true,
      authMode: 'FULL',
    });
    expect(emu.activeSpreadsheet.sheetNamed('Sheet1').at('A1').value).toBe('refreshed by owner@example.com');
  });

  test('no UI in a trigger: getUi throws', () => {
    const emu = fixtureEmulator();
    expect(() => emu.run('exec', ['SpreadsheetApp.getUi()'], { mode: 'trigger' })).toThrow(
      'Cannot call SpreadsheetApp.getUi() from this context.',
    );
  });

  test('openById refuses spreadsheets the user never had access to', () => {
    const emu = fixtureEmulator();
    const other = emu.createSpreadsheet('Private', { owner: 'someone@example.com' });
    expect(() =>
      emu.run('exec', ['SpreadsheetApp.openById(args[0])', other.id], { mode: 'trigger', user: 'owner@example.com' }),
    ).toThrow('You do not have permission to access the requested document.');
  });
});

// https://developers.google.com/apps-script/reference/script/auth-mode : AuthMode.NONE allows no service that
// needs authorization (only menus); simple triggers (LIMITED) may touch the bound document but not UrlFetch,
// triggers or other files, and cannot open a sidebar.
describe('simple triggers and authorization modes', () => {
  test('onOpen in AuthMode.NONE can build the add-on menu', () => {
    const emu = fixtureEmulator();
    expect(emu.run('onOpen', [], { mode: 'simple', authMode: 'NONE' })).toBe('NONE');
    expect(emu.ui.menus[0]).toMatchObject({
      addon: true,
      items: [
        { caption: 'Open sidebar', functionName: 'showSidebar' },
        { separator: true },
        { caption: 'More', submenu: [{ caption: 'Refresh', functionName: 'refresh' }] },
      ],
    });
  });

  test.each([
    'SpreadsheetApp.getActiveSpreadsheet()',
    'PropertiesService.getDocumentProperties()',
    'PropertiesService.getUserProperties()',
    'CacheService.getUserCache()',
    'LockService.getUserLock()',
    "UrlFetchApp.fetch('https://cliqtel.com/api/v1/x')",
    'ScriptApp.getProjectTriggers()',
  ])('AuthMode.NONE refuses %s', (snippet) => {
    const emu = fixtureEmulator();
    expect(() => emu.run('exec', [snippet], { mode: 'simple', authMode: 'NONE' })).toThrow('You do not have permission to call');
  });

  test('AuthMode.LIMITED reads document properties and writes the bound sheet, but cannot fetch, create triggers or show a sidebar', () => {
    const emu = fixtureEmulator();
    emu.documentProperties().set('menuExtra', 'Saved reports');
    expect(emu.run('onOpen', [], { mode: 'simple' })).toBe('LIMITED');
    expect(emu.ui.menus[0].items.map((i) => i.caption)).toContain('Saved reports');
    exec(emu, "SpreadsheetApp.getActiveSheet().getRange('A1').setValue(1)", [], { mode: 'simple' });
    expect(() => exec(emu, "UrlFetchApp.fetch('https://cliqtel.com/api/v1/x')", [], { mode: 'simple' })).toThrow(
      'You do not have permission to call UrlFetchApp.fetch',
    );
    expect(() => exec(emu, "ScriptApp.newTrigger('x')", [], { mode: 'simple' })).toThrow(
      'You do not have permission to call ScriptApp.newTrigger',
    );
    expect(() => emu.run('showSidebar', [], { mode: 'simple' })).toThrow('You do not have permission to call Ui.showSidebar');
  });
});
