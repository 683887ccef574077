// The CLIQTEL_* custom functions of the built bundle, in the emulator, against the sandbox over real HTTP.
import { type Harness, startHarness, TEST_NOW } from '../helpers/harness';

const isDate = (v: unknown): v is Date => Object.prototype.toString.call(v) === '[object Date]';
const norm = (s: unknown) =>
  String(s)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/** YYYY-MM-DD of a day `daysAgo` before the pinned today (UTC, like the sandbox's notion of today). */
function ymd(daysAgo: number): string {
  return new Date(Date.parse(TEST_NOW) - daysAgo * 86400_000).toISOString().slice(0, 10);
}
/** The sandbox's whole history (13 complete months before the current one): every seeded call. */
const HISTORY_FROM = ymd(440);

let h: Harness;

async function apiGet(path: string, key: string): Promise<any> {
  const res = await fetch(`${h.sandbox.baseUrl}${path}`, {
    headers: { Authorization: `Bearer ${key}`, Accept: 'application/json' },
  });
  return res.json();
}

/** Every request sent (the emulator's urlFetches counts fetch and fetchAll requests alike). */
function requestsMade(): number {
  return h.emu.stats.urlFetches;
}

beforeAll(async () => {
  h = await startHarness();
  const saved = h.saveKey(h.sandbox.keys.full) as { ok: boolean };
  expect(saved.ok).toBe(true);
});

afterAll(async () => {
  await h?.stop();
});

beforeEach(async () => {
  await h.sandbox.reset();
  h.emu.resetStats();
  h.emu.advanceClock(3600_000); // expire formula caches between tests
});

