// The dashboard entry (Reports tab), the low-balance alert form (Schedule tab → cliqtelSetBalanceAlert) and the
// banner shown at the top of the sidebar while the balance is below the alert's threshold. All API data as text.
import type { BalanceAlertInfo, BalanceAlertResult, BalanceCheckInfo } from '../core/serverApi';
import { button, el, field, formatTime, InputError, Notice, runBusy } from './dom';
import { callServer } from './rpc';

function amount(value: number, currency: string | null | undefined): string {
  const text = value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return currency ? `${text} ${currency}` : text;
}

/** "Insert dashboard": one sheet with the balance, this month vs last, a 30-day chart and the top 10s. */
export function createDashboardEntry(onInserted: () => Promise<void> | void): HTMLElement {
  const insert = button('Insert dashboard', 'secondary');
  const notice = new Notice();
  insert.addEventListener('click', () => {
    void runBusy(insert, notice, 'Building the dashboard…', async () => {
      const { sheetName } = await callServer('cliqtelInsertDashboard', {});
      await onInserted();
      notice.success(`The dashboard is on the sheet “${sheetName}”; it refreshes with your other reports.`);
    });
  });
  return el(
    'div',
    { className: 'stack dashboard-entry' },
    el('h2', { text: 'Dashboard' }),
    el('p', {
      className: 'hint',
      text: 'Balance, this month against last, minutes and cost over 30 days, and the top 10 destinations and numbers by cost — on one sheet.',
    }),
    el('div', { className: 'actions' }, insert),
    notice.element,
  );
}

export interface BalanceBanner {
  element: HTMLElement;
  show(alert: BalanceAlertInfo, check: BalanceCheckInfo | null): void;
}

/** A banner while the last check found the available balance below the threshold. */
export function createBalanceBanner(): BalanceBanner {
  const text = el('span', {});
  const element = el('div', { className: 'balance-banner', attrs: { role: 'alert' } }, text);
  element.hidden = true;
  return {
    element,
    show(alert, check) {
      const below = alert.below && alert.threshold !== null;
      element.hidden = !below;
      if (!below) return;
      const balance = check?.availableBalance;
      const currency = check?.currency;
      text.textContent =
        `Low balance: ${balance === null || balance === undefined ? 'your available balance' : amount(balance, currency)} ` +
        `is below your alert of ${amount(alert.threshold as number, currency)}. Top up at cliqtel.com to keep calls going.`;
    },
  };
}

export interface BalanceAlertForm {
  element: HTMLElement;
  show(alert: BalanceAlertInfo, check: BalanceCheckInfo | null): void;
}

/** The Schedule tab's alert: the threshold (set or remove), the last check and the last e-mail. */
export function createBalanceAlertForm(onSaved: (result: BalanceAlertResult) => void): BalanceAlertForm {
  const threshold = el('input', {
    attrs: { type: 'number', min: '0', step: '0.01', inputmode: 'decimal', placeholder: 'e.g. 50', name: 'threshold' },
  }) as HTMLInputElement;
  const set = button('Set alert', 'primary', 'submit');
  const remove = button('Remove alert', 'secondary');
  const notice = new Notice();
  const state = el('dd', { text: 'Loading…' });
  const lastCheck = el('dd', { text: '—' });
  const lastMail = el('dd', { text: '—' });
  let currency: string | null = null;
  let lastCheckShown: BalanceCheckInfo | null = null;

  const show = (alert: BalanceAlertInfo, check: BalanceCheckInfo | null) => {
    lastCheckShown = check;
    currency = check?.currency ?? currency;
    state.textContent = alert.threshold === null ? 'Off' : `Below ${amount(alert.threshold, currency)}`;
    remove.hidden = alert.threshold === null;
    if (alert.threshold !== null && document.activeElement !== threshold) threshold.value = String(alert.threshold);
    if (!check) lastCheck.textContent = alert.threshold === null ? '—' : 'Not checked yet (next scheduled run)';
    else if (check.error) lastCheck.textContent = `${formatTime(check.at)}: ${check.error}`;
    else
      lastCheck.textContent = `${formatTime(check.at)}: ${check.availableBalance === null ? '—' : amount(check.availableBalance, check.currency)} available`;
    lastCheck.className = check?.error ? 'status status-error' : 'status';
    lastMail.textContent = formatTime(alert.lastAlertAt, 'None yet');
  };

  const save = async (value: number | null) => {
    const result = await callServer('cliqtelSetBalanceAlert', { threshold: value });
    show(result, lastCheckShown);
    onSaved(result);
    notice.success(result.message);
  };

  const element = el(
    'form',
    { className: 'stack balance-alert', attrs: { novalidate: '', 'aria-label': 'Low-balance alert' } },
    el('h2', { text: 'Low-balance alert' }),
    el(
      'dl',
      { className: 'facts card' },
      el('dt', { text: 'Alert' }),
      state,
      el('dt', { text: 'Last check' }),
      lastCheck,
      el('dt', { text: 'Last e-mail' }),
      lastMail,
    ),
    field(
      'E-mail me when the available balance falls below',
      threshold,
      'In your account currency. Checked on every scheduled run (an hourly schedule is turned on if there is none); one e-mail each time it falls below.',
    ),
    el('div', { className: 'actions' }, set, remove),
    notice.element,
  );
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    void runBusy(set, notice, 'Saving…', async () => {
      const text = threshold.value.trim();
      const value = Number(text);
      if (text === '' || !Number.isFinite(value) || value < 0) {
        throw new InputError('Enter an amount of at least 0, e.g. 50.');
      }
      await save(value);
    });
  });
  remove.addEventListener('click', () => {
    void runBusy(remove, notice, 'Removing…', async () => {
      await save(null);
      threshold.value = '';
    });
  });
  return { element, show };
}
