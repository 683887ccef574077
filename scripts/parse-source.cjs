// Reads the TypeScript sources with a real parser (@swc/core), never with regular expressions over code: the exported
// functions of src/entry (name, parameters, JSDoc) for the generated top-level stubs of scripts/build.mjs, and every
// import of a file for scripts/check-layers.mjs. The tests derive their expectations from the same functions.
// CommonJS so that both the ESM build scripts and jest (which compiles tests to CommonJS) can load it as it is.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');

/** A source the build refuses; the message names the file (and line) and what to change. */
class SourceError extends Error {}

/** Index of the first byte after leading whitespace, comments and a #! line, starting at `from`. */
function skipTrivia(bytes, from, to, comments) {
  let i = from;
  if (i === 0 && bytes[0] === 0x23 && bytes[1] === 0x21) while (i < to && bytes[i] !== 0x0a) i++;
  while (i < to) {
    const c = bytes[i];
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c) i++;
    else if (c === 0xef && bytes[i + 1] === 0xbb && bytes[i + 2] === 0xbf)
      i += 3; // BOM
    else if (c === 0xe2 && bytes[i + 1] === 0x80 && (bytes[i + 2] === 0xa8 || bytes[i + 2] === 0xa9))
      i += 3; // LS, PS
    else if (c === 0xc2 && bytes[i + 1] === 0xa0)
      i += 2; // NBSP
    else if (c === 0x2f && bytes[i + 1] === 0x2f) {
      const start = i;
      while (i < to && bytes[i] !== 0x0a) i++;
      comments?.push({ block: false, start, end: i });
    } else if (c === 0x2f && bytes[i + 1] === 0x2a) {
      const start = i;
      i += 2;
      while (i < to && !(bytes[i] === 0x2a && bytes[i + 1] === 0x2f)) i++;
      i = Math.min(i + 2, to);
      comments?.push({ block: true, start, end: i });
    } else break;
  }
  return i;
}

/**
 * Parses one TypeScript file. swc reports spans as UTF-8 byte positions from an offset of its own choosing (1 for a
 * fresh source map); the offset is measured from the module's span, which starts at its first token.
 */
function parseFile(file, root) {
  const text = fs.readFileSync(file, 'utf8');
  const bytes = Buffer.from(text, 'utf8');
  const name = root ? path.relative(root, file).split(path.sep).join('/') : file;
  let module;
  try {
    module = swc.parseSync(text, { syntax: 'typescript', tsx: /x$/.test(file), target: 'es2022' });
  } catch (error) {
    throw new SourceError(`${name}: cannot be parsed: ${String(error?.message ?? error).trim()}`);
  }
  const base = module.body.length ? module.span.start - skipTrivia(bytes, 0, bytes.length) : 0;
  const at = (pos) => pos - base;
  const slice = (span) => bytes.toString('utf8', at(span.start), at(span.end));
  const lineOf = (pos) => {
    let line = 1;
    const end = Math.min(at(pos), bytes.length);
    for (let i = 0; i < end; i++) if (bytes[i] === 0x0a) line++;
    return line;
  };
  // The offset is checked, not trusted: a wrong one would silently attach the wrong JSDoc.
  for (const item of module.body.slice(0, 1)) {
    if (item.type === 'ExportDeclaration' && !slice(item.span).startsWith('export'))
      throw new SourceError(`${name}: swc span offsets are not understood (this @swc/core version needs a look)`);
  }
  return { file, name, text, bytes, module, slice, lineOf, at };
}

/** The JSDoc comment directly above a top-level item (only whitespace between), or ''. */
function jsdocBefore(parsed, index) {
  const { bytes, module, at } = parsed;
  const from = index > 0 ? at(module.body[index - 1].span.end) : 0;
  const to = at(module.body[index].span.start);
  const comments = [];
  skipTrivia(bytes, from, to, comments);
  const last = comments[comments.length - 1];
  if (!last?.block) return '';
  const text = bytes.toString('utf8', last.start, last.end);
  return text.startsWith('/**') && text !== '/**/' ? text : '';
}

/** Resolves a relative specifier to a file the way the bundler does for our sources (.ts, .tsx, /index.ts). */
function resolveRelative(fromFile, specifier) {
  const target = path.resolve(path.dirname(fromFile), specifier);
  const candidates = [target, `${target}.ts`, `${target}.tsx`, path.join(target, 'index.ts')];
  if (/\.[cm]?js$/.test(target)) candidates.push(target.replace(/\.[cm]?js$/, '.ts'));
  return candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile()) ?? target;
}

/**
 * Parameters as the stubs need them: every parameter in order, each with a plain name. A destructured parameter has
 * no name of its own, so it gets `argN` (N = its position from 1); a rest parameter keeps its `...`.
 */
