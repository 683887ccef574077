// Generates the sandbox's deterministic dataset (numbers, CDRs, billing, wallet, messaging) from a seed and a "now":
// 13 months of history up to that instant, and never a record dated after it.

import { addDays, addMonths, DAY_MS, endOfMonth, isoDay, isoLaravel, isoOffset, startOfMonth } from './dates';
import { createRandom, deriveSeed, type Random } from './prng';

export type NumberType = 'local' | 'toll_free' | 'mobile' | 'national';

export interface NumberRecord {
  id: number;
  number: string;
  country_code: string;
  type: NumberType;
  label: string;
  status: 'active' | 'cancel_pending' | 'cancelled';
  monthly_price: number;
  forwarding: { type: 'sip' | 'phone' | 'none'; destination: string | null };
  created_at: string;
  sms_enabled: boolean;
  whatsapp_enabled: boolean;
  cancels_at: string | null;
}

export interface CallRecord {
  id: number;
  call_id: string;
  destination: string;
  caller_id: string;
  start_time: string;
  duration_seconds: number;
  billable_seconds: number;
  rate_per_minute: number;
  charge: number;
  currency: string;
  billing_status: 'posted' | 'pending';
  destination_country: string;
  trunk: string;
  disposition: 'answered' | 'no_answer' | 'busy' | 'failed';
}

export interface AvailableNumberRecord {
  number: string;
  country_code: string;
  type: NumberType;
  monthly_price: number;
  setup_price: number;
  sms_capable: boolean;
}

export interface InvoiceRecord {
  invoice_number: string;
  total: number;
  subtotal: number;
  tax: number;
  currency: string;
  status: 'paid' | 'open' | 'void';
  has_pdf: boolean;
  id: number;
  issued_at: string;
  due_date: string;
  period_start: string;
  period_end: string;
}

export interface CreditNoteRecord {
  id: number;
  credit_note_number: string;
  invoice_number: string;
  amount: number;
  tax: number;
  total: number;
  currency: string;
  reason: string;
  status: 'applied' | 'refunded_to_wallet';
  issued_at: string;
}

export interface OrderRecord {
  id: number;
  order_number: string;
  status: 'completed' | 'pending' | 'failed';
  total: number;
  currency: string;
  created_at: string;
  item: { number: string; country_code: string; type: NumberType; monthly_price: number };
  payment: { method: 'card' | 'wallet'; brand: string | null; last4: string | null };
}

export interface TransactionRecord {
  id: number;
  type: 'top_up' | 'call_debit' | 'sms_debit' | 'refund';
  amount: number;
  balance_after: number;
  currency: string;
  reference_type: 'payment' | 'usage' | 'sms' | 'credit_note';
  reference_id: string;
  description: string;
  created_at: string;
}

export interface SmsRecord {
  id: number;
  from: string;
  to: string;
  direction: 'outbound' | 'inbound';
  body: string;
  status: 'queued' | 'sent' | 'delivered' | 'failed' | 'received';
  segments: number;
  cost: number;
  currency: string;
  created_at: string;
}

export interface WhatsappMessageRecord {
  id: number;
  from: string;
  to: string;
  direction: 'outbound' | 'inbound';
  type: 'template' | 'text';
  template_name: string | null;
  body: string;
  status: 'queued' | 'sent' | 'delivered' | 'read' | 'failed' | 'received';
  cost: number;
  currency: string;
  created_at: string;
}

export interface WhatsappTemplateRecord {
  id: number;
  name: string;
  language: string;
  category: 'UTILITY' | 'MARKETING' | 'AUTHENTICATION';
  status: 'APPROVED' | 'PENDING' | 'REJECTED';
  body: string;
  created_at: string;
}

export interface Dataset {
  numbers: NumberRecord[];
  available_numbers: AvailableNumberRecord[];
  /** Chronological (oldest first); ids increase with start_time. */
  calls: CallRecord[];
  invoices: InvoiceRecord[];
  credit_notes: CreditNoteRecord[];
  orders: OrderRecord[];
  /** Chronological ledger; the last entry's balance_after is the wallet balance. */
  transactions: TransactionRecord[];
  sms: SmsRecord[];
  whatsapp_messages: WhatsappMessageRecord[];
  whatsapp_templates: WhatsappTemplateRecord[];
}

export interface Destination {
  country: string;
  code: string;
  name: string;
  rate: number;
  /** Minimum billed seconds and billing increment, e.g. 30/6. */
  minimum: number;
  increment: number;
  weight: number;
  /** National significant number: a fixed prefix then random digits. */
  prefix: string;
  digits: number;
}

