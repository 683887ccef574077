// The generated top-level stubs keep every parameter of the exported function, in order, whatever the signature
// looks like: a `=>` in a default or a type, generics with commas, a destructured or a rest parameter. Checked on the
// stubs' declared parameters (acorn) and by calling each stub in a vm: the bundle's function gets every argument.
import vm from 'node:vm';
import * as acorn from 'acorn';
import { buildWithExtraEntry, type ScratchBuild } from './scratch';

const AWKWARD = `
/**
 * Sums nothing; its first default is an arrow function.
 * @param {Function} a A callback.
 * @param {number} b A number after it.
 * @return {string} What arrived.
 * @customfunction
 */
export function CLIQTEL_ZZ_AWKWARD(a = (x: unknown) => x, b?: number): string {
  return \`\${typeof a}|\${b}\`;
}

/** A default arrow function before a plain parameter. */
export function zzArrowDefault(a = (x: unknown) => x, b?: unknown): unknown[] {
  return [typeof a, b];
}

/** A destructured object parameter with defaults, then a plain one. */
export function zzDestructured({ x = 1, y }: { x?: number; y?: string } = {}, after?: string): unknown[] {
  return [x, y, after];
}

/** A rest parameter. */
export function zzRest(first: string, ...others: number[]): unknown[] {
  return [first, others];
}

/** A parameter whose type is a function type (its "=>" is no bracket). */
export function zzFunctionType(cb: (a: number, b: number) => number, last: number): unknown[] {
  return [cb(2, 3), last];
}

/** Generic types with commas inside angle brackets. */
export function zzGenerics(m: Map<string, number>, n: Array<Record<string, [number, number]>>, z: string): unknown[] {
  return [m.size, n.length, z];
}

/** Comparisons and brackets in defaults: > ( ) < [ { */
export function zzComparison(a = 2 > 1, b = '(', c = ')', d = 1 < 2, e = '[{'): unknown[] {
  return [a, b, c, d, e];
}

/** A destructured array parameter and a destructured rest. */
export function zzArrays([p, q]: [number, number], ...[r]: string[]): unknown[] {
  return [p, q, r];
}
`;

const EXPECTED: Record<string, string[]> = {
  CLIQTEL_ZZ_AWKWARD: ['a', 'b'],
  zzArrowDefault: ['a', 'b'],
  zzDestructured: ['arg1', 'after'],
  zzRest: ['first', '...others'],
  zzFunctionType: ['cb', 'last'],
  zzGenerics: ['m', 'n', 'z'],
  zzComparison: ['a', 'b', 'c', 'd', 'e'],
  zzArrays: ['arg1', '...rest'],
};

let build: ScratchBuild;
let stubs: Map<string, string[]>;
let ctx: vm.Context;

beforeAll(() => {
  build = buildWithExtraEntry(AWKWARD);
  if (build.status !== 0 || !build.code) throw new Error(`the scratch build failed:\n${build.output}`);
  const program = acorn.parse(build.code, { ecmaVersion: 2020, sourceType: 'script' });
  stubs = new Map();
  for (const node of program.body) {
    if (node.type !== 'FunctionDeclaration') continue;
    const params = node.params.map((p) => {
      if (p.type === 'Identifier') return p.name;
      if (p.type === 'RestElement' && p.argument.type === 'Identifier') return `...${p.argument.name}`;
      return `<${p.type}>`;
    });
    stubs.set(node.id.name, params);
  }
  ctx = vm.createContext({});
  vm.runInContext(build.code, ctx);
});

test.each(Object.entries(EXPECTED))('the stub of %s declares %j', (name, params) => {
  expect(stubs.get(name)).toEqual(params);
});

test('a custom function with an arrow-function default gets both arguments through its stub', () => {
  expect(ctx.CLIQTEL_ZZ_AWKWARD(undefined, 7)).toBe('function|7');
  expect(ctx.CLIQTEL_ZZ_AWKWARD('given', 8)).toBe('string|8');
});

test('each stub passes every argument, in order, to the bundled function', () => {
  const same = (value: unknown) => JSON.parse(JSON.stringify(value));
  expect(same(ctx.zzArrowDefault(undefined, 5))).toEqual(['function', 5]);
  expect(same(ctx.zzDestructured({ y: 'k' }, 'z'))).toEqual([1, 'k', 'z']);
  expect(same(ctx.zzDestructured(undefined, 'only-after'))).toEqual([1, null, 'only-after']);
  expect(same(ctx.zzRest('a', 1, 2, 3))).toEqual(['a', [1, 2, 3]]);
  expect(same(ctx.zzFunctionType((a: number, b: number) => a * b, 9))).toEqual([6, 9]);
  expect(same(ctx.zzGenerics(new Map([['k', 1]]), [{}, {}], 'zed'))).toEqual([1, 2, 'zed']);
  expect(same(ctx.zzComparison(undefined, undefined, 'C', false))).toEqual([true, '(', 'C', false, '[{']);
  expect(same(ctx.zzArrays([4, 5], 'r1', 'r2'))).toEqual([4, 5, 'r1']);
});

test('the custom function keeps its JSDoc above its stub', () => {
  const at = build.code!.lastIndexOf('\nfunction CLIQTEL_ZZ_AWKWARD(');
  const before = build.code!.slice(0, at);
  const doc = before.slice(before.lastIndexOf('/**'));
  expect(doc).toMatch(/^\/\*\*\s+\* Sums nothing/);
  expect(doc).toMatch(/@param \{number\} b A number after it\.\n/);
  expect(doc.trimEnd().endsWith('*/')).toBe(true);
});
