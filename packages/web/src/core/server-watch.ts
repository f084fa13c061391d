// What Node hands to no request listener, so no middleware sees it: CONNECT requests, and requests Node refused
// before any handler ran (a malformed request line, headers too large). logbook.started(server) listens for
// both, gives each its access record, and answers as Node would have when the app does not listen itself.

import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { classify, type RequestFacts } from '@logbook/traffic';
import { currentTime, stack, type Fields, type Redactor } from 'logbook';
import type { RequestJson } from 'logbook/schema';
import {
  REJECTED_TEMPLATE,
  REJECTED_UNSEEN_TEMPLATE,
  accessLevel,
  accessReason,
  hasAttackSignal,
} from './access-record.js';
import type { AccessWriter } from './access-writer.js';
import { clientIp, peerAddress, requestHost } from './client-ip.js';
import { who } from './client-words.js';
import { hostOnly } from './host-header.js';
import { redactPathParameters, redactQuery, redactUrl } from './incident.js';
import type { ResolvedOptions } from './options.js';
import { requestsInFlight } from './request-context.js';
import { answerRejected, readRejected } from './rejected-request.js';
import type { ServerLike } from './startup.js';
import type { VerdictWatch } from './verdict-watch.js';
import type { WebLogbook } from './web-logbook.js';
import { upgradeAdapter, type UpgradeListener } from '../adapters/node-upgrade.js';

type ListenerCount = { server?: { listenerCount(event: string): number } };

export class ServerWatch {
  /** Servers whose refused requests are recorded; the listeners come off them at close. */
  private readonly watched = new Set<ServerLike>();
  /** Turns a CONNECT away as Node does when nobody listens for one: the connection closed, unanswered. */
  private readonly refuseTunnel: UpgradeListener;

  constructor(
    core: WebLogbook,
    private readonly options: ResolvedOptions,
    private readonly redactor: Redactor,
    private readonly nextId: () => string,
    private readonly verdicts: VerdictWatch,
    private readonly access: AccessWriter,
  ) {
    this.refuseTunnel = upgradeAdapter(core, (_req, socket) => {
      socket.destroy();
    });
  }

  /** Starts recording a server's CONNECT and refused requests (once per server). */
  watch(server: ServerLike): void {
    // First in line, so that the client's address is read before a framework's own listener closes the socket.
    if (typeof server.prependListener === 'function' && !this.watched.has(server)) {
      this.watched.add(server);
      server.prependListener('clientError', this.onClientError);
      server.prependListener('connect', this.onConnect);
    }
  }

  /** Takes the listeners off every watched server. */
  unwatchAll(): void {
    for (const server of this.watched) {
      server.off?.('clientError', this.onClientError);
      server.off?.('connect', this.onConnect);
    }
    this.watched.clear();
  }

  /**
   * A CONNECT request (`CONNECT example.com:443`, a proxy probe): Node hands it to no request listener, so no
   * middleware sees it. When the app does not listen for CONNECT itself, it is closed as Node would close it, through
   * an upgrade listener of logbook's, which gives it the access record of an upgrade left unanswered.
   */
  private readonly onConnect = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const server = (socket as Duplex & ListenerCount).server;
    if (server === undefined || server.listenerCount('connect') === 1) this.refuseTunnel(req, socket, head);
  };

  /**
   * A request Node refused before any handler ran: recorded like any other, then answered as Node would have
   * when nobody else listens (a framework such as Fastify answers it itself).
   */
  private readonly onClientError = (error: Error, socket: Socket): void => {
    const server = (socket as Socket & ListenerCount).server;
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
    const shownPath = redactPathParameters(refused.path, this.redactor);
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
}
