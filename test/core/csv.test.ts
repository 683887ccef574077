// The CSV export as a table (src/core/csv.ts): a body that is not one whole CSV is refused before anything is
// written, and columns are typed by their header and every one of their values.

import { DATE_FORMAT, DATE_TIME_FORMAT, DECIMAL_FORMAT, ID_FORMAT, INTEGER_FORMAT, TEXT_FORMAT } from '../../src/core/columns';
import { type CsvContext, csvRowsToTable, csvText, typeCsvColumns } from '../../src/core/csv';
import { badResponseOf } from './thrown';

const CONTEXT: CsvContext = { path: '/v1/portal/usage/export', status: 200 };

/** A date-only value as the spreadsheet would get it (local midnight): here noon UTC, so it is told apart from UTC parsing. */
function dateOnlySpy() {
  const calls: string[] = [];
  const parse = (ymd: string) => {
    calls.push(ymd);
    return new Date(`${ymd}T12:00:00Z`);
  };
  return { calls, parse };
}
const noDateOnly = (ymd: string): Date => {
  throw new Error(`parseDateOnly called with ${ymd}`);
};

/** Rows as Utilities.parseCsv gives them: a fresh copy, since typing converts in place. */
const copy = (rows: string[][]) => rows.map((r) => [...r]);

const HEADER = [
  'id',
  'call_id',
  'destination',
  'caller_id',
  'start_time',
  'duration_seconds',
  'rate_per_minute',
  'charge',
  'currency',
  'billing_status',
];
const ROWS = [
  ['90211', '00123', '+4915112345678', '+442079460831', '2026-06-01T09:14:22+00:00', '183', '0.019', '0.06', 'EUR', 'posted'],
  ['90212', '12345', '+31201234567', '0031201234567', '2026-06-01T10:00:00+02:00', '7', '0.02', '1', 'EUR', 'posted'],
];

