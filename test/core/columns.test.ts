// Column typing (src/core/columns.ts): how each column of a sheet table is shown, and which strings need an
// apostrophe to stay literal text (docs/architecture.md#writing-to-sheets).

import {
  AUTOMATIC_FORMAT,
  DATE_FORMAT,
  DATE_TIME_FORMAT,
  DECIMAL_FORMAT,
  ID_FORMAT,
  INTEGER_FORMAT,
  inferFormats,
  isIdName,
  isMoneyName,
  isTextColumnName,
  literal,
  moneyFormat,
  numberFormatFor,
  TEXT_FORMAT,
  uniformCurrency,
} from '../../src/core/columns';
import type { TableCell } from '../../src/core/shape';

/** Midnight in UTC stands in for "local midnight of the spreadsheet's zone" in these tests. */
const utcMidnight = (d: Date) => d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0;

/** The format inferred for one column holding `values` under the name `field`. */
function formatOf(field: string, values: TableCell[], isLocalMidnight = utcMidnight, currency?: string): string {
  const rows = values.map((v) => [v]);
  return currency === undefined
    ? inferFormats([field], rows, isLocalMidnight)[0]
    : inferFormats([field], rows, isLocalMidnight, currency)[0];
}

describe('moneyFormat', () => {
  test('a known currency carries its symbol, in any case', () => {
    expect(moneyFormat('EUR')).toBe('[$€]#,##0.00##');
    expect(moneyFormat('GBP')).toBe('[$£]#,##0.00##');
    expect(moneyFormat('gbp')).toBe('[$£]#,##0.00##');
    expect(moneyFormat('USD')).toBe('[$$]#,##0.00##');
  });

  test('another ISO code is written as the code and a space', () => {
    expect(moneyFormat('CHF')).toBe('[$CHF ]#,##0.00##');
    expect(moneyFormat('sek')).toBe('[$SEK ]#,##0.00##');
  });

  test.each([undefined, '', 'EURO', 'E1', 'E1R', '€', 'EU R', ']$['])(
    'no or an invalid code (%j) → a plain decimal format',
    (c) => {
      expect(moneyFormat(c)).toBe(DECIMAL_FORMAT);
    },
  );
});

describe('column names', () => {
  test.each([
    'charge',
    'charges_this_month',
    'total',
    'subtotal',
    'tax',
    'amount',
    'balance_after',
    'wallet_balance',
    'credit_limit',
    'Monthly Price',
    'rate_per_minute',
    'setup_fee',
    'open_holds',
  ])('%s is money', (name) => {
    expect(isMoneyName(name)).toBe(true);
  });

  test.each([
    'total_calls',
    'minutes_this_month',
    'call_count',
    'duration_seconds',
    'segments',
    'messages_total',
    'number',
    'country_code',
    'billing_mode',
  ])('%s is not money', (name) => {
    expect(isMoneyName(name)).toBe(false);
  });

  test.each(['id', 'call_id', 'Call ID', 'did', 'uuid', 'trunkId'])('%s is an identifier', (name) => {
    expect(isIdName(name)).toBe(true);
  });

  test.each(['identity_count', 'idle_seconds', 'number', 'duration', 'prepaid', 'amount_paid', 'valid', 'Paid'])(
    '%s is not an identifier',
    (name) => {
      expect(isIdName(name)).toBe(false);
    },
  );

  test.each([
    'call_id',
    'caller_id',
    'destination',
    'number',
    'phone',
    'msisdn',
    'from',
    'to',
    'trunk',
    'country_code',
    'currency',
    'billing_status',
    'reference',
    'uuid',
    'direction',
    'type',
    'reference_type',
    'cli',
  ])('%s is always kept as text', (name) => {
    expect(isTextColumnName(name)).toBe(true);
  });

  test.each(['id', 'duration_seconds', 'billable_seconds', 'charge', 'rate_per_minute', 'start_time', 'amount', 'day'])(
    '%s is typed by its values',
    (name) => {
      expect(isTextColumnName(name)).toBe(false);
    },
  );
});

