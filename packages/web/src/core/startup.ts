// The app.start record: what was started, where it listens and on what — the first line a site owner
// reads when something changed after a deploy.

import type { IncomingMessage } from 'node:http';
import { hostname } from 'node:os';
import type { Duplex } from 'node:stream';
import type { AddressInfo, Socket } from 'node:net';

type ConnectListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** A listening server: node's http.Server, what @hono/node-server's serve() returns, fastify.server. */
export interface ServerLike {
  address(): AddressInfo | string | null;
  once?(event: 'close', listener: () => void): unknown;
  /** For requests Node refuses before any handler runs (`clientError`). */
  prependListener?(event: 'clientError', listener: (error: Error, socket: Socket) => void): unknown;
  /** For CONNECT requests, which Node hands to no request listener (`connect`). */
  prependListener?(event: 'connect', listener: ConnectListener): unknown;
  off?(event: 'clientError', listener: (error: Error, socket: Socket) => void): unknown;
  off?(event: 'connect', listener: ConnectListener): unknown;
}

/** `http://127.0.0.1:3000`, `http://[::1]:3000` or a socket path. */
export function listeningAddress(server: ServerLike | string | undefined): string | undefined {
  if (server === undefined) return undefined;
  if (typeof server === 'string') return server;
  const address = server.address();
  if (address === null) return undefined;
  if (typeof address === 'string') return address;
  const host =
    address.family === 'IPv6' || address.family === (6 as unknown) ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

export interface StartFields {
  app: string;
  version: string;
  env: string;
  node: string;
  pid: number;
  host: string;
  address: string;
  [key: string]: unknown;
}

export function startFields(
  app: { name?: string; version?: string; env?: string },
  address: string | undefined,
): StartFields {
  return {
    app: app.name ?? 'app',
    version: app.version ?? 'unknown version',
    env: app.env ?? 'development',
    node: process.version,
    pid: process.pid,
    host: hostname(),
    address: address ?? 'no address',
  };
}

export const START_TEMPLATE = 'Started {app} {version} ({env}) on {address}, Node {node}, pid {pid}';
export const STOP_TEMPLATE = 'Stopped {app} after {uptime_s} s';
