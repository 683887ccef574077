// The CLIQTEL_* custom functions (docs/architecture.md#custom-function-call): parse arguments, fetch through the shared
// runtime, return a table.
import {
  parseDateRange,
  parseDiallingCodeArg,
  parseEnumArg,
  parseIsoCountryArg,
  parseLimitArg,
  parseMetricArg,
} from '../core/args';
import { NUMBER_TYPE_IDS } from '../core/catalog';
import { type DatasetId, fetchTable, SUMMARY_FIELDS } from '../core/datasets';
import { runFormula } from '../gas/formulas';

type Arg = unknown;
type Table = unknown[][];

/** CDR rows returned by default and at most (a custom function must finish within Sheets' 30 s). */
const CALLS_DEFAULT_LIMIT = 5000;
const CALLS_MAX_LIMIT = 50000;

/** Tables always have at least a header row; say so when nothing came back. */
function nonEmpty(table: Table): Table {
  return table.length && table[0].length ? table : [['No data for this period']];
}

function datedTable(name: string, id: DatasetId, from: Arg, to: Arg): Table {
  return runFormula(
    name,
    {},
    (ctx) => parseDateRange(from, to, ctx.formatDate, ctx.today),
    (range, ctx) => nonEmpty(fetchTable(ctx.client, id, range, ctx)),
  );
}

function plainTable(name: string, id: DatasetId): Table {
  return runFormula(
    name,
    {},
    () => ({}),
    (_args, ctx) => nonEmpty(fetchTable(ctx.client, id, {}, ctx)),
  );
}

/**
 * Your Cliqtel wallet balance.
 *
 * @param {"currency"} [field] Leave empty for the balance as a number; "currency" returns the currency code (e.g. EUR).
 * @return The wallet balance (a number), or its currency code.
 * @customfunction
 */
export function CLIQTEL_BALANCE(field?: Arg): number | string {
  return runFormula(
    'CLIQTEL_BALANCE',
    {},
    () => parseEnumArg('field', field, ['balance', 'currency'] as const, 'balance'),
    (which, ctx) => {
      const body = ctx.client.getJson('/v1/wallet/balance') as Record<string, unknown>;
      const value = body?.[which];
      if (which === 'balance' ? typeof value !== 'number' : typeof value !== 'string') {
        throw new Error(`Cliqtel's balance response has no ${which}`);
      }
      return value as number | string;
    },
  );
}

/**
 * Usage summary for a period: minutes, charges, calls, balances.
 *
 * @param {Date|string} [from] First day, a date cell or text like "2026-06-01". Empty: the current month.
 * @param {Date|string} [to] Last day, a date cell or text like "2026-06-30". Empty: the current month.
 * @param {string} [metric] One field only, e.g. "minutes_this_month", "charges_this_month" or "total_calls".
 * @return A header row and one row of summary values, or the single value of metric.
 * @customfunction
 */
export function CLIQTEL_USAGE(from?: Arg, to?: Arg, metric?: Arg): Table | number | string {
  return runFormula(
    'CLIQTEL_USAGE',
    {},
    (ctx) => ({ ...parseDateRange(from, to, ctx.formatDate, ctx.today), metric: parseMetricArg(metric) }),
    (args, ctx) => {
      const table = fetchTable(ctx.client, 'summary', args, ctx);
      if (!args.metric) return nonEmpty(table);
      // buildTable puts the documented fields first, in documented order.
      if (table.length < 2) throw new Error(`Cliqtel's usage summary has no ${args.metric}`);
      return table[1][SUMMARY_FIELDS.indexOf(args.metric)] as number | string;
    },
  );
}

/**
 * Call detail records (CDRs) for a period, every page, newest data as Cliqtel returns it.
 *
 * @param {Date|string} [from] First day, a date cell or text like "2026-06-01". Empty: the current month.
 * @param {Date|string} [to] Last day, a date cell or text like "2026-06-30". Empty: the current month.
 * @param {string} [country] Destination filter: a dialling code like "44" or "+44", or a country code like "GB".
 * @param {number} [limit] At most this many rows (default 5000, up to 50000), e.g. 100.
 * @return A header row and one row per call.
 * @customfunction
 */
export function CLIQTEL_CALLS(from?: Arg, to?: Arg, country?: Arg, limit?: Arg): Table {
  return runFormula(
    'CLIQTEL_CALLS',
    {},
    (ctx) => ({
      ...parseDateRange(from, to, ctx.formatDate, ctx.today),
      country: parseDiallingCodeArg(country),
      limit: parseLimitArg(limit, CALLS_DEFAULT_LIMIT, CALLS_MAX_LIMIT),
    }),
    (args, ctx) => fetchTable(ctx.client, 'calls', args, ctx),
  );
}

