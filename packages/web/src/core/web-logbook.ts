// The framework-neutral core. Adapters hand it node's request and response (every supported framework
// runs on them) and it does the rest: request id, client address, session key, async context, the
// request's trail, the access record when the response closes, incidents and crash pages, users and
// actions, start and stop records. Records go to whatever handlers the application set up.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import { ClientTracker, classify, type ClientInfo, type RequestFacts, type Verdict } from '@logbook/traffic';
import {
  JsonFormatter,
  Level,
  LogRecord,
  createRedactor,
  currentTime,
  stack,
  type CompiledTemplate,
  type Fields,
  type LevelLike,
  type NestedSetup,
  type Redactor,
} from 'logbook';
import type { RequestJson } from 'logbook/schema';
import {
  ABORTED_TEMPLATE,
  UNANSWERED_TEMPLATE,
  REJECTED_TEMPLATE,
  REJECTED_UNSEEN_TEMPLATE,
  ACCESS_EVENT,
  ACCESS_TEMPLATE,
  ACCESS_TEMPLATE_WITH_REASON,
  accessJson,
  accessLevel,
  accessReason,
  hasAttackSignal,
  isStaticAsset,
  keep,
} from './access-record.js';
import { FAILED_LOGIN_EVENTS, actionLevel, actionTemplate, checkActionName } from './actions.js';
import { captureBody } from './body-capture.js';
import { ChannelLoggers } from './channel-loggers.js';
import { clientIp, peerAddress, requestHost } from './client-ip.js';
import { who } from './client-words.js';
import { defaultCrashPage, wantsJson } from './crash-page.js';
import { fingerprint } from './fingerprint.js';
import { answerWithStatus, clientHungUp, describableError, statusOfError } from './handler-error.js';
import { hostOnly } from './host-header.js';
import { incidentRef, redactPathParameters, redactQuery, redactUrl } from './incident.js';
import { incidentRecord } from './incident-record.js';
import {
  resolveOptions,
  type CrashResponse,
  type ResolvedOptions,
  type WebLogbookOptions,
} from './options.js';
import {
  RequestState,
  attachState,
  currentRequest,
  responseBytesAtClose,
  requestStorage,
  requestsInFlight,
  stateOf,
  type IncidentInfo,
  type RequestOwner,
} from './request-context.js';
import { answerRejected, readRejected } from './rejected-request.js';
import { acceptRequestId, createRequestIdGenerator } from './request-id.js';
import { SessionKeys } from './session-keys.js';
import { dispatchOwn, stackMembers } from './stack-members.js';
import { SessionTrails } from './session-trail.js';
import { START_TEMPLATE, STOP_TEMPLATE, listeningAddress, startFields, type ServerLike } from './startup.js';
import { toUserJson, type UserInput } from './user.js';
import { VerdictWatch } from './verdict-watch.js';
import {
  expressErrorMiddleware,
  expressMiddleware,
  type ExpressErrorMiddleware,
  type ExpressMiddleware,
} from '../adapters/express.js';
import { fastifyPlugin, type FastifyPlugin } from '../adapters/fastify.js';
import {
  honoErrorHandler,
  honoMiddleware,
  type HonoErrorHandler,
  type HonoMiddleware,
} from '../adapters/hono.js';
import { koaMiddleware, type KoaMiddleware } from '../adapters/koa.js';
import { nodeAdapter, type NodeRequestListener } from '../adapters/node-http.js';
import { upgradeAdapter, type UpgradeListener } from '../adapters/node-upgrade.js';

/** A request id chosen before the core saw the request (Fastify's genReqId). */
const EARLY_ID = Symbol.for('logbook.web.early-request-id');

/**
 * Whether the client ended the connection of a response that never finished: it closed its side (the socket read
 * its end) or reset it. Otherwise the server did: nothing came from the client, the socket was destroyed here.
 */
function closedByClient(socket: Socket | undefined): boolean {
  if (socket === undefined || socket === null) return true;
  return socket.readableEnded || (socket.errored ?? null) !== null;
}

function onResponseClose(this: ServerResponse): void {
  const state = stateOf(this);
  if (state !== undefined) (state.owner as WebLogbook).finish(state, !this.writableFinished);
}

