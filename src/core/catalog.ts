// The catalogue: every named thing the add-on offers — report kinds, rolling windows, schedule frequencies, read
// scopes, number types and the API key's format — defined once. Types, server code and the sidebar all derive from
// it (no imports: the sidebar bundles it too). docs/architecture.md#one-catalogue

/** Read scopes a Cliqtel key can have, in the order the sidebar lists them. */
export const READ_SCOPES = {
  'usage:read': {
    purpose: 'usage figures and call records',
    unlocks:
      'Usage and call records: CLIQTEL_USAGE, CLIQTEL_CALLS, CLIQTEL_USAGE_BY, CLIQTEL_COMPARISON, usage reports and call exports',
    /** A cheap read endpoint answering 403 without this scope (no endpoint lists a key's own scopes). */
    probe: '/v1/portal/usage/summary',
  },
  'billing:read': {
    purpose: 'the balance, invoices, orders and wallet transactions',
    unlocks:
      'Balance, invoices, credit notes, orders and wallet transactions: CLIQTEL_BALANCE, CLIQTEL_INVOICES, CLIQTEL_TRANSACTIONS and billing reports',
    probe: '/v1/wallet/balance',
  },
  'numbers:read': {
    purpose: 'your numbers',
    unlocks: 'Your numbers: CLIQTEL_NUMBERS and the numbers report',
    probe: '/v1/portal/numbers?per_page=1',
  },
  'sms:read': {
    purpose: 'SMS history',
    unlocks: 'SMS history: CLIQTEL_SMS and the SMS report',
    probe: '/v1/sms/messages?per_page=1',
  },
} as const satisfies Record<string, { purpose: string; unlocks: string; probe: string }>;
export type ReadScope = keyof typeof READ_SCOPES;
export const READ_SCOPE_IDS = Object.keys(READ_SCOPES) as ReadScope[];

/** Scopes the add-on does not use but a 403 may name: said in the user's words too. */
const OTHER_SCOPE_PURPOSES = new Map<string, string>([
  ['account:read', 'account details'],
  ['whatsapp:read', 'WhatsApp history'],
]);

/** What a scope is needed for, in the user's words ("usage figures and call records"); undefined when unknown. */
export function scopePurpose(scope: string): string | undefined {
  if ((READ_SCOPE_IDS as string[]).includes(scope)) return READ_SCOPES[scope as ReadScope].purpose;
  return OTHER_SCOPE_PURPOSES.get(scope);
}

/**
 * Report kinds. `dated`: takes a period (a rolling window or fixed from/to); the others are lists "as of now".
 * `title` names the sheet and the menu entry; `label` is the longer choice shown in the sidebar and dialogs.
 */
export const REPORT_KINDS = {
  summary: { title: 'Usage summary', label: 'Usage summary', dated: true, scope: 'usage:read' },
  calls: { title: 'Calls', label: 'Calls (call detail records)', dated: true, scope: 'usage:read' },
  /** Keeps every call from a fixed start date; each refresh merges only the newest days (docs/architecture.md#calls-log). */
  calls_log: { title: 'Calls log', label: 'Calls log (keeps every call)', dated: true, scope: 'usage:read' },
  by_did: { title: 'Usage by number', label: 'Usage by number', dated: true, scope: 'usage:read' },
  by_destination: { title: 'Usage by destination', label: 'Usage by destination', dated: true, scope: 'usage:read' },
  by_trunk: { title: 'Usage by SIP trunk', label: 'Usage by SIP trunk', dated: true, scope: 'usage:read' },
  daily: { title: 'Daily usage', label: 'Daily usage', dated: true, scope: 'usage:read' },
  comparison: { title: 'Month comparison', label: 'This month vs last month', dated: false, scope: 'usage:read' },
  numbers: { title: 'Numbers', label: 'Your numbers', dated: false, scope: 'numbers:read' },
  invoices: { title: 'Invoices', label: 'Invoices', dated: false, scope: 'billing:read' },
  credit_notes: { title: 'Credit notes', label: 'Credit notes', dated: false, scope: 'billing:read' },
  orders: { title: 'Orders', label: 'Orders', dated: false, scope: 'billing:read' },
  transactions: { title: 'Wallet transactions', label: 'Wallet transactions', dated: true, scope: 'billing:read' },
  sms: { title: 'SMS', label: 'SMS messages', dated: true, scope: 'sms:read' },
} as const satisfies Record<string, { title: string; label: string; dated: boolean; scope: ReadScope }>;
export type ReportKind = keyof typeof REPORT_KINDS;
export const REPORT_KIND_IDS = Object.keys(REPORT_KINDS) as ReportKind[];

export function isReportKind(value: unknown): value is ReportKind {
  return typeof value === 'string' && (REPORT_KIND_IDS as string[]).includes(value);
}

/**
 * The dashboard (KPIs, a 30-day chart, top-10 tables): registered and refreshed like a report, but built from several
 * endpoints, so it is not one of the REPORT_KINDS that Insert report… offers. docs/architecture.md#dashboard
 */
export const DASHBOARD_KIND = 'dashboard';
export const DASHBOARD = { title: 'Dashboard', label: 'Dashboard', scope: 'usage:read' } as const;
/** Every kind of sheet the add-on registers and refreshes. */
export type RegisteredKind = ReportKind | typeof DASHBOARD_KIND;

/** Rolling periods, re-evaluated with today's date at every refresh. */
export const ROLLING_WINDOWS = {
  this_month: { label: 'This month' },
  last_month: { label: 'Last month' },
  last_7_days: { label: 'Last 7 days' },
  last_30_days: { label: 'Last 30 days' },
} as const;
export type RollingWindow = keyof typeof ROLLING_WINDOWS;
export const ROLLING_WINDOW_IDS = Object.keys(ROLLING_WINDOWS) as RollingWindow[];

export function isRollingWindow(value: unknown): value is RollingWindow {
  return typeof value === 'string' && (ROLLING_WINDOW_IDS as string[]).includes(value);
}

/** How often the scheduled refresh runs (an add-on's clock trigger may run at most hourly). */
export const FREQUENCIES = {
  off: { label: 'Off', everyHours: 0 },
  hourly: { label: 'Every hour', everyHours: 1 },
  every_6_hours: { label: 'Every 6 hours', everyHours: 6 },
  daily: { label: 'Once a day', everyHours: 24 },
} as const;
export type Frequency = keyof typeof FREQUENCIES;
export const FREQUENCY_IDS = Object.keys(FREQUENCIES) as Frequency[];

/** Kinds of number the public number search accepts. */
export const NUMBER_TYPES = {
  local: { label: 'Local' },
  toll_free: { label: 'Toll-free' },
  mobile: { label: 'Mobile' },
  national: { label: 'National' },
} as const;
export type NumberType = keyof typeof NUMBER_TYPES;
export const NUMBER_TYPE_IDS = Object.keys(NUMBER_TYPES) as NumberType[];

/** A Cliqtel API key: the key's id, a pipe, then its secret (at least 8 printable non-space ASCII characters). */
export const API_KEY_PATTERN = /^\d+\|[\x21-\x7e]{8,}$/;
export const API_KEY_EXAMPLE = '17|aBcD…';

export function isWellFormedKey(key: string): boolean {
  return API_KEY_PATTERN.test(key);
}
