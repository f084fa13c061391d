// Generators for the JSON access-log properties: lines as Nginx/Apache JSON formats (keys in any documented
// spelling), Caddy and Traefik write them, each with the fields a site owner expects to read back (the model),
// built from docs/insight.md rather than from the readers.

import fc from 'fast-check';
import { clfTime, clientIp, type Expected } from './sources-access-model.js';

/** One generated line: its JSON text and the request it stands for (undefined: no request, neither read nor skipped). */
export interface JsonModelLine {
  text: string;
  expected: Expected | undefined;
}

export type JsonServer = 'plain' | 'caddy' | 'traefik';

/** Lone surrogates as U+FFFD, as the report stores text (UTF-8) and as both readers give it (documented). */
export const wellFormed = (s: string): string =>
  s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

/** Pieces real logs and attackers put in values; JSON escapes what it must, so line breaks and NUL are fair too. */
const NASTY = [
  '"',
  '\\',
  "'",
  '<script>',
  '%22',
  '%00',
  '\\x22',
  '\t',
  '\n',
  '\r\n',
  '\u0000',
  '\u0001',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\ufeff',
  '\ufffd',
  '\ud800',
  '\udfff',
  '😀',
  '\ud83d',
  'é',
  '日本',
  '{}',
  '[]',
  'true',
  '-',
  '?',
  ' ',
  '..',
  '/',
];

/**
 * Any text: graphemes, any code points, nasty pieces. A leading U+FEFF is left out: DuckDB's Node client drops it
 * from every text it returns (its TextDecoder takes it for a byte-order mark), which no reader can help.
 */
export const jsonText = (maxLength: number): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 5 }) },
        { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
        { weight: 2, arbitrary: fc.constantFrom(...NASTY) },
      ),
      { maxLength },
    )
    .map((p) => p.join(''))
    .filter((s) => !wellFormed(s).startsWith('\ufeff'));

/** What a value reads as: well-formed, `-` and `""` as none (documented). */
const shown = (v: string | undefined): string | null => {
  if (v === undefined) return null;
  const w = wellFormed(v);
  return w === '' || w === '-' ? null : w;
};

/** A value that is no string or number: absent for both readers. */
const noText = fc.constantFrom<unknown>({ original: 'x' }, { a: 1 }, [], ['x'], [1, 2], true, false, {});

/** A key in one of the spellings the docs promise to match: any case, `_`, `-`, `.` or none between words. */
export type Spelling = 'as-is' | 'upper' | 'camel' | 'kebab' | 'dotted' | 'pascal-snake';
const spell = (key: string, s: Spelling): string => {
  const words = key
    .replace(/^@/, '')
    .split(/_|(?=[A-Z])/)
    .filter(Boolean);
  switch (s) {
    case 'as-is':
      return key;
    case 'upper':
      return key.toUpperCase();
    case 'camel':
      return words
        .map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase()))
        .join('');
    case 'kebab':
      return words.map((w) => w.toLowerCase()).join('-');
    case 'dotted':
      return words.map((w) => w.toLowerCase()).join('.');
    case 'pascal-snake':
      return words.map((w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase()).join('_');
  }
};
const spelling = fc.constantFrom<Spelling>('as-is', 'upper', 'camel', 'kebab', 'dotted', 'pascal-snake');

const METHODS = ['GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'PROPFIND', 'M-SEARCH', 'get', 'ГЕТ'];
const method = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...METHODS) },
  // any word: no space (a space ends the method), not empty, `-` or only blanks
  {
    weight: 1,
    arbitrary: jsonText(3)
      .map((s) => s.replace(/[ ?]/g, ''))
      .filter((s) => shown(s) !== null),
  },
);
const protocol = fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/3');
/** A path: no `?` (that starts the query); spaces allowed only where a protocol follows (see request). */
const path = jsonText(6).map((s) => `/${s.replace(/\?/g, '')}`);
const query = jsonText(5);