describe('values match the sandbox', () => {
  test('CLIQTEL_BALANCE returns the wallet balance as a number and the currency code on request', async () => {
    const api = await apiGet('/v1/wallet/balance', h.sandbox.keys.full);
    expect(h.emu.runCustomFunction('CLIQTEL_BALANCE', [])).toBe(api.balance);
    expect(h.emu.runCustomFunction('CLIQTEL_BALANCE', ['CURRENCY'])).toBe(api.currency);
  });

  test('CLIQTEL_USAGE returns the summary fields in documented order, and one metric case-insensitively', async () => {
    const from = ymd(40);
    const to = ymd(10);
    const api = await apiGet(`/v1/portal/usage/summary?from=${from}&to=${to}`, h.sandbox.keys.full);
    const table = h.emu.runCustomFunction('CLIQTEL_USAGE', [from, to]) as unknown[][];
    const documented = [
      'minutes_this_month',
      'charges_this_month',
      'total_calls',
      'active_calls',
      'open_holds',
      'wallet_balance',
      'available_balance',
      'billing_mode',
      'credit_limit',
    ];
    expect(table[0].slice(0, documented.length).map(norm)).toEqual(documented.map(norm));
    documented.forEach((f, i) => {
      expect(table[1][i]).toEqual(api[f]);
    });
    expect(h.emu.runCustomFunction('CLIQTEL_USAGE', [from, to, 'Total_Calls'])).toBe(api.total_calls);
  });

  test('CLIQTEL_CALLS returns every CDR of the window exactly once, typed, with a capped per_page', async () => {
    await h.sandbox.config({ perPageCap: 40 });
    const from = ymd(20);
    const to = ymd(14);
    const all = await h.sandbox.data('calls');
    const expected = all.filter((c: any) => c.start_time.slice(0, 10) >= from && c.start_time.slice(0, 10) <= to);
    const table = h.emu.runCustomFunction('CLIQTEL_CALLS', [from, to, '', 50000]) as unknown[][];
    const header = table[0].map(norm);
    expect(header.slice(0, 11)).toEqual([
      'id',
      'callid',
      'destination',
      'callerid',
      'starttime',
      'durationseconds',
      'billableseconds',
      'rateperminute',
      'charge',
      'currency',
      'billingstatus',
    ]);
    const rows = table.slice(1);
    expect(rows).toHaveLength(expected.length);
    const ids = rows.map((r) => r[0]);
    expect(new Set(ids).size).toBe(ids.length);
    const byId = new Map(expected.map((c: any) => [c.id, c]));
    for (const row of rows) {
      const c: any = byId.get(row[0]);
      expect(c).toBeDefined();
      expect(row[1]).toBe(c.call_id);
      expect(row[2]).toBe(c.destination);
      expect(row[3]).toBe(c.caller_id);
      expect(isDate(row[4])).toBe(true);
      expect((row[4] as Date).getTime()).toBe(Date.parse(c.start_time));
      expect(row[5]).toBe(c.duration_seconds);
      expect(row[8]).toBe(c.charge);
    }
    expect(rows.some((r) => String(r[2]).startsWith('+'))).toBe(true);
  });

  test('CLIQTEL_CALLS keeps tricky call ids as the exact strings sent', async () => {
    const all = await h.sandbox.data('calls');
    const tricky = all.filter((c: any) => ['00123', '1e5'].includes(c.call_id));
    expect(tricky.length).toBeGreaterThan(0);
    const day = tricky[0].start_time.slice(0, 10);
    const table = h.emu.runCustomFunction('CLIQTEL_CALLS', [day, day]) as unknown[][];
    const row = table.find((r) => r[0] === tricky[0].id)!;
    expect(row[1]).toBe(tricky[0].call_id);
  });

  test('CLIQTEL_CALLS stops at limit and fetches no page that cannot contribute rows', () => {
    const table = h.emu.runCustomFunction('CLIQTEL_CALLS', [ymd(80), ymd(1), '', 250]) as unknown[][];
    expect(table).toHaveLength(251);
    expect(requestsMade()).toBe(3); // per_page 100: pages 1, 2, 3
  });

  test('CLIQTEL_CALLS filters by dialling code or country code', async () => {
    const from = ymd(30);
    const to = ymd(1);
    const byCode = h.emu.runCustomFunction('CLIQTEL_CALLS', [from, to, '+44', 50000]) as unknown[][];
    const byIso = h.emu.runCustomFunction('CLIQTEL_CALLS', [from, to, 'gb', 50000]) as unknown[][];
    expect(byCode.length).toBeGreaterThan(1);
    expect(byIso).toEqual(byCode);
    for (const r of byCode.slice(1)) expect(String(r[2]).startsWith('+44')).toBe(true);
  });

  test.each(['did', 'destination', 'trunk', 'day'])('CLIQTEL_USAGE_BY(%s) returns a non-empty table', (dim) => {
    const table = h.emu.runCustomFunction('CLIQTEL_USAGE_BY', [dim.toUpperCase(), ymd(30), ymd(1)]) as unknown[][];
    expect(table.length).toBeGreaterThan(1);
    expect(table[0].every((hd) => typeof hd === 'string' && hd.length > 0)).toBe(true);
    if (dim === 'day') expect(table.slice(1).some((r) => r.some(isDate))).toBe(true);
  });

  test('CLIQTEL_NUMBERS lists every number with its + and nested fields flattened', async () => {
    const numbers = await h.sandbox.data('numbers');
    const table = h.emu.runCustomFunction('CLIQTEL_NUMBERS', []) as unknown[][];
    expect(table).toHaveLength(numbers.length + 1);
    const col = table[0].map(norm).indexOf('number');
    expect(
      table
        .slice(1)
        .map((r) => r[col])
        .sort(),
    ).toEqual(numbers.map((n: any) => n.number).sort());
    expect(table[0].some((hd) => norm(hd).startsWith('forwarding'))).toBe(true);
  });

  test('CLIQTEL_SEARCH_NUMBERS works without any key and returns prices as numbers', () => {
    const table = h.emu.runCustomFunction('CLIQTEL_SEARCH_NUMBERS', ['gb', 'LOCAL']) as unknown[][];
    expect(table[0].map(norm).slice(0, 4)).toEqual(['number', 'countrycode', 'type', 'monthlyprice']);
    expect(table.length).toBeGreaterThan(1);
    for (const r of table.slice(1)) {
      expect(String(r[0]).startsWith('+44')).toBe(true);
      expect(typeof r[3]).toBe('number');
    }
    const req = h.emu.stats.requests[0];
    expect(req.url).toContain('country=GB');
  });

  test.each([
    ['CLIQTEL_INVOICES', 'invoices'],
    ['CLIQTEL_CREDIT_NOTES', 'credit_notes'],
    ['CLIQTEL_ORDERS', 'orders'],
  ])('%s returns one row per record', async (fn, data) => {
    const records = await h.sandbox.data(data);
    const table = h.emu.runCustomFunction(fn, []) as unknown[][];
    expect(table).toHaveLength(records.length + 1);
  });

  test('CLIQTEL_INVOICES puts the documented columns first', () => {
    const table = h.emu.runCustomFunction('CLIQTEL_INVOICES', []) as unknown[][];
    expect(table[0].slice(0, 7).map(norm)).toEqual(['invoicenumber', 'total', 'subtotal', 'tax', 'currency', 'status', 'haspdf']);
    expect(typeof table[1][6]).toBe('boolean');
  });

  test('CLIQTEL_TRANSACTIONS and CLIQTEL_SMS return the window', () => {
    const tx = h.emu.runCustomFunction('CLIQTEL_TRANSACTIONS', [ymd(60), ymd(0)]) as unknown[][];
    expect(tx[0].slice(0, 4).map(norm)).toEqual(['amount', 'balanceafter', 'type', 'referencetype']);
    expect(tx.length).toBeGreaterThan(1);
    const sms = h.emu.runCustomFunction('CLIQTEL_SMS', [ymd(60), ymd(0)]) as unknown[][];
    expect(sms.length).toBeGreaterThan(1);
  });

  test('CLIQTEL_COMPARISON returns this month vs last month', () => {
    const table = h.emu.runCustomFunction('CLIQTEL_COMPARISON', []) as unknown[][];
    expect(table.length).toBeGreaterThanOrEqual(2);
  });
});

