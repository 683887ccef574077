// PropertiesService, CacheService and LockService with Apps Script's scopes, size limits and null-in-trigger rules.
import { type Invocation, withNotImplemented } from '../invocation';
import type { CacheEntry } from '../state';

// https://developers.google.com/apps-script/guides/services/quotas — Properties value size 9 KB, total 500 KB per store.
export const PROPERTY_VALUE_MAX_BYTES = 9 * 1024;
export const PROPERTY_STORE_MAX_BYTES = 500 * 1024;
// https://developers.google.com/apps-script/reference/cache/cache — key ≤ 250 chars, value ≤ 100 KB, TTL ≤ 21600 s.
export const CACHE_KEY_MAX_CHARS = 250;
export const CACHE_VALUE_MAX_BYTES = 100 * 1024;
export const CACHE_DEFAULT_TTL_S = 600;
export const CACHE_MAX_TTL_S = 21600;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

function storeBytes(store: Map<string, string>): number {
  let n = 0;
  for (const [k, v] of store) n += bytes(k) + bytes(v);
  return n;
}

function perUser<T>(map: Map<string, Map<string, T>>, key: string): Map<string, T> {
  let m = map.get(key);
  if (!m) {
    m = new Map();
    map.set(key, m);
  }
  return m;
}

// ---- PropertiesService ---------------------------------------------------------------------------------

function propertiesApi(inv: Invocation, store: Map<string, string>, kind: string, writeGuard: () => void): object {
  const set = (key: unknown, value: unknown): void => {
    if (key === null || key === undefined || String(key) === '') throw inv.exception('Invalid argument: key');
    const k = String(key);
    const v = String(value);
    if (bytes(v) > PROPERTY_VALUE_MAX_BYTES) throw inv.exception('Argument too large: value');
    const before = store.get(k);
    const total = storeBytes(store) - (before === undefined ? 0 : bytes(k) + bytes(before)) + bytes(k) + bytes(v);
    if (total > PROPERTY_STORE_MAX_BYTES) {
      throw inv.exception('You have exceeded the property storage quota. Please remove some properties and try again.');
    }
    store.set(k, v);
  };
  const api = {
    getProperty(key: string): string | null {
      inv.check();
      return store.get(String(key)) ?? null;
    },
    getProperties(): Record<string, string> {
      inv.check();
      return inv.out(Object.fromEntries(store));
    },
    getKeys(): string[] {
      inv.check();
      return inv.out([...store.keys()]);
    },
    setProperty(key: string, value: string) {
      inv.check();
      writeGuard();
      set(key, value);
      return proxied;
    },
    setProperties(properties: Record<string, unknown>, deleteAllOthers?: boolean) {
      inv.check();
      writeGuard();
      const previous = new Map(store);
      try {
        if (deleteAllOthers) store.clear();
        for (const [k, v] of Object.entries(properties)) set(k, v);
      } catch (e) {
        store.clear();
        for (const [k, v] of previous) store.set(k, v);
        throw e;
      }
      return proxied;
    },
    deleteProperty(key: string) {
      inv.check();
      writeGuard();
      store.delete(String(key));
      return proxied;
    },
    deleteAllProperties() {
      inv.check();
      writeGuard();
      store.clear();
      return proxied;
    },
  };
  const proxied = withNotImplemented(api, `Properties(${kind})`);
  return proxied;
}

export function makePropertiesService(inv: Invocation): object {
  const { state } = inv;
  const noGuard = () => {};
  const service = {
    getScriptProperties() {
      inv.requireAuthorized('PropertiesService.getScriptProperties');
      return propertiesApi(inv, state.scriptProperties, 'script', noGuard);
    },
    getUserProperties() {
      inv.requireAuthorized('PropertiesService.getUserProperties');
      // In a custom function this is the spreadsheet OWNER's store, and other editors cannot change it
      // (https://developers.google.com/apps-script/guides/sheets/functions#using_apps_script_services).
      const guard = inv.isCustom && inv.actingUser !== inv.effectiveUser ? () => inv.deny('Properties.setProperty') : noGuard;
      return propertiesApi(inv, perUser(state.userProperties, inv.effectiveUser), `user:${inv.effectiveUser}`, guard);
    },
    getDocumentProperties() {
      inv.requireAuthorized('PropertiesService.getDocumentProperties');
      // Null where there is no document: an add-on's time-driven trigger.
      if (!inv.activeSpreadsheet) return null;
      return propertiesApi(
        inv,
        perUser(state.documentProperties, inv.activeSpreadsheet.id),
        `document:${inv.activeSpreadsheet.id}`,
        noGuard,
      );
    },
  };
  return withNotImplemented(service, 'PropertiesService');
}

// ---- CacheService --------------------------------------------------------------------------------------

