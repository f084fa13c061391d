// Sessions: a random id in an HttpOnly, SameSite=Lax cookie, the data in memory. The id changes at login
// (no session fixation) and the session is deleted at logout. Idle sessions expire.

import { randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'sid';
const IDLE_MS = 2 * 60 * 60 * 1000;
const MAX_SESSIONS = 50_000;

export interface Session {
  id: string;
  accountId?: string;
  seen: number;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  get(id: string | undefined): Session | undefined {
    if (id === undefined) return undefined;
    const session = this.sessions.get(id);
    if (session === undefined) return undefined;
    if (Date.now() - session.seen > IDLE_MS) {
      this.sessions.delete(id);
      return undefined;
    }
    session.seen = Date.now();
    return session;
  }

  create(accountId?: string): Session {
    if (this.sessions.size >= MAX_SESSIONS) this.sweep();
    const session: Session = { id: randomBytes(24).toString('base64url'), seen: Date.now() };
    if (accountId !== undefined) session.accountId = accountId;
    this.sessions.set(session.id, session);
    return session;
  }

  destroy(id: string): void {
    this.sessions.delete(id);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, s] of this.sessions) if (now - s.seen > IDLE_MS) this.sessions.delete(id);
    // Still full: forget the oldest (Map keeps insertion order).
    while (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
  }
}

/** The value of one cookie from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Set-Cookie for the session. No `Secure`: the demo runs on plain http://127.0.0.1; add it behind HTTPS. */
export function sessionCookie(id: string): string {
  return `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${IDLE_MS / 1000}`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}
