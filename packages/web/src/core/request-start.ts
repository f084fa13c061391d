// The start of a request, as adapters drive it: its id (echoed in the response), client address, session key
// and body capture, its state reachable from the request, the response and the framework's object, and the
// access record written when the response closes.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { currentTime } from 'logbook';
import { captureBody } from './body-capture.js';
import { clientIp, peerAddress } from './client-ip.js';
import type { ResolvedOptions } from './options.js';
import { RequestState, attachState, stateOf } from './request-context.js';
import { acceptRequestId } from './request-id.js';
import type { SessionKeys } from './session-keys.js';
import type { WebLogbook } from './web-logbook.js';

/** A request id chosen before the core saw the request (Fastify's genReqId). */
const EARLY_ID = Symbol.for('logbook.web.early-request-id');

function onResponseClose(this: ServerResponse): void {
  const state = stateOf(this);
  if (state !== undefined) (state.owner as WebLogbook).finish(state, !this.writableFinished);
}

export class RequestStart {
  constructor(
    private readonly owner: WebLogbook,
    private readonly options: ResolvedOptions,
    private readonly sessionKeys: SessionKeys,
    private readonly nextId: () => string,
  ) {}

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
      this.owner,
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
}
