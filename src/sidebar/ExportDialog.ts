// Menu dialog "Export calls": period, optional country dialling code and sheet name → cliqtelExportCalls (the CSV
// export endpoint); closes once the sheet is written.
import { parseCountryFilter } from '../core/countries';
import { button, el, field, InputError, Notice, runBusy } from './dom';
import { cancelButton, closeSoon, mount } from './dialog';
import { PeriodPicker } from './period';
import { callServer, type ServerArgs } from './rpc';

const period = new PeriodPicker();
const country = el('input', {
  attrs: { type: 'text', autocomplete: 'off', placeholder: 'e.g. 49 or DE for Germany', maxlength: '6' },
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
  field(
    'Destination country code (optional)',
    country,
    'Only calls to this country: a dialling code (44) or a two-letter code (GB); leave empty for all calls.',
  ),
  field('Sheet name (optional)', sheetName),
  el('div', { className: 'actions' }, submit, cancelButton()),
  notice.element,
);

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void runBusy(submit, notice, 'Exporting…', async () => {
    const arg: ServerArgs<'cliqtelExportCalls'>[0] = { ...period.value() };
    const typed = country.value.trim();
    if (typed) {
      // The same rule as CLIQTEL_CALLS: a dialling code (44, +44) or a two-letter country code (GB).
      const parsed = parseCountryFilter(typed);
      if ('error' in parsed)
        throw new InputError(`“${typed}” is ${parsed.error}: use a dialling code like 44, or a code like GB.`);
      arg.country = parsed.code;
    }
    const name = sheetName.value.trim();
    if (name) arg.sheetName = name;
    const result = await callServer('cliqtelExportCalls', arg);
    notice.success(`Exported ${result.rows} ${result.rows === 1 ? 'call' : 'calls'} to “${result.sheetName}”.`);
    closeSoon();
  });
});

mount(form);
