// The client address for any forwarding chain and any trusted-proxy list is what docs/web.md's rule says: the
// peer, unless it is trusted; then the hops of X-Forwarded-For (else Forwarded's for=, else X-Real-IP) from the
// right while each is trusted; a hop that is no address ends the walk at the last address known. The model below
// builds each hop from what it is (an address, written one of many ways, or no address) and decides trust with its
// own prefix arithmetic, so it shares nothing with src but the rule. One property sends the headers over a real
// socket to a node:http server and reads the address off its access record.

import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { JsonFormatter, Level, TestHandler } from 'logbook';
import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../../../test/support/property-runs.js';
import { TrustProxyError, TrustedProxies, clientIp, createWebLogbook } from '../src/index.js';

// ---- addresses and blocks, by the numbers ----------------------------------------------------------------

interface Address {
  family: 4 | 6;
  /** The address as a number: 32 bits for IPv4, 128 for IPv6. */
  value: bigint;
  /** How the client address should read in the log. */
  text: string;
}

function v4(a: number, b: number, c: number, d: number): Address {
  return {
    family: 4,
    value: (BigInt(a) << 24n) | (BigInt(b) << 16n) | (BigInt(c) << 8n) | BigInt(d),
    text: `${a}.${b}.${c}.${d}`,
  };
}

function v6(groups: number[], text: string): Address {
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(g);
  return { family: 6, value, text };
}

interface Block {
  family: 4 | 6;
  base: bigint;
  prefix: number;
  /** The trustProxy entry. */
  entry: string;
}

function inBlock(address: Address, block: Block): boolean {
  // An IPv4 address is also its IPv4-mapped IPv6 address, ::ffff:a.b.c.d (as a dual-stack socket sees it), and
  // the reverse: an IPv6 block such as ::/0 holds the IPv4 addresses mapped into it, as Node's BlockList has it.
  let v4: bigint | undefined;
  let v6: bigint;
  if (address.family === 4) {
    v4 = address.value;
    v6 = (0xffffn << 32n) | address.value;
  } else {
    v6 = address.value;
    if (v6 >> 32n === 0xffffn) v4 = v6 & 0xffffffffn;
  }
  const value = block.family === 4 ? v4 : v6;
  if (value === undefined) return false;
  const shift = BigInt((block.family === 4 ? 32 : 128) - block.prefix);
  return value >> shift === block.base >> shift;
}

const KEYWORD_BLOCKS: Record<string, [4 | 6, string, number, bigint][]> = {
  loopback: [
    [4, '127.0.0.0', 8, 0x7f000000n],
    [6, '::1', 128, 1n],
  ],
  private: [
    [4, '10.0.0.0', 8, 0x0a000000n],
    [4, '172.16.0.0', 12, 0xac100000n],
    [4, '192.168.0.0', 16, 0xc0a80000n],
    [6, 'fc00::', 7, 0xfc00n << 112n],
  ],
  linklocal: [
    [4, '169.254.0.0', 16, 0xa9fe0000n],
    [6, 'fe80::', 10, 0xfe80n << 112n],
  ],
};

// Addresses come from a few small networks, so that hops and blocks meet often.
const octet = fc.integer({ min: 0, max: 255 });
const v4Address = fc.oneof(
  fc.tuple(fc.constantFrom(10, 127, 192, 203, 172, 169), octet, octet, octet).map(([a, b, c, d]) => {
    if (a === 192) return v4(192, b % 2 === 0 ? 0 : 168, b % 2 === 0 ? 2 : c, d);
    if (a === 203) return v4(203, 0, 113, d);
    if (a === 172) return v4(172, 16 + (b % 32), c, d);
    if (a === 169) return v4(169, 254, c, d);
    return v4(a, b % 4, c % 4, d);
  }),
  fc.tuple(octet, octet, octet, octet).map(([a, b, c, d]) => v4(a, b, c, d)),
);
const v6Address = fc.oneof(
  fc
    .integer({ min: 0, max: 0xffff })
    .map((n) => v6([0x2001, 0xdb8, 0, 0, 0, 0, 0, n], `2001:db8::${n.toString(16)}`)),
  fc
    .integer({ min: 1, max: 0xffff })
    .map((n) => v6([0xfe80, 0, 0, 0, 0, 0, 0, n], `fe80::${n.toString(16)}`)),
  fc
    .integer({ min: 1, max: 0xffff })
    .map((n) => v6([0xfd00, 0, 0, 0, 0, 0, 0, n], `fd00::${n.toString(16)}`)),
  fc.constant(v6([0, 0, 0, 0, 0, 0, 0, 1], '::1')),
);
const address = fc.oneof({ weight: 3, arbitrary: v4Address }, { weight: 2, arbitrary: v6Address });

