// `npm run bench` section "calls log": a log of N calls (default 300,000) refreshed after 2,000 new and 200 re-rated
// calls — requests, write calls, cells written, modelled Apps Script time, heap — against a full re-export of the
// same window, and the refreshed log compared cell for cell with that fresh export. Also times the log's first fill.
import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { Emulator } from '../dev/emulator';
import type { SheetModel } from '../dev/emulator/model';
import { SyncHttpClient } from '../dev/emulator/syncHttp';
import { startSandbox } from '../dev/sandbox/spawn';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The sandbox and the emulator are pinned here, so the data (and the window) are the same on every run. */
const NOW = '2026-06-15T12:00:00Z';
const TODAY = NOW.slice(0, 10);
const EXPORT_PATH = '/api/v1/portal/usage/export';

export interface CallsLogBenchOptions {
  /** Calls in the log before the refresh (the sandbox's CDR count). */
  size: number;
  /** New calls (after the newest) and re-rated ones (within the last 2 days) between the fill and the refresh. */
  newCalls: number;
  rerated: number;
  fetchLatencyMs: number;
  writeLatencyMs: number;
  addonCodePath: string;
  quiet: boolean;
}

export const DEFAULT_CALLS_LOG_OPTIONS: CallsLogBenchOptions = {
  size: 300_000,
  newCalls: 2_000,
  rerated: 200,
  fetchLatencyMs: 250,
  writeLatencyMs: 100,
  addonCodePath: path.join(REPO_ROOT, 'dist', 'Code.js'),
  quiet: false,
};

/** What one measured execution cost. */
export interface LogRun {
  requests: number;
  writeCalls: number;
  cellsWritten: number;
  readCalls: number;
  wallMs: number;
  httpWaitMs: number;
  /** (wall − HTTP wait) + fetch latency per round trip + write latency per write call (bench/README.md). */
  modelledMs: number;
  /** V8 heap used at its peak during the run (sampled at every HTTP response and service call) minus the baseline. */
  peakHeapBytes: number;
}

export interface CallsLogBenchResults {
  options: Omit<CallsLogBenchOptions, 'quiet' | 'addonCodePath'>;
  /** Rows in the log after the fill and after the refresh. */
  rowsFilled: number;
  rowsAfter: number;
  fill: LogRun;
  refresh: LogRun & { added: number; updated: number; unchanged: number; tailRows: number; tailCells: number };
  fullExport: LogRun & { rows: number };
  /** The refreshed log and the fresh export hold the same cells (value, display, format), cell for cell. */
  identical: boolean;
  targets: { name: string; target: string; value: string; pass: boolean }[];
}

let httpWaitMs = 0;
let peakHeap = 0;
const heapUsed = () => v8.getHeapStatistics().used_heap_size;

function installHttpHook(): () => void {
  const proto = SyncHttpClient.prototype as { requestAll: SyncHttpClient['requestAll'] };
  const original = proto.requestAll;
  proto.requestAll = function (this: SyncHttpClient, ...args: Parameters<SyncHttpClient['requestAll']>) {
    const started = performance.now();
    const responses = original.apply(this, args);
    httpWaitMs += performance.now() - started;
    peakHeap = Math.max(peakHeap, heapUsed());
    return responses;
  };
  return () => {
    proto.requestAll = original;
  };
}

function makeEmulator(opts: CallsLogBenchOptions, baseUrl: string, key: string): Emulator {
  const emu = new Emulator({
    codePath: opts.addonCodePath,
    htmlDir: path.join(REPO_ROOT, 'dist'),
    manifestPath: path.join(REPO_ROOT, 'dist', 'appsscript.json'),
    scriptProperties: { CLIQTEL_BASE_URL: baseUrl },
    extraUrlFetchWhitelist: [baseUrl],
    timeZone: 'Europe/Berlin',
    now: NOW,
    fetchLatencyMs: opts.fetchLatencyMs,
    writeLatencyMs: opts.writeLatencyMs,
  });
  emu.run('cliqtelSaveApiKey', [{ key }], { mode: 'server' });
  // Sample the heap at every service call too (the counters become accessors).
  const stats = emu.stats as unknown as Record<string, number>;
  for (const k of ['writeCalls', 'readCalls', 'urlFetches']) {
    let value = stats[k];
    Object.defineProperty(stats, k, {
      get: () => value,
      set: (next: number) => {
        value = next;
        peakHeap = Math.max(peakHeap, heapUsed());
      },
      enumerable: true,
      configurable: true,
    });
  }
  return emu;
}