describe('date cells are read in the spreadsheet time zone', () => {
  test.each([
    ['America/Los_Angeles', '2026-06-01T07:00:00Z'],
    ['Asia/Tokyo', '2026-05-31T15:00:00Z'],
  ])('a date cell of 2026-06-01 in %s requests from=2026-06-01', async (tz, midnightUtc) => {
    const local = await startHarness({ timeZone: tz });
    try {
      local.saveKey(local.sandbox.keys.full);
      await local.sandbox.reset();
      const cell = new Date(midnightUtc); // what Sheets passes for a date cell: local midnight
      local.emu.runCustomFunction('CLIQTEL_USAGE', [cell, new Date(Date.parse(midnightUtc) + 29 * 86400_000)]);
      const stats = await local.sandbox.stats();
      const summary = stats.requests.filter((r) => r.path.endsWith('/usage/summary'));
      expect(summary).toHaveLength(1);
      expect(summary[0].query).toMatchObject({ from: '2026-06-01', to: '2026-06-30' });
    } finally {
      await local.stop();
    }
  });
});

describe('caching', () => {
  test('200 evaluations of the same CLIQTEL_USAGE call make exactly one request', async () => {
    for (let i = 0; i < 200; i++) h.emu.runCustomFunction('CLIQTEL_USAGE', [ymd(30), ymd(1)]);
    expect(requestsMade()).toBe(1);
    const stats = await h.sandbox.stats();
    expect(stats.requests).toHaveLength(1);
  });

  test('a 3 MB CLIQTEL_CALLS result is cached across keys and served from the cache next time', async () => {
    const big = await startHarness({ sandbox: { cdrCount: 25000 } });
    try {
      big.saveKey(big.sandbox.keys.full);
      big.emu.resetStats();
      const first = big.emu.runCustomFunction('CLIQTEL_CALLS', [HISTORY_FROM, ymd(0), '', 50000]) as unknown[][];
      expect(JSON.stringify(first).length).toBeGreaterThan(3_000_000);
      const made = big.emu.stats.urlFetches;
      expect(made).toBeGreaterThan(1);
      const second = big.emu.runCustomFunction('CLIQTEL_CALLS', [HISTORY_FROM, ymd(0), '', 50000]) as unknown[][];
      expect(big.emu.stats.urlFetches).toBe(made);
      expect(big.emu.stats.cacheHits).toBeGreaterThan(30); // the value was split across many keys
      expect(second).toEqual(first);
    } finally {
      await big.stop();
    }
  });

  test('different keys never share cached results', () => {
    h.emu.runCustomFunction('CLIQTEL_BALANCE', []);
    h.saveKey(h.sandbox.keys.usageOnly);
    try {
      expect(() => h.emu.runCustomFunction('CLIQTEL_BALANCE', [])).toThrow(/billing:read/);
    } finally {
      h.saveKey(h.sandbox.keys.full);
    }
  });

  test('cache keys, logs and cached values never contain the key', () => {
    h.emu.runCustomFunction('CLIQTEL_USAGE', [ymd(5), ymd(1)]);
    const secret = h.sandbox.keys.full.split('|')[1];
    expect(JSON.stringify(h.emu.cacheContents())).not.toContain(secret);
    expect(h.emu.logs.join('\n')).not.toContain(secret);
  });
});

