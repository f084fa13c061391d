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
      const path = route?.path;
      if (typeof path === 'string') state.route = (this.baseUrl ?? '') + path;
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