/** What an adapter sends when a request crashed. */
export interface CrashReply extends CrashResponse {
  status: 500;
  ref: string;
  requestId: string;
}

export interface ActionOptions {
  /** Default NOTICE (WARNING for failed logins). */
  level?: LevelLike;
  /** Overrides the built-in message template. */
  message?: string;
  /** Channel of the record (default 'app'). */
  channel?: string;
}

const created: { latest: WebLogbook | undefined } = { latest: undefined };

/** The most recently created WebLogbook (used by action() outside any request). */
export function latestWebLogbook(): WebLogbook | undefined {
  return created.latest;
}

export class WebLogbook implements RequestOwner {
  readonly options: ResolvedOptions;
  /** Shared per-client attack state (traffic's verdicts over time). */
  readonly tracker: ClientTracker;
  readonly trailSize: number;
  private readonly members: NestedSetup;
  private readonly sessionTrails: SessionTrails;
  private readonly redactor: Redactor;
  private readonly nextId: () => string;
  private readonly sessionKeys: SessionKeys;
  private readonly formatter = new JsonFormatter();
  private readonly loggers = new ChannelLoggers();
  private readonly verdicts: VerdictWatch;
  private readonly upSince = performance.now();
  private stoppedLogged = false;
  private pushed = true;
  /** Servers whose refused requests are recorded (see started); the listener comes off them at close. */
  private readonly watched = new Set<ServerLike>();
  /** Fastify plugin: `fastify.register(logbook.fastify)`. */
  readonly fastify: FastifyPlugin;

  constructor(options: WebLogbookOptions = {}) {
    this.options = resolveOptions(options);
    this.tracker = new ClientTracker({ maxClients: this.options.maxTrackedClients });
    this.trailSize = this.options.trailSize;
    this.sessionTrails = new SessionTrails(this.options.sessionTrailSize, this.options.sessionTrailClients);
    // A session cookie's value is as good as a password wherever it turns up: in a query string too
    // (`?PHPSESSID=…`, `?sid=…`).
    const redact = this.options.redact;
    this.redactor = createRedactor({
      ...redact,
      keys: [...(redact.keys ?? []), ...this.options.sessionCookies],
    });
    this.sessionKeys = new SessionKeys(this.options.secret, this.options.sessionCookies);
    this.nextId = createRequestIdGenerator();
    this.verdicts = new VerdictWatch(this.tracker, this.options);
    this.members = stackMembers(this, this.options).pushApplication();
    this.fastify = fastifyPlugin(this);
    created.latest = this;
  }

  // ---- adapters ------------------------------------------------------------------------------------

  /** node:http: `http.createServer(logbook.node(handler))`. */
  node(handler: NodeRequestListener): NodeRequestListener {
    return nodeAdapter(this, handler);
  }

  /** Upgrades (WebSocket): `server.on('upgrade', logbook.upgrade(listener))`; one record when the handshake is answered. */
  upgrade(handler: UpgradeListener): UpgradeListener {
    return upgradeAdapter(this, handler);
  }

  /** Express: `app.use(logbook.express())` before your routes. */
  express(): ExpressMiddleware {
    return expressMiddleware(this);
  }

  /** Express: `app.use(logbook.expressErrors())` after your routes (crash page and incident). */
  expressErrors(): ExpressErrorMiddleware {
    return expressErrorMiddleware(this);
  }

  /** Hono on @hono/node-server: `app.use(logbook.hono())` before your routes. */
  hono(): HonoMiddleware {
    return honoMiddleware(this);
  }

  /** Hono: `app.onError(logbook.honoErrors())` answers with the crash page instead of Hono's console dump. */
  honoErrors(): HonoErrorHandler {
    return honoErrorHandler(this);
  }

  /** Koa: `app.use(logbook.koa())` first. */
  koa(): KoaMiddleware {
    return koaMiddleware(this);
  }

  /** For Fastify's `genReqId` option, so Fastify's own logger shows the same request ids. */
  readonly requestIdFor = (req: IncomingMessage): string => this.requestId(req);

