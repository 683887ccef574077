// The bridge's google.script.run stand-in keeps the client API's rules, checked in Chromium against a tiny page:
// handlers run asynchronously, Dates cannot be sent, "_"-suffixed functions are unreachable, errors carry messages.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../../dev/bridge/chromium';
import { createBridge, injectShim } from '../../../dev/bridge/server';

let browser: Browser;
let server: import('node:http').Server;
let origin: string;
const calls: { name: string; args: unknown[] }[] = [];

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bridge-'));
  fs.writeFileSync(
    path.join(dir, 'Probe.html'),
    '<!DOCTYPE html><html><body><p id="x">probe</p><script>window.loaded = typeof google;</script></body></html>',
  );
  // The emulator is replaced by a recorder here: this file tests the bridge's transport, not the server functions.
  const emulator = {
    run(name: string, args: unknown[]) {
      calls.push({ name, args });
      if (name === 'fails') throw new Error('Key rejected: open Extensions › Cliqtel › Settings');
      if (name === 'givesDate') return { at: new Date() };
      return { echoed: args };
    },
  };
  const app = express();
  app.use('/mount', createBridge({ emulator, distDir: dir }));
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

test('injects the shim before the page’s first script', () => {
  const html = injectShim('<body><script>a()</script><script>b()</script></body>', '/m', 'P');
  expect(html.indexOf('window.google.script')).toBeLessThan(html.indexOf('a()'));
});

test('google.script.run round-trips through the bridge with the client API’s rules', async () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const page = await browser.newPage();
  await page.goto(`${origin}/mount/pages/Probe.html`);
  expect(await page.evaluate(() => (window as unknown as { loaded: string }).loaded)).toBe('object');
  const result = await page.evaluate(async () => {
    const run = (window as any).google.script.run;
    const call = (name: string, ...args: unknown[]) =>
      new Promise((resolve) => {
        let sync = true;
        run
          .withSuccessHandler((value: unknown, user: unknown) => resolve({ ok: true, value, user, sync }))
          .withFailureHandler((error: Error, user: unknown) =>
            resolve({ ok: false, message: error.message, isError: error instanceof Error, user, sync }),
          )
          .withUserObject('u')
          [name](...args);
        sync = false;
      });
    return {
      echo: await call('echo', { a: 1, b: undefined }),
      none: await call('echo'),
      fails: await call('fails'),
      date: await call('echo', { when: new Date() }),
      hidden: await call('secret_'),
      givesDate: await call('givesDate'),
    };
  });
  expect(result.echo).toEqual({ ok: true, value: { echoed: [{ a: 1 }] }, user: 'u', sync: false });
  expect(result.none).toEqual({ ok: true, value: { echoed: [] }, user: 'u', sync: false });
  expect(result.fails).toEqual({
    ok: false,
    message: 'Key rejected: open Extensions › Cliqtel › Settings',
    isError: true,
    user: 'u',
    sync: false,
  });
  expect(result.date).toMatchObject({ ok: false, sync: false });
  expect(result.hidden).toMatchObject({ ok: false, message: 'Script function not found: secret_' });
  expect(result.givesDate).toMatchObject({ ok: true, value: null });
  expect(warn).toHaveBeenCalledWith(expect.stringContaining('givesDate returned a Date'));
  warn.mockRestore();
  expect(calls.map((c) => c.name)).toEqual(['echo', 'echo', 'fails', 'givesDate']);

  await page.evaluate(() =>
    (window as unknown as { google: { script: { host: { close(): void } } } }).google.script.host.close(),
  );
  await page.waitForFunction(
    () => (window as unknown as { __googleScriptHostCalls: unknown[] }).__googleScriptHostCalls.length === 1,
  );
  await page.close();
});

test('unknown pages are 404s, not files outside the dist directory', async () => {
  const response = await fetch(`${origin}/mount/pages/..%2Fetc%2Fpasswd.html`);
  expect(response.status).toBe(404);
});
