import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { propertyRuns } from '../../../test/support/property-runs.js';
import { Pseudonymiser } from '../src/pseudonymiser.js';
import { canonical6, ipv4, ipv6Groups, ipv6Spellings } from './helpers/anonymise-arbitraries.js';

const groupsOf = (ip: string): number[] | undefined => {
  const [head = '', tail] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const all = [...h, ...Array<string>(tail === undefined ? 0 : 8 - h.length - t.length).fill('0'), ...t];
  return all.length === 8 && all.every((g) => /^[0-9a-f]{1,4}$/i.test(g))
    ? all.map((g) => parseInt(g, 16))
    : undefined;
};

describe('anonymise pseudonyms', () => {
  it('map one address to one pseudonym in every spelling, keep different addresses apart, and keep exactly the prefix', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(ipv4, { minLength: 1, maxLength: 20 }),
        fc.uniqueArray(ipv6Groups, { minLength: 1, maxLength: 20, selector: canonical6 }),
        fc.constantFrom(0, 8, 16, 24),
        fc.constantFrom(0, 16, 32, 48, 64),
        (v4s, v6s, p4, p6) => {
          const p = new Pseudonymiser({ key: 'k', ipv4Prefix: p4, ipv6Prefix: p6 });
          for (const ip of v4s) p.reserve(ip);
          for (const g of v6s) p.reserve(canonical6(g));
          const seen = new Map<string, string>();
          for (const ip of v4s) {
            const out = p.ip(ip);
            expect(out).toMatch(/^\d{1,3}(\.\d{1,3}){3}$/);
            expect(v4s).not.toContain(out);
            // the kept octets are the original's, and the host part is not
            const keep = p4 / 8;
            expect(out.split('.').slice(0, keep)).toEqual(ip.split('.').slice(0, keep));
            expect(p.text(`from ${ip} and ::ffff:${ip}.`)).toBe(`from ${out} and ::ffff:${out}.`);
            expect(seen.has(out)).toBe(false);
            seen.set(out, ip);
          }
          for (const g of v6s) {
            const outs = ipv6Spellings(g).map((s) => p.ip(s));
            expect(new Set(outs).size).toBe(1);
            const groups = groupsOf(outs[0]!);
            expect(groups).toBeDefined();
            expect(groups!.slice(0, p6 / 16)).toEqual(g.slice(0, p6 / 16));
            expect(canonical6(groups!)).not.toBe(canonical6(g));
            expect(p.text(`[${ipv6Spellings(g)[1]!}]:443`)).toBe(`[${outs[0]!}]:443`);
            expect(seen.has(outs[0]!)).toBe(false);
            seen.set(outs[0]!, canonical6(g));
          }
        },
      ),
      propertyRuns(100),
    );
  });

  it('map an email to one pseudonym in any letter case, and different emails apart', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.emailAddress(), { minLength: 2, maxLength: 10, selector: (e) => e.toLowerCase() }),
        (emails) => {
          const p = new Pseudonymiser({ key: 'k' });
          const outs = emails.map((e) => p.email(e));
          expect(emails.map((e) => p.email(e.toUpperCase()))).toEqual(outs);
          expect(new Set(outs).size).toBe(emails.length);
        },
      ),
      propertyRuns(100),
    );
  });
});