function paramsOf(patterns) {
  const plain = (p) => (p.type === 'Identifier' ? p.value : null);
  const raw = patterns.map((p, i) => {
    if (p.type === 'RestElement') return { name: plain(p.argument), rest: true, position: i + 1 };
    if (p.type === 'AssignmentPattern') return { name: plain(p.left), rest: false, position: i + 1, hasDefault: true };
    return { name: plain(p), rest: false, position: i + 1, optional: Boolean(p.optional) };
  });
  const taken = new Set(raw.map((p) => p.name).filter(Boolean));
  return raw.map((p) => {
    if (p.name) return { ...p, destructured: false };
    let name = p.rest ? 'rest' : `arg${p.position}`;
    while (taken.has(name)) name = `${name}$`;
    taken.add(name);
    return { ...p, name, destructured: true };
  });
}

function functionInfo(parsed, node, index, exportedName) {
  // FunctionDeclaration/FunctionExpression params are Parameter wrappers; arrow params are patterns.
  const patterns = node.params.map((p) => (p.type === 'Parameter' ? p.pat : p));
  return {
    name: exportedName,
    params: paramsOf(patterns),
    jsdoc: jsdocBefore(parsed, index).trim(),
    file: parsed.name,
    line: parsed.lineOf(node.span.start),
  };
}

const FUNCTION_EXPRESSIONS = new Set(['ArrowFunctionExpression', 'FunctionExpression']);
const TYPE_ONLY = new Set(['TsInterfaceDeclaration', 'TsTypeAliasDeclaration']);

/** Top-level functions of a module by local name (exported or not), for `export { local as name }`. */
function localFunctions(parsed) {
  const found = new Map();
  parsed.module.body.forEach((item, index) => {
    const decl = item.type === 'ExportDeclaration' ? item.declaration : item;
    if (decl.type === 'FunctionDeclaration' && decl.body) found.set(decl.identifier.value, { node: decl, index });
    if (decl.type === 'VariableDeclaration')
      for (const d of decl.declarations)
        if (d.id.type === 'Identifier' && d.init && FUNCTION_EXPRESSIONS.has(d.init.type))
          found.set(d.id.value, { node: d.init, index });
    if (TYPE_ONLY.has(decl.type)) found.set(decl.id.value, { type: true });
  });
  return found;
}

/**
 * The runtime exports of one module, following `export * from` and `export { … } from`: an array (duplicates kept,
 * so the build can refuse them) of function descriptions. Anything exported that is not a function is refused:
 * each export of src/entry becomes a top-level Apps Script function.
 */
function moduleExports(file, ctx, chain = []) {
  if (chain.includes(file)) return [];
  const parsed = parseFile(file, ctx.root);
  ctx.visited.add(file);
  const here = (node) => `${parsed.name}:${parsed.lineOf(node.span.start)}`;
  const refuse = (node, what) => {
    throw new SourceError(
      `${here(node)}: ${what}; each export of src/entry becomes a top-level Apps Script function, so only ` +
        '`export function name(…)` (or `export const name = (…) => …`) is allowed there',
    );
  };
  const follow = (node) => {
    const spec = node.source.value;
    if (!spec.startsWith('.')) refuse(node, `re-exports from the package "${spec}"`);
    return moduleExports(resolveRelative(file, spec), ctx, [...chain, file]);
  };
  const out = [];
  let locals;
  const visit = (item, index) => {
    switch (item.type) {
      case 'ExportDeclaration': {
        const decl = item.declaration;
        if (decl.declare || TYPE_ONLY.has(decl.type)) return;
        if (decl.type === 'FunctionDeclaration') {
          if (decl.body) out.push(functionInfo(parsed, decl, index, decl.identifier.value)); // overload signatures have none
          return;
        }
        if (decl.type === 'VariableDeclaration') {
          for (const d of decl.declarations) {
            if (d.id.type === 'Identifier' && d.init && FUNCTION_EXPRESSIONS.has(d.init.type))
              out.push(functionInfo(parsed, d.init, index, d.id.value));
            else
              refuse(
                d,
                `exports ${d.id.type === 'Identifier' ? `"${d.id.value}"` : 'a destructured binding'}, which is not a function`,
              );
          }
          return;
        }
        if (decl.type === 'TsEnumDeclaration' && decl.isConst) return;
        return refuse(
          item,
          `exports a ${decl.type
            .replace(/Declaration$/, '')
            .replace(/^Ts/, '')
            .toLowerCase()}`,
        );
      }
      case 'ExportAllDeclaration':
        if (!item.typeOnly) out.push(...follow(item));
        return;
      case 'ExportNamedDeclaration': {
        if (item.typeOnly) return;
        const specifiers = item.specifiers.filter((s) => !s.isTypeOnly);
        if (!specifiers.length) return;
        if (item.source) {
          const available = follow(item);
          for (const s of specifiers) {
            if (s.type === 'ExportNamespaceSpecifier') refuse(item, `re-exports a namespace (* as ${s.name.value})`);
            const orig = s.orig.value;
            const fn = available.find((f) => f.name === orig);
            if (!fn) refuse(item, `re-exports "${orig}", which is not an exported function of ${item.source.value}`);
            out.push({ ...fn, name: s.exported ? s.exported.value : orig });
          }
          return;
        }
        locals ??= localFunctions(parsed);
        for (const s of specifiers) {
          const local = locals.get(s.orig.value);
          if (local?.type) continue;
          if (!local) refuse(item, `exports "${s.orig.value}", which is not a function declared in this file`);
          out.push(functionInfo(parsed, local.node, local.index, s.exported ? s.exported.value : s.orig.value));
        }
        return;
      }
      case 'ExportDefaultDeclaration':
      case 'ExportDefaultExpression':
        return refuse(item, 'has a default export (Apps Script calls functions by name)');
      case 'TsExportAssignment':
        return refuse(item, 'uses `export =`');
      case 'TsImportEqualsDeclaration':
        if (item.isExport) refuse(item, 'uses `export import … =`');
        return;
      case 'TsNamespaceExportDeclaration':
        return;
      default:
    }
  };
  for (const [index, item] of parsed.module.body.entries()) visit(item, index);
  return out;
}

