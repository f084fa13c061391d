// The framework-neutral core. Adapters hand it node's request and response (every supported framework
// runs on them) and it does the rest: request id, client address, session key, async context, the
// request's trail, the access record when the response closes, incidents and crash pages, users and
// actions, start and stop records. This class is the one object an application holds; each of those
// concepts lives in its own file, and the class hands every call to the one that owns it.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { ClientTracker } from '@logbook/traffic';
import { createRedactor, type Fields, type NestedSetup, type Redactor } from 'logbook';
import { AccessWriter } from './access-writer.js';
import { ChannelLoggers } from './channel-loggers.js';
import { statusOfError } from './handler-error.js';
import { redactPathParameters } from './incident.js';
import { IncidentCapture, type CrashReply } from './incident-capture.js';
import { resolveOptions, type ResolvedOptions, type WebLogbookOptions } from './options.js';
import {
  requestStorage,
  type IncidentInfo,
  type RequestOwner,
  type RequestState,
} from './request-context.js';
import { createRequestIdGenerator } from './request-id.js';
import { RequestStart } from './request-start.js';
import { ServerWatch } from './server-watch.js';
import { SessionKeys } from './session-keys.js';
import { SessionTrails } from './session-trail.js';
import { stackMembers } from './stack-members.js';
import { StartStopRecords } from './start-stop-records.js';
import type { ServerLike } from './startup.js';
import { UserActions, type ActionOptions } from './user-actions.js';
import type { UserInput } from './user.js';
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

export type { ActionOptions } from './user-actions.js';
export type { CrashReply } from './incident-capture.js';

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
  /** Fastify plugin: `fastify.register(logbook.fastify)`. */
  readonly fastify: FastifyPlugin;
  private readonly redactor: Redactor;
  private readonly members: NestedSetup;
  private pushed = true;
  private readonly starts: RequestStart;
  private readonly access: AccessWriter;
  private readonly incidents: IncidentCapture;
  private readonly users: UserActions;
  private readonly startStop: StartStopRecords;
  private readonly servers: ServerWatch;

  constructor(options: WebLogbookOptions = {}) {
    this.options = resolveOptions(options);
    this.tracker = new ClientTracker({ maxClients: this.options.maxTrackedClients });
    this.trailSize = this.options.trailSize;
    const sessionTrails = new SessionTrails(this.options.sessionTrailSize, this.options.sessionTrailClients);
    // A session cookie's value is as good as a password wherever it turns up: in a query string too
    // (`?PHPSESSID=…`, `?sid=…`).
    const redact = this.options.redact;
    this.redactor = createRedactor({
      ...redact,
      keys: [...(redact.keys ?? []), ...this.options.sessionCookies],
    });
    const sessionKeys = new SessionKeys(this.options.secret, this.options.sessionCookies);
    const nextId = createRequestIdGenerator();
    const verdicts = new VerdictWatch(this.tracker, this.options);
    const loggers = new ChannelLoggers();
    this.starts = new RequestStart(this, this.options, sessionKeys, nextId);
    this.incidents = new IncidentCapture(this.options, this.redactor, sessionTrails);
    this.access = new AccessWriter(this.options, this.redactor, sessionTrails, verdicts, this.incidents);
    this.users = new UserActions(this.options, verdicts, loggers);
    this.startStop = new StartStopRecords(this.options, loggers);
    this.servers = new ServerWatch(this, this.options, this.redactor, nextId, verdicts, this.access);
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

  // ---- the request lifecycle, as adapters drive it (request-start.ts, access-writer.ts) --------------

  /** A request id for this node request, decided once (honouring the incoming header when allowed). */
  requestId(req: IncomingMessage): string {
    return this.starts.requestId(req);
  }

  /** Starts tracking a request: id (echoed), client address, session, body capture, the access record at close. */
  begin(req: IncomingMessage, res: ServerResponse, target?: object): RequestState {
    return this.starts.begin(req, res, target);
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

  // ---- users and actions (user-actions.ts) ---------------------------------------------------------

  /** Sets (or with null clears) the signed-in user of a request; later records of the request carry it. */
  setUser(target: unknown, user: UserInput | null): void {
    this.users.setUser(target, user);
  }

  /** Marks the current request as one for signed-in users only (a crawler there is worth a NOTICE). */
  requireAuth(target?: unknown): void {
    this.users.requireAuth(target);
  }

  /** Logs what a user did (`user.login`, `purchase`, …) with the request's user, client and ip. */
  action(name: string, fields: Fields = {}, options: ActionOptions = {}): void {
    this.users.action(name, fields, options);
  }

  // ---- start and stop (start-stop-records.ts, server-watch.ts) -------------------------------------

  /**
   * Logs app.start (name, version, environment, Node, pid, host, address); app.stop when the server closes.
   * From then on the server's CONNECT requests and the requests Node refuses get access records too.
   */
  started(server?: ServerLike | string, fields: Fields = {}): void {
    this.startStop.started(server, fields);
    if (typeof server === 'object') this.servers.watch(server);
  }

  /** Logs app.stop once. */
  stopped(fields: Fields = {}): void {
    this.startStop.stopped(fields);
  }

  /** Takes Logbook's request processor and trail collector off the application stack. */
  close(): void {
    this.servers.unwatchAll();
    if (!this.pushed) return;
    this.pushed = false;
    this.members.popApplication();
  }
}