function cacheApi(inv: Invocation, store: Map<string, CacheEntry>, kind: string): object {
  const { state } = inv;
  const checkKey = (key: unknown): string => {
    if (key === null || key === undefined) throw inv.exception('Invalid argument: key');
    const k = String(key);
    if (k.length > CACHE_KEY_MAX_CHARS) throw inv.exception('Argument too large: key');
    return k;
  };
  const ttlMs = (seconds: unknown): number => {
    if (seconds === undefined) return CACHE_DEFAULT_TTL_S * 1000;
    const s = Number(seconds);
    if (!Number.isFinite(s) || s < 1 || s > CACHE_MAX_TTL_S) throw inv.exception('Invalid argument: expirationInSeconds');
    return s * 1000;
  };
  const read = (k: string): string | null => {
    const e = store.get(k);
    if (!e || e.expiresAt <= state.now()) {
      if (e) store.delete(k);
      state.stats.cacheMisses++;
      return null;
    }
    state.stats.cacheHits++;
    return e.value;
  };
  const write = (key: unknown, value: unknown, expiresAt: number): void => {
    const k = checkKey(key);
    const v = String(value);
    if (bytes(v) > CACHE_VALUE_MAX_BYTES) throw inv.exception('Argument too large: value');
    store.set(k, { value: v, expiresAt });
  };
  const api = {
    get(key: string): string | null {
      inv.check();
      return read(checkKey(key));
    },
    getAll(keys: string[]): Record<string, string> {
      inv.check();
      const out: Record<string, string> = {};
      for (const key of keys) {
        const v = read(checkKey(key));
        if (v !== null) out[String(key)] = v;
      }
      return inv.out(out);
    },
    put(key: string, value: string, expirationInSeconds?: number): void {
      inv.check();
      write(key, value, state.now() + ttlMs(expirationInSeconds));
    },
    putAll(values: Record<string, string>, expirationInSeconds?: number): void {
      inv.check();
      const expiresAt = state.now() + ttlMs(expirationInSeconds);
      const entries = Object.entries(values);
      for (const [k, v] of entries) {
        checkKey(k);
        if (bytes(String(v)) > CACHE_VALUE_MAX_BYTES) throw inv.exception('Argument too large: value');
      }
      for (const [k, v] of entries) write(k, v, expiresAt);
    },
    remove(key: string): void {
      inv.check();
      store.delete(checkKey(key));
    },
    removeAll(keys: string[]): void {
      inv.check();
      for (const k of keys) store.delete(checkKey(k));
    },
  };
  return withNotImplemented(api, `Cache(${kind})`);
}

export function makeCacheService(inv: Invocation): object {
  const { state } = inv;
  const service = {
    getScriptCache() {
      inv.requireAuthorized('CacheService.getScriptCache');
      return cacheApi(inv, state.scriptCache, 'script');
    },
    getUserCache() {
      inv.requireAuthorized('CacheService.getUserCache');
      return cacheApi(inv, perUser(state.userCaches, inv.effectiveUser), `user:${inv.effectiveUser}`);
    },
    getDocumentCache() {
      inv.requireAuthorized('CacheService.getDocumentCache');
      if (!inv.activeSpreadsheet) return null;
      return cacheApi(inv, perUser(state.documentCaches, inv.activeSpreadsheet.id), `document:${inv.activeSpreadsheet.id}`);
    },
  };
  return withNotImplemented(service, 'CacheService');
}

// ---- LockService ---------------------------------------------------------------------------------------

export const EXTERNAL_HOLDER = 'external';

export function userLockKey(user: string): string {
  return `user:${user}`;
}
export const SCRIPT_LOCK_KEY = 'script';
export function documentLockKey(spreadsheetId: string): string {
  return `document:${spreadsheetId}`;
}

function lockApi(inv: Invocation, key: string): object {
  const { state } = inv;
  const tryAcquire = (): boolean => {
    const holder = state.locks.get(key);
    if (holder === undefined || holder === inv.id) {
      state.locks.set(key, inv.id);
      inv.heldLocks.add(key);
      return true;
    }
    return false;
  };
  const api = {
    tryLock(timeoutInMillis: number): boolean {
      inv.check();
      if (tryAcquire()) return true;
      // Nothing else runs while this execution waits, so the holder cannot release: the whole timeout passes.
      inv.spendVirtual(Math.max(0, Number(timeoutInMillis) || 0));
      return false;
    },
    waitLock(timeoutInMillis: number): void {
      inv.check();
      if (tryAcquire()) return;
      inv.spendVirtual(Math.max(0, Number(timeoutInMillis) || 0));
      throw inv.exception('Lock timeout: another process was holding the lock for too long.');
    },
    hasLock(): boolean {
      return state.locks.get(key) === inv.id;
    },
    releaseLock(): void {
      if (state.locks.get(key) === inv.id) {
        state.locks.delete(key);
        inv.heldLocks.delete(key);
      }
    },
  };
  return withNotImplemented(api, 'Lock');
}

export function makeLockService(inv: Invocation): object {
  const service = {
    getUserLock() {
      inv.requireAuthorized('LockService.getUserLock');
      return lockApi(inv, userLockKey(inv.effectiveUser));
    },
    getScriptLock() {
      inv.requireAuthorized('LockService.getScriptLock');
      return lockApi(inv, SCRIPT_LOCK_KEY);
    },
    getDocumentLock() {
      inv.requireAuthorized('LockService.getDocumentLock');
      if (!inv.activeSpreadsheet) return null;
      return lockApi(inv, documentLockKey(inv.activeSpreadsheet.id));
    },
  };
  return withNotImplemented(service, 'LockService');
}

/** Apps Script releases every lock an execution still holds when it ends. */
export function releaseInvocationLocks(inv: Invocation): void {
  for (const key of inv.heldLocks) if (inv.state.locks.get(key) === inv.id) inv.state.locks.delete(key);
  inv.heldLocks.clear();
}
