// The pure part of SMS sending: segments and encodings, E.164, templates, fingerprints and snapshots, the job key,
// statuses and counts, pacing across executions, and matching messages to in-doubt rows.
import {
  decodeSnapshot,
  encodeRows,
  decodeRows,
  encodeSnapshot,
  FINGERPRINT_CHARS,
  isE164,
  isTaken,
  jobCounts,
  jobKeyOf,
  normalizePhone,
  parseTemplate,
  RECONCILE_SLACK_MS,
  reconcile,
  renderTemplate,
  rowFingerprint,
  SendWindow,
  smsSegments,
  statusKind,
} from '../../src/core/sms';

describe('segments and encoding', () => {
  test.each([
    ['', 'GSM-7', 0],
    ['a'.repeat(160), 'GSM-7', 1],
    ['a'.repeat(161), 'GSM-7', 2],
    ['a'.repeat(306), 'GSM-7', 2],
    ['a'.repeat(307), 'GSM-7', 3],
    ['€'.repeat(80), 'GSM-7', 1], // extension characters take two septets: 160
    ['€'.repeat(81), 'GSM-7', 2],
    ['Grüße aus Köln, Ça va? ¿Qué? Ñ', 'GSM-7', 1],
    ['ç'.repeat(70), 'UCS-2', 1], // ç (small) is not in GSM-7's basic table: UCS-2
    ['ç'.repeat(71), 'UCS-2', 2],
    ['ç'.repeat(134), 'UCS-2', 2],
    ['ç'.repeat(135), 'UCS-2', 3],
    ['🙂'.repeat(35), 'UCS-2', 1], // a surrogate pair is two units
  ])('%j → %s, %i segment(s)', (body, encoding, segments) => {
    expect(smsSegments(body)).toMatchObject({ encoding, segments });
  });

  test('an extension character is never split across GSM-7 parts', () => {
    // 152 plain characters then €: the € (2 septets) does not fit the 153-septet first part, so it starts the second.
    const body = `${'a'.repeat(152)}€${'b'.repeat(151)}`;
    expect(smsSegments(body)).toEqual({ encoding: 'GSM-7', segments: 2, units: 305 });
    expect(smsSegments(`${body}b`).segments).toBe(3);
  });

  test('a surrogate pair is never split across UCS-2 parts', () => {
    const body = `${'ç'.repeat(66)}🙂${'ç'.repeat(65)}`; // 66 + 2 + 65 = 133 units, but the pair moves to part 2
    expect(smsSegments(body)).toEqual({ encoding: 'UCS-2', segments: 2, units: 133 });
    expect(smsSegments(`${body}ç`).segments).toBe(3);
  });
});

describe('phone numbers', () => {
  test.each([
    ['+4915112345678', true],
    ['+12025550143', true],
    ['+1234567', false], // 7 digits
    ['+12345678', true], // 8 digits
    ['+123456789012345', true], // 15 digits
    ['+1234567890123456', false],
    ['+04915112345678', false],
    ['4915112345678', false],
    ['+49 151 12345678', false],
  ])('isE164(%s) = %s', (value, ok) => {
    expect(isE164(value)).toBe(ok);
  });

  test('normalizePhone drops what people type between the digits of a + number, and nothing else', () => {
    expect(normalizePhone('  +44 (0)20 7946-0831 ')).toBe('+4402079460831');
    expect(normalizePhone('+44 20.7946\u00a00831')).toBe('+442079460831');
    expect(normalizePhone('0044 20 7946 0831')).toBe('0044 20 7946 0831');
  });
});

describe('templates', () => {
  const headers = ['Name', 'Appointment date', 'Phone'];
  test('placeholders name headers case-insensitively, with spaces inside the braces; unknown ones are listed', () => {
    const parsed = parseTemplate('Hi {{ name }}, see you {{APPOINTMENT   date}}. {{Surname}} {{}}', headers);
    expect(parsed.unknown).toEqual(['{{Surname}}', '{{}}']);
    // (the preview refuses a template with unknown placeholders; rendered anyway, they are left out)
    expect(renderTemplate(parsed, ['Ana', '20 Jun 2026', '+49…'])).toBe('Hi Ana, see you 20 Jun 2026.  ');
  });
  test('text without placeholders, and braces that are not placeholders, stay as written', () => {
    const parsed = parseTemplate('Code {1} and {{Name} end', headers);
    expect(parsed.unknown).toEqual([]);
    expect(renderTemplate(parsed, ['Ana'])).toBe('Code {1} and {{Name} end');
  });
});

