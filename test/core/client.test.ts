// CliqtelClient over a scripted transport: headers, query encoding, retry policy within the deadline, pagination.

import { CliqtelClient, type ClientOptions } from '../../src/core/client';
import { buildUrl, validateBaseUrl } from '../../src/core/urls';
import { CliqtelError } from '../../src/core/errors';
import { FakeTransport, type Handler, json, laravelPage, text } from './fakeTransport';

const KEY = '17|s3cr3tK3yAbCdEfGhIjKlMnOp';
const BASE = 'https://cliqtel.com/api';

function setup(handler: Handler, opts: Partial<ClientOptions> = {}) {
  const transport = new FakeTransport(handler);
  const client = new CliqtelClient({ baseUrl: BASE, apiKey: KEY, transport, ...opts });
  return { transport, client };
}

/** Runs fn, expects a CliqtelError, and checks the key leaks nowhere in it. */
function expectCliqtelError(fn: () => unknown): CliqtelError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(CliqtelError);
  const err = caught as CliqtelError;
  const everything = `${err.message} ${err.userMessage} ${err.stack} ${JSON.stringify(err)}`;
  expect(everything).not.toContain(KEY);
  expect(everything).not.toContain(KEY.split('|')[1]);
  expect(err.userMessage).toBe(err.message);
  return err;
}

describe('requests', () => {
  test('sends Bearer auth, Accept JSON, method get and an encoded query', () => {
    const { transport, client } = setup(() => json(200, { balance: 75.6, currency: 'EUR' }));
    expect(
      client.getJson('/v1/portal/usage/summary', {
        from: '2026-06-01',
        to: '2026-06-30',
        country: '+44 &x',
        skip: undefined,
        empty: '',
      }),
    ).toEqual({ balance: 75.6, currency: 'EUR' });
    const [req] = transport.requests;
    expect(req.request.headers).toEqual({ Authorization: `Bearer ${KEY}`, Accept: 'application/json' });
    expect(req.request.method).toBe('get');
    expect(req.request.url).toBe(
      'https://cliqtel.com/api/v1/portal/usage/summary?from=2026-06-01&to=2026-06-30&country=%2B44%20%26x',
    );
    expect(req.query).toEqual({ from: '2026-06-01', to: '2026-06-30', country: '+44 &x' });
  });

  test('public requests carry no Authorization header and work without a key', () => {
    const transport = new FakeTransport(() => json(200, { numbers: [] }));
    const client = new CliqtelClient({ baseUrl: BASE, transport });
    client.getJson('/v1/numbers/search', { country: 'GB' }, { public: true });
    expect(transport.requests[0].request.headers).toEqual({ Accept: 'application/json' });
  });

  test('an authenticated call without a key fails with no_key and sends nothing', () => {
    const transport = new FakeTransport(() => json(200, {}));
    const client = new CliqtelClient({ baseUrl: BASE, transport });
    const err = expectCliqtelError(() => client.getJson('/v1/wallet/balance'));
    expect(err.code).toBe('no_key');
    expect(transport.requests).toHaveLength(0);
  });

  test('buildUrl appends to a path that already has a query', () => {
    expect(buildUrl(BASE, '/v1/x?per_page=1', { page: 2 })).toBe(`${BASE}/v1/x?per_page=1&page=2`);
  });
});

