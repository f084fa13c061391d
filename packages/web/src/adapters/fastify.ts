// Fastify 5: a plugin (`fastify.register(logbook.fastify)`). It runs for the whole app (not encapsulated),
// leaves Fastify's own logger and error handler alone, and logs app.start / app.stop from Fastify's listen
// and close hooks. Pass `genReqId: logbook.requestIdFor` to Fastify so its logger shows the same request ids.
//
// Crashes are taken from hooks, not from an error handler of its own: the app stays free to set one
// (Fastify warns, or with allowErrorHandlerOverride: false refuses, when a scope's handler is set twice).
// The onError hook sees every error before the error handler runs and keeps it; when the answer reaches
// onSend still a 5xx and the app's handler did not report the error with captureError() (Fastify's default
// handler never does), the incident is recorded and the answer, which would show the error's message,
// becomes the crash page. An app handler that called captureError(), or turned the error into an answer
// of its own (a 409 for a duplicate key), keeps it.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import { attachState, stateOf, type RequestState } from '../core/request-context.js';
import { watchAnswer } from '../core/upgrade-answer.js';
import type { ServerLike } from '../core/startup.js';
import type { WebLogbook } from '../core/web-logbook.js';

/** The parts of a Fastify request and reply the plugin uses. */
export interface FastifyRequestLike {
  /** HTTP/1 only: Fastify's types allow HTTP/2 requests, which the plugin does not track. */
  raw: IncomingMessage | Http2ServerRequest;
  routeOptions: { url?: string | undefined };
}

export interface FastifyReplyLike {
  raw: ServerResponse | Http2ServerResponse;
  readonly statusCode: number;
  code(status: number): FastifyReplyLike;
  header(name: string, value: string): FastifyReplyLike;
  send(payload?: unknown): FastifyReplyLike;
}

type Done = (error?: Error) => void;
type SendDone = (error: Error | null, payload?: unknown) => void;

/** The parts of a Fastify instance the plugin uses (method syntax: Fastify's overloads fit it). */
export interface FastifyInstanceLike {
  server: ServerLike;
  addHook(name: string, hook: (...args: never[]) => unknown): unknown;
}

export type FastifyPlugin = ((instance: FastifyInstanceLike, options: unknown, done: Done) => void) & {
  [key: symbol]: unknown;
};

type RouteHandler = (this: unknown, request: FastifyRequestLike, reply: { sent?: unknown }) => unknown;

/**
 * A route handler that records an incident for an error it throws or rejects with once its reply was sent (a
 * handler that fails after `await reply.send()`, a hijacked reply): Fastify hands such an error to no hook, only
 * to its logger. Anything else is Fastify's to handle, through the hooks below, and the handler's own result is
 * what Fastify gets. (Fastify's diagnostics channel reports those errors too, but subscribing makes Fastify read
 * the error's status first, which throws for an error whose getter throws and leaves the request hanging.)
 */
function recordingLateErrors(core: WebLogbook, handler: RouteHandler): RouteHandler {
  const late = (request: FastifyRequestLike, reply: { sent?: unknown }, error: unknown): void => {
    if (reply.sent !== true) return;
    const state = stateOf(request);
    if (state !== undefined && core.isIncident(error, state)) core.captureError(state, error);
  };
  return function logbookRoute(request, reply) {
    let result: unknown;
    try {
      result = handler.call(this, request, reply);
    } catch (error) {
      late(request, reply, error);
      throw error;
    }
    // A side branch: Fastify still gets the handler's own promise, and handles its rejection as before.
    if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function')
      (result as PromiseLike<unknown>).then(undefined, (error: unknown) => late(request, reply, error));
    return result;
  };
}

/** Set on a reply whose error answer is to be replaced by the crash page (the error itself). */
const CRASHED = Symbol('logbook.web.fastify-crashed');

type Marked = FastifyReplyLike & { [CRASHED]?: { error: unknown } };

