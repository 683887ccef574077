// Starts the whole local stack for driving the real pages: the sandbox API (child process), the emulator running
// dist/Code.js against it, and an HTTP server serving the bridged pages. Used by the browser tests and screenshots.
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { TEST_NOW } from '../clock';
import { Emulator } from '../emulator/index';
import { type SandboxHandle, type StartSandboxOptions, startSandbox } from '../sandbox/spawn';
import { type Bridge, createBridge } from './server';

export interface LocalStack {
  /** Origin of the bridge server, e.g. http://127.0.0.1:40123 (pages at /pages/NAME.html). */
  url: string;
  pageUrl(name: string): string;
  sandbox: SandboxHandle;
  emulator: Emulator;
  bridge: Bridge;
  close(): Promise<void>;
}

export interface LocalStackOptions {
  /** Directory holding the built pages and Code.js; default <repo>/dist. */
  distDir?: string;
  timeZone?: string;
  /** The instant the sandbox's and the emulator's clocks start at; default TEST_NOW (dev/clock.ts). */
  now?: string;
  sandbox?: StartSandboxOptions;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const distDir = options.distDir ?? path.resolve(process.cwd(), 'dist');
  // The sandbox must live in another process: emulator.run blocks this thread while UrlFetchApp waits.
  const now = options.now ?? options.sandbox?.now ?? TEST_NOW;
  const sandbox = await startSandbox({ cdrCount: 2000, now, ...options.sandbox });
  let emulator: Emulator | undefined;
  try {
    emulator = new Emulator({
      scriptProperties: { CLIQTEL_BASE_URL: sandbox.baseUrl },
      extraUrlFetchWhitelist: [sandbox.baseUrl],
      timeZone: options.timeZone ?? 'Europe/London',
      now,
    });
    const bridge = createBridge({ emulator, distDir });
    const app = express();
    app.use(bridge);
    const server = await new Promise<import('node:http').Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const started = emulator;
    return {
      url,
      pageUrl: (name) => `${url}/pages/${name}.html`,
      sandbox,
      emulator: started,
      bridge,
      close: async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await started.close();
        await sandbox.stop();
      },
    };
  } catch (error) {
    await emulator?.close();
    await sandbox.stop();
    throw error;
  }
}
