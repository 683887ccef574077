// The API key panel: enter and verify a key (checked for shape before anything is sent), see the saved key
// masked with the scopes it has and what they unlock, remove it, and opt in to sharing it with formulas.
import type { ReadScope, Settings } from '../core/serverApi';
import { button, el, field, InputError, Notice, runBusy, uniqueId } from './dom';
import { API_KEY_EXAMPLE, isWellFormedKey, READ_SCOPE_IDS } from '../core/catalog';
import { scopeFeatures } from './labels';
import { callServer } from './rpc';

export interface KeyPanel {
  element: HTMLElement;
  show(settings: Settings): void;
}

export function createKeyPanel(reloadSettings: () => Promise<void>): KeyPanel {
  const saved = el('section', { className: 'card', attrs: { 'aria-label': 'Saved key' } });
  saved.hidden = true;
  const noKey = el('p', {
    className: 'hint',
    text: 'No key saved yet. Number search works without one; reports and CLIQTEL_ formulas need it.',
  });

  const keyInput = el('input', {
    attrs: { type: 'password', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'off', placeholder: API_KEY_EXAMPLE },
  });
  const keyLabel = 'API key';
  const share = el('input', { attrs: { type: 'checkbox' } });
  share.id = uniqueId('share');
  const warning = el('p', {
    className: 'warning',
    text: 'Every editor of this spreadsheet can then query Cliqtel with this key through formulas. Leave this off unless you trust everyone who can edit it.',
  });
  warning.id = uniqueId('share-warning');
  share.setAttribute('aria-describedby', warning.id);
  const shareBlock = el(
    'div',
    { className: 'check' },
    share,
    el('label', { text: 'Let this spreadsheet’s formulas use this key', attrs: { for: share.id } }),
    warning,
  );
  const keyField = field(
    keyLabel,
    keyInput,
    'Create one in Cliqtel Portal › API Keys (the Read-only preset is enough) and paste the whole key.',
  );
  const save = button('Save and verify', 'primary', 'submit');
  const notice = new Notice();
  const form = el(
    'form',
    { className: 'stack', attrs: { novalidate: '' } },
    keyField,
    shareBlock,
    el('div', { className: 'actions' }, save),
    notice.element,
  );

  const clearNotice = new Notice();
  const clear = button('Remove key', 'secondary');
  const check = button('Check again', 'secondary');
  const shareToggle = button('Share with formulas', 'secondary');
  let sharing = false;
  const showShareLabel = () => {
    shareToggle.textContent = sharing ? 'Stop sharing' : 'Share with formulas';
  };

  check.addEventListener('click', () => {
    void runBusy(check, clearNotice, 'Checking…', async () => {
      const result = await callServer('cliqtelCheckApiKey');
      if (!result.ok) throw new Error(result.error ?? 'The key could not be verified.');
      await reloadSettings();
      clearNotice.success(`Key still valid: ${result.scopes?.length ?? 0} of 4 read scopes.`);
    });
  });

  shareToggle.addEventListener('click', () => {
    const next = !sharing;
    // runBusy restores the button's old label when it ends, so the new label is set after it.
    void runBusy(shareToggle, clearNotice, next ? 'Sharing…' : 'Stopping…', async () => {
      await callServer('cliqtelSetShareWithFormulas', { share: next });
      await reloadSettings();
      clearNotice.info(
        next
          ? `Formulas in this spreadsheet can now use your key. ${warning.textContent ?? ''}`
          : 'Your key is private to you again.',
      );
    }).then(showShareLabel);
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void runBusy(save, notice, 'Verifying…', async () => {
      const key = keyInput.value.trim();
      if (!key) throw new InputError('Paste your API key first.');
      if (!isWellFormedKey(key)) {
        throw new InputError(
          'That is not a Cliqtel API key: keys look like 17|aBcD… (a number, a |, then the secret). Copy the whole key from Cliqtel Portal › API Keys.',
        );
      }
      const result = await callServer('cliqtelSaveApiKey', { key, shareWithFormulas: share.checked });
      if (!result.ok) throw new Error(result.error ?? 'The key could not be verified.');
      keyInput.value = '';
      await reloadSettings();
      notice.success(`Key verified and saved${result.scopes?.length ? '' : ', but it has no read scope'}.`);
    });
  });

  clear.addEventListener('click', () => {
    void runBusy(clear, clearNotice, 'Removing…', async () => {
      await callServer('cliqtelClearApiKey');
      await reloadSettings();
      notice.info('Key removed from this account and this spreadsheet.');
    });
  });

  const show = (settings: Settings) => {
    noKey.hidden = settings.hasKey;
    saved.hidden = !settings.hasKey;
    share.checked = settings.shareWithFormulas;
    sharing = settings.shareWithFormulas;
    showShareLabel();
    const label = keyField.querySelector('label');
    if (label) label.textContent = settings.hasKey ? 'Replace key' : keyLabel;
    saved.replaceChildren();
    if (!settings.hasKey) return;
    saved.append(
      el('h3', { text: 'Saved key' }),
      el(
        'dl',
        { className: 'facts' },
        el('dt', { text: 'Key' }),
        el('dd', {}, el('code', { className: 'masked-key', text: settings.maskedKey ?? '(hidden)' })),
        el('dt', { text: 'Formulas' }),
        el('dd', { text: settings.shareWithFormulas ? 'Shared with this spreadsheet' : 'Private to you' }),
      ),
      el('h3', { text: 'What this key can do' }),
      scopeList(settings.scopes),
      el('div', { className: 'actions' }, check, shareToggle, clear),
      clearNotice.element,
    );
  };

  const element = el('div', { className: 'stack' }, noKey, saved, form);
  return { element, show };
}

function scopeList(scopes: ReadScope[]): HTMLUListElement {
  const list = el('ul', { className: 'scopes' });
  for (const scope of READ_SCOPE_IDS) {
    const has = scopes.includes(scope);
    list.append(
      el(
        'li',
        { className: has ? 'scope scope-on' : 'scope scope-off', attrs: { 'data-scope': scope } },
        el('span', { className: 'scope-mark', text: has ? '✓' : '✕', attrs: { 'aria-hidden': 'true' } }),
        el(
          'div',
          {},
          el('code', { text: scope }),
          el('span', { className: 'visually-hidden', text: has ? ' (granted)' : ' (not granted)' }),
          el('p', {
            className: 'scope-feature',
            text: has ? scopeFeatures(scope) : `Missing, so unavailable: ${scopeFeatures(scope)}`,
          }),
        ),
      ),
    );
  }
  if (!scopes.length) {
    list.append(
      el('li', {
        className: 'warning',
        text: 'This key has none of the read scopes the add-on uses. Create a key with the Read-only preset.',
      }),
    );
  }
  return list;
}