describe('paged fetching', () => {
  // The time this saves (50 pages at 100 ms latency) is measured by `npm run bench`; here: the round trips.
  test('CLIQTEL_CALLS over 50 pages uses page 1 then bounded fetchAll batches: 6 round trips, not 50', async () => {
    const table = h.emu.runCustomFunction('CLIQTEL_CALLS', [HISTORY_FROM, ymd(0), '', 5000]) as unknown[][];
    expect(table).toHaveLength(5001);
    expect(h.emu.stats.urlFetches).toBe(50);
    expect(h.emu.stats.fetchAllRequests).toBe(49); // page 1 alone, then pages 2..50 in batches
    expect(h.emu.stats.fetchAllBatches).toBe(5); // batches of at most 10
    const pages = (await h.sandbox.stats()).requests.map((r) => Number(r.query.page ?? 1)).sort((a, b) => a - b);
    expect(pages).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });
});

describe('errors a user can act on', () => {
  test('no saved key → says where to save one', () => {
    const other = startHarness();
    return other.then(async (o) => {
      try {
        expect(() => o.emu.runCustomFunction('CLIQTEL_BALANCE', [])).toThrow(/Extensions › Cliqtel/);
        expect(o.emu.stats.urlFetches).toBe(0);
      } finally {
        await o.stop();
      }
    });
  });

  test('a key without the scope → names the missing scope', () => {
    h.saveKey(h.sandbox.keys.usageOnly);
    try {
      expect(() => h.emu.runCustomFunction('CLIQTEL_INVOICES', [])).toThrow(/billing:read/);
    } finally {
      h.saveKey(h.sandbox.keys.full);
    }
  });

  test('a revoked key → says the key was rejected, without the key', () => {
    // Store a revoked key directly (saving would refuse it) to model a key revoked after it was saved.
    h.emu.userProperties('owner@example.com').set('CLIQTEL_API_KEY', h.sandbox.keys.revoked);
    try {
      let message = '';
      try {
        h.emu.runCustomFunction('CLIQTEL_BALANCE', []);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/401|rejected/i);
      expect(message).not.toContain(h.sandbox.keys.revoked.split('|')[1]);
    } finally {
      h.saveKey(h.sandbox.keys.full);
    }
  });

  test('a 429 with Retry-After is waited out and retried, then the value arrives', async () => {
    await h.sandbox.setFaults({ fail429: 1, retryAfter: 1 });
    const started = h.emu.now();
    const value = h.emu.runCustomFunction('CLIQTEL_USAGE', [ymd(4), ymd(2), 'total_calls']);
    expect(typeof value).toBe('number');
    expect(h.emu.now() - started).toBeGreaterThanOrEqual(1000); // Retry-After: 1 honoured
    const statuses = (await h.sandbox.stats()).requests.map((r) => r.status);
    expect(statuses).toEqual([429, 200]);
  });

  test('a 503 is retried with backoff, then the value arrives', async () => {
    await h.sandbox.setFaults({ fail5xx: 2 });
    expect(typeof h.emu.runCustomFunction('CLIQTEL_BALANCE', [])).toBe('number');
    expect((await h.sandbox.stats()).requests.map((r) => r.status)).toEqual([503, 503, 200]);
  });

  test('requests carry Accept: application/json and a Bearer key, except the public search', async () => {
    h.emu.runCustomFunction('CLIQTEL_BALANCE', []);
    h.emu.runCustomFunction('CLIQTEL_SEARCH_NUMBERS', ['NL']);
    const [balance, search] = (await h.sandbox.stats()).requests as any[];
    expect(balance).toMatchObject({ auth: true, accept: 'application/json' });
    expect(search).toMatchObject({ auth: false, accept: 'application/json' });
  });

  test('429 beyond the budget → the rate-limit message after a bounded number of retries', async () => {
    await h.sandbox.setFaults({ fail429: 1000, retryAfter: 1 });
    expect(() => h.emu.runCustomFunction('CLIQTEL_USAGE', [ymd(3), ymd(1)])).toThrow(/rate limit/i);
    // One request and 3 retries, each after the 1 s Retry-After: far inside the 25 s budget (Sheets allows 30).
    expect((await h.sandbox.stats()).requests.map((r) => r.status)).toEqual([429, 429, 429, 429]);
  });

  test('an HTML 500 page → a readable message, no HTML dump', async () => {
    await h.sandbox.setFaults({ htmlError: 10 });
    let message = '';
    try {
      h.emu.runCustomFunction('CLIQTEL_NUMBERS', []);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/500|server/i);
    expect(message).not.toMatch(/<html|<body|<div/i);
  });
});

