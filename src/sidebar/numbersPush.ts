// "Push changes…" on the Numbers tab: the edits of a Numbers report sheet (Label, Forwarding destination) previewed
// with counts and invalid rows, a confirm naming the count, then the outcome (applied, conflicts, failed) with a link
// to each row. Everything from the sheet or the API is rendered as text.
import type { NumbersChange, NumbersPreview, NumbersPushResult } from '../core/serverApi';
import { button, el, field, formatTime, Notice, reveal, runBusy, select } from './dom';
import { callServer } from './rpc';

const FIELD_LABEL: Record<NumbersChange['field'], string> = { label: 'Label', forwarding: 'Forwarding' };

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "3 labels and 1 forwarding change". */
export function describeCounts(changes: readonly NumbersChange[]): string {
  const labels = changes.filter((c) => c.field === 'label').length;
  const forwarding = changes.length - labels;
  const parts: string[] = [];
  if (labels) parts.push(plural(labels, 'label'));
  if (forwarding) parts.push(plural(forwarding, 'forwarding change'));
  return parts.join(' and ');
}

function shown(value: string | null): string {
  if (value === null) return '(not kept)';
  return value === '' ? '(empty)' : `“${value}”`;
}

export function createNumbersPushSection(): HTMLElement {
  const sheetSelect = select([]);
  const sheetField = field('Numbers report', sheetSelect);
  sheetField.hidden = true;
  const open = button('Push changes…', 'secondary');
  const notice = new Notice();
  const body = el('div', { className: 'stack push-body', attrs: { 'aria-live': 'polite' } });

  let preview: NumbersPreview | null = null;

  const rowLink = (sheetName: string, row: number) => {
    const link = button(`Row ${row}`, 'text');
    link.classList.add('row-link');
    link.setAttribute('aria-label', `Show row ${row} of ${sheetName}`);
    link.addEventListener('click', () => {
      void callServer('cliqtelNumbersSelectRow', { sheetName, row }).catch((error: Error) => notice.error(error.message));
    });
    return link;
  };

  const item = (sheetName: string, row: number, ...lines: (string | Node)[]) =>
    el(
      'li',
      { className: 'push-item' },
      rowLink(sheetName, row),
      ...lines.map((l) => (typeof l === 'string' ? el('span', { className: 'push-line', text: l }) : l)),
    );

  const changeLine = (c: NumbersChange) =>
    `${c.number || `ID ${c.id}`} · ${FIELD_LABEL[c.field]}: ${shown(c.before)} → ${shown(c.after)}`;

  const list = (label: string, items: HTMLElement[]) =>
    el(
      'div',
      { className: 'stack' },
      el('h3', { text: label }),
      el('ul', { className: 'push-list', attrs: { 'aria-label': label } }, ...items),
    );

  const renderPreview = (p: NumbersPreview) => {
    preview = p;
    const parts: HTMLElement[] = [];
    const count = p.changes.length;
    const since = p.lastRefresh ? ` since the refresh of ${formatTime(p.lastRefresh)}` : '';
    parts.push(
      el('p', {
        className: 'push-summary',
        text: count
          ? `${describeCounts(p.changes)} to push from “${p.sheetName}”${since}.`
          : `No changes to push: “${p.sheetName}” matches what was fetched from Cliqtel${since}.`,
      }),
    );
    if (count)
      parts.push(
        list(
          'Changes',
          p.changes.map((c) => item(p.sheetName, c.row, changeLine(c))),
        ),
      );
    if (p.invalid.length) {
      parts.push(
        list(
          `${plural(p.invalid.length, 'row')} not pushed (fix first)`,
          p.invalid.map((bad) => item(p.sheetName, bad.row, bad.reason)),
        ),
      );
    }
    if (count) {
      const confirm = button(`Push ${plural(count, 'change')} to Cliqtel`, 'primary');
      confirm.classList.add('push-confirm');
      const cancel = button('Cancel', 'text');
      parts.push(
        el('p', {
          className: 'hint',
          text: 'Each number is read again first: a value changed in Cliqtel since the refresh is not overwritten.',
        }),
        el('div', { className: 'actions' }, confirm, cancel),
      );
      cancel.addEventListener('click', () => {
        preview = null;
        body.replaceChildren();
        notice.clear();
      });
      confirm.addEventListener('click', () => {
        const current = preview;
        if (!current) return;
        cancel.disabled = true;
        void runBusy(confirm, notice, 'Pushing…', async () => {
          const result = await callServer('cliqtelNumbersPushChanges', {
            sheetName: current.sheetName,
            confirm: current.changes.length,
          });
          renderResult(result);
        }).finally(() => {
          cancel.disabled = false;
        });
      });
    }
    body.replaceChildren(...parts);
    reveal(body);
  };

  const renderResult = (r: NumbersPushResult) => {
    preview = null;
    const counts = `Applied ${r.applied} · Conflicts ${r.conflicts.length} · Failed ${r.failed.length}`;
    const parts: HTMLElement[] = [el('p', { className: 'push-summary push-result', text: counts })];
    if (r.stopped) parts.push(el('p', { className: 'warning', text: `Stopped: ${r.stopped}` }));
    if (r.pending)
      parts.push(el('p', { className: 'hint', text: `${plural(r.pending, 'change')} not sent yet: push again to send.` }));
    if (r.conflicts.length) {
      parts.push(
        list(
          'Conflicts (changed in Cliqtel, not written)',
          r.conflicts.map((c) =>
            item(
              r.sheetName,
              c.row,
              `${c.number || `ID ${c.id}`} · ${FIELD_LABEL[c.field]}: Cliqtel now has ${shown(c.current)}`,
            ),
          ),
        ),
      );
    }
    if (r.failed.length) {
      parts.push(
        list(
          'Failed',
          r.failed.map((f) => item(r.sheetName, f.row, `${f.number || `ID ${f.id}`} · ${FIELD_LABEL[f.field]}: ${f.error}`)),
        ),
      );
    }
    parts.push(el('p', { className: 'hint', text: `Each row’s outcome is in the Sync status column of “${r.sheetName}”.` }));
    body.replaceChildren(...parts);
    reveal(body);
  };

  const previewSelected = async () => {
    body.replaceChildren();
    renderPreview(await callServer('cliqtelNumbersPreviewChanges', { sheetName: sheetSelect.value }));
  };

  open.addEventListener('click', () => {
    void runBusy(open, notice, 'Reading the sheet…', async () => {
      const { reports } = await callServer('cliqtelListReports');
      const names = reports.filter((r) => r.kind === 'numbers').map((r) => r.sheetName);
      if (!names.length) {
        body.replaceChildren();
        sheetField.hidden = true;
        notice.info(
          'There is no Numbers report yet: insert one on the Reports tab (Your numbers), edit its Label or ' +
            'Forwarding destination cells, then push them from here.',
        );
        return;
      }
      const keep = names.includes(sheetSelect.value) ? sheetSelect.value : names[0];
      sheetSelect.replaceChildren(...names.map((n) => el('option', { text: n, attrs: { value: n } })));
      sheetSelect.value = keep;
      sheetField.hidden = names.length < 2;
      await previewSelected();
    });
  });

  sheetSelect.addEventListener('change', () => {
    void runBusy(open, notice, 'Reading the sheet…', previewSelected);
  });

  return el(
    'section',
    { className: 'stack push-section', attrs: { 'aria-labelledby': 'push-title' } },
    el('h2', { text: 'Manage your numbers', attrs: { id: 'push-title' } }),
    el('p', {
      className: 'hint',
      text:
        'Edit the Label and Forwarding destination cells of a Numbers report (a phone number with + and country ' +
        'code, a sip: address, or empty for none), then push them. You see every change before anything is sent.',
    }),
    sheetField,
    el('div', { className: 'actions' }, open),
    notice.element,
    body,
  );
}
