// Which Chromium the browser tests use: CHROMIUM_PATH, then a system Chromium, then the one inside @sparticuz/chromium.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { resolveChromium } from '../../../dev/bridge/chromium';

const fakeBrowser = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cliqtel-chromium-')), 'chromium');
beforeAll(() => fs.writeFileSync(fakeBrowser, '#!/bin/sh\n', { mode: 0o755 }));

test('CHROMIUM_PATH wins over a system Chromium', async () => {
  const choice = await resolveChromium({ CHROMIUM_PATH: fakeBrowser }, ['/bin/sh']);
  expect(choice).toMatchObject({ source: 'CHROMIUM_PATH', executablePath: fakeBrowser });
});

test('a CHROMIUM_PATH that does not exist is an error, not a silent fallback', async () => {
  await expect(resolveChromium({ CHROMIUM_PATH: '/nonexistent/chromium' }, [])).rejects.toThrow('/nonexistent/chromium');
});

test('without CHROMIUM_PATH a system Chromium is used when there is one', async () => {
  const choice = await resolveChromium({}, ['/nonexistent/chromium', fakeBrowser]);
  expect(choice).toMatchObject({ source: 'system', executablePath: fakeBrowser });
  expect(choice.args).toContain('--headless');
});

test('with no system Chromium the npm package @sparticuz/chromium supplies one that really runs headless', async () => {
  const choice = await resolveChromium({}, ['/nonexistent/chromium']);
  expect(choice.source).toBe('@sparticuz/chromium');
  expect(fs.existsSync(choice.executablePath)).toBe(true);
  expect(choice.args).not.toContain('--single-process'); // it makes the browser exit when a page closes
  const browser = await chromium.launch({ executablePath: choice.executablePath, args: choice.args, headless: true });
  try {
    for (const text of ['first', 'second']) {
      const page = await browser.newPage();
      await page.setContent(`<p>${text}</p>`);
      await expect(page.textContent('p')).resolves.toBe(text);
      await page.close(); // a closed page must not take the browser down with it
    }
  } finally {
    await browser.close();
  }
});
