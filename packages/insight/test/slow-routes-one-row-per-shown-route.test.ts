import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir, webRequest, writeJsonl, type Rec } from './helpers/records.js';
import type { Report } from '../src/report/build-report.js';

/** A request record with the given method (or none), path and duration. */
const request = (i: number, method: string | undefined, path: string, duration: number): Rec =>
  webRequest(i, { method, path, duration_ms: duration, ua: 'curl/8.5.0' });

describe('slow routes', () => {
  it('has one row per route as shown, with the percentiles of every request shown under it', async () => {
    const dir = tempDir();
    writeJsonl(join(dir, 'app.jsonl'), [
      request(0, 'GET', '/report', 10),
      request(1, 'GET', '/report', 30),
      // No method recorded, and a path that reads as a method and a path: shown as the same route.
      request(2, undefined, 'GET /report', 50),
      request(3, 'POST', '/report', 5),
    ]);
    const r = await cli(['report', dir, '--json']);
    expect(r.err).toBe('');
    const report = JSON.parse(r.out) as Report;
    expect(report.slow_routes).toEqual([
      { route: 'GET /report', by: 'path', count: 3, p50: 30, p95: 48, p99: 49.6, max: 50 },
      { route: 'POST /report', by: 'path', count: 1, p50: 5, p95: 5, p99: 5, max: 5 },
    ]);
  });

  it('lists routes that differ only in method apart', async () => {
    const dir = tempDir();
    writeJsonl(join(dir, 'app.jsonl'), [
      request(0, 'GET', '/a', 10),
      request(1, 'PUT', '/a', 20),
      request(2, 'GET', '/b', 1),
    ]);
    const r = await cli(['report', dir, '--json']);
    const report = JSON.parse(r.out) as Report;
    expect(report.slow_routes.map((s) => [s.route, s.count, s.p95])).toEqual([
      ['PUT /a', 1, 20],
      ['GET /a', 1, 10],
      ['GET /b', 1, 1],
    ]);
  });
});

describe('slow routes by how sure their percentiles are', () => {
  it('list routes with five or more timed requests first, so a single slow request does not head the list', async () => {
    const dir = tempDir();
    writeJsonl(join(dir, 'app.jsonl'), [
      request(0, 'GET', '/once', 2000),
      ...[100, 200, 300, 400, 500].map((ms, i) => request(1 + i, 'GET', '/search', ms)),
      ...[1, 2, 3, 4, 5].map((ms, i) => request(6 + i, 'GET', '/', ms)),
      request(11, 'GET', '/twice', 50),
      request(12, 'GET', '/twice', 60),
    ]);
    const r = await cli(['report', dir, '--json']);
    const report = JSON.parse(r.out) as Report;
    expect(report.slow_routes.map((s) => [s.route, s.count])).toEqual([
      ['GET /search', 5],
      ['GET /', 5],
      ['GET /once', 1],
      ['GET /twice', 2],
    ]);
  });
});

describe('slow routes of the site', () => {
  it('leave out 404s that matched no route (probes and mistyped links), and keep a route that answered 404', async () => {
    const dir = tempDir();
    writeJsonl(join(dir, 'app.jsonl'), [
      request(0, 'GET', '/courses', 3),
      webRequest(1, { path: '/phpinfo.php', status: 404, duration_ms: 900, ua: 'curl/8.5.0' }),
      webRequest(2, {
        path: '/courses/nope',
        route: '/courses/:slug',
        status: 404,
        duration_ms: 40,
        ua: 'curl/8.5.0',
      }),
    ]);
    const report = JSON.parse((await cli(['report', dir, '--json'])).out) as Report;
    expect(report.slow_routes.map((s) => s.route)).toEqual(['GET /courses/:slug', 'GET /courses']);
  });
});

describe('slow routes as printed', () => {
  it('shows every duration with one decimal, so the columns line up on the point', async () => {
    const dir = tempDir();
    writeJsonl(join(dir, 'app.jsonl'), [request(0, 'GET', '/fast', 4), request(1, 'GET', '/slow', 1250)]);
    const text = await cli(['report', dir]);
    expect(text.out).toMatch(/GET \/slow +1 +1,250\.0 +1,250\.0 +1,250\.0/);
    expect(text.out).toMatch(/GET \/fast +1 +4\.0 +4\.0 +4\.0/);
    const html = await cli(['report', dir, '--html', join(dir, 'report.html')]);
    expect(html.err).toContain('HTML report written');
    const page = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(page).toContain('<td data-label="p50 ms">1,250.0</td>');
    expect(page).toContain('<td data-label="p50 ms">4.0</td>');
  });
});
