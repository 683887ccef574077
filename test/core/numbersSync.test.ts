// The pure part of the numbers push: validation, request bodies, the snapshot within its size budget, the diff of
// sheet vs snapshot, and the push decisions (re-read, conflict, PATCH once, ambiguous → read again) over a fake API.
import { CliqtelClient } from '../../src/core/client';
import {
  type CellRead,
  type ChangeOutcome,
  changeRequest,
  decodeSnapshot,
  diffNumbers,
  encodeSnapshot,
  fingerprint,
  forwardingProblem,
  forwardingType,
  type NumberChange,
  pushNumberChanges,
  type SheetNumberRow,
  type Snapshot,
  type SnapshotEntry,
  snapshotOfTable,
  statusText,
} from '../../src/core/numbersSync';
import { FakeTransport, json, type ParsedRequest } from './fakeTransport';

const cell = (value: unknown, formula = '', display?: string): CellRead => ({
  value,
  formula,
  display: display ?? String(value ?? ''),
});

function snapshotOf(entries: SnapshotEntry[]): Snapshot {
  return new Map(entries.map((e) => [String(e.id), { ...e }]));
}

function row(n: number, id: unknown, label: unknown, forwarding: unknown, number = `+44207946${n}`): SheetNumberRow {
  return { row: n, id, number, label: cell(label), forwarding: cell(forwarding) };
}

describe('forwarding destinations', () => {
  test.each([
    ['+4915112345678', 'phone'],
    ['sip:reception@pbx.example.com', 'sip'],
    ['', 'none'],
  ])('%j is accepted as %s', (destination, type) => {
    expect(forwardingType(destination)).toBe(type);
    expect(forwardingProblem(destination)).toBeNull();
  });

  test.each([
    ['4915112345678', /not an E\.164 number/],
    ['+49 151 1234 5678', /not an E\.164 number/],
    ['+0123456789', /not an E\.164 number/],
    ['+1234567', /not an E\.164 number/],
    ['reception@pbx.example.com', /neither an E\.164 number .* nor a SIP URI/],
    ['sip:pbx.example.com', /neither/],
    ['SIP:user@host', /neither/],
  ])('%j is refused with a reason', (destination, reason) => {
    expect(forwardingType(destination)).toBeNull();
    expect(forwardingProblem(destination)).toMatch(reason);
  });
});

describe('request bodies (the one place they are written)', () => {
  test('a label is sent as typed, however long or empty', () => {
    const long = 'x'.repeat(300);
    expect(changeRequest(101, 'label', long)).toEqual({
      method: 'patch',
      path: '/v1/portal/numbers/101/label',
      body: { label: long },
    });
    expect(changeRequest(101, 'label', '')).toEqual({
      method: 'patch',
      path: '/v1/portal/numbers/101/label',
      body: { label: '' },
    });
  });

  test('a forwarding destination goes with the type it implies; empty clears it', () => {
    expect(changeRequest(7, 'forwarding', '+4915112345678').body).toEqual({ type: 'phone', destination: '+4915112345678' });
    expect(changeRequest(7, 'forwarding', 'sip:a@b.example').body).toEqual({ type: 'sip', destination: 'sip:a@b.example' });
    expect(changeRequest(7, 'forwarding', '')).toEqual({
      method: 'patch',
      path: '/v1/portal/numbers/7/forwarding',
      body: { type: 'none', destination: null },
    });
  });

  test('an invalid destination never becomes a request', () => {
    expect(() => changeRequest(7, 'forwarding', 'call me')).toThrow(/neither/);
  });
});