/** The request's time as written, and the instant it stands for. */
const timeValue = fc.oneof(
  clfTime.chain((t) => fc.constantFrom({ value: t.text, ms: t.ms }, { value: `[${t.text}]`, ms: t.ms })),
  // ISO 8601 with a zone, milliseconds optional
  fc
    .tuple(
      fc.integer({ min: Date.UTC(2001, 9, 1), max: Date.UTC(2099, 0, 1) }),
      fc.constantFrom('Z', '+01:00', '-05:30', '+00:00'),
      fc.boolean(),
    )
    .map(([ms, zone, frac]) => {
      const whole = frac ? ms : ms - (ms % 1000);
      const offset =
        zone === 'Z'
          ? 0
          : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4)));
      const local = new Date(whole + offset * 60_000).toISOString().slice(0, frac ? 23 : 19);
      return { value: `${local}${zone}` as unknown, ms: whole };
    }),
  // epoch seconds with milliseconds (Nginx's $msec), as a number or a string; epoch milliseconds
  fc
    .integer({ min: 1_000_000_000_000, max: 9_999_999_999_000 })
    .chain((ms) =>
      fc.constantFrom(
        { value: Number((ms / 1000).toFixed(3)), ms },
        { value: (ms / 1000).toFixed(3), ms },
        { value: ms, ms },
      ),
    ),
);

/** A duration and what it is in milliseconds, for a plain log: the key states the unit, else seconds. */
const plainDuration = fc.oneof(
  fc.nat(99_999).map((ms) => ({ key: 'request_time', value: ms / 1000, ms: (ms / 1000) * 1000 })),
  fc.nat(99_999).map((ms) => ({
    key: 'request_time',
    value: (ms / 1000).toFixed(3),
    ms: Number((ms / 1000).toFixed(3)) * 1000,
  })),
  fc.nat(99_999).map((ms) => ({ key: 'duration_ms', value: ms, ms })),
  fc.nat(9_999_999).map((us) => ({ key: 'request_duration_us', value: us, ms: us * 0.001 })),
  fc.nat(99_999).map((ms) => ({
    key: 'upstream_response_time',
    value: `${ms / 1000}, 0.003` as unknown,
    ms: (ms / 1000) * 1000,
  })),
);

/**
 * How a server may write a status that is a whole number (documented: 200, `"200"`, `200.0`, `"200.00"` and
 * `2.0e2` are all 200). JSON.stringify writes every number as digits, so the other forms are put into the text
 * as written (see raw and withRaw).
 */
export type StatusForm = 'number' | 'text' | 'number-point-zero' | 'text-point-zero' | 'exponent';

/** Stands in a value for a number's JSON text as written (JSON.stringify cannot write `200.0`); see withRaw. */
class Raw {
  constructor(readonly text: string) {}
}
const RAW_MARK = '\u0000\u0001raw-number-';
/** JSON.stringify with each Raw value written as its text. */
function withRaw(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_k, v: unknown) => {
    if (!(v instanceof Raw)) return v;
    raws.push(v.text);
    return `${RAW_MARK}${raws.length - 1}`;
  });
  return text.replace(/"\\u0000\\u0001raw-number-(\d+)"/g, (_m, i: string) => raws[Number(i)]!);
}

/** A status in one of its documented forms. */
export function statusValue(status: number, form: StatusForm): unknown {
  switch (form) {
    case 'number':
      return status;
    case 'text':
      return String(status);
    case 'number-point-zero':
      return new Raw(`${status}.0`);
    case 'text-point-zero':
      return `${status}.00`;
    case 'exponent':
      return new Raw(`${status / 100}e2`);
  }
}

/** The fields every server's line is made from. */
const request = fc.record({
  time: timeValue,
  ip: clientIp.map((c) => c.ip),
  method,
  path,
  query: fc.option(query, { nil: undefined }),
  protocol: fc.option(protocol, { nil: undefined }),
  status: fc.integer({ min: 100, max: 599 }),
  statusForm: fc.constantFrom<StatusForm>(
    'number',
    'text',
    'number-point-zero',
    'text-point-zero',
    'exponent',
  ),
  bytes: fc.option(fc.nat(2 ** 40), { nil: undefined }),
  referer: fc.option(jsonText(6), { nil: undefined }),
  ua: fc.option(jsonText(8), { nil: undefined }),
  user: fc.option(jsonText(3), { nil: undefined }),
  vhost: fc.option(fc.constantFrom('shop.example', 'www.example.com:443', 'xn--bcher-kva.example'), {
    nil: undefined,
  }),
});
type Request = typeof request extends fc.Arbitrary<infer R> ? R : never;

/** The target as written and what it reads as: path, and query after its first `?`. */
function target(r: Request): { text: string; path: string; query: string | null } {
  return r.query === undefined
    ? { text: r.path, path: wellFormed(r.path), query: null }
    : { text: `${r.path}?${r.query}`, path: wellFormed(r.path), query: wellFormed(r.query) };
}

