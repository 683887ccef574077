// The add-on trigger rules beyond services.test.ts (https://developers.google.com/workspace/add-ons/concepts/editor-triggers):
// a clock trigger runs at most hourly whatever the builder, the limit is per event type, and a deleted trigger frees
// its slot — what lets the balance alert and the scheduled refresh share one clock trigger per user and document.
import { exec, fixtureEmulator } from './helpers';

const HOUR = 3600_000;

test('a one-off clock trigger sooner than an hour is refused for an add-on; an hour or later is allowed', () => {
  const emu = fixtureEmulator();
  expect(() => exec(emu, `ScriptApp.newTrigger('x').timeBased().after(${HOUR / 2}).create()`)).toThrow(
    'more often than once per hour',
  );
  exec(emu, `ScriptApp.newTrigger('x').timeBased().after(${HOUR}).create()`);
  expect(emu.triggers.map((t) => t.schedule)).toEqual([{ after: HOUR }]);
});

test('a script that is not an add-on may run every minute', () => {
  const emu = fixtureEmulator({ addon: false });
  exec(emu, "ScriptApp.newTrigger('x').timeBased().everyMinutes(1).create()");
  exec(emu, "ScriptApp.newTrigger('y').timeBased().everyMinutes(5).create()");
  expect(emu.triggers).toHaveLength(2);
});

test('the limit is one per event type: a clock and an open trigger may coexist in one document', () => {
  const emu = fixtureEmulator();
  exec(emu, "ScriptApp.newTrigger('a').timeBased().everyHours(1).create()");
  exec(emu, "ScriptApp.newTrigger('b').forSpreadsheet(SpreadsheetApp.getActive()).onOpen().create()");
  expect(() => exec(emu, "ScriptApp.newTrigger('c').forSpreadsheet(SpreadsheetApp.getActive()).onOpen().create()")).toThrow(
    'already has a ON_OPEN trigger',
  );
  expect(emu.triggers.map((t) => t.eventType)).toEqual(['CLOCK', 'ON_OPEN']);
});

test('deleting the clock trigger frees the slot for another schedule in that document', () => {
  const emu = fixtureEmulator();
  exec(emu, "ScriptApp.newTrigger('a').timeBased().everyHours(6).create()");
  exec(emu, 'ScriptApp.getProjectTriggers().forEach(function (t) { ScriptApp.deleteTrigger(t); });');
  exec(emu, "ScriptApp.newTrigger('a').timeBased().everyHours(1).create()");
  expect(emu.triggers.map((t) => t.schedule)).toEqual([{ everyHours: 1 }]);
});
