// The number search panel: country (name + ISO code) and type → available numbers with their monthly price,
// and "Insert into sheet" writing the same table through cliqtelInsertTable.
import type { Cell, NumberOffer } from '../core/serverApi';
import { button, el, field, Notice, reveal, runBusy, select } from './dom';
import { COUNTRIES, defaultCountry } from './countries';
import { NUMBER_TYPES, numberTypeLabel } from './labels';
import { createNumbersPushSection } from './numbersPush';
import { callServer } from './rpc';

function formatPrice(offer: NumberOffer): string {
  const price = typeof offer.monthly_price === 'number' ? offer.monthly_price.toFixed(2) : String(offer.monthly_price ?? '');
  return typeof offer.currency === 'string' && offer.currency ? `${price} ${offer.currency}` : price;
}

export function createNumbersPanel(): HTMLElement {
  const country = select(
    COUNTRIES.map((c) => ({ value: c.code, label: `${c.name} (${c.code})` })),
    defaultCountry(),
  );
  const type = select(NUMBER_TYPES, 'any');
  const search = button('Search', 'primary', 'submit');
  const notice = new Notice();
  const results = el('div', { className: 'results', attrs: { 'aria-live': 'polite' } });
  const insert = button('Insert into sheet', 'secondary');
  const insertNotice = new Notice();
  const insertBlock = el('div', { className: 'stack' }, el('div', { className: 'actions' }, insert), insertNotice.element);
  insertBlock.hidden = true;

  let shown: { country: string; type: string; numbers: NumberOffer[] } | null = null;

  const form = el(
    'form',
    { className: 'stack', attrs: { novalidate: '' } },
    field('Country', country),
    field('Number type', type),
    el('div', { className: 'actions' }, search),
    notice.element,
  );

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void runBusy(search, notice, 'Searching…', async () => {
      const chosenType = type.value;
      const arg = chosenType === 'any' ? { country: country.value } : { country: country.value, type: chosenType };
      const { numbers } = await callServer('cliqtelSearchNumbers', arg);
      shown = { country: country.value, type: chosenType, numbers };
      renderResults();
    });
  });

  const renderResults = () => {
    insertNotice.clear();
    if (!shown) return;
    const countryName = COUNTRIES.find((c) => c.code === shown?.country)?.name ?? shown.country;
    if (!shown.numbers.length) {
      results.replaceChildren(
        el('p', {
          className: 'hint',
          text: `No ${shown.type === 'any' ? '' : `${numberTypeLabel(shown.type).toLowerCase()} `}numbers available in ${countryName} right now.`,
        }),
      );
      insertBlock.hidden = true;
      reveal(results);
      return;
    }
    const body = el('tbody');
    for (const offer of shown.numbers) {
      body.append(
        el(
          'tr',
          {},
          el('td', { className: 'cell-number', text: String(offer.number ?? '') }),
          el('td', { text: numberTypeLabel(String(offer.type ?? '')) }),
          el('td', { className: 'cell-price', text: formatPrice(offer) }),
        ),
      );
    }
    const count = shown.numbers.length;
    results.replaceChildren(
      el(
        'table',
        { className: 'table' },
        el('caption', { text: `${count} ${count === 1 ? 'number' : 'numbers'} in ${countryName}` }),
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            el('th', { text: 'Number', attrs: { scope: 'col' } }),
            el('th', { text: 'Type', attrs: { scope: 'col' } }),
            el('th', { className: 'cell-price', text: 'Monthly', attrs: { scope: 'col' } }),
          ),
        ),
        body,
      ),
    );
    insertBlock.hidden = false;
    reveal(results);
  };

  insert.addEventListener('click', () => {
    if (!shown) return;
    const current = shown;
    void runBusy(insert, insertNotice, 'Inserting…', async () => {
      const rows: Cell[][] = [
        ['Number', 'Country code', 'Type', 'Monthly price'],
        ...current.numbers.map((offer): Cell[] => [
          String(offer.number ?? ''),
          String(offer.country_code ?? ''),
          String(offer.type ?? ''),
          typeof offer.monthly_price === 'number' ? offer.monthly_price : null,
        ]),
      ];
      const typePart = current.type === 'any' ? '' : ` ${numberTypeLabel(current.type).toLowerCase()}`;
      const { sheetName } = await callServer('cliqtelInsertTable', {
        title: `Available${typePart} numbers ${current.country}`,
        rows,
      });
      insertNotice.success(`Inserted ${current.numbers.length} numbers into sheet “${sheetName}”.`);
    });
  });

  return el('div', { className: 'stack' }, form, results, insertBlock, createNumbersPushSection());
}