const DIMENSIONS = { did: 'by_did', destination: 'by_destination', trunk: 'by_trunk', day: 'daily' } as const;

/**
 * Usage broken down by number (did), destination, SIP trunk or day.
 *
 * @param {"did"|"destination"|"trunk"|"day"} dimension How to break usage down, e.g. "destination".
 * @param {Date|string} [from] First day, a date cell or text like "2026-06-01". Empty: the current month.
 * @param {Date|string} [to] Last day, a date cell or text like "2026-06-30". Empty: the current month.
 * @return A header row and one row per number, destination, trunk or day.
 * @customfunction
 */
export function CLIQTEL_USAGE_BY(dimension: Arg, from?: Arg, to?: Arg): Table {
  return runFormula(
    'CLIQTEL_USAGE_BY',
    {},
    (ctx) => {
      const dim = parseEnumArg('dimension', dimension, Object.keys(DIMENSIONS) as (keyof typeof DIMENSIONS)[]);
      return { dim, ...parseDateRange(from, to, ctx.formatDate, ctx.today) };
    },
    (args, ctx) => nonEmpty(fetchTable(ctx.client, DIMENSIONS[args.dim], args, ctx)),
  );
}

/**
 * This month's usage against last month's, with the differences.
 *
 * @return A header row and the comparison values.
 * @customfunction
 */
export function CLIQTEL_COMPARISON(): Table {
  return plainTable('CLIQTEL_COMPARISON', 'comparison');
}

/**
 * The phone numbers on your Cliqtel account.
 *
 * @return A header row and one row per number.
 * @customfunction
 */
export function CLIQTEL_NUMBERS(): Table {
  return plainTable('CLIQTEL_NUMBERS', 'numbers');
}

/**
 * Numbers available to buy in a country, with their monthly price. Works without an API key.
 *
 * @param {string} country Two-letter country code, e.g. "GB" or "NL".
 * @param {"local"|"toll_free"|"mobile"|"national"} [type] Kind of number, e.g. "local". Empty: all kinds.
 * @return A header row and one row per available number.
 * @customfunction
 */
export function CLIQTEL_SEARCH_NUMBERS(country: Arg, type?: Arg): Table {
  return runFormula(
    'CLIQTEL_SEARCH_NUMBERS',
    { public: true },
    () => ({
      isoCountry: parseIsoCountryArg(country),
      type: type === undefined || type === null || type === '' ? undefined : parseEnumArg('type', type, NUMBER_TYPE_IDS),
    }),
    (args, ctx) => {
      const table = fetchTable(ctx.client, 'search', args, ctx);
      return table.length > 1 ? table : [['No numbers available for this search']];
    },
  );
}

/**
 * Your Cliqtel invoices.
 *
 * @return A header row and one row per invoice.
 * @customfunction
 */
export function CLIQTEL_INVOICES(): Table {
  return plainTable('CLIQTEL_INVOICES', 'invoices');
}

/**
 * Your Cliqtel credit notes.
 *
 * @return A header row and one row per credit note.
 * @customfunction
 */
export function CLIQTEL_CREDIT_NOTES(): Table {
  return plainTable('CLIQTEL_CREDIT_NOTES', 'credit_notes');
}

/**
 * Your Cliqtel orders.
 *
 * @return A header row and one row per order.
 * @customfunction
 */
export function CLIQTEL_ORDERS(): Table {
  return plainTable('CLIQTEL_ORDERS', 'orders');
}

/**
 * Wallet ledger for a period: top-ups, call and message debits, refunds.
 *
 * @param {Date|string} [from] First day, a date cell or text like "2026-06-01". Empty: the current month.
 * @param {Date|string} [to] Last day, a date cell or text like "2026-06-30". Empty: the current month.
 * @return A header row and one row per wallet transaction.
 * @customfunction
 */
export function CLIQTEL_TRANSACTIONS(from?: Arg, to?: Arg): Table {
  return datedTable('CLIQTEL_TRANSACTIONS', 'transactions', from, to);
}

/**
 * SMS history for a period, inbound and outbound.
 *
 * @param {Date|string} [from] First day, a date cell or text like "2026-06-01". Empty: the current month.
 * @param {Date|string} [to] Last day, a date cell or text like "2026-06-30". Empty: the current month.
 * @return A header row and one row per message.
 * @customfunction
 */
export function CLIQTEL_SMS(from?: Arg, to?: Arg): Table {
  return datedTable('CLIQTEL_SMS', 'sms', from, to);
}
