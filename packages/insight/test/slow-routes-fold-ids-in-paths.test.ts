import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, combinedLine, tempDir, webRequest, writeJsonl } from './helpers/records.js';
import type { Report } from '../src/report/build-report.js';
import { closeDb, lit, openDb, rows } from '../src/db.js';
import { pathTemplate, pathTemplateSql } from '../src/path-template.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const ORDER_A = '3f2c8a1e-9b7d-4c6e-8f01-2a3b4c5d6e7f';
const ORDER_B = '0d9e8f7a-6b5c-4d3e-9f2a-1b0c9d8e7f6a';

/** A Nginx log with `$request_time` after the user agent: one line per [path, seconds]. */
function accessLog(requests: [string, string][]): string {
  const dir = tempDir();
  const lines = requests.map(([path, seconds], i) =>
    combinedLine({
      ip: `192.0.2.${i + 1}`,
      second: i,
      target: path,
      status: 200,
      ua: UA,
      after: ` ${seconds}`,
    }),
  );
  writeFileSync(join(dir, 'access.log'), lines.join('\n') + '\n');
  return dir;
}

const report = async (args: string[]): Promise<Report> => {
  const r = await cli(['report', ...args, '--json']);
  expect(r.err).toBe('');
  return JSON.parse(r.out) as Report;
};

// An access log records no route: every lecture page was a route of its own, each with one sample, so the slow
// place of the site never showed as one row.
describe('slow routes of an access log', () => {
  const dir = accessLog([
    ...[1, 2, 3, 4, 5, 6].map((id): [string, string] => [`/lectures/${id}`, `${id}.000`]),
    [`/orders/${ORDER_A}`, '0.200'],
    [`/orders/${ORDER_B}`, '0.400'],
    ['/2fa', '0.010'],
    ['/v2/status', '0.020'],
    ['/lectures/intro', '0.030'],
  ]);

  it('group paths that differ only in an id: numbers as :n, uuids and long hex ids as :id', async () => {
    const slow = (await report([dir])).slow_routes;
    expect(slow.map((s) => [s.route, s.by, s.count])).toEqual([
      ['GET /lectures/:n', 'path', 6],
      ['GET /orders/:id', 'path', 2],
      ['GET /lectures/intro', 'path', 1],
      ['GET /v2/status', 'path', 1],
      ['GET /2fa', 'path', 1],
    ]);
    expect(slow[0]).toMatchObject({ p50: 3500, max: 6000 });
  });

  it('are what a route= filter selects, so a row can be looked into', async () => {
    expect((await report([dir, '--filter', 'route=/lectures/:n'])).totals.requests).toBe(6);
    expect((await report([dir, '--filter', 'route=/orders/:id'])).totals.requests).toBe(2);
    // A path with no id is its own route; a wildcard matches the folded text too.
    expect((await report([dir, '--filter', 'route=/2fa'])).totals.requests).toBe(1);
    expect((await report([dir, '--filter', 'route=/lectures/*'])).totals.requests).toBe(7);
    expect((await report([dir, '--filter', 'route!=/lectures/:n'])).totals.requests).toBe(5);
  });

  it('select the same lines in tail as in the report', async () => {
    const r = await cli(['tail', dir, '-n', '100', '--filter', 'route=/orders/:id', '--no-color']);
    expect(r.err).toBe('');
    const shown = r.out.trim().split('\n');
    expect(shown).toHaveLength(2);
    expect(shown.every((l) => l.includes('/orders/'))).toBe(true);
  });

  it('fold only whole segments in condense too: /2fa is not /:nfa', async () => {
    const r = await cli(['condense', dir, '--no-color']);
    expect(r.out).toContain('GET /2fa 200');
    expect(r.out).toContain('GET /v2/status 200');
    expect(r.out).toContain('GET /lectures/:n 200');
    expect(r.out).not.toContain(':nfa');
  });
});

describe('a route the framework recorded', () => {
  it('is kept as it is, and a route= filter matches it, not the folded path', async () => {
    const dir = tempDir();
    writeJsonl(join(dir, 'app.jsonl'), [
      webRequest(0, { path: '/lectures/12', route: '/lectures/:slug', duration_ms: 40, ua: UA }),
      webRequest(1, { path: '/lectures/13', duration_ms: 30, ua: UA }),
    ]);
    const r = await report([dir]);
    expect(r.slow_routes.map((s) => [s.route, s.by])).toEqual([
      ['GET /lectures/:slug', 'route'],
      ['GET /lectures/:n', 'path'],
    ]);
    expect((await report([dir, '--filter', 'route=/lectures/:slug'])).totals.requests).toBe(1);
    expect((await report([dir, '--filter', 'route=/lectures/:n'])).totals.requests).toBe(1);
  });
});

describe('folding a path', () => {
  it('gives the same text in the table (SQL) as for a live line (JavaScript)', async () => {
    const cases: [string, string][] = [
      ['/lectures/12', '/lectures/:n'],
      ['/1/2/3', '/:n/:n/:n'],
      ['/a/12/b/7/', '/a/:n/b/:n/'],
      ['/2fa', '/2fa'],
      ['/v2/status', '/v2/status'],
      ['/404.html', '/404.html'],
      [`/orders/${ORDER_A}/items/3`, '/orders/:id/items/:n'],
      ['/blob/5d41402abc4b2a76b9719d911017c592', '/blob/:id'],
      // Sixteen letters a-f and dashes, no digit: a word, not an id (a digit elsewhere in the path, so it is looked at).
      ['/docs/2/facade-decade-bead', '/docs/:n/facade-decade-bead'],
      ['/docs/facade-accessed', '/docs/facade-accessed'],
      ['/x/deadbeefdeadbee', '/x/deadbeefdeadbee'],
      ['/x/deadbeefdeadbeef1', '/x/:id'],
      ['/12345678901234567890', '/:n'],
      ['/a//1', '/a//:n'],
      ['/', '/'],
      ['', ''],
      ['/a-1-b', '/a-1-b'],
      // No leading slash: not a path of the site.
      ['12', '12'],
      ['12/34', '12/34'],
      [`${ORDER_A}/7`, `${ORDER_A}/7`],
    ];
    const db = await openDb();
    try {
      for (const [path, folded] of cases) {
        expect(pathTemplate(path), path).toBe(folded);
        const [row] = await rows(db, `SELECT ${pathTemplateSql(lit(path))} AS t`);
        expect(row?.t, path).toBe(folded);
      }
    } finally {
      closeDb(db);
    }
  });
});
