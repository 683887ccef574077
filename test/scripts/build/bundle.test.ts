// The built dist/Code.js against the bundle contract (docs/architecture.md#bundle-contract): parsed with acorn as a
// classic script.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import * as acorn from 'acorn';
import { repoRoot, requireBuild } from '../../helpers/harness';

const CUSTOM = [
  'CLIQTEL_BALANCE',
  'CLIQTEL_USAGE',
  'CLIQTEL_CALLS',
  'CLIQTEL_USAGE_BY',
  'CLIQTEL_COMPARISON',
  'CLIQTEL_NUMBERS',
  'CLIQTEL_SEARCH_NUMBERS',
  'CLIQTEL_INVOICES',
  'CLIQTEL_CREDIT_NOTES',
  'CLIQTEL_ORDERS',
  'CLIQTEL_TRANSACTIONS',
  'CLIQTEL_SMS',
];
const SERVER = [
  'onOpen',
  'onInstall',
  'cliqtelShowSidebar',
  'cliqtelSaveApiKey',
  'cliqtelGetSettings',
  'cliqtelClearApiKey',
  'cliqtelSearchNumbers',
  'cliqtelInsertTable',
  'cliqtelExportCalls',
  'cliqtelInsertReport',
  'cliqtelListReports',
  'cliqtelRefreshReports',
  'cliqtelRefreshFormulas',
  'cliqtelSetSchedule',
  'cliqtelScheduledRefresh',
];

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
      const name = (p as acorn.Identifier).name;
      expect(text).toMatch(new RegExp(`@param\\s+\\{[^}]*\\}\\s+\\[?${name}\\b`));
    }
  }
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
    'https://www.googleapis.com/auth/spreadsheets',
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