describe('csvText', () => {
  test('drops a byte-order mark and keeps the rest exactly', () => {
    expect(csvText('\uFEFFid,charge\n1,2\n', CONTEXT)).toEqual({ text: 'id,charge\n1,2\n', endsWithBreak: true });
    expect(csvText('id\n\uFEFF\n', CONTEXT).text).toBe('id\n\uFEFF\n'); // only a leading one is a BOM
  });

  test('knows whether the body ends with a line break (\\n, \\r\\n or \\r)', () => {
    expect(csvText('id\n1\n', CONTEXT).endsWithBreak).toBe(true);
    expect(csvText('id\r\n1\r\n', CONTEXT).endsWithBreak).toBe(true);
    expect(csvText('id\r1\r', CONTEXT).endsWithBreak).toBe(true);
    expect(csvText('id\n1', CONTEXT).endsWithBreak).toBe(false);
  });

  test.each(['', '   \n\r\n', '\uFEFF', '\uFEFF \n'])('refuses an empty export (%j)', (body) => {
    const e = badResponseOf(() => csvText(body, CONTEXT));
    expect(e.message).toMatch(/^Cliqtel sent an empty CSV export for \/v1\/portal\/usage\/export \(status 200/);
    expect(e.message).toContain('Nothing was changed');
  });

  test.each(['<!DOCTYPE html><html><body>Maintenance</body></html>', '\n  <html>', '\uFEFF<html>'])(
    'refuses a web page (%j) before parsing it',
    (body) => {
      const e = badResponseOf(() => csvText(body, { path: '/v1/portal/usage/export', status: 503 }));
      expect(e.message).toMatch(/^Cliqtel sent a web page instead of the CSV export .*\(status 503/);
      expect(e.status).toBe(503);
    },
  );

  test('a CSV whose first field merely contains < is not a web page', () => {
    expect(csvText('note\n<5 minutes\n', CONTEXT).text).toBe('note\n<5 minutes\n');
  });
});

describe('csvRowsToTable: whole tables only', () => {
  test('empty trailing lines (a final line break as parseCsv sees it) are dropped', () => {
    const table = csvRowsToTable([['id', 'note'], ['1', 'a'], [''], ['']], true, CONTEXT, noDateOnly);
    expect(table.rows).toEqual([[1, 'a']]);
  });

  test.each([[[]], [[['']]], [[[''], ['']]]])('refuses nothing at all (%j)', (parsed) => {
    expect(badResponseOf(() => csvRowsToTable(parsed, true, CONTEXT, noDateOnly)).message).toMatch(/an empty CSV export/);
  });

  test('a header alone is a table with no rows', () => {
    const table = csvRowsToTable([['id', 'charge'], ['']], true, CONTEXT, noDateOnly);
    expect(table.header).toEqual(['ID', 'Charge']);
    expect(table.rows).toEqual([]);
  });

  test('a ragged line is refused, saying which line and how many fields', () => {
    const parsed = [HEADER, ROWS[0], ROWS[1].slice(0, 7), ROWS[1]];
    const e = badResponseOf(() => csvRowsToTable(copy(parsed), true, CONTEXT, noDateOnly));
    expect(e.message).toMatch(/a CSV export whose line 3 has 7 fields instead of 10 \(cut off or damaged\)/);
    const wide = [HEADER, [...ROWS[0], 'extra']];
    expect(badResponseOf(() => csvRowsToTable(copy(wide), true, CONTEXT, noDateOnly)).message).toMatch(/line 2 has 11 fields/);
  });

  test('a last line cut in its last field, without a final line break, is refused', () => {
    const parsed = [HEADER, ROWS[0], ROWS[1], [...ROWS[0].slice(0, 9), 'pos']];
    const e = badResponseOf(() => csvRowsToTable(copy(parsed), false, CONTEXT, noDateOnly));
    expect(e.message).toMatch(/a CSV export that is cut off \(it ends in the middle of a line\)/);
  });

  test('the same last line is accepted when the body ended with a line break (the line was complete)', () => {
    const parsed = [HEADER, ROWS[0], ROWS[1], [...ROWS[0].slice(0, 9), 'pos']];
    const table = csvRowsToTable(copy(parsed), true, CONTEXT, noDateOnly);
    expect(table.rows).toHaveLength(3);
    expect(table.rows[2][9]).toBe('pos');
  });

  test('a complete last line without a final line break is accepted (some writers omit it)', () => {
    const table = csvRowsToTable(copy([HEADER, ...ROWS]), false, CONTEXT, noDateOnly);
    expect(table.rows).toHaveLength(2);
    expect(table.rows[1][9]).toBe('posted');
  });

  test('a cut zone of the last timestamp, as the last field, is noticed', () => {
    const header = ['id', 'start_time'];
    const parsed = [header, ['1', '2026-06-01T09:14:22+00:00'], ['2', '2026-06-01T09:14:22+00']];
    expect(badResponseOf(() => csvRowsToTable(copy(parsed), false, CONTEXT, noDateOnly)).message).toMatch(/cut off/);
  });

  // Known bug (reported): lastLineLooksCut starts from shortest = Infinity, so when no other row has a value in the
  // last column (one data row, or the column otherwise empty) any value counts as "shorter than every other" and a
  // whole CSV without a final line break is refused — the opposite of what its comment promises. Flip to test()
  // when src/core/csv.ts is fixed.
  test('with one data row and no final line break there is nothing to compare: the row is kept', () => {
    const table = csvRowsToTable(
      [
        ['id', 'billing_status'],
        ['1', 'posted'],
      ],
      false,
      CONTEXT,
      noDateOnly,
    );
    expect(table.rows).toEqual([[1, 'posted']]);
  });

  test('a last column empty in every other row gives no evidence of a cut: the row is kept', () => {
    const parsed = [
      ['id', 'note'],
      ['1', ''],
      ['2', ''],
      ['3', 'called back'],
    ];
    expect(csvRowsToTable(copy(parsed), false, CONTEXT, noDateOnly).rows[2]).toEqual([3, 'called back']);
  });

  test('an empty last field is not a cut', () => {
    const parsed = [
      ['id', 'note'],
      ['1', 'long text'],
      ['2', ''],
    ];
    expect(csvRowsToTable(copy(parsed), false, CONTEXT, noDateOnly).rows).toEqual([
      [1, 'long text'],
      [2, ''],
    ]);
  });
});

describe('typeCsvColumns', () => {
  test('the CDR export: text by name, Dates for timestamps, numbers with their formats, humanised header', () => {
    const table = typeCsvColumns(HEADER, copy(ROWS), noDateOnly);
    expect(table.header).toEqual([
      'ID',
      'Call ID',
      'Destination',
      'Caller ID',
      'Start Time',
      'Duration Seconds',
      'Rate Per Minute',
      'Charge',
      'Currency',
      'Billing Status',
    ]);
    expect(table.formats).toEqual([
      ID_FORMAT,
      TEXT_FORMAT,
      TEXT_FORMAT,
      TEXT_FORMAT,
      DATE_TIME_FORMAT,
      INTEGER_FORMAT,
      '[$€]#,##0.00##',
      '[$€]#,##0.00##',
      TEXT_FORMAT,
      TEXT_FORMAT,
    ]);
    const [a, b] = table.rows;
    expect(a.slice(0, 4)).toEqual([90211, '00123', '+4915112345678', '+442079460831']);
    expect(b.slice(0, 4)).toEqual([90212, '12345', '+31201234567', '0031201234567']);
    expect((a[4] as Date).toISOString()).toBe('2026-06-01T09:14:22.000Z');
    expect((b[4] as Date).toISOString()).toBe('2026-06-01T08:00:00.000Z');
    expect(a.slice(5)).toEqual([183, 0.019, 0.06, 'EUR', 'posted']);
    expect(b.slice(5)).toEqual([7, 0.02, 1, 'EUR', 'posted']);
  });

  test('identifier and phone columns stay text even when every value is a plain number', () => {
    const table = typeCsvColumns(
      ['call_id', 'caller_id', 'did', 'number'],
      [['12345', '4915112345678', '31201234567', '7']],
      noDateOnly,
    );
    expect(table.rows).toEqual([['12345', '4915112345678', '31201234567', '7']]);
    expect(table.formats).toEqual([TEXT_FORMAT, TEXT_FORMAT, TEXT_FORMAT, TEXT_FORMAT]);
  });

  test.each([
    ['00123', 'a leading zero'],
    ['1e5', 'an exponent'],
    ['1,234', 'a thousands separator'],
    ['+7', 'a plus sign'],
    ['1234567890123456', 'more than 15 digits'],
    [' 7', 'a space'],
  ])('a column is numbers only when every value is a plain decimal: one %j (%s) keeps it text', (odd) => {
    const table = typeCsvColumns(['duration_seconds'], [['183'], [odd], ['7']], noDateOnly);
    expect(table.rows).toEqual([['183'], [odd], ['7']]);
    expect(table.formats).toEqual([TEXT_FORMAT]);
  });

  test('empty cells stay empty in a number column and do not change its format', () => {
    const table = typeCsvColumns(
      ['duration_seconds', 'amount'],
      [
        ['', '1.5'],
        ['12', ''],
        ['3', '2'],
      ],
      noDateOnly,
    );
    expect(table.rows).toEqual([
      ['', 1.5],
      [12, ''],
      [3, 2],
    ]);
    expect(table.formats).toEqual([INTEGER_FORMAT, DECIMAL_FORMAT]);
  });

  test('an all-empty column stays text', () => {
    const table = typeCsvColumns(['note'], [[''], ['']], noDateOnly);
    expect(table.formats).toEqual([TEXT_FORMAT]);
    expect(table.rows).toEqual([[''], ['']]);
  });

  test('one decimal makes a count column decimal; negative numbers are numbers', () => {
    const table = typeCsvColumns(['duration_seconds'], [['3'], ['-4.5']], noDateOnly);
    expect(table.rows).toEqual([[3], [-4.5]]);
    expect(table.formats).toEqual([DECIMAL_FORMAT]);
  });

  test('timestamps with a zone keep their instant; without a zone (T or space) they are read as UTC', () => {
    const rows = [['2026-06-01T09:14:22Z'], ['2026-06-01T11:14:22+02:00'], ['2026-06-01 09:14:22'], ['2026-06-01T09:14:22']];
    const table = typeCsvColumns(['start_time'], rows, noDateOnly);
    expect(table.formats).toEqual([DATE_TIME_FORMAT]);
    for (const [cell] of table.rows) {
      expect(Object.prototype.toString.call(cell)).toBe('[object Date]');
      expect((cell as Date).toISOString()).toBe('2026-06-01T09:14:22.000Z');
    }
  });

  test('date-only columns go through parseDateOnly (the spreadsheet zone), once per filled value', () => {
    const spy = dateOnlySpy();
    const table = typeCsvColumns(
      ['day', 'calls_count'],
      [
        ['2026-06-01', '3'],
        ['', '4'],
        ['2024-02-29', '5'],
      ],
      spy.parse,
    );
    expect(spy.calls).toEqual(['2026-06-01', '2024-02-29']);
    expect(table.formats).toEqual([DATE_FORMAT, INTEGER_FORMAT]);
    expect((table.rows[0][0] as Date).toISOString()).toBe('2026-06-01T12:00:00.000Z');
    expect(table.rows[1][0]).toBe('');
    expect((table.rows[2][0] as Date).toISOString()).toBe('2024-02-29T12:00:00.000Z');
  });

  test.each([
    ['timestamps and text', ['2026-06-01T09:14:22Z', 'pending']],
    ['text before timestamps', ['n/a', '2026-06-01T09:14:22Z']],
    ['timestamps and dates', ['2026-06-01T09:14:22Z', '2026-06-02']],
    ['dates and timestamps', ['2026-06-02', '2026-06-01T09:14:22Z']],
    ['numbers and timestamps', ['12', '2026-06-01T09:14:22Z']],
    ['dates and numbers', ['2026-06-02', '12']],
    ['an impossible date', ['2026-06-01', '2026-02-30']],
    ['an impossible timestamp', ['2026-06-01T09:14:22Z', '2026-13-01T09:14:22Z']],
  ])('a mixed column (%s) stays exactly the text sent', (_what, values) => {
    const spy = dateOnlySpy();
    const table = typeCsvColumns(
      ['when'],
      values.map((v) => [v]),
      spy.parse,
    );
    expect(table.formats).toEqual([TEXT_FORMAT]);
    expect(table.rows.map((r) => r[0])).toEqual(values);
    expect(spy.calls).toEqual([]);
  });

  test('money gets the currency format of a uniform currency column, and no symbol when currencies differ', () => {
    const gbp = typeCsvColumns(
      ['charge', 'currency'],
      [
        ['1.5', 'GBP'],
        ['2', 'GBP'],
      ],
      noDateOnly,
    );
    expect(gbp.formats).toEqual(['[$£]#,##0.00##', TEXT_FORMAT]);
    const mixed = typeCsvColumns(
      ['charge', 'currency'],
      [
        ['1.5', 'GBP'],
        ['2', 'EUR'],
      ],
      noDateOnly,
    );
    expect(mixed.formats).toEqual([DECIMAL_FORMAT, TEXT_FORMAT]);
    const none = typeCsvColumns(['charge'], [['1.5']], noDateOnly);
    expect(none.formats).toEqual([DECIMAL_FORMAT]);
  });

  test('an unknown or reordered column is typed by its own name and values', () => {
    const table = typeCsvColumns(['billing_status', 'talk_seconds', 'ID'], [['posted', '60', '1']], noDateOnly);
    expect(table.header).toEqual(['Billing Status', 'Talk Seconds', 'ID']);
    expect(table.rows).toEqual([['posted', 60, 1]]);
    expect(table.formats).toEqual([TEXT_FORMAT, INTEGER_FORMAT, ID_FORMAT]);
  });
});
