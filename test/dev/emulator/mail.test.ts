// MailApp as the emulator models it (dev/emulator/services/mail.ts): e-mails recorded, never delivered; the daily
// recipient quota (https://developers.google.com/apps-script/guides/services/quotas: 100 consumer, 1,500 Workspace;
// per user; the day starts at the first send); per-message limits; who may send; and the manifest's scopes.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CONSUMER_DAILY_RECIPIENTS, WORKSPACE_DAILY_RECIPIENTS } from '../../../dev/emulator/index';
import { exec, FIXTURES, fixtureEmulator } from './helpers';

const SEND = "MailApp.sendEmail({to: args[0], subject: 'Low balance', body: 'Top up', name: 'Cliqtel'})";

describe('sending', () => {
  test('every form of sendEmail is recorded with sender, recipients, subject, body and the mode that sent it', () => {
    const emu = fixtureEmulator();
    exec(emu, SEND, ['a@example.com']);
    exec(emu, "MailApp.sendEmail('b@example.com', 'Two', 'body two')");
    exec(
      emu,
      "MailApp.sendEmail('c@example.com', 'Three', 'body three', {cc: 'd@example.com, e@example.com', htmlBody: '<b>x</b>'})",
    );
    exec(emu, "MailApp.sendEmail('f@example.com', 'reply@example.com', 'Four', 'body four')");
    expect(emu.mails.map((m) => [m.from, m.to, m.cc, m.subject, m.body, m.mode])).toEqual([
      ['owner@example.com', ['a@example.com'], [], 'Low balance', 'Top up', 'server'],
      ['owner@example.com', ['b@example.com'], [], 'Two', 'body two', 'server'],
      ['owner@example.com', ['c@example.com'], ['d@example.com', 'e@example.com'], 'Three', 'body three', 'server'],
      ['owner@example.com', ['f@example.com'], [], 'Four', 'body four', 'server'],
    ]);
    expect(emu.mails[0].name).toBe('Cliqtel');
    expect(emu.mails[2].htmlBody).toBe('<b>x</b>');
    expect(emu.mails[3].replyTo).toBe('reply@example.com');
    expect(emu.mails[0].sentAt).toBeLessThanOrEqual(emu.now()); // the emulator clock's time of the send
    expect(emu.mails[0].sentAt).toBeGreaterThan(emu.now() - 60_000);
  });

  test.each([
    ["MailApp.sendEmail({to: 'not an address', subject: 's', body: 'b'})", 'Invalid email: not an address'],
    ["MailApp.sendEmail({subject: 's', body: 'b'})", 'no recipient'],
    [
      "MailApp.sendEmail({to: Array.from({length: 51}, function (_, i) { return 'u' + i + '@example.com'; }).join(','), subject: 's', body: 'b'})",
      'Limit Exceeded: Email Recipients Per Message.',
    ],
    [
      "MailApp.sendEmail({to: 'a@example.com', subject: 's', body: new Array(205 * 1024).join('x')})",
      'Limit Exceeded: Email Body Size.',
    ],
  ])('%s is refused and nothing is recorded', (snippet, message) => {
    const emu = fixtureEmulator();
    expect(() => exec(emu, snippet)).toThrow(message);
    expect(emu.mails).toEqual([]);
    expect(emu.remainingMailQuota()).toBe(CONSUMER_DAILY_RECIPIENTS);
  });
});

