// Faults that let the handler act (a message is created, a label changed) and then spoil the answer: the case an
// at-most-once sender exists for. `commit5xx` replaces the answer with a 5xx; `hang` withholds it and closes the
// connection after `hangMs` (the client times out first). The `drop` fault (middleware.ts) closes it at once.
import type { Request, Response } from 'express';
import type { SandboxState } from './state';
import type { SandboxRequestRecord } from './types';

type Writable = { write: (...args: unknown[]) => boolean; end: (...args: unknown[]) => Response; writeHead: () => Response };

/** The request log's entry for a request whose answer a fault swallowed (the normal logger never sees it finish). */
export function faultRecord(state: SandboxState, req: Request, res: Response, fault: 'hang' | 'drop'): SandboxRequestRecord {
  return {
    method: req.method,
    path: req.originalUrl.split('?')[0],
    query: {},
    status: res.statusCode,
    auth: typeof req.headers.authorization === 'string',
    accept: req.headers.accept ?? null,
    at: new Date(state.now()).toISOString(),
    fault,
  };
}

/** The handler runs; whatever it answers, the client gets `status` with Cliqtel's 5xx envelope instead. */
export function failAfterCommit(res: Response, status: number): void {
  const originalEnd = res.end.bind(res) as (chunk: Buffer) => Response;
  const writable = res as unknown as Writable;
  writable.write = () => true;
  writable.end = (...args: unknown[]) => {
    const body = Buffer.from(
      JSON.stringify({
        error: 'service_unavailable',
        message: 'The service is temporarily unavailable. Please try again shortly.',
      }),
    );
    if (!res.headersSent) {
      res.statusCode = status;
      res.removeHeader('ETag');
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.setHeader('Content-Length', String(body.length));
    }
    const done = args.find((a) => typeof a === 'function') as (() => void) | undefined;
    if (done) res.once('finish', done);
    return originalEnd(body);
  };
}

/**
 * The handler runs; its answer is never sent and the connection is closed after `hangMs`. Logged when the handler
 * finishes, with the status it chose, since 'finish' never fires for it.
 */
export function hangAfterCommit(state: SandboxState, req: Request, res: Response, hangMs: number): void {
  let logged = false;
  const writable = res as unknown as Writable;
  writable.writeHead = () => res;
  writable.write = () => true;
  writable.end = () => {
    if (!logged) {
      logged = true;
      state.requests.push(faultRecord(state, req, res, 'hang'));
      setTimeout(() => req.socket.destroy(), hangMs).unref();
    }
    return res;
  };
}
