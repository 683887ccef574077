// The layer rules of src/ (docs/architecture.md), checked by scripts/check-layers.mjs, which `npm run build` runs
// first: core imports core only, gas imports core, entry imports gas and core, sidebar imports core; type-only
// imports count, and packages, Node built-ins and anything outside src/ are refused everywhere in src/.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../helpers/harness';
import { buildScratch, withScratchCopy } from './build/scratch';

function checkLayersIn(dir: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [path.join(dir, 'scripts/check-layers.mjs')], { cwd: dir, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

test('the real tree follows the layer rules', () => {
  const r = checkLayersIn(repoRoot);
  expect(r.output).toBe('layer rules: ok\n');
  expect(r.status).toBe(0);
});

test('a src/gas file importing ../entry fails the build, naming the file, the import and the rule', () => {
  const r = buildScratch({
    files: {
      'src/gas/zzBad.ts':
        "// A gas module that reaches up into entry.\nimport { onOpen } from '../entry/menu';\n\nexport const zz = onOpen;\n",
    },
  });
  expect(r.status).not.toBe(0);
  expect(r.code).toBeNull();
  expect(r.output).toContain(
    'src/gas/zzBad.ts:2: import "../entry/menu" reaches src/entry; src/gas may import only src/gas, src/core',
  );
});

test('every kind of import is checked against its layer, and allowed imports pass', () => {
  const files: Record<string, string> = {
    'src/core/zzTypeOnly.ts': "import type { RegisteredReport } from '../gas/registry';\nexport type R = RegisteredReport;\n",
    'src/core/zzImportType.ts': "export type M = import('../entry/menu').Unused;\n",
    'src/core/zzBuiltin.ts': "import fs from 'node:fs';\nexport const f = fs;\n",
    'src/core/sub/zzDeep.ts':
      "import { errorMessage } from '../errors';\nimport { makeClient } from '../../gas/client';\nexport const a = [errorMessage, makeClient];\n",
    'src/sidebar/zzGas.ts': "import { makeClient } from '../gas/client';\nexport const c = makeClient;\n",
    'src/gas/zzReexport.ts': "export * from '../entry/sheets';\n",
    'src/gas/zzRequire.ts': "import emu = require('../../dev/emulator');\nexport const e = emu;\n",
    'src/entry/zzDynamic.ts': "export async function zz(): Promise<unknown> {\n  return import('../sidebar/dom');\n}\n",
    'src/entry/zzComputed.ts': 'export function zz(name: string): unknown {\n  return import(name);\n}\n',
    'src/entry/zzPackage.ts': "export { parse } from 'csv-parse/sync';\n",
    'src/zzLoose.ts': 'export const loose = 1;\n',
    // Allowed: entry → gas, core and entry; sidebar → core (types or values) and sidebar; gas → core.
    'src/entry/zzOk.ts':
      "import { makeClient } from '../gas/client';\nimport type { Cell } from '../core/serverApi';\nimport { onOpen } from './menu';\nexport type C = Cell;\nexport const ok = [makeClient, onOpen];\n",
    'src/sidebar/zzOk.ts':
      "import type { Settings } from '../core/serverApi';\nimport { errorMessage } from '../core/errors';\nimport './dom';\nexport type S = Settings;\nexport const e = errorMessage;\n",
    'src/gas/zzOk.ts':
      "import { errorMessage } from '../core/errors';\nimport { makeClient } from './client';\nexport const ok = [errorMessage, makeClient];\n",
  };
  const r = withScratchCopy({ files }, checkLayersIn);
  expect(r.status).toBe(1);
  const lines = r.output
    .split('\n')
    .filter((l) => l.startsWith('  '))
    .map((l) => l.trim())
    .sort();
  expect(lines).toEqual(
    [
      'src/core/sub/zzDeep.ts:2: import "../../gas/client" reaches src/gas; src/core may import only src/core',
      'src/core/zzBuiltin.ts:1: import "node:fs" is a package or built-in module, not part of src/; src/core may import only src/core',
      `src/core/zzImportType.ts:1: import('…') type "../entry/menu" reaches src/entry; src/core may import only src/core`,
      'src/core/zzTypeOnly.ts:1: import type "../gas/registry" reaches src/gas; src/core may import only src/core',
      'src/entry/zzComputed.ts:2: import() with a computed module name cannot be checked; src/entry may import only src/entry, src/gas, src/core',
      'src/entry/zzDynamic.ts:2: import() "../sidebar/dom" reaches src/sidebar; src/entry may import only src/entry, src/gas, src/core',
      'src/entry/zzPackage.ts:1: export … from "csv-parse/sync" is a package or built-in module, not part of src/; src/entry may import only src/entry, src/gas, src/core',
      'src/gas/zzReexport.ts:1: export … from "../entry/sheets" reaches src/entry; src/gas may import only src/gas, src/core',
      'src/gas/zzRequire.ts:1: import = require() "../../dev/emulator" reaches dev/emulator, outside the layers of src/; src/gas may import only src/gas, src/core',
      'src/sidebar/zzGas.ts:1: import "../gas/client" reaches src/gas; src/sidebar may import only src/sidebar, src/core',
      'src/zzLoose.ts is in no layer (src/core, src/gas, src/entry or src/sidebar)',
    ].sort(),
  );
  expect(r.output).toMatch(/^layer rules broken \(11\):/);
});

test('--help explains the rules and an unknown option is refused', () => {
  const help = spawnSync(process.execPath, ['scripts/check-layers.mjs', '--help'], { cwd: repoRoot, encoding: 'utf8' });
  expect(help.status).toBe(0);
  expect(help.stdout).toMatch(/^Usage: node scripts\/check-layers\.mjs \[--root DIR\]/);
  const bad = spawnSync(process.execPath, ['scripts/check-layers.mjs', '--bogus'], { cwd: repoRoot, encoding: 'utf8' });
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(/--bogus/);
});
