import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../../../test/support/property-runs.js';
import { classifyUncached } from '../src/classify.js';
import { RULE_IDS, batchClassifier, classify } from '../src/index.js';
import type { Classification, RequestFacts } from '../src/types.js';

const KINDS = new Set(['human', 'crawler', 'scanner', 'unknown']);
const DEVICES = new Set(['desktop', 'mobile', 'tablet', 'smarttv', 'console', 'wearable', 'embedded', 'xr']);

/** Text as real logs and attackers write it: any code unit (lone surrogates, NUL, controls), escapes, quotes. */
const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom(
      '%',
      '2',
      '5',
      'e',
      'E',
      'f',
      '0',
      '/',
      '.',
      '\\',
      '?',
      '&',
      '=',
      '+',
      "'",
      '"',
      '<',
      ';',
      '(',
      ')',
      '{',
      '$',
      '\0',
      '\n',
      '\ud800',
    ),
    maxLength: 40,
  }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
);
/** Percent-encode every character of `s` `times` times over (`/` → `%2F` → `%252F` …). */
function encodeNested(s: string, times: number): string {
  let out = s;
  for (let i = 0; i < times; i++)
    out = [...out].map((c) => '%' + (c.codePointAt(0)! & 0xff).toString(16).padStart(2, '0')).join('');
  return out;
}
const value = fc.oneof(
  { weight: 6, arbitrary: nasty },
  {
    weight: 1,
    arbitrary: fc.tuple(nasty, fc.integer({ min: 1, max: 5 })).map(([s, n]) => encodeNested(s, n)),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(nasty, fc.integer({ min: 1_000, max: 100_000 }))
      .map(([s, n]) => (s || 'a').repeat(Math.ceil(n / Math.max(1, s.length))).slice(0, n)),
  },
);
const request: fc.Arbitrary<RequestFacts> = fc.record(
  {
    method: fc.oneof(fc.constantFrom('GET', 'POST', 'HEAD', 'PROPFIND', 'get', ''), nasty),
    path: fc.oneof(
      value,
      value.map((v) => '/' + v),
    ),
    query: value,
    status: fc.oneof(fc.constantFrom(200, 301, 401, 403, 404, 500), fc.integer(), fc.double()),
    userAgent: value,
    referer: value,
    ip: fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4Extended(), nasty),
    authRequired: fc.boolean(),
    time: fc.oneof(fc.integer({ min: 0, max: 4e12 }), fc.double(), fc.date({ noInvalidDate: false })),
    host: nasty,
    linked: fc.boolean(),
  },
  { requiredKeys: ['method', 'path'] },
);

function expectWellFormed(r: Classification): void {
  expect(KINDS.has(r.client.kind), r.client.kind).toBe(true);
  expect(Object.isFrozen(r.client)).toBe(true);
  for (const key of Object.keys(r.client))
    expect(['kind', 'name', 'browser', 'os', 'device', 'reason']).toContain(key);
  for (const key of ['name', 'browser', 'os', 'device', 'reason'] as const) {
    const v = r.client[key];
    if (v !== undefined) {
      expect(typeof v).toBe('string');
      expect(v.length).toBeGreaterThan(0);
    }
  }
  if (r.client.device !== undefined) expect(DEVICES.has(r.client.device), r.client.device).toBe(true);
  expect(typeof r.client.reason).toBe('string');
  expect(Array.isArray(r.signals)).toBe(true);
  expect(new Set(r.signals).size).toBe(r.signals.length);
  const order = r.signals.map((s) => RULE_IDS.indexOf(s));
  expect(order.every((i) => i >= 0)).toBe(true);
  expect(order).toEqual([...order].sort((a, b) => a - b));
}

describe('classify on any input', () => {
  it('never throws and answers a well-formed classification, the same with and without its caches', () => {
    fc.assert(
      fc.property(request, (req) => {
        const r = classify(req);
        expectWellFormed(r);
        expect(classifyUncached(req)).toEqual(r);
        // A second call is answered from the caches; the signals handed out before are the caller's to change.
        r.signals.push('changed by the caller');
        const again = classify(req);
        expect(again.signals).not.toContain('changed by the caller');
        expect(again).toEqual({ ...r, signals: r.signals.slice(0, -1) });
        // insight's batch classifier remembers every request line: the same answers, first time and remembered.
        const batch = batchClassifier();
        expect(batch(req)).toEqual(again);
        expect(batch({ ...req })).toEqual(again);
      }),
      propertyRuns(300),
    );
  });
});
