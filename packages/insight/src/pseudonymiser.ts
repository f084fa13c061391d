import { createHmac, randomBytes } from 'node:crypto';
import { domainToASCII } from 'node:url';
import type { RequestLine } from './sources/access-line.js';
import { crawlerNetworkOf, privateNetworkOf } from './traffic.js';

export interface PseudonymOptions {
  /** Secret for the keyed hash; random per run unless given (then the same input maps the same way across runs). */
  key?: string;
  /** Keep this many leading bits of IPv4 addresses (0, 8, 16 or 24). */
  ipv4Prefix?: number;
  /** Keep this many leading bits of IPv6 addresses (0, 16, 32, 48 or 64). */
  ipv6Prefix?: number;
}

/**
 * An email's local part, one character of it (letters of any script: `jörg@`); its domain, anchored where the search
 * for it starts: labels of any script (`müller.de`, `例え.jp`, written with IDNA's other full stops too) ending in a
 * top-level domain of letters or its punycode (`xn--p1ai`). Apache and Nginx write the bytes of a non-ASCII letter
 * as `\xc3\xb6`: such an escape is one letter here.
 */
const EMAIL_LOCAL = /^[\p{L}\p{M}\p{N}._%+-]$/u;
const BYTE_ESCAPE = String.raw`\\x[89A-Fa-f][0-9A-Fa-f]`;
const EMAIL_LOCAL_ESCAPE = new RegExp(`^${BYTE_ESCAPE}$`);
const EMAIL_DOMAIN = new RegExp(
  String.raw`(?:[\p{L}\p{M}\p{N}.\u3002\uff0e\uff61-]|${BYTE_ESCAPE})+[.\u3002\uff0e\uff61]` +
    String.raw`(?:[Xx][Nn]--[A-Za-z0-9-]+|(?:[\p{L}\p{M}]|${BYTE_ESCAPE}){2,})`,
  'uy',
);
/** An octet, also written with leading zeros (`010.000.000.001`, as fixed-width logs pad them): read as decimal. */
const OCTET = String.raw`(?:25[0-5]|2[0-4]\d|[01]?\d?\d)`;
const V4 = String.raw`${OCTET}(?:\.${OCTET}){3}`;
/** The end of an IPv4 address: not more digits or letters, nor a fifth number (a full stop may follow). */
const V4_END = String.raw`(?!\w|\.\d)`;
/** Right after an escape a server or a serialiser wrote (`\n`, `\t`, `\"`, `\x20`, `\u0020`): a word starts there. */
const AFTER_ESCAPE = String.raw`(?<=\\(?:[abfnrtv0"'\\/]|x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}))`;
/**
 * Something written like an IPv6 address, in any spelling (full, compressed, `::` first, upper case, IPv4 at the
 * end as in `::ffff:203.0.113.9`); whether it is one is checked after (parseIpv6), so a time such as 10:05:03 stays.
 */
const V6_LIKE = String.raw`(?:${AFTER_ESCAPE}|(?<![\w:.]))(?:[0-9A-Fa-f]{0,4}:){2,7}(?:${V4}|[0-9A-Fa-f]{1,4})?(?![\w:])`;
/**
 * An IPv4 address not glued to a longer number or a version string: in free text `Chrome/1.2.3.4` (a product token
 * and one slash) is a version and stays, but `/lookup/1.2.3.4` (a path segment before the slash) is an address. In
 * a URL or a path every one is an address.
 */
const V4_TEXT = String.raw`(?:${AFTER_ESCAPE}|(?<![\w.-]))(?<!(?:^|[^/\w.+-])[A-Za-z][\w.+-]*/)${V4}${V4_END}`;
const V4_URL = String.raw`(?:${AFTER_ESCAPE}|(?<![\w.-]))${V4}${V4_END}`;
/** One pass finds both families, IPv6 first, so the IPv4 tail of `::ffff:1.2.3.4` is never pseudonymised twice. */
const ADDRESS_TEXT = new RegExp(`${V6_LIKE}|${V4_TEXT}`, 'g');
const ADDRESS_URL = new RegExp(`${V6_LIKE}|${V4_URL}`, 'g');
const V4_EXACT = new RegExp(`^${V4}$`);
const V4_TAIL = new RegExp(`${V4}$`);
/**
 * A run of URL text with a percent-escape in it, cut at the characters that separate a URL's parts: decoded, it may
 * hold an email (`alice%40example.com`) or a URL with an address (`http%3A%2F%2F203.0.113.9`).
 */