describe('validateBaseUrl', () => {
  test.each([
    ['https://cliqtel.com/api', 'https://cliqtel.com/api'],
    ['https://cliqtel.com/api/', 'https://cliqtel.com/api'],
    ['https://staging.cliqtel.com:8443/api', 'https://staging.cliqtel.com:8443/api'],
    ['http://127.0.0.1:8787/api', 'http://127.0.0.1:8787/api'],
    ['http://localhost:3000', 'http://localhost:3000'],
  ])('accepts %s', (url, expected) => {
    expect(validateBaseUrl(url)).toBe(expected);
  });

  test.each([
    'http://cliqtel.com/api',
    'http://192.168.1.5/api',
    'ftp://cliqtel.com',
    'cliqtel.com/api',
    'https://user:pw@cliqtel.com/api',
    'http://localhost.evil.com/api',
    '',
  ])('rejects %s with a message naming the fix', (url) => {
    const err = expectCliqtelError(() => validateBaseUrl(url));
    expect(err.code).toBe('bad_base_url');
    expect(err.message).toContain('CLIQTEL_BASE_URL');
  });

  test('the client refuses a plain-http remote base URL before any request', () => {
    const transport = new FakeTransport(() => json(200, {}));
    expect(() => new CliqtelClient({ baseUrl: 'http://cliqtel.com/api', apiKey: KEY, transport })).toThrow(CliqtelError);
    expect(transport.requests).toHaveLength(0);
  });
});

describe('error mapping', () => {
  test('401 → key rejected, no retry', () => {
    const { transport, client } = setup(() => json(401, { error: 'unauthenticated', message: `Invalid token Bearer ${KEY}` }));
    const err = expectCliqtelError(() => client.getJson('/v1/wallet/balance'));
    expect(err).toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(err.message).toMatch(/rejected the API key \(401\).*Portal → API Keys.*Extensions › Cliqtel/);
    expect(transport.requests).toHaveLength(1);
  });

  test('403 names the required scope and how to get it', () => {
    const { client } = setup(() =>
      json(403, {
        error: 'insufficient_scope',
        message: 'This API key is missing the required scope: usage:read.',
        required_scope: 'usage:read',
      }),
    );
    const err = expectCliqtelError(() => client.getJson('/v1/portal/usage/calls'));
    expect(err).toMatchObject({ status: 403, code: 'insufficient_scope', requiredScope: 'usage:read' });
    expect(err.message).toContain("missing the 'usage:read' permission needed for usage figures and call records");
    expect(err.message).toContain('Read-only preset');
  });

  test('422 carries the per-field validation detail', () => {
    const { transport, client } = setup(() =>
      json(422, {
        message: 'The from field must be a valid date.',
        errors: { from: ['The from must be a date.'], to: ['The to must be a date after or equal to from.'] },
      }),
    );
    const err = expectCliqtelError(() => client.getJson('/v1/portal/usage/summary', { from: 'x' }));
    expect(err).toMatchObject({ status: 422, code: 'validation' });
    expect(err.fieldErrors).toEqual({
      from: ['The from must be a date.'],
      to: ['The to must be a date after or equal to from.'],
    });
    expect(err.message).toContain('Cliqtel rejected the request: from: The from must be a date.; to: The to must be');
    expect(transport.requests).toHaveLength(1);
  });

  test('404 is not retried and names the path', () => {
    const { transport, client } = setup(() => json(404, { message: 'Not Found.' }));
    const err = expectCliqtelError(() => client.getJson('/v1/portal/nope'));
    expect(err).toMatchObject({ status: 404, code: 'not_found' });
    expect(err.message).toContain('/v1/portal/nope');
    expect(transport.requests).toHaveLength(1);
  });

  test('an HTML 500 page becomes a readable message without markup', () => {
    const html = `<!DOCTYPE html><html><head><title>Server Error</title><style>body{color:red}</style></head>
      <body><h1>Whoops</h1><p>Authorization: Bearer ${KEY}</p>${'<div>x</div>'.repeat(500)}</body></html>`;
    const { transport, client } = setup(() => text(500, html, { 'content-type': 'text/html' }));
    const err = expectCliqtelError(() => client.getJson('/v1/wallet/balance'));
    expect(err).toMatchObject({ status: 500, code: 'server_error' });
    expect(err.message).toMatch(/^Cliqtel had a server error \(500\)/);
    expect(err.message).toContain('Server Error');
    expect(err.message).toContain('try again later');
    expect(err.message).not.toMatch(/[<>]/);
    expect(err.message.length).toBeLessThan(400);
    expect(transport.requests).toHaveLength(4); // 1 + 3 retries
  });

  test('an HTML page without a title is stripped to a short excerpt', () => {
    const { client } = setup(() => text(502, `<html><body><script>var k="${KEY}"</script><p>Bad gateway</p></body></html>`), {
      maxRetries: 0,
    });
    const err = expectCliqtelError(() => client.getJson('/v1/wallet/balance'));
    expect(err.message).toContain('Bad gateway');
    expect(err.message).not.toMatch(/[<>]|script/);
  });

  test('a truncated 200 body is bad_response, never partial data', () => {
    const { client } = setup(() => text(200, '{"data":[{"id":1},{"id":2'));
    const err = expectCliqtelError(() => client.getJson('/v1/portal/numbers'));
    expect(err).toMatchObject({ status: 200, code: 'bad_response' });
    expect(err.message).toMatch(/not complete JSON/);
  });

  test('an HTML 200 (captive portal, proxy) is bad_response with a tag-free excerpt', () => {
    const { client } = setup(() => text(200, '<html><head><title>Sign in to Wi-Fi</title></head></html>'));
    const err = expectCliqtelError(() => client.getJson('/v1/wallet/balance'));
    expect(err.code).toBe('bad_response');
    expect(err.message).toContain('Sign in to Wi-Fi');
    expect(err.message).not.toMatch(/[<>]/);
  });

  test('an error body echoing the key never reaches the message', () => {
    const { client } = setup(() =>
      json(400, { message: `bad header Authorization: Bearer ${KEY} (secret ${KEY.split('|')[1]})` }),
    );
    const err = expectCliqtelError(() => client.getJson('/v1/wallet/balance'));
    expect(err.code).toBe('http_error');
    expect(err.message).toContain('[redacted]');
  });

  test('a transport failure echoing the key is redacted', () => {
    const { client } = setup(() => new Error(`Exception: DNS error for ${KEY}`), { maxRetries: 1 });
    const err = expectCliqtelError(() => client.getJson('/v1/wallet/balance'));
    expect(err).toMatchObject({ status: 0, code: 'transport' });
    expect(err.message).toMatch(/Could not reach Cliqtel/);
  });
});

