// One object per request, reachable two ways: from the async context (AsyncLocalStorage) anywhere in the
// code that handles the request, and from the framework's request/context object (setUser(req, …)).
// It holds what the records of the request need and is filled as the request goes on.

import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { classify, type ClientInfo } from '@logbook/traffic';
import type { LogRecord } from 'logbook';
import type { RequestJson, UserJson } from 'logbook/schema';
import type { BodyCapture } from './body-capture.js';
import { pathEnd, queryFrom } from './request-target.js';

/** Set on the node request and on the framework's request/context object. */
export const STATE: unique symbol = Symbol.for('logbook.web.request-state') as never;

/** What a request knows about the incident it caused. */
export interface IncidentInfo {
  ref: string;
  fingerprint: string;
}

/** Reads the framework's route pattern when the response is finished. */
export type RouteReader = (state: RequestState) => string | undefined;

/** The owner's view of a request, as the core needs it (implemented by WebLogbook). */
export interface RequestOwner {
  readonly trailSize: number;
  /** The path as records show it: its secret path parameters redacted (see redactPathParameters). */
  shownPath(path: string): string;
}

export class RequestState {
  // Fields are declared for the type checker only and all set in the constructor, in one order: V8 then
  // builds the object with plain stores (no class-field initialiser) and every state has one shape.
  declare readonly owner: RequestOwner;
  declare readonly req: IncomingMessage;
  declare readonly res: ServerResponse;
  declare readonly socket: Socket | undefined;
  declare readonly id: string;
  declare readonly ip: string;
  declare readonly time: number;
  declare readonly started: number;
  declare readonly method: string;
  /** The path as sent, for classification: an attack hidden in a secret-named path parameter is still seen. */
  declare readonly path: string;
  /** The path as records show it, secret path parameters redacted. */
  declare readonly shownPath: string;
  declare readonly query: string | undefined;
  declare readonly userAgent: string | undefined;
  declare readonly startBytes: number;
  declare session: string | undefined;
  declare trailKey: string;
  declare user: UserJson | undefined;
  declare route: string | undefined;
  declare routeReader: RouteReader | undefined;
  /** The adapter's own request object (Express req, Fastify request, Koa ctx, Hono context). */
  declare target: unknown;
  declare authRequired: boolean | undefined;
  /** Set by action('user.login_failed'): the request's 401 reads "login failed", not "login required". */
  declare loginFailed: boolean;
  declare incident: IncidentInfo | undefined;
  declare body: BodyCapture | undefined;
  declare finished: boolean;
  declare trail: LogRecord[] | undefined;
  declare trailNext: number;
  declare private summary: RequestJson | undefined;
  declare private earlyClient: ClientInfo | undefined;

  constructor(
    owner: RequestOwner,
    req: IncomingMessage,
    res: ServerResponse,
    socket: Socket | undefined,
    id: string,
    ip: string,
    time: number,
    started: number,
  ) {
    this.owner = owner;
    this.req = req;
    this.res = res;
    this.socket = socket;
    this.id = id;
    this.ip = ip;
    this.time = time;
    this.started = started;
    this.method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const end = pathEnd(url);
    this.path = end === -1 ? url : url.slice(0, end);
    this.shownPath = this.path.indexOf(';') === -1 ? this.path : owner.shownPath(this.path);
    this.query = queryFrom(url, end);
    const ua = req.headers['user-agent'];
    this.userAgent = ua === '' ? undefined : ua;
    this.startBytes = socketBytesAtStart(socket, req);
    this.session = undefined;
    this.trailKey = ip + '|' + (ua ?? '');
    this.user = undefined;
    this.route = undefined;
    this.routeReader = undefined;
    this.target = undefined;
    this.authRequired = undefined;
    this.loginFailed = false;
    this.incident = undefined;
    this.body = undefined;
    this.finished = false;
    this.trail = undefined;
    this.trailNext = 0;
    this.summary = undefined;
    this.earlyClient = undefined;
  }

  /**
   * The request part of records logged while handling it (the access record has the full one). Made again when
   * the route becomes known or changes (Express's router matched, setRoute()), not kept from a record logged
   * before: records already built keep theirs.
   */
  requestSummary(): RequestJson {
    let summary = this.summary;
    if (summary === undefined || summary.route !== this.route) {
      summary = { id: this.id, method: this.method, path: this.shownPath, ip: this.ip };
      if (this.route !== undefined) summary.route = this.route;
      this.summary = summary;
    }
    return summary;
  }

  /** Who the client is, for records logged during the request (before the status is known). */
  client(): ClientInfo {
    this.earlyClient ??= classify({
      method: this.method,
      path: this.path,
      userAgent: this.userAgent,
      ip: this.ip,
      time: this.time,
    }).client;
    return this.earlyClient;
  }

  addToTrail(record: LogRecord): void {
    const size = this.owner.trailSize;
    const trail = (this.trail ??= []);
    if (trail.length < size) {
      trail.push(record);
      return;
    }
    trail[this.trailNext] = record;
    this.trailNext = (this.trailNext + 1) % size;
  }

