// A request's session, as a key that cannot be turned back into the cookie: the session cookie's value is a
// secret (whoever has it is logged in), so records carry an HMAC of it instead.

import { pseudonym } from './user.js';

/** Cached keys; beyond this many sessions the cache starts over. */
const MAX_CACHED = 10_000;

export class SessionKeys {
  private readonly keys = new Map<string, string>();

  constructor(
    private readonly secret: string,
    /** Cookie names that hold a session (the first found counts). */
    private readonly cookieNames: readonly string[],
  ) {}

  /** The session key of a Cookie header, or undefined when it holds none of the session cookies. */
  fromCookieHeader(cookie: string): string | undefined {
    let start = 0;
    while (start < cookie.length) {
      let end = cookie.indexOf(';', start);
      if (end === -1) end = cookie.length;
      const eq = cookie.indexOf('=', start);
      if (eq !== -1 && eq < end) {
        const name = cookie.slice(start, eq).trim();
        if (this.cookieNames.includes(name)) {
          const value = cookie.slice(eq + 1, end).trim();
          if (value !== '') return this.keyOf(value);
        }
      }
      start = end + 1;
    }
    return undefined;
  }

  /** Cached: a session makes many requests. */
  private keyOf(value: string): string {
    let key = this.keys.get(value);
    if (key === undefined) {
      key = pseudonym(this.secret, 's-', value);
      if (this.keys.size >= MAX_CACHED) this.keys.clear();
      this.keys.set(value, key);
    }
    return key;
  }
}
