// The report builder (kind + period + optional sheet name → cliqtelInsertReport), used by the sidebar's Reports
// panel and by the menu's "Insert report" dialog.
import type { ReportKind } from '../core/serverApi';
import { button, el, field, InputError, Notice, runBusy, select } from './dom';
import { REPORT_KIND_CHOICES, REPORT_KINDS } from './labels';
import { PeriodPicker } from './period';
import { callServer, type ServerArgs } from './rpc';

export interface ReportFormOptions {
  submitLabel?: string;
  onInserted(result: { sheetName: string; rows: number }): void | Promise<void>;
  /** Extra buttons placed next to submit (e.g. a dialog's Cancel). */
  extraActions?: HTMLElement[];
}

export function createReportForm(options: ReportFormOptions): HTMLFormElement {
  const kind = select(REPORT_KIND_CHOICES, 'summary');
  const period = new PeriodPicker();
  const undatedNote = el('p', { className: 'hint', text: 'This report lists everything as of each refresh; it has no period.' });
  // A calls log starts at a fixed date and runs up to today: a start date instead of a period.
  const logStart = el('input', { attrs: { type: 'date', required: '' } });
  const today = new Date();
  logStart.value = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-01`;
  const logField = field(
    'Start date',
    logStart,
    'Keeps every call from this date on. Each refresh downloads only the last few days: new calls are added, re-rated ones updated in place.',
  );
  const sheetName = el('input', {
    attrs: { type: 'text', maxlength: '100', placeholder: 'Default: named after the report', autocomplete: 'off' },
  });
  const submit = button(options.submitLabel ?? 'Insert report', 'primary', 'submit');
  const notice = new Notice();

  const syncKind = () => {
    const dated = REPORT_KINDS[kind.value as ReportKind].dated;
    const log = kind.value === 'calls_log';
    period.hidden = !dated || log;
    logField.hidden = !log;
    undatedNote.hidden = dated;
  };
  kind.addEventListener('change', syncKind);
  syncKind();

  const form = el(
    'form',
    { className: 'stack', attrs: { novalidate: '' } },
    field('Report', kind),
    period.element,
    logField,
    undatedNote,
    field('Sheet name (optional)', sheetName),
    el('div', { className: 'actions' }, submit, ...(options.extraActions ?? [])),
    notice.element,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void runBusy(submit, notice, 'Inserting…', async () => {
      const chosen = kind.value as ReportKind;
      const arg: ServerArgs<'cliqtelInsertReport'>[0] = { kind: chosen };
      if (chosen === 'calls_log') {
        if (!logStart.value) throw new InputError('Pick the date the calls log starts from.');
        arg.from = logStart.value;
      } else if (REPORT_KINDS[chosen].dated) Object.assign(arg, period.value());
      const name = sheetName.value.trim();
      if (name) arg.sheetName = name;
      const result = await callServer('cliqtelInsertReport', arg);
      notice.success(`Inserted “${result.sheetName}” with ${result.rows} ${result.rows === 1 ? 'row' : 'rows'}.`);
      await options.onInserted(result);
    });
  });
  return form;
}
