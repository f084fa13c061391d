// Fastify 5: a plugin (`fastify.register(logbook.fastify)`). It runs for the whole app (not encapsulated),
// leaves Fastify's own logger alone, and logs app.start / app.stop from Fastify's listen and close hooks.
// Pass `genReqId: logbook.requestIdFor` to Fastify so its logger shows the same request ids.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import { attachState, stateOf, type RequestState } from '../core/request-context.js';
import type { ServerLike } from '../core/startup.js';
import type { WebLogbook } from '../core/web-logbook.js';

/** The parts of a Fastify request and reply the plugin uses. */
export interface FastifyRequestLike {
  /** HTTP/1 only: Fastify's types allow HTTP/2 requests, which the plugin does not track. */
  raw: IncomingMessage | Http2ServerRequest;
  routeOptions?: { url?: string };
}

export interface FastifyReplyLike {
  raw: ServerResponse | Http2ServerResponse;
  code(status: number): FastifyReplyLike;
  header(name: string, value: string): FastifyReplyLike;
  send(payload?: unknown): FastifyReplyLike;
}

type Done = (error?: Error) => void;

/** The parts of a Fastify instance the plugin uses (method syntax: Fastify's overloads fit it). */
export interface FastifyInstanceLike {
  server: ServerLike;
  addHook(name: string, hook: (...args: never[]) => unknown): unknown;
  setErrorHandler(
    handler: (error: unknown, request: FastifyRequestLike, reply: FastifyReplyLike) => unknown,
  ): unknown;
}

export type FastifyPlugin = ((instance: FastifyInstanceLike, options: unknown, done: Done) => void) & {
  [key: symbol]: unknown;
};

function fastifyRoute(state: RequestState): string | undefined {
  return (state.target as FastifyRequestLike | undefined)?.routeOptions?.url;
}

export function fastifyPlugin(core: WebLogbook): FastifyPlugin {
  const plugin = function logbookFastify(instance: FastifyInstanceLike, _options: unknown, done: Done): void {
    instance.addHook('onRequest', (request: FastifyRequestLike, reply: FastifyReplyLike, next: Done) => {
      const state = core.begin(request.raw as IncomingMessage, reply.raw as ServerResponse, request);
      attachState(reply, state);
      state.routeReader = fastifyRoute;
      core.run(state, next);
    });
    // The body is parsed between onRequest and preHandler, in the socket's async context: enter ours again.
    instance.addHook('preHandler', (request: FastifyRequestLike, _reply: FastifyReplyLike, next: Done) => {
      const state = stateOf(request);
      if (state === undefined) next();
      else core.run(state, next);
    });
    // When the app's own error handler answered with an error, this still records the incident.
    instance.addHook(
      'onError',
      (request: FastifyRequestLike, _reply: FastifyReplyLike, error: unknown, next: Done) => {
        const state = stateOf(request);
        if (state !== undefined && core.isIncident(error)) core.captureError(state, error);
        next();
      },
    );
    instance.setErrorHandler((error, request, reply) => {
      const state = stateOf(request);
      if (state === undefined || !core.isIncident(error)) return reply.send(error);
      const answer = core.crashReply(state, error);
      return reply
        .code(500)
        .header('content-type', answer.contentType)
        .header('cache-control', 'no-store')
        .send(answer.body);
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
