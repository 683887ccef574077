// Properties, Cache, Lock, ScriptApp triggers, HtmlService/Ui, Utilities and Session as the emulator models them.
import { exec, fixtureEmulator } from './helpers';

describe('PropertiesService', () => {
  test('script, user (per user) and document (per spreadsheet) stores are separate and persist across invocations', () => {
    const emu = fixtureEmulator();
    exec(
      emu,
      "PropertiesService.getScriptProperties().setProperty('s', '1'); PropertiesService.getUserProperties().setProperty('u', '2'); PropertiesService.getDocumentProperties().setProperty('d', '3');",
      [],
      { user: 'ann@example.com' },
    );
    const asBob = exec(
      emu,
      "return [PropertiesService.getScriptProperties().getProperty('s'), PropertiesService.getUserProperties().getProperty('u'), PropertiesService.getDocumentProperties().getProperty('d')];",
      [],
      { user: 'bob@example.com' },
    );
    expect(asBob).toEqual(['1', null, '3']);
    expect(emu.userProperties('ann@example.com').get('u')).toBe('2');
    const other = emu.createSpreadsheet('Other');
    expect(
      exec(emu, "return PropertiesService.getDocumentProperties().getProperty('d');", [], { spreadsheetId: other.id }),
    ).toBeNull();
  });

  // https://developers.google.com/apps-script/guides/services/quotas : 9 KB per value, 500 KB per store.
  test('a value over 9 KB is refused', () => {
    const emu = fixtureEmulator();
    expect(() => exec(emu, "PropertiesService.getUserProperties().setProperty('k', new Array(9 * 1024 + 2).join('x'))")).toThrow(
      'Argument too large: value',
    );
    exec(emu, "PropertiesService.getUserProperties().setProperty('k', new Array(9 * 1024 - 10).join('x'))");
  });

  test('a store over 500 KB is refused', () => {
    const emu = fixtureEmulator();
    expect(() =>
      exec(
        emu,
        "var p = PropertiesService.getScriptProperties(); for (var i = 0; i < 60; i++) p.setProperty('k' + i, new Array(9000).join('x'));",
      ),
    ).toThrow('You have exceeded the property storage quota.');
  });
});

describe('CacheService', () => {
  // https://developers.google.com/apps-script/reference/cache/cache : 250-char keys, 100 KB values, TTL ≤ 21600 s (default 600).
  test('values over 100 KB and keys over 250 characters are refused', () => {
    const emu = fixtureEmulator();
    expect(() => exec(emu, "CacheService.getScriptCache().put('k', new Array(100 * 1024 + 2).join('x'))")).toThrow(
      'Argument too large: value',
    );
    expect(() => exec(emu, "CacheService.getScriptCache().put(new Array(252).join('k'), 'v')")).toThrow(
      'Argument too large: key',
    );
    exec(emu, "CacheService.getScriptCache().put('k', new Array(100 * 1024).join('x'))");
    expect(() => exec(emu, "CacheService.getScriptCache().put('k', 'v', 21601)")).toThrow('expirationInSeconds');
  });

  test('entries expire by the emulator clock (default 600 s) and hits/misses are counted', () => {
    const emu = fixtureEmulator();
    exec(emu, "CacheService.getUserCache().put('a', '1'); CacheService.getUserCache().putAll({b: '2', c: '3'}, 3600);");
    expect(exec(emu, "return CacheService.getUserCache().getAll(['a', 'b', 'z']);")).toEqual({ a: '1', b: '2' });
    emu.advanceClock(601 * 1000);
    expect(exec(emu, "return [CacheService.getUserCache().get('a'), CacheService.getUserCache().get('c')];")).toEqual([
      null,
      '3',
    ]);
    expect(emu.stats).toMatchObject({ cacheHits: 3, cacheMisses: 2 });
  });

  test('user caches are per user; document caches per spreadsheet', () => {
    const emu = fixtureEmulator();
    exec(emu, "CacheService.getUserCache().put('k', 'ann'); CacheService.getDocumentCache().put('d', 'doc');", [], {
      user: 'ann@example.com',
    });
    expect(
      exec(emu, "return [CacheService.getUserCache().get('k'), CacheService.getDocumentCache().get('d')];", [], {
        user: 'bob@example.com',
      }),
    ).toEqual([null, 'doc']);
  });
});

