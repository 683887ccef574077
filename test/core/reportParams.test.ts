// Report parameters (src/core/reportParams.ts): what an export or report fetches, its dates on a given (pinned) day,
// its default sheet name and the advice when it does not fit the spreadsheet.

import { REPORT_KIND_IDS, REPORT_KINDS, type ReportKind } from '../../src/core/catalog';
import { argumentErrorOf } from './thrown';
import {
  defaultSheetName,
  paramsOfRecord,
  parseReportParams,
  type ReportParams,
  reportDates,
  splitAdvice,
} from '../../src/core/reportParams';

/** Dated kinds that take a period (a calls log takes a start date only: test/core/callsLog.test.ts). */
const DATED = REPORT_KIND_IDS.filter((k) => REPORT_KINDS[k].dated && k !== 'calls_log');
const UNDATED = REPORT_KIND_IDS.filter((k) => !REPORT_KINDS[k].dated);

describe('parseReportParams: kind', () => {
  test('a known kind, case-insensitively', () => {
    expect(parseReportParams({ kind: 'by_did', window: 'last_month' }).kind).toBe('by_did');
    expect(parseReportParams({ kind: 'Credit Notes' }).kind).toBe('credit_notes');
  });

  test('an unknown or missing kind is refused, listing the kinds', () => {
    expect(argumentErrorOf(() => parseReportParams({ kind: 'cdrs' })).message).toMatch(
      /^Argument "kind": expected one of summary, calls, calls_log, by_did, .*, sms, got "cdrs"\.$/,
    );
    expect(argumentErrorOf(() => parseReportParams({})).message).toMatch(/"kind".*got an empty value/);
  });

  test('a forced kind (the calls export) wins over any kind in the argument', () => {
    expect(parseReportParams({}, 'calls')).toEqual({ kind: 'calls', window: 'this_month' });
    expect(parseReportParams({ kind: 'numbers' }, 'calls').kind).toBe('calls');
  });
});

describe('parseReportParams: period of a dated kind', () => {
  test.each(DATED)('%s without any date → this_month, rolling', (kind) => {
    expect(parseReportParams({ kind })).toEqual({ kind, window: 'this_month' });
    expect(parseReportParams({ kind, window: '', from: ' ', to: null })).toEqual({ kind, window: 'this_month' });
  });

  test('a rolling window is kept as the window, with no fixed dates', () => {
    expect(parseReportParams({ kind: 'summary', window: 'last_30_days' })).toEqual({ kind: 'summary', window: 'last_30_days' });
  });

  test('an unknown window is refused, listing the windows', () => {
    expect(argumentErrorOf(() => parseReportParams({ kind: 'summary', window: 'yesterday' })).message).toBe(
      'Argument "window": expected one of this_month, last_month, last_7_days, last_30_days, got "yesterday".',
    );
  });

  test('a window together with from or to is refused', () => {
    for (const extra of [{ from: '2026-06-01' }, { to: '2026-06-30' }, { from: '2026-06-01', to: '2026-06-30' }]) {
      const e = argumentErrorOf(() => parseReportParams({ kind: 'calls', window: 'last_month', ...extra }));
      expect(e.message).toMatch(/^Argument "window": expected either a rolling window or fixed from\/to dates, not both/);
    }
  });

  test('fixed from and to are kept (trimmed), with no window', () => {
    expect(parseReportParams({ kind: 'daily', from: ' 2026-06-01', to: '2026-06-30 ' })).toEqual({
      kind: 'daily',
      from: '2026-06-01',
      to: '2026-06-30',
    });
    expect(parseReportParams({ kind: 'sms', from: '2024-02-29', to: '2024-02-29' })).toEqual({
      kind: 'sms',
      from: '2024-02-29',
      to: '2024-02-29',
    });
  });

  test('from without to, or to without from, is refused naming the missing one', () => {
    expect(argumentErrorOf(() => parseReportParams({ kind: 'calls', from: '2026-06-01' })).message).toMatch(
      /^Argument "to": expected an end date \(YYYY-MM-DD\) to go with "from", got an empty value/,
    );
    expect(argumentErrorOf(() => parseReportParams({ kind: 'calls', to: '2026-06-30' })).message).toMatch(
      /^Argument "from": expected a start date \(YYYY-MM-DD\) to go with "to", got an empty value/,
    );
  });

  test.each([
    [{ from: '2026-02-30', to: '2026-03-10' }, /^Argument "from": expected a date written YYYY-MM-DD.*got "2026-02-30"/],
    [{ from: '2026-06-01', to: '30/06/2026' }, /^Argument "to": expected a date written YYYY-MM-DD.*got "30\/06\/2026"/],
    [{ from: new Date('2026-06-01T00:00:00Z'), to: '2026-06-30' }, /^Argument "from".*got the date 2026-06-01/],
    [{ from: 20260601, to: '2026-06-30' }, /^Argument "from".*got 20260601/],
  ])('a date that is not a real YYYY-MM-DD text is refused (%j)', (dates, message) => {
    expect(argumentErrorOf(() => parseReportParams({ kind: 'summary', ...dates })).message).toMatch(message);
  });

  test('from after to is refused, naming to', () => {
    expect(argumentErrorOf(() => parseReportParams({ kind: 'calls', from: '2026-06-30', to: '2026-06-01' })).message).toBe(
      'Argument "from": expected a date on or before "to" (2026-06-01), got "2026-06-30".',
    );
  });
});

