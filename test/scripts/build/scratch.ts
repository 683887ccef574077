// Scratch copies of the project (src/, scripts/, appsscript.json; node_modules linked) for build tests that must
// change sources: the real tree is never touched.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../helpers/harness';

export interface ScratchBuild {
  status: number | null;
  output: string;
  /** dist/Code.js when the build wrote it. */
  code: string | null;
}

export interface ScratchOptions {
  /** Files to write, by path relative to the copy's root (e.g. "src/entry/zz_extra.ts"). */
  files?: Record<string, string>;
  /** Entry modules to add to src/entry/index.ts as `export * from './NAME'`. */
  reexport?: string[];
}

/** Makes a scratch copy, lets `use` run in it, and always removes it. */
export function withScratchCopy<T>(options: ScratchOptions, use: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cliqtel-build-'));
  try {
    fs.cpSync(path.join(repoRoot, 'src'), path.join(dir, 'src'), { recursive: true });
    fs.cpSync(path.join(repoRoot, 'scripts'), path.join(dir, 'scripts'), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, 'appsscript.json'), path.join(dir, 'appsscript.json'));
    fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    for (const [file, text] of Object.entries(options.files ?? {})) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    for (const name of options.reexport ?? [])
      fs.appendFileSync(path.join(dir, 'src/entry/index.ts'), `export * from './${name}';\n`);
    return use(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `node scripts/build.mjs` in a scratch copy with the given changes. */
export function buildScratch(options: ScratchOptions): ScratchBuild {
  return withScratchCopy(options, (dir) => {
    const run = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: dir, encoding: 'utf8' });
    const codePath = path.join(dir, 'dist/Code.js');
    return {
      status: run.status,
      output: `${run.stdout}${run.stderr}`,
      code: run.status === 0 && fs.existsSync(codePath) ? fs.readFileSync(codePath, 'utf8') : null,
    };
  });
}

/** A scratch build with one extra entry module, src/entry/zz_extra.ts, re-exported from index.ts. */
export function buildWithExtraEntry(extraEntry: string): ScratchBuild {
  return buildScratch({ files: { 'src/entry/zz_extra.ts': extraEntry }, reexport: ['zz_extra'] });
}