describe('bad arguments: specific message, zero requests', () => {
  // Every argument rule is unit-tested in test/core/args.test.ts; here one bad argument per function and argument
  // kind proves the bundle checks it before fetching, shows the message and sends nothing.
  const cases: [string, unknown[], RegExp][] = [
    ['CLIQTEL_USAGE', ['2026-06-30', '2026-06-01'], /"from".*on or before.*2026-06-01.*2026-06-30/],
    ['CLIQTEL_USAGE', ['', '', 'minutes'], /"metric".*minutes_this_month.*"minutes"/],
    ['CLIQTEL_CALLS', [new Date(Number.NaN)], /"from".*invalid date/],
    ['CLIQTEL_CALLS', ['', '', 'ZZ'], /"country".*ZZ is not in the built-in list/],
    ['CLIQTEL_CALLS', ['', '', '', 50001], /"limit".*from 1 to 50000.*Export calls/],
    ['CLIQTEL_USAGE_BY', ['country'], /"dimension".*did, destination, trunk, day.*"country"/],
    ['CLIQTEL_SEARCH_NUMBERS', ['GBR'], /"country".*two-letter.*"GBR"/],
    ['CLIQTEL_SEARCH_NUMBERS', ['GB', 'premium'], /"type".*local, toll_free, mobile, national.*"premium"/],
    ['CLIQTEL_BALANCE', ['amount'], /"field".*balance, currency.*"amount"/],
    ['CLIQTEL_TRANSACTIONS', ['2026-06-31'], /"from".*does not exist/],
    ['CLIQTEL_SMS', ['', 'tomorrow'], /"to".*"tomorrow"/],
  ];

  test.each(cases)('%s(%j) → %s', async (fn, args, message) => {
    expect(() => h.emu.runCustomFunction(fn, args)).toThrow(message);
    expect(requestsMade()).toBe(0);
    expect((await h.sandbox.stats()).requests).toHaveLength(0);
  });
});