describe('numberFormatFor', () => {
  test('money by name, whatever the values, in the currency given', () => {
    expect(numberFormatFor('charge', false, 'EUR')).toBe('[$€]#,##0.00##');
    expect(numberFormatFor('total', true, 'GBP')).toBe('[$£]#,##0.00##');
    expect(numberFormatFor('amount', true)).toBe(DECIMAL_FORMAT);
  });

  test('whole numbers: identifiers without separators, counts with them', () => {
    expect(numberFormatFor('call_id', true)).toBe(ID_FORMAT);
    expect(numberFormatFor('id', true, 'EUR')).toBe(ID_FORMAT);
    expect(numberFormatFor('duration_seconds', true)).toBe(INTEGER_FORMAT);
    expect(numberFormatFor('total_calls', true, 'EUR')).toBe(INTEGER_FORMAT);
  });

  test('other numbers with decimals', () => {
    expect(numberFormatFor('duration_seconds', false)).toBe(DECIMAL_FORMAT);
    expect(numberFormatFor('id', false)).toBe(DECIMAL_FORMAT);
  });
});

describe('uniformCurrency', () => {
  test('the one code of the currency column, found by its normalised name', () => {
    expect(
      uniformCurrency(
        ['charge', 'currency'],
        [
          [1, 'EUR'],
          [2, 'EUR'],
          [3, ''],
        ],
      ),
    ).toBe('EUR');
    expect(uniformCurrency(['charge', 'Currency'], [[1, 'GBP']])).toBe('GBP');
  });

  test('none when the rows disagree, the column is missing or empty, or holds a non-string', () => {
    expect(
      uniformCurrency(
        ['charge', 'currency'],
        [
          [1, 'EUR'],
          [2, 'GBP'],
        ],
      ),
    ).toBeUndefined();
    expect(uniformCurrency(['charge'], [[1]])).toBeUndefined();
    expect(
      uniformCurrency(
        ['charge', 'currency'],
        [
          [1, ''],
          [2, ''],
        ],
      ),
    ).toBeUndefined();
    expect(uniformCurrency(['charge', 'currency'], [[1, 978]])).toBeUndefined();
  });
});