describe('the snapshot', () => {
  const entries: SnapshotEntry[] = [
    { id: 101, label: 'Main line', forwarding: 'sip:reception@pbx.example.com' },
    { id: '102', label: '=HYPERLINK("http://x","y")', forwarding: '' },
  ];

  test('round-trips exactly when it fits', () => {
    const text = encodeSnapshot(entries, 30_000);
    expect(text).not.toBeNull();
    const back = decodeSnapshot(text);
    expect(back?.get('101')).toEqual(entries[0]);
    expect(back?.get('102')).toEqual(entries[1]);
  });

  test('is taken from a fetched table by header names, in any column order', () => {
    const header = ['Forwarding Destination', 'Number', 'Label', 'ID'];
    const rows = [
      ['+33612345678', '+33100000001', 'Paris', 101],
      ['', '+33100000002', '', 102],
    ];
    expect(snapshotOfTable(header, rows)).toEqual([
      { id: 101, label: 'Paris', forwarding: '+33612345678' },
      { id: 102, label: '', forwarding: '' },
    ]);
  });

  test('600 numbers with 100-character labels fit the budget by fingerprinting the longest values, and still diff', () => {
    const many: SnapshotEntry[] = Array.from({ length: 600 }, (_, i) => ({
      id: 1000 + i,
      label: `${'L'.repeat(90)} ${String(i).padStart(8, '0')}`,
      forwarding: i % 2 ? `sip:user${i}@pbx.example.com` : '+4915112345678',
    }));
    const budget = 28_000;
    expect(JSON.stringify(many).length).toBeGreaterThan(budget * 2);
    const text = encodeSnapshot(many, budget);
    expect(text).not.toBeNull();
    expect((text as string).length).toBeLessThanOrEqual(budget);
    const snapshot = decodeSnapshot(text) as Snapshot;
    expect(snapshot.size).toBe(600);
    expect(typeof snapshot.get('1000')?.label).toBe('number'); // fingerprinted
    expect(snapshot.get('1000')?.forwarding).toBe('+4915112345678'); // short: exact

    const rows = many.map((e, i) => row(i + 2, e.id, e.label, e.forwarding));
    expect(diffNumbers(rows, snapshot)).toEqual({ changes: [], invalid: [] });
    rows[5] = row(7, 1005, 'Renamed', many[5].forwarding);
    const { changes } = diffNumbers(rows, snapshot);
    expect(changes).toEqual([{ id: 1005, number: rows[5].number, field: 'label', before: null, after: 'Renamed', row: 7 }]);
  });

  test('is refused (null) when even fingerprints do not fit', () => {
    const many: SnapshotEntry[] = Array.from({ length: 2000 }, (_, i) => ({ id: i, label: 'x'.repeat(50), forwarding: '' }));
    expect(encodeSnapshot(many, 28_000)).toBeNull();
  });

  test('an unreadable or foreign value is no snapshot', () => {
    expect(decodeSnapshot('')).toBeNull();
    expect(decodeSnapshot('{not json')).toBeNull();
    expect(decodeSnapshot('{"v":2,"n":[]}')).toBeNull();
    expect(decodeSnapshot('{"v":1,"n":[[1,{},""]]}')).toBeNull();
  });

  test('fingerprints differ for near-identical values', () => {
    expect(fingerprint('Main line')).not.toBe(fingerprint('Main line '));
    expect(fingerprint('a')).toBe(fingerprint('a'));
  });
});

