// The fake-crawler rule judges a Googlebot or bingbot by its address. An anonymised copy drew addresses anywhere, so
// Googlebot from Google's own range became a fake crawler in the copy's report (and a fake one could land in the
// range). Likewise a proxy's private address became a public one, whose X-Forwarded-For is not believed. A
// pseudonym now stays in the crawler or private network its address is in, or like it in none.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CRAWLER_RANGES, crawlerNetworkOf, privateNetworkOf } from '@logbook/traffic';
import { propertyRuns } from '../../../test/support/property-runs.js';
import { Pseudonymiser } from '../src/pseudonymiser.js';
import { ipv4 } from './helpers/anonymise-arbitraries.js';

const PRIVATE_V4 = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.168.0.0/16',
];
const V4_NETWORKS = [
  ...Object.values(CRAWLER_RANGES).flatMap((r) => [...r.published, ...r.operatorBlocks]),
  ...PRIVATE_V4,
].filter((cidr) => !cidr.includes(':'));
const networkOf = (ip: string): string | undefined => (crawlerNetworkOf(ip) ?? privateNetworkOf(ip))?.cidr;

/** An address inside `cidr` (an IPv4 network), its host bits from `host`. */
function inside(cidr: string, host: number): string {
  const [base, bits] = cidr.split('/') as [string, string];
  const n = base.split('.').reduce((a, o) => a * 256 + Number(o), 0);
  const hostBits = 32 - Number(bits);
  const value = (n + (hostBits === 32 ? host : host % 2 ** hostBits)) >>> 0;
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

const crawlerAddress = fc
  .tuple(fc.constantFrom(...V4_NETWORKS), fc.integer({ min: 0, max: 2 ** 32 - 1 }))
  .map(([cidr, host]) => inside(cidr, host));

describe('an anonymised address', () => {
  it('stays in the crawler or private network its original is in, or in none when the original is in none', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.oneof(crawlerAddress, ipv4), { minLength: 1, maxLength: 30 }),
        fc.constantFrom(0, 8, 16, 24),
        (addresses, prefix) => {
          const p = new Pseudonymiser({ key: 'k', ipv4Prefix: prefix });
          for (const ip of addresses) p.reserve(ip);
          for (const ip of addresses) {
            const out = p.ip(ip);
            expect(out).not.toBe(ip);
            expect(addresses).not.toContain(out);
            expect(networkOf(out), `${ip} → ${out}`).toBe(networkOf(ip));
          }
        },
      ),
      propertyRuns(100),
    );
  });

  it('in IPv6 stays in its private network, and the loopback address, which names no one, is kept', () => {
    const p = new Pseudonymiser({ key: 'k' });
    for (const ip of ['fd12:3456::1', 'fe80::1', '2001:db8::1']) {
      const out = p.ip(ip);
      expect(out).not.toBe(ip);
      expect(privateNetworkOf(out)?.cidr, `${ip} → ${out}`).toBe(privateNetworkOf(ip)?.cidr);
    }
    expect(p.ip('::1')).toBe('::1');
  });

  it('of Googlebot in IPv6 stays in Google’s published network', () => {
    const p = new Pseudonymiser({ key: 'k' });
    const out = p.ip('2001:4860:4801:10::1');
    expect(out).not.toBe('2001:4860:4801:10:0:0:0:1');
    expect(out.startsWith('2001:4860:4801:')).toBe(true);
    expect(crawlerNetworkOf(out)?.cidr).toBe('2001:4860:4801::/48');
  });
});
