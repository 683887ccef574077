// The period picker shared by the report builder and the export dialog: a rolling window (re-evaluated on each
// refresh) or fixed from/to dates.
import type { RollingWindow } from '../core/serverApi';
import { type Choice, el, field, InputError, select } from './dom';
import { WINDOW_CHOICES } from './labels';

export type Period = { window: RollingWindow } | { from: string; to: string };

const FIXED = 'fixed';

function isoDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export class PeriodPicker {
  readonly element: HTMLDivElement;
  private readonly choice: HTMLSelectElement;
  private readonly from: HTMLInputElement;
  private readonly to: HTMLInputElement;
  private readonly dates: HTMLDivElement;

  constructor(initial: RollingWindow = 'this_month') {
    const choices: Choice[] = [...WINDOW_CHOICES, { value: FIXED, label: 'Fixed dates…' }];
    this.choice = select(choices, initial);
    const today = new Date();
    this.from = el('input', { attrs: { type: 'date', required: '' } });
    this.from.value = isoDate(new Date(today.getFullYear(), today.getMonth(), 1));
    this.to = el('input', { attrs: { type: 'date', required: '' } });
    this.to.value = isoDate(today);
    this.dates = el('div', { className: 'row' }, field('From', this.from), field('To', this.to));
    this.element = el(
      'div',
      { className: 'period' },
      field('Period', this.choice, 'A rolling period moves forward on every refresh; fixed dates stay fixed.'),
      this.dates,
    );
    this.choice.addEventListener('change', () => this.sync());
    this.sync();
  }

  /** The chosen period; throws InputError for incomplete or reversed dates. */
  value(): Period {
    if (this.choice.value !== FIXED) return { window: this.choice.value as RollingWindow };
    const from = this.from.value;
    const to = this.to.value;
    if (!from || !to) throw new InputError('Pick both a From and a To date, or choose a rolling period.');
    if (from > to) throw new InputError(`The From date (${from}) is after the To date (${to}).`);
    return { from, to };
  }

  set hidden(hide: boolean) {
    this.element.hidden = hide;
  }

  private sync(): void {
    this.dates.hidden = this.choice.value !== FIXED;
  }
}