describe('the diff of sheet vs snapshot', () => {
  const snapshot = () =>
    snapshotOf([
      { id: 101, label: 'Main line', forwarding: 'sip:reception@pbx.example.com' },
      { id: 102, label: 'Berlin', forwarding: '+4915112345678' },
      { id: 103, label: '=HYPERLINK("http://x","y")', forwarding: '' },
    ]);

  test('an untouched sheet has no changes, in any row order', () => {
    const rows = [
      row(2, 103, '=HYPERLINK("http://x","y")', ''),
      row(3, 101, 'Main line', 'sip:reception@pbx.example.com'),
      row(4, 102, 'Berlin', '+4915112345678'),
    ];
    expect(diffNumbers(rows, snapshot())).toEqual({ changes: [], invalid: [] });
  });

  test('a quote prefix kept by Sheets is not an edit', () => {
    const rows = [row(2, 103, `'=HYPERLINK("http://x","y")`, '')];
    expect(diffNumbers(rows, snapshot()).changes).toEqual([]);
  });

  test('exactly the edited cells become changes, keyed by id (the sheet was sorted)', () => {
    const rows = [
      row(2, 102, 'Berlin office', '+4915112345678', '+493012345678'),
      row(3, 101, 'Main line', '', '+442079460831'),
      row(4, 103, '=HYPERLINK("http://x","y")', ' sip:ops@pbx.example.com ', '+442079460834'),
    ];
    expect(diffNumbers(rows, snapshot())).toEqual({
      changes: [
        { id: 102, number: '+493012345678', field: 'label', before: 'Berlin', after: 'Berlin office', row: 2 },
        { id: 101, number: '+442079460831', field: 'forwarding', before: 'sip:reception@pbx.example.com', after: '', row: 3 },
        { id: 103, number: '+442079460834', field: 'forwarding', before: '', after: 'sip:ops@pbx.example.com', row: 4 },
      ],
      invalid: [],
    });
  });

  test('invalid rows are listed with a reason and never become changes', () => {
    const rows: SheetNumberRow[] = [
      row(2, 101, 'Main line', 'call reception'),
      { row: 3, id: 102, number: '+49', label: cell('Berlin'), forwarding: cell(4915112345679, '', '4915112345679') },
      { row: 4, id: 103, number: '+33', label: cell(99, '=A1*3', '99'), forwarding: cell('') },
      row(5, 101, 'Copy', ''),
      row(6, 999, 'New', ''),
      row(7, '', 'No id', ''),
      { row: 8, id: '', number: '', label: cell(''), forwarding: cell('') },
    ];
    const { changes, invalid } = diffNumbers(rows, snapshot());
    expect(changes).toEqual([]);
    expect(invalid.map((i) => i.row)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(invalid[0].reason).toMatch(/neither an E\.164 number .* nor a SIP URI/);
    expect(invalid[1].reason).toMatch(/became a number in the sheet \(its \+ was lost\)/);
    expect(invalid[2].reason).toMatch(/is a formula/);
    expect(invalid[3].reason).toMatch(/appears again \(first in row 2\)/);
    expect(invalid[4].reason).toMatch(/no number with ID 999/);
    expect(invalid[5].reason).toMatch(/no number id/);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Pushing over a fake API

interface FakeNumber {
  id: number;
  label: string;
  forwarding: { type: string; destination: string | null };
}

type Script = (req: ParsedRequest, numbers: Map<number, FakeNumber>) => ReturnType<typeof json> | Error | undefined;

/** A tiny Cliqtel: GET and PATCH of numbers; `script` may answer a request first (faults). */
function fakeApi(initial: FakeNumber[], script: Script = () => undefined) {
  const numbers = new Map(initial.map((n) => [n.id, structuredClone(n)]));
  const transport = new FakeTransport((req) => {
    const scripted = script(req, numbers);
    if (scripted) return scripted;
    const m = /^\/v1\/portal\/numbers\/(\d+)(?:\/(label|forwarding))?$/.exec(req.path);
    const number = m ? numbers.get(Number(m[1])) : undefined;
    if (!number) return json(404, { error: 'not_found', message: 'No query results.' });
    if (!m?.[2]) return json(200, { data: number });
    const body = JSON.parse(req.request.payload ?? '{}');
    if (m[2] === 'label') {
      if (!body.label)
        return json(422, { message: 'The label field is required.', errors: { label: ['The label field is required.'] } });
      number.label = body.label;
    } else number.forwarding = { type: body.type, destination: body.destination };
    return json(200, { data: number });
  });
  const client = new CliqtelClient({ baseUrl: 'https://cliqtel.com/api', apiKey: '17|secretsecretsecret', transport });
  return { numbers, transport, client };
}

const base: FakeNumber[] = [
  { id: 101, label: 'Main line', forwarding: { type: 'sip', destination: 'sip:reception@pbx.example.com' } },
  { id: 102, label: 'Berlin', forwarding: { type: 'phone', destination: '+4915112345678' } },
  { id: 103, label: 'Paris', forwarding: { type: 'none', destination: null } },
];
const baseSnapshot = () =>
  snapshotOf(base.map((n) => ({ id: n.id, label: n.label, forwarding: n.forwarding.destination ?? '' })));

function change(id: number, field: 'label' | 'forwarding', after: string, row = id - 99): NumberChange {
  const n = base.find((b) => b.id === id) as FakeNumber;
  const before = field === 'label' ? n.label : (n.forwarding.destination ?? '');
  return { id, number: `+${id}`, field, before, after, row };
}

function push(api: ReturnType<typeof fakeApi>, changes: NumberChange[], snapshot = baseSnapshot(), mayContinue = () => true) {
  const outcomes: [number, string, ChangeOutcome][] = [];
  const summary = pushNumberChanges(api.client, changes, snapshot, {
    onOutcome: (c, o) => outcomes.push([c.row, c.field, o]),
    mayContinue,
  });
  const writes = api.transport.requests.filter((r) => r.request.method === 'patch').map((r) => r.path);
  return { summary, outcomes, writes, snapshot };
}

describe('pushing', () => {
  test('each change re-reads its number, then sends exactly one PATCH; the snapshot takes the new values', () => {
    const api = fakeApi(base);
    const { summary, writes, snapshot } = push(api, [
      change(101, 'label', 'Reception'),
      change(101, 'forwarding', '+4915112345678'),
      change(103, 'forwarding', 'sip:paris@pbx.example.com'),
    ]);
    expect(summary).toEqual({ applied: 3, conflicts: [], failed: [], pending: 0 });
    expect(writes).toEqual([
      '/v1/portal/numbers/101/label',
      '/v1/portal/numbers/101/forwarding',
      '/v1/portal/numbers/103/forwarding',
    ]);
    expect(api.transport.requests.filter((r) => r.request.method === 'get').map((r) => r.path)).toEqual([
      '/v1/portal/numbers/101',
      '/v1/portal/numbers/103',
    ]);
    expect(api.numbers.get(101)).toMatchObject({
      label: 'Reception',
      forwarding: { type: 'phone', destination: '+4915112345678' },
    });
    expect(api.numbers.get(103)?.forwarding).toEqual({ type: 'sip', destination: 'sip:paris@pbx.example.com' });
    expect(snapshot.get('101')).toEqual({ id: 101, label: 'Reception', forwarding: '+4915112345678' });
  });

  test('a value changed in Cliqtel since the refresh is a conflict and is not written', () => {
    const api = fakeApi(base);
    (api.numbers.get(102) as FakeNumber).label = 'Changed in the portal';
    const { summary, writes, outcomes, snapshot } = push(api, [change(102, 'label', 'Mine'), change(103, 'label', 'Paris 2')]);
    expect(writes).toEqual(['/v1/portal/numbers/103/label']);
    expect(summary.applied).toBe(1);
    expect(summary.conflicts).toEqual([{ ...change(102, 'label', 'Mine'), current: 'Changed in the portal' }]);
    expect(api.numbers.get(102)?.label).toBe('Changed in the portal');
    expect(snapshot.get('102')?.label).toBe('Berlin');
    expect(statusText(change(102, 'label', 'Mine'), outcomes[0][2])).toBe(
      'conflict: Cliqtel now has "Changed in the portal" (it was "Berlin" at the last refresh); not written. Refresh the report to see Cliqtel\'s values',
    );
  });

  test('a value already equal to the edit is applied without a PATCH', () => {
    const api = fakeApi(base);
    (api.numbers.get(102) as FakeNumber).label = 'Mine';
    const { summary, writes, outcomes } = push(api, [change(102, 'label', 'Mine')]);
    expect(writes).toEqual([]);
    expect(summary.applied).toBe(1);
    expect(outcomes[0][2]).toEqual({ kind: 'applied', already: true });
  });

  test('a 403 stops at the first change, naming the scope; nothing else is sent', () => {
    const api = fakeApi(base, (req) =>
      req.request.method === 'patch'
        ? json(403, { error: 'insufficient_scope', message: 'Missing scope', required_scope: 'numbers:write' })
        : undefined,
    );
    const { summary, writes, outcomes } = push(api, [
      change(101, 'label', 'A'),
      change(101, 'forwarding', ''),
      change(102, 'label', 'B'),
    ]);
    expect(writes).toEqual(['/v1/portal/numbers/101/label']);
    expect(api.transport.requests).toHaveLength(2); // one read, one PATCH
    expect(summary.applied).toBe(0);
    expect(summary.failed).toHaveLength(1);
    expect(summary.failed[0].error).toMatch(/'numbers:write' permission/);
    expect(summary.pending).toBe(2);
    expect(summary.stopped).toMatch(/numbers:write/);
    expect(outcomes.map((o) => o[2].kind)).toEqual(['failed', 'stopped', 'stopped']);
  });

  test('a key that cannot even read the numbers stops before any PATCH, naming numbers:read', () => {
    const api = fakeApi(base, () =>
      json(403, { error: 'insufficient_scope', message: 'Missing scope', required_scope: 'numbers:read' }),
    );
    const { summary, writes, outcomes } = push(api, [change(101, 'label', 'A'), change(102, 'label', 'B')]);
    expect(writes).toEqual([]);
    expect(api.transport.requests).toHaveLength(1);
    expect(summary).toMatchObject({ applied: 0, failed: [], pending: 2 });
    expect(summary.stopped).toMatch(/'numbers:read' permission needed to read each number before changing it/);
    expect(outcomes.map((o) => o[2].kind)).toEqual(['stopped', 'stopped']);
  });

  test("a 422 fails only its own change, with Cliqtel's message", () => {
    const api = fakeApi(base);
    const { summary, writes } = push(api, [change(101, 'label', ''), change(102, 'label', 'Berlin HQ')]);
    expect(writes).toHaveLength(2);
    expect(summary.applied).toBe(1);
    expect(summary.failed).toEqual([{ ...change(101, 'label', ''), error: 'label: The label field is required.', retry: false }]);
  });

  test('a 5xx on a PATCH is never re-sent: re-reading shows it was not applied, so it stays pending for a later push', () => {
    let failed = false;
    const api = fakeApi(base, (req) => {
      if (req.request.method === 'patch' && !failed) {
        failed = true;
        return json(503, { message: 'down' });
      }
      return undefined;
    });
    const { summary, writes, snapshot } = push(api, [change(101, 'label', 'Reception')]);
    expect(writes).toHaveLength(1);
    expect(summary.applied).toBe(0);
    expect(summary.failed[0]).toMatchObject({ retry: true });
    expect(summary.failed[0].error).toMatch(/^not applied: .*server error/);
    expect(snapshot.get('101')?.label).toBe('Main line');
    // A second push applies it.
    const again = push(api, [change(101, 'label', 'Reception')], snapshot);
    expect(again.summary.applied).toBe(1);
    expect(api.numbers.get(101)?.label).toBe('Reception');
  });

  test('a dropped connection after Cliqtel applied the PATCH is resolved by reading: applied, sent once', () => {
    const api = fakeApi(base, (req, numbers) => {
      if (req.request.method === 'patch') {
        (numbers.get(101) as FakeNumber).label = JSON.parse(req.request.payload ?? '{}').label;
        return new Error('Connection reset by peer');
      }
      return undefined;
    });
    const { summary, writes, outcomes } = push(api, [change(101, 'label', 'Reception')]);
    expect(writes).toHaveLength(1);
    expect(summary.applied).toBe(1);
    expect(outcomes[0][2]).toEqual({ kind: 'applied', already: false });
  });

  test('an ambiguous PATCH whose number cannot be re-read is unknown, and the next push settles it without a second PATCH', () => {
    let down = false;
    const api = fakeApi(base, (req, numbers) => {
      if (req.request.method === 'patch') {
        (numbers.get(101) as FakeNumber).label = 'Reception';
        down = true;
        return new Error('timeout');
      }
      if (down) return json(503, { message: 'down' });
      return undefined;
    });
    const first = push(api, [change(101, 'label', 'Reception')]);
    expect(first.summary.failed[0].error).toMatch(/^unknown: .*never changed twice/);
    expect(first.writes).toHaveLength(1);
    down = false;
    const second = push(api, [change(101, 'label', 'Reception')], first.snapshot);
    expect(second.writes).toHaveLength(1); // still only the first one
    expect(second.outcomes[0][2]).toEqual({ kind: 'applied', already: true });
  });

  test('a 429 the client cannot wait out stops the push; the change and the rest stay pending', () => {
    const api = fakeApi(base, (req) =>
      req.request.method === 'patch' ? json(429, { message: 'Too many requests' }, { 'Retry-After': '120' }) : undefined,
    );
    const { summary, outcomes } = push(api, [change(101, 'label', 'A'), change(102, 'label', 'B')]);
    expect(summary.applied).toBe(0);
    expect(summary.pending).toBe(2);
    expect(summary.stopped).toMatch(/rate limit/);
    expect(outcomes.map((o) => o[2].kind)).toEqual(['stopped', 'stopped']);
  });

  test('out of time: numbers not started stay pending', () => {
    const api = fakeApi(base);
    let calls = 0;
    const { summary, writes } = push(
      api,
      [change(101, 'label', 'A'), change(102, 'label', 'B')],
      baseSnapshot(),
      () => calls++ < 1,
    );
    expect(writes).toEqual(['/v1/portal/numbers/101/label']);
    expect(summary).toMatchObject({ applied: 1, pending: 1 });
    expect(summary.stopped).toMatch(/time limit/);
  });
});