describe('key management', () => {
  afterEach(() => {
    h.saveKey(h.sandbox.keys.full);
  });

  test('a malformed key is refused with no request', async () => {
    const result = h.saveKey('not a key') as any;
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/17\|/);
    expect(requestsMade()).toBe(0);
  });

  test('the read-only key: masked, its four read scopes found in one fetchAll, secret never returned', () => {
    const key = h.sandbox.keys.readOnly;
    const result = h.saveKey(key) as any;
    expect(result.ok).toBe(true);
    expect(result.scopes.sort()).toEqual(['billing:read', 'numbers:read', 'sms:read', 'usage:read']);
    expect(h.emu.stats.fetchAllBatches).toBe(1);
    expect(h.emu.stats.fetchAllRequests).toBe(4);
    expect(h.emu.stats.urlFetches).toBe(4);
    const secret = key.split('|')[1];
    expect(JSON.stringify(result)).not.toContain(secret);
    const settings = h.emu.run('cliqtelGetSettings', []) as any;
    expect(settings.hasKey).toBe(true);
    expect(settings.maskedKey).toBe(result.maskedKey);
    expect(JSON.stringify(settings)).not.toContain(secret);
  });

  test('a usage-only key reports just usage:read; a revoked key is refused', () => {
    expect((h.saveKey(h.sandbox.keys.usageOnly) as any).scopes).toEqual(['usage:read']);
    const revoked = h.saveKey(h.sandbox.keys.revoked) as any;
    expect(revoked.ok).toBe(false);
    expect(revoked.error).toMatch(/401|rejected/i);
  });

  test('formulas use the owner key, even when an editor is active; the shared key only when opted in', () => {
    h.emu.run('cliqtelClearApiKey', []);
    expect(() => h.emu.runCustomFunction('CLIQTEL_BALANCE', [])).toThrow(/No Cliqtel API key/);
    // An editor saves a key without sharing: formulas still have no key (they run with the owner's properties).
    h.saveKey(h.sandbox.keys.full, { user: 'editor@example.com' });
    expect(() => h.emu.runCustomFunction('CLIQTEL_BALANCE', [])).toThrow(/No Cliqtel API key/);
    // The editor opts in to share with this spreadsheet's formulas.
    h.saveKey(h.sandbox.keys.full, { user: 'editor@example.com', shareWithFormulas: true });
    expect(typeof h.emu.runCustomFunction('CLIQTEL_BALANCE', [])).toBe('number');
    // Clearing removes the key from every place it was stored.
    h.emu.run('cliqtelClearApiKey', [], { user: 'editor@example.com' });
    h.emu.advanceClock(3600_000);
    expect(() => h.emu.runCustomFunction('CLIQTEL_BALANCE', [])).toThrow(/No Cliqtel API key/);
  });
  test('key health: checking again re-probes the saved key and notices when it was revoked', () => {
    const ok = h.emu.run('cliqtelCheckApiKey', []) as any;
    expect(ok).toMatchObject({ ok: true, scopes: expect.arrayContaining(['usage:read', 'billing:read']) });
    expect(h.emu.stats.fetchAllBatches).toBe(1);
    h.emu.userProperties('owner@example.com').set('CLIQTEL_API_KEY', h.sandbox.keys.revoked);
    const revoked = h.emu.run('cliqtelCheckApiKey', []) as any;
    expect(revoked.ok).toBe(false);
    expect(revoked.error).toMatch(/401/);
    expect(JSON.stringify(revoked)).not.toContain(h.sandbox.keys.revoked.split('|')[1]);
  });

  test('sharing with formulas can be switched on and off without re-entering the key', () => {
    h.emu.run('cliqtelClearApiKey', []);
    h.saveKey(h.sandbox.keys.full, { user: 'editor@example.com' });
    expect(() => h.emu.runCustomFunction('CLIQTEL_BALANCE', [])).toThrow(/No Cliqtel API key/);
    expect(h.emu.run('cliqtelSetShareWithFormulas', [{ share: true }], { user: 'editor@example.com' })).toEqual({
      shareWithFormulas: true,
    });
    expect((h.emu.run('cliqtelGetSettings', [], { user: 'editor@example.com' }) as any).shareWithFormulas).toBe(true);
    expect(typeof h.emu.runCustomFunction('CLIQTEL_BALANCE', [])).toBe('number');
    h.emu.run('cliqtelSetShareWithFormulas', [{ share: false }], { user: 'editor@example.com' });
    h.emu.advanceClock(3600_000);
    expect(() => h.emu.runCustomFunction('CLIQTEL_BALANCE', [])).toThrow(/No Cliqtel API key/);
    h.emu.run('cliqtelClearApiKey', [], { user: 'editor@example.com' });
  });
});
