// Shared helpers for the emulator tests: an emulator over the fixture bundle and a child-process HTTP server.
import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { Emulator, type EmulatorOptions } from '../../../dev/emulator/index';

export const FIXTURES = path.join(__dirname, 'fixtures');

export function fixtureEmulator(options: EmulatorOptions = {}): Emulator {
  return new Emulator({
    codePath: path.join(FIXTURES, 'bundle.js'),
    manifestPath: path.join(FIXTURES, 'appsscript.json'),
    htmlDir: FIXTURES,
    ...options,
  });
}

/** Runs a snippet in the sandbox (the fixture's exec function): args are available as `args`. */
export function exec(emu: Emulator, body: string, args: unknown[] = [], ctx: Parameters<Emulator['run']>[2] = {}): unknown {
  return emu.run('exec', [body, ...args], ctx);
}

export interface FixtureServer {
  baseUrl: string;
  stop(): Promise<void>;
}

/** The HTTP server must live in another process: the emulator blocks its own thread while fetching (TOOLING.md). */
export function startFixtureServer(): Promise<FixtureServer> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [path.join(FIXTURES, 'httpServer.cjs')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.once('error', reject);
    child.stdout?.once('data', (d: Buffer) => {
      const port = String(d).trim();
      resolve({
        baseUrl: `http://127.0.0.1:${port}`,
        stop: () =>
          new Promise<void>((done) => {
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
