// Per-invocation vm realm helpers: a virtual-clock Date, and copying values across the host/sandbox boundary.
import * as vm from 'node:vm';
import { isDateObject } from './coercion';
import { SERVICE_MARK } from './invocation';

export interface RealmTools {
  /** Deep-copies host arrays/objects/Dates into sandbox-realm ones (so `instanceof Array/Date` holds in the script). */
  importValue(value: unknown): unknown;
  /** A sandbox-realm Error whose name is 'Exception', like Apps Script's service errors. */
  makeException(message: string): Error;
  /** A plain sandbox-realm Error (name 'Error'), as an advanced service's failed API call throws. */
  makeError(message: string): Error;
}

// Runs inside the fresh context before the bundle: installs a Date whose "now" is the emulator clock.
const BOOTSTRAP = `(function (hostNow) {
  'use strict';
  var SERVICE_MARK = Symbol.for('apps-script-emulator.service');
  var RealDate = Date;
  // The realm's Date with "now" on the emulator clock. A plain function returning a native Date, not a subclass
  // behind a Proxy: a script creating 200,000 Dates pays what V8's own Date costs, as in Apps Script.
  var DateProxy = function Date(a, b, c, d, e, f, g) {
    if (new.target === undefined) return new RealDate(hostNow()).toString();
    var n = arguments.length;
    var made = n === 0 ? new RealDate(hostNow())
      : n === 1 ? new RealDate(a)
      : n === 2 ? new RealDate(a, b)
      : n === 3 ? new RealDate(a, b, c)
      : n === 4 ? new RealDate(a, b, c, d)
      : n === 5 ? new RealDate(a, b, c, d, e)
      : n === 6 ? new RealDate(a, b, c, d, e, f)
      : new RealDate(a, b, c, d, e, f, g);
    if (new.target !== DateProxy) Object.setPrototypeOf(made, new.target.prototype); // class X extends Date
    return made;
  };
  DateProxy.prototype = RealDate.prototype;
  Object.defineProperty(RealDate.prototype, 'constructor', { value: DateProxy, writable: true, configurable: true, enumerable: false });
  DateProxy.now = function now() { return hostNow(); };
  DateProxy.UTC = RealDate.UTC;
  DateProxy.parse = RealDate.parse;
  Object.defineProperty(globalThis, 'Date', { value: DateProxy, writable: true, configurable: true, enumerable: false });
  function importValue(v) {
    if (v === null || typeof v !== 'object') return v;
    if (Object.prototype.toString.call(v) === '[object Date]') return new DateProxy(v.getTime());
    if (v[SERVICE_MARK]) return v; // service objects (a Range, a Trigger…) pass through
    if (Array.isArray(v)) { var a = new Array(v.length); for (var i = 0; i < v.length; i++) a[i] = importValue(v[i]); return a; }
    var proto = Object.getPrototypeOf(v);
    if (proto !== null && proto.constructor && proto.constructor.name !== 'Object') return v; // service objects pass through
    var o = {};
    for (var k of Object.keys(v)) o[k] = importValue(v[k]);
    return o;
  }
  function makeException(message) {
    var e = new Error(message);
    Object.defineProperty(e, 'name', { value: 'Exception', writable: true, configurable: true, enumerable: false });
    return e;
  }
  function makeError(message) {
    return new Error(message);
  }
  return { importValue: importValue, makeException: makeException, makeError: makeError };
})`;

let bootstrapScript: vm.Script | undefined;

export function installRealm(context: vm.Context, hostNow: () => number): RealmTools {
  bootstrapScript ??= new vm.Script(BOOTSTRAP, { filename: 'emulator-bootstrap.js' });
  const factory = bootstrapScript.runInContext(context) as (now: () => number) => RealmTools;
  return factory(hostNow);
}

/** Deep-copies a sandbox value into host-realm plain data (for results handed back to tests). */
export function exportValue(value: unknown, seen = new Map<object, unknown>()): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (isDateObject(value)) return new Date(value.getTime());
  if ((value as Record<symbol, unknown>)[SERVICE_MARK]) return value;
  const known = seen.get(value);
  if (known) return known;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const v of value) out.push(exportValue(v, seen));
    return out;
  }
  // Service objects (a Range…) and class instances are handed back as they are; plain objects are copied.
  if (!isRealmPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const k of Object.keys(value)) out[k] = exportValue((value as Record<string, unknown>)[k], seen);
  return out;
}

function isRealmPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** Converts whatever the sandbox threw into a host Error carrying the same name and message. */
export function exportError(thrown: unknown): Error {
  if (thrown && typeof thrown === 'object' && 'message' in thrown) {
    const t = thrown as { name?: string; message: string; stack?: string };
    const e = new Error(t.message);
    e.name = t.name ?? 'Error';
    if (t.stack) e.stack = t.stack;
    (e as Error & { original?: unknown }).original = thrown;
    return e;
  }
  const e = new Error(String(thrown));
  (e as Error & { original?: unknown }).original = thrown;
  return e;
}
