// The Send SMS panel: pick a sheet, the To column, a message column or a template and the sender; preview (samples,
// counts, skipped rows and why, segments); confirm naming the count; then a progress bar driven by repeated
// cliqtelSmsSend calls (each a fresh execution under its time budget), Stop, and the job picked up again when the
// sidebar is reopened. Every value from the sheet or the API is rendered as text.
import type { SmsPreview, SmsProgress, SmsSender, SmsSheetInfo } from '../core/serverApi';
import { button, el, field, InputError, Notice, reveal, runBusy, select } from './dom';
import { callServer } from './rpc';

export interface SmsPanel {
  element: HTMLElement;
  /** Loads sheets, senders and any job in progress (the first time the tab is shown). */
  load(): Promise<void>;
}

const SKIPPED_SHOWN = 8;
/** Calls in a row that changed nothing before the loop pauses (Cliqtel could not confirm messages, say). */
const IDLE_CALLS_LIMIT = 4;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

export function createSmsPanel(): SmsPanel {
  const notice = new Notice();
  const sheetSelect = select([]);
  const toSelect = select([]);
  const bodySelect = select([]);
  const modeTemplate = el('input', { attrs: { type: 'radio', name: 'sms-mode', id: 'sms-mode-template', value: 'template' } });
  const modeColumn = el('input', { attrs: { type: 'radio', name: 'sms-mode', id: 'sms-mode-column', value: 'column' } });
  modeTemplate.checked = true;
  const template = el('textarea', {
    attrs: { rows: '4', id: 'sms-template', placeholder: 'Hi {{Name}}, see you {{Date}}', spellcheck: 'true' },
  });
  const fromSelect = select([]);
  const previewButton = button('Preview');
  const placeholders = el('p', { className: 'hint' });

  const bodyColumnField = field('Message column', bodySelect);
  const templateField = field('Message', template, placeholders);
  const modes = el(
    'div',
    { className: 'choice', attrs: { role: 'radiogroup', 'aria-label': 'Message from' } },
    el('label', { className: 'radio' }, modeTemplate, ' Template'),
    el('label', { className: 'radio' }, modeColumn, ' A column'),
  );

  const previewBox = el('div', { className: 'card sms-preview', attrs: { 'aria-live': 'polite' } });
  previewBox.hidden = true;
  const progressBox = el('div', { className: 'card sms-progress' });
  progressBox.hidden = true;

  let sheets: SmsSheetInfo[] = [];
  let running = false;
  let stopRequested = false;

  const currentSheet = () => sheets.find((s) => s.name === sheetSelect.value);

  const fillColumns = () => {
    const headers = currentSheet()?.headers ?? [];
    const choices = headers.map((h) => ({ value: h, label: h }));
    const keep = (node: HTMLSelectElement, guess: RegExp) => {
      const before = node.value;
      node.replaceChildren(...choices.map((c) => el('option', { text: c.label, attrs: { value: c.value } })));
      node.value = headers.includes(before) ? before : (headers.find((h) => guess.test(h)) ?? headers[0] ?? '');
    };
    keep(toSelect, /phone|mobile|number|to\b|cell|tel/i);
    keep(bodySelect, /message|text|body|sms/i);
    placeholders.textContent = headers.length
      ? `Placeholders: ${headers.map((h) => `{{${h}}}`).join(' ')}`
      : 'This sheet has no headers in row 1.';
    previewBox.hidden = true;
  };

  const syncMode = () => {
    bodyColumnField.hidden = !modeColumn.checked;
    templateField.hidden = modeColumn.checked;
    previewBox.hidden = true;
  };
  modeTemplate.addEventListener('change', syncMode);
  modeColumn.addEventListener('change', syncMode);
  sheetSelect.addEventListener('change', fillColumns);
  for (const node of [toSelect, bodySelect, fromSelect, template])
    node.addEventListener('input', () => (previewBox.hidden = true));

  const previewArgs = () => {
    if (!sheetSelect.value) throw new InputError('Pick the sheet that holds the list.');
    if (!toSelect.value) throw new InputError('Pick the column with the phone numbers (row 1 needs headers).');
    if (!fromSelect.value) throw new InputError('Pick a sender: this key has no SMS-capable number.');
    const base = { sheetName: sheetSelect.value, toColumn: toSelect.value, from: fromSelect.value };
    if (modeColumn.checked) return { ...base, bodyColumn: bodySelect.value };
    if (!template.value.trim()) throw new InputError('Write the message: text with placeholders such as {{Name}}.');
    return { ...base, template: template.value };
  };

  // ---- preview and confirm ----

  const showPreview = (preview: SmsPreview, sheetName: string) => {
    const rows: HTMLElement[] = [];
    rows.push(
      el('p', { className: 'sms-counts' }, el('strong', { text: plural(preview.sendable, 'message') }), ' to send'),
      el(
        'p',
        { className: 'hint' },
        `${plural(preview.segments, 'segment')} in all · ${preview.alreadySent.toLocaleString()} already sent · ${plural(preview.skipped.length, 'row')} skipped`,
      ),
    );
    if (preview.samples.length) {
      rows.push(
        el(
          'ul',
          { className: 'sms-samples', attrs: { 'aria-label': 'Sample messages' } },
          ...preview.samples.map((s) =>
            el(
              'li',
              {},
              el('span', { className: 'sms-sample-head', text: `Row ${s.row} → ${s.to}` }),
              el('span', { className: 'sms-body', text: s.body }),
              el('span', { className: 'hint', text: `${plural(s.segments, 'segment')} · ${s.encoding}` }),
            ),
          ),
        ),
      );
    }
    if (preview.skipped.length) {
      const shown = preview.skipped.slice(0, SKIPPED_SHOWN);
      rows.push(
        el('h3', { text: 'Skipped' }),
        el(
          'ul',
          { className: 'sms-skipped', attrs: { 'aria-label': 'Skipped rows' } },
          ...shown.map((s) => el('li', { text: `Row ${s.row}: ${s.reason}` })),
          preview.skipped.length > shown.length
            ? el('li', { className: 'hint', text: `and ${plural(preview.skipped.length - shown.length, 'more row')}` })
            : null,
        ),
      );
    }
    if (preview.sendable > 0) {
      const confirm = button(`Send ${plural(preview.sendable, 'message')}`);
      confirm.classList.add('sms-confirm');
      rows.push(
        el(
          'div',
          { className: 'sms-confirm-box' },
          el('p', {
            text: `Send ${plural(preview.sendable, 'SMS', 'SMS')} from ${fromSelect.value} to the rows of “${sheetName}”? Each row is sent at most once; its status goes into the SMS status column.`,
          }),
          el('div', { className: 'actions' }, confirm),
        ),
      );
      confirm.addEventListener('click', () => {
        previewBox.hidden = true;
        void drive(preview.jobKey, preview.sendable, sheetName);
      });
    } else {
      rows.push(el('p', { className: 'hint', text: 'Nothing to send: every row was skipped or already sent.' }));
    }
    previewBox.replaceChildren(...rows);
    previewBox.hidden = false;
    reveal(previewBox);
  };

  previewButton.addEventListener('click', () => {
    void runBusy(previewButton, notice, 'Previewing…', async () => {
      const args = previewArgs();
      previewBox.hidden = true;
      showPreview(await callServer('cliqtelSmsPreview', args), args.sheetName);
    });
  });

  // ---- sending ----

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

  // ---- loading and resuming ----

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

  const load = async () => {
    const [{ sheets: list, activeSheet }, senders] = await Promise.all([
      callServer('cliqtelSmsSheets'),
      callServer('cliqtelSmsSenders').then(
        (r) => r.numbers,
        (error: Error) => {
          notice.error(`Could not read your SMS numbers: ${error.message}`);
          return [] as SmsSender[];
        },
      ),
    ]);
    sheets = list;
    sheetSelect.replaceChildren(...list.map((s) => el('option', { text: s.name, attrs: { value: s.name } })));
    const withJob = list.find((s) => s.job && !s.job.done && s.job.total > s.job.pending) ?? list.find((s) => s.job);
    sheetSelect.value = withJob?.name ?? activeSheet ?? list[0]?.name ?? '';
    fromSelect.replaceChildren(
      ...senders.map((s) =>
        el('option', {
          text: typeof s.label === 'string' && s.label ? `${s.number} · ${s.label}` : s.number,
          attrs: { value: s.number },
        }),
      ),
    );
    fillColumns();
    const j = withJob?.job;
    if (j) {
      toSelect.value = j.toColumn;
      if (j.bodyColumn !== undefined) {
        modeColumn.checked = true;
        bodySelect.value = j.bodyColumn;
      } else template.value = j.template ?? '';
      if (senders.some((s) => s.number === j.from)) fromSelect.value = j.from;
      syncMode();
      resume(withJob);
    }
  };

  syncMode();
  const element = el(
    'div',
    { className: 'stack sms' },
    el('p', {
      className: 'hint',
      text: 'Send one SMS per row of a sheet. Row 1 holds the headers; each row is sent at most once.',
    }),
    field('Sheet', sheetSelect),
    field('To (phone numbers)', toSelect, 'E.164 numbers such as +4915112345678.'),
    modes,
    templateField,
    bodyColumnField,
    field('Sender', fromSelect),
    el('div', { className: 'actions' }, previewButton),
    notice.element,
    previewBox,
    progressBox,
  );
  let loaded: Promise<void> | null = null;
  return {
    element,
    load: () => {
      loaded ??= load().catch((error: unknown) => {
        loaded = null;
        notice.error(`Could not load the sheets: ${error instanceof Error ? error.message : String(error)}`);
      });
      return loaded;
    },
  };
}
