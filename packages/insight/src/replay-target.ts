import { isLoopback } from './serve/access.js';

/** Where a site runs on a developer's machine when its incident does not say. */
export const DEFAULT_REPLAY_TARGET = 'http://127.0.0.1:3000';

/**
 * The target to suggest for replaying an incident: the site it was recorded on when that was this machine's
 * loopback (a local run, as with the training site), else the usual local port. Never a public host: replay
 * re-sends requests, and a copied line must not aim them at production.
 */
export function suggestedReplayTarget(headers: Readonly<Record<string, unknown>> | undefined): string {
  const host = headers?.['host'];
  if (typeof host !== 'string') return DEFAULT_REPLAY_TARGET;
  try {
    const url = new URL(`http://${host}`);
    if (isLoopback(url.hostname) && url.username === '' && url.pathname === '/') return url.origin;
  } catch {
    // not a host[:port]: fall through to the default
  }
  return DEFAULT_REPLAY_TARGET;
}
