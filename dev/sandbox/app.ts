// Builds the sandbox Cliqtel API as an Express app: /api (the emulated API) and /__sandbox (test admin).

import express, { type NextFunction, type Request, type Response } from 'express';
import { createAdminRouter } from './admin';
import { registerBillingRoutes } from './api-billing';
import { registerMessagingRoutes } from './api-messaging';
import { registerNumberRoutes } from './api-numbers';
import { registerUsageRoutes } from './api-usage';
import { ApiError } from './http';
import { SCOPE_DESCRIPTIONS, ALL_SCOPES, READ_SCOPES } from './keys';
import { injectFaults, recordRequests } from './middleware';
import { createApiRoutes } from './routes';
import { SandboxState } from './state';
import type { SandboxKeys, SandboxOptions } from './types';

export type { SandboxKeys, SandboxOptions } from './types';

export interface SandboxApp {
  app: express.Express;
  keys: SandboxKeys;
  /** The live state, for in-process inspection (tests should prefer the admin routes over HTTP). */
  state: SandboxState;
}

export function createSandboxApp(options: SandboxOptions = {}): SandboxApp {
  const state = new SandboxState(options);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false); // Laravel sends no ETag; an ETag would also invite 304s the add-on never expects

  const { routes, router, fallback } = createApiRoutes(state);
  registerNumberRoutes(routes);
  registerUsageRoutes(routes);
  registerBillingRoutes(routes);
  registerMessagingRoutes(routes);
  routes.get('/v1/portal/api-keys/scopes', { scope: '', limiter: 'reporting' }, (_req, res) => {
    res.json({
      scopes: ALL_SCOPES.map((scope) => ({ scope, description: SCOPE_DESCRIPTIONS[scope] })),
      presets: { read_only: READ_SCOPES, full_access: ALL_SCOPES },
    });
  });

  app.use('/__sandbox', createAdminRouter(state));
  app.use(
    '/api',
    recordRequests(state),
    injectFaults(state),
    express.json({ limit: '1mb' }),
    express.urlencoded({ extended: false }),
    router,
    fallback,
  );
  app.use((req: Request) => {
    throw new ApiError(404, { error: 'not_found', message: `The route ${req.path.replace(/^\//, '')} could not be found.` });
  });
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof ApiError) {
      res.set(error.headers).status(error.status).json(error.body);
      return;
    }
    const parseFailure = error as { type?: string; status?: number };
    if (parseFailure?.type === 'entity.parse.failed') {
      res.status(400).json({ error: 'bad_request', message: 'The request body is not valid JSON.' });
      return;
    }
    if (parseFailure?.status && parseFailure.status >= 400 && parseFailure.status < 500) {
      res.status(parseFailure.status).json({ error: 'bad_request', message: String((error as Error).message) });
      return;
    }
    console.error('[sandbox] unhandled error', error);
    res.status(500).json({ error: 'server_error', message: 'Server Error' });
  });
  return { app, keys: state.keys, state };
}