  /** A path as records show it: the values of its secret path parameters redacted (`;jsessionid=…`). */
  shownPath(path: string): string {
    return redactPathParameters(path, this.redactor);
  }

  // ---- the request lifecycle, as adapters drive it -------------------------------------------------

  /** A request id for this node request, decided once (honouring the incoming header when allowed). */
  requestId(req: IncomingMessage): string {
    const early = (req as unknown as Record<symbol, string | undefined>)[EARLY_ID];
    if (early !== undefined) return early;
    const o = this.options;
    const id =
      (o.trustRequestId ? acceptRequestId(req.headers[o.requestIdHeader]) : undefined) ?? this.nextId();
    (req as unknown as Record<symbol, string>)[EARLY_ID] = id;
    return id;
  }

  /** Starts tracking a request: id (echoed), client address, session, body capture, the access record at close. */
  begin(req: IncomingMessage, res: ServerResponse, target?: object): RequestState {
    const existing = stateOf(req);
    if (existing !== undefined) {
      if (target !== undefined) attachState(target, existing);
      return existing; // two adapters on one request (e.g. Express mounted inside node()): track it once
    }
    const o = this.options;
    const socket = req.socket as RequestState['socket'];
    const ip = o.proxies.none
      ? peerAddress(socket)
      : clientIp(
          peerAddress(socket), // kept on the socket: finish() asks again for X-Forwarded-Host
          req.headers['x-forwarded-for'],
          req.headers.forwarded,
          o.proxies,
          req.headers['x-real-ip'],
          o.proxyHeader,
        );
    const state = new RequestState(
      this,
      req,
      res,
      socket,
      this.requestId(req),
      ip,
      currentTime(),
      performance.now(),
    );
    const cookie = req.headers.cookie;
    const session = cookie === undefined ? undefined : this.sessionKeys.fromCookieHeader(cookie);
    if (session !== undefined) {
      state.session = session;
      state.trailKey = session;
    }
    if (o.bodyLimit > 0 && state.method !== 'GET' && state.method !== 'HEAD') {
      state.body = captureBody(req, o.bodyLimit);
    }
    if (!res.headersSent) res.setHeader(o.requestIdHeader, state.id);
    attachState(req, state);
    attachState(res, state);
    if (target !== undefined) {
      attachState(target, state);
      state.target = target;
    }
    res.on('close', onResponseClose);
    return state;
  }

  /** Runs fn inside the request's async context. */
  run<A extends unknown[], R>(state: RequestState, fn: (...args: A) => R, ...args: A): R {
    return requestStorage.run(state, fn, ...args);
  }

