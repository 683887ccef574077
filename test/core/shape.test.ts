// Table shaping: finding rows in every shape, flattening, header wording and value types (docs/architecture.md#value-types,
// docs/cliqtel-api.md#undocumented-shapes).

import { buildTable, findRows, flattenRow, humanizeField, parseTimestamp, toCell } from '../../src/core/shape';

const CDR_FIELDS = [
  'id',
  'call_id',
  'destination',
  'caller_id',
  'start_time',
  'duration_seconds',
  'billable_seconds',
  'rate_per_minute',
  'charge',
  'currency',
  'billing_status',
];
const cdr = {
  id: 90211,
  call_id: 'a1b2c3',
  destination: '+4915112345678',
  caller_id: '+442079460831',
  start_time: '2026-06-01T09:14:22+00:00',
  duration_seconds: 183,
  billable_seconds: 183,
  rate_per_minute: 0.019,
  charge: 0.06,
  currency: 'EUR',
  billing_status: 'posted',
};

const normalize = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

describe('findRows', () => {
  test('a bare array', () => {
    expect(findRows([{ a: 1 }])).toEqual([{ a: 1 }]);
  });
  test('a Laravel page', () => {
    expect(findRows({ current_page: 1, data: [{ a: 1 }, { a: 2 }], last_page: 1, total: 2 })).toEqual([{ a: 1 }, { a: 2 }]);
  });
  test('{data:[…]}', () => {
    expect(findRows({ data: [{ a: 1 }] })).toEqual([{ a: 1 }]);
  });
  test('{data:{invoices:[…]}} one level down', () => {
    expect(findRows({ data: { invoices: [{ a: 1 }] } })).toEqual([{ a: 1 }]);
  });
  test('the single array-valued property', () => {
    expect(findRows({ invoices: [{ invoice_number: 'INV-1' }], count: 1, meta: { x: 1 } })).toEqual([
      { invoice_number: 'INV-1' },
    ]);
  });
  test('an object with no array, or with several arrays, is null', () => {
    expect(findRows({ balance: 1, currency: 'EUR' })).toBeNull();
    expect(findRows({ current: [1], previous: [2] })).toBeNull();
    expect(findRows({ data: { id: 5521, from: '+44' } })).toBeNull();
    expect(findRows('text')).toBeNull();
    expect(findRows(null)).toBeNull();
  });
  test('arrays of primitives become {value} rows', () => {
    expect(findRows({ countries: ['GB', 'NL'] })).toEqual([{ value: 'GB' }, { value: 'NL' }]);
  });
});

describe('flattenRow', () => {
  test('nested objects become dotted keys; arrays become JSON text; null stays null', () => {
    expect(
      flattenRow({ id: 1, forwarding: { destination: '+441', sip: { host: 'x' } }, tags: ['a', 'b'], label: null, extra: {} }),
    ).toEqual({
      id: 1,
      'forwarding.destination': '+441',
      'forwarding.sip.host': 'x',
      tags: '["a","b"]',
      label: null,
      extra: null,
    });
  });
  test('a flat row is returned as is', () => {
    const row = { a: 1, b: 'x' };
    expect(flattenRow(row)).toBe(row);
  });
});

describe('humanizeField', () => {
  test.each([
    ['call_id', 'Call ID'],
    ['forwarding.destination', 'Forwarding Destination'],
    ['billable_seconds', 'Billable Seconds'],
    ['did', 'DID'],
    ['sms', 'SMS'],
    ['has_pdf', 'Has PDF'],
    ['minutes_this_month', 'Minutes This Month'],
    ['balanceAfter', 'Balance After'],
    ['value', 'Value'],
  ])('%s → %s', (field, header) => {
    expect(humanizeField(field)).toBe(header);
    expect(normalize(humanizeField(field))).toBe(normalize(field));
  });
});

