// Small DOM helpers shared by the pages: elements built with createElement/textContent only (API data is never
// parsed as HTML), labelled fields, a live message line, and the busy/error wrapper every button goes through.

type Child = Node | string | number | null | undefined | false;
interface ElementOptions {
  className?: string;
  text?: string;
  attrs?: Record<string, string>;
}

/** Creates an element; string children become text nodes, so nothing here ever parses markup. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  for (const [name, value] of Object.entries(options.attrs ?? {})) node.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'number' ? String(child) : child);
  }
  return node;
}

let idCounter = 0;
export function uniqueId(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** A label + control (+ optional hint wired with aria-describedby) in one block. */
export function field(labelText: string, control: HTMLElement, hint?: string | HTMLElement): HTMLDivElement {
  if (!control.id) control.id = uniqueId('field');
  const label = el('label', { text: labelText, attrs: { for: control.id } });
  const wrapper = el('div', { className: 'field' }, label, control);
  if (hint) {
    const hintEl = typeof hint === 'string' ? el('p', { className: 'hint', text: hint }) : hint;
    hintEl.id ||= uniqueId('hint');
    const described = control.getAttribute('aria-describedby');
    control.setAttribute('aria-describedby', described ? `${described} ${hintEl.id}` : hintEl.id);
    wrapper.append(hintEl);
  }
  return wrapper;
}

export interface Choice {
  value: string;
  label: string;
}

export function select(choices: readonly Choice[], selected?: string): HTMLSelectElement {
  const node = el('select');
  for (const choice of choices) node.append(el('option', { text: choice.label, attrs: { value: choice.value } }));
  if (selected !== undefined) node.value = selected;
  return node;
}

export function button(
  text: string,
  kind: 'primary' | 'secondary' | 'text' = 'primary',
  type: 'button' | 'submit' = 'button',
): HTMLButtonElement {
  return el('button', { className: `btn btn-${kind}`, text, attrs: { type } });
}

/** One message line per form: announced politely by screen readers, styled by its kind. */
export class Notice {
  readonly element: HTMLParagraphElement;

  constructor() {
    this.element = el('p', { className: 'notice', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.element.hidden = true;
  }

  error(text: string): void {
    this.show('error', text);
  }

  success(text: string): void {
    this.show('success', text);
  }

  info(text: string): void {
    this.show('info', text);
  }

  clear(): void {
    this.element.textContent = '';
    this.element.className = 'notice';
    this.element.hidden = true;
  }

  private show(kind: string, text: string): void {
    this.element.textContent = text;
    this.element.className = `notice notice-${kind}`;
    this.element.hidden = false;
    reveal(this.element);
  }
}

/**
 * Scrolls something the user just caused (an inline error, a success line, search results) into view: a sidebar is
 * short, and a message below the fold looks like nothing happened. 'nearest' leaves a visible element where it is
 * and shows the top of one taller than the panel.
 */
export function reveal(element: HTMLElement): void {
  if (element.hidden || !element.isConnected) return;
  element.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  // The sidebar's tab bar is sticky: what was revealed at the top must not end up underneath it.
  const header = document.querySelector('[role="tablist"]');
  const covered = header ? header.getBoundingClientRect().bottom - element.getBoundingClientRect().top : 0;
  if (covered > 0) window.scrollBy(0, -Math.ceil(covered));
}

/**
 * Runs an action for a button: the button is disabled (and says so) while the action is in flight, and any
 * failure lands in the notice instead of vanishing. Returns whether the action succeeded.
 */
export async function runBusy(
  trigger: HTMLButtonElement,
  notice: Notice,
  busyLabel: string,
  action: () => Promise<void>,
): Promise<boolean> {
  if (trigger.disabled) return false;
  const idleLabel = trigger.textContent ?? '';
  trigger.disabled = true;
  trigger.setAttribute('aria-busy', 'true');
  trigger.textContent = busyLabel;
  notice.clear();
  try {
    await action();
    return true;
  } catch (error) {
    notice.error(error instanceof Error ? error.message : String(error));
    return false;
  } finally {
    trigger.disabled = false;
    trigger.removeAttribute('aria-busy');
    trigger.textContent = idleLabel;
  }
}

/** A short local date-time for an ISO timestamp, or a fallback when there is none. */
export function formatTime(iso: string | null | undefined, fallback = 'never'): string {
  if (!iso) return fallback;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** An error the page raises itself (bad input): shown like a server error, but no request was sent. */
export class InputError extends Error {}
