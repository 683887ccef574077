// Key management and sidebar server functions: save/verify a key, settings, clear, number search, open the sidebar.
import { parseEnumArg, parseIsoCountryArg, parseObjectArg } from '../core/args';
import { NUMBER_TYPE_IDS } from '../core/catalog';
import { DATASETS } from '../core/datasets';
import { errorMessage } from '../core/errors';
import type { NumberOffer, SaveKeyResult, Settings } from '../core/serverApi';
import { makeClient, SERVER_BUDGET_MS } from '../gas/client';
import { getBaseUrl } from '../gas/config';
import { checkSavedKey, saveApiKey, shareWithFormulas } from '../gas/keyHealth';
import { clearKeys, getSharedKey, getUserKey, getUserKeyMeta, maskKey } from '../gas/keys';
import { readSchedule } from '../gas/schedule';
import { alertInfo, balanceCheckInfo } from '../gas/balanceAlert';

/** Opens the Cliqtel sidebar. */
export function cliqtelShowSidebar(): void {
  const html = HtmlService.createHtmlOutputFromFile('Sidebar').setTitle('Cliqtel');
  SpreadsheetApp.getUi().showSidebar(html);
}

/** Checks the key's format (no request when malformed), verifies it, finds its read scopes, stores it. */
export function cliqtelSaveApiKey(arg: { key: string; shareWithFormulas?: boolean }): SaveKeyResult {
  const a = parseObjectArg(arg, '{key} (the whole key from Portal › API Keys) and optionally shareWithFormulas');
  return saveApiKey(a.key, a.shareWithFormulas === true);
}

/** Key health: verifies the saved key again (it may have been revoked or re-scoped since) and records its scopes. */
export function cliqtelCheckApiKey(): SaveKeyResult {
  return checkSavedKey();
}

/**
 * Shares the saved key with this spreadsheet's formulas (Document Properties: every editor's formulas can then
 * use it) or stops sharing it, without re-entering the key.
 */
export function cliqtelSetShareWithFormulas(arg: { share: boolean }): { shareWithFormulas: boolean } {
  return { shareWithFormulas: shareWithFormulas(parseObjectArg(arg, '{share: true or false}').share) };
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
    balanceAlert: alertInfo(ss ? ss.getId() : ''),
    balanceCheck: balanceCheckInfo(ss ? ss.getId() : ''),
  };
}

/** Removes the key from the user's properties and, when it was shared, from this spreadsheet's. */
export function cliqtelClearApiKey(): { ok: boolean } {
  clearKeys();
  return { ok: true };
}

/** Available numbers for the sidebar's search (public endpoint, no key needed). */
export function cliqtelSearchNumbers(arg: { country: string; type?: string }): { numbers: NumberOffer[] } {
  const a = parseObjectArg(arg, '{country} (a two-letter code such as GB) and optionally type');
  const country = parseIsoCountryArg(a.country);
  const type = a.type && a.type !== 'any' ? parseEnumArg('type', a.type, NUMBER_TYPE_IDS) : undefined;
  try {
    const client = makeClient(undefined, SERVER_BUDGET_MS);
    const rows = client.getRows(DATASETS.search.path, { country, type }, { public: true }).rows;
    return { numbers: rows as NumberOffer[] };
  } catch (e) {
    throw new Error(errorMessage(e));
  }
}
