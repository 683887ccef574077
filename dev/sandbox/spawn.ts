// Starts the sandbox as a child process (never in the caller's thread: see the Atomics.wait deadlock trap) and
// returns a handle for its admin API. Works from jest (swc → CommonJS) and from tsx (ESM).

import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  SandboxCallActivity,
  SandboxCallActivityResult,
  SandboxConfig,
  SandboxFaults,
  SandboxHandle,
  SandboxKeys,
  SandboxNumberEdit,
  SandboxOptions,
  SandboxStats,
} from './types';

export type { SandboxHandle, SandboxKeys, SandboxOptions } from './types';

export interface StartSandboxOptions extends SandboxOptions {
  /** Port to listen on; default 0 (a free port). */
  port?: number;
  /** How long to wait for SANDBOX_READY. Default 30 s. */
  readyTimeoutMs?: number;
  /** Forward the child's stdout after the ready line (its key listing) to this process's stdout. Default false. */
  echo?: boolean;
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const READY_PREFIX = 'SANDBOX_READY ';

function optionEnv(options: StartSandboxOptions): Record<string, string> {
  const env: Record<string, string> = { PORT: String(options.port ?? 0), SANDBOX_EXIT_WITH_STDIN: '1' };
  const set = (name: string, value: number | string | undefined) => {
    if (value !== undefined) env[name] = String(value);
  };
  set('SANDBOX_SEED', options.seed);
  set('SANDBOX_NOW', options.now);
  set('SANDBOX_CDR_COUNT', options.cdrCount);
  set('SANDBOX_PER_PAGE_CAP', options.perPageCap);
  set('SANDBOX_RATE_LIMIT', options.rateLimitPerMinute);
  set('SANDBOX_MESSAGING_RATE_LIMIT', options.messagingRateLimitPerMinute);
  return env;
}

function waitForReady(child: ChildProcess, timeoutMs: number, echo: boolean): Promise<{ baseUrl: string; keys: SandboxKeys }> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let stderr = '';
    let ready = false;
    const fail = (message: string) => {
      clearTimeout(timer);
      reject(new Error(`${message}${stderr ? `\n--- sandbox stderr ---\n${stderr.slice(-4000)}` : ''}`));
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(`The sandbox did not print SANDBOX_READY within ${timeoutMs} ms`);
    }, timeoutMs);
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      if (!ready) stderr += chunk;
      else process.stderr.write(chunk.replace(/^(?=.)/gm, '[sandbox] '));
    });
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      if (ready) {
        if (echo) process.stdout.write(chunk);
        return;
      }
      buffered += chunk;
      const lineEnd = buffered.indexOf('\n');
      if (lineEnd < 0) return;
      const line = buffered.slice(0, lineEnd);
      if (!line.startsWith(READY_PREFIX)) {
        buffered = buffered.slice(lineEnd + 1);
        return;
      }
      ready = true;
      clearTimeout(timer);
      if (echo) process.stdout.write(buffered.slice(lineEnd + 1));
      try {
        resolve(JSON.parse(line.slice(READY_PREFIX.length)));
      } catch (error) {
        reject(new Error(`Malformed SANDBOX_READY line: ${line} (${(error as Error).message})`));
      }
    });
    child.once('exit', (code, signal) => {
      if (!ready) fail(`The sandbox exited before it was ready (code ${code}, signal ${signal})`);
    });
    child.once('error', (error) => {
      if (!ready) fail(`Could not start the sandbox: ${error.message}`);
    });
  });
}

/**
 * One admin request, retried once on a network error: while the emulator blocks this thread (synchronous UrlFetch)
 * for longer than the server's keep-alive timeout, the server closes the idle socket and fetch's reuse of it fails
 * with "other side closed". Admin routes are idempotent, so one retry on a fresh socket is safe.
 */
async function adminCall(origin: string, method: 'GET' | 'POST', route: string, body?: unknown): Promise<unknown> {
  const send = () =>
    fetch(`${origin}/__sandbox/${route}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  let response: Response;
  try {
    response = await send();
  } catch {
    response = await send();
  }
  const text = await response.text();
  if (!response.ok) throw new Error(`Sandbox admin ${method} ${route} failed: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Spawns `node --import tsx dev/sandbox/main.ts` on a free port and waits until it is ready. */
export async function startSandbox(options: StartSandboxOptions = {}): Promise<SandboxHandle> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('dev', 'sandbox', 'main.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...optionEnv(options) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let exited = child.exitCode !== null;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
  });
  const { baseUrl, keys } = await waitForReady(child, options.readyTimeoutMs ?? 30_000, options.echo ?? false);
  // Let the caller's process exit even if it forgets stop(): the child then sees stdin close and exits too.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as { unref?: () => void } | null)?.unref?.();

  const origin = new URL(baseUrl).origin;
  return {
    baseUrl,
    keys,
    setFaults: async (faults: SandboxFaults) => {
      await adminCall(origin, 'POST', 'faults', faults);
    },
    reset: async () => {
      await adminCall(origin, 'POST', 'reset');
    },
    stats: async () => (await adminCall(origin, 'GET', 'stats')) as SandboxStats,
    data: async (name: string) => (await adminCall(origin, 'GET', `data/${encodeURIComponent(name)}`)) as never[],
    putData: async (name: string, records: unknown[], mode: 'append' | 'replace' = 'append') => {
      await adminCall(origin, 'POST', `data/${encodeURIComponent(name)}`, { records, mode });
    },
    config: async (config: SandboxConfig) => {
      await adminCall(origin, 'POST', 'config', config);
    },
    callActivity: async (activity: SandboxCallActivity) =>
      (await adminCall(origin, 'POST', 'calls/activity', activity)) as SandboxCallActivityResult,
    editNumber: async (id: number | string, change: SandboxNumberEdit) => {
      await adminCall(origin, 'POST', `numbers/${encodeURIComponent(String(id))}`, change);
    },
    stop: async () => {
      if (exited) return;
      child.kill('SIGTERM');
      const killTimer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exitPromise;
      clearTimeout(killTimer);
    },
  };
}