export const DESTINATIONS: readonly Destination[] = [
  {
    country: 'GB',
    code: '44',
    name: 'United Kingdom',
    rate: 0.012,
    minimum: 0,
    increment: 1,
    weight: 28,
    prefix: '7700',
    digits: 6,
  },
  { country: 'DE', code: '49', name: 'Germany', rate: 0.019, minimum: 0, increment: 1, weight: 16, prefix: '151', digits: 8 },
  { country: 'NL', code: '31', name: 'Netherlands', rate: 0.015, minimum: 0, increment: 1, weight: 14, prefix: '6', digits: 8 },
  { country: 'FR', code: '33', name: 'France', rate: 0.021, minimum: 30, increment: 6, weight: 10, prefix: '6', digits: 8 },
  {
    country: 'US',
    code: '1',
    name: 'United States',
    rate: 0.009,
    minimum: 6,
    increment: 6,
    weight: 12,
    prefix: '212555',
    digits: 4,
  },
  { country: 'ES', code: '34', name: 'Spain', rate: 0.023, minimum: 0, increment: 1, weight: 5, prefix: '6', digits: 8 },
  { country: 'IE', code: '353', name: 'Ireland', rate: 0.025, minimum: 0, increment: 1, weight: 5, prefix: '87', digits: 7 },
  { country: 'BE', code: '32', name: 'Belgium', rate: 0.024, minimum: 0, increment: 1, weight: 4, prefix: '47', digits: 7 },
  { country: 'IN', code: '91', name: 'India', rate: 0.035, minimum: 60, increment: 60, weight: 4, prefix: '98', digits: 8 },
  { country: 'AU', code: '61', name: 'Australia', rate: 0.04, minimum: 0, increment: 1, weight: 2, prefix: '4', digits: 8 },
];

/** Longest-prefix match of an E.164 number against the known dialling codes. */
export function destinationOf(e164: string): Destination | undefined {
  const digits = e164.replace(/^\+/, '');
  let best: Destination | undefined;
  for (const destination of DESTINATIONS) {
    if (digits.startsWith(destination.code) && (!best || destination.code.length > best.code.length)) best = destination;
  }
  return best;
}

export const TRUNKS = ['Main, "HQ"\nFloor 2', 'Sales-EU', 'Support', 'Webhooks Bridge'] as const;

/** Complete months of history before the current one (which runs up to "now"). */
export const HISTORY_MONTHS = 13;
/** The first day of the history: the 1st of the month HISTORY_MONTHS before today's (those months are complete). */
export function historyStart(todayMs: number): number {
  return startOfMonth(addMonths(todayMs, -HISTORY_MONTHS));
}

/** Seeded SMS and WhatsApp messages per month of history. */
const SMS_PER_MONTH = 80;
const WHATSAPP_PER_MONTH = 12;

// Local aliases: generation runs inside jest's vm context too, where each global `Math` lookup is slow.
const { round, min, max, ceil, log } = Math;

export const round2 = (value: number): number => round(value * 100) / 100;
export const round4 = (value: number): number => round(value * 10000) / 10000;

/** Characters of the GSM 03.38 basic set (+ extension set, counted as two). */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '^{}\\[~]|€';

