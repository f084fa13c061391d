import { describe, it, expect, beforeAll } from 'vitest';
import { join } from 'node:path';
import { assertValid, cli, generateRecords, tempDir, writeJsonl, type Rec } from './helpers/records.js';
import { loadSources } from '../src/sources/load.js';
import { rows } from '../src/db.js';
import type { Report } from '../src/report/build-report.js';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

/**
 * A human request as @logbook/web writes it: classified by the middleware, and with no `signals` key at all
 * (the middleware leaves it out when no rule matched), which is what left `signals` NULL.
 */
function humanRequest(i: number, path: string, status: number, referer: string): Rec {
  const rec: Rec = {
    v: 1,
    host: 'web-1',
    pid: 4242,
    time: `2026-11-22T12:00:${String(i).padStart(2, '0')}.000Z`,
    level: status >= 400 ? 'WARNING' : 'INFO',
    channel: 'http',
    msg: '{method} {path} {status}',
    message: `GET ${path} ${status}`,
    event: 'http.request',
    request: {
      id: `r-h${i}`,
      method: 'GET',
      path,
      status,
      duration_ms: 3,
      ip: '203.0.113.77',
      ua: FIREFOX,
      referer,
    },
    client: {
      kind: 'human',
      browser: 'Firefox 133',
      os: 'Linux',
      device: 'desktop',
      reason: 'browser user agent',
    },
  };
  assertValid(rec);
  return rec;
}

describe('404s in JSONL records that all arrived classified', () => {
  let dir: string;
  let report: Report;
  beforeAll(async () => {
    dir = tempDir();
    const site = 'https://courses.example';
    const records = [
      ...generateRecords({ seed: 5, users: 3 }).records,
      // Successful human requests referred by the site itself make it the guessed site host.
      humanRequest(1, '/courses', 200, `${site}/`),
      humanRequest(2, '/courses/typescript', 200, `${site}/courses`),
      humanRequest(3, '/courses/rust-for-beginers', 404, `${site}/courses`),
      humanRequest(4, '/courses/rust-for-beginers', 404, `${site}/courses`),
    ];
    // Every record with a request carries its client, so the loader has nothing to classify (the path with the bug).
    for (const r of records.filter((x) => (x.request as { path?: string } | undefined)?.path))
      expect(r.client, JSON.stringify(r)).toBeDefined();
    writeJsonl(join(dir, 'app.jsonl'), records);
    const r = await cli(['report', dir, '--json']);
    expect(r.err).toBe('');
    report = JSON.parse(r.out) as Report;
  });

  it('lists a human 404 linked from the site’s own page under broken links', () => {
    expect(report.not_found.site_hosts).toEqual(['courses.example']);
    expect(report.not_found.broken_links).toEqual([
      { path: '/courses/rust-for-beginers', referer: 'https://courses.example/courses', hits: 2 },
    ]);
  });

  it('lists the other human 404s (no referer) under other, so every 404 is accounted for', () => {
    // generateRecords: each of the 3 people requests /old-page once (404, no referer); the prober's 3 are probes.
    expect(report.not_found.other).toEqual([{ path: '/old-page', hits: 3 }]);
    expect(report.not_found.probes.hits).toBe(3);
    const listed =
      report.not_found.broken_links.reduce((n, b) => n + b.hits, 0) +
      report.not_found.other.reduce((n, o) => n + o.hits, 0) +
      report.not_found.probes.hits;
    expect(listed).toBe(report.not_found.total);
  });

  it('loads records without a signals key as an empty list, for the full and the lean loader', async () => {
    for (const lean of [false, true]) {
      const db = await loadSources([dir], { lean });
      try {
        const [r] = await rows(
          db,
          `SELECT count(*) FILTER (WHERE signals IS NULL)::INT AS nulls,
            count(*) FILTER (WHERE len(signals) = 0)::INT AS empty FROM requests`,
        );
        expect(r, `lean: ${lean}`).toMatchObject({ nulls: 0 });
        expect(Number(r!.empty), `lean: ${lean}`).toBeGreaterThan(0);
      } finally {
        db.close();
      }
    }
  });
});
