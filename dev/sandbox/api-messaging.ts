// Sandbox routes for SMS and WhatsApp (sms:* / whatsapp:*), limited to 60 requests/minute per user.

import { isoLaravel } from './dates';
import { ApiError, bodyField, E164, inWindow, notFound, paginate, parseWindow, queryString, Validator } from './http';
import type { ApiRoutes } from './routes';
import { round2, round4, SMS_PRICE_PER_SEGMENT, type SmsRecord, smsSegments, type WhatsappMessageRecord } from './seed';

const MAX_SMS_LENGTH = 1600;
const CUSTOMER_SERVICE_WINDOW_MS = 24 * 3600_000;
const WHATSAPP_TEMPLATE_PRICE = 0.05;

export function registerMessagingRoutes(routes: ApiRoutes): void {
  const { state } = routes;

  routes.get('/v1/sms/messages', { scope: 'sms:read', limiter: 'messaging' }, (req, res) => {
    // from/to are dates here too (the same window filter as the reporting endpoints), not phone numbers.
    const window = parseWindow(req, state, { defaultAll: true });
    const direction = queryString(req, 'direction');
    const messages = state.data.sms
      .filter((m) => inWindow(m.created_at, window) && (direction === undefined || m.direction === direction))
      .sort((a, b) => b.created_at.localeCompare(a.created_at) || Number(b.id) - Number(a.id));
    res.json(paginate(req, state, messages));
  });

  routes.get('/v1/sms/messages/:id', { scope: 'sms:read', limiter: 'messaging' }, (req, res) => {
    const id = String(req.params.id);
    const message = state.data.sms.find((m) => String(m.id) === id);
    if (!message) throw notFound(`No query results for model [SmsMessage] ${id}`);
    res.json({ data: message });
  });

  routes.get('/v1/sms/numbers', { scope: 'sms:read', limiter: 'messaging' }, (_req, res) => {
    const data = state.data.numbers
      .filter((n) => n.sms_enabled && n.status !== 'cancelled')
      .map((n) => ({ id: n.id, number: n.number, country_code: n.country_code, label: n.label, status: n.status }));
    res.json({ data });
  });

  routes.post('/v1/sms/messages', { scope: 'sms:write', limiter: 'messaging' }, (req, res) => {
    const validator = new Validator();
    const from = bodyField(req, 'from');
    const to = bodyField(req, 'to');
    const body = bodyField(req, 'body');
    const senders = state.data.numbers.filter((n) => n.sms_enabled && n.status !== 'cancelled').map((n) => n.number);
    if (from === undefined || from === null || from === '') validator.add('from', 'The from field is required.');
    else if (typeof from !== 'string' || !E164.test(from))
      validator.add('from', 'The from field must be a phone number in E.164 format.');
    else if (!senders.includes(from)) validator.add('from', 'The from number is not one of your SMS-enabled numbers.');
    if (to === undefined || to === null || to === '') validator.add('to', 'The to field is required.');
    else if (typeof to !== 'string' || !E164.test(to))
      validator.add('to', 'The to field must be a phone number in E.164 format.');
    if (body === undefined || body === null || body === '') validator.add('body', 'The body field is required.');
    else if (typeof body !== 'string') validator.add('body', 'The body field must be a string.');
    else if (body.length > MAX_SMS_LENGTH)
      validator.add('body', `The body field must not be greater than ${MAX_SMS_LENGTH} characters.`);
    validator.throwIfAny();
    const segments = smsSegments(body as string);
    const message: SmsRecord = {
      id: state.nextId(state.data.sms),
      from: from as string,
      to: to as string,
      direction: 'outbound',
      body: body as string,
      status: 'queued',
      segments,
      cost: round4(segments * SMS_PRICE_PER_SEGMENT),
      currency: 'EUR',
      created_at: isoLaravel(state.now()),
    };
    state.data.sms.push(message);
    state.markMutated();
    const { id, status, cost, currency } = message;
    res.status(201).json({ data: { id, from: message.from, to: message.to, status, segments, cost, currency } });
  });

  routes.get('/v1/whatsapp/messages', { scope: 'whatsapp:read', limiter: 'messaging' }, (req, res) => {
    const window = parseWindow(req, state, { defaultAll: true });
    const messages = state.data.whatsapp_messages
      .filter((m) => inWindow(m.created_at, window))
      .sort((a, b) => b.created_at.localeCompare(a.created_at) || Number(b.id) - Number(a.id));
    res.json(paginate(req, state, messages));
  });

  routes.get('/v1/whatsapp/templates', { scope: 'whatsapp:read', limiter: 'messaging' }, (_req, res) => {
    res.json({ templates: state.data.whatsapp_templates });
  });

  routes.post('/v1/whatsapp/messages', { scope: 'whatsapp:write', limiter: 'messaging' }, (req, res) => {
    const validator = new Validator();
    const senders = state.data.numbers.filter((n) => n.whatsapp_enabled && n.status !== 'cancelled').map((n) => n.number);
    const from = bodyField(req, 'from') ?? senders[0];
    const to = bodyField(req, 'to');
    const template = bodyField(req, 'template') as { name?: unknown; language?: unknown; parameters?: unknown } | undefined;
    const text = bodyField(req, 'text');
    if (typeof from !== 'string' || !senders.includes(from))
      validator.add('from', 'The from number is not one of your WhatsApp-enabled numbers.');
    if (to === undefined || to === null || to === '') validator.add('to', 'The to field is required.');
    else if (typeof to !== 'string' || !E164.test(to))
      validator.add('to', 'The to field must be a phone number in E.164 format.');
    if ((template === undefined) === (text === undefined))
      validator.add('template', 'Send either a template or a text message (exactly one of template, text).');
    let templateRecord: (typeof state.data.whatsapp_templates)[number] | undefined;
    if (template !== undefined) {
      templateRecord =
        typeof template === 'object' && template !== null
          ? state.data.whatsapp_templates.find((t) => t.name === template.name)
          : undefined;
      if (!templateRecord) validator.add('template.name', 'The selected template does not exist.');
      else if (templateRecord.status !== 'APPROVED')
        validator.add('template.name', `The template ${templateRecord.name} is not approved (status ${templateRecord.status}).`);
    }
    if (text !== undefined && (typeof text !== 'string' || text === ''))
      validator.add('text', 'The text field must be a non-empty string.');
    validator.throwIfAny();
    if (text !== undefined) {
      const lastInbound = state.data.whatsapp_messages
        .filter((m) => m.direction === 'inbound' && m.from === to)
        .reduce((latest, m) => Math.max(latest, Date.parse(m.created_at)), Number.NEGATIVE_INFINITY);
      if (state.now() - lastInbound > CUSTOMER_SERVICE_WINDOW_MS) {
        throw new ApiError(422, {
          message: 'The 24-hour customer service window is closed for this recipient; send an approved template instead.',
          errors: {
            text: ['The 24-hour customer service window is closed for this recipient; send an approved template instead.'],
          },
        });
      }
    }
    const parameters = Array.isArray(template?.parameters) ? (template.parameters as unknown[]).map(String) : [];
    const message: WhatsappMessageRecord = {
      id: state.nextId(state.data.whatsapp_messages),
      from: from as string,
      to: to as string,
      direction: 'outbound',
      type: templateRecord ? 'template' : 'text',
      template_name: templateRecord?.name ?? null,
      body: templateRecord
        ? parameters.reduce((body, value, index) => body.replace(`{{${index + 1}}}`, value), templateRecord.body)
        : (text as string),
      status: 'queued',
      cost: templateRecord ? round2(WHATSAPP_TEMPLATE_PRICE) : 0,
      currency: 'EUR',
      created_at: isoLaravel(state.now()),
    };
    state.data.whatsapp_messages.push(message);
    state.markMutated();
    res.status(201).json({ data: message });
  });
}