  /** The trail, oldest first. */
  trailRecords(): LogRecord[] {
    const trail = this.trail;
    if (trail === undefined) return [];
    return [...trail.slice(this.trailNext), ...trail.slice(0, this.trailNext)];
  }
}

// Response sizes without Content-Length are what the socket wrote during the response, less its head.
// Node's bytesWritten getter is costly (it copies the socket's write queue), so it is read once per
// request: when a response closes with no other in flight on its socket, what the socket had written
// then is where the next request's response starts — unless something is written in between, which
// Node does for `Expect: 100-continue` (then the socket is asked again). Pipelined requests (a request
// that starts while another is in flight on the same socket) share the socket's count with responses
// written in between, so theirs is unknown: NOT_COUNTED, and no size is recorded rather than a wrong one.
const ENDED_AT = Symbol('logbook.web.socket-bytes-at-last-close');
const IN_FLIGHT = Symbol('logbook.web.socket-requests-in-flight');

interface CountedSocket {
  [ENDED_AT]?: number | undefined;
  [IN_FLIGHT]?: number;
}

/** Requests on this socket whose responses have not closed yet. */
export function requestsInFlight(socket: Socket): number {
  return (socket as Socket & CountedSocket)[IN_FLIGHT] ?? 0;
}

/** The start of a response whose size cannot be told from the socket's count (see above). */
const NOT_COUNTED = -1;

function socketBytesAtStart(socket: Socket | undefined, req: IncomingMessage): number {
  if (socket === undefined || socket === null) return 0;
  const counted = socket as Socket & CountedSocket;
  const inFlight = counted[IN_FLIGHT] ?? 0;
  const ended = counted[ENDED_AT];
  counted[IN_FLIGHT] = inFlight + 1;
  counted[ENDED_AT] = undefined;
  if (inFlight > 0) return NOT_COUNTED;
  if (ended !== undefined && req.headers.expect === undefined) return ended;
  return socket.bytesWritten ?? 0;
}

/**
 * Called once per request when its response closed: the body bytes sent — 0 for HEAD, 204 and 304,
 * Content-Length when set and the response finished, else
 * what the socket wrote for this response less its head; undefined when that cannot be told (pipelined).
 * Leaves the socket's count for the next request on it.
 */
export function responseBytesAtClose(
  state: RequestState,
  status: number,
  aborted = false,
): number | undefined {
  let bytes: number | undefined;
  // Node sends no body for these whatever Content-Length says (a HEAD's is the GET's size). A response cut off
  // (a download the client gave up on) sent less than its Content-Length: the socket says how much.
  const length =
    state.method === 'HEAD' || status === 204 || status === 304
      ? 0
      : aborted
        ? undefined
        : state.res.getHeader('content-length');
  if (length !== undefined) {
    const n = Number(length);
    if (Number.isInteger(n) && n >= 0) bytes = n;
  }
  const socket = state.socket;
  if (socket === undefined || socket === null) return bytes;
  const counted = socket as Socket & CountedSocket;
  const inFlight = (counted[IN_FLIGHT] ?? 1) - 1;
  counted[IN_FLIGHT] = inFlight;
  if (bytes !== undefined || state.startBytes === NOT_COUNTED || inFlight > 0) return bytes;
  // Node writes the head as Latin-1 (one byte per character; it refuses anything wider), so its length
  // is its size on the wire — no UTF-8 measuring needed.
  const head = (state.res as unknown as { _header?: string | null })._header;
  const total = socket.bytesWritten;
  counted[ENDED_AT] = total;
  // No head went out (a client gone before the answer): no body either, whatever else the socket carried.
  if (typeof head !== 'string') return 0;
  const written = total - state.startBytes - head.length;
  return written >= 0 ? written : undefined;
}

// One storage per process even if two copies of this package are loaded (a library and the app).
const KEY = Symbol.for('logbook.web.request-storage.v1');
const holder = globalThis as unknown as Record<symbol, AsyncLocalStorage<RequestState> | undefined>;
export const requestStorage: AsyncLocalStorage<RequestState> = (holder[KEY] ??=
  new AsyncLocalStorage<RequestState>());

/** The request being handled in the current async context, if any. */
export function currentRequest(): RequestState | undefined {
  return requestStorage.getStore();
}

type Carrier = { [STATE]?: RequestState };

/**
 * The request state behind a framework object: a node request or response, an Express request, a Fastify
 * request or reply, a Koa context or a Hono context.
 */
export function stateOf(target: unknown): RequestState | undefined {
  if (typeof target !== 'object' || target === null) return undefined;
  const direct = (target as Carrier)[STATE];
  if (direct !== undefined) return direct;
  const t = target as { req?: unknown; raw?: unknown; request?: unknown; env?: { incoming?: unknown } };
  // One by one rather than a loop over a list: this runs for every request (begin) and allocates nothing.
  return carried(t.req) ?? carried(t.raw) ?? carried(t.request) ?? carried(t.env?.incoming);
}

function carried(inner: unknown): RequestState | undefined {
  return typeof inner === 'object' && inner !== null ? (inner as Carrier)[STATE] : undefined;
}

/** Links a framework object to the request state so stateOf() finds it. */
export function attachState(target: object, state: RequestState): void {
  (target as Carrier)[STATE] = state;
}
