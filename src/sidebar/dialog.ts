// What the menu's dialogs share: a Cancel button that closes the dialog, and closing after a success.
import { button } from './dom';
import { closeHost } from './rpc';

export function cancelButton(): HTMLButtonElement {
  const cancel = button('Cancel', 'secondary');
  cancel.addEventListener('click', () => closeHost());
  return cancel;
}

/** Leaves the success message on screen for a moment so the user sees what happened, then closes. */
export function closeSoon(delayMs = 900): void {
  window.setTimeout(() => closeHost(), delayMs);
}

export function mount(content: HTMLElement): void {
  const root = document.getElementById('app') as HTMLElement;
  root.replaceChildren(content);
  root.dataset.ready = 'true';
  content.querySelector<HTMLElement>('input, select, button')?.focus();
}
