// The catalogue (src/core/catalog.ts): ids, lookups and the API key's shape, from which types, server and sidebar derive.

import {
  API_KEY_EXAMPLE,
  API_KEY_PATTERN,
  FREQUENCIES,
  FREQUENCY_IDS,
  isReportKind,
  isRollingWindow,
  isWellFormedKey,
  NUMBER_TYPE_IDS,
  NUMBER_TYPES,
  READ_SCOPE_IDS,
  READ_SCOPES,
  REPORT_KIND_IDS,
  REPORT_KINDS,
  ROLLING_WINDOW_IDS,
  ROLLING_WINDOWS,
  scopePurpose,
} from '../../src/core/catalog';
import { DATASETS } from '../../src/core/datasets';

describe('ids agree with their tables', () => {
  test.each([
    ['REPORT_KIND_IDS', REPORT_KIND_IDS, REPORT_KINDS],
    ['ROLLING_WINDOW_IDS', ROLLING_WINDOW_IDS, ROLLING_WINDOWS],
    ['FREQUENCY_IDS', FREQUENCY_IDS, FREQUENCIES],
    ['NUMBER_TYPE_IDS', NUMBER_TYPE_IDS, NUMBER_TYPES],
    ['READ_SCOPE_IDS', READ_SCOPE_IDS, READ_SCOPES],
  ])('%s lists every key of its table once, in table order', (_name, ids, table) => {
    expect(ids).toEqual(Object.keys(table));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThan(0);
  });

  test('the report kinds are the fourteen the add-on documents', () => {
    expect(REPORT_KIND_IDS).toEqual([
      'summary',
      'calls',
      'calls_log',
      'by_did',
      'by_destination',
      'by_trunk',
      'daily',
      'comparison',
      'numbers',
      'invoices',
      'credit_notes',
      'orders',
      'transactions',
      'sms',
    ]);
  });

  test('the rolling windows and frequencies are the documented ones', () => {
    expect(ROLLING_WINDOW_IDS).toEqual(['this_month', 'last_month', 'last_7_days', 'last_30_days']);
    expect(FREQUENCY_IDS).toEqual(['off', 'hourly', 'every_6_hours', 'daily']);
    expect(NUMBER_TYPE_IDS).toEqual(['local', 'toll_free', 'mobile', 'national']); // the API reference's order
    expect(READ_SCOPE_IDS).toEqual(['usage:read', 'billing:read', 'numbers:read', 'sms:read']);
  });
});

