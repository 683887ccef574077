// The dev tools' command lines (node:util parseArgs): --help prints the usage and exits 0, an unknown flag or a bad
// value exits 2 naming it, before anything is started.
import { spawnSync } from 'node:child_process';
import { repoRoot } from '../helpers/harness';

function run(script: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test.each([
  ['dev/sandbox/main.ts', /^Usage: tsx dev\/sandbox\/main\.ts \[--port N\]/],
  ['dev/playground/server.ts', /^Usage: npm start \[-- --port N\]/],
  ['bench/run.ts', /^usage: npm run bench -- \[--size N\]/],
])('%s --help prints its usage and exits 0', (script, usage) => {
  const r = run(script, '--help');
  expect(r.stdout).toMatch(usage);
  expect(r.status).toBe(0);
});

test.each([
  ['dev/sandbox/main.ts', ['--bogus'], /Unknown option '--bogus'/],
  ['dev/sandbox/main.ts', ['stray'], /Unexpected argument 'stray'/],
  ['dev/playground/server.ts', ['--port', 'abc'], /--port \(or PORT\) must be a port number from 0 to 65535, got "abc"/],
  ['dev/playground/server.ts', ['--bogus'], /Unknown option '--bogus'/],
  ['bench/run.ts', ['--size', 'lots'], /--size needs a whole number, got lots/],
  ['bench/run.ts', ['--bogus'], /unknown argument --bogus/],
])('%s %j exits 2 and says why', (script, args, message) => {
  const r = run(script, ...args);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).toMatch(/usage/i);
  expect(r.status).toBe(2);
});
