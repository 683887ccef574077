// A large export through the built bundle: every row lands once and in order, with a fixed handful of write calls
// whatever the size (how larger tables are cut into calls is unit-tested in test/core/writePlan.test.ts).
import { type Harness, startHarness } from '../helpers/harness';

const ROWS = 80_000;
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ timeZone: 'UTC', sandbox: { cdrCount: ROWS } });
  expect((h.saveKey(h.sandbox.keys.full) as { ok: boolean }).ok).toBe(true);
});

afterAll(async () => {
  await h?.stop();
});

test('an 80,000-row export is written in one setValues with every row in place, in a fixed handful of write calls', async () => {
  const calls = await h.sandbox.data('calls'); // oldest first
  const from = calls[0].start_time.slice(0, 10);
  const to = calls[calls.length - 1].start_time.slice(0, 10);
  h.emu.resetStats();
  const result = h.emu.run('cliqtelExportCalls', [{ from, to, sheetName: 'All calls' }], { mode: 'server' }) as {
    rows: number;
  };
  expect(result.rows).toBe(ROWS);
  expect(h.emu.stats.urlFetches).toBe(1);
  // insertSheet, insertRowsAfter, setNumberFormats, ONE setValues, bold header, frozen row, autoResizeColumns,
  // registry metadata: the count does not grow with the rows.
  expect(h.emu.stats.writeCalls).toBeLessThanOrEqual(8);

  const values = h.emu.activeSpreadsheet.sheetNamed('All calls').getValues();
  expect(values).toHaveLength(ROWS + 1);
  const idCol = (values[0] as string[]).findIndex((v) => String(v).toLowerCase() === 'id');
  const callIdCol = (values[0] as string[]).findIndex(
    (v) =>
      String(v)
        .toLowerCase()
        .replace(/[^a-z]/g, '') === 'callid',
  );
  const written = new Map(values.slice(1).map((row) => [row[idCol], row[callIdCol]]));
  expect(written.size).toBe(ROWS);
  // Under the 'kept' quote-prefix reading a call_id starting with = or ' shows its apostrophe (dev/emulator/README.md;
  // the exact values under both readings are tested in export.test.ts).
  const shown = (text: string) => (h.emu.quotePrefixInTextCells === 'kept' && /^[=']/.test(text) ? `'${text}` : text);
  for (const call of calls) expect(written.get(call.id)).toBe(shown(call.call_id));
});
