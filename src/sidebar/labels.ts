// Words the pages show for the server's enums (report kinds, windows, frequencies, scopes, number types).
// Records keyed by the server's union types: a kind added to serverApi.ts without a label fails the typecheck.
import type { Frequency, ReadScope, ReportKind, RollingWindow } from '../core/serverApi';
import type { Choice } from './dom';

interface KindInfo {
  label: string;
  /** Takes a period (window or from/to); the others are "as of now" lists. */
  dated: boolean;
}

export const REPORT_KINDS: Record<ReportKind, KindInfo> = {
  summary: { label: 'Usage summary', dated: true },
  calls: { label: 'Calls (call detail records)', dated: true },
  by_did: { label: 'Usage by number', dated: true },
  by_destination: { label: 'Usage by destination', dated: true },
  by_trunk: { label: 'Usage by SIP trunk', dated: true },
  daily: { label: 'Daily usage', dated: true },
  comparison: { label: 'This month vs last month', dated: false },
  numbers: { label: 'Your numbers', dated: false },
  invoices: { label: 'Invoices', dated: false },
  credit_notes: { label: 'Credit notes', dated: false },
  orders: { label: 'Orders', dated: false },
  transactions: { label: 'Wallet transactions', dated: true },
  sms: { label: 'SMS messages', dated: true },
};

export const REPORT_KIND_CHOICES: Choice[] = (Object.keys(REPORT_KINDS) as ReportKind[]).map((kind) => ({
  value: kind,
  label: REPORT_KINDS[kind].label,
}));

export const WINDOWS: Record<RollingWindow, string> = {
  this_month: 'This month',
  last_month: 'Last month',
  last_7_days: 'Last 7 days',
  last_30_days: 'Last 30 days',
};

export const FREQUENCIES: Record<Frequency, string> = {
  off: 'Off',
  hourly: 'Every hour',
  every_6_hours: 'Every 6 hours',
  daily: 'Once a day',
};

/** What each read scope lets the add-on do, in the user's words. */
export const SCOPE_FEATURES: Record<ReadScope, string> = {
  'usage:read':
    'Usage and call records: CLIQTEL_USAGE, CLIQTEL_CALLS, CLIQTEL_USAGE_BY, CLIQTEL_COMPARISON, usage reports and call exports',
  'billing:read':
    'Balance, invoices, credit notes, orders and wallet transactions: CLIQTEL_BALANCE, CLIQTEL_INVOICES, CLIQTEL_TRANSACTIONS and billing reports',
  'numbers:read': 'Your numbers: CLIQTEL_NUMBERS and the numbers report',
  'sms:read': 'SMS history: CLIQTEL_SMS and the SMS report',
};

export const NUMBER_TYPES: Choice[] = [
  { value: 'any', label: 'Any type' },
  { value: 'local', label: 'Local' },
  { value: 'mobile', label: 'Mobile' },
  { value: 'toll_free', label: 'Toll-free' },
  { value: 'national', label: 'National' },
];

export function numberTypeLabel(type: string): string {
  return NUMBER_TYPES.find((choice) => choice.value === type)?.label ?? type;
}

/** "Daily around 06:00" style description of a schedule. */
export function describeFrequency(frequency: Frequency, hour?: number): string {
  if (frequency === 'daily' && hour !== undefined && hour !== null) return `Once a day, around ${hourLabel(hour)}`;
  return FREQUENCIES[frequency] ?? frequency;
}

export function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

export function reportKindLabel(kind: string): string {
  return (REPORT_KINDS as Record<string, KindInfo | undefined>)[kind]?.label ?? kind;
}