const PERCENT_RUN = /[^\s"'<>/?&=;,]*%[0-9A-Fa-f]{2}[^\s"'<>/?&=;,]*/g;
/** `name=value` in text (a query or a cookie written in a message, a matrix parameter): the name is checked after. */
const NAMED_VALUE = /(?<![\w.-])([\w.-]+)=([^\s&;,"'<>#]+)/g;
/** Query-string and form names whose values are secrets or identify someone. */
export const SECRET_NAME =
  /(token|key|secret|pass|auth|session|sid|code|signature|sig|email|mail|user|login|phone|nonce|otp)/i;

/**
 * The network an address's pseudonym stays in: a crawler operator's published range (a Googlebot from Google's stays
 * genuine in the copy, one from elsewhere stays fake), or a private network (a proxy stays a proxy, so the client
 * its X-Forwarded-For names is still the client).
 */
function networkOf(ip: string): { cidr: string; bits: number } | undefined {
  return crawlerNetworkOf(ip) ?? privateNetworkOf(ip);
}

/**
 * Keyed, consistent pseudonyms: within one run (one key) the same input always gives the same output, so a
 * client's story stays readable in the anonymised copy while nothing original survives.
 */
export class Pseudonymiser {
  private readonly key: Buffer;
  private readonly memo = new Map<string, string>();
  /** Addresses that occur in the input (see reserve()). */
  private readonly originals = new Set<string>();
  /** Pseudonyms already handed out. */
  private readonly given = new Set<string>();
  constructor(private readonly options: PseudonymOptions = {}) {
    this.key = options.key ? Buffer.from(options.key) : randomBytes(32);
  }

  private digest(kind: string, value: string): Buffer {
    return createHmac('sha256', this.key).update(`${kind}\u0000${value}`).digest();
  }

  private cached(kind: string, value: string, make: () => string): string {
    const k = `${kind}\u0000${value}`;
    let out = this.memo.get(k);
    if (out === undefined) {
      out = make();
      this.memo.set(k, out);
    }
    return out;
  }

  token(kind: string, value: string): string {
    return this.cached(kind, value, () => `${kind}-${this.digest(kind, value).toString('hex').slice(0, 10)}`);
  }

  /**
   * One pseudonym per mailbox however it is written: any letter case, a domain in Unicode or in punycode
   * (`müller.de`, `xn--mller-kva.de`), composed or decomposed accents, its letters as a server's `\xhh` escapes.
   */
  email(written: string): string {
    const value = written.replace(/(?:\\x[0-9A-Fa-f]{2})+/g, (run) =>
      Buffer.from(run.replaceAll('\\x', ''), 'hex').toString('utf8'),
    );
    const at = value.lastIndexOf('@');
    const domain = value
      .slice(at + 1)
      .normalize('NFC')
      .replace(/[\u3002\uff0e\uff61]/g, '.');
    const key = `${value.slice(0, at).normalize('NFC').toLowerCase()}@${(domainToASCII(domain) || domain).toLowerCase()}`;
    return this.cached(
      'email',
      key,
      () => `user-${this.digest('email', key).toString('hex').slice(0, 10)}@example.invalid`,
    );
  }

  /**
   * A pseudonym for a client address as a log's client field holds it. An IPv4 address keeps its family and the
   * kept prefix; an IPv6 address is one client in every spelling; an IPv4 address inside IPv6 (`::ffff:1.2.3.4`,
   * NAT64's `64:ff9b::1.2.3.4`) is that IPv4 client's. Anything else (a bracketed address with its port, a zone id,
   * a host name from HostnameLookups, `unknown`) has the addresses in it replaced, or is a pseudonym itself.
   */
  ip(value: string): string {
    if (V4_EXACT.test(value)) return this.ipv4(value);
    const groups = parseIpv6(value);
    if (groups) return this.ipv6(value, groups);
    const replaced = this.text(value, true);
    if (replaced !== value || value === '-' || value === '') return replaced;
    return this.token('h', value);
  }

  /**
   * Records addresses that occur in the input, so no pseudonym ever equals one of them. With a prefix kept
   * (say /24), a drawn host part could otherwise land on another real client of the same network.
   */
  reserve(text: string): void {
    const scan = (t: string): void => {
      for (const [m] of t.matchAll(ADDRESS_URL)) {
        if (V4_EXACT.test(m)) {
          this.originals.add(decimalIpv4(m));
          continue;
        }
        const groups = parseIpv6(m);
        if (groups) {
          this.originals.add(groups.map((g) => g.toString(16)).join(':'));
          const v4 = embeddedIpv4(groups);
          if (v4 !== undefined) this.originals.add(v4);
        } else {
          const tail = V4_TAIL.exec(m);
          if (tail) this.originals.add(decimalIpv4(tail[0]));
        }
      }
    };
    scan(text);
    if (text.includes('%')) scan(percentDecoded(text));
  }

  private ipv4(written: string): string {
    const value = decimalIpv4(written);
    return this.cached('ip4', value, () => {
      const orig = value.split('.').reduce((n, o) => n * 256 + Number(o), 0);
      const network = networkOf(value);
      const keep = Math.max(Math.floor((this.options.ipv4Prefix ?? 0) / 8) * 8, network?.bits ?? 0);
      const mask = keep === 0 ? 0 : (0xffffffff << (32 - keep)) >>> 0;
      return this.draw(
        'ip4',
        value,
        (d) => {
          const n = ((orig & mask) | (d.readUInt32BE(0) & ~mask)) >>> 0;
          return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
        },
        network,
      );
    });
  }

  private ipv6(value: string, groups: number[]): string {
    const v4 = embeddedIpv4(groups);
    if (v4 !== undefined) {
      // The client is the IPv4 one: written as the input wrote it, with the IPv4 part as that client's pseudonym.
      const p4 = this.ipv4(v4);
      if (value.includes('.')) return `${value.slice(0, value.lastIndexOf(':') + 1)}${p4}`;
      const [a, b, c, d] = p4.split('.').map(Number) as [number, number, number, number];
      return [...groups.slice(0, 6), (a << 8) | b, (c << 8) | d].map((g) => g.toString(16)).join(':');
    }
    // One cache entry and one draw per address, however it is spelt (`2001:DB8::1`, `2001:db8:0:0:0:0:0:1`).
    const canonical = groups.map((g) => g.toString(16)).join(':');
    const network = networkOf(canonical);
    // An address that is its network alone (`::1`) names no one: kept as written, so the copy reads it alike.
    if (network?.bits === 128) return value;
    return this.cached('ip6', canonical, () => {
      const keep = Math.max(Math.floor((this.options.ipv6Prefix ?? 0) / 16) * 16, network?.bits ?? 0);
      return this.draw(
        'ip6',
        canonical,
        (d) =>
          groups
            .map((g, i) => {
              const kept = Math.min(16, Math.max(0, keep - i * 16));
              const mask = (0xffff << (16 - kept)) & 0xffff;
              return ((g & mask) | (d.readUInt16BE(i * 2) & ~mask & 0xffff)).toString(16);
            })
            .join(':'),
        network,
      );
    });
  }

  /**
   * A pseudonymous address: keyed draws until one is neither an address seen in the input nor already given
   * to another address (so two clients never merge). Deterministic for a given key and input order. `value` is
   * an IPv4 address or an IPv6 one in canonical form, as the pseudonyms are written.
   *
   * The pseudonym is in the same network as the address (see networkOf; `make` keeps its prefix), or like it in
   * none, so the copy's report reads it alike.
   */
  private draw(
    kind: string,
    value: string,
    make: (digest: Buffer) => string,
    network: { cidr: string; bits: number } | undefined,
  ): string {
    let fallback: string | undefined;
    for (let attempt = 0; attempt < 4096; attempt++) {
      const candidate = make(this.digest(kind, attempt === 0 ? value : `${value}#${attempt}`));
      if (candidate === value || this.originals.has(candidate)) continue;
      if (networkOf(candidate)?.cidr !== network?.cidr) continue;
      fallback ??= candidate;
      if (this.given.has(candidate)) continue;
      this.given.add(candidate);
      return candidate;
    }
    if (fallback !== undefined) return fallback; // the kept network is full: share a pseudonym, never leak one
    throw new Error(
      `Cannot pseudonymise ${value}: every address in its kept network occurs in the input. ` +
        'Keep a shorter prefix (--ipv4-prefix 16 or --ipv6-prefix 32).',
    );
  }

  /**
   * Replaces every email and IP address inside free text, percent-encoded ones too, and the value of a
   * `name=value` whose name says it is a secret or someone's (`token=`, `sid=`, `email=`). `url` says the text is a
   * URL or a path, where an address after a slash is an address, not a version (`/lookup/1.2.3.4`).
   */
  text(value: string, url = false): string {
    if (!value.includes('%')) return this.plain(value, url);
    let out = '';
    let done = 0;
    for (const m of value.matchAll(PERCENT_RUN)) {
      out += this.plain(value.slice(done, m.index), url);
      const run = m[0];
      const decoded = percentDecoded(run);
      const anonymised = this.plain(decoded, true);
      out += anonymised === decoded ? this.plain(run, url) : reencoded(anonymised, run);
      done = m.index + run.length;
    }
    return out + this.plain(value.slice(done), url);
  }

  private plain(value: string, url: boolean): string {
    const named = value.includes('=')
      ? value.replace(NAMED_VALUE, (all, name: string, v: string) =>
          SECRET_NAME.test(name) && !/^\{[\w.]*\}$/.test(v) ? `${name}=${this.token('q', v)}` : all,
        )
      : value;
    return replaceEmails(named, (m) => this.email(m)).replace(url ? ADDRESS_URL : ADDRESS_TEXT, (m) =>
      this.address(m),
    );
  }

  /** An address found in text; an IPv6-like match that is not one (`ab:cd:1.2.3.4`) loses only its IPv4 tail. */
  private address(m: string): string {
    if (V4_EXACT.test(m)) return this.ipv4(m);
    const groups = parseIpv6(m);
    if (groups) return this.ipv6(m, groups);
    return m.replace(V4_TAIL, (v4) => this.ipv4(v4));
  }

  /** Pseudonymises the values of identifying or secret query parameters, then any email or IP left. */
  query(query: string): string {
    return query
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        if (eq < 0) return this.text(pair, true);
        const name = pair.slice(0, eq);
        const val = pair.slice(eq + 1);
        return SECRET_NAME.test(percentDecoded(name))
          ? `${this.text(name, true)}=${this.token('q', val)}`
          : `${this.text(name, true)}=${this.text(val, true)}`;
      })
      .join('&');
  }

  /**
   * A request line (split by splitRequestLine) with its target's query pseudonymised, in the same layout. The
   * method and protocol are what the client sent, so any email or address in them goes too.
   */
  request(r: RequestLine): string {
    return r.method === '-'
      ? this.url(r.target)
      : `${this.text(r.method)} ${this.url(r.target)}${r.protocol !== undefined ? ` ${this.text(r.protocol)}` : ''}`;
  }

  /** A URL or path with its query string pseudonymised. */
  url(value: string): string {
    const q = value.indexOf('?');
    return q < 0
      ? this.text(value, true)
      : `${this.text(value.slice(0, q), true)}?${this.query(value.slice(q + 1))}`;
  }
}

/**
 * `text` with each email (`local@domain.tld`) replaced by `replace(email)`, the matches a global
 * /[\p{L}\p{M}\p{N}._%+-]+@<EMAIL_DOMAIN>/u finds, found from each `@` instead: such a pattern tried every start
 * in a run of letters and scanned to the run's end from each, so a 1 MB line of letters took minutes. From the `@`,
 * each character is looked at a bounded number of times.
 */
function replaceEmails(text: string, replace: (email: string) => string): string {
  let out = '';
  let done = 0; // text before this is in `out`; no match may start before it
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', Math.max(at + 1, done))) {
    let start = at;
    while (start > done) {
      // one letter: a `\xhh` escape, a letter outside the BMP (`𠀋`, two UTF-16 units) or one unit
      if (start - 4 >= done && EMAIL_LOCAL_ESCAPE.test(text.slice(start - 4, start))) {
        start -= 4;
        continue;
      }
      const pair = start - 2 >= done && /[\ud800-\udbff][\udc00-\udfff]/.test(text.slice(start - 2, start));
      if (!EMAIL_LOCAL.test(text.slice(pair ? start - 2 : start - 1, start))) break;
      start -= pair ? 2 : 1;
    }
    if (start === at) continue;
    EMAIL_DOMAIN.lastIndex = at + 1;
    const domain = EMAIL_DOMAIN.exec(text);
    if (!domain) continue;
    const end = at + 1 + domain[0].length;
    out += text.slice(done, start) + replace(text.slice(start, end));
    done = end;
  }
  return done === 0 ? text : out + text.slice(done);
}