/**
 * Whether reading what Fastify's error handler reads of an error throws (a getter that throws, a Proxy whose traps
 * throw, a revoked Proxy; null and undefined too). The handler then fails, and Fastify's fallback answers with that
 * failure's message under the status the reply had: a 200 the crash page would not replace.
 */
function unreadable(error: unknown): boolean {
  try {
    const e = error as Record<string, unknown>;
    void [e.statusCode, e.status, e.headers, e.message, e.code];
    return false;
  } catch {
    return true;
  }
}

function fastifyRoute(state: RequestState): string | undefined {
  return (state.target as FastifyRequestLike).routeOptions.url;
}

/** What onSend gets is a string, a Buffer or a stream: only a stream pipes. */
function isStream(
  payload: unknown,
): payload is { on(event: 'error', listener: (e: unknown) => void): unknown } {
  return typeof (payload as { pipe?: unknown } | null | undefined)?.pipe === 'function';
}

export function fastifyPlugin(core: WebLogbook): FastifyPlugin {
  const plugin = function logbookFastify(instance: FastifyInstanceLike, _options: unknown, done: Done): void {
    instance.addHook('onRequest', (request: FastifyRequestLike, reply: FastifyReplyLike, next: Done) => {
      const state = core.begin(request.raw as IncomingMessage, reply.raw as ServerResponse, request);
      attachState(reply, state);
      state.routeReader = fastifyRoute;
      // A request node handed to its `upgrade` listeners, routed here by @fastify/websocket: the handshake's
      // answer goes out on the socket (ws writes the 101 itself), and the reply stays open for as long as the
      // WebSocket does. The record is taken from the socket, as logbook.upgrade() does.
      const raw = request.raw as IncomingMessage & { upgrade?: boolean };
      if (raw.upgrade === true && !state.finished) watchAnswer(core, state, raw.socket);
      core.run(state, next);
    });
    // The body is parsed between onRequest and preHandler, in the socket's async context: enter ours again.
    instance.addHook('preHandler', (request: FastifyRequestLike, _reply: FastifyReplyLike, next: Done) => {
      const state = stateOf(request);
      if (state === undefined) next();
      else core.run(state, next);
    });
    instance.addHook('onError', (request: FastifyRequestLike, reply: Marked, error: unknown, next: Done) => {
      const state = stateOf(request);
      if (state !== undefined && core.isIncident(error, state)) {
        reply[CRASHED] = { error };
        if (unreadable(error)) reply.code(500);
      }
      next();
    });
    instance.addHook(
      'onSend',
      (request: FastifyRequestLike, reply: Marked, payload: unknown, next: SendDone) => {
        const crashed = reply[CRASHED];
        const state = stateOf(request);
        if (state === undefined) {
          next(null, payload);
        } else if (crashed !== undefined && state.incident === undefined && reply.statusCode >= 500) {
          const answer = core.crashReply(state, crashed.error);
          reply.code(500).header('content-type', answer.contentType).header('cache-control', 'no-store');
          next(null, answer.body);
        } else {
          // A streamed body that fails once it has started is cut off by Fastify, past every hook.
          if (isStream(payload)) {
            payload.on('error', (error) => {
              if (core.isIncident(error, state)) core.captureError(state, error);
            });
          }
          next(null, payload);
        }
      },
    );
    instance.addHook('onRoute', (route: { handler?: RouteHandler; websocket?: unknown }) => {
      // A WebSocket route's handler is @fastify/websocket's to call, with the socket.
      if (typeof route.handler === 'function' && route.websocket !== true)
        route.handler = recordingLateErrors(core, route.handler);
    });
    instance.addHook('onListen', (next: Done) => {
      core.started(instance.server);
      next();
    });
    instance.addHook('onClose', (_instance: unknown, next: Done) => {
      core.stopped();
      next();
    });
    done();
  } as FastifyPlugin;
  // What fastify-plugin sets: apply the hooks to the whole app, not only to routes inside this plugin.
  plugin[Symbol.for('skip-override')] = true;
  plugin[Symbol.for('fastify.display-name')] = '@logbook/web';
  return plugin;
}
