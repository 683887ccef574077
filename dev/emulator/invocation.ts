// One execution of the script: who runs it, in which mode, its realm, its time budget and the locks it holds.
import type { SpreadsheetModel, SheetModel } from './model';
import type { RealmTools } from './realm';
import type { AuthMode, Mode, PlatformState } from './state';

let invocationCounter = 0;

export class Invocation {
  readonly id = `inv-${++invocationCounter}`;
  readonly startedAt = Date.now();
  /** Virtual time spent (virtual sleeps, lock waits, modelled latency): counts against the time limit. */
  extraMs = 0;
  readonly heldLocks = new Set<string>();
  /** In custom mode: the sheet and cell holding the formula. */
  formulaSheet: SheetModel | null = null;
  formulaCell: { row: number; col: number } | null = null;

  constructor(
    readonly state: PlatformState,
    readonly mode: Mode,
    readonly authMode: AuthMode,
    /** The account whose data (user properties, caches, locks, triggers) the code acts on. */
    readonly effectiveUser: string,
    /** What Session.getActiveUser().getEmail() returns ('' where Apps Script hides it). */
    readonly activeUserEmail: string,
    /** The user on whose behalf the invocation runs (in custom mode: the editor recalculating). */
    readonly actingUser: string,
    readonly activeSpreadsheet: SpreadsheetModel | null,
    readonly limitMs: number,
    readonly realm: RealmTools,
  ) {}

  elapsedMs(): number {
    return Date.now() - this.startedAt + this.extraMs;
  }

  /** Called at each service call: Apps Script kills executions over their limit (30 s custom/simple, 6 min otherwise). */
  check(): void {
    if (this.elapsedMs() > this.limitMs) throw this.exception('Exceeded maximum execution time');
  }

  remainingMs(): number {
    return Math.max(0, this.limitMs - this.elapsedMs());
  }

  exception(message: string): Error {
    return this.realm.makeException(message);
  }

  deny(method: string): never {
    throw this.exception(`You do not have permission to call ${method}`);
  }

  /** Copies a host value into the sandbox realm. */
  out<T>(value: T): T {
    return this.realm.importValue(value) as T;
  }

  /** Spends virtual time (no real wait). Advances the emulator clock too. */
  spendVirtual(ms: number): void {
    this.extraMs += ms;
    this.state.clockOffsetMs += ms;
  }

  // ---- what each authorization mode allows (see README: "Authorization modes") ----

  get isCustom(): boolean {
    return this.mode === 'custom';
  }

  /** Services that need any authorization (Properties, Cache, Lock): refused in AuthMode.NONE. */
  requireAuthorized(method: string): void {
    this.check();
    if (this.authMode === 'NONE') this.deny(method);
  }

  /** Reading the bound document: refused in AuthMode.NONE. */
  requireDocRead(method: string): void {
    this.requireAuthorized(method);
  }

  /** Changing a document: refused in custom functions (Sheets: read-only) and AuthMode.NONE. */
  requireDocWrite(method: string): void {
    this.check();
    if (this.authMode === 'NONE' || this.authMode === 'CUSTOM_FUNCTION') this.deny(method);
  }

  /** Services needing full authorization (UrlFetch, triggers, other files): refused in NONE and LIMITED. */
  requireFull(method: string, allowInCustom = false): void {
    this.check();
    if (this.authMode === 'NONE' || this.authMode === 'LIMITED') this.deny(method);
    if (this.authMode === 'CUSTOM_FUNCTION' && !allowInCustom) this.deny(method);
  }

  /**
   * A manifest that lists `oauthScopes` grants only those: a call needing another scope fails as Apps Script's does
   * ("Specified permissions are not sufficient…"). Without the list, Apps Script infers scopes and everything passes.
   */
  requireScope(method: string, scope: string): void {
    if (!this.hasAnyScope([scope])) {
      throw this.exception(`Specified permissions are not sufficient to call ${method}. Required permissions: ${scope}`);
    }
  }

  /** The scope check behind requireScope: true when the manifest lists no oauthScopes or grants one of `scopes`. */
  hasAnyScope(scopes: readonly string[]): boolean {
    const granted = this.state.oauthScopes;
    return !granted || scopes.some((s) => granted.includes(s));
  }

  /** Where a UI exists: not in custom functions nor in time-driven triggers. */
  requireUiContext(): void {
    this.check();
    if (this.mode === 'custom' || this.mode === 'trigger')
      throw this.exception('Cannot call SpreadsheetApp.getUi() from this context.');
  }

  log(line: string): void {
    this.state.logs.push(line);
    if (this.state.printLogs) process.stdout.write(`${line}\n`);
  }
}

/** Answered by every service object, so realm copying passes them through untouched. */
export const SERVICE_MARK = Symbol.for('apps-script-emulator.service');

/** Proxies a service object so that any method the emulator lacks throws instead of being undefined. */
export function withNotImplemented<T extends object>(target: T, className: string): T {
  const passthrough = new Set([
    'then',
    'toJSON',
    'constructor',
    'inspect',
    'asymmetricMatch',
    '$$typeof',
    'nodeType',
    'toString',
    'valueOf',
    'prototype',
    'length',
    'name',
  ]);
  return new Proxy(target, {
    get(obj, prop, receiver) {
      if (prop === SERVICE_MARK) return className;
      if (typeof prop === 'symbol' || prop in obj || passthrough.has(prop) || prop.startsWith('__') || prop.startsWith('@@')) {
        return Reflect.get(obj, prop, receiver);
      }
      if (/^[A-Z][A-Z_]*$/.test(prop)) return undefined; // unknown enum: undefined, like a missing property
      return () => {
        throw new Error(`emulator: ${className}.${prop} not implemented`);
      };
    },
  });
}
