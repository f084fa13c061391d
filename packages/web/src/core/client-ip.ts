// Who is the client: the socket's peer address, unless that peer is a proxy we were told to trust — then
// the address that proxy reports (X-Forwarded-For, else Forwarded, else X-Real-IP), walking right to left through trusted
// hops. Headers from an untrusted peer are ignored: any client can write them.

import { BlockList, isIP } from 'node:net';

/** Addresses, CIDR blocks, the keywords 'loopback' | 'private' | 'linklocal', or true (trust every peer). */
export type TrustProxyOption = boolean | string | readonly string[];

const KEYWORDS: Record<string, readonly string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  private: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
};

export class TrustProxyError extends Error {
  override name = 'TrustProxyError';
}

/** IPv4-mapped IPv6 addresses, however written (`::ffff:10.0.0.1`, `::FFFF:a00:1`, `0:0:0:0:0:ffff:10.0.0.1`). */
const MAPPED = new BlockList();
MAPPED.addSubnet('::ffff:0.0.0.0', 96, 'ipv6');

/** The IPv4 address of an IPv4-mapped IPv6 address, else undefined. */
function mappedIpv4(text: string): string | undefined {
  // Cheap test first: every written form of a mapped address holds "ffff".
  if (text.length < 9 || !/ffff/i.test(text) || isIP(text) !== 6 || !MAPPED.check(text, 'ipv6'))
    return undefined;
  const tail = text.slice(text.lastIndexOf(':') + 1);
  if (tail.indexOf('.') !== -1) return tail;
  // Hex form: the last two groups are the IPv4 address.
  const groups = text.split(':');
  const high = parseInt(groups[groups.length - 2] || '0', 16);
  const low = parseInt(tail || '0', 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

/** Strips what proxies and Node add around an address: `::ffff:` for IPv4 on a dual stack, brackets, ports. */
export function normaliseAddress(raw: string): string {
  let text = raw.trim();
  if (text.length > 1 && text.startsWith('"') && text.endsWith('"')) text = text.slice(1, -1);
  if (text.startsWith('[')) {
    const end = text.indexOf(']');
    text = end === -1 ? text.slice(1) : text.slice(1, end);
  } else if (text.indexOf(':') !== -1 && text.indexOf(':') === text.lastIndexOf(':')) {
    text = text.slice(0, text.indexOf(':')); // IPv4 with a port
  }
  return mappedIpv4(text) ?? text;
}

export class TrustedProxies {
  readonly all: boolean;
  readonly none: boolean;
  private readonly list = new BlockList();

  constructor(option: TrustProxyOption | undefined) {
    this.all = option === true;
    const entries: readonly string[] =
      option === undefined || typeof option === 'boolean'
        ? []
        : typeof option === 'string'
          ? [option]
          : option;
    if (!Array.isArray(entries)) {
      throw new TrustProxyError(
        `trustProxy must be an address, a CIDR block, a keyword or a list of them, got ${JSON.stringify(option)}.`,
      );
    }
    for (const entry of entries) this.add(entry);
    this.none = !this.all && entries.length === 0;
  }

  private add(entry: string): void {
    if (typeof entry !== 'string') {
      throw new TrustProxyError(`trustProxy entries must be strings, got ${JSON.stringify(entry)}.`);
    }
    // Own keys only: `constructor` or `__proto__` is no keyword, and must get the error that says what is one.
    const lower = entry.toLowerCase();
    const keyword = Object.hasOwn(KEYWORDS, lower) ? KEYWORDS[lower] : undefined;
    if (keyword !== undefined) {
      for (const block of keyword) this.add(block);
      return;
    }
    const slash = entry.indexOf('/');
    const written = slash === -1 ? entry : entry.slice(0, slash);
    const address = normaliseAddress(written);
    const family = isIP(address);
    if (family === 0) {
      throw new TrustProxyError(
        `trustProxy entry "${entry}" is not an IP address, a CIDR block such as "10.0.0.0/8", ` +
          `or one of ${Object.keys(KEYWORDS).join(', ')}.`,
      );
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (slash === -1) {
      this.list.addAddress(address, type);
      return;
    }
    // Digits only: Number() would read "" and "-0" as 0 (trust every address) and "0x8" as 8.
    const prefixText = entry.slice(slash + 1);
    let prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : -1;
    // An IPv4-mapped block (`::ffff:10.0.0.0/104`) is the IPv4 block it maps (10.0.0.0/8); one wider than the
    // mapped range is an IPv6 block.
    const mapped = family === 4 && isIP(written.replace(/^\[|\]$/g, '')) === 6;
    if (mapped && prefix < 96) {
      if (prefix >= 0) this.list.addSubnet(written.replace(/^\[|\]$/g, ''), prefix, 'ipv6');
      else throw new TrustProxyError(`trustProxy entry "${entry}" has an invalid prefix length.`);
      return;
    }
    if (mapped) prefix -= 96;
    if (prefix < 0 || prefix > (family === 4 ? 32 : 128)) {
      throw new TrustProxyError(
        `trustProxy entry "${entry}" has an invalid prefix length: write a whole number of bits, ` +
          `0 to ${family === 4 ? 32 : 128}, after the slash (such as "10.0.0.0/8").`,
      );
    }
    this.list.addSubnet(address, prefix, type);
  }

  trusts(address: string): boolean {
    if (this.all) return true;
    if (this.none) return false;
    const family = isIP(address);
    if (family === 0) return false;
    return this.list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  }
}

/** The `for=` values of a Forwarded header, left to right. */
function forwardedFor(header: string): string[] {
  const out: string[] = [];
  for (const element of header.split(',')) {
    for (const pair of element.split(';')) {
      const eq = pair.indexOf('=');
      if (eq === -1) continue;
      if (pair.slice(0, eq).trim().toLowerCase() === 'for') out.push(pair.slice(eq + 1));
    }
  }
  return out;
}

/** The headers a proxy can report the client's address in. */
export const PROXY_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'] as const;
export type ProxyHeader = (typeof PROXY_HEADERS)[number];

/** The hops one header lists, left to right. */
function hopsIn(kind: ProxyHeader, header: string | string[]): string[] {
  if (kind === 'x-forwarded-for') return (Array.isArray(header) ? header.join(',') : header).split(',');
  if (kind === 'forwarded') return forwardedFor(Array.isArray(header) ? header.join(',') : header);
  // nginx configured with only `proxy_set_header X-Real-IP $remote_addr`: one address, the proxy's peer.
  return Array.isArray(header) ? header.slice(-1) : [header];
}

/**
 * The client's address. `peer` is the socket's remote address; the headers are consulted only when the
 * peer is a trusted proxy, and each further hop only while the hop to its right is trusted too. With `only`,
 * that header alone is read: a proxy that writes X-Real-IP or Forwarded passes a client's own X-Forwarded-For
 * on untouched, and without `only` that one would be read first.
 */
export function clientIp(
  peer: string | undefined,
  forwardedForHeader: string | string[] | undefined,
  forwardedHeader: string | string[] | undefined,
  proxies: TrustedProxies,
  realIpHeader?: string | string[],
  only?: ProxyHeader,
): string {
  let address = peer === undefined ? '' : normaliseAddress(peer);
  if (proxies.none || !proxies.trusts(address)) return address;
  const headers: Record<ProxyHeader, string | string[] | undefined> = {
    'x-forwarded-for': forwardedForHeader,
    forwarded: forwardedHeader,
    'x-real-ip': realIpHeader,
  };
  const kind = only ?? PROXY_HEADERS.find((name) => headers[name] !== undefined);
  const header = kind === undefined ? undefined : headers[kind];
  if (kind === undefined || header === undefined) return address;
  const hops = hopsIn(kind, header);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normaliseAddress(hops[i]!);
    if (isIP(hop) === 0) return address; // garbage or "unknown": keep the last address we could verify
    address = hop;
    if (!proxies.trusts(hop)) return hop;
  }
  return address;
}

/** The normalised peer address, kept on the socket: every request of a keep-alive connection has the same. */
const PEER_ADDRESS = Symbol('logbook.web.peer-address');

/** The socket's peer address, normalised (when no proxy is trusted, this is the client). */
export function peerAddress(socket: { remoteAddress?: string | undefined } | null | undefined): string {
  if (socket === undefined || socket === null) return '';
  const holder = socket as { [PEER_ADDRESS]?: string };
  const known = holder[PEER_ADDRESS];
  if (known !== undefined) return known;
  const peer = socket.remoteAddress;
  if (peer === undefined) return ''; // not connected (yet or any more): asked again next time
  const ip = normaliseAddress(peer);
  holder[PEER_ADDRESS] = ip;
  return ip;
}

/**
 * The host the client asked for: the Host header, or behind a trusted proxy the first X-Forwarded-Host (what the
 * edge proxy was asked for; an nginx that does not set Host sends its upstream's address as Host).
 */
export function requestHost(
  peer: string,
  host: string | undefined,
  forwardedHost: string | string[] | undefined,
  proxies: TrustedProxies,
): string | undefined {
  if (forwardedHost === undefined || proxies.none || !proxies.trusts(peer)) return host;
  const first = Array.isArray(forwardedHost) ? forwardedHost[0]! : forwardedHost;
  const comma = first.indexOf(',');
  const value = (comma === -1 ? first : first.slice(0, comma)).trim();
  return value === '' ? host : value;
}
