// Finds and launches a headless Chromium for the browser tests, screenshots and benchmark: CHROMIUM_PATH, then a system
// Chromium, then the one shipped inside the npm package @sparticuz/chromium (so `npm install && npm test` needs no apt-get).
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

/** Flags that make a distribution's Chromium run headless in a container with no network beyond loopback. */
const SYSTEM_CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

const SYSTEM_CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export interface ChromiumChoice {
  executablePath: string;
  args: string[];
  /** Where it came from, for messages: `CHROMIUM_PATH`, `system`, `@sparticuz/chromium`. */
  source: 'CHROMIUM_PATH' | 'system' | '@sparticuz/chromium';
}

/** The browser to use, in order: `CHROMIUM_PATH`, a system Chromium, the npm package `@sparticuz/chromium`. */
export async function resolveChromium(
  env: NodeJS.ProcessEnv = process.env,
  systemPaths: readonly string[] = SYSTEM_CHROMIUM_PATHS,
): Promise<ChromiumChoice> {
  if (env.CHROMIUM_PATH) {
    if (!existsSync(env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist`);
    return { executablePath: env.CHROMIUM_PATH, args: SYSTEM_CHROMIUM_ARGS, source: 'CHROMIUM_PATH' };
  }
  const system = systemPaths.find((path) => existsSync(path));
  if (system) return { executablePath: system, args: SYSTEM_CHROMIUM_ARGS, source: 'system' };
  return { ...(await packagedChromium()), source: '@sparticuz/chromium' };
}

/**
 * Unpacks @sparticuz/chromium's binary (to /tmp/chromium, once per machine). Jest runs test files in parallel
 * workers: a lock directory keeps two of them from unpacking over each other.
 */
async function packagedChromium(): Promise<{ executablePath: string; args: string[] }> {
  const { default: packaged } = await import('@sparticuz/chromium');
  const lock = join(tmpdir(), 'cliqtel-chromium-unpack.lock');
  for (let waited = 0; ; waited += 100) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock left by a killed process is stale after a minute (unpacking takes ~2 s).
      const held = statSync(lock, { throwIfNoEntry: false });
      if (waited > 60_000 || (held && Date.now() - held.mtimeMs > 60_000)) rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    const executablePath = await packaged.executablePath();
    // --single-process is for AWS Lambda's sandbox; here it makes the whole browser exit when a test closes a page.
    const args = packaged.args.filter((arg) => arg !== '--single-process');
    args.push('--disable-background-networking', '--disable-component-update', '--no-first-run');
    return { executablePath, args };
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** A headless Chromium driven by playwright-core (no browser download), with the flags that work in containers. */
export async function launchChromium(): Promise<Browser> {
  const choice = await resolveChromium();
  return chromium.launch({ executablePath: choice.executablePath, args: choice.args, headless: true });
}
