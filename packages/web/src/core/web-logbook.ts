// The framework-neutral core. Adapters hand it node's request and response (every supported framework
// runs on them) and it does the rest: request id, client address, session key, async context, the
// request's trail, the access record when the response closes, incidents and crash pages, users and
// actions, start and stop records. Records go to whatever handlers the application set up.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import { ClientTracker, classify, type RequestFacts } from '@logbook/traffic';
import {
  createRedactor,
  currentTime,
  stack,
  type Fields,
  type LevelLike,
  type NestedSetup,
  type Redactor,
} from 'logbook';
import type { RequestJson } from 'logbook/schema';
import {
  REJECTED_TEMPLATE,
  REJECTED_UNSEEN_TEMPLATE,
  accessLevel,
  accessReason,
  hasAttackSignal,
} from './access-record.js';
import { FAILED_LOGIN_EVENTS, actionLevel, actionTemplate, checkActionName } from './actions.js';
import { captureBody } from './body-capture.js';
import { ChannelLoggers } from './channel-loggers.js';
import { clientIp, peerAddress, requestHost } from './client-ip.js';
import { who } from './client-words.js';
import { statusOfError } from './handler-error.js';
import { hostOnly } from './host-header.js';
import { redactPathParameters, redactQuery, redactUrl } from './incident.js';
import { resolveOptions, type ResolvedOptions, type WebLogbookOptions } from './options.js';
import {
  RequestState,
  attachState,
  currentRequest,
  requestStorage,
  requestsInFlight,
  stateOf,
  type IncidentInfo,
  type RequestOwner,
} from './request-context.js';
import { answerRejected, readRejected } from './rejected-request.js';
import { acceptRequestId, createRequestIdGenerator } from './request-id.js';
import { SessionKeys } from './session-keys.js';
import { stackMembers } from './stack-members.js';
import { SessionTrails } from './session-trail.js';
import { START_TEMPLATE, STOP_TEMPLATE, listeningAddress, startFields, type ServerLike } from './startup.js';
import { toUserJson, type UserInput } from './user.js';
import { VerdictWatch } from './verdict-watch.js';
import { AccessWriter } from './access-writer.js';
import { IncidentCapture, type CrashReply } from './incident-capture.js';
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

function onResponseClose(this: ServerResponse): void {
  const state = stateOf(this);
  if (state !== undefined) (state.owner as WebLogbook).finish(state, !this.writableFinished);
}

export type { CrashReply } from './incident-capture.js';

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
  private readonly access: AccessWriter;
  private readonly incidents: IncidentCapture;
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
    this.incidents = new IncidentCapture(this.options, this.redactor, this.sessionTrails);
    this.access = new AccessWriter(
      this.options,
      this.redactor,
      this.sessionTrails,
      this.verdicts,
      this.incidents,
    );
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

  // ---- the request lifecycle, as adapters drive it (access-writer.ts at the end) --------------------

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
    this.access.finish(state, aborted);
  }

  // ---- incidents and crash pages (incident-capture.ts) ---------------------------------------------

  /**
   * Records the incident for an error that ended a request: reference, fingerprint, the request as
   * received, the trail, the session's recent requests. Once per request; later calls return the first.
   */
  captureError(target: unknown, error: unknown): IncidentInfo {
    return this.incidents.captureError(target, error);
  }

  /** The 500 answer for a crashed request, recording the incident if that was not done yet. */
  crashReply(target: unknown, error: unknown): CrashReply {
    return this.incidents.crashReply(target, error);
  }

  /** Answers a crashed request on node's response (node:http and Express). */
  respondWithCrash(state: RequestState, error: unknown): void {
    this.incidents.respondWithCrash(state, error);
  }

  /**
   * Answers a request whose handler failed with a client error (a thrown 404, bad JSON) with its status
   * and the status line's words — never the error's message. A response already under way is cut off.
   */
  respondWithStatus(state: RequestState, error: unknown): void {
    this.incidents.respondWithStatus(state, error);
  }

  /**
   * Whether an error should become an incident (no status, or a 5xx one) rather than a client error.
   * With the request (its state or framework object), an error raised because the client hung up
   * mid-request is not one either: the access record already says the client aborted.
   */
  isIncident(error: unknown, target?: unknown): boolean {
    return this.incidents.isIncident(error, target);
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
    this.access.write(level, template, fields, request, result.client, signals, undefined);
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
