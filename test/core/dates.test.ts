// Calendar arithmetic: strict parsing, leap years and rolling window edges.

import { isRollingWindow } from '../../src/core/catalog';
import { addDays, currentMonth, formatYmd, parseYmd, resolveWindow } from '../../src/core/dates';

describe('parseYmd', () => {
  test.each(['2026-06-01', '2024-02-29', '2000-02-29', '2026-12-31', '0001-01-01'])('accepts %s', (s) => {
    const d = parseYmd(s);
    expect(d).not.toBeNull();
    expect(formatYmd(d!)).toBe(s);
  });

  test.each([
    '2026-02-30',
    '2026-02-29',
    '1900-02-29',
    '2026-13-01',
    '2026-00-10',
    '2026-04-31',
    '2026-6-1',
    '2026-06-01T00:00:00Z',
    ' 2026-06-01',
    '',
    '20260601',
  ])('rejects %s', (s) => {
    expect(parseYmd(s)).toBeNull();
  });
});

describe('addDays', () => {
  test('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-01-05', -29)).toBe('2025-12-07');
    expect(addDays('0050-01-01', -1)).toBe('0049-12-31');
  });
});

describe('resolveWindow', () => {
  test('this_month is the 1st to today', () => {
    expect(resolveWindow('this_month', '2026-06-17')).toEqual({ from: '2026-06-01', to: '2026-06-17' });
    expect(resolveWindow('this_month', '2026-06-01')).toEqual({ from: '2026-06-01', to: '2026-06-01' });
  });

  test('last_month is the whole previous month; on January 1st it is December of the previous year', () => {
    expect(resolveWindow('last_month', '2026-01-01')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(resolveWindow('last_month', '2024-03-31')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(resolveWindow('last_month', '2026-03-15')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
  });

  test('last_7_days and last_30_days include today', () => {
    expect(resolveWindow('last_7_days', '2026-03-03')).toEqual({ from: '2026-02-25', to: '2026-03-03' });
    expect(resolveWindow('last_30_days', '2024-03-01')).toEqual({ from: '2024-02-01', to: '2024-03-01' }); // Feb has 29 days
    expect(resolveWindow('last_30_days', '2026-03-01')).toEqual({ from: '2026-01-31', to: '2026-03-01' });
  });

  test('rejects a malformed today', () => {
    expect(() => resolveWindow('this_month', '2026-02-30')).toThrow(RangeError);
  });
});

test('currentMonth is the whole calendar month', () => {
  expect(currentMonth('2024-02-10')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
  expect(currentMonth('2026-12-31')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
});

test('isRollingWindow', () => {
  expect(isRollingWindow('last_7_days')).toBe(true);
  expect(isRollingWindow('yesterday')).toBe(false);
  expect(isRollingWindow(undefined)).toBe(false);
});