  /** Writes the access record (called when the response closes; `aborted` when it never finished). */
  finish(state: RequestState, aborted: boolean): void {
    if (state.finished) return;
    state.finished = true;
    const o = this.options;
    const req = state.req;
    const res = state.res;
    // A response destroyed with an error (a piped body that failed: pipeline() and @hono/node-server do that) is
    // the request's crash, even where the app or framework never hands the error on, or does after this record.
    const errored = res.errored;
    if (errored != null && state.incident === undefined && this.isIncident(errored, state))
      this.captureError(state, errored);
    // A response that ended before its head went out sent no status: the 200 in statusCode is only Node's default.
    const status = aborted && !res.headersSent ? 0 : res.statusCode;
    const duration = Math.round((performance.now() - state.started) * 100) / 100;
    if (state.routeReader !== undefined) state.route = state.routeReader(state) ?? state.route;
    const headers = req.headers;
    const referer = headers.referer;
    const facts: RequestFacts = {
      method: state.method,
      path: state.path,
      query: state.query,
      status,
      userAgent: state.userAgent,
      referer,
      ip: state.ip,
      time: state.time,
      host: hostOnly(
        o.proxies.none
          ? headers.host
          : requestHost(peerAddress(state.socket), headers.host, headers['x-forwarded-host'], o.proxies),
      ),
      authRequired: state.authRequired,
    };
    const result = classify(facts);
    const signals = result.signals;
    const attack = signals.length > 0 && hasAttackSignal(signals);
    let verdict: Verdict | undefined;
    // The tracker judges attacks and probing (404/403 runs); odd-but-harmless signals alone cannot change a verdict.
    if (attack || status === 404 || status === 403) verdict = this.verdicts.observe(facts, result, state);

    const request: RequestJson = { id: state.id, method: state.method, path: state.shownPath };
    if (state.route !== undefined) request.route = state.route;
    if (state.query !== undefined) request.query = redactQuery(state.query, this.redactor);
    if (status !== 0) request.status = status;
    request.duration_ms = duration;
    const bytes = responseBytesAtClose(state, status, aborted);
    if (bytes !== undefined) request.bytes = bytes;
    request.ip = state.ip;
    if (state.userAgent !== undefined) request.ua = state.userAgent;
    if (referer !== undefined && referer !== '') request.referer = redactUrl(referer, this.redactor);
    if (state.authRequired === true) request.auth_required = true;
    // A response the server cut off — after a crash (the page had started), by the app's res.destroy(), by a
    // shutdown that closed connections — was not aborted by its client.
    const incident = state.incident;
    const clientAborted = aborted && incident === undefined && closedByClient(state.socket);
    if (clientAborted) request.aborted = true;
    this.sessionTrails.add(state.trailKey, request);

    if (!aborted && status < 400 && !attack && incident === undefined) {
      if (o.healthPaths.has(state.path)) {
        if (!keep(o.healthRate)) return;
      } else if (o.staticRate < 1 && isStaticAsset(state.path) && !keep(o.staticRate)) return;
    }
    // A crash is an ERROR whatever status had gone out before it (a page cut off, a second send).
    const level = incident === undefined ? accessLevel(status, aborted, attack) : Level.ERROR;
    if (level < stack.gate || level < stack.current().minLevel) return;
    let reason =
      level >= Level.NOTICE && !clientAborted
        ? accessReason(status, result.client, signals, verdict?.verdict, incident?.ref, {
            loginFailed: state.loginFailed,
          })
        : undefined;
    if (status === 0) {
      // Status 0: a response or an upgrade (upgrade-answer.ts) that closed before any answer was written. The
      // client got no status, so the record shows none rather than the 200 of a response that never started.
      this.unanswered(
        level,
        state,
        duration,
        request,
        result.client,
        signals,
        clientAborted,
        reason,
        verdict,
      );
      return;
    }
    if (aborted && !clientAborted)
      reason = reason === undefined ? 'response cut off by the server' : `${reason}; response cut off`;
    const fields: Fields = { method: state.method, path: state.shownPath, status, duration_ms: duration };
    // A line that needs a look (a reason, an abort) says who; a plain 2xx/3xx line, most of a log, stays short, as
    // its client and address are in the record's client and request (`who` on it cost 8 % more instructions).
    if (reason !== undefined || clientAborted) fields.who = who(result.client, state.userAgent, state.ip);
    if (reason !== undefined) fields.reason = reason;
    if (verdict !== undefined) fields.verdict = verdict.verdict;
    if (incident !== undefined) fields.incident = incident.ref;
    const template = clientAborted
      ? ABORTED_TEMPLATE
      : reason === undefined
        ? ACCESS_TEMPLATE
        : ACCESS_TEMPLATE_WITH_REASON;
    this.dispatchAccess(level, template, fields, request, result.client, signals, state);
  }

  /** The access record of a request or upgrade that got no answer: no status, and who closed the connection. */
  private unanswered(
    level: number,
    state: RequestState,
    duration: number,
    request: RequestJson,
    client: ClientInfo,
    signals: readonly string[],
    clientAborted: boolean,
    reason: string | undefined,
    verdict: Verdict | undefined,
  ): void {
    const fields: Fields = {
      method: state.method,
      path: state.shownPath,
      duration_ms: duration,
      who: who(client, state.userAgent, state.ip),
    };
    if (!clientAborted) {
      const closed =
        state.req.headers.upgrade === undefined
          ? 'connection closed by the server before any answer'
          : 'connection closed by the server before the handshake was answered';
      fields.reason = reason === undefined ? closed : `${closed}; ${reason}`;
    }
    if (verdict !== undefined) fields.verdict = verdict.verdict;
    if (state.incident !== undefined) fields.incident = state.incident.ref;
    const template = clientAborted ? ABORTED_TEMPLATE : UNANSWERED_TEMPLATE;
    this.dispatchAccess(level, template, fields, request, client, signals, state);
  }

