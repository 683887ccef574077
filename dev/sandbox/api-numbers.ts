// Sandbox routes for number search (public) and the account's numbers (numbers:read / numbers:write).

import { endOfMonth, isoDay } from './dates';
import { E164, bodyField, notFound, paginate, queryString, Validator } from './http';
import type { ApiRoutes } from './routes';
import type { NumberRecord } from './seed';

const NUMBER_TYPES = ['local', 'toll_free', 'mobile', 'national'] as const;
const FORWARDING_TYPES = ['sip', 'phone', 'none'] as const;

const SIP_URI = /^sip:[^@\s]+@[^\s]+$/;

/** The forwarding type a destination implies when a body leaves `type` out; undefined when it implies none. */
function impliedForwardingType(destination: unknown): string | undefined {
  if (destination === undefined || destination === null || destination === '') return 'none';
  if (typeof destination !== 'string') return undefined;
  if (E164.test(destination)) return 'phone';
  if (SIP_URI.test(destination)) return 'sip';
  return undefined;
}

export function registerNumberRoutes(routes: ApiRoutes): void {
  const { state } = routes;

  routes.get('/v1/numbers/search', { scope: null, limiter: 'reporting' }, (req, res) => {
    const validator = new Validator();
    const country = queryString(req, 'country');
    const type = queryString(req, 'type');
    if (country === undefined) validator.add('country', 'The country field is required.');
    else if (country === null || !/^[A-Za-z]{2}$/.test(country))
      validator.add('country', 'The country field must be a 2-letter ISO 3166-1 alpha-2 code.');
    if (type !== undefined && (type === null || !(NUMBER_TYPES as readonly string[]).includes(type))) {
      validator.add('type', 'The selected type is invalid. Use local, toll_free, mobile or national.');
    }
    validator.throwIfAny();
    const code = (country as string).toUpperCase();
    const numbers = state.data.available_numbers.filter(
      (n) => n.country_code === code && (type === undefined || n.type === type),
    );
    res.json({ numbers });
  });

  const findNumber = (id: string): NumberRecord => {
    const number = /^\d+$/.test(id) ? state.data.numbers.find((n) => Number(n.id) === Number(id)) : undefined;
    if (!number) throw notFound(`No query results for model [Number] ${id}`);
    return number;
  };
  const assertChangeable = (number: NumberRecord) => {
    if (number.status === 'cancelled') {
      const validator = new Validator();
      validator.add('number', 'This number has been cancelled and can no longer be changed.');
      validator.throwIfAny();
    }
  };

  routes.get('/v1/portal/numbers', { scope: 'numbers:read', limiter: 'reporting' }, (req, res) => {
    const numbers = [...state.data.numbers].sort((a, b) => Number(a.id) - Number(b.id));
    res.json(paginate(req, state, numbers));
  });

  routes.get('/v1/portal/numbers/:id', { scope: 'numbers:read', limiter: 'reporting' }, (req, res) => {
    res.json({ data: findNumber(String(req.params.id)) });
  });

  routes.patch('/v1/portal/numbers/:id/forwarding', { scope: 'numbers:write', limiter: 'reporting' }, (req, res) => {
    const number = findNumber(String(req.params.id));
    const validator = new Validator();
    const destination = bodyField(req, 'destination');
    // `type` may be left out: it is then read from the destination (E.164 → phone, sip: → sip, empty → none), so a
    // body of just {"destination": …} works too (docs/cliqtel-api.md#label-or-forward-a-number).
    let type = bodyField(req, 'type');
    if (type === undefined || type === null || type === '') type = impliedForwardingType(destination);
    if (type === undefined) {
      validator.add('destination', 'The destination must be an E.164 phone number, a SIP URI (sip:user@host) or empty.');
    } else if (!(FORWARDING_TYPES as readonly unknown[]).includes(type))
      validator.add('type', 'The selected type is invalid. Use sip, phone or none.');
    if (type === 'phone' && (typeof destination !== 'string' || !E164.test(destination))) {
      validator.add('destination', 'The destination must be a phone number in E.164 format (e.g. +4915112345678).');
    }
    if (type === 'sip' && (typeof destination !== 'string' || !SIP_URI.test(destination))) {
      validator.add('destination', 'The destination must be a SIP URI such as sip:user@pbx.example.com.');
    }
    validator.throwIfAny();
    assertChangeable(number);
    number.forwarding = {
      type: type as NumberRecord['forwarding']['type'],
      destination: type === 'none' ? null : (destination as string),
    };
    state.markMutated();
    res.json({ data: number });
  });

  routes.patch('/v1/portal/numbers/:id/label', { scope: 'numbers:write', limiter: 'reporting' }, (req, res) => {
    const number = findNumber(String(req.params.id));
    const validator = new Validator();
    const label = bodyField(req, 'label');
    if (label === undefined || label === null || label === '') validator.add('label', 'The label field is required.');
    else if (typeof label !== 'string') validator.add('label', 'The label field must be a string.');
    else if (label.length > 100) validator.add('label', 'The label field must not be greater than 100 characters.');
    validator.throwIfAny();
    assertChangeable(number);
    number.label = label as string;
    state.markMutated();
    res.json({ data: number });
  });

  routes.post('/v1/portal/numbers/:id/cancel', { scope: 'numbers:write', limiter: 'reporting' }, (req, res) => {
    const number = findNumber(String(req.params.id));
    if (number.status !== 'active') {
      const validator = new Validator();
      validator.add(
        'number',
        number.status === 'cancelled'
          ? 'This number is already cancelled.'
          : 'This number is already scheduled for cancellation.',
      );
      validator.throwIfAny();
    }
    number.status = 'cancel_pending';
    number.cancels_at = isoDay(endOfMonth(state.todayMs()));
    state.markMutated();
    res.json({ data: number });
  });
}
