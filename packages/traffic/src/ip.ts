/** IPv4/IPv6 parsing and CIDR membership, for the fake-crawler rule. Never throws on bad input. */

export type ParsedIp = { v: 4; n: number } | { v: 6; n: bigint };

export function parseIpv4(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (p.length === 0 || p.length > 3) return undefined;
    let x = 0;
    for (let i = 0; i < p.length; i++) {
      const c = p.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return undefined;
      x = x * 10 + c;
    }
    if (x > 255) return undefined;
    n = n * 256 + x;
  }
  return n;
}

function parseIpv6(s: string): bigint | undefined {
  const zone = s.indexOf('%');
  if (zone !== -1) s = s.slice(0, zone);
  const lastColon = s.lastIndexOf(':');
  if (s.indexOf('.', lastColon) !== -1) {
    // Embedded IPv4 in the last 32 bits (::ffff:1.2.3.4): rewrite it as two hex words.
    const v4 = parseIpv4(s.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    s = `${s.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const words = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    for (const w of h.split(':')) {
      if (w.length > 4 || !/^[0-9a-f]+$/i.test(w)) return undefined;
      out.push(parseInt(w, 16));
    }
    return out;
  };
  const head = words(halves[0]!);
  const rest = halves.length === 2 ? words(halves[1]!) : [];
  if (head === undefined || rest === undefined) return undefined;
  const total = head.length + rest.length;
  if (halves.length === 1 ? total !== 8 : total > 7) return undefined;
  const all = [...head, ...new Array<number>(8 - total).fill(0), ...rest];
  let n = 0n;
  for (const w of all) n = (n << 16n) | BigInt(w);
  return n;
}

/** Parse an address; IPv4-mapped IPv6 (`::ffff:1.2.3.4`) comes back as IPv4. */
export function parseIp(raw: string): ParsedIp | undefined {
  const s = raw.trim();
  // Bounds the work on hostile input: no address, even with a zone id, is longer.
  if (s.length > 64) return undefined;
  if (s.indexOf(':') === -1) {
    const n = parseIpv4(s);
    return n === undefined ? undefined : { v: 4, n };
  }
  const n = parseIpv6(s.startsWith('[') && s.endsWith(']') ? s.slice(1, -1) : s);
  if (n === undefined) return undefined;
  if (n >> 32n === 0xffffn) return { v: 4, n: Number(n & 0xffffffffn) };
  return { v: 6, n };
}

export interface Cidr {
  v: 4 | 6;
  base: bigint;
  bits: number;
  text: string;
}

export function parseCidr(text: string): Cidr {
  const slash = text.indexOf('/');
  const ip = parseIp(slash === -1 ? text : text.slice(0, slash));
  if (ip === undefined)
    throw new Error(`Bad CIDR "${text}": the address part is not an IPv4 or IPv6 address`);
  const max = ip.v === 4 ? 32 : 128;
  const prefix = slash === -1 ? undefined : text.slice(slash + 1);
  // Digits only: Number() would read `/` alone as 0 (every address) and `/1e1` as 10.
  const bits = prefix === undefined ? max : /^\d{1,3}$/.test(prefix) ? Number(prefix) : Number.NaN;
  if (!(bits <= max)) throw new Error(`Bad CIDR "${text}": prefix must be 0..${max}`);
  return { v: ip.v, base: BigInt(ip.n), bits, text };
}

export function inCidr(ip: ParsedIp, c: Cidr): boolean {
  if (ip.v !== c.v) return false;
  const width = BigInt(c.v === 4 ? 32 : 128);
  const shift = width - BigInt(c.bits);
  return BigInt(ip.n) >> shift === c.base >> shift;
}

/**
 * A list of networks asked which of them holds an address, the narrowest first. Insight's anonymise asks for every
 * address it pseudonymises (and each pseudonym it draws): IPv4 is compared as numbers, not BigInts (7 µs a call).
 */
export class NetworkList {
  readonly #v4: { cidr: Cidr; prefix: number }[];
  readonly #v6: Cidr[];

  constructor(cidrs: readonly string[]) {
    const sorted = cidrs.map(parseCidr).sort((a, b) => b.bits - a.bits);
    this.#v4 = sorted
      .filter((c) => c.v === 4)
      .map((c) => ({ cidr: c, prefix: v4Prefix(Number(c.base), c.bits) }));
    this.#v6 = sorted.filter((c) => c.v === 6);
  }

  /** The narrowest network of the list that holds `ip` (an address as text), or undefined. */
  narrowestHolding(ip: string): { cidr: string; bits: number } | undefined {
    const parsed = parseIp(ip);
    if (parsed === undefined) return undefined;
    const found =
      parsed.v === 4
        ? this.#v4.find((c) => v4Prefix(parsed.n, c.cidr.bits) === c.prefix)?.cidr
        : this.#v6.find((c) => inCidr(parsed, c));
    return found && { cidr: found.text, bits: found.bits };
  }
}

function v4Prefix(n: number, bits: number): number {
  return bits === 0 ? 0 : n >>> (32 - bits);
}

const PRIVATE_NETWORKS = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '::1/128',
  '::/128',
  'fc00::/7',
  'fe80::/10',
];
const PRIVATE = PRIVATE_NETWORKS.map(parseCidr);
const privateNetworks = new NetworkList(PRIVATE_NETWORKS);

/**
 * The private, loopback, link-local or carrier-grade NAT network that holds `ip` (`10.0.0.0/8`), or undefined: where
 * a site's own proxies live. An anonymised copy keeps each address in its network, so a proxy stays a proxy.
 */
export function privateNetworkOf(ip: string): { cidr: string; bits: number } | undefined {
  return privateNetworks.narrowestHolding(ip);
}

/** Loopback, private, link-local and carrier-grade NAT addresses: no public crawler comes from these. */
export function isPrivateIp(ip: ParsedIp): boolean {
  return PRIVATE.some((c) => inCidr(ip, c));
}