describe('parseReportParams: undated kinds and the country filter', () => {
  test.each(UNDATED)('%s ignores any period, even a malformed one', (kind) => {
    expect(parseReportParams({ kind, window: 'last_month', from: '2026-06-01', to: '2026-06-30' })).toEqual({ kind });
    expect(parseReportParams({ kind, from: 'garbage', window: 'yesterday' })).toEqual({ kind });
  });

  test('a calls report takes a dialling code, a +code or a known country code', () => {
    expect(parseReportParams({ kind: 'calls', country: 'GB' })).toEqual({ kind: 'calls', window: 'this_month', country: '44' });
    expect(parseReportParams({ kind: 'calls', country: '+31', window: 'last_7_days' })).toEqual({
      kind: 'calls',
      window: 'last_7_days',
      country: '31',
    });
    expect(parseReportParams({}, 'calls').country).toBeUndefined();
  });

  test('a bad country on a calls report is refused', () => {
    expect(argumentErrorOf(() => parseReportParams({ kind: 'calls', country: 'Britain' })).message).toMatch(
      /^Argument "country"/,
    );
  });

  test.each(REPORT_KIND_IDS.filter((k) => k !== 'calls'))('%s refuses a country (only call reports are filtered)', (kind) => {
    expect(argumentErrorOf(() => parseReportParams({ kind, country: '44' })).message).toBe(
      'Argument "country": expected no country (only call reports can be filtered by country), got "44".',
    );
  });

  test('an empty country is no filter on any kind', () => {
    expect(parseReportParams({ kind: 'numbers', country: '' })).toEqual({ kind: 'numbers' });
    expect(parseReportParams({ kind: 'summary', country: '  ' })).toEqual({ kind: 'summary', window: 'this_month' });
  });
});

