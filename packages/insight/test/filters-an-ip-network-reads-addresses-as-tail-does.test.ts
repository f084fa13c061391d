// `--filter ip=NETWORK` is tested by DuckDB in the report and the dashboard and by Node in tail. An address the one
// read and the other did not (an IPv6 spelling, a zone id, an IPv4 tail) would put a client in one view and not the
// other. Any spelling of any address, and junk near one, is in or out of any network alike in both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { closeDb, lit, openDb, rows, type Db } from '../src/db.js';
import { inIpNetwork, inIpNetworkSql, parseIpNetwork, type IpNetwork } from '../src/ip-network.js';

/** Words of an IPv6 address, near 2001:db8::/32 and the IPv4-mapped block often enough for networks to hold them. */
const words = fc.oneof(
  fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 }),
  fc
    .array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 6, maxLength: 6 })
    .map((rest) => [0x2001, 0x0db8, ...rest]),
  fc
    .tuple(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffff }))
    .map(([a, b]) => [0, 0, 0, 0, 0, 0xffff, a, b]),
);

/** One of the ways a log writes those words. */
const spelling = fc
  .record({
    words,
    upper: fc.boolean(),
    padded: fc.boolean(),
    // Where a `::` stands for words left out, if anywhere, and how many.
    gap: fc.option(fc.tuple(fc.nat(7), fc.integer({ min: 1, max: 8 }))),
    ipv4Tail: fc.boolean(),
    bracketed: fc.boolean(),
    zone: fc.option(fc.constantFrom('eth0', '1', 'en0')),
  })
  .map(({ words: w, upper, padded, gap, ipv4Tail, bracketed, zone }) => {
    const text = w.map((n) => n.toString(16).padStart(padded ? 4 : 1, '0'));
    const hex = (list: string[]): string => list.join(':');
    let tail = '';
    let head = text;
    if (ipv4Tail) {
      head = text.slice(0, 6);
      tail = [w[6]! >> 8, w[6]! & 255, w[7]! >> 8, w[7]! & 255].join('.');
    }
    let body: string;
    if (gap) {
      const from = Math.min(gap[0], head.length - 1);
      const to = Math.min(head.length, from + gap[1]);
      body = `${hex(head.slice(0, from))}::${hex(head.slice(to))}`;
      if (tail) body += body.endsWith(':') ? tail : `:${tail}`;
    } else body = tail ? `${hex(head)}:${tail}` : hex(head);
    body = upper ? body.toUpperCase() : body;
    if (zone) body += `%${zone}`;
    return bracketed ? `[${body}]` : body;
  });

const dotted = fc
  .array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 256, max: 999 })), {
    minLength: 4,
    maxLength: 4,
  })
  .map((o) => o.join('.'));

/** A character dropped, doubled or put in, as a damaged or hostile line has it. */
const damaged = fc
  .tuple(
    fc.oneof(spelling, dotted),
    fc.nat(),
    fc.constantFrom(':', '::', '.', '%', '[', ']', 'g', ' ', '0', 'ffff', '1.2.3.4', ''),
  )
  .map(([text, at, put]) => {
    const i = at % (text.length + 1);
    return put === '' ? text.slice(0, i) + text.slice(i + 1) : text.slice(0, i) + put + text.slice(i);
  });

const address = fc.oneof(spelling, dotted, damaged, fc.string({ maxLength: 12 }));

/** A network around a spelled address, with any prefix length its family has, wide ones often (to hold some). */
const network = fc
  .tuple(
    fc.oneof(spelling, dotted),
    fc.oneof(fc.integer({ min: 0, max: 36 }), fc.integer({ min: 0, max: 128 })),
  )
  .map(([at, bits]) =>
    parseIpNetwork(`${at.replace(/%.*|[[\]]/g, '')}/${at.includes(':') ? bits : bits % 33}`),
  )
  .filter((n): n is IpNetwork => typeof n === 'object');

describe('an IP network filter', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openDb();
  });
  afterAll(() => closeDb(db));

  /** Whether each address is in the network, by DuckDB and by Node. */
  async function bothRead(
    net: IpNetwork,
    addresses: readonly string[],
  ): Promise<{ sql: boolean[]; node: boolean[] }> {
    const values = addresses.map((a, i) => `(${i}, ${lit(a)})`).join(', ');
    const found = await rows(
      db,
      `SELECT coalesce(${inIpNetworkSql('ip', net)}, FALSE) AS inside FROM (VALUES ${values}) t(i, ip) ORDER BY i`,
    );
    return { sql: found.map((r) => r.inside === true), node: addresses.map((a) => inIpNetwork(a, net)) };
  }

  it('holds the same addresses in DuckDB as in Node, in every spelling', async () => {
    let inside = 0;
    await fc.assert(
      fc.asyncProperty(
        network,
        fc.array(address, { minLength: 1, maxLength: 40 }),
        async (net, addresses) => {
          const { sql, node } = await bothRead(net, addresses);
          expect(addresses.map((a, i) => [a, sql[i]])).toEqual(addresses.map((a, i) => [a, node[i]]));
          inside += node.filter(Boolean).length;
        },
      ),
      { numRuns: 150 },
    );
    // ... and not only on "outside": some 40 to 50 addresses of the 150 runs are inside (10 leaves a wide margin).
    expect(inside).toBeGreaterThan(10);
  });

  it('holds an address in any spelling a log writes it in', async () => {
    const v6 = ['2001:DB8::1', '[2001:db8:0:0:0:0:0:1%eth0]', '2001:db8::203.0.113.9', '2001:0db8::'];
    expect(await bothRead(parseIpNetwork('2001:db8::/32') as IpNetwork, v6)).toEqual({
      sql: [true, true, true, true],
      node: [true, true, true, true],
    });
    const v4 = ['::ffff:203.0.113.9', '::FFFF:cb00:7109', '0:0:0:0:0:ffff:203.0.113.9', '203.0.113.255'];
    expect(await bothRead(parseIpNetwork('203.0.113.0/24') as IpNetwork, v4)).toEqual({
      sql: [true, true, true, true],
      node: [true, true, true, true],
    });
  });
});
