/**
 * Where the host part of a request target ends. A request sent as to a proxy names a host before any path:
 * the absolute form `http://user@host:port/path` (RFC 9112 3.2.2; Node hands it on as the request's url) and
 * CONNECT's authority form `host:port`. The host is a name, not a file: the path rules read what follows it.
 */

/** `scheme://` as RFC 3986 spells a scheme: a letter, then letters, digits, `+`, `-` or `.`. */
function schemeEnd(target: string): number {
  const first = target.charCodeAt(0) | 0x20;
  if (!(first >= 97 && first <= 122)) return -1;
  for (let i = 1; i < target.length; i++) {
    const c = target.charCodeAt(i);
    if (c === 58 /* : */) return target.startsWith('//', i + 1) ? i + 3 : -1;
    const lower = c | 0x20;
    if (!((lower >= 97 && lower <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46))
      return -1;
  }
  return -1;
}

/**
 * The length of the target's scheme and host (`http://win.ini` of `http://win.ini/a`), the whole of a CONNECT
 * target, or 0 for a target that starts with its path (`/a`, `*`, or garbage, which the rules read whole).
 */
export function authorityLength(method: string, rawPath: string): number {
  if (rawPath.startsWith('/')) return 0;
  if (method === 'CONNECT') return rawPath.length;
  const start = schemeEnd(rawPath);
  if (start === -1) return 0;
  const slash = rawPath.indexOf('/', start);
  return slash === -1 ? rawPath.length : slash;
}
