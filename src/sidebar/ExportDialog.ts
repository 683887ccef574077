// Menu dialog "Export calls": period, optional country dialling code and sheet name → cliqtelExportCalls (the CSV
// export endpoint); closes once the sheet is written.
import { button, el, field, InputError, Notice, runBusy } from './dom';
import { cancelButton, closeSoon, mount } from './dialog';
import { PeriodPicker } from './period';
import { callServer, type ServerArgs } from './rpc';

const period = new PeriodPicker();
const country = el('input', {
  attrs: { type: 'text', inputmode: 'numeric', autocomplete: 'off', placeholder: 'e.g. 49 for Germany', maxlength: '5' },
});
const sheetName = el('input', {
  attrs: { type: 'text', maxlength: '100', autocomplete: 'off', placeholder: 'Default: named after the period' },
});
const submit = button('Export', 'primary', 'submit');
const notice = new Notice();

const form = el(
  'form',
  { className: 'stack', attrs: { novalidate: '' } },
  period.element,
  field('Destination country code (optional)', country, 'Only calls to this dialling code; leave empty for all calls.'),
  field('Sheet name (optional)', sheetName),
  el('div', { className: 'actions' }, submit, cancelButton()),
  notice.element,
);

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void runBusy(submit, notice, 'Exporting…', async () => {
    const arg: ServerArgs<'cliqtelExportCalls'>[0] = { ...period.value() };
    const code = country.value.trim().replace(/^(\+|00)/, '');
    if (code) {
      if (!/^\d{1,4}$/.test(code))
        throw new InputError(`“${country.value.trim()}” is not a dialling code: use 1 to 4 digits, like 44 or 49.`);
      arg.country = code;
    }
    const name = sheetName.value.trim();
    if (name) arg.sheetName = name;
    const result = await callServer('cliqtelExportCalls', arg);
    notice.success(`Exported ${result.rows} ${result.rows === 1 ? 'call' : 'calls'} to “${result.sheetName}”.`);
    closeSoon();
  });
});

mount(form);
