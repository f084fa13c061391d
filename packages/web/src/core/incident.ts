// Incident references and the request "as received": what a visitor quotes, and what `logbook replay`
// needs to send the request again — with secrets taken out of headers, query strings and bodies.

import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Redactor } from 'logbook';
import { pathEnd } from './request-target.js';

// Crockford's base32 without I, L, O and U: nothing a visitor could misread when quoting it.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A random reference like `E-7F3K2Q` (32^6 ≈ 10^9 values). */
export function incidentRef(): string {
  const bytes = randomBytes(6);
  let ref = 'E-';
  for (const byte of bytes) ref += ALPHABET[byte & 31];
  return ref;
}

/** Headers as one string each (the schema's shape), secrets redacted. */
export function receivedHeaders(headers: IncomingHttpHeaders, redact: Redactor): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  // A page's address can carry a secret in its query (a reset link's token) when it is the referer.
  if (out.referer !== undefined) out.referer = redactUrl(out.referer, redact);
  return redact(out);
}

/** Decodes a query key or value as a form does (`+` is a space); a broken `%` escape is kept as sent. */
function decodeQueryPart(text: string): string {
  const spaced = text.indexOf('+') === -1 ? text : text.replace(/\+/g, ' ');
  if (spaced.indexOf('%') === -1) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/**
 * The names a query or form field is judged by. qs, PHP and Rails nest fields in brackets (`user[password]`,
 * `items[0][token]`), and qs with `allowDots` or Hono's `parseBody({ dot: true })` in dots (`card.cvv`): such a
 * field is a secret when its whole name is one (brackets read as dots, so `session[id]` is `session.id`) or any
 * of its parts that is not an index is (`password[new]`, `card[cvv]`). A plain name is judged as it is.
 */
export function fieldNames(key: string): readonly string[] {
  if (!isNested(key)) return [key];
  const whole = key.replace(/\]?\[/g, '.').replace(/\]$/, '');
  const parts = whole.split('.').filter((part) => part !== '' && !/^\d+$/.test(part));
  return [whole, ...parts];
}

/** Whether a field's name has parts (see fieldNames); also one that starts with a bracket, which qs reads as its parts. */
function isNested(key: string): boolean {
  return key.indexOf('[') !== -1 || key.indexOf('.') !== -1;
}

/** A field's value, redacted when any of its names (see fieldNames) is a secret's. */
function redactField(key: string, value: unknown, redact: Redactor): unknown {
  for (const name of fieldNames(key)) {
    // A computed key is an own property even when it is __proto__.
    const replaced = redact({ [name]: value })[name];
    if (replaced !== value) return replaced;
  }
  return value;
}

/** Form fields (flat, as sent) with each secret field's value redacted, judged by fieldNames. */
export function redactFields(fields: Record<string, unknown>, redact: Redactor): Record<string, unknown> {
  const out = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(fields)) out[key] = redactField(key, fields[key], redact);
  return out;
}

/**
 * The query string with the values of secret-named parameters replaced (`?token=[redacted]`), everything else
 * left byte for byte as sent. Parameters are separated by `&` or `;` (both are in use: `?a=1;token=…`), and
 * what follows a `#` is read as parameters too (an OAuth implicit flow puts `access_token` there, and a client
 * that sends it keeps it in the target). Keys are decoded before they are judged (`pass%77ord` is
 * `password`), a nested key by each of its names (`user[password]`, `session[id]`, see fieldNames), and every
 * occurrence of a repeated key is judged on its own value.
 */
export function redactQuery(query: string, redact: Redactor): string {
  // The first value of each plain key goes to the redactor in one object: one call for the whole query. Only when
  // something is to be replaced, a key repeats or is nested, is the query walked again, such a value judged on its
  // own.
  const plain: Record<string, string> = {};
  let repeats = false;
  for (let start = 0; start <= query.length;) {
    const stop = pairEnd(query, start);
    const eq = query.indexOf('=', start);
    if (eq !== -1 && eq < stop) {
      const key = decodeQueryPart(query.slice(start, eq));
      // `__proto__` would set the object's prototype, not a key: judged on its own like a repeat.
      if (key === '__proto__' || Object.hasOwn(plain, key) || isNested(key)) repeats = true;
      else plain[key] = decodeQueryPart(query.slice(eq + 1, stop));
    }
    start = stop + 1;
  }
  const redacted = redact(plain);
  if (redacted === plain && !repeats) return query;
  let out = '';
  let copied = 0;
  const seen = new Set<string>();
  for (let start = 0; start <= query.length;) {
    const stop = pairEnd(query, start);
    const eq = query.indexOf('=', start);
    if (eq !== -1 && eq < stop) {
      const key = decodeQueryPart(query.slice(start, eq));
      const value = decodeQueryPart(query.slice(eq + 1, stop));
      let replaced: unknown;
      if (Object.hasOwn(plain, key) && !seen.has(key)) {
        seen.add(key);
        replaced = redacted[key];
      } else {
        replaced = redactField(key, value, redact);
      }
      if (replaced !== value) {
        out += query.slice(copied, eq + 1) + encodeURIComponent(String(replaced));
        copied = stop;
      }
    }
    start = stop + 1;
  }
  return copied === 0 ? query : out + query.slice(copied);
}

/** Where the query parameter starting at `start` ends: at `&`, `;`, `#` or the end. */
function pairEnd(query: string, start: number): number {
  let stop = start;
  while (stop < query.length) {
    const c = query.charCodeAt(stop);
    if (c === 38 /* & */ || c === 59 /* ; */ || c === 35 /* # */) break;
    stop++;
  }
  return stop;
}

/**
 * A path with the values of its secret-named path parameters replaced (`/cart;jsessionid=[redacted]`). A servlet
 * container that cannot set a cookie puts the session there, and crawlers keep asking for such old links. Each
 * segment's parameters, after its first `;`, are read like a query's.
 */
export function redactPathParameters(path: string, redact: Redactor): string {
  if (path.indexOf(';') === -1) return path;
  return path
    .split('/')
    .map((segment) => {
      const semicolon = segment.indexOf(';');
      return semicolon === -1
        ? segment
        : segment.slice(0, semicolon + 1) + redactQuery(segment.slice(semicolon + 1), redact);
    })
    .join('/');
}

/** The URL as received with the secret parameters of its path, query and fragment redacted (see redactQuery). */
export function redactUrl(url: string, redact: Redactor): string {
  const q = pathEnd(url);
  if (q === -1) return redactPathParameters(url, redact);
  return redactPathParameters(url.slice(0, q), redact) + url[q] + redactQuery(url.slice(q + 1), redact);
}
