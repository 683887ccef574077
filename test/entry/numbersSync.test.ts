// Editing a numbers report and pushing it to Cliqtel: the built bundle in the emulator against the sandbox over
// real HTTP. Values under both quote-prefix readings; conflicts, 403, 422 and faults mid-push with truthful statuses.
import { coerceWrite, QUOTE_PREFIX_READINGS, type QuotePrefixReading, type SheetModel, storeCoerced } from '../../dev/emulator';
import { type Harness, startHarness } from '../helpers/harness';

jest.setTimeout(120_000);

const norm = (s: unknown) =>
  String(s)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

interface Preview {
  sheetName: string;
  changes: { id: number; number: string; field: string; before: string | null; after: string; row: number }[];
  invalid: { row: number; reason: string }[];
}
interface PushResult {
  applied: number;
  conflicts: { id: number; field: string; current: string; row: number }[];
  failed: { id: number; field: string; error: string; retry: boolean; row: number }[];
  pending: number;
  stopped?: string;
}

function run<T>(h: Harness, name: string, arg?: unknown): T {
  return h.emu.run(name, arg === undefined ? [] : [arg], { mode: 'server' }) as T;
}

/** The sheet of a numbers report with helpers that find cells by number id and column header. */
function numbersSheet(h: Harness, name: string, reading: QuotePrefixReading = 'dropped') {
  const sheet = (): SheetModel => h.emu.activeSpreadsheet.sheetNamed(name);
  const header = () => (sheet().getValues()[0] ?? []).map(String);
  const col = (title: string) => {
    const c = header().findIndex((x) => norm(x) === norm(title));
    if (c < 0) throw new Error(`no column ${title} in ${header().join(', ')}`);
    return c + 1;
  };
  const rowOf = (id: number) => {
    const values = sheet().getValues();
    const c = col('ID') - 1;
    const r = values.findIndex((v, i) => i > 0 && Number(v[c]) === id);
    if (r < 0) throw new Error(`no row for number ${id}`);
    return r + 1;
  };
  return {
    sheet,
    header,
    col,
    rowOf,
    value: (id: number, title: string) => sheet().getValues()[rowOf(id) - 1][col(title) - 1],
    /** What a user typing `text` into the cell gets (Sheets' typed-input coercion under the cell's format). */
    type: (id: number, title: string, text: string) => {
      const row = rowOf(id);
      const column = col(title);
      const cell = sheet().ensureCell(row, column);
      storeCoerced(sheet(), row, column, coerceWrite(text, cell.format ?? '', sheet().spreadsheet.timeZone, reading));
    },
    status: (id: number) => String(sheet().getValues()[rowOf(id) - 1][col('Sync status') - 1] ?? ''),
  };
}

async function patches(h: Harness): Promise<string[]> {
  return (await h.sandbox.stats()).requests.filter((r) => r.method === 'PATCH').map((r) => r.path.replace(/^\/api/, ''));
}

async function sandboxNumber(
  h: Harness,
  id: number,
): Promise<{ label: string; forwarding: { type: string; destination: string | null } }> {
  const numbers = await h.sandbox.data<{ id: number; label: string; forwarding: { type: string; destination: string | null } }>(
    'numbers',
  );
  const found = numbers.find((n) => Number(n.id) === id);
  if (!found) throw new Error(`no number ${id}`);
  return found;
}