/** SMS segments: GSM-7 160/153 per part, otherwise UCS-2 70/67 per part. */
export function smsSegments(body: string): number {
  let septets = 0;
  let gsm = true;
  for (const char of body) {
    if (GSM_BASIC.includes(char)) septets += 1;
    else if (GSM_EXTENSION.includes(char)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return septets <= 160 ? 1 : Math.ceil(septets / 153);
  const units = body.length; // UTF-16 code units, as UCS-2 counts them
  return units <= 70 ? 1 : Math.ceil(units / 67);
}

export const SMS_PRICE_PER_SEGMENT = 0.04;

interface NumberSeed {
  number: string;
  country_code: string;
  type: NumberType;
  label: string;
  status: NumberRecord['status'];
  monthly_price: number;
  forwarding: NumberRecord['forwarding'];
  ageDays: number;
  sms: boolean;
  whatsapp: boolean;
  trunk: string;
  callWeight: number;
}

/** Hand-picked so every awkward label a sheet can meet is present (HTML, formula, leading +, -, @, accents). */
const NUMBER_SEEDS: readonly NumberSeed[] = [
  {
    number: '+442079460831',
    country_code: 'GB',
    type: 'local',
    label: 'London HQ',
    status: 'active',
    monthly_price: 2.0,
    forwarding: { type: 'sip', destination: 'sip:reception@pbx.example.com' },
    ageDays: 610,
    sms: false,
    whatsapp: false,
    trunk: TRUNKS[0],
    callWeight: 30,
  },
  {
    number: '+447700900123',
    country_code: 'GB',
    type: 'mobile',
    label: '<img src=x onerror=alert(1)>',
    status: 'active',
    monthly_price: 4.5,
    forwarding: { type: 'phone', destination: '+4915112345678' },
    ageDays: 540,
    sms: true,
    whatsapp: true,
    trunk: TRUNKS[0],
    callWeight: 12,
  },
  {
    number: '+31201234567',
    country_code: 'NL',
    type: 'local',
    label: '=HYPERLINK("http://x","y")',
    status: 'active',
    monthly_price: 1.75,
    forwarding: { type: 'sip', destination: 'sip:ams@pbx.example.com' },
    ageDays: 480,
    sms: false,
    whatsapp: false,
    trunk: TRUNKS[1],
    callWeight: 14,
  },
  {
    number: '+31612345678',
    country_code: 'NL',
    type: 'mobile',
    label: 'Amsterdam Sales',
    status: 'active',
    monthly_price: 5.0,
    forwarding: { type: 'phone', destination: '+31687654321' },
    ageDays: 420,
    sms: true,
    whatsapp: true,
    trunk: TRUNKS[1],
    callWeight: 10,
  },
  {
    number: '+493012345678',
    country_code: 'DE',
    type: 'local',
    label: 'Berlin Support',
    status: 'active',
    monthly_price: 2.5,
    forwarding: { type: 'sip', destination: 'sip:support@pbx.example.com' },
    ageDays: 390,
    sms: false,
    whatsapp: false,
    trunk: TRUNKS[2],
    callWeight: 12,
  },
  {
    number: '+498001234567',
    country_code: 'DE',
    type: 'toll_free',
    label: 'Hotline DE',
    status: 'active',
    monthly_price: 12.0,
    forwarding: { type: 'sip', destination: 'sip:hotline@pbx.example.com' },
    ageDays: 300,
    sms: false,
    whatsapp: false,
    trunk: TRUNKS[2],
    callWeight: 6,
  },
  {
    number: '+12125550143',
    country_code: 'US',
    type: 'local',
    label: 'NYC Office',
    status: 'active',
    monthly_price: 1.25,
    forwarding: { type: 'none', destination: null },
    ageDays: 250,
    sms: true,
    whatsapp: false,
    trunk: TRUNKS[3],
    callWeight: 8,
  },
  {
    number: '+18005550199',
    country_code: 'US',
    type: 'toll_free',
    label: '+1 Support line',
    status: 'active',
    monthly_price: 9.0,
    forwarding: { type: 'sip', destination: 'sip:us-support@pbx.example.com' },
    ageDays: 200,
    sms: false,
    whatsapp: false,
    trunk: TRUNKS[3],
    callWeight: 4,
  },
  {
    number: '+33142868200',
    country_code: 'FR',
    type: 'local',
    label: 'Paris — Réception',
    status: 'active',
    monthly_price: 2.2,
    forwarding: { type: 'phone', destination: '+33612345678' },
    ageDays: 150,
    sms: false,
    whatsapp: false,
    trunk: TRUNKS[1],
    callWeight: 6,
  },
  {
    number: '+33975123456',
    country_code: 'FR',
    type: 'national',
    label: '-Night line',
    status: 'cancel_pending',
    monthly_price: 3.0,
    forwarding: { type: 'none', destination: null },
    ageDays: 120,
    sms: false,
    whatsapp: false,
    trunk: TRUNKS[2],
    callWeight: 2,
  },
  {
    number: '+3225551234',
    country_code: 'BE',
    type: 'local',
    label: '@ops Brussels',
    status: 'cancelled',
    monthly_price: 2.0,
    forwarding: { type: 'none', destination: null },
    ageDays: 700,
    sms: false,
    whatsapp: false,
    trunk: TRUNKS[1],
    callWeight: 0,
  },
];

/** The SIP trunk each number's calls go out on (not part of the number's API shape). */
export const TRUNK_BY_NUMBER: ReadonlyMap<string, string> = new Map(NUMBER_SEEDS.map((seed) => [seed.number, seed.trunk]));

function randomDigits(random: Random, count: number): string {
  return random.string(count, '0123456789');
}

function buildNumbers(todayMs: number): NumberRecord[] {
  return NUMBER_SEEDS.map((seed, index) => ({
    id: 101 + index,
    number: seed.number,
    country_code: seed.country_code,
    type: seed.type,
    label: seed.label,
    status: seed.status,
    monthly_price: seed.monthly_price,
    forwarding: { ...seed.forwarding },
    created_at: isoOffset(addDays(todayMs, -seed.ageDays) + (9 * 3600 + index * 731) * 1000),
    sms_enabled: seed.sms,
    whatsapp_enabled: seed.whatsapp,
    cancels_at:
      seed.status === 'cancel_pending'
        ? isoDay(endOfMonth(todayMs))
        : seed.status === 'cancelled'
          ? isoDay(addDays(todayMs, -40))
          : null,
  }));
}

const AVAILABLE_PLAN: Record<string, { types: readonly (readonly [NumberType, string, number])[] }> = {
  GB: {
    types: [
      ['local', '4420794', 2.0],
      ['mobile', '447700', 4.5],
      ['toll_free', '44800', 11.0],
      ['national', '44330', 3.0],
    ],
  },
  NL: {
    types: [
      ['local', '3120', 1.75],
      ['mobile', '316', 5.0],
      ['toll_free', '31800', 10.0],
    ],
  },
  DE: {
    types: [
      ['local', '4930', 2.5],
      ['mobile', '49151', 6.0],
      ['toll_free', '49800', 12.0],
      ['national', '4932', 3.5],
    ],
  },
  US: {
    types: [
      ['local', '1212555', 1.25],
      ['toll_free', '1800555', 9.0],
    ],
  },
  FR: {
    types: [
      ['local', '331428', 2.2],
      ['national', '339751', 3.0],
      ['mobile', '336', 5.5],
    ],
  },
  BE: { types: [['local', '322555', 2.0]] },
  ES: {
    types: [
      ['local', '3491', 2.3],
      ['toll_free', '34900', 12.5],
    ],
  },
  IE: {
    types: [
      ['local', '3531', 2.4],
      ['mobile', '35387', 5.0],
    ],
  },
};

function buildAvailableNumbers(seed: number): AvailableNumberRecord[] {
  const random = createRandom(deriveSeed(seed, 'available'));
  const out: AvailableNumberRecord[] = [];
  for (const [country, plan] of Object.entries(AVAILABLE_PLAN)) {
    for (const [type, prefix, price] of plan.types) {
      const count = random.int(3, 5);
      for (let i = 0; i < count; i++) {
        const totalDigits = country === 'US' ? 11 : country === 'BE' ? 10 : 11 + (prefix.length > 5 ? 1 : 0);
        out.push({
          number: `+${prefix}${randomDigits(random, Math.max(4, totalDigits - prefix.length))}`,
          country_code: country,
          type,
          monthly_price: price,
          setup_price: type === 'toll_free' ? 25.0 : 0,
          sms_capable: type === 'mobile' || country === 'US',
        });
      }
    }
  }
  return out;
}

/** Seconds since midnight, with office hours more likely than the night. */
function timeOfDay(random: Random): number {
  if (random.chance(0.75)) return random.int(8 * 3600, 18 * 3600 - 1);
  return random.int(0, 86_399);
}

/** Exponential-ish call length, 1 s to 2 h. */
function callDuration(random: Random): number {
  return min(7200, 1 + round(-log(1 - random.next()) * 140));
}

/** A moment of the history: a uniformly drawn day, office hours favoured, never after `nowMs`. */
function historyTime(random: Random, firstDay: number, dayCount: number, nowMs: number): number {
  for (;;) {
    const time = firstDay + random.int(0, dayCount - 1) * DAY_MS + timeOfDay(random) * 1000;
    if (time <= nowMs) return time;
  }
}

function buildCalls(seed: number, todayMs: number, nowMs: number, numbers: NumberRecord[], count: number): CallRecord[] {
  const random = createRandom(deriveSeed(seed, 'calls'));
  const firstDay = historyStart(todayMs);
  const dayCount = Math.round((todayMs - firstDay) / DAY_MS) + 1;
  const times = new Float64Array(count);
  for (let i = 0; i < count; i++) times[i] = historyTime(random, firstDay, dayCount, nowMs);
  times.sort();

  // A number places calls only once it exists: the callers grow as the (chronological) calls pass their created_at.
  const weightOf = new Map(NUMBER_SEEDS.map((s) => [s.number, s.callWeight]));
  const upcoming = numbers
    .filter((n) => n.status !== 'cancelled' && (weightOf.get(n.number) ?? 0) > 0)
    .map((n) => ({ number: n.number, createdMs: Date.parse(n.created_at), weight: weightOf.get(n.number) as number }))
    .sort((a, b) => a.createdMs - b.createdMs);
  let callers: (readonly [string, number])[] = [];
  let nextCaller = 0;
  const destinationWeights = DESTINATIONS.map((d) => [d, d.weight] as const);
  const dispositions = [
    ['answered', 85],
    ['no_answer', 9],
    ['busy', 4],
    ['failed', 2],
  ] as const;
  const todayIso = isoDay(todayMs);
  const calls: CallRecord[] = new Array(count);
  for (let i = 0; i < count; i++) {
    while (nextCaller < upcoming.length && (upcoming[nextCaller].createdMs <= times[i] || callers.length === 0)) {
      callers = [...callers, [upcoming[nextCaller].number, upcoming[nextCaller].weight] as const];
      nextCaller++;
    }
    const destination = random.weighted(destinationWeights);
    const callerId = random.weighted(callers);
    const disposition = random.weighted(dispositions);
    const duration = disposition === 'answered' ? callDuration(random) : 0;
    const billable =
      duration === 0 ? 0 : max(destination.minimum, ceil(duration / destination.increment) * destination.increment);
    const startTime = isoOffset(times[i]);
    calls[i] = {
      id: 90001 + i,
      call_id: random.string(12, '0123456789abcdef'),
      destination: `+${destination.code}${destination.prefix}${randomDigits(random, destination.digits)}`,
      caller_id: callerId,
      start_time: startTime,
      duration_seconds: duration,
      billable_seconds: billable,
      rate_per_minute: destination.rate,
      charge: round2((billable / 60) * destination.rate),
      currency: 'EUR',
      billing_status: startTime.startsWith(todayIso) ? 'pending' : 'posted',
      destination_country: destination.country,
      trunk: TRUNK_BY_NUMBER.get(callerId) ?? TRUNKS[0],
      disposition,
    };
  }
  // Call ids that spreadsheets love to mangle, placed among the most recent calls so "this month" includes them.
  const tricky = ['00123', '1e5', '=HYPERLINK("http://x","y")'];
  tricky.forEach((callId, k) => {
    const index = count - 3 - 2 * k;
    if (index >= 0) calls[index].call_id = callId;
  });
  return calls;
}

function buildInvoices(seed: number, todayMs: number, numbers: NumberRecord[]): InvoiceRecord[] {
  const random = createRandom(deriveSeed(seed, 'invoices'));
  const rental = numbers.filter((n) => n.status !== 'cancelled').reduce((sum, n) => sum + n.monthly_price, 0);
  const invoices: InvoiceRecord[] = [];
  // One invoice per complete month of the history; the latest (last month's) is INV-YYYY-0042.
  for (let monthsAgo = HISTORY_MONTHS; monthsAgo >= 1; monthsAgo--) {
    const periodStart = startOfMonth(addMonths(startOfMonth(todayMs), -monthsAgo));
    const periodEnd = endOfMonth(periodStart);
    const issued = addDays(periodEnd, 1);
    const subtotal = round2(rental + random.int(1500, 9000) / 100);
    const tax = round2(subtotal * 0.21);
    const sequence = 43 - monthsAgo;
    const year = new Date(issued).getUTCFullYear();
    const status = monthsAgo === 1 ? 'open' : monthsAgo === 7 ? 'void' : 'paid';
    invoices.push({
      invoice_number: `INV-${year}-${String(sequence).padStart(4, '0')}`,
      total: round2(subtotal + tax),
      subtotal,
      tax,
      currency: 'EUR',
      status,
      has_pdf: status !== 'void',
      id: 7001 + (HISTORY_MONTHS - monthsAgo),
      issued_at: isoDay(issued),
      due_date: isoDay(addDays(issued, 14)),
      period_start: isoDay(periodStart),
      period_end: isoDay(periodEnd),
    });
  }
  return invoices.reverse(); // newest first, as the portal lists them
}

function buildCreditNotes(todayMs: number, invoices: InvoiceRecord[]): CreditNoteRecord[] {
  const reasons: readonly [string, CreditNoteRecord['status'], number, number][] = [
    ['Disputed calls refunded (ticket #4411)', 'refunded_to_wallet', 3, 45],
    ['Goodwill credit: outage on 3 May, "Sales-EU" trunk', 'applied', 5, 130],
    ['Pro-rata refund, number cancelled mid-period', 'refunded_to_wallet', 2, 15],
  ];
  return reasons
    .map(([reason, status, invoiceIndex, daysAgo], index) => {
      const invoice = invoices[Math.min(invoiceIndex, invoices.length - 1)];
      const amount = [4.13, 10.0, 1.2][index];
      const tax = round2(amount * 0.21);
      const issued = addDays(todayMs, -daysAgo);
      return {
        id: 301 + index,
        credit_note_number: `CN-${new Date(issued).getUTCFullYear()}-${String(3 + index).padStart(4, '0')}`,
        invoice_number: invoice.invoice_number,
        amount,
        tax,
        total: round2(amount + tax),
        currency: 'EUR',
        reason,
        status,
        issued_at: isoDay(issued),
      };
    })
    .reverse();
}

function buildOrders(todayMs: number, numbers: NumberRecord[]): OrderRecord[] {
  const orders: OrderRecord[] = numbers.map((n, index) => ({
    id: 5101 + index,
    order_number: `ORD-${100120 + index}`,
    status: 'completed' as const,
    total: round2(n.monthly_price * 1.21),
    currency: 'EUR',
    created_at: isoLaravel(Date.parse(n.created_at) - 300_000),
    item: { number: n.number, country_code: n.country_code, type: n.type, monthly_price: n.monthly_price },
    payment:
      index % 3 === 2
        ? { method: 'wallet' as const, brand: null, last4: null }
        : { method: 'card' as const, brand: 'visa', last4: '4242' },
  }));
  const extra = (
    id: number,
    status: OrderRecord['status'],
    daysAgo: number,
    number: string,
    country: string,
    type: NumberType,
    price: number,
  ): OrderRecord => ({
    id,
    order_number: `ORD-${100000 + id - 5000}`,
    status,
    total: round2(price * 1.21),
    currency: 'EUR',
    created_at: isoLaravel(addDays(todayMs, -daysAgo) + 14 * 3600_000),
    item: { number, country_code: country, type, monthly_price: price },
    payment: { method: 'card', brand: 'mastercard', last4: '0005' },
  });
  orders.push(
    extra(5201, 'failed', 33, '+31207654321', 'NL', 'local', 1.75),
    extra(5202, 'pending', 1, '+12125550188', 'US', 'local', 1.25),
  );
  return orders.sort((a, b) => b.created_at.localeCompare(a.created_at));
}

/** A customer's mobile number (E.164) in one of a few countries. */
function randomContact(random: Random): string {
  const [prefix, digits] = random.pick([
    ['447700', 6],
    ['491511', 7],
    ['316', 8],
    ['336', 8],
  ] as const);
  return `+${prefix}${randomDigits(random, digits)}`;
}

const SMS_BODIES = [
  'Your verification code is 482913',
  'Hi! Your order has shipped, tracking: https://example.com/t/AB12',
  'Reminder: appointment tomorrow at 10:30',
  'Thanks, received.',
  'Multi\nline, with "quotes" and, commas',
  '=SUM(A1:A9)',
  '+31 call me back',
  'Ünïcödé ✓ 🚀 works',
  'Meeting moved to Friday. Please confirm attendance by replying YES or NO. Directions to the venue are on our site; parking is free after 18:00 and the entrance is on the north side of the building.',
  'STOP',
  '-5% discount code: SAVE5',
  '@team lunch?',
];

function buildSms(seed: number, todayMs: number, nowMs: number, numbers: NumberRecord[]): SmsRecord[] {
  const random = createRandom(deriveSeed(seed, 'sms'));
  const smsNumbers = numbers.filter((n) => n.sms_enabled).map((n) => n.number);
  const firstDay = historyStart(todayMs);
  const dayCount = Math.round((todayMs - firstDay) / DAY_MS) + 1;
  const times: number[] = [];
  for (let i = 0; i < SMS_PER_MONTH * HISTORY_MONTHS; i++) times.push(historyTime(random, firstDay, dayCount, nowMs));
  times.sort((a, b) => a - b);
  return times.map((time, index) => {
    const own = random.pick(smsNumbers);
    const contact = randomContact(random);
    const inbound = random.chance(0.3);
    const body = SMS_BODIES[index % SMS_BODIES.length];
    const segments = smsSegments(body);
    return {
      id: 5001 + index,
      from: inbound ? contact : own,
      to: inbound ? own : contact,
      direction: inbound ? 'inbound' : 'outbound',
      body,
      status: inbound
        ? 'received'
        : random.weighted([
            ['delivered', 90],
            ['sent', 5],
            ['failed', 5],
          ] as const),
      segments,
      cost: inbound ? 0 : round4(segments * SMS_PRICE_PER_SEGMENT),
      currency: 'EUR',
      created_at: isoLaravel(time),
    };
  });
}

const TEMPLATES: readonly Omit<WhatsappTemplateRecord, 'id' | 'created_at'>[] = [
  {
    name: 'order_update',
    language: 'en',
    category: 'UTILITY',
    status: 'APPROVED',
    body: 'Hi {{1}}, your order {{2}} is on its way.',
  },
  {
    name: 'appointment_reminder',
    language: 'en',
    category: 'UTILITY',
    status: 'APPROVED',
    body: 'Reminder: your appointment is on {{1}} at {{2}}.',
  },
  {
    name: 'verification_code',
    language: 'en',
    category: 'AUTHENTICATION',
    status: 'APPROVED',
    body: '{{1}} is your verification code.',
  },
  { name: 'spring_sale', language: 'nl', category: 'MARKETING', status: 'PENDING', body: 'Voorjaarsuitverkoop: {{1}}% korting!' },
  { name: 'win_back', language: 'en', category: 'MARKETING', status: 'REJECTED', body: 'We miss you, {{1}}!' },
];

function buildWhatsapp(
  seed: number,
  todayMs: number,
  nowMs: number,
  numbers: NumberRecord[],
): { messages: WhatsappMessageRecord[]; templates: WhatsappTemplateRecord[] } {
  const random = createRandom(deriveSeed(seed, 'whatsapp'));
  const templates = TEMPLATES.map((t, index) => ({
    id: 801 + index,
    ...t,
    created_at: isoLaravel(addDays(todayMs, -200 + index * 20)),
  }));
  const senders = numbers.filter((n) => n.whatsapp_enabled).map((n) => n.number);
  const approved = templates.filter((t) => t.status === 'APPROVED');
  const messages: WhatsappMessageRecord[] = [];
  const firstDay = historyStart(todayMs);
  const dayCount = Math.round((todayMs - firstDay) / DAY_MS) + 1;
  for (let i = 0; i < WHATSAPP_PER_MONTH * HISTORY_MONTHS; i++) {
    const time = historyTime(random, firstDay, dayCount, nowMs);
    const own = random.pick(senders);
    const contact = randomContact(random);
    const inbound = random.chance(0.35);
    const template = random.pick(approved);
    const isTemplate = !inbound && random.chance(0.7);
    messages.push({
      id: 9001 + i,
      from: inbound ? contact : own,
      to: inbound ? own : contact,
      direction: inbound ? 'inbound' : 'outbound',
      type: isTemplate ? 'template' : 'text',
      template_name: isTemplate ? template.name : null,
      body: isTemplate ? template.body.replace('{{1}}', 'Sam').replace('{{2}}', 'A-1042') : random.pick(SMS_BODIES),
      status: inbound
        ? 'received'
        : random.weighted([
            ['read', 60],
            ['delivered', 30],
            ['failed', 10],
          ] as const),
      cost: isTemplate ? 0.05 : 0,
      currency: 'EUR',
      created_at: isoLaravel(time),
    });
  }
  // A customer wrote a minute ago, so free-text replies to them are inside the 24-hour window.
  messages.push({
    id: 9001 + messages.length,
    from: '+4915112345678',
    to: senders[0],
    direction: 'inbound',
    type: 'text',
    template_name: null,
    body: 'Hello, is my order on its way?',
    status: 'received',
    cost: 0,
    currency: 'EUR',
    created_at: isoLaravel(nowMs - 60_000),
  });
  messages.sort((a, b) => a.created_at.localeCompare(b.created_at));
  messages.forEach((m, index) => {
    m.id = 9001 + index;
  });
  return { messages, templates };
}

/** Wallet ledger: daily usage debits (settled the day after), SMS debits, refunds and top-ups when low. */
function buildTransactions(
  seed: number,
  todayMs: number,
  nowMs: number,
  calls: CallRecord[],
  sms: SmsRecord[],
  creditNotes: CreditNoteRecord[],
): TransactionRecord[] {
  const random = createRandom(deriveSeed(seed, 'wallet'));
  const callCostByDay = new Map<string, number>();
  for (const call of calls) {
    const day = call.start_time.slice(0, 10);
    callCostByDay.set(day, (callCostByDay.get(day) ?? 0) + call.charge);
  }
  const smsCostByDay = new Map<string, number>();
  for (const message of sms) {
    const day = message.created_at.slice(0, 10);
    if (message.cost > 0) smsCostByDay.set(day, (smsCostByDay.get(day) ?? 0) + message.cost);
  }
  const refundsByDay = new Map(creditNotes.filter((c) => c.status === 'refunded_to_wallet').map((c) => [c.issued_at, c]));

  const out: TransactionRecord[] = [];
  let balance = 0;
  const push = (
    type: TransactionRecord['type'],
    amount: number,
    referenceType: TransactionRecord['reference_type'],
    referenceId: string,
    description: string,
    at: number,
  ) => {
    if (at > nowMs) return; // not yet happened: today's debits and refunds come later in the day
    balance = round2(balance + amount);
    out.push({
      id: 0,
      type,
      amount: round2(amount),
      balance_after: balance,
      currency: 'EUR',
      reference_type: referenceType,
      reference_id: referenceId,
      description,
      created_at: isoLaravel(at),
    });
  };
  const topUp = (at: number, amount: number) =>
    push('top_up', amount, 'payment', `pi_${random.string(14)}`, 'Wallet top-up (card •••• 4242)', at);

  const firstDay = addDays(historyStart(todayMs), -1);
  topUp(firstDay + 10 * 3600_000, 100);
  for (let day = addDays(firstDay, 1); day <= todayMs; day = addDays(day, 1)) {
    const iso = isoDay(day);
    // Usage is debited when the day closes: today's calls and messages are still pending (open holds).
    const previous = isoDay(addDays(day, -1));
    const callCost = round2(callCostByDay.get(previous) ?? 0);
    if (callCost > 0) {
      if (balance - callCost < 10) topUp(day + 1 * 3600_000, Math.max(100, Math.ceil((callCost + 50) / 100) * 100));
      push('call_debit', -callCost, 'usage', previous, `Call charges ${previous}`, day + 2 * 3600_000);
    }
    const smsCost = round2(smsCostByDay.get(previous) ?? 0);
    if (smsCost > 0) {
      if (balance - smsCost < 10) topUp(day + 1 * 3600_000 + 60_000, Math.max(100, Math.ceil((smsCost + 50) / 100) * 100));
      push('sms_debit', -smsCost, 'sms', previous, `SMS charges ${previous}`, day + 2 * 3600_000 + 60_000);
    }
    const refund = refundsByDay.get(iso);
    if (refund)
      push('refund', refund.total, 'credit_note', refund.credit_note_number, `Refund: ${refund.reason}`, day + 11 * 3600_000);
  }
  out.sort((a, b) => a.created_at.localeCompare(b.created_at));
  // Re-run the balance in time order (same-day entries were pushed out of clock order).
  let running = 0;
  out.forEach((entry, index) => {
    entry.id = 40001 + index;
    running = round2(running + entry.amount);
    entry.balance_after = running;
  });
  return out;
}

/** The dataset for `nowMs` (epoch ms; `now` in the sandbox options): same seed + same instant → identical data. */
export function generateDataset(options: { seed: number; nowMs: number; cdrCount: number }): Dataset {
  const nowMs = Math.floor(options.nowMs / 1000) * 1000; // timestamps have whole seconds
  if (!Number.isFinite(nowMs)) throw new Error(`Invalid sandbox "now": ${options.nowMs}`);
  const todayMs = nowMs - (((nowMs % DAY_MS) + DAY_MS) % DAY_MS);
  const numbers = buildNumbers(todayMs);
  const calls = buildCalls(options.seed, todayMs, nowMs, numbers, options.cdrCount);
  const invoices = buildInvoices(options.seed, todayMs, numbers);
  const creditNotes = buildCreditNotes(todayMs, invoices);
  const sms = buildSms(options.seed, todayMs, nowMs, numbers);
  const whatsapp = buildWhatsapp(options.seed, todayMs, nowMs, numbers);
  return {
    numbers,
    available_numbers: buildAvailableNumbers(options.seed),
    calls,
    invoices,
    credit_notes: creditNotes,
    orders: buildOrders(todayMs, numbers),
    transactions: buildTransactions(options.seed, todayMs, nowMs, calls, sms, creditNotes),
    sms,
    whatsapp_messages: whatsapp.messages,
    whatsapp_templates: whatsapp.templates,
  };
}
