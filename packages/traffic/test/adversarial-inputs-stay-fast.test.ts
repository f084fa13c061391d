import { describe, expect, it } from 'vitest';
import { adversarialRequests } from '../bench/adversarial.js';
import { classify } from '../src/index.js';
import { PAYLOAD_REGEXES } from '../src/payload-rules.js';

// Timing goals live in bench/run.mjs. Here the only bound is a generous 1 s for the whole set: catastrophic
// backtracking on a 100 KB input takes minutes, so finishing at all is the proof.
describe('adversarial inputs', () => {
  it('classifies every adversarial request without throwing, well within a second in total', () => {
    const set = adversarialRequests();
    expect(set.length).toBeGreaterThan(30);
    const start = performance.now();
    for (const { label, facts } of set) {
      const r = classify(facts);
      expect(Array.isArray(r.signals), label).toBe(true);
    }
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('runs every payload regular expression over 100 KB worst-case strings without backtracking blow-up', () => {
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
    const start = performance.now();
    for (const re of PAYLOAD_REGEXES) {
      for (const f of fills) {
        const s = f.repeat(Math.ceil(K / f.length)).slice(0, K) + '\u0001';
        re.lastIndex = 0;
        re.test(s);
      }
    }
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('survives odd types at run time (JavaScript callers without TypeScript)', () => {
    const odd = { method: undefined, path: null, userAgent: 42 } as unknown as Parameters<typeof classify>[0];
    expect(() => classify(odd)).not.toThrow();
    expect(classify(odd).signals).toContain('malformed-request');
  });
});