describe('inferFormats', () => {
  test('one string makes a text column, wherever it is', () => {
    expect(formatOf('duration_seconds', [1, 2, 'n/a'])).toBe(TEXT_FORMAT);
    expect(formatOf('start_time', [new Date('2026-06-01T09:00:00Z'), 'pending'])).toBe(TEXT_FORMAT);
    expect(formatOf('destination', ['+4915112345678'])).toBe(TEXT_FORMAT);
  });

  test('Dates that are all local midnight → a date column; the callback decides what midnight is', () => {
    const days = [new Date('2026-06-01T00:00:00Z'), new Date('2026-06-02T00:00:00Z')];
    expect(formatOf('day', days)).toBe(DATE_FORMAT);
    expect(formatOf('day', days, () => false)).toBe(DATE_TIME_FORMAT);
    const tokyoMidnight = [new Date('2026-05-31T15:00:00Z')];
    expect(formatOf('day', tokyoMidnight)).toBe(DATE_TIME_FORMAT);
    expect(formatOf('day', tokyoMidnight, (d) => (d.getUTCHours() + 9) % 24 === 0 && d.getUTCMinutes() === 0)).toBe(DATE_FORMAT);
  });

  test('one Date off midnight makes the whole column date-time', () => {
    expect(formatOf('start_time', [new Date('2026-06-01T00:00:00Z'), new Date('2026-06-02T09:14:22Z')])).toBe(DATE_TIME_FORMAT);
    expect(formatOf('start_time', [new Date('2026-06-02T09:14:22Z'), new Date('2026-06-01T00:00:00Z')])).toBe(DATE_TIME_FORMAT);
  });

  test('empty cells do not count against a date column', () => {
    expect(formatOf('day', ['', new Date('2026-06-01T00:00:00Z'), ''])).toBe(DATE_FORMAT);
  });

  test('numbers: money by name in the table currency, ids and counts when whole, else decimal', () => {
    const fields = ['call_id', 'duration_seconds', 'charge', 'rate', 'currency'];
    const rows: TableCell[][] = [
      [101, 183, 0.06, 0.5, 'EUR'],
      [102, 7, 1, 1.25, 'EUR'],
    ];
    expect(inferFormats(fields, rows, utcMidnight)).toEqual([
      ID_FORMAT,
      INTEGER_FORMAT,
      '[$€]#,##0.00##',
      '[$€]#,##0.00##',
      TEXT_FORMAT,
    ]);
  });

  test('one non-integer makes a count column decimal', () => {
    expect(formatOf('duration_seconds', [1, 2, 2.5])).toBe(DECIMAL_FORMAT);
  });

  test('mixed currencies → money without a symbol; a currency argument overrides the column', () => {
    const fields = ['amount', 'currency'];
    expect(
      inferFormats(
        fields,
        [
          [1, 'EUR'],
          [2, 'GBP'],
        ],
        utcMidnight,
      )[0],
    ).toBe(DECIMAL_FORMAT);
    expect(inferFormats(fields, [[1, 'EUR']], utcMidnight, 'GBP')[0]).toBe('[$£]#,##0.00##');
    expect(formatOf('wallet_balance', [12.5], utcMidnight, 'CHF')).toBe('[$CHF ]#,##0.00##');
  });

  test('booleans, empty columns and numbers mixed with Dates stay automatic', () => {
    expect(formatOf('has_pdf', [true, false])).toBe(AUTOMATIC_FORMAT);
    expect(formatOf('note', ['', ''])).toBe(AUTOMATIC_FORMAT);
    expect(formatOf('note', [])).toBe(AUTOMATIC_FORMAT);
    expect(formatOf('value', [1, new Date('2026-06-01T00:00:00Z')])).toBe(AUTOMATIC_FORMAT);
  });

  test('one format per column, in column order', () => {
    const rows: TableCell[][] = [['a', 1, new Date('2026-06-01T00:00:00Z'), true]];
    expect(inferFormats(['name', 'count', 'day', 'flag'], rows, utcMidnight)).toEqual([
      TEXT_FORMAT,
      INTEGER_FORMAT,
      DATE_FORMAT,
      AUTOMATIC_FORMAT,
    ]);
  });
});

describe('literal: in a plain-text (@) column', () => {
  test.each(['+4915112345678', '-5', '@x', '00123', '1e5', 'posted', ' =SUM(1)'])('%j goes in unchanged', (v) => {
    expect(literal(v, TEXT_FORMAT)).toBe(v);
  });

  test.each([
    ['=SUM(1)', "'=SUM(1)"],
    ['=', "'="],
    ["'x", "''x"],
  ])('%j gets an apostrophe (never a formula, never losing a quote)', (v, expected) => {
    expect(literal(v, TEXT_FORMAT)).toBe(expected);
  });
});

describe('literal: in any other column', () => {
  test.each([AUTOMATIC_FORMAT, INTEGER_FORMAT, DATE_TIME_FORMAT, '[$€]#,##0.00##'])('format %s', (format) => {
    expect(literal('=SUM(1)', format)).toBe("'=SUM(1)");
    expect(literal('+4915112345678', format)).toBe("'+4915112345678");
    expect(literal('-5', format)).toBe("'-5");
    expect(literal('@x', format)).toBe("'@x");
    expect(literal("'x", format)).toBe("''x");
    expect(literal('00123', format)).toBe('00123');
    expect(literal('posted', format)).toBe('posted');
  });

  test('numbers, Dates, booleans and the empty string are never changed', () => {
    const day = new Date('2026-06-01T00:00:00Z');
    for (const format of [TEXT_FORMAT, AUTOMATIC_FORMAT]) {
      expect(literal(-5, format)).toBe(-5);
      expect(literal(0, format)).toBe(0);
      expect(literal(day, format)).toBe(day);
      expect(literal(true, format)).toBe(true);
      expect(literal(false, format)).toBe(false);
      expect(literal('', format)).toBe('');
    }
  });
});
