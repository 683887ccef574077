// Error messages: each names cause and fix, and none ever carries the API key.

import {
  argumentError,
  badResponseError,
  CliqtelError,
  mapHttpError,
  noKeyError,
  redact,
  safeExcerpt,
  transportError,
} from '../../src/core/errors';
import { json, text } from './fakeTransport';

const KEY = '42|ZyXwVuTsRqPoNmLkJiHg';

describe('redact', () => {
  test('removes the whole key, its secret part and any Bearer credential', () => {
    const out = redact(`key=${KEY}; secret=${KEY.slice(3)}; Authorization: Bearer other|token123`, KEY);
    expect(out).not.toContain(KEY.slice(3));
    expect(out).not.toContain('other|token123');
    expect(out).toBe('key=[redacted]; secret=[redacted]; Authorization: Bearer [redacted]');
  });

  test('does not mangle text when the key id is short', () => {
    expect(redact('page 42 of 420', KEY)).toBe('page 42 of 420');
  });
});

describe('safeExcerpt', () => {
  test('keeps short plain text, collapses whitespace, cuts long text', () => {
    expect(safeExcerpt('  Service\n  Unavailable ')).toBe('Service Unavailable');
    const long = safeExcerpt('x'.repeat(1000), undefined, 50);
    expect(long).toHaveLength(50);
    expect(long.endsWith('…')).toBe(true);
  });

  test('uses the title of an HTML page and decodes basic entities', () => {
    expect(safeExcerpt('<html><head><title>502 Bad Gateway &amp; more</title></head><body>…</body></html>')).toBe(
      '502 Bad Gateway & more',
    );
  });
});

describe('mapHttpError', () => {
  const every = [
    json(401, { error: 'unauthenticated', message: `Unauthenticated ${KEY}` }),
    json(403, { error: 'insufficient_scope', message: 'missing', required_scope: 'billing:read' }),
    json(403, { error: 'insufficient_scope', message: `nope ${KEY}` }),
    json(422, { message: 'invalid', errors: { from: [`bad ${KEY}`] } }),
    json(422, { message: `The given data was invalid ${KEY}.` }),
    json(429, {}, { 'retry-after': '30' }),
    json(500, { message: `SQLSTATE leak Bearer ${KEY}` }),
    text(503, `<html><title>Down ${KEY}</title></html>`),
    text(418, `teapot ${KEY}`),
  ];
  test.each(every.map((r) => [r.status, r]))('status %i never includes the key', (_, response) => {
    const err = mapHttpError(response, { path: '/v1/x', secret: KEY });
    expect(err).toBeInstanceOf(CliqtelError);
    expect(err).toBeInstanceOf(Error);
    expect(err.message).not.toContain(KEY);
    expect(err.message).not.toContain(KEY.slice(3));
    expect(err.status).toBe(response.status);
    expect(err.message.length).toBeLessThan(700);
  });

  test('403 with the billing scope explains what it unlocks', () => {
    const err = mapHttpError(json(403, { required_scope: 'billing:read' }));
    expect(err.message).toBe(
      "This API key is missing the 'billing:read' permission needed for the balance, invoices, orders and wallet " +
        'transactions (403). Create a key with billing:read (e.g. the Read-only preset) in the Cliqtel portal ' +
        '(Portal → API Keys) and save it in Extensions › Cliqtel › Settings.',
    );
  });

  test('422 with string-valued errors and without errors', () => {
    expect(mapHttpError(json(422, { errors: { country: 'The country must be 2 characters.' } })).message).toContain(
      'country: The country must be 2 characters.',
    );
    expect(mapHttpError(json(422, { message: 'The to must be after from.' })).message).toContain(
      'Cliqtel rejected the request: The to must be after from.',
    );
  });

  test('429 reads an HTTP-date Retry-After relative to now', () => {
    const now = Date.UTC(2026, 5, 1, 12, 0, 0);
    const err = mapHttpError(json(429, {}, { 'retry-after': 'Mon, 01 Jun 2026 12:00:45 GMT' }), {}, now);
    expect(err.retryAfterSeconds).toBe(45);
    expect(err.code).toBe('rate_limited');
  });
});

describe('other errors', () => {
  test('argumentError names the argument, the expectation and what was given', () => {
    expect(argumentError('from', 'a date (a date cell or YYYY-MM-DD text)', '2026-13-01').message).toBe(
      'Argument "from": expected a date (a date cell or YYYY-MM-DD text), got "2026-13-01".',
    );
    const err = argumentError('limit', 'a whole number from 1 to 100000', -5);
    expect(err).toMatchObject({ status: 0, code: 'bad_argument' });
    expect(err.message).toContain('got -5.');
    expect(argumentError('limit', 'a number', true).message).toContain('got TRUE.');
    expect(argumentError('from', 'a date', [[1, 2]]).message).toContain('got a range of several cells.');
    expect(argumentError('from', 'a date', new Date(Number.NaN)).message).toContain('got an invalid date.');
  });

  test('noKeyError points at the settings', () => {
    const err = noKeyError();
    expect(err).toMatchObject({ status: 0, code: 'no_key' });
    expect(err.message).toContain('Extensions › Cliqtel › Settings');
  });

  test('badResponseError and transportError scrub the key', () => {
    const bad = badResponseError(200, `{"token":"${KEY}"`, { secret: KEY, path: '/v1/wallet/balance' });
    expect(bad.code).toBe('bad_response');
    expect(bad.message).not.toContain(KEY.slice(3));
    const t = transportError(new Error(`timeout talking with Bearer ${KEY}`), { secret: KEY });
    expect(t.message).not.toContain(KEY.slice(3));
    expect(t.message).toMatch(/^Could not reach Cliqtel \(timeout talking with Bearer \[redacted\]\)/);
  });
});
