// The sandbox's API keys: one per scope profile, deterministic for a given seed.

import { createRandom, deriveSeed } from './prng';
import type { SandboxKeys } from './types';

export const ALL_SCOPES = [
  'account:read',
  'numbers:read',
  'numbers:write',
  'usage:read',
  'billing:read',
  'billing:write',
  'sms:read',
  'sms:write',
  'whatsapp:read',
  'whatsapp:write',
] as const;

export type Scope = (typeof ALL_SCOPES)[number];

export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  'account:read': 'Profile, organization, account settings',
  'numbers:read': 'List and view your numbers',
  'numbers:write': 'Configure forwarding/labels, cancel numbers',
  'usage:read': 'Call detail records, usage summaries, breakdowns, exports',
  'billing:read': 'Invoices, credit notes, wallet balance & transactions',
  'billing:write': 'Top up wallet, manage payment methods',
  'sms:read': 'List SMS',
  'sms:write': 'Send SMS',
  'whatsapp:read': 'List WhatsApp messages and templates',
  'whatsapp:write': 'Send WhatsApp, manage templates',
};

export const READ_SCOPES: readonly Scope[] = ALL_SCOPES.filter((scope) => scope.endsWith(':read'));

export interface ApiKeyRecord {
  id: number;
  secret: string;
  name: string;
  scopes: readonly Scope[];
  revoked: boolean;
  /** Every sandbox key belongs to the same user, so they share the per-user rate limits. */
  userId: number;
}

const PROFILES: readonly (readonly [keyof SandboxKeys, string, readonly Scope[], boolean])[] = [
  ['full', 'Full access', ALL_SCOPES, false],
  ['readOnly', 'Read-only', READ_SCOPES, false],
  ['usageOnly', 'Usage reporting', ['usage:read'], false],
  ['billingOnly', 'Finance', ['billing:read'], false],
  ['numbersOnly', 'Number management', ['numbers:read', 'numbers:write'], false],
  ['messaging', 'Messaging', ['sms:read', 'sms:write', 'whatsapp:read', 'whatsapp:write'], false],
  ['noScopes', 'No scopes', [], false],
  ['revoked', 'Revoked (old laptop)', ALL_SCOPES, true],
];

export function createApiKeys(seed: number): { records: ApiKeyRecord[]; keys: SandboxKeys } {
  const random = createRandom(deriveSeed(seed, 'api-keys'));
  const records: ApiKeyRecord[] = [];
  const keys = {} as SandboxKeys;
  PROFILES.forEach(([profile, name, scopes, revoked], index) => {
    const record: ApiKeyRecord = { id: 11 + index, secret: random.string(40), name, scopes, revoked, userId: 1 };
    records.push(record);
    keys[profile] = `${record.id}|${record.secret}`;
  });
  return { records, keys };
}

/** Finds the key a full `id|secret` token belongs to; unknown, malformed and revoked tokens give undefined. */
export function findApiKey(records: readonly ApiKeyRecord[], token: string): ApiKeyRecord | undefined {
  const match = /^(\d+)\|(.+)$/.exec(token);
  if (!match) return undefined;
  const record = records.find((r) => r.id === Number(match[1]));
  if (!record || record.revoked || record.secret !== match[2]) return undefined;
  return record;
}
