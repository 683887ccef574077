// The playground page's script: draws the emulated spreadsheet, sends edits and menu clicks to the server, and
// shows what the add-on opened (sidebar, dialogs, alerts, toasts). Bundled by esbuild when the server starts.
import type { ActionResult, CellView, MenuItemView, MenuView, PlaygroundState, SheetView, UiEvent } from '../protocol';
import { columnToLetters } from '../../emulator/a1';
import { chartSvg } from './chart';

const ROW_HEIGHT = 21;
const DEFAULT_COLUMN_WIDTH = 100;
const POLL_MS = 1000;

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`playground: no #${id}`);
  return element as T;
}

const grid = byId<HTMLElement>('grid');
const formula = byId<HTMLInputElement>('formula');
const namebox = byId<HTMLInputElement>('namebox');
const cellMessage = byId<HTMLDivElement>('cell-message');
const tabs = byId<HTMLElement>('tabs');
const menubar = byId<HTMLElement>('menubar');
const keybar = byId<HTMLElement>('keybar');
const sidepanel = byId<HTMLElement>('sidepanel');
const sideFrame = byId<HTMLIFrameElement>('sidepanel-frame');
const modal = byId<HTMLDivElement>('modal');
const modalBody = byId<HTMLDivElement>('modal-body');
const hiddenRows = byId<HTMLDivElement>('hidden-rows');

let state: PlaygroundState | null = null;
let cells = new Map<string, CellView>();
let selected = { r: 1, c: 1 };
let editing = false;
let lastEventId = 0;
let refreshing: Promise<void> | null = null;
let modalFrame: HTMLIFrameElement | null = null;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return (await response.json()) as T;
}

async function postJson<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as T;
}

// ---- the grid ----

function cellClasses(cell: CellView | undefined, r: number, c: number): string {
  if (!cell) return '';
  const classes: string[] = [];
  if (cell.k === 'e') classes.push('err');
  else if (cell.align === 'center') classes.push('bool');
  else if (cell.align === 'right' || (!cell.align && cell.k === 'n')) classes.push('num');
  else if (cell.k === 'b' && !cell.align) classes.push('bool');
  // Text spills over empty neighbours on its right, as in Sheets.
  else if (cell.k === 's' && !cells.has(`${r},${c + 1}`)) classes.push('ov');
  if (cell.bold) classes.push('bold');
  return classes.join(' ');
}

/** Rows drawn now: the view's initial rows, or more once the user scrolled down (per sheet), up to drawableRows. */
let drawnRows = 0;
let scrolledRows = { sheetId: -1, rows: 0 };
const ROWS_PER_SCROLL = 200;

