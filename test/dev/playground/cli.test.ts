// `npm start`'s server as a process: prints its URL and keys, honours CLIQTEL_BASE_URL (no sandbox started then),
// refuses plain http:// to a non-loopback host, and Ctrl-C (SIGINT) stops it and its sandbox child cleanly.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { startPlayground } from '../../../dev/playground/server';
import { type SandboxHandle, startSandbox } from '../../../dev/sandbox/spawn';

jest.setTimeout(90_000);

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

function startServerProcess(env: Record<string, string>): { child: ChildProcess; output: () => string; ready: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('dev', 'playground', 'server.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const match = /Cliqtel playground: (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
      if (match && text.includes('Ctrl-C')) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited early (${code}):\n${text}`)));
  });
  return { child, output: () => text, ready };
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

test('prints the URL and the demo keys, serves the page, and stops with its sandbox on SIGINT', async () => {
  const server = startServerProcess({});
  const url = await server.ready;
  const sandboxUrl = /Sandbox Cliqtel API: (\S+)/.exec(server.output())?.[1] as string;
  expect(server.output()).toMatch(/full access\s+\d+\|\S+/);
  expect(server.output()).toMatch(/read-only\s+\d+\|\S+/);
  expect((await fetch(url)).status).toBe(200);
  expect((await fetch(`${sandboxUrl}/v1/numbers/search?country=GB`)).status).toBe(200);

  server.child.kill('SIGINT');
  expect(await exitOf(server.child)).toBe(0);
  await expect(fetch(url)).rejects.toThrow();
  await expect(fetch(`${sandboxUrl}/v1/numbers/search?country=GB`)).rejects.toThrow();
});

describe('with CLIQTEL_BASE_URL', () => {
  let api: SandboxHandle;
  beforeAll(async () => {
    // Stands in for the real Cliqtel API: a sandbox the playground did not start itself.
    api = await startSandbox({ cdrCount: 500 });
  });
  afterAll(async () => {
    await api?.stop();
  });

  test('uses that API, starts no sandbox, and asks for the user’s own key', async () => {
    const server = startServerProcess({ CLIQTEL_BASE_URL: api.baseUrl });
    const url = await server.ready;
    expect(server.output()).toContain(`Real Cliqtel API: ${api.baseUrl}`);
    expect(server.output()).not.toContain('Demo keys');
    const state = (await (await fetch(`${url}/api/state`)).json()) as { backend: { kind: string; demoKeys?: unknown } };
    expect(state.backend).toMatchObject({ kind: 'remote' });
    expect(state.backend.demoKeys).toBeUndefined();
    server.child.kill('SIGTERM');
    expect(await exitOf(server.child)).toBe(0);
    // The API the user pointed at is not ours to stop.
    expect((await fetch(`${api.baseUrl}/v1/numbers/search?country=GB`)).status).toBe(200);
  });
});

test('refuses plain http:// to a host other than loopback', async () => {
  await expect(startPlayground({ port: 0, baseUrl: 'http://cliqtel.example.com/api' })).rejects.toThrow(
    /https:\/\/.*127\.0\.0\.1 or localhost/,
  );
});