function expectedOf(r: Request, fields: Partial<Expected>): Expected {
  const t = target(r);
  return {
    time: r.time.ms,
    method: wellFormed(r.method),
    path: t.path,
    query: t.query,
    status: r.status,
    bytes: r.bytes === undefined ? null : String(r.bytes),
    duration_ms: null,
    ip: r.ip,
    ua: shown(r.ua),
    referer: shown(r.referer),
    user_id: shown(r.user),
    vhost: r.vhost ?? null,
    ...fields,
  };
}

/**
 * Of one key written in two spellings, the one read and the other (docs): the spelling the docs list, else the
 * first in code-point order (upper case before lower case).
 */
function spellingRead(listed: readonly string[], a: string, b: string): [string, string] {
  const at = (k: string): number => (listed.includes(k) ? listed.indexOf(k) : Infinity);
  const first = at(a) !== at(b) ? (at(a) < at(b) ? a : b) : a < b ? a : b;
  return first === a ? [a, b] : [b, a];
}

/** The keys the docs list for the fields written twice, in the docs' order. */
const LISTED = {
  status: ['status'],
  ip: ['remote_addr', 'client_ip', 'ip', 'remote_ip', 'remoteIP'],
  ua: ['http_user_agent', 'user_agent', 'userAgent'],
};

/** The client's keys in the docs' order (`remoteIP` is `remote_ip` in another spelling: one key). */
const IP_KEYS = ['remote_addr', 'client_ip', 'ip', 'remote_ip'];

/**
 * A plain JSON access line (Nginx `escape=json`, Apache JSON LogFormat): each field under one of its documented
 * keys in the file's spelling, the request as one line or as method and target, sometimes a value that is no
 * text under a field's first key with the value under a later one.
 */