function renderGrid(sheet: SheetView): void {
  cells = new Map(sheet.cells.map((cell) => [`${cell.r},${cell.c}`, cell]));
  const wanted = scrolledRows.sheetId === sheet.sheetId ? scrolledRows.rows : 0;
  drawnRows = Math.min(sheet.drawableRows, Math.max(sheet.rows, wanted));
  const widths: string[] = ['<col style="width:46px">'];
  const head: string[] = ['<th class="corner"></th>'];
  let tableWidth = 46;
  for (let c = 1; c <= sheet.columns; c++) {
    const width = sheet.columnWidths[c] ?? DEFAULT_COLUMN_WIDTH;
    tableWidth += width;
    widths.push(`<col style="width:${width}px">`);
    head.push(`<th scope="col">${columnToLetters(c)}</th>`);
  }
  const body: string[] = [];
  for (let r = 1; r <= drawnRows; r++) {
    const frozen = r <= sheet.frozenRows;
    const sticky = frozen ? ` style="top:${ROW_HEIGHT * r}px"` : '';
    const rowClass = frozen ? (r === sheet.frozenRows ? 'frozen frozen-last' : 'frozen') : '';
    const line: string[] = [`<tr${rowClass ? ` class="${rowClass}"` : ''}><th scope="row"${sticky}>${r}</th>`];
    for (let c = 1; c <= sheet.columns; c++) {
      const cell = cells.get(`${r},${c}`);
      const classes = cellClasses(cell, r, c);
      const attrs = [`data-r="${r}"`, `data-c="${c}"`];
      if (classes) attrs.push(`class="${classes}"`);
      const style: string[] = [];
      if (frozen) style.push(`top:${ROW_HEIGHT * r}px`);
      if (cell?.background) style.push(`background:${escapeHtml(cell.background)}`);
      if (style.length) attrs.push(`style="${style.join(';')}"`);
      const tip = cell?.e ?? cell?.note;
      if (tip) attrs.push(`title="${escapeHtml(tip)}"`);
      line.push(`<td ${attrs.join(' ')}>${cell ? escapeHtml(cell.v) : ''}</td>`);
    }
    line.push('</tr>');
    body.push(line.join(''));
  }
  const scroll = { top: grid.scrollTop, left: grid.scrollLeft };
  const addRows = addRowsCount?.value ?? '1000';
  grid.innerHTML = `<table style="width:${tableWidth}px"><colgroup>${widths.join('')}</colgroup><thead><tr>${head.join('')}</tr></thead><tbody>${body.join('')}</tbody></table>`;
  // The control sits under the sheet's last row, as in Sheets: shown once every drawable row is drawn.
  if (drawnRows === sheet.drawableRows) grid.append(addRowsBar(sheet, addRows));
  drawCharts(sheet);
  grid.scrollTop = scroll.top;
  grid.scrollLeft = scroll.left;
  hiddenRows.hidden = sheet.hiddenRows === 0;
  hiddenRows.textContent = `${sheet.hiddenRows} more rows in this sheet are not drawn by the playground.`;
  if (selected.r > drawnRows || selected.c > sheet.columns) selected = { r: 1, c: 1 };
  showSelection(false);
}

// ---- "Add [1000] more rows at the bottom" (Sheets' control under the last row) ----

let addRowsCount: HTMLInputElement | null = null;

function addRowsBar(sheet: SheetView, count: string): HTMLElement {
  const bar = document.createElement('div');
  bar.className = 'add-rows';
  const add = document.createElement('button');
  add.type = 'button';
  add.textContent = 'Add';
  const input = document.createElement('input');
  input.type = 'number';
  input.min = '1';
  input.value = count;
  input.setAttribute('aria-label', 'Rows to add');
  addRowsCount = input;
  const text = document.createElement('span');
  text.textContent = ' more rows at the bottom';
  const note = document.createElement('span');
  note.className = 'add-rows-note';
  note.textContent =
    sheet.maxRows > sheet.drawableRows
      ? `(this sheet has ${sheet.maxRows.toLocaleString('en-US')} rows; the first ${sheet.drawableRows.toLocaleString('en-US')} are drawn)`
      : `(this sheet has ${sheet.maxRows.toLocaleString('en-US')} rows)`;
  add.addEventListener('click', () => {
    const rows = Number(input.value);
    add.disabled = true;
    void postJson<ActionResult>('/api/rows', { sheet: sheet.name, count: rows }).then(() => refresh());
  });
  bar.append(add, ' ', input, text, ' ', note);
  return bar;
}

// ---- embedded charts, drawn over the grid near their anchor cell ----

function drawCharts(sheet: SheetView): void {
  for (const chart of sheet.charts) {
    const anchor = grid.querySelector<HTMLElement>(`td[data-r="${chart.anchor.row}"][data-c="${chart.anchor.column}"]`);
    if (!anchor) continue;
    const box = document.createElement('figure');
    box.className = 'chart';
    box.dataset.chartId = String(chart.chartId);
    // Relative to the grid's content (the grid is the positioned, scrolling container).
    const cellBox = anchor.getBoundingClientRect();
    const gridBox = grid.getBoundingClientRect();
    box.style.left = `${cellBox.left - gridBox.left + grid.scrollLeft + chart.anchor.offsetX}px`;
    box.style.top = `${cellBox.top - gridBox.top + grid.scrollTop + chart.anchor.offsetY}px`;
    box.style.width = `${chart.width}px`;
    box.style.height = `${chart.height}px`;
    box.innerHTML = chartSvg(chart);
    grid.append(box);
  }
}