/** A trustProxy entry: an address, a block around an address, a keyword; IPv4 written IPv4-mapped too. */
const trustEntry: fc.Arbitrary<Block[]> = fc.oneof(
  fc.constantFrom('loopback', 'private', 'linklocal', 'LoopBack').map((keyword) =>
    KEYWORD_BLOCKS[keyword.toLowerCase()]!.map(([family, base, prefix, value]) => ({
      family,
      base: value,
      prefix,
      entry: keyword === 'LoopBack' ? keyword : `${base}/${prefix}`,
    })),
  ),
  fc
    .tuple(address, fc.integer({ min: 0, max: 128 }), fc.boolean(), fc.boolean())
    .map(([a, p, single, mapped]) => {
      const bits = a.family === 4 ? 32 : 128;
      const prefix = single ? bits : Math.min(p, bits);
      const shift = BigInt(bits - prefix);
      const base = (a.value >> shift) << shift;
      const baseText = a.family === 4 ? numberToV4(base) : numberToV6(base);
      if (a.family === 4 && mapped) {
        // ::ffff:a.b.c.d/96+p is the same block as a.b.c.d/p.
        const entry = single ? `::ffff:${baseText}` : `::ffff:${baseText}/${prefix + 96}`;
        return [{ family: 4 as const, base, prefix, entry }];
      }
      return [{ family: a.family, base, prefix, entry: single ? baseText : `${baseText}/${prefix}` }];
    }),
);

function numberToV4(n: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join('.');
}

function numberToV6(n: bigint): string {
  const groups: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((n >> s) & 0xffffn).toString(16));
  return groups.join(':');
}

// ---- hops: what a proxy wrote, and what it means --------------------------------------------------------

type Hop =
  | { address: Address; xff: string; forwarded: string }
  | { address: undefined; xff: string; forwarded: string };

const port = fc.integer({ min: 1, max: 65535 });

/** An address as proxies write it: bare, with a port, in brackets, IPv4-mapped in any case, quoted in Forwarded. */
const addressHop: fc.Arbitrary<Hop> = fc
  .tuple(address, fc.integer({ min: 0, max: 5 }), port, fc.boolean())
  .map(([a, form, p, upper]) => {
    if (a.family === 4) {
      switch (form) {
        case 0:
          return { address: a, xff: a.text, forwarded: a.text };
        case 1:
          return { address: a, xff: `${a.text}:${p}`, forwarded: `"${a.text}:${p}"` };
        case 2: {
          const mapped = `${upper ? '::FFFF:' : '::ffff:'}${a.text}`;
          return { address: a, xff: mapped, forwarded: `"[${mapped}]"` };
        }
        case 3: {
          const mapped = `0:0:0:0:0:ffff:${a.text}`;
          return { address: a, xff: `[${mapped}]:${p}`, forwarded: `"[${mapped}]:${p}"` };
        }
        default:
          return { address: a, xff: ` ${a.text} `, forwarded: `"${a.text}"` };
      }
    }
    const text = upper ? a.text.toUpperCase() : a.text;
    // Upper-case hex is the same address; the log keeps it as the proxy wrote it.
    const expected = { ...a, text };
    switch (form) {
      case 0:
      case 1:
        return { address: expected, xff: text, forwarded: `"[${text}]"` };
      default:
        return { address: expected, xff: `[${text}]:${p}`, forwarded: `"[${text}]:${p}"` };
    }
  });

/** A hop that is no address: unknown, obfuscated ids (RFC 7239 §6.3), empty, garbage. */
const noAddressHop: fc.Arbitrary<Hop> = fc
  .oneof(
    fc.constantFrom(
      'unknown',
      'UNKNOWN',
      '_hidden',
      '_SEV-1.x',
      '',
      'localhost',
      '999.1.1.1',
      '1.2.3',
      '::g',
    ),
    fc
      .string({ unit: fc.constantFrom(...'ghijkz-_ .!\t'.split('')), minLength: 1, maxLength: 12 })
      .map((s) => `z${s}`),
  )
  .map((text) => ({
    address: undefined,
    xff: text,
    forwarded: /^[A-Za-z0-9_.-]+$/.test(text) ? text : `"${text}"`,
  }));

