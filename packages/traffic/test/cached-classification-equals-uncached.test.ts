import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCombinedLog } from '../eval/combined-log.js';
import { classifyUncached, refererCacheSize } from '../src/classify.js';
import { batchClassifier, classify } from '../src/index.js';
import { TARGET_CACHE_SIZE, targetCacheSize } from '../src/target.js';
import type { RequestFacts } from '../src/types.js';

// The shared Apache log (17-20 May 2015): real visitors, crawlers and probes. See /work/shared/fixtures.
const FIXTURE = fileURLToPath(
  new URL('../../../../shared/fixtures/elastic-apache-access/access.log', import.meta.url),
);
const lines = parseCombinedLog(readFileSync(FIXTURE, 'utf8'));
const YEAR = 365.25 * 24 * 3600 * 1000;

// The fixture-wide tests classify 10,000 lines two or three times: a second alone, but over the default 30 s on a
// loaded machine under a mutation run's coverage instrumentation. A minute and a half still catches a hang.
const WHOLE_FIXTURE = { timeout: 90_000 };

describe('classification caches', () => {
  it(
    'give the answer computed without them for every line of the Apache fixture, first and second time',
    WHOLE_FIXTURE,
    () => {
      expect(lines.length).toBe(10_000);
      for (const { line, facts } of lines) {
        const fresh = classifyUncached(facts);
        expect(classify(facts), `line ${line}`).toEqual(fresh);
        expect(classify(facts), `line ${line}, cached`).toEqual(fresh);
      }
    },
  );

  it(
    'a batch classifier (insight’s, for one log) gives the same answers, first and second time',
    WHOLE_FIXTURE,
    () => {
      const batch = batchClassifier();
      for (const { line, facts } of lines) {
        const fresh = classifyUncached(facts);
        expect(batch(facts), `line ${line}`).toEqual(fresh);
        expect(batch({ ...facts }), `line ${line}, remembered`).toEqual(fresh);
      }
      // Its keys tell apart what the shared cache's do: the query given separately or inside the path.
      const apart = batchClassifier();
      expect(apart({ method: 'GET', path: '/wp-login.php', status: 404 }).signals).toContain(
        'wordpress-probe',
      );
      expect(apart({ method: 'GET', path: '/', query: 'wp-login.php', status: 404 }).signals).not.toContain(
        'wordpress-probe',
      );
      expect(apart({ method: 'GE', path: 'T /x' })).toEqual(classifyUncached({ method: 'GE', path: 'T /x' }));
    },
  );

  it('a batch classifier tells a path asked for with a query from the same path without one, in either order', () => {
    const injected = { method: 'GET', path: '/item', query: "id=1' or '1'='1" };
    const plain = { method: 'GET', path: '/item' };
    const other = { method: 'GET', path: '/item', query: 'id=2' };
    for (const order of [
      [injected, plain, other, injected, plain],
      [plain, injected, other, plain, injected],
    ]) {
      const batch = batchClassifier();
      for (const facts of order) expect(batch(facts), JSON.stringify(facts)).toEqual(classifyUncached(facts));
    }
    expect(classifyUncached(injected).signals).toContain('sql-injection');
    expect(classifyUncached(plain).signals).not.toContain('sql-injection');
  });

  it('a batch classifier reads attacks in the referer, and user agents once given and once not', () => {
    const batch = batchClassifier();
    const xss = { method: 'GET', path: '/', referer: 'https://example.org/"><script>alert(1)</script>' };
    expect(batch(xss).signals).toEqual(['xss', 'empty-user-agent']);
    expect(batch({ ...xss }).signals).toEqual(['xss', 'empty-user-agent']);
    expect(batch({ method: 'GET', path: '/' }).signals).toEqual(['empty-user-agent']);
    expect(batch({ method: 'GET', path: '/', userAgent: 'sqlmap/1.7' }).client.name).toBe('sqlmap');
  });

  it(
    'still judge status, address and time per request when the user agent, path and referer repeat',
    WHOLE_FIXTURE,
    () => {
      // Every 7th line again with what the caches do not key on changed: the status (product probes,
      // not-found probe, crawler on a private page), the address (fake crawler) and the time (outdated browser).
      const variants: RequestFacts[] = [];
      for (let i = 0; i < lines.length; i += 7) {
        const facts = lines[i]!.facts;
        const time = facts.time ?? Date.parse('2015-05-18T00:00:00Z');
        for (const status of [200, 301, 401, 403, 404, 500, undefined]) {
          variants.push({ ...facts, status });
        }
        variants.push({ ...facts, ip: '66.249.66.1' }, { ...facts, ip: '10.1.2.3' }, { ...facts, ip: '' });
        variants.push({ ...facts, time: time + 6 * YEAR }, { ...facts, time: time - 6 * YEAR });
        variants.push({ ...facts, referer: `http://${facts.ip}/` }, { ...facts, authRequired: true });
      }
      const seen = new Set<string>();
      for (const facts of variants) {
        const fresh = classifyUncached(facts);
        for (const id of fresh.signals) seen.add(id);
        expect(classify(facts), JSON.stringify(facts)).toEqual(fresh);
      }
      // The variants reach every rule that depends on more than the cached inputs.
      for (const id of ['not-found-probe', 'fake-crawler', 'outdated-browser', 'crawler-restricted']) {
        expect(seen).toContain(id);
      }
    },
  );

  it('tell apart a query given separately from the same text inside the path', () => {
    const userAgent = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
    const a = classify({ method: 'GET', path: '/search', query: 'q=1%27%20or%201=1--', userAgent });
    const b = classify({ method: 'GET', path: '/search?q=1%27%20or%201=1--', userAgent });
    const c = classify({ method: 'GET', path: '/search', query: 'q=1', userAgent });
    expect(a.signals).toContain('sql-injection');
    expect(b).toEqual(a);
    expect(c.signals).toEqual([]);
    // Same characters, split differently between method, path and query: different requests.
    expect(classify({ method: 'GET', path: '/wp-login.php', status: 404 }).signals).toContain(
      'wordpress-probe',
    );
    expect(classify({ method: 'GET', path: '/', query: 'wp-login.php', status: 404 }).signals).not.toContain(
      'wordpress-probe',
    );
  });

  it('stay bounded however many distinct paths and referers arrive', () => {
    for (let i = 0; i < TARGET_CACHE_SIZE + 3000; i++) {
      classify({ method: 'GET', path: `/item/${i}`, referer: `https://example.org/page/${i}` });
    }
    expect(targetCacheSize()).toBe(TARGET_CACHE_SIZE);
    expect(refererCacheSize()).toBeLessThanOrEqual(TARGET_CACHE_SIZE);
    expect(refererCacheSize()).toBeGreaterThan(0);
    // Long request lines are judged without being kept.
    const before = targetCacheSize();
    const long = classify({ method: 'GET', path: '/' + 'a'.repeat(5000) + '/.env', status: 404 });
    expect(long.signals).toContain('sensitive-file');
    expect(targetCacheSize()).toBe(before);
  });
});