describe('LockService', () => {
  test('tryLock fails while another execution holds the user lock, and succeeds once it is released', () => {
    const emu = fixtureEmulator();
    emu.holdUserLock('owner@example.com');
    expect(exec(emu, 'return LockService.getUserLock().tryLock(5000);')).toBe(false);
    // Other users and the script lock are unaffected.
    expect(exec(emu, 'return LockService.getUserLock().tryLock(10);', [], { user: 'bob@example.com' })).toBe(true);
    expect(() => exec(emu, 'LockService.getUserLock().waitLock(1000)')).toThrow(
      'Lock timeout: another process was holding the lock for too long.',
    );
    emu.releaseUserLock('owner@example.com');
    expect(exec(emu, 'var l = LockService.getUserLock(); return [l.tryLock(10), l.hasLock()];')).toEqual([true, true]);
  });

  test('locks an execution forgets to release are released when it ends', () => {
    const emu = fixtureEmulator();
    exec(emu, 'LockService.getScriptLock().waitLock(10);');
    expect(exec(emu, 'return LockService.getScriptLock().tryLock(10);')).toBe(true);
  });

  test('a scheduled run that finds the user lock taken skips', () => {
    const emu = fixtureEmulator();
    emu.userProperties('owner@example.com').set('spreadsheetId', emu.activeSpreadsheet.id);
    emu.holdUserLock('owner@example.com');
    expect(emu.run('scheduledRefresh', [], { mode: 'trigger' })).toEqual({ skipped: true });
  });
});

describe('ScriptApp triggers (editor add-on rules)', () => {
  test('a clock trigger records owner, document, handler and schedule; getTriggerSourceId is null', () => {
    const emu = fixtureEmulator();
    const r = exec(
      emu,
      "var t = ScriptApp.newTrigger('scheduledRefresh').timeBased().everyHours(6).create(); return [t.getHandlerFunction(), String(t.getEventType()), String(t.getTriggerSource()), t.getTriggerSourceId(), t.getUniqueId().length > 0];",
    );
    expect(r).toEqual(['scheduledRefresh', 'CLOCK', 'CLOCK', null, true]);
    expect(emu.triggers[0]).toMatchObject({
      owner: 'owner@example.com',
      documentId: emu.activeSpreadsheet.id,
      schedule: { everyHours: 6 },
    });
  });

  // https://developers.google.com/apps-script/guides/triggers/installable#time-driven_triggers : add-ons at most hourly.
  test('add-ons cannot create triggers that run more often than hourly', () => {
    const emu = fixtureEmulator();
    expect(() => exec(emu, "ScriptApp.newTrigger('x').timeBased().everyMinutes(30).create()")).toThrow(
      'more often than once per hour',
    );
    expect(() => exec(emu, "ScriptApp.newTrigger('x').timeBased().everyHours(3).create()")).toThrow('Invalid argument');
  });

  // https://developers.google.com/workspace/add-ons/concepts/editor-triggers : one trigger of each type per user per document.
  test('one clock trigger per user per document; other documents and users are independent', () => {
    const emu = fixtureEmulator();
    exec(emu, "ScriptApp.newTrigger('a').timeBased().everyDays(1).atHour(6).create()");
    expect(() => exec(emu, "ScriptApp.newTrigger('b').timeBased().everyHours(1).create()")).toThrow(
      'already has a CLOCK trigger',
    );
    exec(emu, "ScriptApp.newTrigger('a').timeBased().everyHours(1).create()", [], { user: 'bob@example.com' });
    const other = emu.createSpreadsheet('Other');
    exec(emu, "ScriptApp.newTrigger('a').timeBased().everyHours(1).create()", [], { spreadsheetId: other.id });
    expect(emu.triggers).toHaveLength(3);
  });

  test("getProjectTriggers lists the user's triggers in every document; getUserTriggers(ss) only that document's", () => {
    const emu = fixtureEmulator();
    const first = emu.activeSpreadsheet.id;
    exec(emu, "ScriptApp.newTrigger('a').timeBased().everyHours(1).create()");
    const other = emu.createSpreadsheet('Other');
    exec(emu, "ScriptApp.newTrigger('b').timeBased().everyHours(1).create()", [], { spreadsheetId: other.id });
    exec(emu, "ScriptApp.newTrigger('c').timeBased().everyHours(1).create()", [], { user: 'bob@example.com' });
    expect(exec(emu, 'return ScriptApp.getProjectTriggers().map(function (t) { return t.getHandlerFunction(); });')).toEqual([
      'a',
      'b',
    ]);
    expect(
      exec(
        emu,
        'return ScriptApp.getUserTriggers(SpreadsheetApp.getActive()).map(function (t) { return t.getHandlerFunction(); });',
        [],
        { spreadsheetId: first },
      ),
    ).toEqual(['a']);
    exec(emu, 'ScriptApp.getUserTriggers(SpreadsheetApp.getActive()).forEach(function (t) { ScriptApp.deleteTrigger(t); });');
    expect(emu.triggers.map((t) => t.handler)).toEqual(['b', 'c']);
  });

  test('runTimeDrivenTriggers runs each clock trigger as its owner without a document', () => {
    const emu = fixtureEmulator();
    emu.userProperties('owner@example.com').set('spreadsheetId', emu.activeSpreadsheet.id);
    exec(emu, "ScriptApp.newTrigger('scheduledRefresh').timeBased().everyHours(1).create()");
    const [run] = emu.runTimeDrivenTriggers();
    expect(run).toMatchObject({
      handler: 'scheduledRefresh',
      owner: 'owner@example.com',
      result: { skipped: false, active: true },
    });
  });

  test('20 triggers per user per script at most', () => {
    const emu = fixtureEmulator({ addon: false });
    expect(() =>
      exec(emu, "for (var i = 0; i < 21; i++) ScriptApp.newTrigger('h' + i).timeBased().everyHours(1).create();"),
    ).toThrow('This script has too many triggers.');
  });
});