const hop = fc.oneof({ weight: 4, arbitrary: addressHop }, { weight: 1, arbitrary: noAddressHop });

type Source = 'xff' | 'forwarded' | 'real-ip' | 'none';

/** The documented rule, on hops whose meaning is known. */
function expectedClient(peer: Address, hops: Hop[], trusted: Block[]): string {
  const trusts = (a: Address): boolean => trusted.some((b) => inBlock(a, b));
  if (!trusts(peer)) return peer.text;
  let known = peer.text;
  for (let i = hops.length - 1; i >= 0; i--) {
    const a = hops[i]!.address;
    if (a === undefined) return known;
    known = a.text;
    if (!trusts(a)) return known;
  }
  return known;
}

/** Forwarded's other parameters, in any case and order around `for`. */
const forwardedElement = (h: Hop): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.constantFrom('for', 'For', 'FOR'),
      fc.subarray(['proto=https', 'by=_lb1', 'host="shop.example"']),
      fc.nat(),
    )
    .map(([name, others, at]) => {
      const params = [...others];
      params.splice(at % (params.length + 1), 0, `${name}=${h.forwarded}`);
      return params.join(';');
    });

interface Chain {
  peer: Address;
  trusted: Block[];
  source: Source;
  hops: Hop[];
  /** The header lines as sent: one or more of the chosen header (several lines are one list). */
  xff?: string[];
  forwarded?: string[];
  realIp?: string;
}

/** Splits a list into one or more header lines, as a chain of proxies that each add a line would. */
function lines(items: string[], cuts: number[], separator: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (const cut of [...new Set(cuts.map((c) => c % (items.length + 1)))].sort((a, b) => a - b)) {
    if (cut <= start || cut >= items.length) continue;
    out.push(items.slice(start, cut).join(separator));
    start = cut;
  }
  out.push(items.slice(start).join(separator));
  return out;
}

const chain: fc.Arbitrary<Chain> = fc
  .tuple(
    address,
    fc.array(trustEntry, { maxLength: 4 }).map((entries) => entries.flat()),
    fc.constantFrom<Source>('xff', 'forwarded', 'real-ip', 'none'),
    fc.array(hop, { minLength: 1, maxLength: 6 }),
    fc.array(fc.nat(), { maxLength: 3 }),
    fc.constantFrom(',', ', ', ' ,\t'),
  )
  .chain(([peer, trusted, source, hops, cuts, separator]): fc.Arbitrary<Chain> => {
    if (source === 'forwarded') {
      return fc.tuple(...hops.map(forwardedElement)).map((elements) => ({
        peer,
        trusted,
        source,
        hops,
        forwarded: lines(elements, cuts, separator),
      }));
    }
    if (source === 'xff') {
      return fc.constant({
        peer,
        trusted,
        source,
        hops,
        xff: lines(
          hops.map((h) => h.xff),
          cuts,
          separator,
        ),
      });
    }
    if (source === 'real-ip') {
      const last = hops[hops.length - 1]!;
      return fc.constant({ peer, trusted, source, hops: [last], realIp: last.xff });
    }
    return fc.constant({ peer, trusted, source, hops: [] });
  });

/** Node joins repeated X-Forwarded-For and Forwarded lines with ", ". */
function joined(values: string[] | undefined): string | undefined {
  return values === undefined ? undefined : values.join(', ');
}

function peerAsSocketHasIt(peer: Address): string {
  // A dual-stack server sees IPv4 peers IPv4-mapped.
  return peer.family === 4 ? `::ffff:${peer.text}` : peer.text;
}

