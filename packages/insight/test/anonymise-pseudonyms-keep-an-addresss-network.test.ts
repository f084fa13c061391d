// The fake-crawler rule judges a Googlebot or bingbot by its address. An anonymised copy drew addresses anywhere, so
// Googlebot from Google's own range became a fake crawler in the copy's report (and a fake one could land in the
// range). A pseudonym now stays in the crawler network its address is in, or like it in none.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CRAWLER_RANGES, crawlerNetworkOf } from '@logbook/traffic';
import { propertyRuns } from '../../../test/support/property-runs.js';
import { Pseudonymiser } from '../src/pseudonymiser.js';
import { ipv4 } from './helpers/anonymise-arbitraries.js';

const V4_NETWORKS = Object.values(CRAWLER_RANGES)
  .flatMap((r) => [...r.published, ...r.operatorBlocks])
  .filter((cidr) => !cidr.includes(':'));

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
  it('stays in the crawler network its original is in, or in none when the original is in none', () => {
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
            expect(crawlerNetworkOf(out)?.cidr, `${ip} → ${out}`).toBe(crawlerNetworkOf(ip)?.cidr);
          }
        },
      ),
      propertyRuns(100),
    );
  });

  it('of Googlebot in IPv6 stays in Google’s published network', () => {
    const p = new Pseudonymiser({ key: 'k' });
    const out = p.ip('2001:4860:4801:10::1');
    expect(out).not.toBe('2001:4860:4801:10:0:0:0:1');
    expect(out.startsWith('2001:4860:4801:')).toBe(true);
    expect(crawlerNetworkOf(out)?.cidr).toBe('2001:4860:4801::/48');
  });
});
