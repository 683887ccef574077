// "Run scheduled trigger now": runs every clock trigger once and says what each run did, from the outcome the
// add-on's handler recorded (the schedule's last run status via cliqtelGetSettings, each report's registry entry
// via cliqtelListReports) — not just that the handler returned.
import type { Emulator } from '../emulator/index';

interface RecordedSchedule {
  schedule?: { lastRun?: string | null; lastRunStatus?: string | null };
}
interface RecordedReports {
  reports?: { sheetName: string; lastRefresh: string | null; status: string; rows: number }[];
}

export interface TriggerRunSummary {
  message: string;
  /** A handler threw or recorded an error. */
  failed: boolean;
}

const plainCount = (n: number) => n.toLocaleString('en-US');

/** "ok: 2 reports refreshed" → "2 reports refreshed"; "skipped: …" → "Skipped: …". */
function sentence(status: string): string {
  const text = status.replace(/^ok:\s*/i, '').trim() || 'done';
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function describeOne(
  emu: Emulator,
  handler: string,
  owner: string,
  error: Error | undefined,
  startedAt: number,
): TriggerRunSummary {
  const who = `${handler} (as ${owner})`;
  if (error) return { message: `${who}: failed — ${error.message}`, failed: true };
  let status: string | null = null;
  let touched: NonNullable<RecordedReports['reports']> = [];
  try {
    const settings = emu.run('cliqtelGetSettings', [], { mode: 'server', user: owner }) as RecordedSchedule;
    const lastRun = settings.schedule?.lastRun;
    if (lastRun && Date.parse(lastRun) >= startedAt) status = settings.schedule?.lastRunStatus ?? null;
    const listed = emu.run('cliqtelListReports', [], { mode: 'server', user: owner }) as RecordedReports;
    touched = (listed.reports ?? []).filter((r) => r.lastRefresh && Date.parse(r.lastRefresh) >= startedAt);
  } catch (e) {
    return { message: `${who}: ran, but its outcome could not be read (${(e as Error).message})`, failed: true };
  }
  if (status === null) return { message: `${who}: ran and recorded no outcome`, failed: false };
  const details = touched.map((r) =>
    /^error/i.test(r.status) ? `“${r.sheetName}” ${r.status}` : `“${r.sheetName}” ${plainCount(r.rows)} rows`,
  );
  const failed = /^(error|partial)/i.test(status);
  return { message: `${who}: ${sentence(status)}${details.length ? ` — ${details.join('; ')}` : ''}`, failed };
}

/** Runs the clock triggers once (emu.runTimeDrivenTriggers) and describes each run's recorded outcome. */
export function runScheduledTriggers(emu: Emulator): TriggerRunSummary {
  const startedAt = emu.now();
  const results = emu.runTimeDrivenTriggers();
  if (results.length === 0) {
    return {
      message: 'No scheduled refresh is set up: choose one in Extensions › Cliqtel › Schedule refresh… first.',
      failed: false,
    };
  }
  const runs = results.map((r) => describeOne(emu, r.handler, r.owner, r.error, startedAt));
  return { message: runs.map((r) => r.message).join('\n'), failed: runs.some((r) => r.failed) };
}
