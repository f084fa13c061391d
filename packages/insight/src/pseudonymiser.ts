import { createHmac, randomBytes } from 'node:crypto';

export interface PseudonymOptions {
  /** Secret for the keyed hash; random per run unless given (then the same input maps the same way across runs). */
  key?: string;
  /** Keep this many leading bits of IPv4 addresses (0, 8, 16 or 24). */
  ipv4Prefix?: number;
  /** Keep this many leading bits of IPv6 addresses (0, 16, 32, 48 or 64). */
  ipv6Prefix?: number;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// An IPv4 address not glued to a version string such as Chrome/1.2.3.4.
const IPV4 =
  /(?<![\w./:-])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\w.])/g;
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

  private ipv4(value: string): string {
    return this.cached('ip4', value, () => {
      const orig = value.split('.').map(Number);
      const keep = Math.floor((this.options.ipv4Prefix ?? 0) / 8);
      const d = this.digest('ip4', value);
      const out = orig.map((o, i) => (i < keep ? o : d[i]!));
      // The last octet must differ, so the original address never survives even with a /24 prefix kept.
      if (out.every((o, i) => o === orig[i])) out[3] = (out[3]! + 1) % 256;
      return out.join('.');
    });
  }

  private ipv6(value: string): string {
    return this.cached('ip6', value.toLowerCase(), () => {
      const groups = expandIpv6(value);
      const keep = Math.floor((this.options.ipv6Prefix ?? 0) / 16);
      const d = this.digest('ip6', value.toLowerCase());
      const out = groups.map((g, i) => (i < keep ? g : d.readUInt16BE(i * 2)));
      if (out.every((g, i) => g === groups[i])) out[7] = (out[7]! + 1) % 65536;
      return out.map((g) => g.toString(16)).join(':');
    });
  }

  /** Replaces every email and IP address inside free text. */
  text(value: string): string {
    return value
      .replace(EMAIL, (m) => this.email(m))
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

  /** A URL or path with its query string pseudonymised. */
  url(value: string): string {
    const q = value.indexOf('?');
    return q < 0 ? this.text(value) : `${this.text(value.slice(0, q))}?${this.query(value.slice(q + 1))}`;
  }
}

function isIpv6(s: string): boolean {
  try {
    expandIpv6(s);
    return true;
  } catch {
    return false;
  }
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