describe('report kinds', () => {
  test.each(REPORT_KIND_IDS)('%s has a title, a label, a known read scope and a dataset', (kind) => {
    const k = REPORT_KINDS[kind];
    expect(k.title.trim()).not.toBe('');
    expect(k.label.trim()).not.toBe('');
    expect(typeof k.dated).toBe('boolean');
    expect(READ_SCOPE_IDS).toContain(k.scope);
    expect(DATASETS[kind].path).toMatch(/^\/v1\//);
  });

  test('titles are distinct (they name sheets) and fit a sheet name', () => {
    const titles = REPORT_KIND_IDS.map((k) => REPORT_KINDS[k].title);
    expect(new Set(titles).size).toBe(titles.length);
    for (const t of titles) expect(t.length).toBeLessThanOrEqual(60);
  });

  test('exactly the lists "as of now" are undated', () => {
    expect(REPORT_KIND_IDS.filter((k) => !REPORT_KINDS[k].dated)).toEqual([
      'comparison',
      'numbers',
      'invoices',
      'credit_notes',
      'orders',
    ]);
  });

  test('usage reports need usage:read, billing lists billing:read', () => {
    expect(REPORT_KINDS.calls.scope).toBe('usage:read');
    expect(REPORT_KINDS.daily.scope).toBe('usage:read');
    expect(REPORT_KINDS.invoices.scope).toBe('billing:read');
    expect(REPORT_KINDS.transactions.scope).toBe('billing:read');
    expect(REPORT_KINDS.numbers.scope).toBe('numbers:read');
    expect(REPORT_KINDS.sms.scope).toBe('sms:read');
  });
});

describe('isReportKind / isRollingWindow', () => {
  test.each(REPORT_KIND_IDS)('isReportKind(%j)', (kind) => {
    expect(isReportKind(kind)).toBe(true);
  });

  test.each(ROLLING_WINDOW_IDS)('isRollingWindow(%j)', (w) => {
    expect(isRollingWindow(w)).toBe(true);
  });

  test.each([
    'Calls',
    'call',
    ' calls',
    '',
    'toString',
    'constructor',
    '__proto__',
    'hasOwnProperty',
    undefined,
    null,
    1,
    ['calls'],
  ])('%j is not a report kind (exact id only, nothing inherited)', (value) => {
    expect(isReportKind(value)).toBe(false);
  });

  test.each(['This_Month', 'yesterday', 'last_90_days', '', 'toString', '__proto__', undefined, 7])(
    '%j is not a rolling window',
    (value) => {
      expect(isRollingWindow(value)).toBe(false);
    },
  );

  test('a report kind is never a window and the other way round', () => {
    for (const k of REPORT_KIND_IDS) expect(isRollingWindow(k)).toBe(false);
    for (const w of ROLLING_WINDOW_IDS) expect(isReportKind(w)).toBe(false);
  });
});

describe('frequencies', () => {
  test('off runs never; the others at most hourly, each less often than the one before', () => {
    expect(FREQUENCIES.off.everyHours).toBe(0);
    const hours = FREQUENCY_IDS.filter((f) => f !== 'off').map((f) => FREQUENCIES[f].everyHours);
    expect(hours).toEqual([1, 6, 24]);
  });
});

describe('read scopes', () => {
  test.each(READ_SCOPE_IDS)('%s has a purpose, what it unlocks and a probe endpoint', (scope) => {
    const s = READ_SCOPES[scope];
    expect(s.purpose.trim()).not.toBe('');
    expect(s.unlocks.trim()).not.toBe('');
    expect(s.probe).toMatch(/^\/v1\//);
    expect(scopePurpose(scope)).toBe(s.purpose);
  });

  test('the probes are distinct endpoints', () => {
    const probes = READ_SCOPE_IDS.map((s) => READ_SCOPES[s].probe);
    expect(new Set(probes).size).toBe(probes.length);
  });

  test('scopes the add-on does not use are still said in words; unknown ones are undefined', () => {
    expect(scopePurpose('account:read')).toBe('account details');
    expect(scopePurpose('whatsapp:read')).toBe('WhatsApp history');
    expect(scopePurpose('usage:write')).toBeUndefined();
    expect(scopePurpose('')).toBeUndefined();
    // Names on Object.prototype are not scopes.
    expect(scopePurpose('toString')).toBeUndefined();
    expect(scopePurpose('constructor')).toBeUndefined();
  });
});

describe('API key format', () => {
  test.each([
    '17|aBcDeFgH12',
    '1|abcdefgh', // the shortest secret: 8 characters
    '123456|x!#$%&()*+,-./:;<=>?@[]^_`{}~', // any printable ASCII except space
    `42|${'Zx9'.repeat(14)}`, // a Sanctum token's usual 40-character secret
  ])('%j is well formed', (key) => {
    expect(isWellFormedKey(key)).toBe(true);
  });

  test.each([
    ['17 aBcDeFgH12', 'no pipe'],
    ['aBcDeFgH12', 'no id and no pipe'],
    ['|aBcDeFgH12', 'no id'],
    ['ab|aBcDeFgH12', 'an id that is not a number'],
    ['17|abcdefg', 'a 7-character secret'],
    ['17|', 'no secret'],
    ['17|aBcD eFgH12', 'a space in the secret'],
    [' 17|aBcDeFgH12', 'a leading space'],
    ['17|aBcDeFgH12 ', 'a trailing space'],
    ['17|aBcDeFgH12\n', 'a trailing line break'],
    ['17|aBcD\teFgH12', 'a tab'],
    ['17|aBcDéFgH12', 'a non-ASCII character'],
    ['', 'nothing'],
  ])('%j is refused (%s)', (key) => {
    expect(isWellFormedKey(key)).toBe(false);
  });

  test('the example shown to users starts the way a key does', () => {
    expect(API_KEY_EXAMPLE).toMatch(/^\d+\|/);
    expect(API_KEY_PATTERN.flags).not.toContain('g'); // a global regex would make test() stateful
  });
});