function tdAt(r: number, c: number): HTMLTableCellElement | null {
  return grid.querySelector(`td[data-r="${r}"][data-c="${c}"]`);
}

function showSelection(updateFormula: boolean): void {
  for (const old of grid.querySelectorAll('td.selected')) old.classList.remove('selected');
  const td = tdAt(selected.r, selected.c);
  td?.classList.add('selected');
  const cell = cells.get(`${selected.r},${selected.c}`);
  namebox.value = `${columnToLetters(selected.c)}${selected.r}`;
  if (updateFormula || !editing) formula.value = cell ? (cell.f ?? cell.input ?? cell.v) : '';
  if (updateFormula) editing = false;
  cellMessage.hidden = !cell?.e;
  cellMessage.textContent = cell?.e ? `${cell.v} ${cell.e}` : '';
}

function select(r: number, c: number): void {
  if (!state) return;
  selected = { r: Math.max(1, Math.min(r, drawnRows)), c: Math.max(1, Math.min(c, state.activeSheet.columns)) };
  showSelection(true);
  tdAt(selected.r, selected.c)?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
}

async function commit(input: string): Promise<void> {
  if (!state) return;
  const target = { ...selected };
  editing = false;
  const td = tdAt(target.r, target.c);
  if (td && input.startsWith('=')) {
    td.textContent = 'Loading…';
    td.className = 'loading selected';
  }
  await postJson<ActionResult>('/api/cell', { sheet: state.activeSheet.name, row: target.r, col: target.c, input });
  await refresh();
}

// Scrolling near the bottom draws more empty rows, down to the sheet's last row (where "Add more rows" is).
grid.addEventListener('scroll', () => {
  if (!state || drawnRows >= state.activeSheet.drawableRows) return;
  if (grid.scrollTop + grid.clientHeight < grid.scrollHeight - 4 * ROW_HEIGHT) return;
  scrolledRows = { sheetId: state.activeSheet.sheetId, rows: drawnRows + ROWS_PER_SCROLL };
  renderGrid(state.activeSheet);
});

grid.addEventListener('mousedown', (event) => {
  const td = (event.target as HTMLElement).closest('td');
  if (!td) return;
  select(Number(td.dataset.r), Number(td.dataset.c));
  leaveFormulaBar();
});

/** Keys go to the grid (arrows, typing) whenever no input or page has the focus. */
function leaveFormulaBar(): void {
  if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
}

grid.addEventListener('dblclick', () => {
  formula.focus();
  editing = true;
});

document.addEventListener('keydown', (event) => {
  if (event.target !== document.body || !state || !modal.hidden) return;
  const moves: Record<string, [number, number]> = {
    ArrowUp: [-1, 0],
    ArrowDown: [1, 0],
    ArrowLeft: [0, -1],
    ArrowRight: [0, 1],
    Tab: [0, 1],
  };
  const move = moves[event.key];
  if (move) {
    event.preventDefault();
    select(selected.r + move[0], selected.c + move[1]);
  } else if (event.key === 'Enter' || event.key === 'F2') {
    event.preventDefault();
    formula.focus();
    editing = true;
  } else if (event.key === 'Delete' || event.key === 'Backspace') {
    event.preventDefault();
    void commit('');
  } else if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
    // Typing on a selected cell starts replacing its content, as in Sheets.
    event.preventDefault();
    formula.value = event.key;
    editing = true;
    formula.focus();
  }
});

formula.addEventListener('input', () => {
  editing = true;
});

formula.addEventListener('keydown', (event) => {
  if (event.key === 'Enter') {
    event.preventDefault();
    const value = formula.value;
    leaveFormulaBar();
    void commit(value).then(() => select(selected.r + 1, selected.c));
  } else if (event.key === 'Escape') {
    event.preventDefault();
    editing = false;
    showSelection(true);
    leaveFormulaBar();
  }
});

// ---- tabs, menus, key bar ----

