// The Send SMS panel: pick a sheet, the To column, a message column or a template and the sender; preview, confirm
// (smsPreview), then send with a progress bar (smsProgress); a job in progress is picked up again when the sidebar is
// reopened. Every value from the sheet or the API is rendered as text. docs/architecture.md#sms-from-a-sheet
import type { SmsSender, SmsSheetInfo } from '../core/serverApi';
import { button, el, field, InputError, Notice, reveal, runBusy, select } from './dom';
import { callServer } from './rpc';
import { smsPreviewContent } from './smsPreview';
import { createSmsProgress } from './smsProgress';

export interface SmsPanel {
  element: HTMLElement;
  /** Loads sheets, senders and any job in progress (the first time the tab is shown). */
  load(): Promise<void>;
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
  const progress = createSmsProgress();

  let sheets: SmsSheetInfo[] = [];

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

  previewButton.addEventListener('click', () => {
    void runBusy(previewButton, notice, 'Previewing…', async () => {
      const args = previewArgs();
      previewBox.hidden = true;
      const preview = await callServer('cliqtelSmsPreview', args);
      previewBox.replaceChildren(
        ...smsPreviewContent(preview, args.sheetName, fromSelect.value, () => {
          previewBox.hidden = true;
          void progress.drive(preview.jobKey, preview.sendable, args.sheetName);
        }),
      );
      previewBox.hidden = false;
      reveal(previewBox);
    });
  });

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
      progress.resume(withJob);
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
    progress.element,
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
