// The sidebar page: five tabbed panels (API key, Find numbers, Reports, Send SMS, Schedule) over the server functions.
// The tabs render at once; settings arrive asynchronously so the page is usable within a second.
import type { Settings } from '../core/serverApi';
import { button, el, Notice } from './dom';
import { createBalanceAlertForm, createBalanceBanner } from './balanceAlertPanel';
import { createKeyPanel } from './keyPanel';
import { createNumbersPanel } from './numbersPanel';
import { createReportsPanel, REPORTS_POLL_MS } from './reportsPanel';
import { callServer } from './rpc';
import { createSmsPanel } from './smsPanel';
import { createScheduleForm } from './scheduleForm';

type TabId = 'key' | 'numbers' | 'reports' | 'sms' | 'schedule';

/**
 * How the server opens the sidebar on a given tab: HtmlService pages are static, so the menu's "Settings (API key)"
 * (src/entry/menu.ts) appends `<script>` setting `cliqtelSidebarTab` and calling `cliqtelOpenTab` after this script.
 */
interface TabRequest {
  cliqtelSidebarTab?: unknown;
  cliqtelOpenTab?: (id: unknown) => void;
}

function start(root: HTMLElement): void {
  const appNotice = new Notice();
  const retry = button('Try again', 'secondary');
  retry.hidden = true;

  const keyPanel = createKeyPanel(() => reloadSettings());
  const reportsPanel = createReportsPanel();
  const smsPanel = createSmsPanel();
  const scheduleForm = createScheduleForm();
  const balanceBanner = createBalanceBanner();
  const alertForm = createBalanceAlertForm((result) => {
    scheduleForm.show(result.schedule);
    balanceBanner.show(result, null);
  });

  const panels: Record<TabId, { label: string; body: HTMLElement }> = {
    key: { label: 'API key', body: keyPanel.element },
    numbers: { label: 'Numbers', body: createNumbersPanel() },
    reports: { label: 'Reports', body: reportsPanel.element },
    sms: { label: 'SMS', body: smsPanel.element },
    schedule: { label: 'Schedule', body: el('div', { className: 'stack' }, scheduleForm.element, alertForm.element) },
  };
  const order = Object.keys(panels) as TabId[];
  const tabs = new Map<TabId, HTMLButtonElement>();
  const sections = new Map<TabId, HTMLElement>();
  const tablist = el('div', { className: 'tabs', attrs: { role: 'tablist', 'aria-label': 'Cliqtel' } });
  let reportsLoaded = false;
  let current: TabId = 'key';
  /** The server asked for a tab: the "people with a key land on Reports" default no longer applies. */
  let tabRequested = false;

  for (const id of order) {
    const tab = el('button', {
      className: 'tab',
      text: panels[id].label,
      attrs: { type: 'button', role: 'tab', id: `tab-${id}`, 'aria-controls': `panel-${id}`, 'data-tab': id },
    });
    const section = el(
      'section',
      { className: 'panel', attrs: { role: 'tabpanel', id: `panel-${id}`, 'aria-labelledby': `tab-${id}`, tabindex: '0' } },
      panels[id].body,
    );
    tab.addEventListener('click', () => select(id, false));
    tabs.set(id, tab);
    sections.set(id, section);
    tablist.append(tab);
  }

  // Arrow keys move between tabs (WAI-ARIA tabs pattern with automatic activation).
  tablist.addEventListener('keydown', (event) => {
    const current = order.findIndex((id) => tabs.get(id) === document.activeElement);
    if (current < 0) return;
    const next: Record<string, number> = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: order.length - 1 };
    if (!(event.key in next)) return;
    event.preventDefault();
    select(order[(next[event.key] + order.length) % order.length], true);
  });

  function select(id: TabId, focus: boolean): void {
    for (const other of order) {
      const active = other === id;
      const tab = tabs.get(other)!;
      tab.setAttribute('aria-selected', String(active));
      tab.tabIndex = active ? 0 : -1;
      sections.get(other)!.hidden = !active;
    }
    if (focus) tabs.get(id)!.focus();
    const reopened = id === 'reports' && current !== 'reports';
    current = id;
    if (id === 'reports' && !reportsLoaded) {
      reportsLoaded = true;
      void reportsPanel.load();
    } else if (reopened) {
      void reportsPanel.refreshQuietly();
    }
    if (id === 'sms') void smsPanel.load();
  }

  // Reports inserted or refreshed elsewhere (the menu, a dialog, a schedule) show up without reopening the sidebar:
  // the list is re-read when the sidebar is looked at again, and polled while the Reports tab is on screen.
  const reportsOnScreen = () => current === 'reports' && reportsLoaded && document.visibilityState !== 'hidden';
  const refreshIfOnScreen = () => {
    if (reportsOnScreen()) void reportsPanel.refreshQuietly();
  };
  document.addEventListener('visibilitychange', refreshIfOnScreen);
  window.addEventListener('focus', refreshIfOnScreen);
  window.setInterval(refreshIfOnScreen, REPORTS_POLL_MS);

  const isTab = (id: unknown): id is TabId => typeof id === 'string' && (order as string[]).includes(id);
  const requestTab = (id: unknown) => {
    if (!isTab(id)) return;
    tabRequested = true;
    select(id, false);
  };

  const showSettings = (settings: Settings) => {
    keyPanel.show(settings);
    scheduleForm.show(settings.schedule);
    alertForm.show(settings.balanceAlert, settings.balanceCheck);
    balanceBanner.show(settings.balanceAlert, settings.balanceCheck);
    root.dataset.ready = 'true';
  };

  async function reloadSettings(): Promise<void> {
    showSettings(await callServer('cliqtelGetSettings'));
  }

  const initialLoad = async () => {
    appNotice.info('Loading settings…');
    retry.hidden = true;
    try {
      const settings = await callServer('cliqtelGetSettings');
      appNotice.clear();
      showSettings(settings);
      return settings;
    } catch (error) {
      appNotice.error(`Could not load your settings: ${error instanceof Error ? error.message : String(error)}`);
      retry.hidden = false;
      return null;
    }
  };
  retry.addEventListener('click', () => void initialLoad());

  root.replaceChildren(
    tablist,
    balanceBanner.element,
    el('div', { className: 'app-notice' }, appNotice.element, retry),
    ...sections.values(),
  );
  select('key', false);
  const host = window as unknown as TabRequest;
  host.cliqtelOpenTab = requestTab;
  if (host.cliqtelSidebarTab !== undefined) requestTab(host.cliqtelSidebarTab);
  void initialLoad().then((settings) => {
    // People with a key mostly come back for their reports; without one, the key panel is where to start.
    if (
      !tabRequested &&
      settings?.hasKey &&
      tabs.get('key')?.getAttribute('aria-selected') === 'true' &&
      !document.activeElement?.closest('#panel-key')
    ) {
      select('reports', false);
    }
  });
}

start(document.getElementById('app') as HTMLElement);
