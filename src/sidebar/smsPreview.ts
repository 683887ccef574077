// The Send SMS panel's preview card: counts, sample messages, skipped rows and why, and the confirm step naming the
// count. Every value from the sheet or the API is rendered as text. docs/architecture.md#sms-from-a-sheet
import type { SmsPreview } from '../core/serverApi';
import { button, el } from './dom';

const SKIPPED_SHOWN = 8;

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** The preview card's content; `onConfirm` runs when the confirm button is clicked. */
export function smsPreviewContent(preview: SmsPreview, sheetName: string, from: string, onConfirm: () => void): HTMLElement[] {
  const rows: HTMLElement[] = [];
  rows.push(
    el('p', { className: 'sms-counts' }, el('strong', { text: plural(preview.sendable, 'message') }), ' to send'),
    el(
      'p',
      { className: 'hint' },
      `${plural(preview.segments, 'segment')} in all · ${preview.alreadySent.toLocaleString()} already sent · ${plural(preview.skipped.length, 'row')} skipped`,
    ),
  );
  if (preview.samples.length) {
    rows.push(
      el(
        'ul',
        { className: 'sms-samples', attrs: { 'aria-label': 'Sample messages' } },
        ...preview.samples.map((s) =>
          el(
            'li',
            {},
            el('span', { className: 'sms-sample-head', text: `Row ${s.row} → ${s.to}` }),
            el('span', { className: 'sms-body', text: s.body }),
            el('span', { className: 'hint', text: `${plural(s.segments, 'segment')} · ${s.encoding}` }),
          ),
        ),
      ),
    );
  }
  if (preview.skipped.length) {
    const shown = preview.skipped.slice(0, SKIPPED_SHOWN);
    rows.push(
      el('h3', { text: 'Skipped' }),
      el(
        'ul',
        { className: 'sms-skipped', attrs: { 'aria-label': 'Skipped rows' } },
        ...shown.map((s) => el('li', { text: `Row ${s.row}: ${s.reason}` })),
        preview.skipped.length > shown.length
          ? el('li', { className: 'hint', text: `and ${plural(preview.skipped.length - shown.length, 'more row')}` })
          : null,
      ),
    );
  }
  if (preview.sendable > 0) {
    const confirm = button(`Send ${plural(preview.sendable, 'message')}`);
    confirm.classList.add('sms-confirm');
    rows.push(
      el(
        'div',
        { className: 'sms-confirm-box' },
        el('p', {
          text: `Send ${plural(preview.sendable, 'SMS', 'SMS')} from ${from} to the rows of “${sheetName}”? Each row is sent at most once; its status goes into the SMS status column.`,
        }),
        el('div', { className: 'actions' }, confirm),
      ),
    );
    confirm.addEventListener('click', onConfirm);
  } else {
    rows.push(el('p', { className: 'hint', text: 'Nothing to send: every row was skipped or already sent.' }));
  }
  return rows;
}
