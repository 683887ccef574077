// The benchmark behind `npm run bench`: the add-on's cost against the naive way and the floor, measured in the Apps
// Script emulator against the sandbox API on loopback. `runBench` is also called by test/bench at a tiny size.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Emulator, type EmulatorOptions, type Stats } from '../dev/emulator';
import { SyncHttpClient } from '../dev/emulator/syncHttp';
import { type SandboxHandle, startSandbox } from '../dev/sandbox/spawn';
import { profileRun, type TimeSplit } from './profile';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface BenchOptions {
  /** CDRs in the sandbox, all inside the export window: the rows exported. */
  size: number;
  /** Measured runs per scenario; figures are their medians. */
  runs: number;
  /** Discarded runs before the measured ones (JIT and caches warm). */
  warmup: number;
  /** Rows the naive export really writes; below `size` its figures are scaled linearly (and marked so). */
  naiveSize: number;
  /** Pages (of 100 rows) CLIQTEL_CALLS fetches in the paging section. */
  pages: number;
  /** Latency the sandbox adds to every request in the paging section (real, not modelled). */
  latencyMs: number;
  /** Cells holding the same CLIQTEL_USAGE call. */
  cells: number;
  /** vm loads of dist/Code.js for its load time. */
  loads: number;
  /** Modelled Apps Script cost of one UrlFetch round trip (a fetch, or a whole fetchAll batch); see bench/README.md. */
  fetchLatencyMs: number;
  /** Modelled Apps Script cost of one Spreadsheet write call; see bench/README.md. */
  writeLatencyMs: number;
  /** The add-on bundle to measure (e.g. an experimental build); default dist/Code.js. */
  addonCodePath: string;
  /** Where results.json goes; null writes nothing. */
  out: string | null;
  /** No progress lines and no table on stdout. */
  quiet: boolean;
}

export const DEFAULT_OPTIONS: BenchOptions = {
  size: 100_000,
  runs: 5,
  warmup: 1,
  naiveSize: 100_000,
  pages: 50,
  latencyMs: 100,
  cells: 200,
  loads: 50,
  fetchLatencyMs: 250,
  writeLatencyMs: 100,
  addonCodePath: path.join(REPO_ROOT, 'dist', 'Code.js'),
  out: path.join(REPO_ROOT, 'bench', 'results.json'),
  quiet: false,
};

/** What one scenario cost (medians over the measured runs; counts are the same in every run). */
export interface ScenarioResult {
  /** Data rows the script wrote or returned. */
  rows: number;
  wallMs: number;
  /** process.cpuUsage() user + system: this process, including the emulator's HTTP worker thread. */
  cpuMs: number;
  /** Time blocked waiting for HTTP responses (loopback + sandbox work). */
  httpWaitMs: number;
  /** wallMs − httpWaitMs: the script's JavaScript plus the emulator's service work. */
  jsMs: number;
  /** HTTP requests sent (each request of a fetchAll counts). */
  requests: number;
  fetchAllBatches: number;
  /** Sequential waits: single fetches plus fetchAll batches. */
  roundTrips: number;
  /** Response bytes received. */
  bytesReceived: number;
  writeCalls: number;
  cellsWritten: number;
  /** Peak V8 heap used above the pre-run baseline (after gc), sampled at every service call. */
  peakHeapBytes: number;
  /** Heap still used after the run and a gc: the emulator's sheet model of what was written. */
  retainedHeapBytes: number;
  /**
   * The script's own live heap at its peak (separate run, full gc at service calls, the sheet model subtracted);
   * 0 where not measured.
   */
  scriptHeapBytes: number;
  /** Modelled latency: fetchLatencyMs per round trip + writeLatencyMs per write call (the emulator's modelledMs). */
  modelledLatencyMs: number;
  /** jsMs + modelledLatencyMs: what Apps Script would take. */
  modelledMs: number;
  /** Scaled linearly from `measuredRows` (naive only). */
  scaledFrom?: { measuredRows: number; factor: number };
  /**
   * One extra run under V8's CPU profiler: the script's own JavaScript apart from the emulator's service work and
   * the HTTP wait (bench/profile.ts). Absent where not profiled.
   */
  split?: TimeSplit;
}

export interface BenchResults {
  generatedAt: string;
  machine: { os: string; cpu: string; cpus: number; memoryGb: number; node: string };
  options: Omit<BenchOptions, 'out' | 'quiet'>;
  method: { gc: boolean; heap: string; modelled: string; runs: string };
  export: {
    rows: number;
    csvBytes: number;
    addon: ScenarioResult;
    /**
     * The same add-on without the Advanced Sheets service (a deployment where it is off, or the Sheets API call
     * fails): the SpreadsheetApp fallback of src/gas/newSheet.ts.
     */
    addonSpreadsheetApp: ScenarioResult;
    floor: ScenarioResult;
    naive: ScenarioResult;
    /** Requests the sandbox itself saw for one run of each (independent of the emulator's counters). */
    serverRequests: { addon: number; floor: number; naive: number };
    ratios: {
      addonOverFloorWall: number;
      addonOverFloorCpu: number;
      addonOverFloorModelled: number;
      /** Median over rounds of add-on ÷ floor in the same round (see pairedRatio): the figures the targets use. */
      pairedWall: number;
      pairedModelled: number;
      /** The SpreadsheetApp fallback against the floor. */
      fallbackOverFloorWall: number;
      fallbackOverFloorModelled: number;
      naiveOverAddonWall: number;
      naiveOverAddonModelled: number;
    };
    /** Modelled time of the naive way against Apps Script's 6-minute limit. */
    naiveExceedsSixMinutes: boolean;
  };
  pagedCalls: {
    latencyMs: number;
    limit: number;
    addon: ScenarioResult;
    sequential: ScenarioResult;
    /** sequential wall / add-on wall. */
    speedup: number;
  };
  identicalCells: {
    cells: number;
    requests: number;
    serverRequests: number;
    cacheHits: number;
    cacheMisses: number;
    wallMs: number;
  };
  bundle: { bytes: number; loads: number; loadMsMedian: number; loadMsCold: number; loadMsMax: number };
  targets: { name: string; target: string; value: string; pass: boolean }[];
}

