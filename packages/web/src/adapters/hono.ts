// Hono 4 on @hono/node-server: one middleware (`app.use(logbook.hono())`). Hono catches handler errors
// itself and leaves them on `c.error`; the middleware turns a 5xx there into an incident and, unless the
// app's onError already reported it with captureError(), answers with the crash page.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { statusAnswer } from '../core/handler-error.js';
import type { RequestState } from '../core/request-context.js';
import type { WebLogbook } from '../core/web-logbook.js';

/** The parts of Hono's context the adapter uses. */
export interface HonoContextLike {
  env: unknown;
  error?: unknown;
  res: Response;
  req: {
    readonly matchedRoutes?: readonly { path: string; method: string; handler: { length: number } }[];
    /** Which of the matched routes Hono dispatched last. */
    readonly routeIndex: number;
  };
}

export type HonoMiddleware = (c: HonoContextLike, next: () => Promise<void>) => Promise<void>;

export class HonoRuntimeError extends Error {
  override name = 'HonoRuntimeError';
}

/**
 * The route whose handler answered: the one Hono dispatched last. Hono lists every route the request matches, a
 * catch-all registered after the page's own among them, and only a middleware passes on to the next. A handler
 * takes one parameter, a middleware two (how Hono tells them apart): a middleware there answered itself, or passed
 * on to no handler, and the request had no route.
 */
function honoRoute(state: RequestState): string | undefined {
  const req = (state.target as HonoContextLike).req;
  const route = req.matchedRoutes?.[req.routeIndex];
  return route !== undefined && route.handler.length < 2 ? route.path : undefined;
}

export function honoMiddleware(core: WebLogbook): HonoMiddleware {
  return async function logbook(c, next): Promise<void> {
    const env = c.env as { incoming?: IncomingMessage; outgoing?: ServerResponse } | undefined;
    if (env?.incoming === undefined || env.outgoing === undefined) {
      throw new HonoRuntimeError(
        "@logbook/web's Hono middleware needs @hono/node-server (serve({ fetch: app.fetch })): " +
          'it reads the client address and the finished response from Node.',
      );
    }
    const state = core.begin(env.incoming, env.outgoing, c);
    state.routeReader = honoRoute;
    try {
      await core.run(state, next);
    } catch (thrown) {
      // Hono hands only Error instances to onError (and leaves them on c.error); anything else thrown — a string,
      // null, a plain object — comes back up the chain, and @hono/node-server would answer it with its own 500
      // and print it, with no incident. It gets the answer honoErrors() gives.
      c.res = honoAnswer(core, thrown, c);
      return;
    }
    const error = c.error;
    if (error === undefined || !core.isIncident(error, state)) return;
    // The app's onError made an answer of its own of the error (a 409 for a duplicate key): it stands.
    if (c.res.status < 500) return;
    const reportedByApp = state.incident !== undefined;
    const reply = core.crashReply(state, error);
    if (reportedByApp) return; // the app's onError answered and already has the reference
    c.res = new Response(reply.body, {
      status: 500,
      headers: { 'content-type': reply.contentType, 'cache-control': 'no-store' },
    });
  };
}

export type HonoErrorHandler = (error: Error, c: HonoContextLike) => Response;

/**
 * An onError handler: a 5xx becomes the crash page with its incident; errors that carry their own
 * response (HTTPException) keep it. Without it, Hono prints the error to the console and the
 * middleware still replaces the answer.
 */
export function honoErrorHandler(core: WebLogbook): HonoErrorHandler {
  return function logbookErrors(error, c): Response {
    return honoAnswer(core, error, c);
  };
}

/** A client error's own answer (HTTPException) or its status; anything else the crash page, with its incident. */
function honoAnswer(core: WebLogbook, error: unknown, c: HonoContextLike): Response {
  if (!core.isIncident(error, c)) {
    const own = (error as { getResponse?: () => Response }).getResponse;
    if (typeof own === 'function') return own.call(error);
    const answer = statusAnswer(error);
    const headers = new Headers();
    for (const [name, value] of answer.headers) {
      try {
        headers.set(name, value);
      } catch {
        // A header the Fetch API refuses is left out; the answer still goes.
      }
    }
    return new Response(answer.body, { status: answer.status, headers });
  }
  const reply = core.crashReply(c, error);
  return new Response(reply.body, {
    status: 500,
    headers: { 'content-type': reply.contentType, 'cache-control': 'no-store' },
  });
}
