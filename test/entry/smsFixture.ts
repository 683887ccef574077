// Shared setup for the SMS bundle tests: the sandbox + the emulator (options for virtual sleep and a short fetch
// timeout), a recipients sheet built in the emulator's model, and helpers to preview, send until done and read the
// sandbox's messages.
import path from 'node:path';
import { TEST_NOW } from '../../dev/clock';
import { Emulator, type QuotePrefixReading } from '../../dev/emulator';
import { startSandbox } from '../../dev/sandbox/spawn';
import type { SandboxHandle } from '../../dev/sandbox/types';
import type { SmsPreview, SmsProgress } from '../../src/core/serverApi';
import { repoRoot, requireBuild } from '../helpers/harness';

export type { SmsPreview, SmsProgress };

export const SENDER = '+447700900123';
export const SMS_PATH = '/api/v1/sms/messages';
export const STATUS_HEADERS = ['SMS status', 'SMS id', 'SMS sent at', 'SMS cost'];

export interface SandboxSms {
  id: number;
  from: string;
  to: string;
  body: string;
  direction: string;
  created_at: string;
  cost: number;
}

export interface SmsHarness {
  sandbox: SandboxHandle;
  emu: Emulator;
  /** The acting user (each test file may switch to a fresh user: its own key, properties and send times). */
  user: string;
  saveKey(key: string): void;
  preview(arg: Record<string, unknown>): SmsPreview;
  send(arg: Record<string, unknown>): SmsProgress;
  run<T>(fn: string, arg?: unknown): T;
  /** Calls cliqtelSmsSend until done (at most `maxCalls` times); returns every result. */
  sendAll(jobKey: string, confirm: number, maxSeconds?: number, maxCalls?: number): SmsProgress[];
  /** Outbound messages the sandbox holds that were created by the tests (ids above the seeded ones). */
  sentMessages(): Promise<SandboxSms[]>;
  stop(): Promise<void>;
}

export async function startSmsHarness(
  opts: { realSleep?: boolean; fetchTimeoutMs?: number; quotePrefix?: QuotePrefixReading; timeZone?: string } = {},
): Promise<SmsHarness> {
  requireBuild();
  const sandbox = await startSandbox({ now: TEST_NOW, cdrCount: 200 });
  const emu = new Emulator({
    codePath: path.join(repoRoot, 'dist/Code.js'),
    htmlDir: path.join(repoRoot, 'dist'),
    manifestPath: path.join(repoRoot, 'dist/appsscript.json'),
    scriptProperties: { CLIQTEL_BASE_URL: sandbox.baseUrl },
    extraUrlFetchWhitelist: [sandbox.baseUrl],
    timeZone: opts.timeZone ?? 'Europe/Berlin',
    now: TEST_NOW,
    realSleep: opts.realSleep ?? true,
    fetchTimeoutMs: opts.fetchTimeoutMs,
    quotePrefixInTextCells: opts.quotePrefix,
  });
  const seeded = new Set(((await sandbox.data('sms')) as SandboxSms[]).map((m) => m.id));
  const h: SmsHarness = {
    sandbox,
    emu,
    user: emu.activeSpreadsheet.owner,
    saveKey: (key) => {
      const result = emu.run('cliqtelSaveApiKey', [{ key }], { mode: 'server', user: h.user }) as { ok: boolean; error?: string };
      if (!result.ok) throw new Error(result.error);
    },
    run: <T>(fn: string, arg?: unknown) => emu.run(fn, arg === undefined ? [] : [arg], { mode: 'server', user: h.user }) as T,
    preview: (arg) => h.run<SmsPreview>('cliqtelSmsPreview', arg),
    send: (arg) => h.run<SmsProgress>('cliqtelSmsSend', arg),
    sendAll: (jobKey, confirm, maxSeconds, maxCalls = 100) => {
      const results: SmsProgress[] = [];
      for (let i = 0; i < maxCalls; i++) {
        const result = h.send({ jobKey, confirm, ...(maxSeconds === undefined ? {} : { maxSeconds }) });
        results.push(result);
        if (result.done) return results;
      }
      throw new Error(`not done after ${maxCalls} calls: ${JSON.stringify(results[results.length - 1])}`);
    },
    sentMessages: async () =>
      ((await sandbox.data('sms')) as SandboxSms[]).filter((m) => !seeded.has(m.id) && m.direction === 'outbound'),
    stop: async () => {
      emu.close();
      await sandbox.stop();
    },
  };
  return h;
}

export interface Recipient {
  name: string;
  phone: string;
  /** A date shown as the sheet displays it (the cell holds a date serial with format `d mmm yyyy`). */
  day?: number;
  message?: string;
}

/** Writes a recipients sheet (Name, Phone as plain text, Date, Message) into the emulator's model. */
export function writeRecipients(emu: Emulator, sheetName: string, recipients: readonly Recipient[]): void {
  const ss = emu.activeSpreadsheet;
  const sheet = ss.sheet(sheetName) ?? ss.addSheet(sheetName);
  if (sheet.maxRows < recipients.length + 1) sheet.insertRows(sheet.maxRows + 1, recipients.length + 1 - sheet.maxRows);
  ['Name', 'Phone', 'Date', 'Message'].forEach((h, i) => {
    sheet.ensureCell(1, i + 1).value = h;
  });
  recipients.forEach((r, i) => {
    const row = i + 2;
    sheet.ensureCell(row, 1).value = r.name;
    const phone = sheet.ensureCell(row, 2);
    phone.format = '@';
    phone.value = r.phone;
    if (r.day !== undefined) {
      const date = sheet.ensureCell(row, 3);
      date.format = 'd mmm yyyy';
      date.value = r.day;
    }
    if (r.message !== undefined) sheet.ensureCell(row, 4).value = r.message;
  });
}

/** A German mobile number per index, all valid E.164. */
export function phone(i: number): string {
  return `+49151${String(1000000 + i).padStart(8, '0')}`;
}

/** Rows of `sheetName` as displayed, header included. */
export function displayed(emu: Emulator, sheetName: string): string[][] {
  return emu.activeSpreadsheet.sheetNamed(sheetName).getDisplayValues();
}

/** Column values (by header) of the data rows, as displayed. */
export function column(emu: Emulator, sheetName: string, header: string): string[] {
  const rows = displayed(emu, sheetName);
  const index = rows[0].indexOf(header);
  if (index < 0) throw new Error(`no column ${header} in ${rows[0].join(', ')}`);
  return rows.slice(1).map((r) => r[index] ?? '');
}
