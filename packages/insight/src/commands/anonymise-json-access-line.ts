import { SECRET_NAME, type Pseudonymiser } from '../pseudonymiser.js';
import { jsonAccessFieldOf } from '../sources/json-access-keys.js';
import { splitRequestLine } from '../sources/access-line.js';
import { jsonAccessServerOf } from '../sources/json-access-server.js';
import { unreadable } from './anonymise-unreadable.js';

/** Numbers, times and addresses a server adds (`0.012`, `0.012, 0.003`, `127.0.0.1:8080`): nothing secret in them. */
const MEASURE = /^[-\d.:, ]*\d[-\d.:, ]*$/;

/**
 * A JSON access-log line with the same keys in the same order, as `logbook anonymise` writes an access line: the
 * client address and every IP or email anywhere, the user, the query tokens of the request, target and referer are
 * pseudonymised; a key named like a secret (a logged cookie or authorization header) and any unknown key whose value
 * is not a plain number or address become `-`, as unknown trailing fields of an access line do. Caddy's and Traefik's
 * lines keep their own layout (see anonymiseCaddy, anonymiseTraefik).
 */
export function anonymiseJsonAccessLine(line: string, p: Pseudonymiser): string {
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    return unreadable(line);
  }
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return unreadable(line);
  const server = jsonAccessServerOf(entry as Record<string, unknown>);
  if (server === 'caddy') return JSON.stringify(anonymiseCaddy(entry as Entry, p));
  if (server === 'traefik') return JSON.stringify(anonymiseTraefik(entry as Entry, p));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) {
    // A key may itself be an address or an email (a count per client): it is pseudonymised as text is.
    out[p.text(key)] =
      typeof value === 'string'
        ? anonymiseValue(key, value, p)
        : typeof value === 'number'
          ? anonymiseNumber(key, value, p)
          : typeof value === 'boolean' || value === null
            ? value
            : '-';
  }
  return JSON.stringify(out);
}

function anonymiseValue(key: string, value: string, p: Pseudonymiser): string {
  if (value === '' || value === '-') return value;
  // Any spelling the reader takes (`Request`, `User_Agent`, `remote-addr`), so the copy reads as the original does.
  switch (jsonAccessFieldOf(key)) {
    case 'user':
      return p.token('u', value);
    case 'request':
      return p.request(splitRequestLine(value));
    case 'target':
    case 'referer':
      return p.url(value);
    case 'query':
      // Apache's %q writes the `?`; the copy keeps it as written (the reader leaves it out, either way).
      return value.startsWith('?') ? `?${p.query(value.slice(1))}` : p.query(value);
    case undefined:
      // Not a key the reader knows: a secret by its name, or anything but a measure, is not copied.
      return SECRET_NAME.test(key) || !MEASURE.test(value) ? '-' : p.text(value);
    default:
      return p.text(value);
  }
}

/**
 * A number, kept as a size or a time is, but a user's (the reader takes `"remote_user": 4217` as user 4217) becomes a
 * pseudonym, and one under a key named like a secret (`session_id`, `otp`) `-`, as their text would.
 */
function anonymiseNumber(key: string, value: number, p: Pseudonymiser): number | string {
  const field = jsonAccessFieldOf(key);
  if (field === 'user') return p.token('u', String(value));
  return field === undefined && SECRET_NAME.test(key) ? '-' : value;
}

type Entry = Record<string, unknown>;

/** Headers whose values are credentials or session ids: written as `-`. */
const SECRET_HEADER = /^(cookie|set-cookie|authorization|proxy-authorization|www-authenticate)$/i;
/** Headers that only say how a client talks (no one's identity): kept, with any address in them pseudonymised. */
const PLAIN_HEADER =
  /^(accept(-encoding|-language|-ranges)?|cache-control|connection|content-(encoding|length|type)|dnt|pragma|priority|sec-(ch-ua(-[a-z-]+)?|fetch-[a-z]+|gpc)|server|te|upgrade|upgrade-insecure-requests|vary|via|alt-svc|x-content-type-options|x-frame-options|x-forwarded-(for|proto|host|port)|x-real-ip|forwarded|cf-connecting-ip|true-client-ip|strict-transport-security)$/i;

/**
 * A URL with its host pseudonymised when that is an address (`http://10.0.0.9:8080/x`): the pseudonymiser's text
 * rule passes over an address right after a `/`, so a version such as `Chrome/1.2.3.4` stays.
 */
function urlOf(value: string, p: Pseudonymiser): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^@/?#]*@)?(\[[^\]]+\]|[^/:?#]+)(.*)$/i.exec(value);
  if (!m) return p.url(value);
  const [, scheme, credentials, host, rest] = m as unknown as [
    string,
    string,
    string | undefined,
    string,
    string,
  ];
  // a user and password in the URL are written as `-`
  return `${scheme}${credentials ? '-@' : ''}${p.text(host)}${p.url(rest)}`;
}

