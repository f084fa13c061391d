// Generators for the source-reader properties: access-log lines in the shapes servers write, each with the fields a
// site owner expects to read back from it (the model), built from the documented format rather than from the parser.

import fc from 'fast-check';
import type { AccessRow } from '../helpers/records.js';
import { isPrivateIp, parseIp } from '../../../traffic/src/ip.js';

/** What a reader must give for one request: the `requests` columns an access line fills. */
export type Expected = AccessRow;

/** One generated line: its text and what it stands for. */
export interface ModelLine {
  text: string;
  expected: Expected;
}

/** How the server escapes a quoted field: Apache writes `\"` and `\\`, Nginx `\x22` and `\x5C`. */
export type Escaping = 'apache' | 'nginx';

const hex = (c: string): string => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`;

/** A value as a server writes it inside quotes. Control characters are always escaped: a raw one breaks a line. */
export function escapeQuoted(value: string, escaping: Escaping): string {
  let out = '';
  for (const c of value) {
    const code = c.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) out += hex(c);
    else if (c === '"') out += escaping === 'nginx' ? '\\x22' : '\\"';
    else if (c === '\\') out += escaping === 'nginx' ? '\\x5C' : '\\\\';
    else out += c;
  }
  return out;
}

/** A quoted field's text as the reader gives it back (documented: `\"` is a quote, other escapes stay as written). */
export function readBack(logged: string): string {
  let out = '';
  for (let i = 0; i < logged.length; i++) {
    if (logged[i] === '\\' && (logged[i + 1] === '"' || logged[i + 1] === '\\')) {
      out += logged[i + 1] === '"' ? '"' : '\\\\';
      i++;
    } else out += logged[i];
  }
  return out;
}

/** Characters real logs and attackers put in paths, user agents and referers. */
const NASTY = [
  '"',
  '\\',
  "'",
  '<',
  '>',
  '%',
  '%22',
  '%00',
  '\\x22',
  '\t',
  '\u0001',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ufffd',
  'é',
  'ß',
  'ſ',
  '日本',
  '😀',
  '[',
  ']',
  '{',
  '}',
  '=',
  ';',
  ',',
  ':',
  '#',
  '$',
  '..',
  '/',
  '&',
  '+',
  'rt=0.5',
];

/** A text of nasty pieces and ordinary graphemes; no line breaks, which no server writes raw. */
const nastyText = (maxLength: number): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
        { weight: 2, arbitrary: fc.constantFrom(...NASTY) },
        { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 8 }) },
      ),
      { maxLength },
    )
    // lone surrogates cannot be written as UTF-8; CR and LF end a line in every reader. A leading U+FEFF is left
    // out: DuckDB's Node client drops it from every text it returns (its TextDecoder takes it for a byte-order mark).
    .map((parts) => noLeadingBom(wellFormed(parts.join('').replace(/[\r\n\u2028\u2029]/g, ''))));

const noLeadingBom = (s: string): string => s.replace(/^\ufeff+/, '');

/** Lone surrogates as U+FFFD, as writing the text as UTF-8 turns them. */
const wellFormed = (s: string): string =>
  s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

const octet = fc.integer({ min: 0, max: 255 });
const ipv4 = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));
const group = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16));

/** IPv6 in the forms servers print: full, compressed at any run, upper case, IPv4-mapped, loopback, with a zone. */
const ipv6 = fc.oneof(
  fc.array(group, { minLength: 8, maxLength: 8 }).map((g) => g.join(':')),
  fc
    .tuple(fc.array(group, { minLength: 8, maxLength: 8 }), fc.nat(7), fc.integer({ min: 1, max: 8 }))
    .map(([g, at, len]) => {
      const end = Math.min(8, at + len);
      const left = g.slice(0, at).join(':');
      const right = g.slice(end).join(':');
      return `${left}::${right}`;
    }),
  fc.array(group, { minLength: 8, maxLength: 8 }).map((g) => g.join(':').toUpperCase()),
  ipv4.map((v4) => `::ffff:${v4}`),
  fc.constantFrom('::1', '::', '2001:db8::4', 'fe80::1%eth0'),
);