  /** Writes an access record; its fields and request go through the writers for their fixed shapes. */
  private dispatchAccess(
    level: number,
    template: CompiledTemplate,
    fields: Fields,
    request: RequestJson,
    client: ClientInfo,
    signals: readonly string[],
    state: RequestState | undefined,
  ): void {
    const record = new LogRecord(
      currentTime(),
      level,
      this.options.channel,
      template,
      fields,
      undefined,
      ACCESS_EVENT,
    );
    const context: Record<string, unknown> = { request, client };
    if (signals.length > 0) context.signals = signals;
    if (state?.user !== undefined) context.user = state.user;
    if (state?.session !== undefined) context.session = state.session;
    record.context = context;
    record.jsonWriter = accessJson;
    dispatchOwn(record);
  }

  /**
   * Records the incident for an error that ended a request: reference, fingerprint, the request as
   * received, the trail, the session's recent requests. Once per request; later calls return the first.
   */
  captureError(target: unknown, error: unknown): IncidentInfo {
    const state = target instanceof RequestState ? target : (stateOf(target) ?? currentRequest());
    if (state === undefined) {
      throw new TypeError(
        'captureError(req, error) was called with an object that @logbook/web does not track: pass the ' +
          "request or context your framework gave the handler, after adding Logbook's middleware.",
      );
    }
    if (state.incident !== undefined) return state.incident;
    error = describableError(error);
    // The incident's request carries the route pattern too (insight's tickets show it), however it was reported.
    if (state.routeReader !== undefined) state.route = state.routeReader(state) ?? state.route;
    const info: IncidentInfo = { ref: incidentRef(), fingerprint: fingerprint(error) };
    state.incident = info;
    const record = incidentRecord(state, error, info, {
      channel: this.options.channel,
      redactor: this.redactor,
      formatter: this.formatter,
      sessionTrail: this.sessionTrails.recent(state.trailKey),
    });
    dispatchOwn(record);
    return info;
  }

  /** The 500 answer for a crashed request, recording the incident if that was not done yet. */
  crashReply(target: unknown, error: unknown): CrashReply {
    const state = target instanceof RequestState ? target : stateOf(target);
    const info = this.captureError(state ?? target, error);
    const requestId = state?.id ?? '-';
    const json = wantsJson(state?.req.headers.accept);
    const page = (this.options.crashPage ?? defaultCrashPage)({ ref: info.ref, requestId, json });
    return { status: 500, ref: info.ref, requestId, contentType: page.contentType, body: page.body };
  }

  /** Answers a crashed request on node's response (node:http and Express). */
  respondWithCrash(state: RequestState, error: unknown): void {
    if (clientHungUp(state.req, state.res, error)) return; // nobody left to answer; the access record says aborted
    const reply = this.crashReply(state, error);
    const res = state.res;
    if (res.headersSent) {
      // Part of a page already went out: all we can do is cut it off so the client sees a failure. A page
      // that was complete (the handler failed after sending it) is left to arrive whole.
      if (!res.writableEnded) res.destroy();
      return;
    }
    for (const name of res.getHeaderNames())
      if (name !== this.options.requestIdHeader) res.removeHeader(name);
    res.statusCode = 500;
    res.setHeader('content-type', reply.contentType);
    res.setHeader('cache-control', 'no-store');
    res.setHeader('content-length', Buffer.byteLength(reply.body));
    res.end(reply.body);
  }

  /**
   * Answers a request whose handler failed with a client error (a thrown 404, bad JSON) with its status
   * and the status line's words — never the error's message. A response already under way is cut off.
   */
  respondWithStatus(state: RequestState, error: unknown): void {
    // A body parser's "request aborted" (a 400 with code ECONNABORTED) is the client gone mid-body: nobody to
    // answer, and the access record says aborted rather than 400.
    if (clientHungUp(state.req, state.res, error)) return;
    answerWithStatus(state.res, error);
  }

