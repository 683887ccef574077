// The numbers push's editable fields: their columns, validating a forwarding destination, the PATCH bodies (the only
// place they are written: Cliqtel documents none) and reading a number Cliqtel sent.
// See docs/architecture.md#numbers-push and docs/cliqtel-api.md#label-or-forward-a-number.

/** The two editable fields; the sheet columns are "Label" and "Forwarding Destination". */
export type NumberField = 'label' | 'forwarding';
export const NUMBER_FIELDS: readonly NumberField[] = ['label', 'forwarding'];

/** Header of each column the push reads, normalised (normalizeFieldName). */
export const NUMBER_COLUMNS = {
  id: 'id',
  number: 'number',
  label: 'label',
  forwarding: 'forwardingdestination',
} as const;
export const SYNC_STATUS_HEADER = 'Sync status';

/** What the header note of an editable column says. */
export const EDITABLE_NOTE =
  'Editable: change this cell, then push it to Cliqtel with Extensions › Cliqtel › Open sidebar › Numbers › ' +
  'Push changes… (a preview comes first). A refresh replaces edits that were not pushed.';
/** The light background of the editable columns. */
export const EDITABLE_BACKGROUND = '#fef7e0';

/** E.164: "+", a non-zero digit, 7–14 more digits (8–15 in all). */
export const E164_PATTERN = /^\+[1-9]\d{7,14}$/;
/** A SIP URI as Cliqtel's forwarding takes it: sip:user@host. */
export const SIP_URI_PATTERN = /^sip:[^@\s]+@[^@\s]+$/;

export type ForwardingType = 'phone' | 'sip' | 'none';

/** The forwarding type a destination implies: E.164 → phone, sip: → sip, empty → none; null when it is neither. */
export function forwardingType(destination: string): ForwardingType | null {
  if (destination === '') return 'none';
  if (E164_PATTERN.test(destination)) return 'phone';
  if (SIP_URI_PATTERN.test(destination)) return 'sip';
  return null;
}

/** Why a forwarding destination cannot be sent, or null when it can. */
export function forwardingProblem(destination: string): string | null {
  if (forwardingType(destination) !== null) return null;
  if (/^\+?[\d\s().-]+$/.test(destination)) {
    return `forwarding destination "${destination}" is not an E.164 number: write it as + and the country code, then 8–15 digits in all, no spaces (e.g. +4915112345678)`;
  }
  return `forwarding destination "${destination}" is neither an E.164 number (+4915112345678) nor a SIP URI (sip:user@pbx.example.com); leave it empty for no forwarding`;
}

export interface ChangeRequest {
  method: 'patch';
  path: string;
  body: Record<string, unknown>;
}

/**
 * The request that applies one change. Cliqtel documents no body for these PATCHes: a label goes as `{"label": …}`
 * (sent as typed: Cliqtel's 422 decides what it accepts), a forwarding destination as `{"type": …, "destination": …}`
 * — `destination` is what the product asks for, `type` is derived from it (phone/sip/none, destination null for none)
 * because a server that models forwarding by type needs it and one that reads only `destination` ignores it.
 */
export function changeRequest(id: string | number, field: NumberField, value: string): ChangeRequest {
  const base = `/v1/portal/numbers/${encodeURIComponent(String(id))}`;
  if (field === 'label') return { method: 'patch', path: `${base}/label`, body: { label: value } };
  const type = forwardingType(value);
  if (type === null) throw new Error(forwardingProblem(value) ?? 'invalid forwarding destination');
  return {
    method: 'patch',
    path: `${base}/forwarding`,
    body: { type, destination: type === 'none' ? null : value },
  };
}

/** The path that re-reads one number (`GET /v1/portal/numbers/{id}`). */
export function numberPath(id: string | number): string {
  return `/v1/portal/numbers/${encodeURIComponent(String(id))}`;
}

/** The number inside a GET /v1/portal/numbers/{id} body (shape undocumented: `{"data":{…}}` or the bare object). */
export function numberOf(body: unknown): Record<string, unknown> | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const data = (body as { data?: unknown }).data;
  if (data && typeof data === 'object' && !Array.isArray(data)) return data as Record<string, unknown>;
  return body as Record<string, unknown>;
}

/** A cell or API value as text: null and undefined are empty. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : String(value);
}

/** A field's value in an API number (the list item or the single read): label, or forwarding.destination ('' = none). */
export function apiValue(number: Record<string, unknown>, field: NumberField): string {
  if (field === 'label') return valueText(number.label);
  const forwarding = number.forwarding;
  if (forwarding && typeof forwarding === 'object') {
    const f = forwarding as Record<string, unknown>;
    return f.type === 'none' ? '' : valueText(f.destination);
  }
  if (typeof forwarding === 'string') return forwarding;
  return valueText(number['forwarding.destination'] ?? number.forwarding_destination);
}
