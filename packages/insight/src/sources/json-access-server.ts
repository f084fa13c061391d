import { caddyOtherLogger, caddyView, isCaddyLine } from './json-access-caddy.js';
import { isTraefikLine, traefikView } from './json-access-traefik.js';

/**
 * Which server's JSON a JSON access log is: `plain` (keys named after Nginx's variables or Apache's, in any
 * spelling: json-access-keys.ts) or a server with a fixed layout of its own, read by what its keys mean.
 */
export type JsonAccessServer = 'plain' | 'caddy' | 'traefik';

type Entry = Record<string, unknown>;

/** The server that wrote a parsed line, by its shape. */
export function jsonAccessServerOf(obj: Entry): JsonAccessServer {
  if (isCaddyLine(obj)) return 'caddy';
  if (isTraefikLine(obj)) return 'traefik';
  return 'plain';
}

/**
 * The flat keys a Caddy or Traefik entry is read as, each a key the plain reader knows, so both readers (JavaScript
 * and DuckDB) apply the plain rules to them: the time as text, the duration in milliseconds under a key that states
 * that unit (`duration_ms`, read in it whatever `--request-time` says).
 */
export const SERVER_KEYS = {
  time: ['time'],
  ip: ['remote_addr'],
  request: ['request'],
  method: ['request_method'],
  target: ['request_uri'],
  query: ['args'],
  status: ['status'],
  bytes: ['body_bytes_sent'],
  referer: ['http_referer'],
  ua: ['http_user_agent'],
  duration: ['duration_ms'],
  user: ['remote_user'],
  vhost: ['host'],
};

/** A line as the plain reader reads it: a Caddy or Traefik entry as SERVER_KEYS, any other as it is. */
export function jsonAccessView(obj: Entry): Entry {
  const server = jsonAccessServerOf(obj);
  return server === 'caddy' ? caddyView(obj) : server === 'traefik' ? traefikView(obj) : obj;
}

/**
 * Why a line of a server's JSON log is no request at all, or undefined: Caddy's other loggers
 * (`http.handlers.reverse_proxy`, `tls`) may write to the access log's file. Such lines are passed over, not
 * counted as skipped.
 */
export function notAnAccessEntry(obj: Entry): string | undefined {
  if (!isCaddyLine(obj)) return undefined;
  const logger = caddyOtherLogger(obj);
  return logger === undefined ? undefined : `a line of Caddy's ${logger} logger, not an access entry`;
}

/** The keys each server's lines are read under, for the reasons of skipped lines. */
export const SERVER_KEY_NAMES: Record<
  Exclude<JsonAccessServer, 'plain'>,
  { time: string; status: string; request: string }
> = {
  caddy: { time: 'ts', status: 'status', request: 'request.uri' },
  traefik: {
    time: 'StartUTC, StartLocal, time',
    status: 'DownstreamStatus, OriginStatus',
    request: 'RequestPath',
  },
};