function measured<T>(emu: Emulator, body: () => T): { result: T; run: LogRun } {
  emu.resetStats();
  const baseline = heapUsed();
  peakHeap = baseline;
  httpWaitMs = 0;
  const started = performance.now();
  const result = body();
  const wallMs = performance.now() - started;
  const s = emu.stats;
  return {
    result,
    run: {
      requests: s.urlFetches,
      writeCalls: s.writeCalls,
      cellsWritten: s.cellsWritten,
      readCalls: s.readCalls,
      wallMs,
      httpWaitMs,
      modelledMs: wallMs - httpWaitMs + s.modelledMs,
      peakHeapBytes: Math.max(0, peakHeap - baseline),
    },
  };
}

/** One hash per row over [value, display, format] of every cell: compares two 300,000-row sheets in little memory. */
function rowDigests(sheet: SheetModel, width: number): string[] {
  const values = sheet.getValues();
  const display = sheet.getDisplayValues();
  return values.map((row, r) => {
    const cells = row
      .slice(0, width)
      .map((v, c) => [v instanceof Date ? v.toISOString() : v, display[r][c], sheet.cell(r + 1, c + 1)?.format ?? '']);
    return crypto.createHash('sha1').update(JSON.stringify(cells)).digest('base64');
  });
}

export async function runCallsLogBench(options: Partial<CallsLogBenchOptions> = {}): Promise<CallsLogBenchResults> {
  const opts: CallsLogBenchOptions = { ...DEFAULT_CALLS_LOG_OPTIONS, ...options };
  const log = (line: string) => {
    if (!opts.quiet) process.stderr.write(`${line}\n`);
  };
  log(`calls log: starting the sandbox with ${opts.size.toLocaleString('en-US')} CDRs`);
  const sandbox = await startSandbox({ cdrCount: opts.size, now: NOW, rateLimitPerMinute: 1_000_000 });
  const restore = installHttpHook();
  try {
    const calls = (await sandbox.data('calls')) as { start_time: string }[];
    const from = calls.length ? calls[0].start_time.slice(0, 10) : TODAY;
    const logEmu = makeEmulator(opts, sandbox.baseUrl, sandbox.keys.full);
    log(`calls log: first fill from ${from} (one export request)`);
    const fill = measured(logEmu, () => logEmu.run('cliqtelInsertReport', [{ kind: 'calls_log', from }], { mode: 'server' })) as {
      result: { sheetName: string; rows: number };
      run: LogRun;
    };
    const sheetName = fill.result.sheetName;

    await sandbox.callActivity({ newCalls: opts.newCalls, rerated: opts.rerated, seed: 12, key: 'bench' });
    const marker = (await sandbox.stats()).requests.length;
    log(`calls log: refresh after ${opts.newCalls} new and ${opts.rerated} re-rated calls`);
    const refresh = measured(logEmu, () => logEmu.run('cliqtelRefreshReports', [{ sheetName }], { mode: 'server' })) as {
      result: { failed: unknown[]; logs?: { added: number; updated: number; unchanged: number }[] };
      run: LogRun;
    };
    if (refresh.result.failed.length) throw new Error(`calls log refresh failed: ${JSON.stringify(refresh.result.failed)}`);
    const tailQuery = (await sandbox.stats()).requests.slice(marker).find((r) => r.path === EXPORT_PATH)?.query as
      | Record<string, string>
      | undefined;
    const after = (await sandbox.data('calls')) as { start_time: string }[];
    const tailRows = tailQuery ? after.filter((c) => c.start_time.slice(0, 10) >= tailQuery.from).length : 0;
    const logSheet = logEmu.activeSpreadsheet.sheetNamed(sheetName);
    const width = (logSheet.getValues()[0] ?? []).length;
    const rowsAfter = logSheet.lastRow() - 1;
    const logDigests = rowDigests(logSheet, width);
    logEmu.close();

    // What a log costs without the tail merge: a calls report over the same window, refreshed (a full re-export
    // into its existing sheet: clear, one export request, rewrite every row). Created first, then measured.
    log('calls log: a calls report over the same window, created, then refreshed (a full re-export)');
    const exportEmu = makeEmulator(opts, sandbox.baseUrl, sandbox.keys.full);
    exportEmu.run('cliqtelExportCalls', [{ from, to: TODAY, sheetName: 'Fresh export' }], { mode: 'server' });
    const full = measured(exportEmu, () =>
      exportEmu.run('cliqtelRefreshReports', [{ sheetName: 'Fresh export' }], { mode: 'server' }),
    ) as { result: { refreshed: number }; run: LogRun };
    if (full.result.refreshed !== 1) throw new Error('the full re-export failed');
    const exportRows = exportEmu.activeSpreadsheet.sheetNamed('Fresh export').lastRow() - 1;
    const exportDigests = rowDigests(exportEmu.activeSpreadsheet.sheetNamed('Fresh export'), width);
    exportEmu.close();
    const identical = logDigests.length === exportDigests.length && logDigests.every((d, i) => d === exportDigests[i]);

    const counts = refresh.result.logs?.[0] ?? { added: 0, updated: 0, unchanged: 0 };
    const tailCells = tailRows * width;
    const speedup = full.run.modelledMs / refresh.run.modelledMs;
    const targets = [
      { name: 'refresh: requests', target: '1', value: String(refresh.run.requests), pass: refresh.run.requests === 1 },
      { name: 'refresh: write calls', target: '≤ 6', value: String(refresh.run.writeCalls), pass: refresh.run.writeCalls <= 6 },
      {
        name: "refresh: cells written ÷ the tail's cells",
        target: '≤ 3',
        value: (refresh.run.cellsWritten / Math.max(1, tailCells)).toFixed(2),
        pass: refresh.run.cellsWritten <= 3 * tailCells,
      },
      {
        name: 'modelled time: full re-export ÷ refresh',
        target: '≥ 20',
        value: speedup.toFixed(1),
        pass: speedup >= 20,
      },
      { name: 'refreshed log = fresh export, cell for cell', target: 'yes', value: identical ? 'yes' : 'no', pass: identical },
    ];
    const { quiet: _q, addonCodePath: _a, ...recorded } = opts;
    return {
      options: recorded,
      rowsFilled: fill.result.rows,
      rowsAfter,
      fill: fill.run,
      refresh: { ...refresh.run, ...counts, tailRows, tailCells },
      fullExport: { ...full.run, rows: exportRows },
      identical,
      targets,
    };
  } finally {
    restore();
    await sandbox.stop();
  }
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function formatCallsLogResults(r: CallsLogBenchResults): string {
  const rows: string[][] = [
    ['', 'refresh (tail merge)', 'full re-export', 'first fill'],
    ['requests', fmt(r.refresh.requests), fmt(r.fullExport.requests), fmt(r.fill.requests)],
    ['write calls', fmt(r.refresh.writeCalls), fmt(r.fullExport.writeCalls), fmt(r.fill.writeCalls)],
    ['cells written', fmt(r.refresh.cellsWritten), fmt(r.fullExport.cellsWritten), fmt(r.fill.cellsWritten)],
    ['read calls', fmt(r.refresh.readCalls), fmt(r.fullExport.readCalls), fmt(r.fill.readCalls)],
    ['wall time', seconds(r.refresh.wallMs), seconds(r.fullExport.wallMs), seconds(r.fill.wallMs)],
    ['modelled Apps Script time', seconds(r.refresh.modelledMs), seconds(r.fullExport.modelledMs), seconds(r.fill.modelledMs)],
    ['peak heap (process)', mb(r.refresh.peakHeapBytes), mb(r.fullExport.peakHeapBytes), mb(r.fill.peakHeapBytes)],
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const line = (row: string[]) => `| ${row.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
  const out = [
    `Calls log: ${fmt(r.rowsFilled)} calls, refreshed after ${fmt(r.options.newCalls)} new and ${fmt(r.options.rerated)} re-rated ` +
      `(${fmt(r.rowsAfter)} rows after; the tail fetched ${fmt(r.refresh.tailRows)} calls = ${fmt(r.refresh.tailCells)} cells; ` +
      `${r.refresh.added} added, ${r.refresh.updated} updated, ${r.refresh.unchanged} unchanged)`,
    line(rows[0]),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.slice(1).map(line),
    '',
    ...r.targets.map((t) => `${t.pass ? 'PASS' : 'MISS'}  ${t.name}: ${t.value} (target ${t.target})`),
  ];
  return out.join('\n');
}

export const CALLS_LOG_USAGE = `calls log section: [--log-size N] [--log-new N] [--log-rerated N] [--log-only | --no-log]
  (default 300,000 calls refreshed after 2,000 new and 200 re-rated; --log-only skips the other sections)`;

/** Takes the calls-log flags out of the command line; the rest goes to the main sections' parser. */
export function splitCallsLogArgs(argv: string[]): {
  rest: string[];
  log: Partial<CallsLogBenchOptions>;
  logOnly: boolean;
  noLog: boolean;
} {
  const rest: string[] = [];
  const log: Partial<CallsLogBenchOptions> = {};
  const numeric: Record<string, 'size' | 'newCalls' | 'rerated'> = {
    '--log-size': 'size',
    '--log-new': 'newCalls',
    '--log-rerated': 'rerated',
  };
  let logOnly = false;
  let noLog = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    if (flag === '--log-only') logOnly = true;
    else if (flag === '--no-log') noLog = true;
    else if (flag in numeric) {
      const raw = inline ?? argv[++i];
      if (raw === undefined || !/^\d+$/.test(raw))
        throw new Error(`${flag} needs a whole number, got ${raw}\n${CALLS_LOG_USAGE}`);
      log[numeric[flag]] = Number(raw);
    } else rest.push(argv[i]);
  }
  return { rest, log, logOnly, noLog };
}