describe('retry policy', () => {
  test('429 waits Retry-After seconds then succeeds', () => {
    let calls = 0;
    const { transport, client } = setup(() =>
      ++calls === 1 ? json(429, { message: 'Too Many Attempts.' }, { 'retry-after': '3' }) : json(200, { ok: 1 }),
    );
    expect(client.getJson('/v1/wallet/balance')).toEqual({ ok: 1 });
    expect(transport.sleeps).toEqual([3000]);
  });

  test('429 without Retry-After waits the default 2 s', () => {
    let calls = 0;
    const { transport, client } = setup(() => (++calls === 1 ? json(429, {}) : json(200, { ok: 1 })));
    client.getJson('/v1/wallet/balance');
    expect(transport.sleeps).toEqual([2000]);
  });

  test('429 whose wait would cross the deadline fails at once with the rate-limit message', () => {
    const { transport, client } = setup(() => json(429, { message: 'Too Many Attempts.' }, { 'retry-after': '10' }), {
      deadline: 1_700_000_000_000 + 15_000,
    });
    const err = expectCliqtelError(() => client.getJson('/v1/wallet/balance'));
    expect(err).toMatchObject({ status: 429, code: 'rate_limited', retryAfterSeconds: 10 });
    expect(err.message).toBe("Cliqtel's rate limit was reached and retries ran out; wait a minute and try again.");
    expect(transport.sleeps).toEqual([10_000]); // the second wait would end after the deadline: not taken
    expect(transport.clock).toBeLessThanOrEqual(1_700_000_000_000 + 15_000);
  });

  test('a Retry-After far beyond the bound is not waited for at all', () => {
    const { transport, client } = setup(() => json(429, {}, { 'retry-after': '300' }), { deadline: 1_700_000_000_000 + 600_000 });
    const err = expectCliqtelError(() => client.getJson('/v1/wallet/balance'));
    expect(err.code).toBe('rate_limited');
    expect(err.message).toContain('wait about 5 minutes');
    expect(transport.sleeps).toEqual([]);
    expect(transport.requests).toHaveLength(1);
  });

  test('429 retries run out after maxRetries', () => {
    const { transport, client } = setup(() => json(429, {}, { 'retry-after': '1' }));
    const err = expectCliqtelError(() => client.getJson('/v1/wallet/balance'));
    expect(err.code).toBe('rate_limited');
    expect(transport.requests).toHaveLength(4);
    expect(transport.sleeps).toEqual([1000, 1000, 1000]);
  });

  test('5xx is retried with exponential backoff, then succeeds', () => {
    let calls = 0;
    const { transport, client } = setup(() =>
      ++calls <= 2 ? json(503, { message: 'Service Unavailable' }) : json(200, { ok: 1 }),
    );
    expect(client.getJson('/v1/wallet/balance')).toEqual({ ok: 1 });
    expect(transport.sleeps).toEqual([500, 1000]);
  });

  test('5xx that persists names the status after the retries', () => {
    const { transport, client } = setup(() => json(503, { message: 'Service Unavailable' }));
    const err = expectCliqtelError(() => client.getJson('/v1/wallet/balance'));
    expect(err).toMatchObject({ status: 503, code: 'server_error' });
    expect(err.message).toContain('(503)');
    expect(transport.sleeps).toEqual([500, 1000, 2000]);
  });

  test('transport failures are retried with backoff', () => {
    let calls = 0;
    const { transport, client } = setup(() => (++calls === 1 ? new Error('Address unavailable') : json(200, { ok: 1 })));
    expect(client.getJson('/v1/wallet/balance')).toEqual({ ok: 1 });
    expect(transport.sleeps).toEqual([500]);
  });

  test('never sleeps past the deadline on 5xx', () => {
    const start = 1_700_000_000_000;
    const { transport, client } = setup(() => json(500, {}), { deadline: start + 1_200 });
    transport.latencyMs = 100;
    expectCliqtelError(() => client.getJson('/v1/wallet/balance'));
    expect(transport.sleeps).toEqual([500]); // 100 + 500 + 100 = 700; the next 1000 ms wait would cross 1200
    expect(transport.clock).toBeLessThanOrEqual(start + 1_200);
  });

  test('getText returns the raw body and maps errors', () => {
    const csv = 'call_id,destination\n00123,+4915112345678\n';
    const { client } = setup((req) =>
      req.query.format === 'csv' ? text(200, csv, { 'content-type': 'text/csv' }) : json(403, { required_scope: 'usage:read' }),
    );
    expect(client.getText('/v1/portal/usage/export', { format: 'csv' })).toBe(csv);
    const err = expectCliqtelError(() => client.getText('/v1/portal/usage/export', { format: 'xlsx' }));
    expect(err.code).toBe('insufficient_scope');
  });
});

