// Express middleware for the sandbox API: request log, fault injection, Bearer auth, scopes and rate limits.

import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { failAfterCommit, faultRecord, hangAfterCommit } from './commitFaults';
import { ApiError } from './http';
import { type ApiKeyRecord, findApiKey, type Scope } from './keys';
import type { SandboxState } from './state';
import type { SandboxRequestRecord } from './types';

declare module 'express-serve-static-core' {
  interface Request {
    apiKey?: ApiKeyRecord;
  }
}

const SECRET_QUERY_KEYS = /token|key|secret|password|authorization/i;

/** Logs every /api request once it finished; the Authorization header is only recorded as present/absent. */
export function recordRequests(state: SandboxState): RequestHandler {
  return (req, res, next) => {
    res.on('finish', () => {
      const query: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(req.query as Record<string, unknown>)) {
        query[name] = SECRET_QUERY_KEYS.test(name) ? '[redacted]' : value;
      }
      const record: SandboxRequestRecord = {
        method: req.method,
        path: req.originalUrl.split('?')[0],
        query,
        status: res.statusCode,
        auth: typeof req.headers.authorization === 'string',
        accept: req.headers.accept ?? null,
        at: new Date(state.now()).toISOString(),
      };
      const fault = res.locals.fault as SandboxRequestRecord['fault'];
      if (fault) record.fault = fault;
      state.requests.push(record);
    });
    next();
  };
}