  /**
   * Whether an error should become an incident (no status, or a 5xx one) rather than a client error.
   * With the request (its state or framework object), an error raised because the client hung up
   * mid-request is not one either: the access record already says the client aborted.
   */
  isIncident(error: unknown, target?: unknown): boolean {
    const status = statusOfError(error);
    if (status !== undefined && status < 500) return false;
    if (target === undefined) return true;
    const state = target instanceof RequestState ? target : stateOf(target);
    return state === undefined || !clientHungUp(state.req, state.res, error);
  }

  /** The 4xx or 5xx status an error carries, if any. */
  statusOf(error: unknown): number | undefined {
    return statusOfError(error);
  }

  // ---- users and actions ---------------------------------------------------------------------------

  /** Sets (or with null clears) the signed-in user of a request; later records of the request carry it. */
  setUser(target: unknown, user: UserInput | null): void {
    const state = stateOf(target) ?? (target === undefined ? currentRequest() : undefined);
    if (state === undefined) {
      throw new TypeError(
        'setUser() found no request: call it with the request or context of a request that went through ' +
          "Logbook's middleware, or without one inside the request's handler.",
      );
    }
    state.user = user === null ? undefined : toUserJson(user, this.options);
  }

  /** Marks the current request as one for signed-in users only (a crawler there is worth a NOTICE). */
  requireAuth(target?: unknown): void {
    const state = target === undefined ? currentRequest() : stateOf(target);
    if (state !== undefined) state.authRequired = true;
  }

  /** Logs what a user did (`user.login`, `purchase`, …) with the request's user, client and ip. */
  action(name: string, fields: Fields = {}, options: ActionOptions = {}): void {
    checkActionName(name);
    const state = currentRequest();
    if (state !== undefined && FAILED_LOGIN_EVENTS.has(name)) {
      state.loginFailed = true;
      const verdict = this.tracker.recordFailedLogin(state.ip, state.userAgent, currentTime());
      if (verdict !== undefined) this.verdicts.changed(verdict, state.client(), state);
    }
    const template = options.message ?? actionTemplate(name, state !== undefined);
    const values: Fields = { ...fields };
    if (template.includes('{user}') && values.user === undefined)
      values.user = state?.user?.id ?? 'anonymous';
    if (template.includes('{ip}') && values.ip === undefined) values.ip = state?.ip ?? 'unknown address';
    if (template.includes('{action}') && values.action === undefined) values.action = name;
    if (state !== undefined && template.includes('{who}') && values.who === undefined)
      values.who = who(state.client(), state.userAgent, state.ip);
    const level = options.level ?? actionLevel(name);
    this.loggers.get(options.channel ?? 'app').log(level, template, values, { event: name });
  }

  // ---- start and stop ------------------------------------------------------------------------------

  /** Logs app.start (name, version, environment, Node, pid, host, address); app.stop when the server closes. */
  started(server?: ServerLike | string, fields: Fields = {}): void {
    const values = { ...startFields(this.options.appInfo, listeningAddress(server)), ...fields };
    this.loggers.get('app').notice(START_TEMPLATE, values, { event: 'app.start' });
    if (typeof server !== 'object') return;
    if (typeof server.once === 'function') server.once('close', () => this.stopped());
    // First in line, so that the client's address is read before a framework's own listener closes the socket.
    if (typeof server.prependListener === 'function' && !this.watched.has(server)) {
      this.watched.add(server);
      server.prependListener('clientError', this.onClientError);
      server.prependListener('connect', this.onConnect);
    }
  }

  /** Turns a CONNECT away as Node does when nobody listens for one: the connection closed, unanswered. */
  private readonly refuseTunnel = upgradeAdapter(this, (_req, socket) => {
    socket.destroy();
  });