export function plainLine(spelled: Spelling): fc.Arbitrary<JsonModelLine> {
  return fc
    .record({
      r: request,
      timeKey: fc.constantFrom('time_local', 'time_iso8601', 'time', '@timestamp', 'timestamp', 'msec'),
      ipKeys: fc.shuffledSubarray(IP_KEYS, { minLength: 2, maxLength: 2 }),
      asLine: fc.boolean(),
      methodKey: fc.constantFrom('request_method', 'method'),
      targetKey: fc.constantFrom('request_uri', 'uri', 'url', 'path'),
      queryKey: fc.constantFrom('args', 'query_string', 'query'),
      queryMark: fc.boolean(),
      uaKey: fc.constantFrom('http_user_agent', 'user_agent', 'userAgent'),
      refererKey: fc.constantFrom('http_referer', 'referer', 'referrer'),
      bytesKey: fc.constantFrom('body_bytes_sent', 'bytes_sent', 'bytes'),
      vhostKey: fc.constantFrom('host', 'server_name', 'vhost'),
      duration: fc.option(plainDuration, { nil: undefined }),
      noTextIp: fc.option(noText, { nil: undefined, freq: 3 }),
      noTextUa: fc.option(noText, { nil: undefined, freq: 3 }),
      noTextUser: fc.option(noText, { nil: undefined, freq: 3 }),
      noTextRequest: fc.option(noText, { nil: undefined, freq: 4 }),
      twice: fc.option(
        fc.record({
          field: fc.constantFrom('status', 'ip', 'ua'),
          spelled: spelling,
          status: fc.integer({ min: 100, max: 599 }),
          ip: clientIp.map((c) => c.ip),
          ua: jsonText(4),
          readFirst: fc.boolean(),
        }),
        { nil: undefined, freq: 3 },
      ),
    })
    .map((m) => {
      const { r } = m;
      const o: Record<string, unknown> = {};
      // One key in a second spelling with another value (`status` and `Status`): the docs say which is read.
      const twin = m.twice;
      let uaRead = m.noTextUa !== undefined ? null : shown(r.ua);
      const put = (key: string, value: unknown): void => {
        const here = spell(key, spelled);
        const other = twin && spell(key, twin.spelled);
        // the ip's twin beside the key that holds the client, not beside a value that is no text
        const field =
          key === 'status'
            ? 'status'
            : key === m.uaKey
              ? 'ua'
              : IP_KEYS.includes(key) && value === r.ip
                ? 'ip'
                : '';
        if (twin === undefined || other === undefined || other === here || field !== twin.field) {
          o[here] = value;
          return;
        }
        const [read, unread] = spellingRead(LISTED[twin.field], here, other);
        const second = twin[twin.field];
        if (field === 'ua') {
          // the first present value counts: a `-` or `""` under the spelling read leaves the other's
          if (typeof value !== 'string') return void (o[here] = value);
          uaRead = shown(value) ?? shown(twin.ua);
        }
        // in either order in the line: the line's order decides nothing
        if (twin.readFirst) Object.assign(o, { [read]: value, [unread]: second });
        else Object.assign(o, { [unread]: second, [read]: value });
      };
      // with a value that is no text first, the field's value under a later key: ranks follow the docs' order
      const [first, second] = IP_KEYS.filter((k) => m.ipKeys.includes(k));
      if (m.noTextIp !== undefined) {
        put(first!, m.noTextIp);
        put(second!, r.ip);
      } else put(first!, r.ip);
      put(m.timeKey, r.time.value);
      const t = target(r);
      let methodRead = wellFormed(r.method);
      let tgt = t;
      if (m.asLine && !(r.protocol === undefined && /\s/.test(t.text))) {
        put('request', `${r.method} ${t.text}${r.protocol === undefined ? '' : ` ${r.protocol}`}`);
      } else {
        if (m.noTextRequest !== undefined) put('request', m.noTextRequest);
        put(m.methodKey, r.method);
        if (r.query === undefined) put(m.targetKey, r.path);
        else if (m.queryMark) put(m.targetKey, t.text);
        else {
          put(m.targetKey, r.path);
          put(m.queryKey, r.query);
          // a query key's value may start with the `?` (Apache's %q): that one is left out
          const q = shown(r.query);
          tgt = { ...t, query: q === null ? null : q.replace(/^\?/, '') || null };
        }
      }
      if (!m.asLine && shown(r.method) === null) methodRead = '-';
      put('status', statusValue(r.status, r.statusForm));
      if (r.bytes !== undefined) put(m.bytesKey, r.bytes);
      if (m.noTextUa !== undefined) put(m.uaKey, m.noTextUa);
      else if (r.ua !== undefined) put(m.uaKey, r.ua);
      if (r.referer !== undefined) put(m.refererKey, r.referer);
      if (m.noTextUser !== undefined) put('remote_user', m.noTextUser);
      else if (r.user !== undefined) put('remote_user', r.user);
      if (r.vhost !== undefined) put(m.vhostKey, r.vhost);
      if (m.duration) put(m.duration.key, m.duration.value);
      return {
        text: withRaw(o),
        expected: expectedOf(r, {
          method: methodRead,
          path: tgt.path,
          query: tgt.query,
          ua: uaRead,
          user_id: m.noTextUser !== undefined ? null : shown(r.user),
          duration_ms: m.duration?.ms ?? null,
        }),
      };
    });
}

