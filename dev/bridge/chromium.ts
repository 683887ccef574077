// Launches Debian's chromium through playwright-core for the browser tests and the screenshot script.
import { type Browser, chromium } from 'playwright-core';

/** Debian's chromium driven by playwright-core (no browser download), with the flags that work in containers. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
}
