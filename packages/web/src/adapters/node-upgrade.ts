// WebSocket and other protocol upgrades: node's server hands them to its `upgrade` listeners, not to the request
// listener, so no middleware sees them. Wrapping the listener (`server.on('upgrade', logbook.upgrade(fn))`) gives
// the upgrade handler the request's context and one access record, written when the handshake's answer goes out:
// `GET /live → 101` once the upgrade completes, or the refusal's status (ws answers 401 or 400 itself). What
// happens on the connection after that is not a request and gets no record.

import { ServerResponse, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RequestState } from '../core/request-context.js';
import { watchAnswer } from '../core/upgrade-answer.js';
import type { WebLogbook } from '../core/web-logbook.js';

export type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => unknown;

/**
 * A listener that threw or rejected: an incident whenever it failed, also after the handshake's answer went out (code
 * after wss.handleUpgrade()); the client gets a 500 only when nothing was answered yet.
 */
function fail(core: WebLogbook, state: RequestState, socket: Duplex, error: unknown): void {
  core.captureError(state, error);
  if (!state.finished && socket.writable)
    socket.end('HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  socket.destroy();
}

export function upgradeAdapter(core: WebLogbook, handler: UpgradeListener): UpgradeListener {
  if (typeof handler !== 'function') {
    throw new TypeError(
      "logbook.upgrade(listener) needs your upgrade listener: server.on('upgrade', logbook.upgrade((req, socket, head) => …)).",
    );
  }
  return function logbookUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Stands in for the response an upgrade does not have: it carries the handshake's status to the record.
    const res = new ServerResponse(req);
    const state = core.begin(req, res);
    watchAnswer(core, state, socket);
    let result: unknown;
    try {
      result = core.run(state, handler, req, socket, head);
    } catch (error) {
      fail(core, state, socket, error);
      return;
    }
    if (
      typeof result === 'object' &&
      result !== null &&
      typeof (result as Promise<unknown>).then === 'function'
    ) {
      (result as Promise<unknown>).then(undefined, (error: unknown) => fail(core, state, socket, error));
    }
  };
}