/** Caddy's `log { format json }` entry, or a line of one of its other loggers (no request). */
export const caddyLine: fc.Arbitrary<JsonModelLine> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({
        r: request,
        epoch: fc.integer({ min: 1_000_000_000_000_000, max: Number.MAX_SAFE_INTEGER }),
        timeFormat: fc.constantFrom('seconds', 'nano'),
        // whole seconds are left out: Caddy writes 1.0 s as 1, which the docs read as nanoseconds (a whole
        // number is duration_format nano; real durations in seconds are never whole but for 0)
        us: fc.option(
          fc.nat(99_999_999).filter((us) => us % 1_000_000 !== 0 || us === 0),
          { nil: undefined },
        ),
        durationFormat: fc.constantFrom('seconds', 'nano'),
        peer: fc.option(
          clientIp.map((c) => c.ip),
          { nil: undefined },
        ),
        noTextClient: fc.option(noText, { nil: undefined, freq: 3 }),
        noTextUa: fc.option(noText, { nil: undefined, freq: 3 }),
      })
      .map((m) => {
        const { r } = m;
        // ts: epoch seconds to the microsecond (the default), or nanoseconds as text (time_format unix_nano; a
        // JSON number would lose digits); read exactly as written, to the microsecond
        const ts =
          m.timeFormat === 'seconds' ? (Number((m.epoch / 1e6).toFixed(6)) as unknown) : `${m.epoch}123`;
        const written = String(ts).split('.');
        // (in BigInt: microseconds from 2255 on pass 2^53)
        const micros =
          m.timeFormat === 'seconds'
            ? BigInt(written[0]!) * 1_000_000n + BigInt((written[1] ?? '').padEnd(6, '0'))
            : BigInt(m.epoch);
        const ms = Number(micros / 1000n);
        const headers: Record<string, unknown> = {};
        if (m.noTextUa !== undefined) headers['User-Agent'] = [m.noTextUa];
        else if (r.ua !== undefined) headers['User-Agent'] = [r.ua];
        if (r.referer !== undefined) headers.Referer = [r.referer, 'second'];
        // client_ip is the client after trusted proxies; when it is no text, remote_ip (the peer) is read
        const client = m.noTextClient ?? r.ip;
        const remote = m.noTextClient === undefined ? (m.peer ?? r.ip) : r.ip;
        const entry: Record<string, unknown> = {
          level: 'info',
          ts,
          logger: 'http.log.access.log0',
          msg: 'handled request',
          request: {
            remote_ip: remote,
            remote_port: '41342',
            client_ip: client,
            proto: r.protocol ?? 'HTTP/1.1',
            method: r.method,
            host: r.vhost ?? '',
            uri: target(r).text,
            headers,
          },
          bytes_read: 0,
          user_id: r.user ?? '',
          duration:
            m.us === undefined ? undefined : m.durationFormat === 'seconds' ? m.us / 1e6 : m.us * 1000,
          size: r.bytes ?? 0,
          status: statusValue(r.status, r.statusForm),
        };
        return {
          text: withRaw(entry),
          expected: expectedOf(r, {
            time: ms,
            bytes: String(r.bytes ?? 0),
            ua: m.noTextUa !== undefined ? null : shown(r.ua),
            duration_ms: m.us === undefined ? null : m.us / 1000,
          }),
        };
      }),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('http.handlers.reverse_proxy', 'tls.obtain', 'http.log.error'), jsonText(5))
      .map(([logger, msg]) => ({
        text: JSON.stringify({
          level: 'error',
          ts: 1732269600.5,
          logger,
          msg,
          request: { uri: '/x' },
          status: 502,
        }),
        expected: undefined,
      })),
  },
);

/** Traefik's `accessLog: { format: json }` entry. */
export const traefikLine: fc.Arbitrary<JsonModelLine> = fc
  .record({
    r: request,
    us: fc.option(fc.nat(99_999_999), { nil: undefined }),
    port: fc.integer({ min: 1, max: 65535 }),
    hostOrAddr: fc.constantFrom('host', 'addr', 'no-text-host'),
    origin: fc.option(fc.integer({ min: 100, max: 599 }), { nil: undefined }),
  })
  .map((m) => {
    const { r } = m;
    const entry: Record<string, unknown> = {
      StartUTC: new Date(r.time.ms).toISOString().replace('Z', '123Z'),
      StartLocal: '2001-01-01T00:00:00Z',
      RequestMethod: r.method,
      RequestPath: target(r).text,
      RequestProtocol: r.protocol ?? 'HTTP/1.1',
      DownstreamStatus: statusValue(r.status, r.statusForm),
      OriginStatus: m.origin ?? 0,
      DownstreamContentSize: r.bytes,
      RequestHost: r.vhost,
      ClientUsername: r.user ?? '-',
      'request_User-Agent': r.ua,
      request_Referer: r.referer,
      Duration: m.us === undefined ? undefined : m.us * 1000,
      level: 'info',
      msg: '',
      time: '2001-01-01T00:00:00Z',
    };
    const addr = r.ip.includes(':') ? `[${r.ip}]:${m.port}` : `${r.ip}:${m.port}`;
    if (m.hostOrAddr === 'host') entry.ClientHost = r.ip;
    else if (m.hostOrAddr === 'addr') entry.ClientAddr = addr;
    else Object.assign(entry, { ClientHost: [r.ip], ClientAddr: addr });
    return {
      text: withRaw(entry),
      expected: expectedOf(r, { duration_ms: m.us === undefined ? null : m.us / 1000 }),
    };
  });

/** A file's lines for one server, plain ones in one spelling. */
export function jsonLines(server: JsonServer, maxLength = 10): fc.Arbitrary<JsonModelLine[]> {
  const line =
    server === 'caddy' ? caddyLine : server === 'traefik' ? traefikLine : spelling.chain((s) => plainLine(s));
  // at least one request: a file of only other loggers' lines is no test of reading
  return fc.array(line, { minLength: 1, maxLength }).filter((ls) => ls.some((l) => l.expected !== undefined));
}
