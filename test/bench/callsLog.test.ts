// Runs the calls-log bench section once at a tiny size so it cannot rot: counts and the cell-for-cell comparison, no
// timing assertions (the real figures come from `npm run bench`); and its command-line flags.
import { type CallsLogBenchResults, formatCallsLogResults, runCallsLogBench, splitCallsLogArgs } from '../../bench/callsLog';
import { requireBuild } from '../helpers/harness';

let results: CallsLogBenchResults;

beforeAll(async () => {
  requireBuild();
  results = await runCallsLogBench({ size: 3_000, newCalls: 40, rerated: 10, quiet: true });
}, 120_000);

test('the refresh makes one request and a few write calls, and leaves the log equal to a fresh export', () => {
  expect(results.rowsAfter).toBe(results.rowsFilled + 40);
  expect(results.refresh).toMatchObject({ requests: 1, added: 40 });
  expect(results.refresh.writeCalls).toBeLessThanOrEqual(6);
  expect(results.refresh.cellsWritten).toBeLessThanOrEqual(3 * results.refresh.tailCells);
  expect(results.fullExport).toMatchObject({ requests: 1, rows: results.rowsAfter });
  expect(results.identical).toBe(true);
  const byName = new Map(results.targets.map((t) => [t.name, t.pass]));
  expect(byName.get('refresh: requests')).toBe(true);
  expect(byName.get('refreshed log = fresh export, cell for cell')).toBe(true);
  expect(formatCallsLogResults(results)).toContain('refresh (tail merge)');
});

test('its flags are taken out of the command line; the rest is left for the other sections', () => {
  expect(splitCallsLogArgs(['--size', '500', '--log-size', '2000', '--log-new=30', '--log-only'])).toEqual({
    rest: ['--size', '500'],
    log: { size: 2000, newCalls: 30 },
    logOnly: true,
    noLog: false,
  });
  expect(() => splitCallsLogArgs(['--log-rerated', 'many'])).toThrow(/--log-rerated needs a whole number/);
});