  /**
   * A CONNECT request (`CONNECT example.com:443`, a proxy probe): Node hands it to no request listener, so no
   * middleware sees it. When the app does not listen for CONNECT itself, it is closed as Node would close it, through
   * an upgrade listener of logbook's, which gives it the access record of an upgrade left unanswered.
   */
  private readonly onConnect = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const server = (socket as Duplex & { server?: { listenerCount(event: string): number } }).server;
    if (server === undefined || server.listenerCount('connect') === 1) this.refuseTunnel(req, socket, head);
  };

  /**
   * A request Node refused before any handler ran: recorded like any other, then answered as Node would have
   * when nobody else listens (a framework such as Fastify answers it itself).
   */
  private readonly onClientError = (error: Error, socket: Socket): void => {
    const server = (socket as Socket & { server?: { listenerCount(event: string): number } }).server;
    try {
      this.rejected(error, socket);
    } catch {
      // A throw from an event listener would take the whole server down; the record is the lesser loss.
    }
    if (server === undefined || server.listenerCount('clientError') === 1) answerRejected(socket, error);
  };

  /** The access record of a request Node refused (see rejected-request.ts). */
  private rejected(error: Error, socket: Socket): void {
    const refused = readRejected(error);
    if (refused === undefined) return;
    // The connection ended in the middle of a request's body: that request's own record says it was aborted.
    if ((error as { code?: unknown }).code === 'HPE_INVALID_EOF_STATE' && requestsInFlight(socket) > 0)
      return;
    const { status } = refused;
    const o = this.options;
    // As for a request Node accepts (begin() and finish()): the peer, then what a trusted proxy says.
    const peer = peerAddress(socket);
    const ip = clientIp(
      peer,
      refused.forwardedFor,
      refused.forwarded,
      o.proxies,
      refused.realIp,
      o.proxyHeader,
    );
    const facts: RequestFacts = {
      method: refused.method,
      path: refused.path,
      query: refused.query,
      status,
      userAgent: refused.userAgent,
      referer: refused.referer,
      ip,
      time: currentTime(),
      host: hostOnly(requestHost(peer, refused.host, refused.forwardedHost, o.proxies)),
    };
    const result = classify(facts);
    const signals =
      status === 400 && !result.signals.includes('malformed-request')
        ? [...result.signals, 'malformed-request']
        : result.signals;
    const attack = hasAttackSignal(signals);
    const id = this.nextId();
    const verdict = attack
      ? this.verdicts.observe(facts, result, { id, ip, userAgent: refused.userAgent })
      : undefined;
    const level = accessLevel(status, false, attack);
    if (level < stack.gate || level < stack.current().minLevel) return;
    const shownPath = this.shownPath(refused.path);
    const request: RequestJson = { id, method: refused.method, path: shownPath };
    if (refused.query !== undefined) request.query = redactQuery(refused.query, this.redactor);
    request.status = status;
    request.ip = ip;
    if (refused.userAgent !== undefined) request.ua = refused.userAgent;
    if (refused.referer !== undefined && refused.referer !== '')
      request.referer = redactUrl(refused.referer, this.redactor);
    const signalReason = accessReason(status, result.client, signals, verdict?.verdict, undefined, {
      statusWords: false,
    });
    const reason = signalReason === undefined ? refused.why : `${refused.why}; ${signalReason}`;
    const fields: Fields = {
      method: refused.method,
      path: shownPath,
      status,
      who: who(result.client, refused.userAgent, ip),
      reason,
    };
    if (verdict !== undefined) fields.verdict = verdict.verdict;
    const template = refused.method === '' ? REJECTED_UNSEEN_TEMPLATE : REJECTED_TEMPLATE;
    this.dispatchAccess(level, template, fields, request, result.client, signals, undefined);
  }

  /** Logs app.stop once. */
  stopped(fields: Fields = {}): void {
    if (this.stoppedLogged) return;
    this.stoppedLogged = true;
    const uptime = Math.round((performance.now() - this.upSince) / 100) / 10;
    const values = { app: this.options.appInfo.name ?? 'app', uptime_s: uptime, ...fields };
    this.loggers.get('app').notice(STOP_TEMPLATE, values, { event: 'app.stop' });
  }

  /** Takes Logbook's request processor and trail collector off the application stack. */
  close(): void {
    for (const server of this.watched) {
      server.off?.('clientError', this.onClientError);
      server.off?.('connect', this.onConnect);
    }
    this.watched.clear();
    if (!this.pushed) return;
    this.pushed = false;
    this.members.popApplication();
  }
}
