// Shared setup for the browser tests: one local stack (sandbox + emulator + bridge) and Chromium per test file,
// and pages that record every JavaScript dialog and uncaught error so a test can assert none happened.
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../dev/bridge/chromium';
import { type LocalStack, startLocalStack } from '../../dev/bridge/local';

export interface Watched {
  page: Page;
  dialogs: string[];
  errors: string[];
}

export interface BrowserHarness {
  stack: LocalStack;
  browser: Browser;
  /** Opens dist/NAME.html through the bridge at the sidebar's 300 px (800 px high) and waits for its first load. */
  open(name: string, width?: number, height?: number): Promise<Watched>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<BrowserHarness> {
  const stack = await startLocalStack();
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    await stack.close();
    throw error;
  }
  const pages: Page[] = [];
  return {
    stack,
    browser,
    open: async (name, width = 300, height = 800) => {
      const page = await browser.newPage({ viewport: { width, height } });
      pages.push(page);
      const watched: Watched = { page, dialogs: [], errors: [] };
      page.on('dialog', (dialog) => {
        watched.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
        void dialog.dismiss();
      });
      page.on('pageerror', (error) => watched.errors.push(error.message));
      await page.goto(stack.pageUrl(name));
      await page.waitForSelector('#app[data-ready="true"]');
      return watched;
    },
    close: async () => {
      for (const page of pages) await page.close().catch(() => undefined);
      await browser.close();
      await stack.close();
    },
  };
}

/** Whether the page scrolls sideways (what a 300 px sidebar must never do). */
export function hasHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

/** Records every change of a button's disabled state, to prove it was disabled while its request was in flight. */
export async function watchDisabled(page: Page, selector: string): Promise<() => Promise<boolean[]>> {
  await page.evaluate((sel) => {
    const target = document.querySelector(sel);
    if (!target) throw new Error(`no ${sel}`);
    const log: boolean[] = [];
    (window as unknown as { __disabledLog: boolean[] }).__disabledLog = log;
    new MutationObserver(() => log.push((target as HTMLButtonElement).disabled)).observe(target, {
      attributes: true,
      attributeFilter: ['disabled'],
    });
  }, selector);
  return () => page.evaluate(() => (window as unknown as { __disabledLog: boolean[] }).__disabledLog);
}