describe('reportDates (today pinned)', () => {
  const at = (window: ReportParams['window'], today: string, kind: ReportKind = 'calls') => reportDates({ kind, window }, today);

  test('this_month runs from the 1st to today, also on the 1st and on new year', () => {
    expect(at('this_month', '2026-06-17')).toEqual({ from: '2026-06-01', to: '2026-06-17' });
    expect(at('this_month', '2026-01-01')).toEqual({ from: '2026-01-01', to: '2026-01-01' });
    expect(at('this_month', '2024-02-29')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
  });

  test('last_month is the whole previous month, across a year end and in leap and common years', () => {
    expect(at('last_month', '2026-01-15')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(at('last_month', '2024-03-31')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(at('last_month', '2026-03-01')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(at('last_month', '2100-03-10')).toEqual({ from: '2100-02-01', to: '2100-02-28' }); // not a leap year
    expect(at('last_month', '2000-03-10')).toEqual({ from: '2000-02-01', to: '2000-02-29' }); // a leap year
  });

  test('last_7_days and last_30_days include today, across month, year and leap-day edges', () => {
    expect(at('last_7_days', '2026-01-03')).toEqual({ from: '2025-12-28', to: '2026-01-03' });
    expect(at('last_7_days', '2024-03-02')).toEqual({ from: '2024-02-25', to: '2024-03-02' });
    expect(at('last_30_days', '2024-03-01')).toEqual({ from: '2024-02-01', to: '2024-03-01' });
    expect(at('last_30_days', '2026-03-01')).toEqual({ from: '2026-01-31', to: '2026-03-01' });
  });

  test('a window is re-evaluated on every day it is asked', () => {
    const params: ReportParams = { kind: 'summary', window: 'last_month' };
    expect(reportDates(params, '2026-06-30')).toEqual({ from: '2026-05-01', to: '2026-05-31' });
    expect(reportDates(params, '2026-07-01')).toEqual({ from: '2026-06-01', to: '2026-06-30' });
  });

  test('fixed dates stay whatever today is', () => {
    const params: ReportParams = { kind: 'daily', from: '2026-06-01', to: '2026-06-30' };
    expect(reportDates(params, '2026-06-15')).toEqual({ from: '2026-06-01', to: '2026-06-30' });
    expect(reportDates(params, '2031-01-01')).toEqual({ from: '2026-06-01', to: '2026-06-30' });
  });

  test('an undated kind has no dates, even if a window was stored with it', () => {
    expect(reportDates({ kind: 'invoices' }, '2026-06-15')).toEqual({});
    expect(reportDates({ kind: 'numbers', window: 'last_month' }, '2026-06-15')).toEqual({});
  });
});

describe('defaultSheetName', () => {
  test('a rolling window in words, after the title', () => {
    expect(defaultSheetName({ kind: 'calls', window: 'this_month' })).toBe('Calls (this month)');
    expect(defaultSheetName({ kind: 'by_trunk', window: 'last_30_days' })).toBe('Usage by SIP trunk (last 30 days)');
  });

  test('fixed dates as from – to', () => {
    expect(defaultSheetName({ kind: 'summary', from: '2026-06-01', to: '2026-06-30' })).toBe(
      'Usage summary 2026-06-01 – 2026-06-30',
    );
  });

  test('the country filter as +code', () => {
    expect(defaultSheetName({ kind: 'calls', window: 'last_7_days', country: '44' })).toBe('Calls +44 (last 7 days)');
    expect(defaultSheetName({ kind: 'calls', from: '2026-06-01', to: '2026-06-02', country: '1' })).toBe(
      'Calls +1 2026-06-01 – 2026-06-02',
    );
  });

  test.each(UNDATED)('%s is named by its title alone', (kind) => {
    expect(defaultSheetName({ kind })).toBe(REPORT_KINDS[kind].title);
  });

  test('different periods of one kind get different names', () => {
    const names = [
      defaultSheetName({ kind: 'calls', window: 'this_month' }),
      defaultSheetName({ kind: 'calls', window: 'last_month' }),
      defaultSheetName({ kind: 'calls', from: '2026-06-01', to: '2026-06-30' }),
      defaultSheetName({ kind: 'calls', window: 'this_month', country: '44' }),
    ];
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('paramsOfRecord', () => {
  test('a registered report gives back exactly its parameters, and nothing else stored with it', () => {
    const record = {
      kind: 'calls' as const,
      window: 'last_7_days' as const,
      country: '44',
      status: 'ok',
      rows: 120,
      lastRefresh: '2026-06-01T10:00:00Z',
    };
    expect(paramsOfRecord(record)).toEqual({ kind: 'calls', window: 'last_7_days', country: '44' });
    expect(paramsOfRecord({ kind: 'daily', from: '2026-06-01', to: '2026-06-30' })).toEqual({
      kind: 'daily',
      from: '2026-06-01',
      to: '2026-06-30',
    });
  });

  test('a dated report stored without a (complete) period means this month', () => {
    expect(paramsOfRecord({ kind: 'summary' })).toEqual({ kind: 'summary', window: 'this_month' });
    expect(paramsOfRecord({ kind: 'summary', from: '2026-06-01' }).window).toBe('this_month');
    expect(reportDates(paramsOfRecord({ kind: 'summary', to: '2026-06-30' }), '2026-08-09')).toEqual({
      from: '2026-08-01',
      to: '2026-08-09',
    });
  });

  test('an undated report gets no window', () => {
    expect(paramsOfRecord({ kind: 'orders' })).toEqual({ kind: 'orders' });
  });

  test('the result is a new object: changing it does not change the record', () => {
    const record: ReportParams = { kind: 'sms', window: 'last_month' };
    const params = paramsOfRecord(record);
    params.window = 'this_month';
    expect(record.window).toBe('last_month');
  });
});

describe('splitAdvice', () => {
  test('a calls export says how many days fit, from the rows per day of its period', () => {
    const params: ReportParams = { kind: 'calls', from: '2026-06-01', to: '2026-06-30' };
    expect(splitAdvice(params, '2026-07-15', 300_000, 100_000)).toBe(
      'Export at most 10 days at a time (this period has 30), or delete sheets you no longer need, or use a new spreadsheet.',
    );
  });

  test('the days that fit are rounded down (a rounded-up number would not fit)', () => {
    const params: ReportParams = { kind: 'calls', from: '2026-06-01', to: '2026-06-30' };
    expect(splitAdvice(params, '2026-07-15', 300_000, 109_999)).toMatch(/^Export at most 10 days /);
  });

  test('a rolling window counts its days on today', () => {
    expect(splitAdvice({ kind: 'calls', window: 'last_7_days' }, '2026-03-02', 70_000, 20_000)).toMatch(
      /^Export at most 2 days at a time \(this period has 7\)/,
    );
    expect(splitAdvice({ kind: 'calls', window: 'last_month' }, '2024-03-15', 290_000, 100_000)).toMatch(
      /^Export at most 10 days at a time \(this period has 29\)/,
    );
  });

  test('at least one day, said in the singular', () => {
    expect(splitAdvice({ kind: 'calls', from: '2026-06-01', to: '2026-06-30' }, '2026-07-15', 10_000_000, 1_000)).toMatch(
      /^Export at most 1 day at a time \(this period has 30\)/,
    );
  });

  test('other reports, and an export with no rows counted, get the general advice', () => {
    const general = 'Delete sheets you no longer need, or put this report in a new spreadsheet.';
    expect(splitAdvice({ kind: 'summary', window: 'this_month' }, '2026-06-15', 300_000, 100_000)).toBe(general);
    expect(splitAdvice({ kind: 'numbers' }, '2026-06-15', 300_000, 100_000)).toBe(general);
    expect(splitAdvice({ kind: 'calls', window: 'this_month' }, '2026-06-15', 0, 100_000)).toBe(general);
  });
});
