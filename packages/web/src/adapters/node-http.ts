// node:http: wrap the request listener. `http.createServer(logbook.node(handler))`.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestState } from '../core/request-context.js';
import type { WebLogbook } from '../core/web-logbook.js';

export type NodeRequestListener = (req: IncomingMessage, res: ServerResponse) => unknown;

/** A thrown 4xx (http-errors and the like) is an answer; anything else a crash. */
function fail(core: WebLogbook, state: RequestState, error: unknown): void {
  if (core.isIncident(error, state)) core.respondWithCrash(state, error);
  else core.respondWithStatus(state, error);
}

export function nodeAdapter(core: WebLogbook, handler: NodeRequestListener): NodeRequestListener {
  if (typeof handler !== 'function') {
    throw new TypeError(
      'logbook.node(handler) needs your request listener: http.createServer(logbook.node((req, res) => …)).',
    );
  }
  return function logbookRequest(req: IncomingMessage, res: ServerResponse): void {
    const state = core.begin(req, res);
    let result: unknown;
    try {
      result = core.run(state, handler, req, res);
    } catch (error) {
      fail(core, state, error);
      return;
    }
    if (
      typeof result === 'object' &&
      result !== null &&
      typeof (result as Promise<unknown>).then === 'function'
    ) {
      (result as Promise<unknown>).then(undefined, (error: unknown) => fail(core, state, error));
    }
  };
}