describe.each(QUOTE_PREFIX_READINGS)('quote prefix %s: edit, preview, push, refresh', (reading) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ quotePrefix: reading, sandbox: { cdrCount: 200 } });
    expect((h.saveKey(h.sandbox.keys.full) as { ok: boolean }).ok).toBe(true);
  });
  afterAll(async () => {
    await h?.stop();
  });

  test('editable columns are marked, values are exact, a push applies exactly the changed cells, a refresh shows Cliqtel', async () => {
    const { sheetName } = run<{ sheetName: string }>(h, 'cliqtelInsertReport', { kind: 'numbers' });
    const s = numbersSheet(h, sheetName, reading);

    // Marked: a note on each editable header and a light background down the column; other columns untouched.
    for (const title of ['Label', 'Forwarding Destination']) {
      const c = s.col(title);
      expect(s.sheet().cell(1, c)?.note).toMatch(/Editable: .*Push changes/);
      expect(s.sheet().cell(2, c)?.background).toBe('#fef7e0');
      expect(s.sheet().cell(1, c)?.format).toBe('@');
      expect(s.sheet().cell(2, c)?.format).toBe('@');
    }
    expect(s.sheet().cell(2, s.col('Number'))?.background).toBeUndefined();
    expect(s.sheet().cell(1, s.col('Number'))?.note).toBeUndefined();

    // Values: a destination keeps its +, an = label is text (never a formula) and round-trips.
    expect(s.value(102, 'Forwarding Destination')).toBe('+4915112345678');
    const formulaLabelRow = s
      .sheet()
      .getFormulas()
      .flat()
      .filter((f) => f !== '');
    expect(formulaLabelRow).toEqual([]);
    const untouched = run<Preview>(h, 'cliqtelNumbersPreviewChanges', { sheetName });
    expect(untouched.changes).toEqual([]);
    expect(untouched.invalid).toEqual([]);

    // The user renames the sheet and sorts it (newest number first), then edits three cells and botches a fourth.
    s.sheet().name = 'My numbers';
    const m = numbersSheet(h, 'My numbers', reading);
    const last = m.sheet().lastRow();
    m.sheet().rows.splice(1, last - 1, ...m.sheet().rows.slice(1, last).reverse());
    m.type(101, 'Label', 'Reception desk');
    m.type(103, 'Forwarding Destination', '+4915199887766');
    m.type(102, 'Forwarding Destination', '');
    m.type(104, 'Forwarding Destination', 'call the office');

    const preview = run<Preview>(h, 'cliqtelNumbersPreviewChanges', { sheetName: 'My numbers' });
    expect(preview.sheetName).toBe('My numbers');
    expect(preview.changes.map(({ id, field, after }) => ({ id, field, after }))).toEqual(
      expect.arrayContaining([
        { id: 101, field: 'label', after: 'Reception desk' },
        { id: 103, field: 'forwarding', after: '+4915199887766' },
        { id: 102, field: 'forwarding', after: '' },
      ]),
    );
    expect(preview.changes).toHaveLength(3);
    const before101 = (await sandboxNumber(h, 101)).label;
    expect(preview.changes.find((c) => c.id === 101)).toMatchObject({ before: before101, row: m.rowOf(101) });
    expect(preview.invalid).toEqual([
      { row: m.rowOf(104), id: 104, reason: expect.stringMatching(/"call the office" is neither/) },
    ]);
    expect(await patches(h)).toEqual([]); // the preview sends nothing

    const result = run<PushResult>(h, 'cliqtelNumbersPushChanges', { sheetName: 'My numbers', confirm: 3 });
    expect(result).toMatchObject({ applied: 3, conflicts: [], failed: [], pending: 0 });
    expect((await patches(h)).sort()).toEqual([
      '/v1/portal/numbers/101/label',
      '/v1/portal/numbers/102/forwarding',
      '/v1/portal/numbers/103/forwarding',
    ]);
    expect((await sandboxNumber(h, 101)).label).toBe('Reception desk');
    expect((await sandboxNumber(h, 103)).forwarding).toEqual({ type: 'phone', destination: '+4915199887766' });
    expect((await sandboxNumber(h, 102)).forwarding).toEqual({ type: 'none', destination: null });
    expect(m.status(101)).toBe('applied');
    expect(m.status(103)).toBe('applied');
    expect(m.status(104)).toMatch(/^invalid: forwarding destination "call the office"/);
    expect(m.status(105)).toBe('');
    expect(m.value(103, 'Forwarding Destination')).toBe('+4915199887766');

    // Nothing is pending any more: only the invalid row remains.
    const after = run<Preview>(h, 'cliqtelNumbersPreviewChanges', { sheetName: 'My numbers' });
    expect(after.changes).toEqual([]);
    expect(after.invalid).toHaveLength(1);

    // Refresh: Cliqtel's values (the invalid edit is replaced), the new destination still with its +.
    expect(run<{ refreshed: number }>(h, 'cliqtelRefreshReports', { sheetName: 'My numbers' }).refreshed).toBe(1);
    const r = numbersSheet(h, 'My numbers', reading);
    expect(r.value(101, 'Label')).toBe('Reception desk');
    expect(r.value(103, 'Forwarding Destination')).toBe('+4915199887766');
    expect(r.value(102, 'Forwarding Destination')).toBe('');
    expect(r.value(104, 'Forwarding Destination')).toBe((await sandboxNumber(h, 104)).forwarding.destination ?? '');
    expect(r.header()).not.toContain('Sync status');
    expect(run<Preview>(h, 'cliqtelNumbersPreviewChanges', { sheetName: 'My numbers' })).toMatchObject({
      changes: [],
      invalid: [],
    });
  });
});

