// Parses the formulas the emulator evaluates: custom-function calls with literal, reference, range and empty arguments.
import { parseA1 } from './a1';

export type FormulaNode =
  | { kind: 'literal'; value: string | number | boolean }
  | { kind: 'empty' }
  | { kind: 'ref'; sheetName?: string; ref: string; isRange: boolean }
  | { kind: 'call'; name: string; args: FormulaNode[] };

export class FormulaParseError extends Error {}

export function parseFormula(formula: string): FormulaNode {
  const src = formula.trim();
  if (!src.startsWith('=')) throw new FormulaParseError('not a formula');
  let pos = 1;
  const ws = () => {
    while (pos < src.length && /\s/.test(src[pos])) pos++;
  };
  const peek = () => src[pos];

  function parseArgs(): FormulaNode[] {
    const args: FormulaNode[] = [];
    ws();
    if (peek() === ')') {
      pos++;
      return args;
    }
    for (;;) {
      ws();
      if (peek() === ',' || peek() === ')') args.push({ kind: 'empty' });
      else args.push(parseExpr());
      ws();
      const c = src[pos++];
      if (c === ')') return args;
      if (c !== ',') throw new FormulaParseError(`unexpected ${c ?? 'end'} in arguments`);
    }
  }

  function parseExpr(): FormulaNode {
    ws();
    const c = peek();
    if (c === '"') {
      let out = '';
      pos++;
      for (;;) {
        if (pos >= src.length) throw new FormulaParseError('unterminated string');
        if (src[pos] === '"') {
          if (src[pos + 1] === '"') {
            out += '"';
            pos += 2;
            continue;
          }
          pos++;
          break;
        }
        out += src[pos++];
      }
      return { kind: 'literal', value: out };
    }
    const num = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/.exec(src.slice(pos));
    if (num && !/^[A-Za-z]/.test(src.slice(pos + num[0].length))) {
      pos += num[0].length;
      return { kind: 'literal', value: Number(num[0]) };
    }
    // A reference, possibly with a sheet prefix, or a function name.
    const ref =
      /^(?:(?:'((?:[^']|'')+)'|([A-Za-z0-9_]+))!)?(\$?[A-Za-z]{1,3}\$?\d*(?::\$?[A-Za-z]{0,3}\$?\d*)?)(?![A-Za-z0-9_(])/.exec(
        src.slice(pos),
      );
    if (ref && !/^(TRUE|FALSE)$/i.test(ref[3]) && parseA1(ref[3])) {
      pos += ref[0].length;
      const sheetName = ref[1] !== undefined ? ref[1].replace(/''/g, "'") : ref[2];
      return { kind: 'ref', sheetName, ref: ref[3], isRange: ref[3].includes(':') };
    }
    const name = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(src.slice(pos));
    if (name) {
      pos += name[0].length;
      ws();
      if (peek() === '(') {
        pos++;
        return { kind: 'call', name: name[0], args: parseArgs() };
      }
      if (/^(TRUE|FALSE)$/i.test(name[0])) return { kind: 'literal', value: name[0].toUpperCase() === 'TRUE' };
      throw new FormulaParseError(`unknown name ${name[0]}`);
    }
    throw new FormulaParseError(`unexpected ${c ?? 'end'}`);
  }

  const node = parseExpr();
  ws();
  if (pos !== src.length) throw new FormulaParseError(`unsupported formula syntax at "${src.slice(pos)}"`);
  return node;
}

/** Names of the custom functions a formula calls (for recalculateAll). */
export function calledFunctions(node: FormulaNode): string[] {
  if (node.kind !== 'call') return [];
  return [node.name, ...node.args.flatMap(calledFunctions)];
}
