// Koa: one middleware, first in the chain (`app.use(logbook.koa())`). Errors thrown further down are
// caught here: a 5xx becomes an incident and the crash page; a 4xx goes on to Koa's own handling.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestState } from '../core/request-context.js';
import type { WebLogbook } from '../core/web-logbook.js';

/** The parts of Koa's context the adapter uses. */
export interface KoaContextLike {
  req: IncomingMessage;
  res: ServerResponse;
  status: number;
  body: unknown;
  type: string;
  set(field: string, value: string): void;
}

export type KoaMiddleware = (ctx: KoaContextLike, next: () => Promise<unknown>) => Promise<void>;

/** koa-router and @koa/router leave the matched pattern on the context. */
function koaRoute(state: RequestState): string | undefined {
  const route = (state.target as { _matchedRoute?: unknown } | undefined)?._matchedRoute;
  return typeof route === 'string' ? route : undefined;
}

async function handle(
  core: WebLogbook,
  state: RequestState,
  ctx: KoaContextLike,
  next: () => Promise<unknown>,
) {
  try {
    await next();
  } catch (error) {
    if (!core.isIncident(error, state)) {
      // Koa clears response headers when it handles an error; keep the request id on the answer.
      if (typeof error === 'object' && error !== null) {
        const e = error as { headers?: Record<string, string> };
        e.headers = { ...e.headers, [core.options.requestIdHeader]: state.id };
      }
      throw error;
    }
    if (ctx.res.headersSent) {
      // The app wrote the head itself (ctx.res.writeHead): Koa would append the page to what went out, a 200 that
      // looks complete. Cut the response off instead, as on node:http, with the incident recorded.
      core.respondWithCrash(state, error);
      return;
    }
    const reply = core.crashReply(state, error);
    ctx.status = 500;
    ctx.set('cache-control', 'no-store');
    ctx.type = reply.contentType;
    ctx.body = reply.body;
    return;
  }
  // A streamed body that fails after its first bytes went out is answered by Koa (it cuts the response
  // off) and never reaches the catch above: its error is still the request's incident.
  const body = ctx.body as {
    pipe?: unknown;
    on?: (event: 'error', listener: (error: unknown) => void) => unknown;
  };
  if (
    typeof body === 'object' &&
    body !== null &&
    typeof body.pipe === 'function' &&
    typeof body.on === 'function'
  ) {
    body.on('error', (error) => {
      if (core.isIncident(error, state)) core.captureError(state, error);
    });
  }
}

export function koaMiddleware(core: WebLogbook): KoaMiddleware {
  return function logbook(ctx, next): Promise<void> {
    const state = core.begin(ctx.req, ctx.res, ctx);
    state.routeReader = koaRoute;
    return core.run(state, handle, core, state, ctx, next);
  };
}
