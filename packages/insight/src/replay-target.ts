import { isLoopback } from './serve/access.js';

/** Where a site runs on a developer's machine when its incident does not say. */
export const DEFAULT_REPLAY_TARGET = 'http://127.0.0.1:3000';

/**
 * The site an incident was recorded on when that was this machine's loopback (a local run, as with the training
 * site), as an origin; undefined for any other host, or a Host header that is more than host[:port].
 */
export function recordedLoopbackSite(
  headers: Readonly<Record<string, unknown>> | undefined,
): string | undefined {
  const host = headers?.['host'];
  if (typeof host !== 'string') return undefined;
  try {
    const url = new URL(`http://${host}`);
    if (isLoopback(url.hostname) && url.username === '' && url.pathname === '/') return url.origin;
  } catch {
    // not a host[:port]
  }
  return undefined;
}

/**
 * The target to suggest for replaying an incident: the loopback site it was recorded on, else the usual local
 * port. Never a public host: replay re-sends requests, and a copied line must not aim them at production.
 */
export function suggestedReplayTarget(headers: Readonly<Record<string, unknown>> | undefined): string {
  return recordedLoopbackSite(headers) ?? DEFAULT_REPLAY_TARGET;
}

/**
 * The request target one replayed request is sent with: the target's base path, then the path and query as
 * recorded. Joined as text rather than resolved against the target, because a recorded target is whatever the
 * client sent: a `//other.host/x` or `http://other.host/x` (proxy probes send both) resolved as a URL would aim the
 * request at that host instead of the target, a target's base path (`http://127.0.0.1:8080/shop`) would be
 * dropped, and `..`, `%2e%2e` and `\` would be resolved away from the probe that crashed the application.
 */
export function replayRequestTarget(target: string, recorded: string): string {
  // An absolute-form target reaches the application with its scheme and host; the server answers by its path.
  let path = recorded.replace(/^[a-z][a-z\d+.-]*:\/\/[^/?#]*/i, '');
  if (!path.startsWith('/')) path = `/${path}`;
  return sendableTarget(`${new URL(target).pathname.replace(/\/+$/, '')}${path}`);
}

/**
 * A replayed request as a URL for a script (curl, a `.http` file). A `#` the client sent is part of its path or
 * query, but those tools would read it as the start of a fragment and not send it, so it is written `%23`.
 */
export function replayUrlText(target: string, recorded: string): string {
  return `${new URL(target).origin}${replayRequestTarget(target, recorded).replaceAll('#', '%23')}`;
}

/**
 * Whether a URL's path has a `.` or `..` segment, which a URL parser (a browser's, a REST client's) resolves away,
 * so that another path is requested: `%2e` is a dot to it, and a backslash a slash.
 */
export function hasDotSegments(url: string): boolean {
  const path = url.split('?', 1)[0]!;
  return path.split(/[/\\]/).some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment));
}

/**
 * A request target with only what a request line cannot carry percent-encoded, as UTF-8: spaces, control
 * characters, and anything beyond ASCII (Node's server answers a raw one with 400, so a recorded one was decoded
 * by a framework or comes from another server's log). The rest goes byte for byte.
 */
export function sendableTarget(target: string): string {
  return target.replace(/[^\u0021-\u007e]/gu, (c) => {
    try {
      return encodeURIComponent(c);
    } catch {
      return '%EF%BF%BD'; // half a surrogate pair: sent as the replacement character, as a decoder would read it
    }
  });
}

/**
 * Why `target` cannot be where replayed requests go, or undefined when it can: an origin with, at most, a base
 * path. A query or fragment would be lost or misread when each recorded path is appended, and fetch refuses a URL
 * with a user name or password in it.
 */
export function replayTargetProblem(target: string): string | undefined {
  const url = new URL(target);
  if (url.username !== '' || url.password !== '')
    return 'has a user name or password in it, which is not sent; give the address alone (e.g. http://127.0.0.1:3000).';
  if (url.search !== '' || url.hash !== '')
    return 'has a query or fragment; give the address and, if the application is mounted under one, its base path (e.g. http://127.0.0.1:3000/shop).';
  return undefined;
}