const HTML_ERROR_PAGE = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Server Error</title></head>
<body><div class="flex-center"><div class="code">500</div><div class="message">Server Error</div></div></body>
</html>
`;

/** Applies the faults set through POST /__sandbox/faults to matching /api requests. */
export function injectFaults(state: SandboxState): RequestHandler {
  return (req, res, next) => {
    const faults = state.faults;
    if (faults.matcher && !faults.matcher.test(req.originalUrl)) return next();
    if (faults.method && req.method !== faults.method.toUpperCase()) return next();
    if (faults.skip && faults.skip > 0) {
      faults.skip--;
      return next();
    }
    const proceed = () => {
      if (faults.fail429 && faults.fail429 > 0) {
        faults.fail429--;
        res.locals.fault = 'fail429';
        res.set('Retry-After', String(faults.retryAfter ?? 1));
        res.status(429).json({ error: 'too_many_requests', message: 'Too many requests. Please retry after the window resets.' });
        return;
      }
      if (faults.fail5xx && faults.fail5xx > 0) {
        faults.fail5xx--;
        res.locals.fault = 'fail5xx';
        res
          .status(faults.status5xx ?? 503)
          .json({ error: 'service_unavailable', message: 'The service is temporarily unavailable. Please try again shortly.' });
        return;
      }
      if (faults.htmlError && faults.htmlError > 0) {
        faults.htmlError--;
        res.locals.fault = 'htmlError';
        res.status(500).type('text/html; charset=UTF-8').send(HTML_ERROR_PAGE);
        return;
      }
      if (faults.drop && faults.drop > 0) {
        faults.drop--;
        res.locals.fault = 'drop';
        dropResponse(state, req, res);
      }
      if (faults.commit5xx && faults.commit5xx > 0) {
        faults.commit5xx--;
        res.locals.fault = 'commit5xx';
        failAfterCommit(res, faults.status5xx ?? 503);
      }
      if (faults.hang && faults.hang > 0) {
        faults.hang--;
        res.locals.fault = 'hang';
        hangAfterCommit(state, req, res, faults.hangMs ?? 65_000);
      }
      if (faults.truncate && faults.truncate > 0) {
        faults.truncate--;
        res.locals.fault = 'truncate';
        truncateBody(res);
      }
      next();
    };
    if (faults.latencyMs && faults.latencyMs > 0) setTimeout(proceed, faults.latencyMs);
    else proceed();
  };
}

/**
 * Lets the handler run (a write takes effect), then closes the connection instead of sending its answer. The request
 * is logged here with the status the handler chose, since 'finish' never fires for it.
 */
function dropResponse(state: SandboxState, req: Request, res: Response): void {
  let logged = false;
  const drop = () => {
    if (!logged) {
      logged = true;
      state.requests.push(faultRecord(state, req, res, 'drop'));
    }
    req.socket.destroy();
    return res;
  };
  const writable = res as unknown as { write: () => boolean; end: () => Response; writeHead: () => Response };
  writable.writeHead = () => res;
  writable.write = () => true;
  writable.end = drop;
}

type EndCallback = () => void;
type WriteArgs = [chunk?: unknown, encoding?: BufferEncoding | EndCallback, callback?: EndCallback];

/** Buffers the response and sends only its first half (with a matching Content-Length, so it looks complete). */
function truncateBody(res: Response): void {
  const chunks: Buffer[] = [];
  const collect = (chunk: unknown, encoding?: BufferEncoding | EndCallback) => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), typeof encoding === 'string' ? encoding : 'utf8'));
  };
  const originalEnd = res.end.bind(res) as (chunk: Buffer) => Response;
  const writable = res as unknown as { write: (...args: WriteArgs) => boolean; end: (...args: WriteArgs) => Response };
  writable.write = (chunk, encoding, callback) => {
    collect(chunk, encoding);
    const done = typeof encoding === 'function' ? encoding : callback;
    if (done) process.nextTick(done);
    return true;
  };
  writable.end = (chunk, encoding, callback) => {
    collect(chunk, encoding);
    const body = Buffer.concat(chunks);
    const half = body.subarray(0, Math.floor(body.length / 2));
    if (!res.headersSent) res.setHeader('Content-Length', String(half.length));
    const done = typeof chunk === 'function' ? chunk : typeof encoding === 'function' ? encoding : callback;
    if (done) res.once('finish', done as EndCallback);
    return originalEnd(half);
  };
}

/** Parses `Authorization: Bearer <id|secret>`; 401 when missing, malformed, unknown or revoked. */
export function authenticate(state: SandboxState, req: Request): ApiKeyRecord {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  const key = match ? findApiKey(state.keyRecords, match[1]) : undefined;
  if (!key) throw new ApiError(401, { error: 'unauthenticated', message: 'Unauthenticated.' });
  return key;
}

export type LimiterName = 'reporting' | 'messaging';

/** Laravel-style fixed window of one minute per user (per IP for public routes). */
export function enforceRateLimit(state: SandboxState, res: Response, limiter: LimiterName, subject: string): void {
  const limit = limiter === 'messaging' ? state.config.messagingRateLimitPerMinute : state.config.rateLimitPerMinute;
  const bucketKey = `${limiter}:${subject}`;
  const now = Date.now();
  let window = state.rateWindows.get(bucketKey);
  if (!window || now - window.startedAt >= 60_000) {
    window = { startedAt: now, count: 0 };
    state.rateWindows.set(bucketKey, window);
  }
  window.count++;
  res.set('X-RateLimit-Limit', String(limit));
  if (window.count > limit) {
    const retryAfter = Math.max(1, Math.ceil((window.startedAt + 60_000 - now) / 1000));
    res.set('X-RateLimit-Remaining', '0');
    throw new ApiError(
      429,
      {
        error: 'too_many_requests',
        message: `Too many requests. Retry after ${retryAfter} second${retryAfter === 1 ? '' : 's'}.`,
      },
      { 'Retry-After': String(retryAfter), 'X-RateLimit-Reset': String(Math.ceil((window.startedAt + 60_000) / 1000)) },
    );
  }
  res.set('X-RateLimit-Remaining', String(limit - window.count));
}

export interface RouteGuard {
  /** null = public route; '' = any valid key; otherwise the scope required. */
  scope: Scope | '' | null;
  limiter: LimiterName;
}

/** auth → rate limit → scope, in the order Laravel's middleware stack runs them. */
export function guard(state: SandboxState, { scope, limiter }: RouteGuard): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (scope === null) {
      enforceRateLimit(state, res, limiter, `ip:${req.ip}`);
      return next();
    }
    const key = authenticate(state, req);
    req.apiKey = key;
    enforceRateLimit(state, res, limiter, `user:${key.userId}`);
    if (scope !== '' && !key.scopes.includes(scope)) {
      throw new ApiError(403, {
        error: 'insufficient_scope',
        message: `This API key is missing the required scope: ${scope}.`,
        required_scope: scope,
      });
    }
    next();
  };
}
