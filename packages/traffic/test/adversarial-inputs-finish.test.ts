import { describe, expect, it } from 'vitest';
import { adversarialRequests } from '../bench/adversarial.js';
import { classify } from '../src/index.js';
import { PAYLOAD_REGEXES } from '../src/payload-rules.js';

// Timing goals live in bench/run.mjs (every call < 5 ms). Here no clock is read: catastrophic backtracking on a
// 100 KB input takes minutes, so finishing within the test's timeout at all is the proof. The timeout is a minute,
// far above the few milliseconds these take alone, so a loaded machine (a mutation run took 6 s for the set) does
// not fail it. regular-expressions-cannot-backtrack-catastrophically.test.ts proves each expression linear.
const HANG = { timeout: 60_000 };
describe('adversarial inputs', () => {
  it('classifies every adversarial request without throwing or hanging', HANG, () => {
    const set = adversarialRequests();
    expect(set.length).toBeGreaterThan(30);
    for (const { label, facts } of set) {
      const r = classify(facts);
      expect(Array.isArray(r.signals), label).toBe(true);
    }
  });

  it(
    'runs every payload regular expression over 100 KB worst-case strings without backtracking blow-up',
    HANG,
    () => {
      const K = 100 * 1024;
      const fills = [
        "' or ",
        '1 and 1',
        '<a',
        '; i',
        '=http://',
        ' ',
        'a',
        "'",
        '(',
        '/etc/',
        'union ',
        '$(',
        '"',
      ];
      for (const re of PAYLOAD_REGEXES) {
        for (const f of fills) {
          const s = f.repeat(Math.ceil(K / f.length)).slice(0, K) + '\u0001';
          re.lastIndex = 0;
          expect(typeof re.test(s)).toBe('boolean');
        }
      }
    },
  );

  it('survives odd types at run time (JavaScript callers without TypeScript)', () => {
    const odd = { method: undefined, path: null, userAgent: 42 } as unknown as Parameters<typeof classify>[0];
    expect(() => classify(odd)).not.toThrow();
    expect(classify(odd).signals).toContain('malformed-request');
  });
});
