// The layer rules of src/ (docs/architecture.md#dependency-rule), enforced: `npm run build` runs this first and stops
// on a breach.
//   src/core    imports src/core only (pure TypeScript, no Apps Script services)
//   src/gas     imports src/gas and src/core
//   src/entry   imports src/entry, src/gas and src/core
//   src/sidebar imports src/sidebar and src/core (it runs in the browser)
// Type-only imports count too. No layer imports npm packages or Node built-ins, and nothing outside src/.
// Usage: node scripts/check-layers.mjs [--root DIR]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import source from './parse-source.cjs';

const { importsOf, SourceError } = source;

/** Layer → the layers its files may import (its own included). */
export const LAYERS = {
  core: ['core'],
  gas: ['gas', 'core'],
  entry: ['entry', 'gas', 'core'],
  sidebar: ['sidebar', 'core'],
};

const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;

function listSources(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSources(full));
    else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out.sort();
}

/** The layer a path belongs to: "core", "gas", … or null when it is outside them (or outside src/). */
function layerOf(srcDir, file) {
  const rel = path.relative(srcDir, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  const first = rel.split(path.sep)[0];
  return Object.hasOwn(LAYERS, first) && rel.includes(path.sep) ? first : null;
}

const allowedText = (layer) =>
  LAYERS[layer].length === 1
    ? `src/${layer} may import only src/${layer}`
    : `src/${layer} may import only ${LAYERS[layer].map((l) => `src/${l}`).join(', ')}`;

/**
 * Every breach under ROOT/src, as `{ file, line, specifier, kind, message }` (file relative to ROOT, POSIX slashes).
 * An empty array means the tree follows the rules.
 */
export function checkLayers(root) {
  const srcDir = path.join(root, 'src');
  const rel = (f) => path.relative(root, f).split(path.sep).join('/');
  const violations = [];
  for (const file of listSources(srcDir)) {
    const layer = layerOf(srcDir, file);
    const where = rel(file);
    if (!layer) {
      violations.push({
        file: where,
        line: 1,
        specifier: null,
        kind: 'file',
        message: `${where} is in no layer (src/core, src/gas, src/entry or src/sidebar)`,
      });
      continue;
    }
    for (const imp of importsOf(file, root)) {
      const at = `${where}:${imp.line}`;
      const push = (why) =>
        violations.push({ file: where, line: imp.line, specifier: imp.specifier, kind: imp.kind, message: `${at}: ${why}` });
      if (imp.specifier === null) {
        push(`${imp.kind} with a computed module name cannot be checked; ${allowedText(layer)}`);
        continue;
      }
      const quoted = `${imp.kind} "${imp.specifier}"`;
      if (!imp.specifier.startsWith('.')) {
        push(`${quoted} is a package or built-in module, not part of src/; ${allowedText(layer)}`);
        continue;
      }
      const target = path.resolve(path.dirname(file), imp.specifier);
      const targetLayer = layerOf(srcDir, target);
      if (!targetLayer) push(`${quoted} reaches ${rel(target)}, outside the layers of src/; ${allowedText(layer)}`);
      else if (!LAYERS[layer].includes(targetLayer)) push(`${quoted} reaches src/${targetLayer}; ${allowedText(layer)}`);
    }
  }
  return violations;
}

function main() {
  const { values } = parseArgs({
    options: { root: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: false,
  });
  if (values.help) {
    console.log(
      'Usage: node scripts/check-layers.mjs [--root DIR]\nChecks the import rules between src/core, src/gas, src/entry and src/sidebar (see the top of this file).',
    );
    return;
  }
  const root = path.resolve(values.root ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
  const violations = checkLayers(root);
  if (violations.length) {
    console.error(`layer rules broken (${violations.length}):\n${violations.map((v) => `  ${v.message}`).join('\n')}`);
    process.exit(1);
  }
  console.log('layer rules: ok');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    console.error(error instanceof SourceError || error?.code?.startsWith?.('ERR_PARSE_ARGS') ? error.message : error);
    process.exit(error?.code?.startsWith?.('ERR_PARSE_ARGS') ? 2 : 1);
  }
}
