// Seeded pseudo-random numbers for the sandbox: the same seed always yields the same data.

export interface Random {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** Picks by relative weight (weights need not sum to 1). */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  chance(probability: number): boolean;
  /** Random string drawn from an alphabet. */
  string(length: number, alphabet?: string): string;
}

// Local aliases: inside jest's vm context every global lookup (Math) is ~25x slower, and this is the hot loop.
const { imul, floor } = Math;

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** mulberry32: tiny, fast and good enough for fixtures (not for secrets in production). */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: (items) => items[floor(next() * items.length)],
    weighted: (items) => {
      const total = items.reduce((sum, [, weight]) => sum + weight, 0);
      let roll = next() * total;
      for (const [item, weight] of items) {
        roll -= weight;
        if (roll < 0) return item;
      }
      return items[items.length - 1][0];
    },
    chance: (probability) => next() < probability,
    string: (length, alphabet = ALPHANUMERIC) => {
      let out = '';
      for (let i = 0; i < length; i++) out += alphabet[floor(next() * alphabet.length)];
      return out;
    },
  };
}

/** Derives an independent stream so adding records to one dataset does not shift the others. */
export function deriveSeed(seed: number, label: string): number {
  let hash = 2166136261 ^ seed;
  for (let i = 0; i < label.length; i++) hash = imul(hash ^ label.charCodeAt(i), 16777619);
  return hash >>> 0;
}
