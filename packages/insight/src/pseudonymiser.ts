import { createHmac, randomBytes } from 'node:crypto';
import type { RequestLine } from './sources/access-line.js';

export interface PseudonymOptions {
  /** Secret for the keyed hash; random per run unless given (then the same input maps the same way across runs). */
  key?: string;
  /** Keep this many leading bits of IPv4 addresses (0, 8, 16 or 24). */
  ipv4Prefix?: number;
  /** Keep this many leading bits of IPv6 addresses (0, 16, 32, 48 or 64). */
  ipv6Prefix?: number;
}

/** An email's local part, one character of it; its domain, anchored where the search for it starts. */
const EMAIL_LOCAL = /[A-Za-z0-9._%+-]/;
const EMAIL_DOMAIN = /[A-Za-z0-9.-]+\.[A-Za-z]{2,}/y;
// An IPv4 address not glued to a version string such as Chrome/1.2.3.4: after a word and one slash it is left, but
// after two slashes it is a URL's host (http://10.0.0.9/, //10.0.0.9/).
const IPV4 =
  /(?<![\w.:-])(?<![^/]\/)(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\w.])/g;
const IPV6 =
  /(?<![\w:.])(?:[0-9A-Fa-f]{1,4}:){2,7}(?::|[0-9A-Fa-f]{1,4})(?![\w:])|(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){1,7}:(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4})*)?(?![\w:])/g;
/** Query-string and form names whose values are secrets or identify someone. */
export const SECRET_NAME =
  /(token|key|secret|pass|auth|session|sid|code|signature|sig|email|mail|user|login|phone|nonce|otp)/i;

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

  email(value: string): string {
    return this.cached(
      'email',
      value.toLowerCase(),
      () => `user-${this.digest('email', value.toLowerCase()).toString('hex').slice(0, 10)}@example.invalid`,
    );
  }

  ip(value: string): string {
    return value.includes(':') ? this.ipv6(value) : this.ipv4(value);
  }

  /**
   * Records addresses that occur in the input, so no pseudonym ever equals one of them. With a prefix kept
   * (say /24), a drawn host part could otherwise land on another real client of the same network.
   */
  reserve(text: string): void {
    for (const m of text.matchAll(IPV4)) this.originals.add(m[0]);
    for (const m of text.matchAll(IPV6)) if (isIpv6(m[0])) this.originals.add(canonicalIpv6(m[0]));
  }

  private ipv4(value: string): string {
    return this.cached('ip4', value, () => {
      const orig = value.split('.').map(Number);
      const keep = Math.floor((this.options.ipv4Prefix ?? 0) / 8);
      return this.draw('ip4', value, (d) => orig.map((o, i) => (i < keep ? o : d[i]!)).join('.'));
    });
  }

  private ipv6(value: string): string {
    return this.cached('ip6', value.toLowerCase(), () => {
      const groups = expandIpv6(value);
      const keep = Math.floor((this.options.ipv6Prefix ?? 0) / 16);
      return this.draw('ip6', value.toLowerCase(), (d) =>
        groups.map((g, i) => (i < keep ? g : d.readUInt16BE(i * 2)).toString(16)).join(':'),
      );
    });
  }

  /**
   * A pseudonymous address: keyed draws until one is neither an address seen in the input nor already given
   * to another address (so two clients never merge). Deterministic for a given key and input order.
   */
  private draw(kind: string, value: string, make: (digest: Buffer) => string): string {
    const own = kind === 'ip6' ? canonicalIpv6(value) : value;
    let fallback: string | undefined;
    for (let attempt = 0; attempt < 4096; attempt++) {
      const candidate = make(this.digest(kind, attempt === 0 ? value : `${value}#${attempt}`));
      if (candidate === own || this.originals.has(candidate)) continue;
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

  /** Replaces every email and IP address inside free text. */
  text(value: string): string {
    return replaceEmails(value, (m) => this.email(m))
      .replace(IPV4, (m) => this.ip(m))
      .replace(IPV6, (m) => (isIpv6(m) ? this.ip(m) : m));
  }

  /** Pseudonymises the values of identifying or secret query parameters, then any email or IP left. */
  query(query: string): string {
    return query
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        if (eq < 0) return this.text(pair);
        const name = pair.slice(0, eq);
        const val = pair.slice(eq + 1);
        return SECRET_NAME.test(name) ? `${name}=${this.token('q', val)}` : `${name}=${this.text(val)}`;
      })
      .join('&');
  }

  /** A request line (split by splitRequestLine) with its target's query pseudonymised, in the same layout. */
  request(r: RequestLine): string {
    return r.method === '-'
      ? this.url(r.target)
      : `${r.method} ${this.url(r.target)}${r.protocol !== undefined ? ` ${r.protocol}` : ''}`;
  }

  /** A URL or path with its query string pseudonymised. */
  url(value: string): string {
    const q = value.indexOf('?');
    return q < 0 ? this.text(value) : `${this.text(value.slice(0, q))}?${this.query(value.slice(q + 1))}`;
  }
}

/**
 * `text` with each email (`local@domain.tld`) replaced by `replace(email)`, the matches a global
 * /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/ finds, found from each `@` instead: that pattern tried every start
 * in a run of letters and scanned to the run's end from each, so a 1 MB line of letters took minutes. From the `@`,
 * each character is looked at a bounded number of times.
 */
function replaceEmails(text: string, replace: (email: string) => string): string {
  let out = '';
  let done = 0; // text before this is in `out`; no match may start before it
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', Math.max(at + 1, done))) {
    let start = at;
    while (start > done && EMAIL_LOCAL.test(text[start - 1]!)) start--;
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

function isIpv6(s: string): boolean {
  try {
    expandIpv6(s);
    return true;
  } catch {
    return false;
  }
}

/** The lower-case, fully expanded spelling used to compare IPv6 addresses. */
function canonicalIpv6(s: string): string {
  return expandIpv6(s)
    .map((g) => g.toString(16))
    .join(':');
}

function expandIpv6(s: string): number[] {
  const [head, tail] = s.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = s.includes('::') ? 8 - h.length - t.length : 0;
  const all = [...h, ...Array<string>(Math.max(0, fill)).fill('0'), ...t];
  if (all.length !== 8 || all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) throw new Error('not IPv6');
  return all.map((g) => parseInt(g, 16));
}
