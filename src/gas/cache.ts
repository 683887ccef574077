// CacheService with values above its 100 KB limit split across keys (putAll/getAll) and Dates preserved.
const CHUNK_CHARS = 90 * 1024; // chars; kept ASCII-safe below (non-ASCII escaped) so chars = bytes
const MAX_TTL_SECONDS = 21600;

function encode(value: unknown): string {
  const json = JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key];
    return raw instanceof Date ? { $d: raw.getTime() } : v;
  });
  // Escape non-ASCII so the 100 KB limit (bytes) can be checked by length.
  return json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function decode(text: string): unknown {
  return JSON.parse(text, (_k, v) =>
    v && typeof v === 'object' && typeof v.$d === 'number' && Object.keys(v).length === 1 ? new Date(v.$d) : v,
  );
}

/** The cached value, or undefined on a miss (including an evicted chunk or an unreadable entry). */
export function cacheGet(cache: GoogleAppsScript.Cache.Cache, key: string): unknown | undefined {
  try {
    return readEntry(cache, key);
  } catch {
    return undefined; // a damaged entry is a miss: the caller fetches fresh data
  }
}

function readEntry(cache: GoogleAppsScript.Cache.Cache, key: string): unknown | undefined {
  const head = cache.get(key);
  if (head === null) return undefined;
  if (!head.startsWith('chunks:')) return decode(head);
  const count = Number(head.slice(7));
  const keys = Array.from({ length: count }, (_, i) => `${key}:${i}`);
  const parts = cache.getAll(keys);
  const pieces: string[] = [];
  for (const k of keys) {
    const part = parts[k];
    if (part === undefined || part === null) return undefined; // a chunk was evicted: treat as a miss
    pieces.push(part);
  }
  return decode(pieces.join(''));
}

export function cachePut(cache: GoogleAppsScript.Cache.Cache, key: string, value: unknown, ttlSeconds: number): void {
  const text = encode(value);
  const ttl = Math.min(ttlSeconds, MAX_TTL_SECONDS);
  try {
    if (text.length <= CHUNK_CHARS) {
      cache.put(key, text, ttl);
      return;
    }
    const chunks: Record<string, string> = {};
    let count = 0;
    for (let i = 0; i < text.length; i += CHUNK_CHARS) chunks[`${key}:${count++}`] = text.slice(i, i + CHUNK_CHARS);
    cache.putAll(chunks, ttl);
    cache.put(key, `chunks:${count}`, ttl);
  } catch {
    // Caching is an optimisation: a full or refused cache must never fail the user's formula.
  }
}
