// The build refuses what Apps Script would silently get wrong: a CLIQTEL_ function without @customfunction or a
// @param for each parameter, an exposed name ending in "_" (hidden by Apps Script), a duplicate name, an export that
// is no function or that index.ts does not reach. Each case builds a scratch copy of the project (./scratch).
import { buildScratch, buildWithExtraEntry as buildWith } from './scratch';

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

test('a parameter after an arrow-function default still needs its @param', () => {
  const r = buildWith(
    '/**\n * Something useful.\n * @param {Function} a A callback.\n * @return A number.\n * @customfunction\n */\n' +
      'export function CLIQTEL_EXTRA(a = (x: unknown) => x, b?: unknown): number {\n  return Number(b);\n}\n',
  );
  expect(r.status).not.toBe(0);
  expect(r.output).toMatch(/CLIQTEL_EXTRA: no @param for "b"/);
});

test('a custom function with a destructured parameter fails the build, naming the file and line', () => {
  const r = buildWith(
    '\n/**\n * Something useful.\n * @param {Object} options Options.\n * @return A number.\n * @customfunction\n */\n' +
      'export function CLIQTEL_EXTRA({ a }: { a?: number } = {}): number {\n  return Number(a);\n}\n',
  );
  expect(r.status).not.toBe(0);
  expect(r.output).toMatch(/CLIQTEL_EXTRA \(src\/entry\/zz_extra\.ts:8\): parameter 1 is destructured/);
});

test('an entry module that index.ts does not re-export fails the build, naming it', () => {
  const r = buildScratch({ files: { 'src/entry/zz_stray.ts': '/** Stray. */\nexport function cliqtelStray(): void {}\n' } });
  expect(r.status).not.toBe(0);
  expect(r.output).toMatch(/src\/entry\/zz_stray\.ts:2: exports cliqtelStray but src\/entry\/index\.ts does not re-export it/);
});

test('an entry export that is not a function fails the build', () => {
  const r = buildWith('export const CLIQTEL_LIMIT = 5;\n');
  expect(r.status).not.toBe(0);
  expect(r.output).toMatch(/src\/entry\/zz_extra\.ts:1: exports "CLIQTEL_LIMIT", which is not a function/);
});

test('a default export from an entry module fails the build', () => {
  const r = buildWith('export default function (): void {}\n');
  expect(r.status).not.toBe(0);
  expect(r.output).toMatch(/src\/entry\/zz_extra\.ts:1: has a default export/);
});

test('exported arrow functions and renamed exports get stubs under their exported names', () => {
  const r = buildWith(
    '/** Arrow. */\nexport const cliqtelZzArrow = (a: number, b = [1, 2]) => [a, b];\n' +
      'function local(x: string, y?: string): string {\n  return x + (y ?? "");\n}\nexport { local as cliqtelZzRenamed };\n',
  );
  expect(r.output).toMatch(/built dist\/Code\.js/);
  expect(r.code).toMatch(
    /\/\*\* Arrow\. \*\/\nfunction cliqtelZzArrow\(a, b\) \{\n {2}return __cliqtel\.cliqtelZzArrow\(a, b\);/,
  );
  expect(r.code).toMatch(/\nfunction cliqtelZzRenamed\(x, y\) \{\n {2}return __cliqtel\.cliqtelZzRenamed\(x, y\);/);
});

test('a page HTML file beside the shared shell fails the build: pages are listed in pages.json', () => {
  const r = buildScratch({ files: { 'src/sidebar/Extra.html': '<html></html>' } });
  expect(r.status).not.toBe(0);
  expect(r.output).toMatch(/src\/sidebar\/Extra\.html.*pages\.json/);
});

test('a page listed in pages.json without its script fails the build', () => {
  const pages = {
    Sidebar: { title: 'Cliqtel', kind: 'sidebar' },
    Missing: { title: 'Missing', kind: 'dialog' },
  };
  const r = buildScratch({ files: { 'src/sidebar/pages.json': JSON.stringify(pages) } });
  expect(r.status).not.toBe(0);
  expect(r.output).toMatch(/Missing.*src\/sidebar\/Missing\.ts is missing/);
});
