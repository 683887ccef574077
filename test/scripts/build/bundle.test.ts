// The built dist/Code.js against the bundle contract (docs/architecture.md#bundle-contract): parsed with acorn as a
// classic script.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import * as acorn from 'acorn';
import { repoRoot, requireBuild } from '../../helpers/harness';
import { collectEntryExports, type EntryFunction } from '../../../scripts/parse-source.cjs';

// The expected functions come from the entry modules themselves, read by the parser the build uses: a new export
// is covered without editing this file.
const ENTRY = collectEntryExports(repoRoot);
const isCustom = (fn: EntryFunction) => /@customfunction\b/.test(fn.jsdoc);
const CUSTOM = ENTRY.filter(isCustom).map((fn) => fn.name);
const SERVER = ENTRY.filter((fn) => !isCustom(fn)).map((fn) => fn.name);

let code: string;
let program: acorn.Program;
const comments: acorn.Comment[] = [];

beforeAll(() => {
  requireBuild();
  code = fs.readFileSync(path.join(repoRoot, 'dist/Code.js'), 'utf8');
  // sourceType 'script' fails on any import/export: Apps Script loads Code.js as a classic script.
  program = acorn.parse(code, { ecmaVersion: 2020, sourceType: 'script', onComment: comments });
});

function topLevelFunctions(): acorn.FunctionDeclaration[] {
  return program.body.filter((n): n is acorn.FunctionDeclaration => n.type === 'FunctionDeclaration');
}

test('the entry modules expose every custom function the README documents, and the menu handlers', () => {
  const documented = [...fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8').matchAll(/`=(CLIQTEL_[A-Z_]+)\(/g)].map(
    (m) => m[1],
  );
  expect(documented.length).toBeGreaterThan(0);
  expect([...new Set(documented)].sort()).toEqual([...CUSTOM].sort());
  expect(SERVER).toEqual(expect.arrayContaining(['onOpen', 'onInstall']));
  expect(CUSTOM.every((name) => name.startsWith('CLIQTEL_'))).toBe(true);
});

test('every custom and server function is a real top-level function declaration', () => {
  const names = topLevelFunctions().map((f) => f.id.name);
  for (const name of [...CUSTOM, ...SERVER]) expect(names).toContain(name);
  expect(new Set(names).size).toBe(names.length);
  expect(names.filter((n) => n.endsWith('_'))).toEqual([]);
});

test('each custom function has its JSDoc (summary, @param per parameter, @return, @customfunction) directly above', () => {
  for (const fn of topLevelFunctions().filter((f) => CUSTOM.includes(f.id.name))) {
    const doc = comments.find((c) => c.type === 'Block' && c.value.startsWith('*') && code.slice(c.end, fn.start).trim() === '');
    expect(doc).toBeDefined();
    const text = doc!.value;
    expect(text).toMatch(/@customfunction/);
    expect(text).toMatch(/@return/);
    const summary = text
      .replace(/^\*\s*/, '')
      .split('\n')[0]
      .trim();
    expect(summary.length).toBeGreaterThan(10);
    for (const p of fn.params) {
      const { name } = (p.type === 'RestElement' ? p.argument : p) as acorn.Identifier;
      expect(text).toMatch(new RegExp(`@param\\s+\\{[^}]*\\}\\s+\\[?${name}\\b`));
    }
  }
});

test('each stub declares exactly the parameters of its source function, in order', () => {
  const declared = new Map(
    topLevelFunctions().map((f) => [
      f.id.name,
      f.params.map((p) =>
        p.type === 'RestElement' ? `...${(p.argument as acorn.Identifier).name}` : (p as acorn.Identifier).name,
      ),
    ]),
  );
  for (const fn of ENTRY)
    expect([fn.name, declared.get(fn.name)]).toEqual([fn.name, fn.params.map((p) => (p.rest ? `...${p.name}` : p.name))]);
});

test('stubs and the bundle exports match one to one, and the top level is not minified', () => {
  const ctx = vm.createContext({});
  vm.runInContext(code, ctx);
  const exported = Object.keys(ctx.__cliqtel)
    .filter((k) => typeof ctx.__cliqtel[k] === 'function')
    .sort();
  const stubs = topLevelFunctions()
    .map((f) => f.id.name)
    .sort();
  expect(stubs).toEqual(exported);
  for (const name of stubs) expect(typeof ctx[name]).toBe('function');
  // Top level: a "use strict" directive, one var for the bundle, then the function declarations; nothing runs.
  const others = program.body.filter((n) => n.type !== 'FunctionDeclaration' && !('directive' in n && n.directive));
  expect(others.map((n) => n.type)).toEqual(['VariableDeclaration']);
  expect(code).not.toMatch(/^\s*(export|import)\s/m);
});

test('loading Code.js touches no Apps Script service and sends no request', () => {
  const touched: string[] = [];
  const trap = (name: string): unknown =>
    new Proxy(() => {}, {
      get: () => {
        touched.push(name);
        return trap(name);
      },
      apply: () => {
        touched.push(name);
        return trap(name);
      },
    });
  const services = [
    'UrlFetchApp',
    'SpreadsheetApp',
    'PropertiesService',
    'CacheService',
    'ScriptApp',
    'HtmlService',
    'LockService',
    'Utilities',
    'Session',
    'Logger',
    'Charts',
  ];
  const ctx = vm.createContext(Object.fromEntries(services.map((s) => [s, trap(s)])));
  vm.runInContext(code, ctx);
  expect(touched).toEqual([]);
});

test('appsscript.json: V8, least-privilege scopes, Cliqtel-only URL whitelist', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'dist/appsscript.json'), 'utf8'));
  expect(manifest.runtimeVersion).toBe('V8');
  expect([...manifest.oauthScopes].sort()).toEqual([
    'https://www.googleapis.com/auth/script.container.ui',
    'https://www.googleapis.com/auth/script.external_request',
    'https://www.googleapis.com/auth/script.scriptapp',
    'https://www.googleapis.com/auth/script.send_mail',
    'https://www.googleapis.com/auth/spreadsheets',
    'https://www.googleapis.com/auth/userinfo.email',
  ]);
  expect(manifest.urlFetchWhitelist).toEqual(['https://cliqtel.com/api/']);
  const clasp = JSON.parse(fs.readFileSync(path.join(repoRoot, '.clasp.json'), 'utf8'));
  expect(clasp.rootDir).toBe('dist');
});

test('Sidebar.html is one self-contained file: no external script or stylesheet', () => {
  const html = fs.readFileSync(path.join(repoRoot, 'dist/Sidebar.html'), 'utf8');
  expect(html).toMatch(/<script>/);
  expect(html).toMatch(/<style>/);
  expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=["']https?:/i);
});
