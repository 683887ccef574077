// Verifying a key and keeping its health: the format check (no request when malformed), one probe per read scope in
// a single fetchAll (no endpoint tells a key its own scopes), saving, re-checking and sharing with formulas.
import { isWellFormedKey, READ_SCOPE_IDS, READ_SCOPES, type ReadScope } from '../core/catalog';
import { argumentError, errorMessage } from '../core/errors';
import type { SaveKeyResult } from '../core/serverApi';
import { makeClient, SERVER_BUDGET_MS } from './client';
import { getSharedKey, getUserKey, getUserKeyMeta, maskKey, saveUserKey, setSharedKey } from './keys';

type ProbeOutcome = { ok: true; scopes: ReadScope[]; currency?: string } | { ok: false; error: string };

/** Verifies a key and finds its read scopes: one cheap endpoint per scope, all in one fetchAll. */
function probeScopes(key: string): ProbeOutcome {
  try {
    const client = makeClient(key, SERVER_BUDGET_MS);
    const results = client.probe(READ_SCOPE_IDS.map((scope) => READ_SCOPES[scope].probe));
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
    const scopes = READ_SCOPE_IDS.filter((_, i) => results[i].ok);
    // The balance probe answers with the account's currency: kept so money columns without one show it too.
    const balance = results[READ_SCOPE_IDS.indexOf('billing:read')]?.body as { currency?: unknown } | undefined;
    const currency =
      typeof balance?.currency === 'string' && /^[A-Za-z]{3}$/.test(balance.currency) ? balance.currency : undefined;
    return currency ? { ok: true, scopes, currency } : { ok: true, scopes };
  } catch (e) {
    return { ok: false, error: errorMessage(e) };
  }
}

/** Checks the key's format (no request when malformed), verifies it, finds its read scopes, stores it. */
export function saveApiKey(keyArg: unknown, shareWithFormulas: boolean): SaveKeyResult {
  const key = typeof keyArg === 'string' ? keyArg.trim() : '';
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
  saveUserKey(key, { maskedKey, scopes: probed.scopes, savedAt: new Date().toISOString(), currency: probed.currency });
  const shared = getSharedKey();
  if (shareWithFormulas) setSharedKey(key);
  else if (shared && (shared === previous || shared === key)) setSharedKey(null);
  return { ok: true, maskedKey, scopes: probed.scopes };
}

/** Key health: verifies the saved key again (it may have been revoked or re-scoped since) and records its scopes. */
export function checkSavedKey(): SaveKeyResult {
  const key = getUserKey();
  if (!key) return { ok: false, error: 'No key is saved yet: paste one from Cliqtel Portal → API Keys.' };
  const probed = probeScopes(key);
  if (!probed.ok) return probed;
  const maskedKey = maskKey(key);
  saveUserKey(key, {
    maskedKey,
    scopes: probed.scopes,
    savedAt: getUserKeyMeta()?.savedAt ?? new Date().toISOString(),
    currency: probed.currency,
  });
  return { ok: true, maskedKey, scopes: probed.scopes };
}

/**
 * Shares the saved key with this spreadsheet's formulas (Document Properties: every editor's formulas can then
 * use it) or stops sharing it, without re-entering the key.
 */
export function shareWithFormulas(share: unknown): boolean {
  if (typeof share !== 'boolean') throw argumentError('share', 'true or false', share);
  const key = getUserKey();
  if (!key) throw new Error('Save an API key first: there is nothing to share.');
  const shared = getSharedKey();
  if (share) setSharedKey(key);
  else if (shared === key) setSharedKey(null);
  return share;
}