describe('HtmlService and Ui', () => {
  test('createHtmlOutputFromFile reads htmlDir/NAME.html; showSidebar records it', () => {
    const emu = fixtureEmulator();
    emu.run('showSidebar');
    expect(emu.ui.sidebars[0]).toMatchObject({ title: 'Cliqtel' });
    expect(emu.ui.sidebars[0].html).toContain('Cliqtel fixture sidebar');
    expect(() => exec(emu, "HtmlService.createHtmlOutputFromFile('Missing')")).toThrow('No HTML file named Missing was found.');
  });

  test('dialogs, alerts and scripted prompts', () => {
    const emu = fixtureEmulator();
    emu.ui.promptResponses.push({ text: 'DE', button: 'OK' });
    const r = exec(
      emu,
      "var ui = SpreadsheetApp.getUi(); ui.showModalDialog(HtmlService.createHtmlOutput('<p>x</p>').setWidth(400).setHeight(200), 'Export'); var b = ui.alert('Sure?', 'Really?', ui.ButtonSet.YES_NO); var p = ui.prompt('Country'); return [String(b), p.getResponseText(), String(p.getSelectedButton())];",
    );
    expect(r).toEqual(['YES', 'DE', 'OK']);
    expect(emu.ui.dialogs[0]).toMatchObject({ title: 'Export', width: 400, height: 200, modal: true });
    expect(emu.ui.alerts).toEqual(['Sure?: Really?']);
  });

  test('toasts are recorded in order with the time they were shown and their spreadsheet', () => {
    const emu = fixtureEmulator();
    const before = emu.now();
    exec(
      emu,
      "SpreadsheetApp.getActive().toast('Working…', 'Cliqtel', -1); SpreadsheetApp.getActive().toast('Done', 'Cliqtel', 5)",
    );
    expect(emu.toasts.map((t) => [t.message, t.title, t.timeoutSeconds, t.spreadsheetId])).toEqual([
      ['Working…', 'Cliqtel', -1, emu.activeSpreadsheet.id],
      ['Done', 'Cliqtel', 5, emu.activeSpreadsheet.id],
    ]);
    for (const t of emu.toasts) {
      expect(t.shownAt).toBeGreaterThanOrEqual(before);
      expect(t.shownAt).toBeLessThanOrEqual(emu.now());
    }
  });

  // Spreadsheet.toast(msg, title, timeoutSeconds): null/omitted → 5 s, negative → until dismissed; one toast shows
  // at a time, a new one replaces it (https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet).
  test('currentToast is the newest toast until it times out; an older one never comes back', () => {
    const emu = fixtureEmulator();
    expect(emu.currentToast()).toBeNull();
    exec(emu, "SpreadsheetApp.getActive().toast('first', 'Cliqtel', 30)");
    exec(emu, "SpreadsheetApp.getActive().toast('second', 'Cliqtel', 10)");
    const second = emu.toasts[1];
    expect(emu.currentToast({ at: second.shownAt })?.message).toBe('second');
    expect(emu.currentToast({ at: second.shownAt + 9_999 })?.message).toBe('second');
    // 10 s after 'second' it has expired; 'first' (30 s) was replaced by it and stays gone.
    expect(emu.currentToast({ at: second.shownAt + 10_000 })).toBeNull();
    expect(emu.currentToast({ at: second.shownAt + 20_000 })).toBeNull();
    expect(emu.toasts.map((t) => t.message)).toEqual(['first', 'second']);
  });

  test('the emulator clock decides expiry: advanceClock past the timeout hides the toast', () => {
    const emu = fixtureEmulator();
    exec(emu, "SpreadsheetApp.getActive().toast('short', 'Cliqtel', 1)");
    emu.advanceClock(1_000); // the clock never runs backwards, so 'short' has surely expired
    expect(emu.currentToast()).toBeNull();
  });

  test('a toast without timeout (or null) shows for 5 s; a negative one stays until replaced or dismissed', () => {
    const emu = fixtureEmulator();
    exec(emu, "SpreadsheetApp.getActive().toast('default')");
    const byDefault = emu.toasts[0];
    expect(emu.currentToast({ at: byDefault.shownAt + 4_999 })?.message).toBe('default');
    expect(emu.currentToast({ at: byDefault.shownAt + 5_000 })).toBeNull();
    exec(emu, "SpreadsheetApp.getActive().toast('null', 'T', null)");
    const withNull = emu.toasts[1];
    expect(withNull).toMatchObject({ message: 'null', timeoutSeconds: undefined });
    expect(emu.currentToast({ at: withNull.shownAt + 4_999 })?.message).toBe('null');
    expect(emu.currentToast({ at: withNull.shownAt + 5_000 })).toBeNull();

    exec(emu, "SpreadsheetApp.getActive().toast('sticky', 'Cliqtel', -1)");
    emu.advanceClock(3_600_000);
    expect(emu.currentToast()?.message).toBe('sticky');
    exec(emu, "SpreadsheetApp.getActive().toast('next', 'Cliqtel', -1)");
    expect(emu.currentToast()?.message).toBe('next');
    emu.dismissToast();
    expect(emu.currentToast()).toBeNull();
  });

  test("currentToast is per spreadsheet: a toast in another spreadsheet does not replace this one's", () => {
    const emu = fixtureEmulator();
    const first = emu.activeSpreadsheet.id;
    exec(emu, "SpreadsheetApp.getActive().toast('here', 'Cliqtel', -1)");
    const other = emu.createSpreadsheet('Other');
    exec(emu, "SpreadsheetApp.getActive().toast('there', 'Cliqtel', -1)", [], { spreadsheetId: other.id });
    expect(emu.currentToast()?.message).toBe('here');
    expect(emu.currentToast({ spreadsheetId: first })?.message).toBe('here');
    expect(emu.currentToast({ spreadsheetId: other.id })?.message).toBe('there');
  });
});