// ---------------------------------------------------------------------------------------------------------------
// Measurement hooks

const gc: (() => void) | null = (() => {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return existing;
  try {
    // Same effect as `node --expose-gc`, without changing how `npm run bench` starts node.
    v8.setFlagsFromString('--expose-gc');
    const fn = vm.runInNewContext('gc') as unknown;
    return typeof fn === 'function' ? (fn as () => void) : null;
  } catch {
    return null;
  }
})();

function collectGarbage(): void {
  if (!gc) return;
  gc();
  gc();
}

const heapUsed = () => v8.getHeapStatistics().used_heap_size;

/** A live-heap sample: heap used after a full gc, and the cells the emulator's sheet model held at that moment. */
interface LiveSample {
  liveBytes: number;
  cells: number;
}

/** Tracks HTTP wait time, bytes received and the heap while a run is measured. */
class Probe {
  active = false;
  httpWaitMs = 0;
  bytesReceived = 0;
  peakHeap = 0;
  /** Live mode: every `every`-th sample runs a full gc and records the live heap (slow: timings are not used). */
  live: { every: number; calls: number; baseline: number; countCells: () => number; samples: LiveSample[] } | null = null;

  start(): void {
    this.active = true;
    this.httpWaitMs = 0;
    this.bytesReceived = 0;
    this.peakHeap = heapUsed();
  }

  sample(): void {
    if (!this.active) return;
    const used = heapUsed();
    if (used > this.peakHeap) this.peakHeap = used;
    const live = this.live;
    if (live && live.calls++ % live.every === 0) {
      collectGarbage();
      live.samples.push({ liveBytes: heapUsed() - live.baseline, cells: live.countCells() });
    }
  }

  stop(): void {
    this.sample();
    this.active = false;
  }
}

const probe = new Probe();

type RequestAll = SyncHttpClient['requestAll'];

/** Wraps the emulator's synchronous HTTP client to time each wait and sample the heap when the response lands. */
function installHttpHook(): () => void {
  const proto = SyncHttpClient.prototype as { requestAll: RequestAll };
  const original = proto.requestAll;
  proto.requestAll = function (this: SyncHttpClient, ...args: Parameters<RequestAll>) {
    const started = performance.now();
    const responses = original.apply(this, args);
    if (probe.active) {
      probe.httpWaitMs += performance.now() - started;
      for (const r of responses) if (!r.error) probe.bytesReceived += r.body.byteLength;
      probe.sample();
    }
    return responses;
  };
  return () => {
    proto.requestAll = original;
  };
}

/** Every service call bumps one of these counters: turning them into accessors samples the heap at each call. */
function sampleHeapOnServiceCalls(stats: Stats): void {
  for (const key of ['urlFetches', 'writeCalls', 'readCalls', 'cacheHits', 'cacheMisses'] as const) {
    let value = stats[key];
    Object.defineProperty(stats, key, {
      get: () => value,
      set: (next: number) => {
        value = next;
        probe.sample();
      },
      enumerable: true,
      configurable: true,
    });
  }
}

/** Cells the emulator's model holds in the active spreadsheet (what the run wrote, plus the empty first sheet). */
function modelCells(emu: Emulator): number {
  let cells = 0;
  for (const sheet of emu.activeSpreadsheet.sheets) {
    for (const row of sheet.rows) {
      if (!row) continue;
      for (const cell of row) if (cell) cells++;
    }
  }
  return cells;
}

// ---------------------------------------------------------------------------------------------------------------
// Runs

interface RunMeasure {
  result: unknown;
  wallMs: number;
  cpuMs: number;
  httpWaitMs: number;
  bytesReceived: number;
  peakHeapBytes: number;
  retainedHeapBytes: number;
  stats: Stats;
}

/** Runs `body` once, measured: gc first, then wall and CPU time, HTTP wait, heap peak; gc again for what stays. */
function measure(emu: Emulator, body: () => unknown): RunMeasure {
  emu.resetStats();
  collectGarbage();
  const baseline = heapUsed();
  const cpuBefore = process.cpuUsage();
  probe.start();
  const started = performance.now();
  const result = body();
  const wallMs = performance.now() - started;
  probe.stop();
  const cpu = process.cpuUsage(cpuBefore);
  const stats: Stats = { ...emu.stats, requests: [...emu.stats.requests] };
  collectGarbage();
  const retained = Math.max(0, heapUsed() - baseline);
  return {
    result,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    httpWaitMs: probe.httpWaitMs,
    bytesReceived: probe.bytesReceived,
    peakHeapBytes: Math.max(0, probe.peakHeap - baseline),
    retainedHeapBytes: retained,
    stats,
  };
}

