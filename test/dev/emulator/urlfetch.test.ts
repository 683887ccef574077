// UrlFetchApp over real HTTP (server in a child process): sync fetch, concurrent fetchAll, errors, allowlist.
import { exec, type FixtureServer, fixtureEmulator, startFixtureServer } from './helpers';
import type { Emulator } from '../../../dev/emulator/index';

let server: FixtureServer;
let emu: Emulator;

beforeAll(async () => {
  server = await startFixtureServer();
  emu = fixtureEmulator({ extraUrlFetchWhitelist: [`${server.baseUrl}/`] });
});

afterAll(async () => {
  await emu.close();
  await server.stop();
});

beforeEach(() => emu.resetStats());

test('fetch sends method, headers, payload and contentType; the response exposes code, text, headers and blob', () => {
  const r = exec(
    emu,
    `var res = UrlFetchApp.fetch(args[0] + '/echo?x=1', { method: 'post', payload: JSON.stringify({ a: 1 }), contentType: 'application/json',
       headers: { Authorization: 'Bearer id|secret', Accept: 'application/json' }, muteHttpExceptions: true });
     var body = JSON.parse(res.getContentText());
     return [res.getResponseCode(), body.method, body.headers.authorization, body.headers['content-type'], body.body, body.query.x,
             res.getHeaders()['Content-Type'], res.getBlob().getDataAsString() === res.getContentText()];`,
    [server.baseUrl],
  );
  expect(r).toEqual([200, 'POST', 'Bearer id|secret', 'application/json', '{"a":1}', '1', 'application/json', true]);
});

test('stats record every request (method, URL and the emulator clock: the Authorization header is never stored)', () => {
  const before = emu.now();
  exec(emu, "UrlFetchApp.fetch(args[0] + '/echo', { headers: { Authorization: 'Bearer id|secret' } });", [server.baseUrl]);
  const after = emu.now();
  expect(emu.stats.urlFetches).toBe(1);
  expect(emu.stats.requests).toEqual([{ method: 'GET', url: `${server.baseUrl}/echo`, at: expect.any(Number) }]);
  expect(emu.stats.requests[0].at).toBeGreaterThanOrEqual(before);
  expect(emu.stats.requests[0].at).toBeLessThanOrEqual(after);
  expect(JSON.stringify(emu.stats)).not.toContain('secret');
});

test('an object payload is form-encoded (Apps Script default contentType application/x-www-form-urlencoded)', () => {
  const r = exec(
    emu,
    "var b = JSON.parse(UrlFetchApp.fetch(args[0] + '/echo', { method: 'post', payload: { a: 'x y', b: 2 } }).getContentText()); return [b.headers['content-type'], b.body];",
    [server.baseUrl],
  );
  expect(r).toEqual(['application/x-www-form-urlencoded', 'a=x%20y&b=2']);
});

