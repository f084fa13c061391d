// The access record of a request, written when its response closes: what was asked, how it ended (answered,
// aborted by the client, cut off by the server, never answered), traffic's classification and verdict, and
// the sampling of health checks and static files. Requests Node refused (server-watch.ts) are written here too.

import { performance } from 'node:perf_hooks';
import type { Socket } from 'node:net';
import { classify, type ClientInfo, type RequestFacts, type Verdict } from '@logbook/traffic';
import {
  Level,
  LogRecord,
  currentTime,
  stack,
  type CompiledTemplate,
  type Fields,
  type Redactor,
} from 'logbook';
import type { RequestJson } from 'logbook/schema';
import {
  ABORTED_TEMPLATE,
  UNANSWERED_TEMPLATE,
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
import { peerAddress, requestHost } from './client-ip.js';
import { who } from './client-words.js';
import { hostOnly } from './host-header.js';
import { redactQuery, redactUrl } from './incident.js';
import type { IncidentCapture } from './incident-capture.js';
import type { ResolvedOptions } from './options.js';
import { responseBytesAtClose, type RequestState } from './request-context.js';
import type { SessionTrails } from './session-trail.js';
import { dispatchOwn } from './stack-members.js';
import type { VerdictWatch } from './verdict-watch.js';

/**
 * Whether the client ended the connection of a response that never finished: it closed its side (the socket read
 * its end) or reset it. Otherwise the server did: nothing came from the client, the socket was destroyed here.
 */
function closedByClient(socket: Socket | undefined): boolean {
  if (socket === undefined || socket === null) return true;
  return socket.readableEnded || (socket.errored ?? null) !== null;
}

export class AccessWriter {
  constructor(
    private readonly options: ResolvedOptions,
    private readonly redactor: Redactor,
    private readonly sessionTrails: SessionTrails,
    private readonly verdicts: VerdictWatch,
    private readonly incidents: IncidentCapture,
  ) {}

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
    if (errored != null && state.incident === undefined && this.incidents.isIncident(errored, state))
      this.incidents.captureError(state, errored);
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
    this.write(level, template, fields, request, result.client, signals, state);
  }

  /** Writes an access record; its fields and request go through the writers for their fixed shapes. */
  write(
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
    this.write(level, template, fields, request, client, signals, state);
  }
}