describe('getRows pagination', () => {
  const all = Array.from({ length: 337 }, (_, i) => ({ id: i + 1, call_id: `c${i + 1}` }));

  test('7 pages under a per_page cap: every row exactly once, batches of at most batchSize via fetchAll', () => {
    // Asks for 100 per page; the server caps at 50 → 7 pages.
    const { transport, client } = setup((req) => json(200, laravelPage(all, req.query, 50)), { batchSize: 4 });
    const result = client.getRows('/v1/portal/usage/calls', { from: '2026-06-01' });
    expect(result.rows.map((r) => r.id)).toEqual(all.map((r) => r.id));
    expect(result.truncated).toBe(false);
    expect(result.requests).toBe(7);
    expect(transport.fetchAllSizes).toEqual([4, 2]);
    expect(transport.requests.map((r) => r.query.page ?? '1')).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    for (const r of transport.requests) expect(r.query).toMatchObject({ from: '2026-06-01', per_page: '100' });
  });

  test('limit stops early and never fetches a page that cannot contribute', () => {
    const { transport, client } = setup((req) => json(200, laravelPage(all, req.query, 50)), { batchSize: 10 });
    const result = client.getRows('/v1/portal/usage/calls', {}, { limit: 120 });
    expect(result.rows).toHaveLength(120);
    expect(result.rows[119].id).toBe(120);
    expect(result.truncated).toBe(true);
    expect(transport.requests).toHaveLength(3); // pages 1-3 hold rows 1..150
    expect(result.requests).toBe(3);
  });

  test('a limit reached on page 1 sends a single request', () => {
    const { transport, client } = setup((req) => json(200, laravelPage(all, req.query, 50)));
    const result = client.getRows('/v1/portal/usage/calls', {}, { limit: 50 });
    expect(result.rows).toHaveLength(50);
    expect(result.truncated).toBe(true);
    expect(transport.requests).toHaveLength(1);
  });

  test('a limit equal to the total is not reported as truncated', () => {
    const { client } = setup((req) => json(200, laravelPage(all, req.query, 50)));
    const result = client.getRows('/v1/portal/usage/calls', {}, { limit: 337 });
    expect(result.rows).toHaveLength(337);
    expect(result.truncated).toBe(false);
  });

  test('only the failed requests of a batch are retried', () => {
    const failedOnce = new Set<string>();
    const { transport, client } = setup((req) => {
      const page = req.query.page ?? '1';
      if ((page === '3' || page === '5') && !failedOnce.has(page)) {
        failedOnce.add(page);
        return page === '3' ? json(429, {}, { 'retry-after': '1' }) : json(502, {});
      }
      return json(200, laravelPage(all, req.query, 50));
    });
    const result = client.getRows('/v1/portal/usage/calls');
    expect(result.rows.map((r) => r.id)).toEqual(all.map((r) => r.id));
    expect(transport.fetchAllSizes).toEqual([6, 2]);
    expect(transport.sleeps).toEqual([1000]);
    expect(result.requests).toBe(9);
  });

  test('a later page failing for good fails the whole call (no partial rows)', () => {
    const { client } = setup((req) =>
      req.query.page === '4' ? json(403, { required_scope: 'usage:read' }) : json(200, laravelPage(all, req.query, 50)),
    );
    const err = expectCliqtelError(() => client.getRows('/v1/portal/usage/calls'));
    expect(err.code).toBe('insufficient_scope');
  });

  test('a server that ignores page (repeats page 1) is refused rather than duplicating rows', () => {
    const { client } = setup(() => json(200, laravelPage(all, {}, 50)));
    const err = expectCliqtelError(() => client.getRows('/v1/portal/usage/calls'));
    expect(err.code).toBe('bad_response');
  });

  test('API-resource pagination (meta.last_page) is followed too', () => {
    const { client } = setup((req) => {
      const page = laravelPage(all, req.query, 100) as Record<string, unknown>;
      const { data, ...meta } = page;
      return json(200, { data, links: {}, meta });
    });
    expect(client.getRows('/v1/sms/messages').rows).toHaveLength(337);
  });

  test('stops with a timeout error when the budget runs out between batches', () => {
    const start = 1_700_000_000_000;
    const { transport, client } = setup((req) => json(200, laravelPage(all, req.query, 10)), {
      batchSize: 5,
      deadline: start + 1_000,
    });
    transport.latencyMs = 200;
    const err = expectCliqtelError(() => client.getRows('/v1/portal/usage/calls'));
    expect(err.code).toBe('timeout');
    expect(transport.requests.length).toBeLessThan(34);
  });

  test.each([
    ['a bare array', [{ id: 1 }, { id: 2 }]],
    ['a single array property', { invoices: [{ id: 1 }, { id: 2 }] }],
    ['{data:[…]} without pagination', { data: [{ id: 1 }, { id: 2 }] }],
  ])('non-paginated bodies: %s', (_, body) => {
    const { transport, client } = setup(() => json(200, body));
    const result = client.getRows('/v1/portal/invoices');
    expect(result.rows).toEqual([{ id: 1 }, { id: 2 }]);
    expect(result.requests).toBe(1);
    expect(transport.requests).toHaveLength(1);
  });

  test('an object with no list is one row; limit applies to non-paginated bodies', () => {
    const { client } = setup(() => json(200, { this_month: { minutes: 5 }, last_month: { minutes: 3 } }));
    expect(client.getRows('/v1/portal/usage/comparison').rows).toEqual([
      { this_month: { minutes: 5 }, last_month: { minutes: 3 } },
    ]);
    const { client: c2 } = setup(() => json(200, [1, 2, 3]));
    expect(c2.getRows('/x', {}, { limit: 2 })).toEqual({ rows: [{ value: 1 }, { value: 2 }], requests: 1, truncated: true });
  });
});

