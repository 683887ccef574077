// A small route registry for the sandbox API: every route declares its scope and rate limiter, and the
// table lets unknown paths answer 404 and known paths with the wrong method answer 405.

import express, { type Request, type Response } from 'express';
import { ApiError } from './http';
import { guard, type RouteGuard } from './middleware';
import type { SandboxState } from './state';

export type Handler = (req: Request, res: Response) => void | Promise<void>;

export interface ApiRoutes {
  readonly state: SandboxState;
  get(path: string, routeGuard: RouteGuard, handler: Handler): void;
  post(path: string, routeGuard: RouteGuard, handler: Handler): void;
  patch(path: string, routeGuard: RouteGuard, handler: Handler): void;
}

export function createApiRoutes(state: SandboxState): { routes: ApiRoutes; router: express.Router; fallback: Handler } {
  const router = express.Router();
  const table: { method: string; pattern: RegExp }[] = [];
  const add = (method: 'get' | 'post' | 'patch') => (path: string, routeGuard: RouteGuard, handler: Handler) => {
    table.push({ method: method.toUpperCase(), pattern: new RegExp(`^${path.replace(/:[a-z_]+/gi, '[^/]+')}/?$`) });
    router[method](path, guard(state, routeGuard), handler);
  };
  const routes: ApiRoutes = { state, get: add('get'), post: add('post'), patch: add('patch') };
  const fallback: Handler = (req) => {
    const path = req.path;
    const allowed = table.filter((route) => route.pattern.test(path)).map((route) => route.method);
    if (allowed.length > 0) {
      if (allowed.includes('GET')) allowed.push('HEAD');
      throw new ApiError(
        405,
        {
          error: 'method_not_allowed',
          message: `The ${req.method} method is not supported for route api${path}. Supported methods: ${allowed.join(', ')}.`,
        },
        { Allow: allowed.join(', ') },
      );
    }
    throw new ApiError(404, { error: 'not_found', message: `The route api${path} could not be found.` });
  };
  return { routes, router, fallback };
}
