// The Send SMS panel's progress card: a bar driven by repeated cliqtelSmsSend calls (each a fresh execution under its
// time budget), Stop and Continue, and a job picked up again when the sidebar is reopened.
// docs/architecture.md#sms-from-a-sheet
import type { SmsProgress, SmsSheetInfo } from '../core/serverApi';
import { button, el, Notice, reveal } from './dom';
import { callServer } from './rpc';
import { plural } from './smsPreview';

/** Calls in a row that changed nothing before the loop pauses (Cliqtel could not confirm messages, say). */
const IDLE_CALLS_LIMIT = 4;

export interface SmsProgressCard {
  element: HTMLElement;
  /** Sends the job to the end (or until Stop, a pause or an error), showing progress. */
  drive(jobKey: string, total: number, sheetName: string): Promise<void>;
  /** Shows a sheet's job left from an earlier sidebar, if it had started. */
  resume(sheet: SmsSheetInfo): void;
}

export function createSmsProgress(): SmsProgressCard {
  const progressBox = el('div', { className: 'card sms-progress' });
  progressBox.hidden = true;
  let running = false;
  let stopRequested = false;

  const bar = el('progress', { attrs: { max: '1', value: '0', 'aria-label': 'Messages sent' } });
  const progressTitle = el('p', { className: 'sms-progress-title' });
  const progressText = el('p', { className: 'sms-progress-text' });
  const stopButton = button('Stop', 'secondary');
  const continueButton = button('Continue', 'secondary');
  const progressNotice = new Notice();
  progressBox.append(
    progressTitle,
    bar,
    progressText,
    progressNotice.element,
    el('div', { className: 'actions' }, stopButton, continueButton),
  );
  let job: { jobKey: string; total: number; sheetName: string } | null = null;

  const showProgress = (p: SmsProgress, state: 'running' | 'stopped' | 'paused' | 'done') => {
    const finished = p.total - p.pending;
    bar.max = Math.max(1, p.total);
    bar.value = finished;
    const parts = [`${p.sent.toLocaleString()} of ${p.total.toLocaleString()} sent`];
    if (p.failed) parts.push(`${p.failed.toLocaleString()} not sent`);
    if (p.unknown) parts.push(`${p.unknown.toLocaleString()} unconfirmed`);
    if (p.pending && state !== 'running') parts.push(`${p.pending.toLocaleString()} waiting`);
    progressText.textContent = parts.join(' · ');
    const titles = {
      running: `Sending from “${job?.sheetName}”…`,
      stopped: `Stopped. A new preview sends the rows still unsent.`,
      paused: `Paused: “${job?.sheetName}”`,
      done: `Done: “${job?.sheetName}”`,
    };
    progressTitle.textContent = titles[state];
    stopButton.hidden = state === 'done' || state === 'stopped';
    continueButton.hidden = state !== 'paused';
    progressBox.hidden = false;
    progressBox.dataset.state = state;
  };

  async function drive(jobKey: string, total: number, sheetName: string): Promise<void> {
    if (running) return;
    running = true;
    stopRequested = false;
    job = { jobKey, total, sheetName };
    progressNotice.clear();
    showProgress({ jobKey, total, sent: 0, failed: 0, unknown: 0, pending: total, done: false }, 'running');
    reveal(progressBox);
    let last: SmsProgress | null = null;
    let idle = 0;
    try {
      while (!stopRequested) {
        const result = await callServer('cliqtelSmsSend', { jobKey, confirm: total });
        idle = last && result.pending === last.pending && result.unknown === last.unknown ? idle + 1 : 0;
        last = result;
        if (result.done) {
          showProgress(result, 'done');
          progressNotice.success(`${plural(result.sent, 'message')} sent.`);
          return;
        }
        showProgress(result, 'running');
        if (idle >= IDLE_CALLS_LIMIT) {
          showProgress(result, 'paused');
          progressNotice.error(
            'Cliqtel has not confirmed every message yet. Continue checks again; unconfirmed rows are never sent twice.',
          );
          return;
        }
      }
      const stopped = await callServer('cliqtelSmsStop', { sheetName });
      showProgress(stopped, 'stopped');
    } catch (error) {
      if (last) showProgress(last, 'paused');
      else progressBox.dataset.state = 'paused';
      continueButton.hidden = false;
      progressNotice.error(error instanceof Error ? error.message : String(error));
    } finally {
      running = false;
    }
  }

  stopButton.addEventListener('click', () => {
    if (!job) return;
    stopRequested = true;
    stopButton.disabled = true;
    const sheetName = job.sheetName;
    void callServer('cliqtelSmsStop', { sheetName })
      .then((p) => {
        if (!running) showProgress(p, 'stopped');
      })
      .catch((error) => progressNotice.error(error instanceof Error ? error.message : String(error)))
      .finally(() => {
        stopButton.disabled = false;
      });
  });
  continueButton.addEventListener('click', () => {
    if (job) void drive(job.jobKey, job.total, job.sheetName);
  });

  const resume = (sheet: SmsSheetInfo) => {
    const j = sheet.job;
    if (!j?.jobKey) return;
    job = { jobKey: j.jobKey, total: j.total, sheetName: sheet.name };
    const started = j.total - j.pending > 0;
    if (j.stopped || j.halted) {
      showProgress(j, j.done && j.pending === 0 ? 'done' : 'stopped');
      if (j.halted) progressNotice.error(j.halted);
    } else if (!j.done && started) {
      showProgress(j, 'paused');
      progressNotice.info('This job was paused when the sidebar closed. Continue sends the rest; no row is sent twice.');
    } else if (j.done && started) {
      showProgress(j, 'done');
    }
  };

  return { element: progressBox, drive, resume };
}
