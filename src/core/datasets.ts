// What each Cliqtel table is: endpoint, scope, documented fields in documented order, and how to fetch it.
// Shared by the custom functions and the report sheets so both show the same data the same way.
import type { CliqtelClient } from './client';
import { REPORT_KINDS, type ReportKind } from './catalog';
import { buildTable, findRows, type TableCell } from './shape';

/** Every report kind is a dataset, plus the public number search. */
export type DatasetId = ReportKind | 'search';

export interface Dataset {
  path: string;
  /** Documented fields in documented order (docs/cliqtel-api.md); extra fields follow them. */
  fields: string[];
  /** The body is one object (one row), not a list. */
  single?: boolean;
  /** Needs no key (the number search). */
  public?: boolean;
}

/** The bulk CDR download: one CSV for a whole period (exports and calls reports use it, never paging). */
export const EXPORT_PATH = '/v1/portal/usage/export';

export const SUMMARY_FIELDS = [
  'minutes_this_month',
  'charges_this_month',
  'total_calls',
  'active_calls',
  'open_holds',
  'wallet_balance',
  'available_balance',
  'billing_mode',
  'credit_limit',
];
export const CDR_FIELDS = [
  'id',
  'call_id',
  'destination',
  'caller_id',
  'start_time',
  'duration_seconds',
  'billable_seconds',
  'rate_per_minute',
  'charge',
  'currency',
  'billing_status',
];

export const DATASETS: Record<DatasetId, Dataset> = {
  summary: { path: '/v1/portal/usage/summary', fields: SUMMARY_FIELDS, single: true },
  calls: { path: '/v1/portal/usage/calls', fields: CDR_FIELDS },
  /** A calls log is filled and refreshed through the CSV export only (src/gas/callsLog.ts). */
  calls_log: { path: EXPORT_PATH, fields: CDR_FIELDS },
  by_did: { path: '/v1/portal/usage/by-did', fields: [] },
  by_destination: { path: '/v1/portal/usage/by-destination', fields: [] },
  by_trunk: { path: '/v1/portal/usage/by-trunk', fields: [] },
  daily: { path: '/v1/portal/usage/chart', fields: [] },
  comparison: { path: '/v1/portal/usage/comparison', fields: [], single: true },
  numbers: { path: '/v1/portal/numbers', fields: [] },
  search: {
    path: '/v1/numbers/search',
    fields: ['number', 'country_code', 'type', 'monthly_price'],
    public: true,
  },
  invoices: {
    path: '/v1/portal/invoices',
    fields: ['invoice_number', 'total', 'subtotal', 'tax', 'currency', 'status', 'has_pdf'],
  },
  credit_notes: { path: '/v1/portal/credit-notes', fields: [] },
  orders: { path: '/v1/portal/orders', fields: [] },
  transactions: {
    path: '/v1/wallet/transactions',
    fields: ['amount', 'balance_after', 'type', 'reference_type'],
  },
  sms: { path: '/v1/sms/messages', fields: [] },
};

export interface DatasetQuery {
  from?: string;
  to?: string;
  /** Dialling code filter for calls. */
  country?: string;
  /** ISO country for number search. */
  isoCountry?: string;
  type?: string;
  limit?: number;
}

export interface FetchOptions {
  /** Turns a YYYY-MM-DD value into a Date at local midnight of the spreadsheet's time zone. */
  parseDateOnly?: (ymd: string) => Date;
}

/** Fetches a dataset and shapes it as a table: a header row, then data rows (docs/architecture.md#value-types). */
export function fetchTable(client: CliqtelClient, id: DatasetId, q: DatasetQuery, opts: FetchOptions = {}): TableCell[][] {
  const ds = DATASETS[id];
  const query: Record<string, string | number | undefined> = {};
  if (id !== 'search' && REPORT_KINDS[id].dated) {
    query.from = q.from;
    query.to = q.to;
  }
  if (q.country !== undefined) query.country = q.country;
  if (id === 'search') {
    query.country = q.isoCountry;
    query.type = q.type;
  }
  let rows: Record<string, unknown>[];
  if (ds.single) {
    const body = client.getJson(ds.path, query, { public: ds.public });
    const found = findRows(body);
    rows = found ?? (body && typeof body === 'object' ? [body as Record<string, unknown>] : []);
  } else {
    rows = client.getRows(ds.path, query, { limit: q.limit, public: ds.public }).rows;
  }
  return buildTable(rows, ds.fields, { parseDateOnly: opts.parseDateOnly });
}