/**
 * The script's own live heap at its peak: a separate run that does a full gc at every `every`-th service call and
 * subtracts the emulator's sheet model at that moment (cells held × bytes per cell, from the model left at the end).
 */
function measureScriptHeap(emu: Emulator, body: () => unknown, every: number): number {
  emu.resetStats();
  collectGarbage();
  const baseline = heapUsed();
  const samples: LiveSample[] = [];
  probe.live = { every: Math.max(1, every), calls: 0, baseline, countCells: () => modelCells(emu), samples };
  probe.start();
  try {
    body();
  } finally {
    probe.stop();
    probe.live = null;
  }
  collectGarbage();
  const cellsAtEnd = modelCells(emu);
  const bytesPerCell = cellsAtEnd > 0 ? Math.max(0, heapUsed() - baseline) / cellsAtEnd : 0;
  return Math.max(0, ...samples.map((s) => s.liveBytes - s.cells * bytesPerCell));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function summarize(runs: RunMeasure[], rowsOf: (result: unknown) => number, scriptHeapBytes = 0): ScenarioResult {
  const m = (f: (r: RunMeasure) => number) => median(runs.map(f));
  const last = runs[runs.length - 1];
  const wallMs = m((r) => r.wallMs);
  const httpWaitMs = m((r) => r.httpWaitMs);
  const jsMs = m((r) => r.wallMs - r.httpWaitMs);
  const peak = m((r) => r.peakHeapBytes);
  const retained = m((r) => r.retainedHeapBytes);
  const singleFetches = last.stats.urlFetches - last.stats.fetchAllRequests;
  return {
    rows: rowsOf(last.result),
    wallMs,
    cpuMs: m((r) => r.cpuMs),
    httpWaitMs,
    jsMs,
    requests: last.stats.urlFetches,
    fetchAllBatches: last.stats.fetchAllBatches,
    roundTrips: singleFetches + last.stats.fetchAllBatches,
    bytesReceived: last.bytesReceived,
    writeCalls: last.stats.writeCalls,
    cellsWritten: last.stats.cellsWritten,
    peakHeapBytes: peak,
    retainedHeapBytes: retained,
    scriptHeapBytes,
    modelledLatencyMs: last.stats.modelledMs,
    modelledMs: jsMs + last.stats.modelledMs,
  };
}

/**
 * The median over rounds of one scenario's figure divided by another's in the same round. Rounds interleave the
 * scenarios, so both of a pair ran under the same load; on a shared machine whose load drifts between rounds this is
 * the steadier ratio (a ratio of medians can pair a slow round of one with a fast round of the other).
 */
function pairedRatio(a: RunMeasure[], b: RunMeasure[], figure: (r: RunMeasure) => number): number {
  const n = Math.min(a.length, b.length);
  return median(Array.from({ length: n }, (_, i) => figure(a[i]) / figure(b[i])));
}

/** A run's modelled Apps Script time: its time outside the HTTP wait plus the modelled latencies. */
const modelledOf = (r: RunMeasure) => r.wallMs - r.httpWaitMs + r.stats.modelledMs;

/** The naive figures for `size` rows from a run over `measuredRows`: linear in rows (one page per 100, one write per row). */
function scaleNaive(r: ScenarioResult, size: number, opts: BenchOptions): ScenarioResult {
  if (r.rows >= size || r.rows === 0) return r;
  const factor = size / r.rows;
  const pages = Math.ceil(size / 100);
  const writeCalls = Math.round(2 + (r.writeCalls - 2) * factor); // insertSheet + header, then one per row
  const modelledLatencyMs = pages * opts.fetchLatencyMs + writeCalls * opts.writeLatencyMs;
  const jsMs = r.jsMs * factor;
  return {
    ...r,
    rows: size,
    wallMs: r.wallMs * factor,
    cpuMs: r.cpuMs * factor,
    httpWaitMs: r.httpWaitMs * factor,
    jsMs,
    requests: pages,
    roundTrips: pages,
    bytesReceived: Math.round(r.bytesReceived * factor),
    writeCalls,
    cellsWritten: Math.round(r.cellsWritten * factor),
    modelledLatencyMs,
    modelledMs: jsMs + modelledLatencyMs,
    scaledFrom: { measuredRows: r.rows, factor },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The scenarios

interface Context {
  opts: BenchOptions;
  sandbox: SandboxHandle;
  from: string;
  to: string;
  log: (line: string) => void;
}

function emulatorFor(ctx: Context, script: 'addon' | 'floor' | 'naive', extra: Partial<EmulatorOptions> = {}): Emulator {
  const codePath = script === 'addon' ? ctx.opts.addonCodePath : path.join(REPO_ROOT, 'bench', `${script}.js`);
  const scriptProperties: Record<string, string> = { CLIQTEL_BASE_URL: ctx.sandbox.baseUrl };
  // The references keep their token in a script property; the add-on gets it through its own key dialog.
  if (script !== 'addon') scriptProperties.BENCH_API_KEY = ctx.sandbox.keys.full;
  const emu = new Emulator({
    codePath,
    htmlDir: path.join(REPO_ROOT, 'dist'),
    manifestPath: path.join(REPO_ROOT, 'dist', 'appsscript.json'),
    scriptProperties,
    extraUrlFetchWhitelist: [ctx.sandbox.baseUrl],
    timeZone: 'Europe/Berlin',
    ...extra,
  });
  if (script === 'addon') emu.run('cliqtelSaveApiKey', [{ key: ctx.sandbox.keys.full }], { mode: 'server' });
  sampleHeapOnServiceCalls(emu.stats);
  return emu;
}

async function serverRequestsTo(sandbox: SandboxHandle, apiPath: string): Promise<number> {
  return (await sandbox.stats()).requests.filter((r) => r.path === `/api${apiPath}`).length;
}

interface Scenario {
  label: string;
  /** A fresh emulator (fresh spreadsheet, empty caches), set up but not yet measured. */
  make: () => Emulator;
  body: (emu: Emulator) => unknown;
  /** Called after the sandbox was reset, right before the measured call (e.g. to inject latency). */
  before?: () => Promise<void>;
  /** Also measure the script's live heap, with a gc at every n-th service call. */
  liveHeapEvery?: number;
  /** Also profile one run: the script file whose functions count as the script's own JavaScript. */
  profileScript?: string;
}

interface ScenarioRuns {
  runs: RunMeasure[];
  scriptHeapBytes: number;
  split?: TimeSplit;
  /** Requests per API path the sandbox saw in the last run. */
  serverPaths: Map<string, number>;
}

/**
 * warmup + runs rounds; each round runs every scenario once, interleaved, so that load from other processes on a
 * shared machine spreads over all of them. Then one live-heap run for the scenarios that ask for it.
 */
async function runScenarios(ctx: Context, scenarios: Scenario[]): Promise<ScenarioRuns[]> {
  const out: ScenarioRuns[] = scenarios.map(() => ({ runs: [], scriptHeapBytes: 0, serverPaths: new Map() }));
  const prepare = async (scenario: Scenario): Promise<Emulator> => {
    const emu = scenario.make();
    // After make(): the add-on's key check must not count, and reset() also clears faults and rate-limit windows.
    await ctx.sandbox.reset();
    await scenario.before?.();
    return emu;
  };
  const rounds = ctx.opts.warmup + ctx.opts.runs;
  for (let round = 0; round < rounds; round++) {
    const warm = round < ctx.opts.warmup;
    for (const [i, scenario] of scenarios.entries()) {
      const emu = await prepare(scenario);
      try {
        const run = measure(emu, () => scenario.body(emu));
        if (!warm) out[i].runs.push(run);
        ctx.log(`  ${scenario.label} ${warm ? 'warm-up' : `run ${round - ctx.opts.warmup + 1}`}: ${run.wallMs.toFixed(0)} ms`);
      } finally {
        await emu.close();
      }
      const paths = new Map<string, number>();
      for (const r of (await ctx.sandbox.stats()).requests) paths.set(r.path, (paths.get(r.path) ?? 0) + 1);
      out[i].serverPaths = paths;
    }
  }
  for (const [i, scenario] of scenarios.entries()) {
    if (!scenario.liveHeapEvery) continue;
    const emu = await prepare(scenario);
    try {
      out[i].scriptHeapBytes = measureScriptHeap(emu, () => scenario.body(emu), scenario.liveHeapEvery);
      ctx.log(`  ${scenario.label} live heap: ${mb(out[i].scriptHeapBytes)} MB`);
    } finally {
      await emu.close();
    }
  }
  for (const [i, scenario] of scenarios.entries()) {
    if (!scenario.profileScript) continue;
    const emu = await prepare(scenario);
    try {
      collectGarbage();
      const split = profileRun(() => scenario.body(emu), scenario.profileScript);
      out[i].split = split;
      ctx.log(
        `  ${scenario.label} profile: script ${split.scriptMs.toFixed(0)} ms, services ${split.serviceMs.toFixed(0)} ms, ` +
          `HTTP ${split.httpMs.toFixed(0)} ms, gc/other ${split.otherMs.toFixed(0)} ms`,
      );
    } finally {
      await emu.close();
    }
  }
  return out;
}

const rowsOfExport = (r: unknown) => (r as { rows: number }).rows;
const rowsOfTable = (r: unknown) => Math.max(0, (r as unknown[][]).length - 1);
const EXPORT_PATH = '/api/v1/portal/usage/export';
const CALLS_PATH = '/api/v1/portal/usage/calls';

async function benchExport(ctx: Context): Promise<BenchResults['export']> {
  const { opts, from, to } = ctx;
  const naiveRows = Math.min(opts.naiveSize, opts.size);
  ctx.log(`export of ${opts.size} calls (${from} to ${to}); naive over ${naiveRows} rows`);
  const latency = { fetchLatencyMs: opts.fetchLatencyMs, writeLatencyMs: opts.writeLatencyMs };
  const exportArg = { from, to, sheetName: 'Calls' };
  const [addonRuns, fallbackRuns, floorRuns, naiveRuns] = await runScenarios(ctx, [
    {
      label: 'add-on',
      make: () => emulatorFor(ctx, 'addon', latency),
      body: (emu) => emu.run('cliqtelExportCalls', [exportArg], { mode: 'server' }),
      liveHeapEvery: 1,
      profileScript: opts.addonCodePath,
    },
    {
      label: 'add-on, SpreadsheetApp only',
      make: () => emulatorFor(ctx, 'addon', { ...latency, advancedSheets: 'off' }),
      body: (emu) => emu.run('cliqtelExportCalls', [exportArg], { mode: 'server' }),
    },
    {
      label: 'floor',
      make: () => emulatorFor(ctx, 'floor', latency),
      body: (emu) => emu.run('floorExport', [exportArg], { mode: 'server' }),
      liveHeapEvery: 1,
      profileScript: path.join(REPO_ROOT, 'bench', 'floor.js'),
    },
    {
      label: `naive (${naiveRows} rows)`,
      // The naive way blows through the 6-minute limit long before 100,000 rows (that is the point): lift the
      // emulator's limit (to the vm's largest timeout, ~46 days) so the run completes and the modelled time says by
      // how much it would overrun.
      make: () => emulatorFor(ctx, 'naive', { ...latency, limits: { defaultMs: 4_000_000_000 } }),
      body: (emu) => emu.run('naiveExport', [{ ...exportArg, maxRows: naiveRows }], { mode: 'server' }),
      // One page (100 rows) is all it holds: ~50 gc'd samples are plenty.
      liveHeapEvery: Math.max(1, Math.ceil(naiveRows / 50)),
    },
  ]);
  const apiRequests = (r: ScenarioRuns) => (r.serverPaths.get(EXPORT_PATH) ?? 0) + (r.serverPaths.get(CALLS_PATH) ?? 0);
  const addon = { ...summarize(addonRuns.runs, rowsOfExport, addonRuns.scriptHeapBytes), split: addonRuns.split };
  const addonSpreadsheetApp = summarize(fallbackRuns.runs, rowsOfExport);
  const floor = { ...summarize(floorRuns.runs, rowsOfExport, floorRuns.scriptHeapBytes), split: floorRuns.split };
  const naive = scaleNaive(summarize(naiveRuns.runs, rowsOfExport, naiveRuns.scriptHeapBytes), addon.rows, opts);
  return {
    rows: addon.rows,
    csvBytes: floor.bytesReceived,
    addon,
    addonSpreadsheetApp,
    floor,
    naive,
    serverRequests: { addon: apiRequests(addonRuns), floor: apiRequests(floorRuns), naive: apiRequests(naiveRuns) },
    ratios: {
      addonOverFloorWall: addon.wallMs / floor.wallMs,
      addonOverFloorCpu: addon.cpuMs / floor.cpuMs,
      addonOverFloorModelled: addon.modelledMs / floor.modelledMs,
      pairedWall: pairedRatio(addonRuns.runs, floorRuns.runs, (r) => r.wallMs),
      pairedModelled: pairedRatio(addonRuns.runs, floorRuns.runs, modelledOf),
      fallbackOverFloorWall: addonSpreadsheetApp.wallMs / floor.wallMs,
      fallbackOverFloorModelled: addonSpreadsheetApp.modelledMs / floor.modelledMs,
      naiveOverAddonWall: naive.wallMs / addon.wallMs,
      naiveOverAddonModelled: naive.modelledMs / addon.modelledMs,
    },
    naiveExceedsSixMinutes: naive.modelledMs > 6 * 60_000,
  };
}

async function benchPagedCalls(ctx: Context): Promise<BenchResults['pagedCalls']> {
  const { opts, from, to } = ctx;
  const limit = opts.pages * 100;
  ctx.log(`CLIQTEL_CALLS, ${opts.pages} pages (limit ${limit}) at ${opts.latencyMs} ms latency`);
  // The latency here is real (the sandbox waits), so the emulator models none on top.
  const before = () => ctx.sandbox.setFaults({ latencyMs: opts.latencyMs });
  const [addonRuns, sequentialRuns] = await runScenarios(ctx, [
    {
      label: 'add-on',
      make: () => emulatorFor(ctx, 'addon'),
      body: (emu) => emu.runCustomFunction('CLIQTEL_CALLS', [from, to, '', limit], { cell: 'A1' }),
      before,
    },
    {
      label: 'one page at a time',
      make: () => emulatorFor(ctx, 'naive'),
      body: (emu) => emu.runCustomFunction('NAIVE_CALLS', [from, to, limit], { cell: 'A1' }),
      before,
    },
  ]);
  await ctx.sandbox.reset();
  const addon = summarize(addonRuns.runs, rowsOfTable);
  const sequential = summarize(sequentialRuns.runs, rowsOfTable);
  return { latencyMs: opts.latencyMs, limit, addon, sequential, speedup: sequential.wallMs / addon.wallMs };
}

async function benchIdenticalCells(ctx: Context): Promise<BenchResults['identicalCells']> {
  const { opts, from, to } = ctx;
  ctx.log(`${opts.cells} cells with the same CLIQTEL_USAGE call`);
  const emu = emulatorFor(ctx, 'addon');
  await ctx.sandbox.reset();
  try {
    const run = measure(emu, () => {
      for (let i = 0; i < opts.cells; i++) {
        emu.runCustomFunction('CLIQTEL_USAGE', [from, to], { cell: `B${i + 1}` });
      }
    });
    return {
      cells: opts.cells,
      requests: run.stats.urlFetches,
      serverRequests: await serverRequestsTo(ctx.sandbox, '/v1/portal/usage/summary'),
      cacheHits: run.stats.cacheHits,
      cacheMisses: run.stats.cacheMisses,
      wallMs: run.wallMs,
    };
  } finally {
    await emu.close();
  }
}

/** dist/Code.js's size, and the time to compile and run its top level in a fresh vm context (what every execution pays). */
export function benchBundle(loads: number, codePath = path.join(REPO_ROOT, 'dist', 'Code.js')): BenchResults['bundle'] {
  const code = fs.readFileSync(codePath, 'utf8');
  const times: number[] = [];
  for (let i = 0; i < Math.max(1, loads); i++) {
    const context = vm.createContext({});
    const started = performance.now();
    new vm.Script(code, { filename: `Code-${i}.js` }).runInContext(context);
    times.push(performance.now() - started);
  }
  return {
    bytes: Buffer.byteLength(code),
    loads: times.length,
    loadMsMedian: median(times),
    loadMsCold: times[0],
    loadMsMax: Math.max(...times),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Targets, table, CLI

const KB = 1024;

function evaluateTargets(r: Omit<BenchResults, 'targets'>): BenchResults['targets'] {
  const e = r.export;
  const writeBound = e.rows / 5000 + 2;
  const x = (n: number) => `${n.toFixed(2)}×`;
  return [
    {
      name: 'export time vs floor (wall, same-round pairs)',
      target: '≤ 1.3×',
      value: x(e.ratios.pairedWall),
      pass: e.ratios.pairedWall <= 1.3,
    },
    {
      name: 'export time vs floor (modelled Apps Script time, same-round pairs)',
      target: '≤ 1.15×',
      value: x(e.ratios.pairedModelled),
      pass: e.ratios.pairedModelled <= 1.15,
    },
    {
      name: 'export vs naive (modelled Apps Script time)',
      target: '≥ 20× faster',
      value: x(e.ratios.naiveOverAddonModelled),
      pass: e.ratios.naiveOverAddonModelled >= 20,
    },
    { name: 'export requests', target: '1', value: String(e.addon.requests), pass: e.addon.requests === 1 },
    {
      name: 'export write calls',
      target: '≤ 6',
      value: `${e.addon.writeCalls} (SpreadsheetApp only: ${e.addonSpreadsheetApp.writeCalls})`,
      pass: e.addon.writeCalls <= 6 && e.addonSpreadsheetApp.writeCalls <= writeBound,
    },
    {
      name: 'export peak heap (script live heap) vs CSV size',
      target: '< 4×',
      value: `${x(e.addon.scriptHeapBytes / e.csvBytes)} (floor ${x(e.floor.scriptHeapBytes / e.csvBytes)})`,
      pass: e.addon.scriptHeapBytes < 4 * e.csvBytes,
    },
    {
      name: `CLIQTEL_CALLS paged vs one page at a time (${r.pagedCalls.latencyMs} ms)`,
      target: '≥ 4× faster, < 30 s',
      value: `${x(r.pagedCalls.speedup)}, ${(r.pagedCalls.addon.wallMs / 1000).toFixed(2)} s`,
      pass: r.pagedCalls.speedup >= 4 && r.pagedCalls.addon.wallMs < 30_000,
    },
    {
      name: `${r.identicalCells.cells} identical CLIQTEL_USAGE cells`,
      target: '1 request',
      value: String(r.identicalCells.requests),
      pass: r.identicalCells.requests === 1,
    },
    {
      name: 'dist/Code.js size',
      target: '≤ 150 KB',
      value: `${(r.bundle.bytes / KB).toFixed(1)} KB`,
      pass: r.bundle.bytes <= 150 * KB,
    },
    {
      name: 'dist/Code.js load (median)',
      target: '≤ 20 ms',
      value: `${r.bundle.loadMsMedian.toFixed(2)} ms`,
      pass: r.bundle.loadMsMedian <= 20,
    },
  ];
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mb = (bytes: number) => fmt(bytes / (KB * KB), 1);

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function scenarioRow(name: string, s: ScenarioResult, csvBytes: number): string[] {
  return [
    name,
    fmt(s.wallMs),
    fmt(s.cpuMs),
    fmt(s.requests),
    fmt(s.writeCalls),
    fmt(s.cellsWritten),
    s.scaledFrom ? '—' : mb(s.peakHeapBytes),
    mb(s.scriptHeapBytes),
    fmt(s.scriptHeapBytes / csvBytes, 2),
    fmt(s.modelledMs / 1000, 1),
  ];
}

export function formatResults(r: BenchResults): string {
  const e = r.export;
  const p = r.pagedCalls;
  const out: string[] = [];
  out.push('Cliqtel for Google Sheets — benchmark (npm run bench)');
  out.push(`machine: ${r.machine.os}, ${r.machine.cpus} × ${r.machine.cpu}, ${r.machine.memoryGb} GB, node ${r.machine.node}`);
  out.push(`figures: ${r.method.runs}; gc between runs: ${r.method.gc ? 'yes' : 'no (heap figures less reliable)'}`);
  out.push(`modelled Apps Script time = ${r.method.modelled}`);
  out.push('');
  out.push(`1. CDR export of ${fmt(e.rows)} calls into a sheet (CSV ${mb(e.csvBytes)} MB, one request for add-on and floor)`);
  out.push(
    table(
      [
        '',
        'wall ms',
        'CPU ms',
        'requests',
        'write calls',
        'cells written',
        'peak heap MB',
        'script live MB',
        'script ÷ CSV',
        'modelled s',
      ],
      [
        scenarioRow('add-on', e.addon, e.csvBytes),
        scenarioRow('add-on, SpreadsheetApp only', e.addonSpreadsheetApp, e.csvBytes),
        scenarioRow('floor', e.floor, e.csvBytes),
        scenarioRow(e.naive.scaledFrom ? `naive (scaled ×${fmt(e.naive.scaledFrom.factor, 1)})` : 'naive', e.naive, e.csvBytes),
      ],
    ),
  );
  if (e.naive.scaledFrom) {
    out.push(
      `   naive measured at ${fmt(e.naive.scaledFrom.measuredRows)} rows and scaled linearly to ${fmt(e.rows)} (time, requests, writes, cells).`,
    );
  }
  out.push(
    `   add-on / floor: wall ${fmt(e.ratios.addonOverFloorWall, 2)}×, CPU ${fmt(e.ratios.addonOverFloorCpu, 2)}×, modelled ${fmt(e.ratios.addonOverFloorModelled, 2)}× (medians); ` +
      `same-round pairs: wall ${fmt(e.ratios.pairedWall, 2)}×, modelled ${fmt(e.ratios.pairedModelled, 2)}×` +
      `   naive / add-on: wall ${fmt(e.ratios.naiveOverAddonWall, 1)}×, modelled ${fmt(e.ratios.naiveOverAddonModelled, 1)}×`,
  );
  out.push(
    `   add-on without the Advanced Sheets service (SpreadsheetApp only) / floor: wall ${fmt(e.ratios.fallbackOverFloorWall, 2)}×, ` +
      `modelled ${fmt(e.ratios.fallbackOverFloorModelled, 2)}×`,
  );
  out.push(
    `   naive in Apps Script: ${fmt(e.naive.modelledMs / 60_000, 1)} min modelled${e.naiveExceedsSixMinutes ? ' — over the 6-minute limit, it would be cut off' : ''}`,
  );
  for (const [name, s] of [
    ['add-on', e.addon],
    ['floor', e.floor],
  ] as const) {
    if (!s.split) continue;
    const t = s.split;
    out.push(
      `   ${name} profiled: own JavaScript ${fmt(t.scriptMs)} ms, emulator services ${fmt(t.serviceMs)} ms, ` +
        `HTTP ${fmt(t.httpMs)} ms, gc/other ${fmt(t.otherMs)} ms`,
    );
  }
  out.push('');
  out.push(
    `2. CLIQTEL_CALLS, ${fmt(p.addon.rows)} rows (limit ${fmt(p.limit)}) with ${p.latencyMs} ms added latency per request`,
  );
  out.push(
    table(
      ['', 'wall ms', 'CPU ms', 'requests', 'fetchAll batches', 'round trips'],
      [
        [
          'add-on (fetchAll batches)',
          fmt(p.addon.wallMs),
          fmt(p.addon.cpuMs),
          fmt(p.addon.requests),
          fmt(p.addon.fetchAllBatches),
          fmt(p.addon.roundTrips),
        ],
        [
          'one page at a time',
          fmt(p.sequential.wallMs),
          fmt(p.sequential.cpuMs),
          fmt(p.sequential.requests),
          fmt(p.sequential.fetchAllBatches),
          fmt(p.sequential.roundTrips),
        ],
      ],
    ),
  );
  out.push(`   speed-up ${fmt(p.speedup, 1)}× (custom-function limit: 30 s)`);
  out.push('');
  const c = r.identicalCells;
  out.push(
    `3. ${c.cells} cells with the same CLIQTEL_USAGE call: ${c.requests} request(s) (sandbox saw ${c.serverRequests}), cache ${c.cacheHits} hits / ${c.cacheMisses} misses, ${fmt(c.wallMs)} ms`,
  );
  out.push('');
  out.push(
    `4. dist/Code.js: ${fmt(r.bundle.bytes)} bytes (${fmt(r.bundle.bytes / KB, 1)} KB); load in a fresh vm context: median ${fmt(r.bundle.loadMsMedian, 2)} ms over ${r.bundle.loads} loads (first ${fmt(r.bundle.loadMsCold, 2)} ms, max ${fmt(r.bundle.loadMsMax, 2)} ms)`,
  );
  out.push('');
  out.push('Targets');
  out.push(
    table(
      ['', 'target', 'measured', ''],
      r.targets.map((t) => [t.name, t.target, t.value, t.pass ? 'PASS' : 'MISS']),
    ),
  );
  return out.join('\n');
}

/** Runs every section and returns the results (also written to `out` and printed unless quiet). */
export async function runBench(options: Partial<BenchOptions> = {}): Promise<BenchResults> {
  const opts: BenchOptions = { ...DEFAULT_OPTIONS, ...options };
  const log = (line: string) => {
    if (!opts.quiet) process.stderr.write(`${line}\n`);
  };
  if (!fs.existsSync(opts.addonCodePath)) throw new Error(`${opts.addonCodePath} missing: run \`npm run build\``);
  const today = new Date();
  // The sandbox spreads its CDRs over the 13 months before the current one: this window holds every one of them.
  const from = new Date(today.getTime() - 430 * 86_400_000).toISOString().slice(0, 10);
  const to = today.toISOString().slice(0, 10);
  log(`starting the sandbox with ${opts.size} CDRs`);
  // The naive way pages /usage/calls 1,000 times for 100,000 rows: more than the sandbox's default per-minute
  // limit (the real one is undocumented), so it is lifted here to measure the work rather than the throttling.
  const sandbox = await startSandbox({ cdrCount: opts.size, rateLimitPerMinute: 1_000_000, now: today.toISOString() });
  const restoreHttp = installHttpHook();
  try {
    const ctx: Context = { opts, sandbox, from, to, log };
    const exportResult = await benchExport(ctx);
    const pagedCalls = await benchPagedCalls(ctx);
    const identicalCells = await benchIdenticalCells(ctx);
    log(`dist/Code.js load, ${opts.loads} times`);
    const bundle = benchBundle(opts.loads, opts.addonCodePath);
    const cpus = os.cpus();
    const { out: _out, quiet: _quiet, ...recorded } = opts;
    const partial: Omit<BenchResults, 'targets'> = {
      generatedAt: new Date().toISOString(),
      machine: {
        os: `${os.type()} ${os.release()} ${os.arch()}`,
        cpu: cpus[0]?.model.trim() ?? 'unknown',
        cpus: cpus.length,
        memoryGb: Math.round(os.totalmem() / KB ** 3),
        node: process.version,
      },
      options: recorded,
      method: {
        gc: gc !== null,
        heap:
          'peak heap: V8 used_heap_size sampled at every emulator service call and HTTP response, minus the baseline ' +
          "after gc (includes garbage and the emulator's sheet model). script live: a separate run with a full gc at " +
          'each service call, minus the sheet model at that moment (cells held × bytes per cell at the end)',
        modelled: `(wall − HTTP wait) + ${opts.fetchLatencyMs} ms per UrlFetch round trip + ${opts.writeLatencyMs} ms per Spreadsheet write call`,
        runs: `medians of ${opts.runs} run(s) after ${opts.warmup} warm-up, each in a fresh emulator`,
      },
      export: exportResult,
      pagedCalls,
      identicalCells,
      bundle,
    };
    const results: BenchResults = { ...partial, targets: evaluateTargets(partial) };
    if (opts.out) {
      fs.mkdirSync(path.dirname(opts.out), { recursive: true });
      const tmp = `${opts.out}.tmp`;
      fs.writeFileSync(tmp, `${JSON.stringify(results, null, 2)}\n`);
      fs.renameSync(tmp, opts.out);
    }
    if (!opts.quiet) process.stdout.write(`\n${formatResults(results)}\n`);
    return results;
  } finally {
    restoreHttp();
    await sandbox.stop();
  }
}

const FLAGS: Record<string, keyof BenchOptions> = {
  size: 'size',
  runs: 'runs',
  warmup: 'warmup',
  'naive-size': 'naiveSize',
  pages: 'pages',
  latency: 'latencyMs',
  cells: 'cells',
  loads: 'loads',
  'fetch-latency': 'fetchLatencyMs',
  'write-latency': 'writeLatencyMs',
};

export const USAGE = `usage: npm run bench -- [--size N] [--runs N] [--warmup N] [--naive-size N] [--pages N] [--latency MS]
                      [--cells N] [--loads N] [--fetch-latency MS] [--write-latency MS] [--addon Code.js] [--out PATH | --no-out] [--quiet] [--help]`;

/** Parses the command line (`--size 5000` or `--size=5000`) with node:util parseArgs; `help` is set by --help/-h. */
export function parseBenchArgs(argv: string[]): Partial<BenchOptions> & { help?: true } {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        ...Object.fromEntries(Object.keys(FLAGS).map((flag) => [flag, { type: 'string' as const }])),
        out: { type: 'string' },
        'no-out': { type: 'boolean' },
        addon: { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const unknown = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL';
    throw new Error(`${unknown ? `unknown argument ${/'([^']*)'/.exec(message)?.[1] ?? message}` : message}\n${USAGE}`);
  }
  if (values.help) return { help: true };
  const options: Partial<BenchOptions> = {};
  if (values.quiet) options.quiet = true;
  if (typeof values.out === 'string') options.out = path.resolve(values.out);
  if (values['no-out']) options.out = null;
  if (typeof values.addon === 'string') options.addonCodePath = path.resolve(values.addon);
  for (const [flag, key] of Object.entries(FLAGS)) {
    const raw = values[flag];
    if (typeof raw !== 'string') continue;
    if (!/^\d+$/.test(raw)) throw new Error(`--${flag} needs a whole number, got ${raw}\n${USAGE}`);
    (options as Record<string, number>)[key] = Number(raw);
  }
  if (options.size !== undefined && options.naiveSize === undefined) options.naiveSize = options.size;
  if (options.runs === 0) throw new Error(`--runs must be at least 1\n${USAGE}`);
  return options;
}