/** A header's value (Caddy logs an array of them, Traefik one string) by what the header is. */
function headerValue(name: string, value: unknown, p: Pseudonymiser): unknown {
  if (Array.isArray(value)) return value.map((v) => headerValue(name, v, p));
  if (typeof value !== 'string') return typeof value === 'number' ? value : '-';
  if (value === '' || value === '-') return value;
  if (/^user-agent$/i.test(name)) return p.text(value);
  if (/^(referer|location|content-location|origin)$/i.test(name)) return urlOf(value, p);
  if (SECRET_HEADER.test(name) || SECRET_NAME.test(name)) return '-';
  return PLAIN_HEADER.test(name) || MEASURE.test(value) ? p.text(value) : '-';
}

function headers(value: unknown, p: Pseudonymiser): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return other('headers', value, p);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [p.text(k), headerValue(k, v, p)]));
}

/** A value under a key neither layout names: numbers as anonymiseNumber, booleans kept, text as an unknown key's, objects walked. */
function other(key: string, value: unknown, p: Pseudonymiser): unknown {
  if (typeof value === 'string') return anonymiseValue(key, value, p);
  if (typeof value === 'number') return anonymiseNumber(key, value, p);
  if (Array.isArray(value)) return value.map((v) => other(key, v, p));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [p.text(k), other(k, v, p)]));
  return value;
}

/** Caddy's words for how the request went, not who made it: kept (any address in them pseudonymised). */
const CADDY_PLAIN = new Set([
  'level',
  'ts',
  'logger',
  'msg',
  'proto',
  'method',
  'host',
  'server_name',
  'duration',
]);

/**
 * A Caddy entry, nested as it was: the client's and the peer's addresses (`client_ip`, `remote_ip`) and any
 * address elsewhere pseudonymised, the URI's query tokens and the referer as in an access line, `user_id` a
 * pseudonym, the user agent kept (classification reads it), credentials in headers (`Cookie`, `Authorization`,
 * `Set-Cookie`) and unknown non-numeric values `-`. Times, sizes, statuses and durations are kept, so the copy
 * reports what the original does.
 */
export function anonymiseCaddy(entry: Entry, p: Pseudonymiser): Entry {
  const walk = (obj: Entry): Entry => {
    const out: Entry = {};
    for (const [key, value] of Object.entries(obj)) {
      if (key === 'headers' || key === 'resp_headers') out[p.text(key)] = headers(value, p);
      else if (typeof value === 'string' && value !== '' && (key === 'uri' || key === 'referer'))
        out[p.text(key)] = p.url(value);
      else if (
        key === 'user_id' &&
        ((typeof value === 'string' && value !== '') || typeof value === 'number')
      )
        out[p.text(key)] = p.token('u', String(value));
      else if (typeof value === 'string' && (CADDY_PLAIN.has(key) || /(^|_)ip$/.test(key)))
        out[p.text(key)] = p.text(value);
      else if ((key === 'request' || key === 'tls') && typeof value === 'object' && value !== null)
        out[p.text(key)] = Array.isArray(value) ? other(key, value, p) : walk(value as Entry);
      else out[p.text(key)] = other(key, value, p);
    }
    return out;
  };
  return walk(entry);
}

/** Traefik's own keys that say how the request went or was routed: kept (any address in them pseudonymised). */
const TRAEFIK_PLAIN = new Set([
  'ClientAddr',
  'ClientHost',
  'ClientPort',
  'RequestAddr',
  'RequestHost',
  'RequestPort',
  'RequestMethod',
  'RequestProtocol',
  'RequestScheme',
  'RouterName',
  'ServiceName',
  'ServiceAddr',
  'StartUTC',
  'StartLocal',
  'time',
  'level',
  'msg',
  'entryPointName',
  'TLSVersion',
  'TLSCipher',
  'TLSClientSubject',
]);

/**
 * A Traefik entry with the same keys: `ClientAddr` (with its port), `ClientHost` and every address pseudonymised,
 * `RequestPath`'s query tokens and the referer as in an access line, `ClientUsername` a pseudonym, header fields
 * (`request_…`, `origin_…`, `downstream_…`) by their header (credentials `-`, the user agent kept), unknown
 * non-numeric values `-`.
 */
export function anonymiseTraefik(entry: Entry, p: Pseudonymiser): Entry {
  const out: Entry = {};
  for (const [key, value] of Object.entries(entry)) {
    const header = /^(request|origin|downstream)_(.+)$/.exec(key);
    if (header) out[p.text(key)] = headerValue(header[2]!, value, p);
    else if (key === 'ClientUsername' && typeof value === 'number')
      out[p.text(key)] = p.token('u', String(value));
    else if (typeof value !== 'string' || value === '' || value === '-')
      out[p.text(key)] = other(key, value, p);
    else if (key === 'RequestPath') out[p.text(key)] = p.url(value);
    else if (key === 'ServiceURL') out[p.text(key)] = urlOf(value, p);
    else if (key === 'ClientUsername') out[p.text(key)] = p.token('u', value);
    else if (TRAEFIK_PLAIN.has(key)) out[p.text(key)] = p.text(value);
    else out[p.text(key)] = other(key, value, p);
  }
  return out;
}