describe('probe', () => {
  test('probes every path in one fetchAll without retries; a successful probe carries its JSON body', () => {
    const { transport, client } = setup((req) => {
      if (req.path === '/v1/portal/numbers') return json(200, { data: [] });
      if (req.path === '/v1/sms/messages') return json(429, {});
      return json(403, {
        error: 'insufficient_scope',
        required_scope: req.path.includes('usage') ? 'usage:read' : 'billing:read',
      });
    });
    const result = client.probe(['/v1/portal/numbers', '/v1/portal/usage/summary', '/v1/wallet/balance', '/v1/sms/messages']);
    expect(result).toEqual([
      { path: '/v1/portal/numbers', status: 200, ok: true, body: { data: [] } },
      { path: '/v1/portal/usage/summary', status: 403, ok: false, code: 'insufficient_scope', requiredScope: 'usage:read' },
      { path: '/v1/wallet/balance', status: 403, ok: false, code: 'insufficient_scope', requiredScope: 'billing:read' },
      { path: '/v1/sms/messages', status: 429, ok: false, code: 'rate_limited' },
    ]);
    expect(transport.fetchAllSizes).toEqual([4]);
    expect(transport.requests).toHaveLength(4);
    expect(transport.sleeps).toEqual([]);
    for (const r of transport.requests) expect(r.request.headers?.Authorization).toBe(`Bearer ${KEY}`);
  });

  test('a single path still goes through fetchAll', () => {
    const { transport, client } = setup(() => json(401, { error: 'unauthenticated' }));
    expect(client.probe(['/v1/wallet/balance'])).toEqual([
      { path: '/v1/wallet/balance', status: 401, ok: false, code: 'unauthenticated' },
    ]);
    expect(transport.fetchAllSizes).toEqual([1]);
  });
});

