// The answer to an upgrade (a WebSocket handshake) is written on the socket itself, not through a response
// object, so the access record is taken from the socket: written when the first bytes go out, with the status
// of their status line, or when the socket closes before anything was written.

import type { Duplex } from 'node:stream';
import type { RequestState } from './request-context.js';
import type { WebLogbook } from './web-logbook.js';

const STATUS_LINE = /^HTTP\/\d\.\d (\d{3})/;

/** Reads the status of the first thing written on the socket (the handshake's answer) and records the request. */
export function watchAnswer(core: WebLogbook, state: RequestState, socket: Duplex): void {
  const write = socket.write.bind(socket);
  const end = socket.end.bind(socket);
  const answered = (chunk: unknown): void => {
    socket.write = write;
    socket.end = end;
    const text =
      typeof chunk === 'string'
        ? chunk.slice(0, 16)
        : Buffer.isBuffer(chunk)
          ? chunk.toString('latin1', 0, 16)
          : '';
    const status = STATUS_LINE.exec(text);
    if (status !== null) state.res.statusCode = Number(status[1]);
    core.finish(state, false);
  };
  socket.write = function (chunk: unknown, ...rest: unknown[]): boolean {
    answered(chunk);
    return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
  } as Duplex['write'];
  socket.end = function (chunk?: unknown, ...rest: unknown[]): Duplex {
    if (typeof chunk !== 'function' && chunk !== undefined) answered(chunk);
    return (end as (...args: unknown[]) => Duplex)(chunk, ...rest);
  } as Duplex['end'];
  // Closed with no answer written: by the client (aborted) or by the app. finish() records a response whose head
  // never went out with no status. First in line: a response assigned to the socket (Fastify's) would otherwise
  // report its own close.
  socket.prependOnceListener('close', () => {
    if (!state.finished) core.finish(state, true);
  });
}