describe('fingerprints, snapshots and the job key', () => {
  test('a fingerprint changes with the number or the body', () => {
    const fp = rowFingerprint('+4915112345678', 'Hi Ana');
    expect(fp).toHaveLength(FINGERPRINT_CHARS);
    expect(rowFingerprint('+4915112345678', 'Hi Ana')).toBe(fp);
    expect(rowFingerprint('+4915112345679', 'Hi Ana')).not.toBe(fp);
    expect(rowFingerprint('+4915112345678', 'Hi Ana ')).not.toBe(fp);
  });

  test('rows are kept as ranges; a 1,000-row snapshot fits one property value', () => {
    expect(encodeRows([2, 3, 4, 7, 9, 10])).toBe('2-4,7,9-10');
    expect(decodeRows('2-4,7,9-10')).toEqual([2, 3, 4, 7, 9, 10]);
    const rows = Array.from({ length: 1000 }, (_, i) => i + 2);
    const snapshot = { rows, fingerprints: rows.map((r) => rowFingerprint(`+49151${r}`, `body ${r}`)) };
    const stored = encodeSnapshot(snapshot);
    expect(stored.rows.length + stored.fps.length).toBeLessThan(9000);
    expect(decodeSnapshot(stored.rows, stored.fps)).toEqual(snapshot);
  });

  test('the job key follows the spreadsheet, sheet, columns, template and sender', () => {
    const base = { spreadsheetId: 'ss', sheetId: 1, toColumn: 'Phone', from: '+447700900123', template: 'Hi {{Name}}' };
    const key = jobKeyOf(base);
    expect(jobKeyOf({ ...base, toColumn: ' phone ' })).toBe(key); // the same header, as matched
    const variants = [
      { ...base, spreadsheetId: 'other' },
      { ...base, sheetId: 2 },
      { ...base, toColumn: 'Mobile' },
      { ...base, from: '+31612345678' },
      { ...base, template: 'Hello {{Name}}' },
      { spreadsheetId: 'ss', sheetId: 1, toColumn: 'Phone', from: '+447700900123', bodyColumn: 'Hi {{Name}}' },
    ];
    expect(new Set(variants.map(jobKeyOf).concat(key)).size).toBe(variants.length + 1);
  });
});

describe('statuses and counts', () => {
  test('statuses of the sheet contract', () => {
    expect(
      ['sent', 'sending', 'unknown', 'failed: nope', 'not sent', 'not sent: changed since preview', '', 'other'].map(statusKind),
    ).toEqual(['sent', 'sending', 'unknown', 'failed', 'not sent', 'not sent', '', '']);
    expect(['sent', 'sending', 'unknown'].every((s) => isTaken(statusKind(s)))).toBe(true);
    expect(['failed: x', 'not sent', ''].some((s) => isTaken(statusKind(s)))).toBe(false);
  });

  test('rows before the cursor were attempted by the job; a blank there is not sent, after it pending', () => {
    const kinds = ['sent', 'failed', '', 'unknown', 'failed', '', 'sent'].map(statusKind);
    // index 4 'failed' is a previous job's status on a row this job has not reached yet: pending
    expect(jobCounts(kinds, 4)).toEqual({ total: 7, sent: 2, failed: 2, unknown: 1, pending: 2 });
  });
});

describe('pacing across executions', () => {
  test('never more than 59 in a rolling minute, spaced after a burst of 30, and it survives serialisation', () => {
    let window = new SendWindow();
    let now = 1_000_000;
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      now += window.waitMs(now);
      window.record(now);
      times.push(now);
      if (i % 7 === 0) window = SendWindow.parse(window.serialize(now)); // a new execution
      now += 5;
    }
    for (let i = 0; i + 59 < times.length; i++) expect(times[i + 59] - times[i]).toBeGreaterThan(60_000);
    expect(times[29] - times[0]).toBeLessThan(1000); // the burst
    expect(times[31] - times[30]).toBeGreaterThanOrEqual(1000); // then one a second
  });
});

describe('reconciliation', () => {
  const from = '+447700900123';
  const msg = (id: number, to: string, body: string, createdAt: number) => ({
    id: String(id),
    rawId: id,
    from,
    to,
    body,
    createdAt,
  });
  test('an in-doubt row takes the message with its number and body created after the attempt, not one claimed', () => {
    const at = 10_000_000;
    const fp = rowFingerprint('+4915100000001', 'Hi');
    const found = reconcile(
      [
        { row: 2, fingerprint: fp, at },
        { row: 3, fingerprint: fp, at: at + 1000 },
        { row: 4, fingerprint: rowFingerprint('+4915100000002', 'Hi'), at },
      ],
      [
        msg(1, '+4915100000001', 'Hi', at - RECONCILE_SLACK_MS - 1), // too old
        msg(2, '+4915100000001', 'Hi', at + 10),
        msg(3, '+4915100000001', 'Hi', at + 1010),
        msg(4, '+4915100000001', 'Hi', at + 20), // claimed by another row already
        { ...msg(5, '+4915100000002', 'Hi', at + 5), from: '+31612345678' }, // another sender
      ],
      from,
      new Set(['4']),
    );
    expect([...found].map(([row, m]) => [row, m.id])).toEqual([
      [2, '2'],
      [3, '3'],
    ]);
  });
});
