// `npm run bench` section "SMS": a job of N messages (default 1,000) sent from a sheet through repeated
// cliqtelSmsSend calls, in the emulator against the sandbox — requests, calls, write calls per message, the most
// /v1/sms requests in any rolling minute (must be ≤ 60), the job's duration on the emulator clock at that pacing
// (Utilities.sleep is virtual: the ~17 minutes pass in seconds) and the real time it took here.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Emulator } from '../dev/emulator';
import { startSandbox } from '../dev/sandbox/spawn';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NOW = '2026-06-15T12:00:00Z';
const SENDER = '+447700900123';

export interface SmsBenchOptions {
  messages: number;
  addonCodePath: string;
  quiet: boolean;
}

export interface SmsBenchResults {
  messages: number;
  /** Messages the sandbox holds afterwards (must equal `messages`). */
  created: number;
  sendCalls: number;
  requests: { total: number; posts: number; gets: number };
  maxRequestsPerRollingMinute: number;
  /** Sheet write calls (setValues, formats, flush-free) per message, over the whole job. */
  writeCallsPerMessage: number;
  /** The job's duration on the emulator clock (virtual sleeps included): what a user would wait. */
  jobMinutes: number;
  /** Real seconds the run took on this machine. */
  realSeconds: number;
}

export const SMS_USAGE = `SMS section: [--sms-messages N] [--sms-only | --no-sms]
  (default a 1,000-message job; --sms-only skips the other sections)`;

/** Takes the SMS flags out of the command line; the rest goes to the other sections' parsers. */
export function splitSmsArgs(argv: string[]): { rest: string[]; messages?: number; smsOnly: boolean; noSms: boolean } {
  const rest: string[] = [];
  let messages: number | undefined;
  let smsOnly = false;
  let noSms = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    if (flag === '--sms-only') smsOnly = true;
    else if (flag === '--no-sms') noSms = true;
    else if (flag === '--sms-messages') {
      const raw = inline ?? argv[++i];
      if (raw === undefined || !/^[1-9]\d*$/.test(raw))
        throw new Error(`--sms-messages needs a whole number, got ${raw}\n${SMS_USAGE}`);
      messages = Number(raw);
    } else rest.push(argv[i]);
  }
  return { rest, messages, smsOnly, noSms };
}

function maxPerRollingMinute(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end] - sorted[start] >= 60_000) start++;
    max = Math.max(max, end - start + 1);
  }
  return max;
}

export async function runSmsBench(options: Partial<SmsBenchOptions> = {}): Promise<SmsBenchResults> {
  const messages = options.messages ?? 1000;
  const sandbox = await startSandbox({ now: NOW, cdrCount: 200 });
  // The sandbox counts real minutes; the job runs on the emulator's virtual clock, so its limiter is lifted and the
  // pacing is measured on the add-on's side, from the emulator's request log.
  await sandbox.config({ messagingRateLimitPerMinute: 1_000_000 });
  const emu = new Emulator({
    codePath: options.addonCodePath ?? path.join(REPO_ROOT, 'dist', 'Code.js'),
    htmlDir: path.join(REPO_ROOT, 'dist'),
    manifestPath: path.join(REPO_ROOT, 'dist', 'appsscript.json'),
    scriptProperties: { CLIQTEL_BASE_URL: sandbox.baseUrl },
    extraUrlFetchWhitelist: [sandbox.baseUrl],
    timeZone: 'Europe/Berlin',
    now: NOW,
    realSleep: false,
  });
  try {
    const run = <T>(name: string, arg?: unknown) => emu.run(name, arg === undefined ? [] : [arg], { mode: 'server' }) as T;
    run('cliqtelSaveApiKey', { key: sandbox.keys.full });
    const sheet = emu.activeSpreadsheet.addSheet('SMS bench');
    sheet.insertRows(sheet.maxRows + 1, Math.max(0, messages + 1 - sheet.maxRows));
    ['Name', 'Phone'].forEach((h, i) => {
      sheet.ensureCell(1, i + 1).value = h;
    });
    for (let i = 0; i < messages; i++) {
      sheet.ensureCell(i + 2, 1).value = `Person ${i}`;
      const phone = sheet.ensureCell(i + 2, 2);
      phone.format = '@';
      phone.value = `+49151${String(2_000_000 + i).padStart(8, '0')}`;
    }
    const seeded = ((await sandbox.data('sms')) as { id: number }[]).length;
    emu.resetStats();
    const started = emu.now();
    const realStart = performance.now();
    const preview = run<{ jobKey: string; sendable: number }>('cliqtelSmsPreview', {
      sheetName: 'SMS bench',
      toColumn: 'Phone',
      from: SENDER,
      template: 'Dear {{Name}}, your appointment is confirmed.',
    });
    let sendCalls = 0;
    for (;;) {
      sendCalls++;
      const progress = run<{ done: boolean }>('cliqtelSmsSend', { jobKey: preview.jobKey, confirm: preview.sendable });
      if (progress.done) break;
      if (sendCalls > messages) throw new Error('the SMS job did not finish');
    }
    const realSeconds = (performance.now() - realStart) / 1000;
    const sms = emu.stats.requests.filter((r) => r.url.startsWith(`${sandbox.baseUrl}/v1/sms`));
    const created = ((await sandbox.data('sms')) as unknown[]).length - seeded;
    const results: SmsBenchResults = {
      messages,
      created,
      sendCalls,
      requests: {
        total: sms.length,
        posts: sms.filter((r) => r.method.toLowerCase() === 'post').length,
        gets: sms.filter((r) => r.method.toLowerCase() === 'get').length,
      },
      maxRequestsPerRollingMinute: maxPerRollingMinute(sms.map((r) => r.at)),
      writeCallsPerMessage: Math.round((emu.stats.writeCalls / messages) * 100) / 100,
      jobMinutes: Math.round(((emu.now() - started) / 60_000) * 10) / 10,
      realSeconds: Math.round(realSeconds * 10) / 10,
    };
    if (!options.quiet) process.stdout.write(`\n${formatSmsResults(results)}\n`);
    return results;
  } finally {
    emu.close();
    await sandbox.stop();
  }
}

export function formatSmsResults(r: SmsBenchResults): string {
  const rows: [string, string, string][] = [
    ['messages sent (sandbox)', `${r.created.toLocaleString('en-US')} of ${r.messages.toLocaleString('en-US')}`, 'all, once'],
    ['cliqtelSmsSend calls', String(r.sendCalls), '—'],
    ['/v1/sms requests (POST + GET)', `${r.requests.total} (${r.requests.posts} + ${r.requests.gets})`, 'messages + 1'],
    ['most requests in a rolling minute', String(r.maxRequestsPerRollingMinute), '≤ 60'],
    ['sheet write calls per message', String(r.writeCallsPerMessage), '≤ 2'],
    ['job time on the emulator clock', `${r.jobMinutes} min`, `≈ ${Math.ceil(r.messages / 59)} min at 59/min`],
    ['real time here', `${r.realSeconds} s`, '—'],
  ];
  const width = Math.max(...rows.map((row) => row[0].length));
  return [
    `SMS: a ${r.messages.toLocaleString('en-US')}-message job`,
    ...rows.map(([a, b, c]) => `  ${a.padEnd(width)}  ${b.padEnd(18)}  target ${c}`),
  ].join('\n');
}
