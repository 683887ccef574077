// Turns what the add-on showed through the emulator's Ui (sidebars, dialogs, alerts, toasts) into numbered events
// the page replays, and keeps each sidebar/dialog's HTML so the page can load it through the bridge.
import type { Emulator } from '../emulator/index';
import type { UiEvent } from './protocol';

export interface OpenedPage {
  /** Name the bridge shim reports for google.script.host calls, e.g. "Sidebar" or "Dialog-3". */
  name: string;
  html: string;
}

type Toast = Emulator['toasts'][number];

/** The toast a spreadsheet shows now: the emulator's currentToast() where it has one, else the newest toast. */
function currentToast(emu: Emulator): Toast | null {
  const withCurrent = emu as unknown as { currentToast?: () => Toast | null };
  if (typeof withCurrent.currentToast === 'function') return withCurrent.currentToast();
  return emu.toasts.at(-1) ?? null;
}

export class UiEventLog {
  readonly events: UiEvent[] = [];
  readonly pages = new Map<number, OpenedPage>();
  private seen = { sidebars: 0, dialogs: 0, alerts: 0, toasts: 0 };
  private nextId = 1;

  constructor(private readonly emulator: () => Emulator) {}

  /** Records everything the emulator's Ui gained since the last call; returns the new events. */
  collect(): UiEvent[] {
    const emu = this.emulator();
    const added: UiEvent[] = [];
    for (const sidebar of emu.ui.sidebars.slice(this.seen.sidebars)) {
      const id = this.nextId++;
      this.pages.set(id, { name: 'Sidebar', html: sidebar.html });
      added.push({ id, kind: 'sidebar', title: sidebar.title, pageUrl: `/opened/${id}.html`, width: 300 });
    }
    for (const dialog of emu.ui.dialogs.slice(this.seen.dialogs)) {
      const id = this.nextId++;
      this.pages.set(id, { name: `Dialog-${id}`, html: dialog.html });
      added.push({
        id,
        kind: 'dialog',
        title: dialog.title,
        pageUrl: `/opened/${id}.html`,
        width: dialog.width,
        height: dialog.height,
      });
    }
    for (const alert of emu.ui.alerts.slice(this.seen.alerts)) {
      added.push({ id: this.nextId++, kind: 'alert', title: 'Alert', message: alert });
    }
    // A new toast replaces the one showing (Sheets shows one at a time): only the toast showing now is passed on.
    if (emu.toasts.length > this.seen.toasts) {
      const current = currentToast(emu);
      if (current) {
        added.push({
          id: this.nextId++,
          kind: 'toast',
          title: current.title,
          message: current.message,
          timeoutSeconds: current.timeoutSeconds,
        });
      }
    }
    this.seen = {
      sidebars: emu.ui.sidebars.length,
      dialogs: emu.ui.dialogs.length,
      alerts: emu.ui.alerts.length,
      toasts: emu.toasts.length,
    };
    this.events.push(...added);
    return added;
  }

  /** An event of the playground itself (an action's error, a trigger run's summary). */
  note(kind: 'error' | 'info', title: string, message: string): UiEvent {
    const event: UiEvent = { id: this.nextId++, kind, title, message };
    this.events.push(event);
    return event;
  }

  since(id: number): UiEvent[] {
    return this.events.filter((e) => e.id > id);
  }
}
