// Runs the benchmark once at a tiny size so it cannot rot: every section must come back with sane counts. No
// timing assertions (timings depend on the machine); the real figures come from `npm run bench`.
import path from 'node:path';
import { type BenchResults, formatResults, parseBenchArgs, runBench } from '../../bench/bench';
import { requireBuild } from '../helpers/harness';

const SIZE = 500;
const PAGES = 3;
const CELLS = 200;
let results: BenchResults;

beforeAll(async () => {
  requireBuild();
  results = await runBench({
    size: SIZE,
    naiveSize: 200,
    runs: 1,
    warmup: 0,
    pages: PAGES,
    cells: CELLS,
    loads: 3,
    out: null,
    quiet: true,
  });
}, 120_000);

test('export: add-on and floor make one request each, naive one per page; all write every row', () => {
  const e = results.export;
  expect(e.rows).toBe(SIZE);
  expect(e.addon.rows).toBe(SIZE);
  expect(e.floor.rows).toBe(SIZE);
  expect(e.addon.requests).toBe(1);
  expect(e.floor.requests).toBe(1);
  expect(e.serverRequests).toEqual({ addon: 1, floor: 1, naive: 2 });
  // Naive measured over 200 rows (2 pages, 1 insertSheet + header + 200 appendRows), scaled to 500.
  expect(e.naive.scaledFrom).toEqual({ measuredRows: 200, factor: 2.5 });
  expect(e.naive.requests).toBe(5);
  expect(e.naive.writeCalls).toBe(SIZE + 2);
  expect(e.csvBytes).toBeGreaterThan(SIZE * 50);
  expect(e.floor.writeCalls).toBe(2); // insertSheet + setValues (501 rows fit the new sheet's 1,000)
  // One Sheets API batchUpdate (the sheet, its size, header style, freeze, formats, widths), one setValues and the
  // registry entry: never per row.
  expect(e.addon.writeCalls).toBe(3);
  expect(e.addon.cellsWritten).toBeGreaterThanOrEqual((SIZE + 1) * 14);
  // Without the Advanced Sheets service: a new sheet (501 rows fit its 1,000), its formats, one setValues, bold
  // header, frozen row, column widths and the registry entry.
  expect(e.addonSpreadsheetApp.writeCalls).toBe(7);
  expect(e.addonSpreadsheetApp.rows).toBe(SIZE);
  for (const s of [e.addon, e.floor, e.naive]) {
    expect(s.modelledMs).toBeGreaterThan(s.modelledLatencyMs);
    expect(Number.isFinite(s.scriptHeapBytes)).toBe(true);
  }
  // The live-heap figure is live heap minus an estimate of the emulator's sheet model, floored at 0: at 500 rows the
  // script's own data is within that estimate's noise for every scenario (it came out 0 about one run in four), so
  // only its range is checked here; its size is a finding of the full-size `npm run bench`, not of this test.
  for (const s of [e.addon, e.floor, e.naive]) expect(s.scriptHeapBytes).toBeGreaterThanOrEqual(0);
  // The profiled run splits the add-on's time into its own JavaScript and the emulator's services.
  for (const s of [e.addon, e.floor]) {
    expect(s.split).toBeDefined();
    expect((s.split?.scriptMs ?? -1) + (s.split?.serviceMs ?? -1)).toBeGreaterThan(0);
  }
  expect(e.naive.modelledLatencyMs).toBe(5 * 250 + (SIZE + 2) * 100);
});

test('paged CLIQTEL_CALLS: the add-on batches the pages after the first, the reference fetches them one by one', () => {
  const p = results.pagedCalls;
  expect(p.addon.rows).toBe(PAGES * 100);
  expect(p.sequential.rows).toBe(PAGES * 100);
  expect(p.addon.requests).toBe(PAGES);
  expect(p.sequential.requests).toBe(PAGES);
  expect(p.sequential.roundTrips).toBe(PAGES);
  expect(p.addon.roundTrips).toBe(2); // page 1, then one fetchAll for the rest
  expect(p.addon.writeCalls).toBe(0);
});

test('200 cells with the same CLIQTEL_USAGE call make one request', () => {
  expect(results.identicalCells.cells).toBe(CELLS);
  expect(results.identicalCells.requests).toBe(1);
  expect(results.identicalCells.serverRequests).toBe(1);
  expect(results.identicalCells.cacheHits).toBe(CELLS - 1);
});

test('bundle size and load are measured, and the table and targets cover every section', () => {
  expect(results.bundle.bytes).toBeGreaterThan(10_000);
  expect(results.bundle.loads).toBe(3);
  expect(results.targets.map((t) => t.name)).toHaveLength(10);
  const text = formatResults(results);
  for (const part of ['1. CDR export', '2. CLIQTEL_CALLS', '3. 200 cells', '4. dist/Code.js', 'Targets', 'machine:']) {
    expect(text).toContain(part);
  }
});

test('command-line flags', () => {
  expect(parseBenchArgs(['--size', '5000', '--runs=2', '--no-out'])).toEqual({ size: 5000, naiveSize: 5000, runs: 2, out: null });
  expect(parseBenchArgs(['--naive-size', '300', '--latency', '50'])).toEqual({ naiveSize: 300, latencyMs: 50 });
  expect(() => parseBenchArgs(['--size', 'lots'])).toThrow(/whole number/);
  expect(() => parseBenchArgs(['--bogus'])).toThrow(/unknown argument --bogus/);
});

test('command-line flags: --help, paths, and what is refused (node:util parseArgs)', () => {
  expect(parseBenchArgs(['--size', '10', '--help'])).toEqual({ help: true });
  expect(parseBenchArgs(['-h'])).toEqual({ help: true });
  expect(parseBenchArgs(['--out', 'x/r.json', '--addon=y/Code.js', '--quiet'])).toEqual({
    out: path.resolve('x/r.json'),
    addonCodePath: path.resolve('y/Code.js'),
    quiet: true,
  });
  expect(() => parseBenchArgs(['--size='])).toThrow(/--size needs a whole number, got \n/);
  expect(() => parseBenchArgs(['--size', '-5'])).toThrow(/--size/);
  expect(() => parseBenchArgs(['--size'])).toThrow(/--size/);
  expect(() => parseBenchArgs(['5000'])).toThrow(/unknown argument 5000/);
  expect(() => parseBenchArgs(['--runs', '0'])).toThrow(/--runs must be at least 1/);
});
