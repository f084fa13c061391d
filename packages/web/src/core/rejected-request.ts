// Requests that Node's HTTP parser refuses before any handler runs: garbage, a TLS handshake sent to the plain
// port, headers over the size limit, a request head that never ends. Scanners send these all the time; without
// a record they would be the only requests missing from the log. Node reports them as the server's
// `clientError`; these functions read what the client sent and give the answer Node would have given.

import type { Socket } from 'node:net';
import { pathEnd, queryFrom } from './request-target.js';

/** What a refused request showed of itself, from the bytes received before the parser gave up. */
export interface RejectedRequest {
  status: number;
  /** Why, in words, for the access record's reason. */
  why: string;
  method: string;
  path: string;
  query?: string;
  userAgent?: string;
  referer?: string;
  host?: string;
  /** Taken for the host only when the peer is a trusted proxy, as for any request. */
  forwardedHost?: string;
  /** Read only when the peer is a trusted proxy, as for any request. */
  forwardedFor?: string;
  forwarded?: string;
  realIp?: string;
}

interface ClientError extends Error {
  code?: string;
  rawPacket?: Buffer;
}

/** The status Node answers with, and the words for it; undefined for a connection that merely broke. */
function refusal(code: string | undefined): { status: number; why: string } | undefined {
  if (code === 'HPE_HEADER_OVERFLOW')
    return { status: 431, why: 'request headers too large, refused by Node' };
  if (code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW')
    return { status: 413, why: 'chunk extensions too large, refused by Node' };
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return { status: 408, why: 'request not sent in time, refused by Node' };
  if (code?.startsWith('HPE_') === true)
    return { status: 400, why: `malformed request, refused by Node (${code})` };
  return undefined; // ECONNRESET and the like: the client went away, there is no request to tell of
}

/** The status of Node's answer to a client error: that of the refusal, else 400 as Node sends. */
function rejectedStatus(error: unknown): number {
  return refusal((error as ClientError | null)?.code)?.status ?? 400;
}

/** The first line and the headers are looked for in this much of what was received. */
const HEAD_BYTES = 32 * 1024;
/** A request line longer than this is kept only up to here. */
const MAX_LINE = 8 * 1024;
/** A garbage "method" (a TLS handshake has no space for a long while) is kept only up to here. */
const MAX_METHOD = 64;
/** The protocol that ends a request line, after the target. */
const TRAILING_PROTOCOL = / HTTP\/\d\.\d$/;
/** Errors of the parser while it reads the request line. */
const REQUEST_LINE_ERRORS = new Set([
  'HPE_INVALID_METHOD',
  'HPE_INVALID_URL',
  'HPE_INVALID_VERSION',
  'HPE_INVALID_CONSTANT',
]);

/**
 * The refused request as far as it can be read: the method and target of its request line (of a broken one, its
 * first word and the rest, so garbage is kept, not guessed at; empty when the line is not in what Node handed
 * over), and the User-Agent, Referer, Host and forwarding headers found there.
 */
export function readRejected(error: unknown): RejectedRequest | undefined {
  const e = error as ClientError | null;
  const refused = refusal(e?.code);
  if (refused === undefined) return undefined;
  const raw = Buffer.isBuffer(e?.rawPacket) ? e.rawPacket.subarray(0, HEAD_BYTES).toString('latin1') : '';
  const lines = raw.split(/\r?\n/);
  const first = (lines[0] ?? '').slice(0, MAX_LINE);
  const words = /^(\S+) (\S+) HTTP\/\d\.\d$/.exec(first);
  let method = words?.[1] ?? '';
  let target = words?.[2] ?? '';
  // Node hands over only the chunk it was reading. That starts with the request when the parser stopped in the
  // request line (a garbage method, a broken target or version); the first line of any other chunk without a
  // request line may be a later part of the request (a long header) and is not taken for one.
  if (words === null && REQUEST_LINE_ERRORS.has(e?.code ?? '')) {
    const space = first.indexOf(' ');
    method = (space < 0 ? first : first.slice(0, space)).slice(0, MAX_METHOD);
    target = space < 0 ? '' : first.slice(space + 1);
    // A raw space in the target (`GET /a b HTTP/1.1`) leaves the protocol last, where Apache's and nginx's logs
    // and insight's reader of them find it: the path is `/a b`, as they show it.
    const protocol = TRAILING_PROTOCOL.exec(target);
    if (protocol !== null) target = target.slice(0, protocol.index);
  }
  // The path ends at the first `?` or `#`; a fragment is kept as the query, `#` and all (see request-target.ts).
  const mark = pathEnd(target);
  const rejected: RejectedRequest = {
    ...refused,
    method,
    path: mark < 0 ? target : target.slice(0, mark),
  };
  const query = queryFrom(target, mark);
  if (query !== undefined) rejected.query = query;
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'user-agent') rejected.userAgent = value;
    else if (name === 'referer') rejected.referer = value;
    else if (name === 'host') rejected.host = value;
    else if (name === 'x-forwarded-host') rejected.forwardedHost = joined(rejected.forwardedHost, value);
    // Repeated forwarding headers are one list, as Node joins them for a request it accepts.
    else if (name === 'x-forwarded-for') rejected.forwardedFor = joined(rejected.forwardedFor, value);
    else if (name === 'forwarded') rejected.forwarded = joined(rejected.forwarded, value);
    else if (name === 'x-real-ip') rejected.realIp = value;
  }
  return rejected;
}

function joined(before: string | undefined, value: string): string {
  return before === undefined ? value : `${before}, ${value}`;
}

const REASON_PHRASES: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  431: 'Request Header Fields Too Large',
};

/**
 * Node's own answer to a client error, which it gives only when nobody listens to `clientError`: a bare status
 * line on a connection that is then closed. Nothing is written once a response on the socket has begun.
 */
export function answerRejected(socket: Socket, error: unknown): void {
  const status = rejectedStatus(error);
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  if (socket.writable && (inFlight === undefined || inFlight === null || inFlight.headersSent !== true)) {
    socket.write(
      `HTTP/1.1 ${status} ${REASON_PHRASES[status] ?? 'Bad Request'}\r\nConnection: close\r\n\r\n`,
    );
  }
  socket.destroy();
}
