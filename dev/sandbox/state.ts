// The sandbox's mutable state: dataset, runtime config, injected faults, request log and rate-limit windows.

import { startClock } from '../clock';
import { DAY_MS, isoDay } from './dates';
import { type ApiKeyRecord, createApiKeys } from './keys';
import { type CallRecord, type Dataset, destinationOf, generateDataset } from './seed';
import type { SandboxConfig, SandboxFaults, SandboxKeys, SandboxOptions, SandboxRequestRecord } from './types';

export interface ResolvedOptions {
  seed: number;
  /** The pinned start instant (ISO) when one was given, else undefined (real time). */
  now: string | undefined;
  cdrCount: number;
  perPageCap: number;
  rateLimitPerMinute: number;
  messagingRateLimitPerMinute: number;
}

export type DatasetName = keyof Dataset;
export const DATASET_NAMES = [
  'calls',
  'numbers',
  'available_numbers',
  'invoices',
  'credit_notes',
  'orders',
  'transactions',
  'sms',
  'whatsapp_messages',
  'whatsapp_templates',
] as const satisfies readonly DatasetName[];

export interface ActiveFaults extends SandboxFaults {
  matcher?: RegExp;
}

interface RateWindow {
  startedAt: number;
  count: number;
}

const WINDOW_CACHE_SIZE = 32;

export function resolveOptions(options: SandboxOptions = {}): ResolvedOptions {
  return {
    seed: options.seed ?? 42,
    now: options.now === '' ? undefined : options.now,
    cdrCount: Math.max(0, Math.floor(options.cdrCount ?? 12000)),
    perPageCap: options.perPageCap ?? 100,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 1000,
    messagingRateLimitPerMinute: options.messagingRateLimitPerMinute ?? 60,
  };
}

export class SandboxState {
  readonly options: ResolvedOptions;
  /** The sandbox clock (epoch ms): the only place this process decides "now". */
  readonly now: () => number;
  /** The instant the data was generated for: the clock's start. Every seeded record is dated at or before it. */
  readonly dataNowMs: number;
  readonly keys: SandboxKeys;
  readonly keyRecords: ApiKeyRecord[];
  data: Dataset;
  config: Required<SandboxConfig>;
  faults: ActiveFaults = {};
  requests: SandboxRequestRecord[] = [];
  readonly rateWindows = new Map<string, RateWindow>();
  private mutated = false;
  private callsNewestFirstCache: CallRecord[] | null = null;
  private readonly windowCache = new Map<string, CallRecord[]>();

  constructor(options: SandboxOptions = {}) {
    this.options = resolveOptions(options);
    this.now = startClock(this.options.now, 'Sandbox option "now"');
    this.dataNowMs = this.now();
    const { records, keys } = createApiKeys(this.options.seed);
    this.keys = keys;
    this.keyRecords = records;
    this.data = this.generate();
    this.config = this.initialConfig();
  }

  private generate(): Dataset {
    return generateDataset({ seed: this.options.seed, nowMs: this.dataNowMs, cdrCount: this.options.cdrCount });
  }

  private initialConfig(): Required<SandboxConfig> {
    return {
      perPageCap: this.options.perPageCap,
      rateLimitPerMinute: this.options.rateLimitPerMinute,
      messagingRateLimitPerMinute: this.options.messagingRateLimitPerMinute,
      csvFinalLineBreak: true,
    };
  }

  /** Back to the freshly seeded state (data regenerated only if something changed it). */
  reset(): void {
    if (this.mutated) {
      this.data = this.generate();
      this.mutated = false;
    }
    this.invalidate();
    this.config = this.initialConfig();
    this.faults = {};
    this.requests = [];
    this.rateWindows.clear();
  }

  /** Call after any change to `data` so derived views are recomputed. */
  markMutated(): void {
    this.mutated = true;
    this.invalidate();
  }

  private invalidate(): void {
    this.callsNewestFirstCache = null;
    this.windowCache.clear();
  }

  replaceDataset(name: DatasetName, records: unknown[], mode: 'append' | 'replace'): void {
    const current = this.data[name] as unknown[];
    const next = mode === 'replace' ? [...records] : [...current, ...records];
    (this.data as unknown as Record<string, unknown[]>)[name] = next;
    this.markMutated();
  }

  /** UTC midnight of the clock's current day. */
  todayMs(): number {
    const now = this.now();
    return now - (now % DAY_MS);
  }

  /** CDRs newest first (start_time desc, then id desc): the order /usage/calls pages through. */
  callsNewestFirst(): CallRecord[] {
    if (!this.callsNewestFirstCache) {
      this.callsNewestFirstCache = [...this.data.calls].sort((a, b) => {
        const byTime = String(b.start_time).localeCompare(String(a.start_time));
        return byTime !== 0 ? byTime : Number(b.id) - Number(a.id);
      });
    }
    return this.callsNewestFirstCache;
  }

  /** CDRs whose start day lies in [fromDay, toDay] (YYYY-MM-DD, inclusive), optionally to one dialling code. */
  callsInWindow(fromDay: string, toDay: string, diallingCode?: string): CallRecord[] {
    const cacheKey = `${fromDay}|${toDay}|${diallingCode ?? ''}`;
    const cached = this.windowCache.get(cacheKey);
    if (cached) return cached;
    const result = this.callsNewestFirst().filter((call) => {
      const day = String(call.start_time).slice(0, 10);
      if (day < fromDay || day > toDay) return false;
      if (diallingCode === undefined) return true;
      const destination = destinationOf(String(call.destination));
      return destination
        ? destination.code === diallingCode
        : String(call.destination).replace(/^\+/, '').startsWith(diallingCode);
    });
    if (this.windowCache.size >= WINDOW_CACHE_SIZE) this.windowCache.delete(this.windowCache.keys().next().value as string);
    this.windowCache.set(cacheKey, result);
    return result;
  }

  /** The wallet balance is whatever the latest ledger entry left. */
  walletBalance(): number {
    let latest: { created_at: string; id: number; balance_after: number } | undefined;
    for (const entry of this.data.transactions) {
      if (!latest || entry.created_at > latest.created_at || (entry.created_at === latest.created_at && entry.id > latest.id))
        latest = entry;
    }
    return latest ? Number(latest.balance_after) : 0;
  }

  todayIso(): string {
    return isoDay(this.todayMs());
  }

  nextId(records: readonly { id: number }[]): number {
    return records.reduce((max, r) => Math.max(max, Number(r.id) || 0), 0) + 1;
  }
}