function renderTabs(current: PlaygroundState): void {
  tabs.replaceChildren(
    ...current.sheets.map((sheet) => {
      const tab = document.createElement('button');
      tab.type = 'button';
      tab.className = 'tab';
      tab.setAttribute('role', 'tab');
      tab.textContent = sheet.name;
      tab.setAttribute('aria-selected', String(sheet.sheetId === current.activeSheet.sheetId));
      tab.addEventListener('click', () => {
        void postJson<ActionResult>('/api/activate', { sheet: sheet.name }).then(() => {
          selected = { r: 1, c: 1 };
          grid.scrollTop = 0;
          grid.scrollLeft = 0;
          return refresh();
        });
      });
      return tab;
    }),
  );
  tabs.setAttribute('role', 'tablist');
}

function closeMenus(): void {
  for (const list of menubar.querySelectorAll<HTMLElement>('.menu-list')) list.hidden = true;
  for (const button of menubar.querySelectorAll('[aria-expanded]')) button.setAttribute('aria-expanded', 'false');
}

function menuList(items: MenuItemView[]): HTMLUListElement {
  const list = document.createElement('ul');
  list.className = 'menu-list';
  list.setAttribute('role', 'menu');
  list.hidden = true;
  for (const item of items) {
    const li = document.createElement('li');
    li.setAttribute('role', 'none');
    if (item.separator) {
      li.className = 'menu-separator';
      li.setAttribute('role', 'separator');
    } else if (item.submenu) {
      li.append(submenuEntry(item.caption, item.submenu));
    } else {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'menu-item';
      button.setAttribute('role', 'menuitem');
      button.textContent = item.caption;
      button.addEventListener('click', () => {
        closeMenus();
        void runMenuItem(item.functionName);
      });
      li.append(button);
    }
    list.append(li);
  }
  return list;
}

function submenuEntry(caption: string, items: MenuItemView[]): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'menu-item has-submenu';
  button.setAttribute('role', 'menuitem');
  button.setAttribute('aria-haspopup', 'menu');
  button.setAttribute('aria-expanded', 'false');
  const arrow = document.createElement('span');
  arrow.className = 'submenu-arrow';
  arrow.setAttribute('aria-hidden', 'true');
  arrow.textContent = '▸';
  button.append(caption, arrow);
  const list = menuList(items);
  const open = () => {
    list.hidden = false;
    button.setAttribute('aria-expanded', 'true');
  };
  button.addEventListener('click', (event) => {
    event.stopPropagation();
    open();
  });
  button.addEventListener('mouseenter', open);
  fragment.append(button, list);
  return fragment;
}

function renderMenus(menus: MenuView[]): void {
  const key = JSON.stringify(menus);
  if (menubar.dataset.menus === key) return;
  menubar.dataset.menus = key;
  const roots: HTMLElement[] = [];
  const addRoot = (caption: string, items: MenuItemView[]) => {
    const root = document.createElement('div');
    root.className = 'menu-root';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'menu-button';
    button.textContent = caption;
    button.setAttribute('aria-haspopup', 'menu');
    button.setAttribute('aria-expanded', 'false');
    const list = menuList(items);
    button.addEventListener('click', (event) => {
      event.stopPropagation();
      const wasOpen = !list.hidden;
      closeMenus();
      list.hidden = wasOpen;
      button.setAttribute('aria-expanded', String(!wasOpen));
    });
    root.append(button, list);
    roots.push(root);
  };
  const plain = (caption: string) => {
    const span = document.createElement('span');
    span.className = 'menu-button';
    span.style.color = '#9aa0a6';
    span.textContent = caption;
    span.title = 'Not part of the playground';
    return span;
  };
  // An add-on's menu lives under Extensions, named after the add-on; a script's own createMenu gets a top-level entry.
  const addonItems: MenuItemView[] = menus
    .filter((m) => m.addon)
    .map((m) => ({ caption: m.title.replace(/^Extensions › /, ''), functionName: '', submenu: m.items }));
  for (const menu of menus.filter((m) => !m.addon)) addRoot(menu.title, menu.items);
  addRoot('Extensions', addonItems);
  menubar.replaceChildren(plain('File'), plain('Edit'), plain('View'), plain('Insert'), plain('Format'), plain('Data'), ...roots);
}