/**
 * `text` percent-encoded, except the URL delimiters that `run` (what it was decoded from) wrote as they are: the
 * brackets and colons of `[fe80::1%25eth0]:8080` stay, so the copy's URL keeps its host and port.
 */
function reencoded(text: string, run: string): string {
  let out = encodeURIComponent(text);
  for (const c of new Set(run.match(/[[\]:@]/g))) out = out.replaceAll(encodeURIComponent(c), c);
  return out;
}

/** An IPv4 address as its four decimal numbers, without leading zeros: `010.000.000.001` is 10.0.0.1. */
function decimalIpv4(v4: string): string {
  return v4
    .split('.')
    .map((o) => String(Number(o)))
    .join('.');
}

/** `%xx` escapes read back, up to three times (`%2540` is an encoded `%40`); a broken escape stays as written. */
export function percentDecoded(text: string): string {
  let s = text;
  for (let i = 0; i < 3 && /%[0-9A-Fa-f]{2}/.test(s); i++) {
    const next = s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
      }
    });
    if (next === s) break;
    s = next;
  }
  return s;
}

/**
 * The eight groups of an IPv6 address in any spelling (compressed, upper case, an IPv4 address as its last 32
 * bits), or undefined when `s` is not one.
 */
function parseIpv6(s: string): number[] | undefined {
  let text = s;
  const tail: number[] = [];
  const v4 = V4_TAIL.exec(text);
  if (v4) {
    const o = v4[0].split('.').map(Number) as [number, number, number, number];
    tail.push((o[0] << 8) | o[1], (o[2] << 8) | o[3]);
    text = text.slice(0, v4.index);
    if (!text.endsWith(':')) return undefined;
    text = text.endsWith('::') ? text : text.slice(0, -1);
  }
  const parts = text.split('::');
  if (parts.length > 2) return undefined;
  const split = (t: string): string[] => (t === '' ? [] : t.split(':'));
  const head = split(parts[0]!);
  const rest = parts.length === 2 ? split(parts[1]!) : [];
  const groups = [...head, ...rest];
  if (groups.some((g) => !/^[0-9A-Fa-f]{1,4}$/.test(g))) return undefined;
  const missing = 8 - tail.length - groups.length;
  if (parts.length === 2 ? missing < 1 : missing !== 0) return undefined;
  return [
    ...head.map((g) => parseInt(g, 16)),
    ...Array<number>(parts.length === 2 ? missing : 0).fill(0),
    ...rest.map((g) => parseInt(g, 16)),
    ...tail,
  ];
}

/**
 * The IPv4 address an IPv6 one carries: IPv4-mapped (`::ffff:1.2.3.4`), NAT64 (`64:ff9b::1.2.3.4`) or the old
 * IPv4-compatible form (`::1.2.3.4`, but not `::` or `::1`).
 */
function embeddedIpv4(g: number[]): string | undefined {
  const zeros = g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0;
  const mapped = zeros && (g[5] === 0xffff || (g[5] === 0 && (g[6] !== 0 || g[7]! > 1)));
  const nat64 = g[0] === 0x64 && g[1] === 0xff9b && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0;
  if (!mapped && !nat64) return undefined;
  return [g[6]! >> 8, g[6]! & 255, g[7]! >> 8, g[7]! & 255].join('.');
}
