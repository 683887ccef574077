// Types of scripts/parse-source.cjs for the tests that import it.
export declare class SourceError extends Error {}

export interface EntryParam {
  /** The name the stub uses: the parameter's own, or argN for a destructured one (N = position from 1). */
  name: string;
  rest: boolean;
  destructured: boolean;
  position: number;
  hasDefault?: boolean;
  optional?: boolean;
}

export interface EntryFunction {
  name: string;
  params: EntryParam[];
  /** The JSDoc comment directly above the declaration, or ''. */
  jsdoc: string;
  /** Relative to the root, POSIX slashes. */
  file: string;
  line: number;
}

export interface ImportRef {
  /** null when the module name is computed. */
  specifier: string | null;
  line: number;
  kind: string;
}

export declare function collectEntryExports(root: string, entryDir?: string): EntryFunction[];
export declare function importsOf(file: string, root?: string): ImportRef[];
export declare function resolveRelative(fromFile: string, specifier: string): string;
