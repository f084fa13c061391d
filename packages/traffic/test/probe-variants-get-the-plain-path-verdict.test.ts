import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../../../test/support/property-runs.js';
import { BACKDOOR_FILES } from '../src/data/backdoors.js';
import {
  ADMIN_PATHS,
  CVE_PATHS,
  PHPMYADMIN_PATHS,
  SENSITIVE_PATHS,
  WORDPRESS_PATHS,
} from '../src/data/paths.js';
import { classify } from '../src/index.js';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';

/** Concrete probe paths from the catalogue's lists (a `prefix*` entry gets a suffix, as a scanner would add). */
const probePaths = [
  ...WORDPRESS_PATHS,
  ...PHPMYADMIN_PATHS,
  ...ADMIN_PATHS,
  ...SENSITIVE_PATHS,
  ...BACKDOOR_FILES,
  ...CVE_PATHS,
].map((p) => '/' + (p.endsWith('*') ? p.slice(0, -1) + '1' : p));

/** Randomly upper-case each letter. */
const recased = (path: string): fc.Arbitrary<string> =>
  fc
    .array(fc.boolean(), { minLength: path.length, maxLength: path.length })
    .map((flips) => [...path].map((c, i) => (flips[i] ? c.toUpperCase() : c)).join(''));
/** Percent-encode some characters other than `/` (a server decodes them before it looks the file up). */
const encoded = (path: string): fc.Arbitrary<string> =>
  fc
    .tuple(fc.array(fc.boolean(), { minLength: path.length, maxLength: path.length }), fc.boolean())
    .map(([pick, upperHex]) =>
      [...path]
        .map((c, i) => {
          if (!pick[i] || c === '/') return c;
          const hex = c.charCodeAt(0).toString(16).padStart(2, '0');
          return '%' + (upperHex ? hex.toUpperCase() : hex);
        })
        .join(''),
    );
/** Empty and `.` segments between segments (`//`, `/./`), which a server resolves away. */
const dotted = (path: string): fc.Arbitrary<string> => {
  const segs = path.split('/').slice(1);
  return fc
    .array(fc.constantFrom('', '/', '/.', '/./', '//.'), { minLength: segs.length, maxLength: segs.length })
    .map((extra) =>
      segs
        .map((s, i) => '/' + extra[i]!.replace(/^\//, '') + (extra[i] === '' ? '' : '/') + s)
        .join('')
        .replace(/\/+(?=\/)/g, '//'),
    );
};

describe('a probe path written another way a server resolves to the same resource', () => {
  for (const [label, variant] of [
    ['in another case', recased],
    ['percent-encoded', encoded],
    ['with // and /./', dotted],
  ] as const) {
    it(`${label} gets the plain path's signals`, () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...probePaths).chain((p) => fc.tuple(fc.constant(p), variant(p))),
          fc.constantFrom(404, 403, 200, undefined),
          fc.boolean(),
          ([plain, other], status, selfReferer) => {
            const base = {
              method: 'GET',
              userAgent: FIREFOX,
              ip: '203.0.113.5',
              host: 'example.com',
              ...(status !== undefined ? { status } : {}),
            };
            // Scanners send the page itself as the referer: no page links there (docs/traffic.md, not-found-probe).
            const as = (path: string) => ({
              ...base,
              path,
              ...(selfReferer ? { referer: `https://example.com${path}` } : {}),
            });
            const want = classify(as(plain)).signals;
            // A site that answered the path serves that product: its own page (docs/traffic.md), no probe.
            if (status !== 200) expect(want.length, plain).toBeGreaterThan(0);
            expect(classify(as(other)).signals, other).toEqual(want);
          },
        ),
        propertyRuns(300),
      );
    });
  }
});
