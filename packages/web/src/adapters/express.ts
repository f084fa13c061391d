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

/** Express sets req.route to the matched route; its path is the pattern ('/users/:id'). */
function expressRoute(state: RequestState): string | undefined {
  const req = state.req as IncomingMessage & { route?: { path?: unknown }; baseUrl?: string };
  const path = req.route?.path;
  return typeof path === 'string' ? (req.baseUrl ?? '') + path : undefined;
}

export function expressMiddleware(core: WebLogbook): ExpressMiddleware {
  return function logbook(req, res, next): void {
    const state = core.begin(req, res);
    state.routeReader = expressRoute;
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
    if (state.routeReader !== undefined) state.route = state.routeReader(state);
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
