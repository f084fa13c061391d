// Express 5: one middleware first (`app.use(logbook.express())`) and one error handler last
// (`app.use(logbook.expressErrors())`) — Express hands errors only to four-argument middleware.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestState } from '../core/request-context.js';
import { stateOf } from '../core/request-context.js';
import type { WebLogbook } from '../core/web-logbook.js';

export type ExpressNext = (error?: unknown) => void;
export type ExpressMiddleware = (req: IncomingMessage, res: ServerResponse, next: ExpressNext) => void;
export type ExpressErrorMiddleware = (
  error: unknown,
  req: IncomingMessage,
  res: ServerResponse,
  next: ExpressNext,
) => void;

/** Where the route Express matched is kept once the setter below has seen it. */
const ROUTE = Symbol('logbook.web.express-route');

type RoutedRequest = IncomingMessage & { baseUrl?: string; [ROUTE]?: unknown };

/**
 * A route's path as the record names it: a pattern as written ('/items/:id'), a regular expression as its literal
 * ('/^\/files\/.+$/i': its source alone would lose the flags), a list (`app.get(['/a', /^\/b$/], …)`) as its
 * entries joined by ', ' (Express does not say which one matched); each after the mount path of the router it is in.
 */
function routeText(mount: string, path: unknown): string | undefined {
  if (typeof path === 'string') return mount + path;
  if (path instanceof RegExp) return mount + String(path);
  if (Array.isArray(path)) return path.map((entry) => routeText(mount, entry)).join(', ');
  return undefined;
}

/**
 * Express sets `req.route` to the matched route, whose path is the pattern relative to the router it is in
 * ('/items/:id' of a router mounted at '/api'). The mount path is `req.baseUrl` only while that router runs:
 * an error travelling to the app's error handlers resets it on the way out. So the full pattern is taken
 * the moment Express sets the route.
 */
function watchRoute(req: IncomingMessage, state: RequestState): void {
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get(this: RoutedRequest): unknown {
      return this[ROUTE];
    },
    set(this: RoutedRequest, route: { path?: unknown } | undefined) {
      this[ROUTE] = route;
      const text = routeText(this.baseUrl ?? '', route?.path);
      if (text !== undefined) state.route = text;
    },
  });
}

export function expressMiddleware(core: WebLogbook): ExpressMiddleware {
  return function logbook(req, res, next): void {
    const state = core.begin(req, res);
    watchRoute(req, state);
    core.run(state, next);
  };
}

export function expressErrorMiddleware(core: WebLogbook): ExpressErrorMiddleware {
  return function logbookErrors(error, req, res, next): void {
    const state = stateOf(req);
    if (state === undefined) {
      next(error);
      return;
    }
    if (!core.isIncident(error, state)) {
      // A client error (bad JSON, 404 thrown on purpose): answer with its status, never its details.
      if (res.headersSent) {
        next(error);
        return;
      }
      core.respondWithStatus(state, error);
      return;
    }
    core.respondWithCrash(state, error);
  };
}