document.addEventListener('click', (event) => {
  if (!(event.target as HTMLElement).closest('.menubar')) closeMenus();
});

async function runMenuItem(functionName: string): Promise<void> {
  await postJson<ActionResult>('/api/menu', { functionName });
  await refresh();
}

function renderKeybar(current: PlaygroundState): void {
  const backend = current.backend;
  byId('backend').textContent = backend.kind === 'sandbox' ? `sandbox API ${backend.baseUrl}` : `Cliqtel API ${backend.baseUrl}`;
  const signature = JSON.stringify(backend.demoKeys ?? backend.baseUrl);
  if (keybar.dataset.signature === signature) return;
  keybar.dataset.signature = signature;
  keybar.hidden = false;
  if (!backend.demoKeys) {
    keybar.textContent = `Connected to ${backend.baseUrl}: save your own Cliqtel API key in the sidebar (Extensions › Cliqtel › Open sidebar).`;
    return;
  }
  const code = (text: string) => {
    const element = document.createElement('code');
    element.textContent = text;
    return element;
  };
  const label = (text: string) => {
    const span = document.createElement('span');
    span.append(text);
    return span;
  };
  const useKey = document.createElement('button');
  useKey.type = 'button';
  useKey.textContent = 'Use demo key';
  useKey.addEventListener('click', () => void useDemoKey(useKey, backend.demoKeys?.full ?? ''));
  const full = label('Demo keys — full access ');
  full.append(code(backend.demoKeys.full));
  const readOnly = label('read-only ');
  readOnly.append(code(backend.demoKeys.readOnly));
  keybar.replaceChildren(full, readOnly, useKey);
}

/** Saves the sandbox key through google.script.run's path (the bridge), exactly as the sidebar would. */
async function useDemoKey(button: HTMLButtonElement, key: string): Promise<void> {
  button.disabled = true;
  try {
    const reply = await postJson<{ ok: boolean; value?: { ok: boolean; maskedKey?: string; error?: string }; error?: string }>(
      '/bridge/rpc/cliqtelSaveApiKey',
      { args: [{ key }] },
    );
    if (reply.ok && reply.value?.ok) {
      toast({ id: 0, kind: 'info', title: 'Cliqtel', message: `Demo key ${reply.value.maskedKey ?? ''} saved.` });
      if (!sidepanel.hidden) sideFrame.contentWindow?.location.reload();
    } else {
      toast({ id: 0, kind: 'error', title: 'Cliqtel', message: reply.value?.error ?? reply.error ?? 'The key was not saved.' });
    }
  } finally {
    button.disabled = false;
    await refresh();
  }
}

byId('run-trigger').addEventListener('click', () => {
  void postJson<ActionResult>('/api/trigger', {}).then(() => refresh());
});

// ---- what the add-on opened ----

/** Bottom-left notifications. A new toast replaces the one showing, as in Sheets; errors stay until they time out. */
function toast(event: UiEvent): void {
  if (event.kind !== 'error') for (const old of byId('toasts').querySelectorAll('.toast:not(.error)')) old.remove();
  const box = document.createElement('div');
  box.className = event.kind === 'error' ? 'toast error' : 'toast';
  box.setAttribute('role', event.kind === 'error' ? 'alert' : 'status');
  if (event.title) {
    const title = document.createElement('strong');
    title.textContent = event.title;
    box.append(title);
  }
  box.append(event.message ?? '');
  byId('toasts').append(box);
  const seconds = event.timeoutSeconds && event.timeoutSeconds > 0 ? event.timeoutSeconds : event.kind === 'error' ? 12 : 6;
  setTimeout(() => box.remove(), seconds * 1000);
}

function openSidebar(event: UiEvent): void {
  byId('sidepanel-title').textContent = event.title || 'Sidebar';
  sidepanel.hidden = false;
  sideFrame.src = event.pageUrl ?? 'about:blank';
}

function closeSidebar(): void {
  sidepanel.hidden = true;
  sideFrame.src = 'about:blank';
}

