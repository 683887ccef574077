// How the emulator runs code: a fresh global scope per invocation, function lookup, time limits, logs, clock.
import { Emulator } from '../../../dev/emulator/index';
import { exec, fixtureEmulator } from './helpers';

describe('invocations', () => {
  test('each invocation gets a fresh global scope: module-level state never survives (Apps Script re-runs the files every execution)', () => {
    const emu = fixtureEmulator();
    expect(emu.run('countCalls')).toEqual({ loadCount: 1, calls: 1 });
    expect(emu.run('countCalls')).toEqual({ loadCount: 1, calls: 1 });
  });

  test('a missing function fails like Apps Script: "Script function not found"', () => {
    const emu = fixtureEmulator();
    expect(() => emu.run('noSuchFunction')).toThrow('Script function not found: noSuchFunction');
  });

  test('functions ending in "_" are private and cannot be called from google.script.run or menus', () => {
    const emu = fixtureEmulator();
    expect(() => emu.run('helper_')).toThrow('Script function not found: helper_');
  });

  test('top-level let/const are not global functions (only real top-level function declarations are callable)', () => {
    const emu = new Emulator({ code: 'const notVisible = () => 1; function visible() { return 2; }', manifestPath: '/none' });
    expect(emu.run('visible')).toBe(2);
    expect(() => emu.run('notVisible')).toThrow('Script function not found');
  });

  test('service errors are Errors of the script realm named Exception, and come back to the host as Errors', () => {
    const emu = fixtureEmulator();
    const inside = exec(
      emu,
      'try { SpreadsheetApp.getActiveSheet().getRange(0, 1); } catch (e) { return [e instanceof Error, e.name, e.message]; }',
    );
    expect(inside).toEqual([true, 'Exception', 'The starting row of the range is too small.']);
    let caught: unknown;
    try {
      exec(emu, 'SpreadsheetApp.getActiveSheet().getRange(0, 1)');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(Error);
    expect((caught as Error).name).toBe('Exception');
  });

  test('values handed to the script are of its own realm (instanceof Array/Date hold)', () => {
    const emu = fixtureEmulator();
    const r = exec(
      emu,
      "var sh = SpreadsheetApp.getActiveSheet(); sh.getRange('A1').setValue(new Date()); var v = sh.getRange('A1:B1').getValues(); return [Array.isArray(v), v instanceof Array, v[0][0] instanceof Date, args[0] instanceof Date];",
      [new Date()],
    );
    expect(r).toEqual([true, true, true, true]);
  });

  test('Date inside the script follows the emulator clock (advanceClock) and the manifest time zone', () => {
    const emu = fixtureEmulator();
    const before = exec(emu, 'return Date.now();') as number;
    emu.advanceClock(10 * 86400000);
    const after = exec(emu, 'return new Date().getTime();') as number;
    expect(after - before).toBeGreaterThanOrEqual(10 * 86400000);
    // The fixture manifest says Etc/UTC: local getters are UTC.
    expect(exec(emu, 'return new Date(Date.UTC(2026, 5, 1, 23, 30)).getHours();')).toBe(23);
  });

  test('Date behaves as the native one: every constructor form, Date() as a string, instanceof, constructor, subclasses', () => {
    const emu = fixtureEmulator();
    const r = exec(
      emu,
      [
        'var now = Date.now();',
        'var forms = [new Date().getTime() === now, new Date(0).getTime(), new Date(2026, 0).getMonth(), new Date(2026, 0, 2, 3, 4, 5, 6).getMilliseconds(),',
        "  new Date('2026-06-01T00:00:00Z').getTime(), new Date(new Date(5)).getTime(), typeof Date(), Date().length > 20];",
        'class Stamp extends Date { label() { return "s" + this.getTime(); } }',
        'var s = new Stamp(7);',
        'return forms.concat([new Date(1) instanceof Date, new Date(1).constructor === Date, Object.prototype.toString.call(new Date(1)),',
        '  s instanceof Stamp, s instanceof Date, s.label(), Date.length, Date.name, typeof Date.UTC, Date.parse("1970-01-01T00:00:01Z")]);',
      ].join('\n'),
    );
    expect(r).toEqual([
      true,
      0,
      0,
      6,
      Date.UTC(2026, 5, 1),
      5,
      'string',
      true,
      true,
      true,
      '[object Date]',
      true,
      true,
      's7',
      7,
      'Date',
      'function',
      1000,
    ]);
  });

  test('Logger.log and console.* are captured in emu.logs, not printed', () => {
    const emu = fixtureEmulator();
    exec(emu, "Logger.log('count: %s', 3); console.log('plain', {a: 1}); console.error('bad');");
    expect(emu.logs).toEqual(['count: 3', 'plain { a: 1 }', 'ERROR: bad']);
  });

  test('Node globals are absent, like in Apps Script (no require, process, setTimeout, URL)', () => {
    const emu = fixtureEmulator();
    expect(exec(emu, 'return [typeof require, typeof process, typeof setTimeout, typeof URL, typeof fetch];')).toEqual([
      'undefined',
      'undefined',
      'undefined',
      'undefined',
      'undefined',
    ]);
  });

  test('unimplemented services and methods throw instead of silently succeeding', () => {
    const emu = fixtureEmulator();
    expect(() => exec(emu, 'DriveApp.getFiles()')).toThrow('emulator: DriveApp.getFiles not implemented');
    expect(() => exec(emu, "SpreadsheetApp.getActiveSheet().getRange('A1').mergeAcross()")).toThrow(
      'emulator: Range.mergeAcross not implemented',
    );
  });
});

describe('execution time limits', () => {
  // https://developers.google.com/apps-script/guides/services/quotas: script runtime 6 min; custom function 30 s.
  test('a custom function is stopped after 30 s (checked at service calls; virtual sleep here)', () => {
    const emu = fixtureEmulator({ realSleep: false });
    expect(() => emu.runCustomFunction('sleepForever')).toThrow('Exceeded maximum execution time');
  });

  test('a server function is stopped after 6 minutes of (virtual) time', () => {
    const emu = fixtureEmulator({ realSleep: false });
    const start = emu.now();
    expect(() => emu.run('sleepForever')).toThrow('Exceeded maximum execution time');
    expect(emu.now() - start).toBeGreaterThanOrEqual(360000);
  });

  test('pure JavaScript loops are interrupted by the vm timeout at the limit', () => {
    const emu = fixtureEmulator({ limits: { defaultMs: 300 } });
    expect(() => emu.run('spinForever')).toThrow('Exceeded maximum execution time');
  });

  test('Utilities.sleep really blocks by default', () => {
    const emu = fixtureEmulator();
    const t = Date.now();
    exec(emu, 'Utilities.sleep(120);');
    expect(Date.now() - t).toBeGreaterThanOrEqual(110);
  });
});

test('service objects returned inside arrays keep throwing for unimplemented methods', () => {
  const emu = fixtureEmulator();
  exec(emu, "ScriptApp.newTrigger('a').timeBased().everyHours(1).create()");
  expect(() => exec(emu, 'ScriptApp.getProjectTriggers()[0].isDisabled()')).toThrow(
    'emulator: Trigger.isDisabled not implemented',
  );
});