export const clientIp = fc.oneof(
  ipv4.map((ip) => ({ ip, written: ip })),
  ipv6.map((ip) => ({ ip, written: ip })),
  ipv6.map((ip) => ({ ip, written: `[${ip}]` })),
);

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
const hostname = fc.array(label, { minLength: 1, maxLength: 3 }).map((l) => l.join('.'));
const vhost = fc.oneof(
  hostname,
  fc.tuple(hostname, fc.integer({ min: 1, max: 65535 })).map(([h, p]) => `${h}:${p}`),
);

/** A user as servers write `%u`: any word, spaces included, never starting with `[` nor being `-`. */
const user = fc
  .array(fc.stringMatching(/^[A-Za-z0-9._@+éßü-]{1,10}$/), { minLength: 1, maxLength: 3 })
  .map((w) => w.join(' '))
  .filter((u) => u !== '-' && !u.split(' ').includes('-'));

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number): string => String(n).padStart(2, '0');

/** A time with its own offset, as `[%t]` writes it. */
export const clfTime = fc
  .tuple(
    fc.integer({ min: Date.UTC(1990, 0, 2) / 1000, max: Date.UTC(2090, 0, 1) / 1000 }),
    fc.integer({ min: -14 * 60, max: 14 * 60 }),
  )
  .map(([seconds, offset]) => {
    const local = new Date(seconds * 1000 + offset * 60_000);
    const o = Math.abs(offset);
    const text =
      `${p2(local.getUTCDate())}/${MONTHS[local.getUTCMonth()]}/${local.getUTCFullYear()}:` +
      `${p2(local.getUTCHours())}:${p2(local.getUTCMinutes())}:${p2(local.getUTCSeconds())} ` +
      `${offset < 0 ? '-' : '+'}${p2(Math.floor(o / 60))}${p2(o % 60)}`;
    return { ms: seconds * 1000, text };
  });

const method = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH') },
  {
    weight: 1,
    arbitrary: fc.constantFrom('PROPFIND', 'M-SEARCH', 'get', 'CONNECT', 'ГЕТ', 'X_Y', 'BREW', '\\x16\\x03'),
  },
);
const protocol = fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/2', 'HTTP/3', 'RTSP/1.0');
/** A path without spaces or `?` (those split a target), starting with `/` mostly. */
const pathText = fc
  .tuple(fc.boolean(), nastyText(6))
  .map(([slash, rest]) => noLeadingBom(`${slash ? '/' : ''}${rest.replace(/[ ?]/g, '')}`))
  .filter((p) => p !== '');
const queryText = nastyText(5).map((q) => q.replace(/ /g, '+'));

/** The request line: method, target and protocol, a target alone, or one logged word (`-`, a TLS handshake). */
const request = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      method,
      path: pathText,
      query: fc.option(queryText, { nil: undefined }),
      protocol: fc.option(protocol, { nil: undefined }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('-', '\\x16\\x03\\x01\\x02\\x00\\x01', '').map((raw) => ({ raw })),
  },
);

/** A request time after the last field, and the milliseconds it stands for (null: none), per the docs. */
export const trailingTime = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ text: '', ms: null as number | null }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.nat(99),
        fc.nat(999),
        fc.constantFrom(
          ' %s',
          ' %s 0.001',
          ' rt=%s uct="0.000" uht="0.001" urt="0.001"',
          ' RT=%s',
          ' request_time=%s',
          ' reqtime:%s\tapptime:0.001',
          ' urt="%s, 0.003"',
          ' note="a \\"b\\"" rt=%s',
        ),
      )
      .map(([s, frac, shape]) => {
        const number = `${s}.${String(frac).padStart(3, '0')}`;
        return { text: shape.replace('%s', number), ms: Number(number) * 1000 };
      }),
  },
  {
    weight: 1,
    arbitrary: fc.nat(999_999).map((us) => ({ text: ` D=${us}`, ms: us * 0.001 })),
  },
  {
    weight: 1,
    arbitrary: fc.nat(9999).map((ms) => ({ text: ` duration_ms=${ms}`, ms: ms })),
  },
  { weight: 1, arbitrary: fc.constantFrom(' 1500', ' rt=-', ' -').map((text) => ({ text, ms: null })) },
);