describe('Utilities and Session', () => {
  test('parseCsv follows RFC 4180 (quoted commas, doubled quotes, newlines in quotes)', () => {
    const emu = fixtureEmulator();
    expect(exec(emu, 'return Utilities.parseCsv(args[0]);', ['id,note\n00123,"a, ""b""\nc"\n+49151,x'])).toEqual([
      ['id', 'note'],
      ['00123', 'a, "b"\nc'],
      ['+49151', 'x'],
    ]);
    expect(exec(emu, "return Utilities.parseCsv('a;b', ';');")).toEqual([['a', 'b']]);
  });

  test('formatDate uses SimpleDateFormat letters in the given zone', () => {
    const emu = fixtureEmulator();
    expect(
      exec(
        emu,
        "return Utilities.formatDate(new Date('2026-06-01T07:14:22.054Z'), 'Europe/Berlin', \"yyyy-MM-dd'T'HH:mm:ss.SSSXXX EEE Z\");",
      ),
    ).toBe('2026-06-01T09:14:22.054+02:00 Mon +0200');
    expect(exec(emu, "return Utilities.formatDate(new Date('2026-01-01T00:00:00Z'), 'UTC', 'yyyy-MM-dd HH:mm XXX');")).toBe(
      '2026-01-01 00:00 Z',
    );
  });

  test('computeDigest returns signed bytes like Apps Script; base64 round-trips', () => {
    const emu = fixtureEmulator();
    const r = exec(
      emu,
      "var d = Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, 'abc'); return [d.length, d[0], d[1], Utilities.base64Encode('hi?>'), Utilities.base64EncodeWebSafe('hi?>'), Utilities.newBlob(Utilities.base64Decode('aGk/Pg==')).getDataAsString()];",
    );
    // sha256('abc') starts ba 78 → -70, 120
    expect(r).toEqual([32, -70, 120, 'aGk/Pg==', 'aGk_Pg==', 'hi?>']);
  });

  test('Session: active user, stable temporary key per user, script time zone from the manifest', () => {
    const emu = fixtureEmulator();
    const ann1 = exec(
      emu,
      'return [Session.getActiveUser().getEmail(), Session.getTemporaryActiveUserKey(), Session.getScriptTimeZone()];',
      [],
      { user: 'ann@example.com' },
    ) as string[];
    const ann2 = exec(emu, 'return Session.getTemporaryActiveUserKey();', [], { user: 'ann@example.com' });
    const bob = exec(emu, 'return Session.getTemporaryActiveUserKey();', [], { user: 'bob@example.com' });
    expect(ann1[0]).toBe('ann@example.com');
    expect(ann1[1]).toBe(ann2);
    expect(bob).not.toBe(ann2);
    expect(ann1[2]).toBe('Etc/UTC');
  });
});
