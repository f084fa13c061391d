// Incident references and the request "as received": what a visitor quotes, and what `logbook replay`
// needs to send the request again — with secrets taken out of headers, query strings and bodies.

import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Redactor } from 'logbook';

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

/** The query string with the values of secret-named parameters replaced (`?token=[redacted]`). */
export function redactQuery(query: string, redact: Redactor): string {
  const params = new URLSearchParams(query);
  const plain: Record<string, string> = {};
  for (const [key, value] of params) plain[key] = value;
  const redacted = redact(plain);
  if (redacted === plain) return query;
  const out = new URLSearchParams();
  for (const [key, value] of params) out.append(key, redacted[key] === value ? value : String(redacted[key]));
  return out.toString();
}

/** The URL as received, with a redacted query string; a fragment after it is left as it came. */
export function redactUrl(url: string, redact: Redactor): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const hash = url.indexOf('#', q);
  if (hash === -1) return url.slice(0, q + 1) + redactQuery(url.slice(q + 1), redact);
  return url.slice(0, q + 1) + redactQuery(url.slice(q + 1, hash), redact) + url.slice(hash);
}
