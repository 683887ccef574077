// The dashboard and the balance alert, pure (src/core/dashboard.ts, src/core/balanceAlert.ts): periods, figures
// checked before anything is written, top-10 ranking, the fixed layout, and the one-e-mail-per-crossing rule.
import { afterSend, alertEmail, decideAlert, parseThreshold, withThreshold } from '../../src/core/balanceAlert';
import { a1Of, buildDashboard, dashboardLayout, dashboardPeriods, type DashboardAnswers } from '../../src/core/dashboard';
import { CliqtelError } from '../../src/core/errors';

const summary = (minutes: number, charges: number, calls: number) => ({
  minutes_this_month: minutes,
  charges_this_month: charges,
  total_calls: calls,
  active_calls: 2,
  open_holds: 0.4,
  wallet_balance: 75.6,
  available_balance: 75.2,
  billing_mode: 'prepaid',
  credit_limit: 0,
});

function answers(over: Partial<DashboardAnswers> = {}): DashboardAnswers {
  return {
    thisMonth: summary(120.5, 10.25, 40),
    lastMonth: summary(100, 12.5, 0),
    balance: { balance: 75.6, currency: 'eur' },
    chart: { days: [{ date: '2026-06-14', minutes: 3, cost: 0.5, calls: 2 }] },
    byDestination: {
      destinations: [
        { country_name: 'Germany', dialling_code: '+49', calls: 3, minutes: 9, cost: 1.5 },
        { country_name: 'France', dialling_code: '+33', calls: 5, minutes: 20, cost: 4 },
        { country_name: 'Belgium', dialling_code: '+32', calls: 1, minutes: 2, cost: 1.5 },
      ],
    },
    byDid: Array.from({ length: 12 }, (_, i) => ({
      did: `+4420794608${10 + i}`,
      label: i === 11 ? '=HYPERLINK("x")' : null,
      calls: i,
      minutes: i,
      cost: i,
    })),
    ...over,
  };
}

const layoutOf = (data: ReturnType<typeof buildDashboard>) =>
  dashboardLayout(data, { refreshedAt: new Date('2026-06-15T12:00:00Z'), dateOf: (ymd) => new Date(`${ymd}T00:00:00Z`) });

describe('periods', () => {
  test('this month to today, the whole of last month (across a year end), and the last 30 days', () => {
    expect(dashboardPeriods('2026-01-10')).toEqual({
      thisMonth: { from: '2026-01-01', to: '2026-01-10' },
      lastMonth: { from: '2025-12-01', to: '2025-12-31' },
      trend: { from: '2025-12-12', to: '2026-01-10' },
    });
    expect(dashboardPeriods('2024-03-01').lastMonth).toEqual({ from: '2024-02-01', to: '2024-02-29' });
  });
});

describe('figures', () => {
  test('KPIs with the change vs last month; a last month of 0 has no percentage', () => {
    const d = buildDashboard('2026-06-15', answers());
    expect(d.kpis).toEqual([
      { label: 'Minutes', thisMonth: 120.5, lastMonth: 100, change: 20.5, changeRatio: 0.205 },
      { label: 'Charges', thisMonth: 10.25, lastMonth: 12.5, change: -2.25, changeRatio: -0.18 },
      { label: 'Calls', thisMonth: 40, lastMonth: 0, change: 40, changeRatio: null },
    ]);
    expect([d.walletBalance, d.availableBalance, d.currency]).toEqual([75.6, 75.2, 'EUR']);
  });

  test('tops are ranked by cost whatever order the server sends (ties by name), at most 10', () => {
    const d = buildDashboard('2026-06-15', answers());
    expect(d.topDestinations.map((e) => [e.name, e.detail])).toEqual([
      ['France', '+33'],
      ['Belgium', '+32'],
      ['Germany', '+49'],
    ]);
    expect(d.topNumbers).toHaveLength(10);
    expect(d.topNumbers[0]).toEqual({ name: '+442079460821', detail: '=HYPERLINK("x")', calls: 11, minutes: 11, cost: 11 });
  });

  test('every day of the 30 is there, a day the answer leaves out counts as zero', () => {
    const d = buildDashboard('2026-06-15', answers());
    expect(d.days).toHaveLength(30);
    expect(d.days[0]).toEqual({ date: '2026-05-17', minutes: 0, cost: 0, calls: 0 });
    expect(d.days[28]).toEqual({ date: '2026-06-14', minutes: 3, cost: 0.5, calls: 2 });
  });

  test('without billing:read the currency is the one the key probe learned, or none', () => {
    expect(buildDashboard('2026-06-15', answers({ balance: null }), 'GBP').currency).toBe('GBP');
    expect(buildDashboard('2026-06-15', answers({ balance: null })).currency).toBeNull();
  });

  test.each([
    ['a summary without available_balance', { thisMonth: { ...summary(1, 1, 1), available_balance: undefined } }],
    ['a summary that is a list', { lastMonth: [] }],
    ['a breakdown row without a cost', { byDid: [{ did: '+44', calls: 1 }] }],
    ['a chart without a list', { chart: { days: 'soon' } }],
    ['a day without a date', { chart: { days: [{ minutes: 1 }] } }],
  ])('%s is refused before anything is written', (_name, over) => {
    expect(() => buildDashboard('2026-06-15', answers(over as Partial<DashboardAnswers>))).toThrow(CliqtelError);
    try {
      buildDashboard('2026-06-15', answers(over as Partial<DashboardAnswers>));
    } catch (e) {
      expect((e as CliqtelError).code).toBe('bad_response');
    }
  });
});

