// Key management and sidebar server functions (SPEC §4): save/verify/probe a key, settings, clear, search, sidebar.
import { errorMessage } from '../core/errors';
import { parseEnumArg, parseIsoCountryArg } from '../core/args';
import { DATASETS, NUMBER_TYPES } from '../core/datasets';
import type { NumberOffer, ReadScope, SaveKeyResult, Settings } from '../core/serverApi';
import { SERVER_BUDGET_MS, makeClient } from '../gas/client';
import { getBaseUrl } from '../gas/config';
import {
  clearKeys,
  getSharedKey,
  getUserKey,
  getUserKeyMeta,
  isWellFormedKey,
  maskKey,
  saveUserKey,
  setSharedKey,
} from '../gas/keys';
import { readSchedule } from '../gas/schedule';

/** One cheap read endpoint per read scope; probed together in one fetchAll (no endpoint lists a key's own scopes). */
const SCOPE_PROBES: { scope: ReadScope; path: string }[] = [
  { scope: 'usage:read', path: '/v1/portal/usage/summary' },
  { scope: 'billing:read', path: '/v1/wallet/balance' },
  { scope: 'numbers:read', path: '/v1/portal/numbers?per_page=1' },
  { scope: 'sms:read', path: '/v1/sms/messages?per_page=1' },
];

/** Opens the Cliqtel sidebar. */
export function cliqtelShowSidebar(): void {
  const html = HtmlService.createHtmlOutputFromFile('Sidebar').setTitle('Cliqtel');
  SpreadsheetApp.getUi().showSidebar(html);
}

type ProbeOutcome = { ok: true; scopes: ReadScope[] } | { ok: false; error: string };

/** Verifies a key and finds its read scopes: one cheap endpoint per scope, all in one fetchAll. */
function probeScopes(key: string): ProbeOutcome {
  try {
    const client = makeClient(key, SERVER_BUDGET_MS);
    const results = client.probe(SCOPE_PROBES.map((p) => p.path));
    if (results.every((r) => r.status === 401)) {
      return {
        ok: false,
        error:
          'Cliqtel rejected this key (401): it may be mistyped or revoked. Create a new key in Portal → API Keys and paste the whole key.',
      };
    }
    const failed = results.find((r) => !r.ok && r.status !== 403 && r.status !== 401);
    if (failed) {
      return {
        ok: false,
        error: `Could not verify the key: Cliqtel answered ${failed.status || 'nothing'} for ${failed.path.split('?')[0]}. Try again in a minute.`,
      };
    }
    return { ok: true, scopes: SCOPE_PROBES.filter((_, i) => results[i].ok).map((p) => p.scope) };
  } catch (e) {
    return { ok: false, error: errorMessage(e) };
  }
}

/** Checks the key's format (no request when malformed), verifies it, finds its read scopes, stores it. */
export function cliqtelSaveApiKey(arg: { key: string; shareWithFormulas?: boolean }): SaveKeyResult {
  const key = typeof arg?.key === 'string' ? arg.key.trim() : '';
  if (!isWellFormedKey(key)) {
    return {
      ok: false,
      error:
        'That does not look like a Cliqtel API key. Keys look like 17|aBcD… (a number, a | and the secret): copy the whole key from Portal → API Keys.',
    };
  }
  const probed = probeScopes(key);
  if (!probed.ok) return probed;
  const maskedKey = maskKey(key);
  const previous = getUserKey();
  saveUserKey(key, { maskedKey, scopes: probed.scopes, savedAt: new Date().toISOString() });
  const shared = getSharedKey();
  if (arg.shareWithFormulas) setSharedKey(key);
  else if (shared && (shared === previous || shared === key)) setSharedKey(null);
  return { ok: true, maskedKey, scopes: probed.scopes };
}

/** Key health: verifies the saved key again (it may have been revoked or re-scoped since) and records its scopes. */
export function cliqtelCheckApiKey(): SaveKeyResult {
  const key = getUserKey();
  if (!key) return { ok: false, error: 'No key is saved yet: paste one from Cliqtel Portal → API Keys.' };
  const probed = probeScopes(key);
  if (!probed.ok) return probed;
  const maskedKey = maskKey(key);
  saveUserKey(key, { maskedKey, scopes: probed.scopes, savedAt: getUserKeyMeta()?.savedAt ?? new Date().toISOString() });
  return { ok: true, maskedKey, scopes: probed.scopes };
}

/**
 * Shares the saved key with this spreadsheet's formulas (Document Properties: every editor's formulas can then
 * use it) or stops sharing it, without re-entering the key.
 */
export function cliqtelSetShareWithFormulas(arg: { share: boolean }): { shareWithFormulas: boolean } {
  const key = getUserKey();
  if (!key) throw new Error('Save an API key first: there is nothing to share.');
  const shared = getSharedKey();
  if (arg?.share) setSharedKey(key);
  else if (shared === key) setSharedKey(null);
  return { shareWithFormulas: Boolean(arg?.share) };
}

/** What the sidebar shows: key state (masked), scopes, sharing, base URL and schedule. Never the key. */
export function cliqtelGetSettings(): Settings {
  const key = getUserKey();
  const meta = key ? getUserKeyMeta() : null;
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const shared = getSharedKey();
  return {
    hasKey: Boolean(key),
    maskedKey: key ? (meta?.maskedKey ?? maskKey(key)) : null,
    scopes: meta?.scopes ?? [],
    shareWithFormulas: Boolean(key && shared && shared === key),
    baseUrl: getBaseUrl(),
    schedule: readSchedule(ss ? ss.getId() : ''),
  };
}

/** Removes the key from the user's properties and, when it was shared, from this spreadsheet's. */
export function cliqtelClearApiKey(): { ok: boolean } {
  clearKeys();
  return { ok: true };
}

/** Available numbers for the sidebar's search (public endpoint, no key needed). */
export function cliqtelSearchNumbers(arg: { country: string; type?: string }): { numbers: NumberOffer[] } {
  const country = parseIsoCountryArg(arg?.country);
  const type = arg?.type && arg.type !== 'any' ? parseEnumArg('type', arg.type, NUMBER_TYPES) : undefined;
  try {
    const client = makeClient(undefined, SERVER_BUDGET_MS);
    const rows = client.getRows(DATASETS.search.path, { country, type }, { public: true }).rows;
    return { numbers: rows as NumberOffer[] };
  } catch (e) {
    throw new Error(errorMessage(e));
  }
}
