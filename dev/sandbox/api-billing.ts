// Sandbox routes for billing (billing:read): invoices (+PDF), credit notes, timeline, orders and the wallet.

import { buildPdf, sendPdf } from './files';
import { inWindow, notFound, paginate, parseWindow, queryString } from './http';
import type { ApiRoutes } from './routes';

const BILLING = { scope: 'billing:read', limiter: 'reporting' } as const;

interface TimelineEvent {
  occurred_at: string;
  type: string;
  description: string;
  amount: number;
  currency: string;
  reference: { type: string; number: string };
}

export function registerBillingRoutes(routes: ApiRoutes): void {
  const { state } = routes;

  routes.get('/v1/portal/invoices', BILLING, (_req, res) => {
    res.json({ invoices: state.data.invoices });
  });

  routes.get('/v1/portal/invoices/:id/pdf', BILLING, (req, res) => {
    const id = String(req.params.id);
    const invoice = state.data.invoices.find((i) => String(i.id) === id || i.invoice_number === id);
    if (!invoice) throw notFound(`No query results for model [Invoice] ${id}`);
    if (!invoice.has_pdf) throw notFound(`No PDF is available for invoice ${invoice.invoice_number}.`);
    const lines = [
      `Invoice ${invoice.invoice_number}   issued ${invoice.issued_at}   due ${invoice.due_date}`,
      `Period ${invoice.period_start} to ${invoice.period_end}`,
      '',
      `Subtotal  ${invoice.currency} ${invoice.subtotal.toFixed(2)}`,
      `VAT 21%   ${invoice.currency} ${invoice.tax.toFixed(2)}`,
      `Total     ${invoice.currency} ${invoice.total.toFixed(2)}`,
      '',
      `Status: ${invoice.status}`,
    ];
    sendPdf(res, buildPdf(`Cliqtel invoice ${invoice.invoice_number}`, lines), `${invoice.invoice_number}.pdf`);
  });

  routes.get('/v1/portal/credit-notes', BILLING, (_req, res) => {
    res.json({ credit_notes: state.data.credit_notes });
  });

  routes.get('/v1/portal/billing/timeline', BILLING, (_req, res) => {
    const events: TimelineEvent[] = [];
    for (const invoice of state.data.invoices) {
      events.push({
        occurred_at: `${invoice.issued_at}T06:00:00+00:00`,
        type: 'invoice_issued',
        description: `Invoice ${invoice.invoice_number} (${invoice.status})`,
        amount: invoice.total,
        currency: invoice.currency,
        reference: { type: 'invoice', number: invoice.invoice_number },
      });
    }
    for (const note of state.data.credit_notes) {
      events.push({
        occurred_at: `${note.issued_at}T10:00:00+00:00`,
        type: 'credit_note_issued',
        description: note.reason,
        amount: -note.total,
        currency: note.currency,
        reference: { type: 'credit_note', number: note.credit_note_number },
      });
    }
    for (const entry of state.data.transactions) {
      if (entry.type !== 'top_up') continue;
      events.push({
        occurred_at: `${entry.created_at.slice(0, 19)}+00:00`,
        type: 'wallet_top_up',
        description: entry.description,
        amount: entry.amount,
        currency: entry.currency,
        reference: { type: 'payment', number: entry.reference_id },
      });
    }
    for (const order of state.data.orders) {
      events.push({
        occurred_at: `${order.created_at.slice(0, 19)}+00:00`,
        type: `order_${order.status}`,
        description: `Order ${order.order_number}: ${order.item.number}`,
        amount: order.total,
        currency: order.currency,
        reference: { type: 'order', number: order.order_number },
      });
    }
    events.sort((a, b) => b.occurred_at.localeCompare(a.occurred_at));
    res.json({ timeline: events, meta: { currency: 'EUR', generated_at: new Date(state.now()).toISOString() } });
  });

  routes.get('/v1/portal/orders', BILLING, (req, res) => {
    res.json(paginate(req, state, state.data.orders));
  });

  routes.get('/v1/wallet/balance', BILLING, (_req, res) => {
    res.json({ balance: state.walletBalance(), currency: 'EUR' });
  });

  routes.get('/v1/wallet/transactions', BILLING, (req, res) => {
    // Optional from/to narrow the ledger; without them the whole ledger is listed, newest first.
    const window = parseWindow(req, state, { defaultAll: true });
    const type = queryString(req, 'type');
    const entries = state.data.transactions
      .filter((entry) => inWindow(entry.created_at, window) && (type === undefined || entry.type === type))
      .sort((a, b) => b.created_at.localeCompare(a.created_at) || Number(b.id) - Number(a.id));
    res.json(paginate(req, state, entries));
  });
}