describe('pushing against a changing, failing Cliqtel', () => {
  let h: Harness;
  let sheetName: string;
  beforeAll(async () => {
    h = await startHarness({ sandbox: { cdrCount: 200 } });
  });
  afterAll(async () => {
    await h?.stop();
  });
  beforeEach(async () => {
    await h.sandbox.reset();
    expect((h.saveKey(h.sandbox.keys.full) as { ok: boolean }).ok).toBe(true);
    sheetName = run<{ sheetName: string }>(h, 'cliqtelInsertReport', { kind: 'numbers', sheetName: 'Numbers' }).sheetName;
    await h.sandbox.reset(); // forget the refresh's requests
  });

  const preview = () => run<Preview>(h, 'cliqtelNumbersPreviewChanges', { sheetName });
  const push = (confirm: number) => run<PushResult>(h, 'cliqtelNumbersPushChanges', { sheetName, confirm });

  test('a number changed in the portal after the refresh is a conflict: not overwritten, shown on its row', async () => {
    const s = numbersSheet(h, sheetName);
    await h.sandbox.editNumber(102, { label: 'Changed in the portal' });
    s.type(102, 'Label', 'Mine');
    s.type(105, 'Label', 'Support');
    expect(preview().changes).toHaveLength(2);
    const result = push(2);
    expect(result.applied).toBe(1);
    expect(result.conflicts).toEqual([
      expect.objectContaining({ id: 102, field: 'label', current: 'Changed in the portal', row: s.rowOf(102) }),
    ]);
    expect((await sandboxNumber(h, 102)).label).toBe('Changed in the portal');
    expect(await patches(h)).toEqual(['/v1/portal/numbers/105/label']);
    expect(s.status(102)).toMatch(
      /^conflict: Cliqtel now has "Changed in the portal" \(it was ".*" at the last refresh\); not written/,
    );
    expect(s.status(105)).toBe('applied');
    // Still a conflict on the next push; a refresh shows Cliqtel's value.
    expect(push(1).conflicts).toHaveLength(1);
    run(h, 'cliqtelRefreshReports', { sheetName });
    expect(numbersSheet(h, sheetName).value(102, 'Label')).toBe('Changed in the portal');
  });

  test("the scheduled refresh never overwrites edits not pushed yet; a refresh the user asks for takes Cliqtel's values", async () => {
    const s = numbersSheet(h, sheetName);
    s.type(105, 'Label', 'Not pushed yet');
    run(h, 'cliqtelSetSchedule', { frequency: 'hourly' });
    try {
      h.emu.advanceClock(3_600_000);
      h.emu.runTimeDrivenTriggers();
      expect(s.value(105, 'Label')).toBe('Not pushed yet');
      const report = run<{ reports: { sheetName: string; status: string }[] }>(h, 'cliqtelListReports').reports.find(
        (r) => r.sheetName === sheetName,
      );
      expect(report?.status).toMatch(/^error: not refreshed: 1 edited cell .* not pushed to Cliqtel yet/);
      // Asked for explicitly, the refresh replaces the sheet with Cliqtel's values.
      expect(run(h, 'cliqtelRefreshReports', { sheetName })).toEqual({ refreshed: 1, failed: [] });
      expect(numbersSheet(h, sheetName).value(105, 'Label')).toBe(String((await sandboxNumber(h, 105)).label));
    } finally {
      run(h, 'cliqtelSetSchedule', { frequency: 'off' });
    }
  });

  test('a key without numbers:write stops at the first change, naming the scope; nothing else is sent', async () => {
    expect((h.saveKey(h.sandbox.keys.readOnly) as { ok: boolean }).ok).toBe(true);
    const s = numbersSheet(h, sheetName);
    s.type(101, 'Label', 'A');
    s.type(102, 'Label', 'B');
    s.type(103, 'Forwarding Destination', 'sip:desk@pbx.example.com');
    const result = push(3);
    expect(result.applied).toBe(0);
    expect(result.failed).toEqual([
      expect.objectContaining({ id: 101, retry: false, error: expect.stringMatching(/'numbers:write'/) }),
    ]);
    expect(result.pending).toBe(2);
    expect(result.stopped).toMatch(/numbers:write/);
    expect(await patches(h)).toEqual(['/v1/portal/numbers/101/label']);
    expect(s.status(101)).toMatch(/^failed: This API key is missing the 'numbers:write' permission/);
    expect(s.status(102)).toMatch(/^pending: not sent/);
    expect(s.status(103)).toMatch(/^pending: not sent/);
    expect((await sandboxNumber(h, 102)).label).not.toBe('B');
  });

  test("a 422 on one row shows Cliqtel's message there and does not stop the others", async () => {
    const s = numbersSheet(h, sheetName);
    s.type(101, 'Label', '');
    s.type(102, 'Label', 'x'.repeat(101));
    s.type(103, 'Label', 'Lyon');
    const result = push(3);
    expect(result.applied).toBe(1);
    expect(result.failed.map((f) => [f.id, f.error])).toEqual([
      [101, 'label: The label field is required.'],
      [102, 'label: The label field must not be greater than 100 characters.'],
    ]);
    expect(s.status(101)).toBe('failed: label: The label field is required.');
    expect(s.status(103)).toBe('applied');
    expect((await sandboxNumber(h, 103)).label).toBe('Lyon');
  });

  test('429, 5xx and a dropped connection mid-push leave each status truthful; a re-run applies only what is pending', async () => {
    const s = numbersSheet(h, sheetName);
    s.type(101, 'Label', 'Reception desk');
    s.type(102, 'Label', 'Berlin HQ');
    s.type(103, 'Label', 'Lyon');
    // The first PATCH meets a 429 (waited out), then a 503; the second is applied but its answer is dropped.
    await h.sandbox.setFaults({ fail429: 1, retryAfter: 1, fail5xx: 1, drop: 1, pathPattern: 'numbers/\\d+/label$' });
    const result = push(3);
    expect(result.applied).toBe(2);
    expect(result.failed).toEqual([
      expect.objectContaining({ id: 101, retry: true, error: expect.stringMatching(/^not applied: /) }),
    ]);
    const log = (await h.sandbox.stats()).requests.filter((r) => r.method === 'PATCH');
    expect(log.map((r) => [r.path.replace(/^\/api/, ''), r.fault ?? r.status])).toEqual([
      ['/v1/portal/numbers/101/label', 'fail429'],
      ['/v1/portal/numbers/101/label', 'fail5xx'],
      ['/v1/portal/numbers/102/label', 'drop'],
      ['/v1/portal/numbers/103/label', 200],
    ]);
    expect(s.status(101)).toMatch(/^not applied: Cliqtel had a server error \(503\).*push again to retry$/);
    expect(s.status(102)).toBe('applied');
    expect(s.status(103)).toBe('applied');
    expect((await sandboxNumber(h, 101)).label).not.toBe('Reception desk');
    expect((await sandboxNumber(h, 102)).label).toBe('Berlin HQ');

    await h.sandbox.setFaults({});
    const again = preview();
    expect(again.changes.map((c) => [c.id, c.after])).toEqual([[101, 'Reception desk']]);
    expect(push(1)).toMatchObject({ applied: 1, failed: [], conflicts: [] });
    const all = (await h.sandbox.stats()).requests.filter((r) => r.method === 'PATCH').map((r) => r.path.replace(/^\/api/, ''));
    expect(all.filter((p) => p.endsWith('/102/label'))).toHaveLength(1); // never sent twice
    expect(all.filter((p) => p.endsWith('/101/label'))).toHaveLength(3);
    expect((await sandboxNumber(h, 101)).label).toBe('Reception desk');
    expect(s.status(101)).toBe('applied');
  });

  test('a confirm that is not the preview count sends nothing', async () => {
    const s = numbersSheet(h, sheetName);
    s.type(101, 'Label', 'A');
    expect(() => push(2)).toThrow(/now holds 1 change \(1 label\), not the 2 you confirmed.*Nothing was sent/);
    expect(await patches(h)).toEqual([]);
    expect(() => run(h, 'cliqtelNumbersPreviewChanges', { sheetName: 'Sheet1' })).toThrow(/Numbers report sheet/);
  });

  test('a row link selects the row on its sheet', () => {
    h.emu.activeSpreadsheet.activeSheetId = h.emu.activeSpreadsheet.sheetNamed('Sheet1').sheetId;
    expect(run(h, 'cliqtelNumbersSelectRow', { sheetName, row: 3 })).toEqual({ sheetName, row: 3 });
    expect(h.emu.activeSpreadsheet.activeSheet.name).toBe(sheetName);
    expect(() => run(h, 'cliqtelNumbersSelectRow', { sheetName, row: 0 })).toThrow(/row/);
  });

  test('320 numbers with long labels and SIP URIs: the snapshot stays inside the 30,000-character metadata limit', async () => {
    const seed = await h.sandbox.data<Record<string, unknown>>('numbers');
    const many = Array.from({ length: 320 }, (_, i) => ({
      ...seed[0],
      id: 5000 + i,
      number: `+4930${String(1000000 + i)}`,
      status: 'active',
      label: `Branch ${i} — ${'reception and after-hours line '.repeat(3)}`.slice(0, 100),
      forwarding: { type: 'sip', destination: `sip:branch-${i}-reception@pbx-${i % 7}.example.com` },
    }));
    await h.sandbox.putData('numbers', many, 'replace');
    run(h, 'cliqtelRefreshReports', { sheetName });
    const sheet = h.emu.activeSpreadsheet.sheetNamed(sheetName);
    const chars = sheet.metadata.reduce((n, md) => n + md.key.length + (md.value?.length ?? 0), 0);
    expect(chars).toBeLessThanOrEqual(30_000);
    expect(sheet.metadata.map((md) => md.key).sort()).toEqual(['cliqtel.numbers.snapshot', 'cliqtel.report']);
    expect(preview()).toMatchObject({ changes: [], invalid: [] });
    const s = numbersSheet(h, sheetName);
    s.type(5123, 'Label', 'Renamed branch');
    s.type(5300, 'Forwarding Destination', '+4915112345678');
    expect(preview().changes.map((c) => [c.id, c.field])).toEqual([
      [5123, 'label'],
      [5300, 'forwarding'],
    ]);
    expect(push(2).applied).toBe(2);
    expect((await sandboxNumber(h, 5123)).label).toBe('Renamed branch');
  });
});
