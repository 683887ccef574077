// The low-balance alert (cliqtelSetBalanceAlert): it shares the one clock trigger, sends exactly one e-mail per
// crossing below the threshold, none while still below, again only after recovery; a failed balance read sends
// nothing and is recorded; the e-mail names the spreadsheet, balance, threshold and where to top up, never the key.
import { type Harness, startHarness } from '../helpers/harness';

let h: Harness;
let ledgerId = 9_000_000;

function run<T>(name: string, arg?: unknown): T {
  return h.emu.run(name, arg === undefined ? [] : [arg], { mode: 'server' }) as T;
}

interface Settings {
  schedule: { frequency: string; lastRunStatus: string | null };
  balanceAlert: { threshold: number | null; below: boolean; lastAlertAt: string | null };
  balanceCheck: { at: string; availableBalance: number | null; currency: string | null; error: string | null } | null;
}
const settings = () => run<Settings>('cliqtelGetSettings');

/** Sets the wallet balance: a ledger entry newer than every other one (the sandbox's balance is the last balance_after). */
async function setBalance(balance: number): Promise<void> {
  await h.sandbox.putData('transactions', [
    {
      id: ++ledgerId,
      type: 'adjustment',
      amount: 0,
      balance_after: balance,
      currency: 'EUR',
      reference_type: null,
      reference_id: null,
      description: 'test balance',
      created_at: '2026-06-15T11:00:00.000000Z',
    },
  ]);
}

/** The sandbox holds 0.40 for two live calls: available = balance − 0.40. */
const available = (balance: number) => Math.round((balance - 0.4) * 100) / 100;

function scheduledRun(): void {
  const results = h.emu.runTimeDrivenTriggers();
  expect(results).toHaveLength(1);
  expect(results[0].error).toBeUndefined();
}

beforeAll(async () => {
  h = await startHarness({ sandbox: { cdrCount: 2000 } });
  h.saveKey(h.sandbox.keys.readOnly);
}, 60_000);
afterAll(async () => h?.stop());
beforeEach(async () => {
  await h.sandbox.reset();
  run('cliqtelSetBalanceAlert', { threshold: null });
  run('cliqtelSetSchedule', { frequency: 'off' });
  h.emu.mails.length = 0;
});

describe('setting the alert', () => {
  test('with no schedule an hourly one is turned on and the message says so; it then shares that one trigger', () => {
    expect(h.emu.triggers).toHaveLength(0);
    const set = run<Record<string, any>>('cliqtelSetBalanceAlert', { threshold: 50 });
    expect(set).toMatchObject({ threshold: 50, below: false, lastAlertAt: null, schedule: { frequency: 'hourly' } });
    expect(set.message).toMatch(/no schedule, so an hourly one was turned on/);
    expect(h.emu.triggers.map((t) => [t.handler, t.schedule])).toEqual([['cliqtelScheduledRefresh', { everyHours: 1 }]]);
    expect(settings().balanceAlert).toEqual({ threshold: 50, below: false, lastAlertAt: null });

    // A daily schedule stays as it is, and still one trigger: the alert never adds its own.
    run('cliqtelSetSchedule', { frequency: 'daily', hour: 7 });
    const again = run<Record<string, any>>('cliqtelSetBalanceAlert', { threshold: '75.5' });
    expect(again).toMatchObject({ threshold: 75.5, schedule: { frequency: 'daily', hour: 7 } });
    expect(again.message).toMatch(/checked on every scheduled run \(once a day\)/);
    expect(h.emu.triggers).toHaveLength(1);
  });

  test('threshold null removes the alert and leaves the schedule alone', () => {
    run('cliqtelSetBalanceAlert', { threshold: 20 });
    const removed = run<Record<string, any>>('cliqtelSetBalanceAlert', { threshold: null });
    expect(removed).toMatchObject({ threshold: null, below: false, lastAlertAt: null, schedule: { frequency: 'hourly' } });
    expect(removed.message).toMatch(/removed/);
    expect(settings().balanceAlert).toEqual({ threshold: null, below: false, lastAlertAt: null });
    expect(h.emu.triggers).toHaveLength(1);
  });

  test.each([[-5], ['abc'], [Number.NaN], [{}], [true]])('threshold %p is refused and changes nothing', (threshold) => {
    expect(() => run('cliqtelSetBalanceAlert', { threshold })).toThrow(/threshold/);
    expect(settings().balanceAlert.threshold).toBeNull();
    expect(h.emu.triggers).toHaveLength(0);
  });

  test('an argument without threshold is refused (removing needs an explicit null)', () => {
    expect(() => run('cliqtelSetBalanceAlert', {})).toThrow(/threshold/);
    expect(() => run('cliqtelSetBalanceAlert')).toThrow(/argument/);
  });
});