describe('messaging pacing (60 requests/minute on /v1/sms and /v1/whatsapp)', () => {
  const all = Array.from({ length: 700 }, (_, i) => ({ id: i }));

  test('never sends more than 60 messaging requests in any rolling minute', () => {
    const { transport, client } = setup((req) => json(200, laravelPage(all, req.query, 10)), {
      deadline: 1_700_000_000_000 + 200_000,
    });
    const { rows } = client.getRows('/v1/sms/messages');
    expect(rows).toHaveLength(700);
    expect(transport.requests).toHaveLength(70);
    const times = transport.requests.map((r) => r.at);
    for (let i = 60; i < times.length; i++) expect(times[i] - times[i - 60]).toBeGreaterThanOrEqual(60_000);
  });

  test('stops with the rate-limit message when the pacing would cross the deadline', () => {
    const { transport, client } = setup((req) => json(200, laravelPage(all, req.query, 10)));
    const err = expectCliqtelError(() => client.getRows('/v1/sms/messages'));
    expect(err.code).toBe('rate_limited');
    expect(err.message).toMatch(/60 SMS\/WhatsApp requests per minute/);
    expect(transport.requests.length).toBeLessThanOrEqual(60);
  });

  test('reporting endpoints are not paced', () => {
    const { transport, client } = setup((req) => json(200, laravelPage(all, req.query, 10)));
    client.getRows('/v1/portal/usage/calls');
    expect(transport.sleeps).toEqual([]);
  });
});

