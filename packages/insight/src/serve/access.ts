import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const COOKIE = 'logbook_token';
/** Sent by the dashboard's own scripts with every state-changing call; a cross-site form cannot set it. */
export const CSRF_HEADER = 'x-logbook-request';

/** Addresses that only this machine can reach; anything else needs a token. */
export function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost' || host === '[::1]';
}

/** Compares in time that does not depend on where the strings differ (hashing first also hides the length). */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function cookieValue(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The token a request carries: `Authorization: Bearer`, else the cookie set on first load. */
export function presentedToken(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (auth && /^Bearer\s+/i.test(auth)) return auth.replace(/^Bearer\s+/i, '').trim();
  return cookieValue(req, COOKIE);
}

/**
 * Without a token the dashboard trusts loopback, and a web page elsewhere could still reach it through DNS
 * rebinding (evil.example resolving to 127.0.0.1); requiring a loopback Host header closes that.
 */
export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = (req.headers.host ?? '').toLowerCase();
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(host);
}

/**
 * State-changing calls must come from the dashboard itself: the custom header (which a cross-site form or image
 * cannot send, and a cross-site fetch cannot send without a CORS grant this server never gives) and, when the
 * browser says where the call came from, the same origin.
 */
export function csrfProblem(req: IncomingMessage): string | undefined {
  if (req.headers[CSRF_HEADER] !== '1') return `missing ${CSRF_HEADER} header`;
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return `cross-site request (${site})`;
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      return 'unreadable Origin header';
    }
    if (host !== req.headers.host) return 'request from another origin';
  }
  return undefined;
}