function openModal(title: string, content: HTMLElement): void {
  byId('modal-title').textContent = title;
  modalBody.replaceChildren(content);
  modal.hidden = false;
}

function closeModal(): void {
  modal.hidden = true;
  modalBody.replaceChildren();
  modalFrame = null;
  void refresh();
}

function openDialog(event: UiEvent): void {
  const frame = document.createElement('iframe');
  frame.title = event.title;
  frame.src = event.pageUrl ?? 'about:blank';
  frame.style.width = `${event.width ?? 600}px`;
  frame.style.height = `${event.height ?? 400}px`;
  modalFrame = frame;
  openModal(event.title, frame);
}

function showAlert(event: UiEvent): void {
  if (!modal.hidden) {
    toast(event);
    return;
  }
  const text = document.createElement('p');
  text.className = 'alert-text';
  text.textContent = event.message ?? '';
  const ok = document.createElement('button');
  ok.type = 'button';
  ok.textContent = 'OK';
  ok.addEventListener('click', closeModal);
  const actions = document.createElement('div');
  actions.className = 'alert-actions';
  actions.append(ok);
  const box = document.createElement('div');
  box.append(text, actions);
  openModal('Alert', box);
  ok.focus();
}

function handleEvents(events: UiEvent[], initial: boolean): void {
  if (initial) {
    // A fresh page shows the sidebar that is open; past toasts and dialogs are gone, as after a reload in Sheets.
    const sidebar = [...events].reverse().find((e) => e.kind === 'sidebar');
    if (sidebar) openSidebar(sidebar);
    return;
  }
  for (const event of events) {
    if (event.kind === 'sidebar') openSidebar(event);
    else if (event.kind === 'dialog') openDialog(event);
    else if (event.kind === 'alert') showAlert(event);
    else toast(event);
  }
}

byId('sidepanel-close').addEventListener('click', closeSidebar);
byId('modal-close').addEventListener('click', closeModal);

// google.script.host calls from the pages (the bridge shim posts them to this window).
window.addEventListener('message', (event) => {
  const data = event.data as { source?: string; call?: string; arg?: unknown } | null;
  if (data?.source !== 'google.script.host') return;
  const fromSidebar = event.source === sideFrame.contentWindow;
  const fromDialog = modalFrame !== null && event.source === modalFrame.contentWindow;
  if (data.call === 'close') {
    if (fromSidebar) closeSidebar();
    else if (fromDialog) closeModal();
  } else if (fromDialog && modalFrame && typeof data.arg === 'number') {
    if (data.call === 'setHeight') modalFrame.style.height = `${data.arg}px`;
    if (data.call === 'setWidth') modalFrame.style.width = `${data.arg}px`;
  }
});

// ---- state ----

async function load(): Promise<void> {
  const initial = state === null;
  const next = await getJson<PlaygroundState>(`/api/state?events=${lastEventId}`);
  const sheetChanged = state?.activeSheet.sheetId !== next.activeSheet.sheetId;
  state = next;
  if (sheetChanged && !initial) selected = { r: 1, c: 1 };
  document.title = `${next.spreadsheetName} — Cliqtel playground`;
  byId('doc-title').textContent = next.spreadsheetName;
  renderMenus(next.menus);
  renderKeybar(next);
  renderTabs(next);
  renderGrid(next.activeSheet);
  if (next.events.length) lastEventId = next.events[next.events.length - 1].id;
  handleEvents(next.events, initial);
  document.body.dataset.version = String(next.version);
}

/** Refetches the state (one request at a time; a refresh asked for meanwhile runs after it). */
function refresh(): Promise<void> {
  const run = (refreshing ?? Promise.resolve()).then(load).catch((error: unknown) => {
    console.error('playground: refresh failed', error);
  });
  refreshing = run;
  return run;
}

async function poll(): Promise<void> {
  try {
    const { version } = await getJson<{ version: number }>('/api/version');
    if (state && version !== state.version) await refresh();
  } catch {
    // The server stopped (Ctrl-C): keep the page as it was.
  }
}

void refresh().then(() => {
  document.body.dataset.ready = 'true';
  setInterval(() => void poll(), POLL_MS);
});