describe('value types', () => {
  test('strings stay exactly as sent', () => {
    for (const s of ['+4915112345678', '00123', '1e5', '=SUM(A1)', 'TRUE', '', ' 12 ', '2026-06-01']) expect(toCell(s)).toBe(s);
  });
  test('timestamps with a zone become Dates at the right instant', () => {
    expect(toCell('2026-06-01T09:14:22+00:00')).toEqual(new Date(Date.UTC(2026, 5, 1, 9, 14, 22)));
    expect(toCell('2026-06-01T09:14:22Z')).toEqual(new Date(Date.UTC(2026, 5, 1, 9, 14, 22)));
    expect(toCell('2026-06-01T09:14:22.123456Z')).toEqual(new Date(Date.UTC(2026, 5, 1, 9, 14, 22, 123)));
    expect(toCell('2026-06-01T11:14:22+02:00')).toEqual(new Date(Date.UTC(2026, 5, 1, 9, 14, 22)));
    expect(toCell('2026-06-01T04:14:22-0500')).toEqual(new Date(Date.UTC(2026, 5, 1, 9, 14, 22)));
    expect(toCell('2026-06-01T09:14Z')).toEqual(new Date(Date.UTC(2026, 5, 1, 9, 14)));
  });
  test('impossible timestamps stay text', () => {
    expect(parseTimestamp('2026-02-30T09:14:22Z')).toBeNull();
    expect(parseTimestamp('2026-06-01T25:00:00Z')).toBeNull();
    expect(toCell('2026-02-30 09:14:22')).toBe('2026-02-30 09:14:22');
    expect(toCell('2026-06-01T09:14:22 tomorrow')).toBe('2026-06-01T09:14:22 tomorrow');
  });
  test('zone-less timestamps are read as UTC (the API gives every time in UTC), with T or a space', () => {
    expect(toCell('2026-06-01T09:14:22')).toEqual(new Date(Date.UTC(2026, 5, 1, 9, 14, 22)));
    expect(toCell('2026-06-01 09:14:22')).toEqual(new Date(Date.UTC(2026, 5, 1, 9, 14, 22)));
    expect(toCell('2026-06-01 09:14:22.5')).toEqual(new Date(Date.UTC(2026, 5, 1, 9, 14, 22, 500)));
    expect(toCell('2026-06-01 09:14+02:00')).toEqual(new Date(Date.UTC(2026, 5, 1, 7, 14)));
  });
  test('date-only strings become Dates only through parseDateOnly, and only real dates', () => {
    const parse = (ymd: string) => new Date(`${ymd}T00:00:00`);
    expect(toCell('2026-06-01', parse)).toEqual(parse('2026-06-01'));
    expect(toCell('2026-02-30', parse)).toBe('2026-02-30');
  });
  test('numbers, booleans, null and missing', () => {
    expect(toCell(0.019)).toBe(0.019);
    expect(toCell(0)).toBe(0);
    expect(toCell(false)).toBe(false);
    expect(toCell(null)).toBe('');
    expect(toCell(undefined)).toBe('');
  });
});

describe('buildTable', () => {
  test('documented columns in documented order even when absent, then extras in first-seen order', () => {
    const table = buildTable(
      [
        { ...cdr, trunk: 'main', forwarding: { destination: '+44' } },
        { call_id: '00123', zone: 'EU' },
      ],
      CDR_FIELDS,
    );
    expect(table[0]).toEqual([
      'ID',
      'Call ID',
      'Destination',
      'Caller ID',
      'Start Time',
      'Duration Seconds',
      'Billable Seconds',
      'Rate Per Minute',
      'Charge',
      'Currency',
      'Billing Status',
      'Trunk',
      'Forwarding Destination',
      'Zone',
    ]);
    expect(table[1]).toEqual([
      90211,
      'a1b2c3',
      '+4915112345678',
      '+442079460831',
      new Date(Date.UTC(2026, 5, 1, 9, 14, 22)),
      183,
      183,
      0.019,
      0.06,
      'EUR',
      'posted',
      'main',
      '+44',
      '',
    ]);
    expect(table[2]).toEqual(['', '00123', '', '', '', '', '', '', '', '', '', '', '', 'EU']);
    const headers = table[0] as string[];
    expect(headers.slice(0, CDR_FIELDS.length).map(normalize)).toEqual(CDR_FIELDS.map(normalize));
  });

  test('no rows gives just the header', () => {
    expect(buildTable([], ['balance', 'currency'])).toEqual([['Balance', 'Currency']]);
  });

  // Speed is measured by `npm run bench`, never asserted here (shared, noisy machines).
  test('100,000 CDR rows keep their order and types', () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => ({ ...cdr, id: i, call_id: `c${i}` }));
    const table = buildTable(rows, CDR_FIELDS);
    expect(table).toHaveLength(100_001);
    expect(table[100_000][0]).toBe(99_999);
    expect(table[100_000][4]).toBeInstanceOf(Date);
  });
});

describe('buildTable decides value types per column', () => {
  const parseDateOnly = (ymd: string) => new Date(`${ymd}T00:00:00Z`);

  test('a column of date-only strings becomes dates; a column mixing them with text stays text', () => {
    const rows = [
      { day: '2026-06-01', ref: '2026-10-30' },
      { day: '2026-06-02', ref: 'INV-7' },
    ];
    const table = buildTable(rows, [], { parseDateOnly });
    expect(table[1][0]).toEqual(new Date('2026-06-01T00:00:00Z'));
    expect(table[2][0]).toEqual(new Date('2026-06-02T00:00:00Z'));
    expect(table[1][1]).toBe('2026-10-30');
    expect(table[2][1]).toBe('INV-7');
  });

  test('a column mixing timestamps with other text keeps every original string', () => {
    const rows = [{ when: '2026-06-01T09:14:22+00:00' }, { when: 'pending' }];
    const table = buildTable(rows, []);
    expect(table[1][0]).toBe('2026-06-01T09:14:22+00:00');
    expect(table[2][0]).toBe('pending');
  });

  test('empty cells do not stop a timestamp column from becoming dates', () => {
    const table = buildTable([{ at: '2026-06-01T09:14:22Z' }, { at: null }, {}], []);
    expect(table[1][0]).toEqual(new Date('2026-06-01T09:14:22Z'));
    expect(table[2][0]).toBe('');
    expect(table[3][0]).toBe('');
  });
});
