// Where the Cliqtel API key lives and which key a caller gets (docs/architecture.md#the-api-key): the saving user's User Properties,
// optionally shared with this spreadsheet's formulas through Document Properties.
import { noKeyError } from '../core/errors';
import type { ReadScope } from '../core/catalog';

const KEY_PROP = 'CLIQTEL_API_KEY';
const META_PROP = 'CLIQTEL_API_KEY_META';
const SHARED_KEY_PROP = 'CLIQTEL_SHARED_API_KEY';

export interface KeyMeta {
  maskedKey: string;
  scopes: ReadScope[];
  savedAt: string;
  /** The account's currency, read from the balance probe when the key has billing:read: formats money columns. */
  currency?: string;
}

/** Shows the key id and at most the last 4 characters of the secret, never enough to use it. */
export function maskKey(key: string): string {
  const bar = key.indexOf('|');
  const id = key.slice(0, bar);
  const secret = key.slice(bar + 1);
  return secret.length >= 16 ? `${id}|••••••••${secret.slice(-4)}` : `${id}|••••••••`;
}

export function saveUserKey(key: string, meta: KeyMeta): void {
  PropertiesService.getUserProperties().setProperties({ [KEY_PROP]: key, [META_PROP]: JSON.stringify(meta) });
}

export function getUserKey(): string | null {
  return PropertiesService.getUserProperties().getProperty(KEY_PROP);
}

export function getUserKeyMeta(): KeyMeta | null {
  const raw = PropertiesService.getUserProperties().getProperty(META_PROP);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as KeyMeta;
  } catch {
    return null;
  }
}

function documentProperties(): GoogleAppsScript.Properties.Properties | null {
  return PropertiesService.getDocumentProperties();
}

export function setSharedKey(key: string | null): void {
  const props = documentProperties();
  if (!props) return;
  if (key) props.setProperty(SHARED_KEY_PROP, key);
  else props.deleteProperty(SHARED_KEY_PROP);
}

export function getSharedKey(): string | null {
  return documentProperties()?.getProperty(SHARED_KEY_PROP) ?? null;
}

/** Removes the user's key, and the spreadsheet-shared copy when it is the same key (or when asked to). */
export function clearKeys(): void {
  const own = getUserKey();
  PropertiesService.getUserProperties().deleteProperty(KEY_PROP);
  PropertiesService.getUserProperties().deleteProperty(META_PROP);
  const shared = getSharedKey();
  if (shared && (!own || shared === own)) setSharedKey(null);
}

/**
 * The key for a custom function: getUserProperties() there returns the spreadsheet owner's properties, so the
 * owner's key first, then the key an editor explicitly shared with this spreadsheet's formulas.
 */
export function resolveFormulaKey(): string {
  const key = getUserKey() ?? getSharedKey();
  if (!key) throw noKeyError();
  return key;
}

/** The key for menu actions, the sidebar and triggers: the acting user's own key. */
export function resolveUserKey(): string {
  const key = getUserKey();
  if (!key) throw noKeyError();
  return key;
}