describe('one e-mail per crossing', () => {
  test('none above, one on crossing, none while below, one again after recovery and a new crossing', async () => {
    run('cliqtelSetBalanceAlert', { threshold: 100 });
    await setBalance(500);
    scheduledRun();
    expect(h.emu.mails).toHaveLength(0);
    expect(settings().balanceAlert).toEqual({ threshold: 100, below: false, lastAlertAt: null });
    expect(settings().balanceCheck).toMatchObject({ availableBalance: available(500), currency: 'EUR', error: null });

    await setBalance(40);
    scheduledRun();
    expect(h.emu.mails).toHaveLength(1);
    const s = settings();
    expect(s.balanceAlert).toEqual({ threshold: 100, below: true, lastAlertAt: expect.any(String) });
    expect(new Date(s.balanceAlert.lastAlertAt as string).getTime()).toBeLessThanOrEqual(h.emu.now());
    expect(s.schedule.lastRunStatus).toMatch(/below 100\.00 EUR: alert e-mail sent/);

    scheduledRun();
    await setBalance(30);
    scheduledRun();
    expect(h.emu.mails).toHaveLength(1);
    expect(settings().balanceAlert.below).toBe(true);

    await setBalance(250);
    scheduledRun();
    expect(h.emu.mails).toHaveLength(1);
    expect(settings().balanceAlert.below).toBe(false);

    await setBalance(20);
    scheduledRun();
    expect(h.emu.mails).toHaveLength(2);
    expect(h.emu.mails.map((m) => m.to)).toEqual([['owner@example.com'], ['owner@example.com']]);
    expect(h.emu.mails.every((m) => m.mode === 'trigger')).toBe(true);
  });

  test('the e-mail names the spreadsheet, the balance, the threshold and where to top up — never the key', async () => {
    run('cliqtelSetBalanceAlert', { threshold: 100 });
    await setBalance(40);
    scheduledRun();
    const [mail] = h.emu.mails;
    const text = `${mail.subject}\n${mail.body}`;
    const ss = h.emu.activeSpreadsheet;
    expect(text).toContain(`"${ss.name}"`);
    expect(text).toContain(`${available(40).toFixed(2)} EUR`);
    expect(text).toContain('100.00 EUR');
    expect(text).toMatch(/top up/i);
    expect(text).toContain('https://cliqtel.com');
    const key = h.sandbox.keys.readOnly;
    expect(text).not.toContain(key);
    expect(text).not.toContain(key.split('|')[1]);
    expect(mail.htmlBody).toBeUndefined(); // plain text: a spreadsheet name is never markup
  });

  test('a failed balance read sends nothing and records the error; the next good read still mails once', async () => {
    run('cliqtelSetBalanceAlert', { threshold: 100 });
    await setBalance(40);
    await h.sandbox.setFaults({ fail5xx: 100, pathPattern: 'usage/summary' });
    scheduledRun();
    expect(h.emu.mails).toHaveLength(0);
    const s = settings();
    expect(s.balanceAlert).toEqual({ threshold: 100, below: false, lastAlertAt: null });
    expect(s.balanceCheck?.error).toMatch(/server error|503/i);
    expect(s.schedule.lastRunStatus).toMatch(/could not read the balance/);

    await h.sandbox.setFaults({});
    scheduledRun();
    expect(h.emu.mails).toHaveLength(1);
    expect(settings().balanceCheck?.error).toBeNull();
  });

  test('a key that is gone sends nothing and is recorded on the alert', async () => {
    run('cliqtelSetBalanceAlert', { threshold: 100 });
    await setBalance(40);
    run('cliqtelClearApiKey');
    try {
      scheduledRun();
      expect(h.emu.mails).toHaveLength(0);
      expect(settings().balanceCheck?.error).toMatch(/key/i);
    } finally {
      h.saveKey(h.sandbox.keys.readOnly);
    }
  });
});