test('fetchAll sends its requests concurrently (server-side timestamps overlap)', () => {
  const bodies = exec(
    emu,
    "var reqs = []; for (var i = 0; i < 10; i++) reqs.push({ url: args[0] + '/delay?ms=200&id=' + i }); return UrlFetchApp.fetchAll(reqs).map(function (r) { return JSON.parse(r.getContentText()); });",
    [server.baseUrl],
  ) as { id: string; start: number; end: number }[];
  expect(bodies.map((b) => b.id)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  expect(Math.max(...bodies.map((b) => b.start))).toBeLessThan(Math.min(...bodies.map((b) => b.end)));
  expect(emu.stats).toMatchObject({ urlFetches: 10, fetchAllBatches: 1, fetchAllRequests: 10 });
});

test('without muteHttpExceptions a status ≥ 400 throws Apps Script\'s "Request failed" message', () => {
  expect(() => exec(emu, "UrlFetchApp.fetch(args[0] + '/status?code=429&body=slow%20down')", [server.baseUrl])).toThrow(
    `Request failed for ${server.baseUrl}/status?code=429&body=slow%20down returned code 429. Truncated server response: slow down (use muteHttpExceptions option to examine full response)`,
  );
  expect(
    exec(emu, "return UrlFetchApp.fetch(args[0] + '/status?code=503', { muteHttpExceptions: true }).getResponseCode();", [
      server.baseUrl,
    ]),
  ).toBe(503);
});

test('a refused connection throws (transport failure), also inside fetchAll', () => {
  const local = fixtureEmulator({ extraUrlFetchWhitelist: ['http://127.0.0.1:1/', `${server.baseUrl}/`] });
  expect(() => exec(local, "UrlFetchApp.fetch('http://127.0.0.1:1/x', { muteHttpExceptions: true })")).toThrow(
    'Address unavailable: http://127.0.0.1:1/x',
  );
  expect(() => exec(local, "UrlFetchApp.fetchAll([args[0] + '/echo', 'http://127.0.0.1:1/x'])", [server.baseUrl])).toThrow(
    'Address unavailable',
  );
  void local.close();
});

test('redirects are followed by default and not with followRedirects: false', () => {
  const r = exec(
    emu,
    "var a = UrlFetchApp.fetch(args[0] + '/redirect'); var b = UrlFetchApp.fetch(args[0] + '/redirect', { followRedirects: false, muteHttpExceptions: true }); return [JSON.parse(a.getContentText()).query.redirected, b.getResponseCode(), b.getHeaders().Location];",
    [server.baseUrl],
  );
  expect(r).toEqual(['1', 302, '/echo?redirected=1']);
});

test('repeated headers: getHeaders joins them, getAllHeaders lists them', () => {
  const r = exec(
    emu,
    "var res = UrlFetchApp.fetch(args[0] + '/multi'); return [res.getAllHeaders()['Set-Cookie'], res.getHeaders()['X-Custom']];",
    [server.baseUrl],
  );
  expect(r).toEqual([['a=1', 'b=2'], 'yes']);
});

// https://developers.google.com/apps-script/manifest/allowlist-url : prefixes match at path boundaries.
test('URLs outside the manifest urlFetchWhitelist are refused before any request is sent', () => {
  expect(() => exec(emu, "UrlFetchApp.fetch('https://evil.example.com/api/')")).toThrow(
    'Request to https://evil.example.com/api/ failed because the URL has not been whitelisted in the script manifest.',
  );
  expect(() => exec(emu, "UrlFetchApp.fetch('https://cliqtel.com/apix')")).toThrow('has not been whitelisted');
  expect(emu.stats.urlFetches).toBe(0);
});

// https://developers.google.com/apps-script/guides/services/quotas : URL Fetch response size 50 MB / call.
test('responses over 50 MB fail', () => {
  expect(() => exec(emu, "UrlFetchApp.fetch(args[0] + '/big?mb=51')", [server.baseUrl])).toThrow(
    'Exceeded maximum response size',
  );
  expect(exec(emu, "return UrlFetchApp.fetch(args[0] + '/big?mb=2').getContentText().length;", [server.baseUrl])).toBe(
    2 * 1024 * 1024,
  );
});

test('custom functions may fetch (UrlFetch needs no user authorization there)', () => {
  expect(emu.runCustomFunction('exec', ["return UrlFetchApp.fetch(args[0] + '/echo').getResponseCode();", server.baseUrl])).toBe(
    200,
  );
});

test('modelled latency is added per fetch and per fetchAll batch, not slept', () => {
  const slow = fixtureEmulator({ extraUrlFetchWhitelist: [`${server.baseUrl}/`], fetchLatencyMs: 250 });
  exec(slow, "UrlFetchApp.fetch(args[0] + '/echo'); UrlFetchApp.fetchAll([args[0] + '/echo', args[0] + '/echo']);", [
    server.baseUrl,
  ]);
  expect(slow.stats.modelledMs).toBe(500); // not slept: wall time is not asserted (shared, noisy machines)
  void slow.close();
});
