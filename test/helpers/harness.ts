// Test harness: the sandbox API (child process) + the Apps Script emulator loading the built dist/Code.js.
import fs from 'node:fs';
import path from 'node:path';
import { TEST_NOW } from '../../dev/clock';
import { type AdvancedSheetsSetting, Emulator, type QuotePrefixReading } from '../../dev/emulator';
import { type SandboxHandle, startSandbox } from '../../dev/sandbox/spawn';

export const repoRoot = path.resolve(__dirname, '../..');
/** The instant both the sandbox and the emulator start at (dev/clock.ts): tests give the same result on any date. */
export { TEST_NOW };

/** The calendar month before the pinned now's UTC month (the sandbox seeds the 13 months before it), as YYYY-MM-DD. */
export function lastMonth(): { from: string; to: string } {
  const now = new Date(TEST_NOW);
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0));
  return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
}

export interface Harness {
  sandbox: SandboxHandle;
  emu: Emulator;
  /** Saves a key through the real server function, as `user` (default: the spreadsheet owner). */
  saveKey(key: string, opts?: { shareWithFormulas?: boolean; user?: string }): unknown;
  stop(): Promise<void>;
}

export function requireBuild(): void {
  if (!fs.existsSync(path.join(repoRoot, 'dist/Code.js')))
    throw new Error('dist/Code.js missing: run `npm run build` (npm test does)');
}

export async function startHarness(
  opts: {
    timeZone?: string;
    sandbox?: Parameters<typeof startSandbox>[0];
    /** The emulator's reading of an apostrophe written into a @ cell (default: CLIQTEL_EMULATOR_QUOTE_PREFIX, else 'dropped'). */
    quotePrefix?: QuotePrefixReading;
    /** The Advanced Sheets service: as the manifest says (default), 'off', or 'apiDisabled' (every call fails). */
    advancedSheets?: AdvancedSheetsSetting;
  } = {},
): Promise<Harness> {
  requireBuild();
  const sandbox = await startSandbox({ now: TEST_NOW, ...opts.sandbox });
  const emu = new Emulator({
    codePath: path.join(repoRoot, 'dist/Code.js'),
    htmlDir: path.join(repoRoot, 'dist'),
    manifestPath: path.join(repoRoot, 'dist/appsscript.json'),
    scriptProperties: { CLIQTEL_BASE_URL: sandbox.baseUrl },
    extraUrlFetchWhitelist: [sandbox.baseUrl],
    timeZone: opts.timeZone ?? 'America/Los_Angeles',
    now: opts.sandbox?.now ?? TEST_NOW,
    quotePrefixInTextCells: opts.quotePrefix,
    advancedSheets: opts.advancedSheets,
  });
  return {
    sandbox,
    emu,
    saveKey: (key, o = {}) =>
      emu.run('cliqtelSaveApiKey', [{ key, shareWithFormulas: o.shareWithFormulas }], { mode: 'server', user: o.user }),
    stop: async () => {
      emu.close();
      await sandbox.stop();
    },
  };
}