describe('layout', () => {
  test('fixed places: KPIs top left, tables below, daily data at the bottom; strings literal for their cells', () => {
    const few = answers({
      byDestination: { destinations: [{ country_name: 'France', dialling_code: '+33', calls: 5, minutes: 20, cost: 4 }] },
    });
    const l = layoutOf(buildDashboard('2026-06-15', few));
    expect([l.rows, l.columns]).toEqual([71, 5]);
    expect(l.values[4].slice(0, 3)).toEqual(['Wallet balance', 75.6, 'EUR']);
    expect(l.formats[4][1]).toBe('[$€]#,##0.00##');
    expect(l.values[8].slice(0, 5)).toEqual(['Minutes', 120.5, 100, 20.5, 0.205]);
    expect(l.values[15]).toEqual(['France', '+33', 5, 20, 4]);
    expect(l.formats[15][1]).toBe('@'); // a dialling code is text: +33 stays +33
    expect(l.values[16]).toEqual([null, null, null, null, null]); // fewer than 10: blank rows keep their place
    expect(l.values[28][1]).toBe('\'=HYPERLINK("x")'); // never a formula
    expect(l.values[41][0]).toEqual(new Date('2026-05-17T00:00:00Z'));
    expect(l.bold[14]).toEqual([true, true, true, true, true]);
  });

  test('three charts over the block: a 30-day line chart (cost on its own axis) and two top-10 bar charts', () => {
    const l = layoutOf(buildDashboard('2026-06-15', answers()));
    expect(l.charts.map((c) => [c.type, c.ranges.map(a1Of), c.anchor])).toEqual([
      ['LINE', ['A41:A71', 'B41:B71', 'C41:C71'], { row: 1, column: 7 }],
      ['BAR', ['A15:A25', 'E15:E25'], { row: 14, column: 7 }],
      ['BAR', ['A28:A38', 'E28:E38'], { row: 27, column: 7 }],
    ]);
    expect(new Set(l.charts.map((c) => c.title)).size).toBe(3);
    expect(l.charts[0].options.series).toEqual({ 0: { targetAxisIndex: 0 }, 1: { targetAxisIndex: 1 } });
  });
});

describe('balance alert', () => {
  const at = '2026-06-15T12:00:00.000Z';
  const reading = (availableBalance: number) => ({ ok: true as const, availableBalance, currency: 'EUR' });

  test('one e-mail per crossing: above → nothing, below → send, still below → nothing, back at the threshold → re-armed', () => {
    let s = withThreshold(null, 50);
    const step = (r: Parameters<typeof decideAlert>[1]) => {
      const d = decideAlert(s, r, at);
      s = d.send ? afterSend(d.next, { ok: true, at }) : d.next;
      return d.send;
    };
    expect([step(reading(80)), step(reading(49.99)), step(reading(10)), step(reading(50)), step(reading(20))]).toEqual([
      false,
      true,
      false,
      false,
      true,
    ]);
    expect(s).toMatchObject({ below: true, alerted: true, lastAlertAt: at });
  });

  test('a failed read changes nothing but the record of the check; a failed send is tried again next time', () => {
    const s = withThreshold(null, 50);
    const failed = decideAlert(s, { ok: false, error: 'HTTP 503' }, at);
    expect(failed).toEqual({ send: false, next: { ...s, lastCheck: { at, error: 'HTTP 503' } } });
    const below = decideAlert(s, reading(10), at);
    const notSent = afterSend(below.next, { ok: false, error: 'quota' });
    expect(notSent).toMatchObject({ below: true, alerted: false, lastAlertAt: null, lastCheck: { error: 'quota' } });
    expect(decideAlert(notSent, reading(10), at).send).toBe(true);
  });

  test('a new threshold is a new alert; the same one keeps its state', () => {
    const alerted = { ...withThreshold(null, 50), below: true, alerted: true, lastAlertAt: at };
    expect(withThreshold(alerted, 50)).toBe(alerted);
    expect(withThreshold(alerted, 60)).toMatchObject({ threshold: 60, below: false, alerted: false, lastAlertAt: at });
  });

  test.each([
    [50, 50],
    ['12.345', 12.35],
    [0, 0],
    [null, null],
  ])('threshold %p → %p', (given, expected) => {
    expect(parseThreshold(given)).toBe(expected);
  });

  test.each([[-1], ['1e3'], [Number.POSITIVE_INFINITY], [undefined], [[]]])('threshold %p is refused', (given) => {
    expect(() => parseThreshold(given)).toThrow(/threshold/);
  });

  test('the e-mail is plain text naming the spreadsheet, balance, threshold and where to top up', () => {
    const mail = alertEmail({
      spreadsheetName: '<b>Ops</b>',
      spreadsheetUrl: 'https://docs.google.com/x',
      availableBalance: 1234.5,
      threshold: 2000,
      currency: 'EUR',
    });
    expect(mail.subject).toBe('Cliqtel balance low: 1,234.50 EUR available (alert below 2,000.00 EUR)');
    expect(mail.body).toContain('"<b>Ops</b>"');
    expect(mail.body).toContain('https://docs.google.com/x');
    expect(mail.body).toMatch(/Top up .*https:\/\/cliqtel\.com/);
  });
});
