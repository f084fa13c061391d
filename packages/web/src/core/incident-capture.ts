// Errors that end a request: the incident record (once per request), the crash page that answers it, and the
// plain status answer for a client error — what every adapter calls when a handler fails.

import { JsonFormatter, type Redactor } from 'logbook';
import { defaultCrashPage, wantsJson } from './crash-page.js';
import { fingerprint } from './fingerprint.js';
import { answerWithStatus, clientHungUp, describableError, statusOfError } from './handler-error.js';
import { incidentRef } from './incident.js';
import { incidentRecord } from './incident-record.js';
import type { CrashResponse, ResolvedOptions } from './options.js';
import { RequestState, currentRequest, stateOf, type IncidentInfo } from './request-context.js';
import type { SessionTrails } from './session-trail.js';
import { dispatchOwn } from './stack-members.js';

/** What an adapter sends when a request crashed. */
export interface CrashReply extends CrashResponse {
  status: 500;
  ref: string;
  requestId: string;
}

export class IncidentCapture {
  /** Writes the error and the trail's records into the incident (see incident-record.ts). */
  private readonly formatter = new JsonFormatter();

  constructor(
    private readonly options: ResolvedOptions,
    private readonly redactor: Redactor,
    private readonly sessionTrails: SessionTrails,
  ) {}

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
}
