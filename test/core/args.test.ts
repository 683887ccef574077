// Argument rules of the custom functions and server functions (src/core/args.ts): every bad argument becomes an
// error naming the argument, what was expected and what was given, before anything is fetched. "Today" is pinned.

import {
  parseDateArg,
  parseDateRange,
  parseDiallingCodeArg,
  parseEnumArg,
  parseIsoCountryArg,
  parseLimitArg,
  parseMetricArg,
  parseObjectArg,
} from '../../src/core/args';
import { NUMBER_TYPE_IDS } from '../../src/core/catalog';
import { argumentErrorOf } from './thrown';

/** A date cell's Date as the spreadsheet shows it in Asia/Tokyo (UTC+9, no daylight saving). */
const tokyoDay = (d: Date) => new Date(d.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
/** A formatter for tests where no Date is passed: calling it is a failure. */
const noFormatter = (d: Date): string => {
  throw new Error(`formatDate called with ${d.toISOString()}`);
};

describe('parseDateArg', () => {
  test.each([undefined, null, '', '   '])('an empty value (%j) means no date', (value) => {
    expect(parseDateArg('from', value, noFormatter)).toBeUndefined();
  });

  test('a YYYY-MM-DD string is taken as it is, surrounding spaces dropped', () => {
    expect(parseDateArg('from', '2026-06-01', noFormatter)).toBe('2026-06-01');
    expect(parseDateArg('from', ' 2024-02-29 ', noFormatter)).toBe('2024-02-29');
  });

  test("a date cell is turned into YYYY-MM-DD by the spreadsheet's formatter, not by its UTC date", () => {
    const tokyoMidnight = new Date('2026-05-31T15:00:00Z'); // 2026-06-01 00:00 in Tokyo
    expect(parseDateArg('from', tokyoMidnight, tokyoDay)).toBe('2026-06-01');
    const calls: Date[] = [];
    const recorded = parseDateArg('to', tokyoMidnight, (d) => {
      calls.push(d);
      return '2030-01-02';
    });
    expect(recorded).toBe('2030-01-02');
    expect(calls).toEqual([tokyoMidnight]);
  });

  test('an invalid Date is refused as "an invalid date" without calling the formatter', () => {
    const e = argumentErrorOf(() => parseDateArg('from', new Date(Number.NaN), noFormatter));
    expect(e.message).toMatch(/^Argument "from": expected a date .* got an invalid date\.$/);
  });

  test.each([
    ['2026-02-30', /"from".*that day does not exist.*"2026-02-30"/],
    ['2026-13-01', /"from".*that day does not exist.*"2026-13-01"/],
    ['2025-02-29', /"from".*that day does not exist.*"2025-02-29"/],
    ['yesterday', /"from": expected a date \(a date cell or text like 2026-06-01\), got "yesterday"/],
    ['2026/06/30', /"from".*got "2026\/06\/30"/],
    ['2026-6-1', /"from".*got "2026-6-1"/],
    ['2026-06-01T00:00:00Z', /"from".*got "2026-06-01T00:00:00Z"/],
  ])('the text %j is refused', (value, message) => {
    const e = argumentErrorOf(() => parseDateArg('from', value, noFormatter));
    expect(e.message).toMatch(message);
  });

  test('only a real calendar date gets the "does not exist" hint; other text gets the plain expectation', () => {
    expect(argumentErrorOf(() => parseDateArg('to', '2026-04-31', noFormatter)).message).toContain('does not exist');
    expect(argumentErrorOf(() => parseDateArg('to', 'tomorrow', noFormatter)).message).not.toContain('does not exist');
  });

  test.each([
    [42, /"to".*got 42\./],
    [true, /"to".*got TRUE\./],
    [false, /"to".*got FALSE\./],
    [[['2026-06-01', '2026-06-02']], /"to".*got a range of several cells\./],
    [{ day: 1 }, /"to".*got a value of type object\./],
  ])('a non-date value %j is refused, saying what was given', (value, message) => {
    expect(argumentErrorOf(() => parseDateArg('to', value, noFormatter)).message).toMatch(message);
  });
});

describe('parseDateRange (today pinned)', () => {
  const today = '2026-02-10';

  test('both empty → the whole current month, 1st to last day', () => {
    expect(parseDateRange('', undefined, noFormatter, today)).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(parseDateRange(null, '', noFormatter, '2024-02-29')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(parseDateRange(undefined, undefined, noFormatter, '2026-12-31')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });

  test("only to → from the 1st of to's month (not today's month)", () => {
    expect(parseDateRange('', '2025-11-17', noFormatter, today)).toEqual({ from: '2025-11-01', to: '2025-11-17' });
    expect(parseDateRange('', '2026-03-01', noFormatter, today)).toEqual({ from: '2026-03-01', to: '2026-03-01' });
  });

  test('only from → up to today', () => {
    expect(parseDateRange('2025-12-20', '', noFormatter, today)).toEqual({ from: '2025-12-20', to: today });
    expect(parseDateRange(today, '', noFormatter, today)).toEqual({ from: today, to: today });
  });

  test('only from, later than today → that single day (never a reversed range)', () => {
    expect(parseDateRange('2026-03-05', '', noFormatter, today)).toEqual({ from: '2026-03-05', to: '2026-03-05' });
  });

  test('both given → taken as they are; from equal to to is one day', () => {
    expect(parseDateRange('2026-06-01', '2026-06-30', noFormatter, today)).toEqual({ from: '2026-06-01', to: '2026-06-30' });
    expect(parseDateRange('2026-06-01', '2026-06-01', noFormatter, today)).toEqual({ from: '2026-06-01', to: '2026-06-01' });
  });

  test('a reversed range is refused, naming both dates', () => {
    const e = argumentErrorOf(() => parseDateRange('2026-06-30', '2026-06-01', noFormatter, today));
    expect(e.message).toMatch(/^Argument "from": expected a date on or before "to" \(2026-06-01\), got .*2026-06-30/);
  });

  // Known bug (reported): parseDateRange passes the date already in quotes to argumentError, which quotes it again,
  // so the user reads got "\"2026-06-30\"". Flip to test() when src/core/args.ts is fixed.
  test('a reversed range shows the given date quoted once', () => {
    const e = argumentErrorOf(() => parseDateRange('2026-06-30', '2026-06-01', noFormatter, today));
    expect(e.message).toBe('Argument "from": expected a date on or before "to" (2026-06-01), got "2026-06-30".');
  });

  test('date cells go through the formatter (Tokyo midnight of June 1st and 30th)', () => {
    const from = new Date('2026-05-31T15:00:00Z');
    const to = new Date('2026-06-29T15:00:00Z');
    expect(parseDateRange(from, to, tokyoDay, today)).toEqual({ from: '2026-06-01', to: '2026-06-30' });
  });

  test('a bad from or to is reported under its own name', () => {
    expect(argumentErrorOf(() => parseDateRange('2026-13-01', '', noFormatter, today)).message).toMatch(/^Argument "from"/);
    expect(argumentErrorOf(() => parseDateRange('', 'tomorrow', noFormatter, today)).message).toMatch(
      /^Argument "to".*"tomorrow"/,
    );
  });
});

describe('parseObjectArg', () => {
  test('a plain object is returned as it is', () => {
    const arg = { kind: 'calls' };
    expect(parseObjectArg(arg, '{kind}')).toBe(arg);
  });

  test.each([
    ['a string', '{"kind":"calls"}', /got "\{\\"kind\\":\\"calls\\"\}"/],
    ['a number', 7, /got 7\./],
    ['a boolean', true, /got TRUE\./],
    ['an array', [{ kind: 'calls' }], /got a range of several cells\./],
    ['a Date', new Date('2026-06-01T00:00:00Z'), /got the date 2026-06-01\./],
    ['null', null, /got an empty value\./],
    ['undefined', undefined, /got an empty value\./],
  ])('refuses %s, naming the fields expected', (_what, value, given) => {
    const e = argumentErrorOf(() => parseObjectArg(value, '{kind, from, to}'));
    expect(e.message).toMatch(/^Argument "argument": expected an object with \{kind, from, to\}, got /);
    expect(e.message).toMatch(given);
  });

  test('when every field is optional, nothing (undefined or null) means an empty object', () => {
    expect(parseObjectArg(undefined, '{sheetName}', true)).toEqual({});
    expect(parseObjectArg(null, '{sheetName}', true)).toEqual({});
  });

  test.each([['x'], [0], [[]], [new Date(0)]])('optional still refuses a non-object (%j)', (value) => {
    argumentErrorOf(() => parseObjectArg(value, '{sheetName}', true));
  });
});

describe('parseEnumArg', () => {
  const DIMENSIONS = ['did', 'destination', 'trunk', 'day'] as const;

  test.each([
    ['DAY', 'day'],
    ['Trunk', 'trunk'],
    [' did ', 'did'],
  ])('%j matches %j case-insensitively', (value, expected) => {
    expect(parseEnumArg('dimension', value, DIMENSIONS)).toBe(expected);
  });

  test('spaces, dashes and underscores are ignored (Toll-Free, toll free → toll_free)', () => {
    expect(parseEnumArg('type', 'Toll-Free', NUMBER_TYPE_IDS)).toBe('toll_free');
    expect(parseEnumArg('type', 'toll free', NUMBER_TYPE_IDS)).toBe('toll_free');
    expect(parseEnumArg('type', 'TOLLFREE', NUMBER_TYPE_IDS)).toBe('toll_free');
  });

  test('an unknown name is refused, listing every allowed name and what was given', () => {
    expect(argumentErrorOf(() => parseEnumArg('dimension', 'country', DIMENSIONS)).message).toBe(
      'Argument "dimension": expected one of did, destination, trunk, day, got "country".',
    );
    expect(argumentErrorOf(() => parseEnumArg('type', 'premium', NUMBER_TYPE_IDS)).message).toBe(
      `Argument "type": expected one of ${NUMBER_TYPE_IDS.join(', ')}, got "premium".`,
    );
  });

  test('empty uses the fallback when there is one, and is refused when there is none', () => {
    expect(parseEnumArg('field', '', ['balance', 'currency'] as const, 'balance')).toBe('balance');
    expect(parseEnumArg('field', undefined, ['balance', 'currency'] as const, 'balance')).toBe('balance');
    expect(argumentErrorOf(() => parseEnumArg('dimension', '', DIMENSIONS)).message).toMatch(/"dimension".*got an empty value/);
    expect(argumentErrorOf(() => parseEnumArg('dimension', null, DIMENSIONS)).message).toMatch(/got an empty value/);
  });

  test('a non-empty wrong value is refused even when there is a fallback', () => {
    expect(argumentErrorOf(() => parseEnumArg('field', 'amount', ['balance', 'currency'] as const, 'balance')).message).toBe(
      'Argument "field": expected one of balance, currency, got "amount".',
    );
  });

  test('a number or boolean is refused, not matched by its text', () => {
    expect(argumentErrorOf(() => parseEnumArg('n', 1, ['1', '2'] as const)).message).toMatch(/got 1\./);
    expect(argumentErrorOf(() => parseEnumArg('b', true, ['true'] as const)).message).toMatch(/got TRUE\./);
  });
});

describe('parseMetricArg', () => {
  test('empty → no metric (the whole summary)', () => {
    expect(parseMetricArg('')).toBeUndefined();
    expect(parseMetricArg(undefined)).toBeUndefined();
  });

  test('a summary field, in any case and spelling', () => {
    expect(parseMetricArg('Total_Calls')).toBe('total_calls');
    expect(parseMetricArg('wallet balance')).toBe('wallet_balance');
  });

  test('a partial name is refused, listing the real field names', () => {
    const e = argumentErrorOf(() => parseMetricArg('minutes'));
    expect(e.message).toMatch(
      /^Argument "metric": expected one of minutes_this_month, charges_this_month, .*credit_limit, got "minutes"\.$/,
    );
  });
});

describe('parseLimitArg', () => {
  const limit = (v: unknown) => parseLimitArg(v, 5000, 50000);

  test('empty → the default', () => {
    expect(limit('')).toBe(5000);
    expect(limit(undefined)).toBe(5000);
    expect(limit(null)).toBe(5000);
  });

  test('whole numbers from 1 to the maximum, as numbers or digit text', () => {
    expect(limit(1)).toBe(1);
    expect(limit(250)).toBe(250);
    expect(limit(50000)).toBe(50000);
    expect(limit('250')).toBe(250);
    expect(limit(' 7 ')).toBe(7);
    expect(limit(3.0)).toBe(3);
  });

  test.each([
    [0, /got 0\./],
    [-5, /got -5\./],
    [2.5, /got 2\.5\./],
    ['ten', /got "ten"\./],
    ['2.5', /got "2\.5"\./],
    ['1e3', /got "1e3"\./],
    ['-5', /got "-5"\./],
    [true, /got TRUE\./],
    [Number.NaN, /got NaN\./],
    [Number.POSITIVE_INFINITY, /got Infinity\./],
  ])('%j is refused as not a whole number of rows', (value, given) => {
    const e = argumentErrorOf(() => limit(value));
    expect(e.message).toMatch(/^Argument "limit": expected a whole number of rows from 1 to 50000, got /);
    expect(e.message).toMatch(given);
    expect(e.message).not.toContain('Export calls');
  });

  test('one above the maximum is refused, pointing at the export for more', () => {
    for (const value of [50001, '50001', 1_000_000]) {
      const e = argumentErrorOf(() => limit(value));
      expect(e.message).toMatch(
        /"limit": expected a whole number of rows from 1 to 50000 \(for more, use Extensions › Cliqtel › Export calls to a sheet\)/,
      );
    }
  });
});

describe('parseIsoCountryArg', () => {
  test('two letters in any case, sent upper-case', () => {
    expect(parseIsoCountryArg('gb')).toBe('GB');
    expect(parseIsoCountryArg(' Nl ')).toBe('NL');
    expect(parseIsoCountryArg('US')).toBe('US');
  });

  test.each([
    ['GBR', /got "GBR"/],
    ['G1', /got "G1"/],
    ['', /got an empty value/],
    [undefined, /got an empty value/],
    [44, /got 44\./],
    ['+44', /got "\+44"/],
  ])('%j is refused', (value, given) => {
    const e = argumentErrorOf(() => parseIsoCountryArg(value));
    expect(e.message).toMatch(/^Argument "country": expected a two-letter country code such as GB, NL or US, got /);
    expect(e.message).toMatch(given);
  });
});

describe('parseDiallingCodeArg', () => {
  test('empty → no filter', () => {
    expect(parseDiallingCodeArg('')).toBeUndefined();
    expect(parseDiallingCodeArg(undefined)).toBeUndefined();
    expect(parseDiallingCodeArg(null)).toBeUndefined();
  });

  test.each([
    ['44', '44'],
    ['+44', '44'],
    [' +353 ', '353'],
    [44, '44'],
    [1, '1'],
    ['1', '1'],
    ['+1234', '1234'],
  ])('the dialling code %j is sent as %j', (value, expected) => {
    expect(parseDiallingCodeArg(value)).toBe(expected);
  });

  test.each([
    ['GB', '44'],
    ['gb', '44'],
    ['US', '1'],
    ['ca', '1'],
    ['NL', '31'],
    ['DE', '49'],
  ])('the known country %j becomes its dialling code %j', (value, expected) => {
    expect(parseDiallingCodeArg(value)).toBe(expected);
  });

  test('a two-letter code outside the built-in list says so and asks for the dialling code', () => {
    expect(argumentErrorOf(() => parseDiallingCodeArg('zz')).message).toBe(
      'Argument "country": expected a dialling code such as 44 or +44, or a two-letter country code such as GB ' +
        '(ZZ is not in the built-in list: use its dialling code), got "zz".',
    );
  });

  test.each([
    ['Britain', /got "Britain"/],
    ['+12345', /got "\+12345"/],
    ['++44', /got "\+\+44"/],
    ['44 20', /got "44 20"/],
    [0, /got 0\./],
    [-44, /got -44\./],
    [44.5, /got 44\.5\./],
    [10000, /got 10000\./],
    [true, /got TRUE\./],
  ])('%j is refused as neither a dialling code nor a country code', (value, given) => {
    const e = argumentErrorOf(() => parseDiallingCodeArg(value));
    expect(e.message).toMatch(
      /^Argument "country": expected a dialling code such as 44 or \+44, or a two-letter country code such as GB, got /,
    );
    expect(e.message).toMatch(given);
  });
});
