// Admin routes outside /api (no auth) that tests use to inject faults, inspect traffic and read or change the data.

import express from 'express';
import { CallActivity } from './callActivity';
import { ApiError } from './http';
import { DATASET_NAMES, type DatasetName, type SandboxState } from './state';
import type { SandboxConfig, SandboxFaults } from './types';

const FAULT_COUNTERS = [
  'latencyMs',
  'fail429',
  'retryAfter',
  'fail5xx',
  'status5xx',
  'htmlError',
  'truncate',
  'drop',
  'commit5xx',
  'hang',
  'hangMs',
  'skip',
] as const;
const CONFIG_FIELDS = ['perPageCap', 'rateLimitPerMinute', 'messagingRateLimitPerMinute'] as const;

function badRequest(message: string): ApiError {
  return new ApiError(400, { error: 'bad_request', message });
}

function datasetName(name: string): DatasetName {
  if (!(DATASET_NAMES as readonly string[]).includes(name)) {
    throw new ApiError(404, { error: 'not_found', message: `Unknown dataset "${name}". Known: ${DATASET_NAMES.join(', ')}.` });
  }
  return name as DatasetName;
}

export function createAdminRouter(state: SandboxState): express.Router {
  const router = express.Router();
  router.use(express.json({ limit: '200mb' }));
  const callActivity = new CallActivity(state);

  router.get('/health', (_req, res) => {
    res.json({
      ok: true,
      now: new Date(state.now()).toISOString(),
      today: state.todayIso(),
      seed: state.options.seed,
      cdrCount: state.data.calls.length,
    });
  });

  router.get('/keys', (_req, res) => {
    res.json({ keys: state.keys });
  });

  /** Replaces the active faults (an empty object clears them). */
  router.post('/faults', (req, res) => {
    const input = (req.body ?? {}) as SandboxFaults;
    const faults: SandboxState['faults'] = {};
    for (const field of FAULT_COUNTERS) {
      const value = input[field];
      if (value === undefined) continue;
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
        throw badRequest(`${field} must be a non-negative number.`);
      faults[field] = value;
    }
    if (input.method !== undefined) {
      if (typeof input.method !== 'string' || !/^[a-z]+$/i.test(input.method))
        throw badRequest('method must be an HTTP method such as POST.');
      faults.method = input.method.toUpperCase();
    }
    if (input.pathPattern !== undefined) {
      try {
        faults.matcher = new RegExp(input.pathPattern);
        faults.pathPattern = input.pathPattern;
      } catch (error) {
        throw badRequest(`pathPattern is not a valid regular expression: ${(error as Error).message}`);
      }
    }
    state.faults = faults;
    res.json({ faults: { ...faults, matcher: undefined } });
  });

  router.get('/faults', (_req, res) => {
    res.json({ faults: { ...state.faults, matcher: undefined } });
  });

  router.post('/reset', (_req, res) => {
    state.reset();
    callActivity.reset();
    res.json({ ok: true });
  });

  /** New, late-arriving and re-rated calls (dev/sandbox/callActivity.ts): `{newCalls?, lateCalls?, rerated?, seed?, key?}`. */
  router.post('/calls/activity', (req, res) => {
    try {
      res.json(callActivity.apply((req.body ?? {}) as Parameters<CallActivity['apply']>[0]));
    } catch (error) {
      throw badRequest((error as Error).message);
    }
  });

  router.get('/stats', (_req, res) => {
    res.json({ requests: state.requests });
  });

  router.get('/data/:name', (req, res) => {
    res.json(state.data[datasetName(String(req.params.name))]);
  });

  /** Body: an array (appended) or `{records: [...], mode: 'append' | 'replace'}`. */
  router.post('/data/:name', (req, res) => {
    const name = datasetName(String(req.params.name));
    const body = req.body as unknown;
    const records = Array.isArray(body) ? body : (body as { records?: unknown })?.records;
    const mode = Array.isArray(body) ? 'append' : ((body as { mode?: string })?.mode ?? 'append');
    if (!Array.isArray(records)) throw badRequest('Send an array of records, or {records: [...], mode}.');
    if (mode !== 'append' && mode !== 'replace') throw badRequest('mode must be "append" or "replace".');
    state.replaceDataset(name, records, mode);
    res.json({ ok: true, count: state.data[name].length });
  });

  /**
   * Changes one number as someone would in the Cliqtel portal (no auth, no scope, no request log): `{label?,
   * forwarding?: {type, destination}}`. Tests use it to change a number between a refresh and a push.
   */
  router.post('/numbers/:id', (req, res) => {
    const number = state.data.numbers.find((n) => String(n.id) === String(req.params.id));
    if (!number) throw new ApiError(404, { error: 'not_found', message: `No number with id ${req.params.id}.` });
    const input = (req.body ?? {}) as { label?: unknown; forwarding?: unknown };
    if (input.label !== undefined && typeof input.label !== 'string') throw badRequest('label must be a string.');
    const forwarding = input.forwarding as { type?: unknown; destination?: unknown } | undefined;
    if (forwarding !== undefined) {
      if (!forwarding || typeof forwarding !== 'object' || !['sip', 'phone', 'none'].includes(String(forwarding.type)))
        throw badRequest('forwarding must be {type: "sip" | "phone" | "none", destination}.');
      if (forwarding.type !== 'none' && typeof forwarding.destination !== 'string')
        throw badRequest('forwarding.destination must be a string unless type is "none".');
    }
    if (typeof input.label === 'string') number.label = input.label;
    if (forwarding) {
      number.forwarding = {
        type: forwarding.type as 'sip' | 'phone' | 'none',
        destination: forwarding.type === 'none' ? null : String(forwarding.destination),
      };
    }
    state.markMutated();
    res.json({ data: number });
  });

  router.post('/config', (req, res) => {
    const input = (req.body ?? {}) as SandboxConfig;
    for (const field of CONFIG_FIELDS) {
      const value = input[field];
      if (value === undefined) continue;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
        throw badRequest(`${field} must be a positive integer.`);
    }
    if (input.csvFinalLineBreak !== undefined && typeof input.csvFinalLineBreak !== 'boolean')
      throw badRequest('csvFinalLineBreak must be true or false.');
    for (const field of CONFIG_FIELDS) {
      const value = input[field];
      if (value !== undefined) state.config[field] = value;
    }
    if (input.csvFinalLineBreak !== undefined) state.config.csvFinalLineBreak = input.csvFinalLineBreak;
    res.json({ config: state.config });
  });

  router.use((req) => {
    throw new ApiError(404, { error: 'not_found', message: `Unknown sandbox admin route ${req.method} ${req.originalUrl}.` });
  });
  return router;
}