/**
 * Every function src/entry exposes, in the order index.ts exports them: `{ name, params, jsdoc, file, line }` where
 * each param is `{ name, rest, destructured, position, hasDefault?, optional? }`. A src/entry file with exports that
 * index.ts does not reach is refused (its functions would silently get no top-level stub).
 */
function collectEntryExports(root, entryDir = path.join(root, 'src/entry')) {
  const ctx = { root, visited: new Set() };
  const index = path.join(entryDir, 'index.ts');
  if (!fs.existsSync(index)) throw new SourceError(`${path.relative(root, index)} is missing`);
  const found = moduleExports(index, ctx);
  for (const f of fs.readdirSync(entryDir).sort()) {
    const file = path.join(entryDir, f);
    if (!/\.tsx?$/.test(f) || ctx.visited.has(file)) continue;
    const stray = moduleExports(file, { root, visited: new Set() });
    if (stray.length)
      throw new SourceError(
        `${stray[0].file}:${stray[0].line}: exports ${stray.map((s) => s.name).join(', ')} but src/entry/index.ts does not ` +
          `re-export it (add \`export * from './${f.replace(/\.tsx?$/, '')}';\` there, or move it out of src/entry)`,
      );
  }
  return found;
}

/**
 * Every module a file refers to, type-only ones included: import/export … from, `import x = require()`, `import()`,
 * `require()`, and `import('…')` types. `{ specifier, line, kind }`; a computed specifier is reported as `specifier: null`.
 */
function importsOf(file, root) {
  const parsed = parseFile(file, root);
  const found = [];
  const add = (node, literal, kind) =>
    found.push({
      specifier: literal && literal.type === 'StringLiteral' ? literal.value : null,
      line: parsed.lineOf(node.span.start),
      kind,
    });
  const walk = (node) => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n);
      return;
    }
    if (!node || typeof node !== 'object') return;
    switch (node.type) {
      case 'ImportDeclaration':
        add(node, node.source, node.typeOnly ? 'import type' : 'import');
        break;
      case 'ExportAllDeclaration':
      case 'ExportNamedDeclaration':
        if (node.source) add(node, node.source, node.typeOnly ? 'export type … from' : 'export … from');
        break;
      case 'TsImportEqualsDeclaration':
        if (node.moduleRef.type === 'TsExternalModuleReference') add(node, node.moduleRef.expression, 'import = require()');
        break;
      case 'TsImportType':
        add(node, node.argument, "import('…') type");
        break;
      case 'CallExpression':
        if (node.callee.type === 'Import') add(node, node.arguments[0]?.expression, 'import()');
        else if (node.callee.type === 'Identifier' && node.callee.value === 'require' && node.arguments.length)
          add(node, node.arguments[0].expression, 'require()');
        break;
      default:
    }
    for (const key in node) if (key !== 'span' && node[key] && typeof node[key] === 'object') walk(node[key]);
  };
  walk(parsed.module.body);
  return found;
}

module.exports = { SourceError, parseFile, collectEntryExports, importsOf, resolveRelative };