describe('the daily recipient quota', () => {
  test('every recipient counts; a message that does not fit is refused whole; the day ends 24 h after the first send', () => {
    const emu = fixtureEmulator({ mailDailyRecipients: 5 });
    expect(exec(emu, 'return MailApp.getRemainingDailyQuota()')).toBe(5);
    exec(emu, "MailApp.sendEmail({to: 'a@example.com', cc: 'b@example.com', bcc: 'c@example.com', subject: 's', body: 'b'})");
    expect(exec(emu, 'return MailApp.getRemainingDailyQuota()')).toBe(2);
    expect(() =>
      exec(emu, "MailApp.sendEmail({to: 'a@example.com,b@example.com,c@example.com', subject: 's', body: 'b'})"),
    ).toThrow('Service invoked too many times for one day: email.');
    expect(emu.mails).toHaveLength(1);
    exec(emu, SEND, ['a@example.com']);
    exec(emu, SEND, ['a@example.com']);
    expect(() => exec(emu, SEND, ['a@example.com'])).toThrow('Service invoked too many times for one day: email.');
    expect(emu.remainingMailQuota()).toBe(0);
    // Another user has a quota of their own.
    exec(emu, SEND, ['a@example.com'], { user: 'bob@example.com' });
    expect(emu.remainingMailQuota('bob@example.com')).toBe(4);
    // 24 hours after the first send the owner's quota is whole again.
    emu.advanceClock(24 * 3600_000);
    expect(exec(emu, 'return MailApp.getRemainingDailyQuota()')).toBe(5);
    exec(emu, SEND, ['a@example.com']);
    expect(emu.mails).toHaveLength(5);
  });

  test('the default is the consumer quota (100); Google Workspace accounts get 1,500', () => {
    expect(exec(fixtureEmulator(), 'return MailApp.getRemainingDailyQuota()')).toBe(100);
    expect(CONSUMER_DAILY_RECIPIENTS).toBe(100);
    expect(
      exec(fixtureEmulator({ mailDailyRecipients: WORKSPACE_DAILY_RECIPIENTS }), 'return MailApp.getRemainingDailyQuota()'),
    ).toBe(1500);
  });
});

describe('who may send', () => {
  test('a custom function and an unauthorised simple trigger may not; a clock trigger sends as its owner', () => {
    const emu = fixtureEmulator();
    expect(() => emu.runCustomFunction('exec', [SEND, 'a@example.com'])).toThrow(
      'You do not have permission to call MailApp.sendEmail',
    );
    expect(() => exec(emu, SEND, ['a@example.com'], { mode: 'simple' })).toThrow(
      'You do not have permission to call MailApp.sendEmail',
    );
    expect(() => exec(emu, 'return MailApp.getRemainingDailyQuota()', [], { mode: 'simple', authMode: 'NONE' })).toThrow(
      'You do not have permission to call MailApp.getRemainingDailyQuota',
    );
    exec(emu, SEND, ['a@example.com'], { mode: 'trigger', user: 'bob@example.com' });
    expect(emu.mails.map((m) => [m.from, m.mode])).toEqual([['bob@example.com', 'trigger']]);
  });
});

// https://developers.google.com/apps-script/concepts/scopes : a manifest that lists oauthScopes grants only those.
describe('scopes listed in the manifest', () => {
  function withScopes(scopes: string[]) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-scopes-'));
    const manifest = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'appsscript.json'), 'utf8'));
    fs.writeFileSync(path.join(dir, 'appsscript.json'), JSON.stringify({ ...manifest, oauthScopes: scopes }));
    return fixtureEmulator({ manifestPath: path.join(dir, 'appsscript.json') });
  }

  test('without script.send_mail, MailApp fails as Apps Script does; without userinfo.email, so does the user e-mail', () => {
    const emu = withScopes(['https://www.googleapis.com/auth/spreadsheets']);
    expect(() => exec(emu, SEND, ['a@example.com'])).toThrow(
      'Specified permissions are not sufficient to call MailApp.sendEmail. Required permissions: https://www.googleapis.com/auth/script.send_mail',
    );
    expect(() => exec(emu, 'return Session.getEffectiveUser().getEmail()')).toThrow(
      'Specified permissions are not sufficient to call Session.getEffectiveUser. Required permissions: https://www.googleapis.com/auth/userinfo.email',
    );
    expect(emu.mails).toEqual([]);
  });

  test('with both listed the alert path works; a manifest without a list (scopes inferred) refuses nothing', () => {
    const emu = withScopes([
      'https://www.googleapis.com/auth/script.send_mail',
      'https://www.googleapis.com/auth/userinfo.email',
    ]);
    exec(emu, `${SEND.replace('args[0]', 'Session.getEffectiveUser().getEmail()')}`);
    expect(emu.mails.map((m) => m.to)).toEqual([['owner@example.com']]);
    const inferred = fixtureEmulator();
    exec(inferred, `${SEND.replace('args[0]', 'Session.getEffectiveUser().getEmail()')}`);
    expect(inferred.mails).toHaveLength(1);
  });
});
