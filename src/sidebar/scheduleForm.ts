// The schedule selector (frequency, hour for daily runs, last run and its status → cliqtelSetSchedule), used by
// the sidebar's Schedule panel and by the menu's "Schedule" dialog.
import type { Frequency, ScheduleInfo } from '../core/serverApi';
import { button, el, field, formatTime, Notice, runBusy, select } from './dom';
import { FREQUENCIES, FREQUENCY_IDS } from '../core/catalog';
import { describeFrequency, hourLabel } from './labels';
import { callServer } from './rpc';

export interface ScheduleForm {
  element: HTMLFormElement;
  /** Shows a schedule read from the server (settings load or save). */
  show(schedule: ScheduleInfo): void;
}

export interface ScheduleFormOptions {
  onSaved?(schedule: ScheduleInfo): void;
  extraActions?: HTMLElement[];
}

const DEFAULT_HOUR = 6;

export function createScheduleForm(options: ScheduleFormOptions = {}): ScheduleForm {
  const frequency = select(
    FREQUENCY_IDS.map((value) => ({ value, label: FREQUENCIES[value].label })),
    'off',
  );
  const hour = select(
    Array.from({ length: 24 }, (_, h) => ({ value: String(h), label: `${hourLabel(h)}–${hourLabel((h + 1) % 24)}` })),
    String(DEFAULT_HOUR),
  );
  const hourField = field(
    'Time of day',
    hour,
    'Google runs the refresh at some point within this hour, in the spreadsheet’s time zone (File › Settings).',
  );
  const submit = button('Save schedule', 'primary', 'submit');
  const notice = new Notice();

  const current = el('dd', { text: 'Loading…' });
  const lastRun = el('dd', { text: '—' });
  const lastStatus = el('dd', { text: '—' });
  const summary = el(
    'dl',
    { className: 'facts card', attrs: { 'aria-label': 'Current schedule' } },
    el('dt', { text: 'Current' }),
    current,
    el('dt', { text: 'Last run' }),
    lastRun,
    el('dt', { text: 'Result' }),
    lastStatus,
  );

  const syncHour = () => {
    hourField.hidden = frequency.value !== 'daily';
  };
  frequency.addEventListener('change', syncHour);
  syncHour();

  const show = (schedule: ScheduleInfo) => {
    frequency.value = schedule.frequency;
    if (typeof schedule.hour === 'number') hour.value = String(schedule.hour);
    syncHour();
    current.textContent = describeFrequency(schedule.frequency, schedule.hour);
    lastRun.textContent = formatTime(schedule.lastRun, 'Not run yet');
    lastStatus.textContent = schedule.lastRunStatus ?? '—';
    lastStatus.className = statusClass(schedule.lastRunStatus);
  };

  const element = el(
    'form',
    { className: 'stack', attrs: { novalidate: '' } },
    summary,
    el('p', { className: 'hint', text: 'Scheduled runs refresh every report sheet in this spreadsheet with your saved key.' }),
    field('Refresh reports', frequency),
    hourField,
    el('div', { className: 'actions' }, submit, ...(options.extraActions ?? [])),
    notice.element,
  );
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    void runBusy(submit, notice, 'Saving…', async () => {
      const chosen = frequency.value as Frequency;
      const saved = await callServer(
        'cliqtelSetSchedule',
        chosen === 'daily' ? { frequency: chosen, hour: Number(hour.value) } : { frequency: chosen },
      );
      show(saved);
      notice.success(
        chosen === 'off' ? 'Scheduled refresh turned off.' : `Saved: ${describeFrequency(saved.frequency, saved.hour)}.`,
      );
      options.onSaved?.(saved);
    });
  });
  return { element, show };
}

/** Colours a run or refresh status by its leading word ("ok", "error: …", "partial: …", "skipped: …"). */
export function statusClass(status: string | null | undefined): string {
  if (!status) return 'status';
  if (/^(ok|success)/i.test(status)) return 'status status-ok';
  if (/^(error|failed)/i.test(status)) return 'status status-error';
  return 'status status-warn';
}
