// What an error thrown (or rejected) in a handler asks for. One with a 4xx status (`http-errors`, Koa's
// `ctx.throw(404)`, a body parser's 400) is an answer, not a crash: it gets its status, the headers it carries
// and the status line's words. One raised because the client hung up mid-request is the access record's
// "aborted", not an incident. Everything else is an incident.

import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { toErrorInfo } from 'logbook';

/**
 * A property of a thrown object, or undefined: for a value that is no object (a thrown string, number or function
 * carries no status, code or headers), and when reading it throws (a getter that throws, a Proxy whose traps
 * throw, a revoked Proxy). Such a value is still a crash to answer and record, not a reason to leave the request
 * unanswered (and, from a rejected promise, to end the process).
 */
function property(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** The 4xx or 5xx status an error carries (`status` or `statusCode`), if any. */
export function statusOfError(error: unknown): number | undefined {
  const own = property(error, 'status');
  const status = typeof own === 'number' ? own : property(error, 'statusCode');
  return typeof status === 'number' && status >= 400 && status <= 599 ? status : undefined;
}

/**
 * The headers a client error asks to be answered with (`http-errors`' `headers`: `WWW-Authenticate` on a 401,
 * `Allow` on a 405, `Retry-After` on a 429) — without them a browser never shows its login prompt.
 */
export function headersOfError(error: unknown): [string, string][] {
  const headers = property(error, 'headers');
  if (typeof headers !== 'object' || headers === null) return [];
  const out: [string, string][] = [];
  let names: string[];
  try {
    names = Object.keys(headers);
  } catch {
    return [];
  }
  for (const name of names) {
    const value = property(headers, name);
    if (typeof value === 'string' || typeof value === 'number') out.push([name, String(value)]);
  }
  return out;
}

/** The answer to a client error: its status (400 without one), its headers and the status line's words — never its message. */
export function statusAnswer(error: unknown): { status: number; body: string; headers: [string, string][] } {
  const status = statusOfError(error) ?? 400;
  return { status, body: `${status} ${STATUS_CODES[status] ?? 'Error'}`, headers: headersOfError(error) };
}

/** Sends statusAnswer on node's response. A response already under way is cut off. */
export function answerWithStatus(res: ServerResponse, error: unknown): void {
  if (res.destroyed) return;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const { status, body, headers } = statusAnswer(error);
  res.statusCode = status;
  for (const [name, value] of headers) {
    try {
      res.setHeader(name, value);
    } catch {
      // A header Node refuses (a line break in it) is left out; the answer still goes.
    }
  }
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}

/**
 * What a request's stream raises when its client hangs up mid-request (an upload cut off): Node's
 * `Error: aborted` (ECONNRESET) and the stream errors around it.
 */
const HANG_UP_CODES: ReadonlySet<unknown> = new Set([
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/**
 * The request's client went away and the error is the stream's report of that (an aborted upload). Node
 * marks a request destroyed once its body was read and a response once it finished, so "went away" is a
 * body cut short or a response closed before it finished; an upstream's ECONNRESET after that is a crash.
 */
export function clientHungUp(req: IncomingMessage, res: ServerResponse, error: unknown): boolean {
  if (!HANG_UP_CODES.has(property(error, 'code'))) return false;
  return (req.destroyed && !req.complete) || (res.destroyed && !res.writableFinished);
}

/**
 * The thrown value as the incident record can describe it: itself, or — when even describing it throws (a revoked
 * Proxy, a Proxy whose getPrototypeOf trap throws) — an error that says so. The crash still gets its page and record.
 */
export function describableError(error: unknown): unknown {
  try {
    toErrorInfo(error);
    return error;
  } catch (why) {
    const reason = why instanceof Error ? why.name : typeof why;
    const standIn = new Error(`a thrown value that cannot be read (reading it threw ${reason})`);
    standIn.name = 'UnreadableThrownValue';
    standIn.stack = `${standIn.name}: ${standIn.message}`;
    return standIn;
  }
}