const optionalText = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom('-', '') },
  { weight: 4, arbitrary: nastyText(8) },
);

/**
 * The client a line names: the peer, unless the peer is in a private network (a proxy of the site's own, by
 * @logbook/traffic's list) and the line carries an X-Forwarded-For, whose last address outside those networks is the
 * client (the first when all are inside). The X-Forwarded-For values generated below are one address or a public
 * one before a private one.
 */
function clientBehind(peer: string, xff: string | undefined): string {
  const parsed = parseIp(peer);
  if (xff === undefined || xff === '-' || parsed === undefined || !isPrivateIp(parsed)) return peer;
  const hops = xff.split(', ');
  return [...hops].reverse().find((hop) => !isPrivateIp(parseIp(hop)!)) ?? hops[0]!;
}

/** One access line in any supported shape, written with the server's `escaping`. */
export function accessLine(escaping: Escaping): fc.Arbitrary<ModelLine> {
  return fc
    .record({
      vhost: fc.option(vhost, { nil: undefined }),
      client: clientIp,
      user: fc.option(user, { nil: undefined }),
      time: clfTime,
      request,
      status: fc.integer({ min: 100, max: 599 }),
      bytes: fc.option(fc.nat(2 ** 40), { nil: undefined }),
      combined: fc.boolean(),
      referer: optionalText,
      ua: optionalText,
      xff: fc.option(fc.oneof(ipv4, fc.constant('198.51.100.7, 10.0.0.1'), fc.constant('-')), {
        nil: undefined,
      }),
      after: trailingTime,
    })
    .map((m) => {
      // after a common line's size, quoted values would read as a referer and user agent: only unquoted times
      if (!m.combined && m.after.text.includes('"')) m = { ...m, after: { text: '', ms: null } };
      const q = (v: string): string => escapeQuoted(v, escaping);
      const req =
        'raw' in m.request
          ? m.request.raw
          : `${m.request.method} ${q(m.request.path)}${m.request.query === undefined ? '' : `?${q(m.request.query)}`}` +
            (m.request.protocol === undefined ? '' : ` ${m.request.protocol}`);
      const head = `${m.vhost === undefined ? '' : `${m.vhost} `}${m.client.written} - ${m.user ?? '-'}`;
      let text = `${head} [${m.time.text}] "${req}" ${m.status} ${m.bytes ?? '-'}`;
      if (m.combined) {
        text += ` "${q(m.referer)}" "${q(m.ua)}"`;
        if (m.xff !== undefined) text += ` "${m.xff}"`;
      }
      text += m.after.text;
      const shown = (v: string): string | null => {
        const read = readBack(q(v));
        return read === '-' || read === '' ? null : read;
      };
      let methodRead: string;
      let target: string;
      if ('raw' in m.request) {
        methodRead = '-';
        target = m.request.raw;
      } else {
        methodRead = m.request.method;
        target =
          readBack(q(m.request.path)) +
          (m.request.query === undefined ? '' : `?${readBack(q(m.request.query))}`);
      }
      const qi = target.indexOf('?');
      const expected: Expected = {
        time: m.time.ms,
        method: methodRead,
        // no target (a request logged as "") reads as `-`, as one logged as "-"
        path: qi < 0 ? target || '-' : target.slice(0, qi),
        query: qi < 0 ? null : target.slice(qi + 1),
        status: m.status,
        bytes: m.bytes === undefined ? null : String(m.bytes),
        duration_ms: m.after.ms,
        ip: m.combined ? clientBehind(m.client.ip, m.xff) : m.client.ip,
        ua: m.combined ? shown(m.ua) : null,
        referer: m.combined ? shown(m.referer) : null,
        user_id: m.user ?? null,
        vhost: m.vhost ?? null,
      };
      return { text, expected };
    });
}
