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
  routeOptions?: { url?: string | undefined };
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

/** Set on a reply whose error answer is to be replaced by the crash page (the error itself). */
const CRASHED = Symbol('logbook.web.fastify-crashed');

type Marked = FastifyReplyLike & { [CRASHED]?: { error: unknown } };

function fastifyRoute(state: RequestState): string | undefined {
  return (state.target as FastifyRequestLike | undefined)?.routeOptions?.url;
}

function isStream(
  payload: unknown,
): payload is { on(event: 'error', listener: (e: unknown) => void): unknown } {
  return (
    typeof payload === 'object' &&
    payload !== null &&
    typeof (payload as { pipe?: unknown }).pipe === 'function' &&
    typeof (payload as { on?: unknown }).on === 'function'
  );
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
      if (state !== undefined && core.isIncident(error, state)) reply[CRASHED] = { error };
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