describe('the client address follows the documented rule', () => {
  it('for any forwarding chain and trusted-proxy list, it is the first untrusted hop from the right', () => {
    fc.assert(
      fc.property(chain, (c) => {
        const proxies = new TrustedProxies(c.trusted.map((b) => b.entry));
        const got = clientIp(
          peerAsSocketHasIt(c.peer),
          joined(c.xff),
          joined(c.forwarded),
          proxies,
          c.realIp,
        );
        expect(got).toBe(expectedClient(c.peer, c.hops, c.trusted));
      }),
      propertyRuns(1000),
    );
  });

  it('never throws and never names an address that is in no header and not the peer, whatever the headers hold', () => {
    const headerText = fc.string({ unit: 'binary', maxLength: 60 });
    fc.assert(
      fc.property(
        address,
        fc.array(trustEntry, { maxLength: 3 }).map((e) => e.flat().map((b) => b.entry)),
        fc.option(fc.oneof(headerText, fc.array(headerText, { maxLength: 3 })), { nil: undefined }),
        fc.option(fc.oneof(headerText, fc.array(headerText, { maxLength: 3 })), { nil: undefined }),
        fc.option(headerText, { nil: undefined }),
        (peer, entries, xff, forwarded, realIp) => {
          const got = clientIp(peerAsSocketHasIt(peer), xff, forwarded, new TrustedProxies(entries), realIp);
          const everything = [xff, forwarded, realIp].flat().join(' ').toLowerCase();
          expect(got === peer.text || everything.includes(got.toLowerCase())).toBe(true);
        },
      ),
      propertyRuns(500),
    );
  });

  it('a trustProxy entry is a valid block or a TrustProxyError, never more trust than it says', () => {
    const prefixText = fc.oneof(
      fc.integer({ min: -1, max: 140 }).map(String),
      fc.constantFrom('', ' ', '8 ', ' 8', '0x8', '1e1', '8.0', '+8', '08', '-0', 'abc'),
    );
    fc.assert(
      fc.property(address, prefixText, address, (a, prefix, probe) => {
        const entry = `${a.text}/${prefix}`;
        let proxies: TrustedProxies;
        try {
          proxies = new TrustedProxies([entry]);
        } catch (error) {
          expect(error).toBeInstanceOf(TrustProxyError);
          return;
        }
        // Accepted: then it was a prefix length as CIDR writes one, digits only and within the family's bits.
        expect(prefix).toMatch(/^\d{1,3}$/);
        const bits = Number(prefix);
        expect(bits).toBeLessThanOrEqual(a.family === 4 ? 32 : 128);
        const shift = BigInt((a.family === 4 ? 32 : 128) - bits);
        const block: Block = { family: a.family, base: (a.value >> shift) << shift, prefix: bits, entry };
        expect(proxies.trusts(probe.family === 4 ? probe.text : probe.text)).toBe(inBlock(probe, block));
      }),
      propertyRuns(500),
    );
  });

  it('over the wire: a node:http server behind the chain records the address the rule gives', async () => {
    const handler = new TestHandler({ level: Level.INFO }).pushApplication();
    const formatter = new JsonFormatter();
    try {
      await fc.assert(
        fc.asyncProperty(
          chain.filter((c) => c.source !== 'none'),
          fc.boolean(),
          async (c, trustLoopback) => {
            // The test's peer is always 127.0.0.1; whether it is trusted is part of the case.
            const trusted: Block[] = trustLoopback
              ? [...c.trusted, { family: 4, base: 0x7f000001n, prefix: 32, entry: '127.0.0.1' }]
              : c.trusted;
            const logbook = createWebLogbook({ trustProxy: trusted.map((b) => b.entry) });
            const server = createServer(logbook.node((_req, res) => res.end('ok')));
            await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
            handler.records.length = 0;
            try {
              const headers: Record<string, string | string[]> = {};
              if (c.xff !== undefined) headers['x-forwarded-for'] = c.xff;
              if (c.forwarded !== undefined) headers['forwarded'] = c.forwarded;
              if (c.realIp !== undefined) headers['x-real-ip'] = c.realIp;
              const id = await new Promise<string>((resolve, reject) => {
                const req = httpRequest(
                  {
                    port: (server.address() as AddressInfo).port,
                    host: '127.0.0.1',
                    path: '/',
                    headers,
                    agent: false,
                  },
                  (res) => {
                    res.resume();
                    res.on('end', () => resolve(String(res.headers['x-request-id'])));
                  },
                );
                req.on('error', reject);
                req.end();
              });
              await new Promise((resolve) => setTimeout(resolve, 5));
              const access = handler.records
                .map(
                  (r) =>
                    JSON.parse(formatter.format(r)) as {
                      event?: string;
                      request?: { id: string; ip: string };
                    },
                )
                .filter((r) => r.event === 'http.request');
              expect(access).toHaveLength(1);
              expect(access[0]!.request!.id).toBe(id);
              const peer = v4(127, 0, 0, 1);
              expect(access[0]!.request!.ip).toBe(expectedClient(peer, c.hops, trusted));
            } finally {
              server.closeAllConnections();
              await new Promise((resolve) => server.close(resolve));
              logbook.close();
            }
          },
        ),
        propertyRuns(40),
      );
    } finally {
      handler.popApplication();
    }
  });
});
