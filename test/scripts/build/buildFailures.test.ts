// The build refuses what Apps Script would silently get wrong: a CLIQTEL_ function without @customfunction, an
// exposed name ending in "_" (hidden by Apps Script), a duplicate name. Each case builds a scratch copy of the project.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../helpers/harness';

function buildWith(extraEntry: string): { status: number | null; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cliqtel-build-'));
  try {
    fs.cpSync(path.join(repoRoot, 'src'), path.join(dir, 'src'), { recursive: true });
    fs.cpSync(path.join(repoRoot, 'scripts'), path.join(dir, 'scripts'), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, 'appsscript.json'), path.join(dir, 'appsscript.json'));
    fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    fs.writeFileSync(path.join(dir, 'src/entry/zz_extra.ts'), extraEntry);
    fs.appendFileSync(path.join(dir, 'src/entry/index.ts'), "export * from './zz_extra';\n");
    const run = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: dir, encoding: 'utf8' });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('a CLIQTEL_ function without @customfunction fails the build', () => {
  const r = buildWith('/** Something. */\nexport function CLIQTEL_EXTRA(): number {\n  return 1;\n}\n');
  expect(r.status).not.toBe(0);
  expect(r.output).toMatch(/CLIQTEL_EXTRA.*@customfunction/);
});

test('a custom function whose JSDoc misses a @param fails the build', () => {
  const r = buildWith(
    '/**\n * Something useful.\n * @return A number.\n * @customfunction\n */\nexport function CLIQTEL_EXTRA(a?: unknown): number {\n  return Number(a);\n}\n',
  );
  expect(r.status).not.toBe(0);
  expect(r.output).toMatch(/CLIQTEL_EXTRA: no @param for "a"/);
});

test('an exposed name ending in "_" fails the build', () => {
  const r = buildWith('export function cliqtelHelper_(): void {}\n');
  expect(r.status).not.toBe(0);
  expect(r.output).toMatch(/cliqtelHelper_ ends with "_"/);
});

test('a duplicate exposed name fails the build', () => {
  const r = buildWith('/** Again. */\nexport function cliqtelGetSettings(): void {}\n');
  expect(r.status).not.toBe(0);
  expect(r.output).toMatch(/duplicate exposed function name cliqtelGetSettings/);
});