describe('write: a POST/PATCH is sent at most once', () => {
  const body = { from: '+442079460831', to: '+4915112345678', body: 'Hi' };

  test('a 2xx is done, with the parsed body; the JSON body, method and auth are sent', () => {
    const { transport, client } = setup(() => json(201, { data: { id: 5521, status: 'queued' } }));
    expect(client.write('post', '/v1/sms/messages', body)).toEqual({
      kind: 'done',
      status: 201,
      body: { data: { id: 5521, status: 'queued' } },
    });
    expect(transport.requests).toHaveLength(1);
    const sent = transport.requests[0].request;
    expect(sent.method).toBe('post');
    expect(sent.contentType).toBe('application/json');
    expect(JSON.parse(sent.payload ?? '')).toEqual(body);
    expect(sent.headers?.Authorization).toBe(`Bearer ${KEY}`);
  });

  test.each([500, 502, 503])('a %i is ambiguous and is NOT retried (the server may have acted on it)', (status) => {
    const { transport, client } = setup(() => json(status, { message: 'oops' }));
    const outcome = client.write('post', '/v1/sms/messages', body);
    expect(outcome).toMatchObject({ kind: 'ambiguous', status });
    expect(transport.requests).toHaveLength(1);
    expect(transport.sleeps).toEqual([]);
  });

  test('a dropped connection or timeout is ambiguous and is NOT retried', () => {
    const { transport, client } = setup(() => new Error('Timeout: http://x'));
    expect(client.write('patch', '/v1/portal/numbers/1/label', { label: 'x' })).toMatchObject({
      kind: 'ambiguous',
      status: 0,
    });
    expect(transport.requests).toHaveLength(1);
  });

  test('a 4xx is rejected with the mapped error (422 field errors, 403 scope), never retried', () => {
    const { transport, client } = setup((req) =>
      req.path.endsWith('/label')
        ? json(403, { error: 'insufficient_scope', required_scope: 'numbers:write' })
        : json(422, { message: 'Invalid', errors: { to: ['The to field must be E.164.'] } }),
    );
    const rejected = client.write('post', '/v1/sms/messages', body);
    expect(rejected.kind).toBe('rejected');
    if (rejected.kind === 'rejected') expect(rejected.error.fieldErrors).toEqual({ to: ['The to field must be E.164.'] });
    const forbidden = client.write('patch', '/v1/portal/numbers/7/label', { label: 'x' });
    if (forbidden.kind !== 'rejected') throw new Error(`expected rejected, got ${forbidden.kind}`);
    expect(forbidden.error.requiredScope).toBe('numbers:write');
    expect(transport.requests).toHaveLength(2);
  });

  test('a 429 was not accepted: it waits Retry-After and sends the same request again', () => {
    let calls = 0;
    const { transport, client } = setup(() =>
      ++calls === 1 ? json(429, { message: 'Too many' }, { 'retry-after': '2' }) : json(201, { data: { id: 1 } }),
    );
    expect(client.write('post', '/v1/sms/messages', body).kind).toBe('done');
    expect(transport.sleeps).toEqual([2000]);
    expect(transport.requests).toHaveLength(2);
  });

  test('a 429 that outlasts the time budget is rejected (certainly not sent)', () => {
    const { transport, client } = setup(() => json(429, {}, { 'retry-after': '15' }), { deadline: 10_000 });
    const outcome = client.write('post', '/v1/sms/messages', body);
    expect(outcome).toMatchObject({ kind: 'rejected', status: 429 });
    expect(transport.requests).toHaveLength(1);
  });
});
