// `sampling` thins out the access records a busy site writes most and reads least: successful health checks and
// static files. A health check or static file that failed, or that carried an attack, is always written; and the
// paths counted as health checks are the built-in list or the site's own.

import { afterEach, describe, expect, it } from 'vitest';
import type { RecordJson } from 'logbook/schema';
import type { WebLogbookOptions } from '../src/index.js';
import { JsonlSite } from './jsonl-site.js';
import { waitUntil } from '../../../test/support/wait-until.js';

let site: JsonlSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

const HEALTH = ['/health', '/healthz', '/ready', '/readyz', '/livez', '/ping'];
const STATIC = [
  '/app.css',
  '/app.js',
  '/logo.PNG',
  '/photo.jpg',
  '/photo.jpeg',
  '/fonts/a.woff2',
  '/fonts/a.woff',
  '/favicon.ico',
  '/app.js.map',
];

/**
 * Sends `targets` one after the other to a site with `options` (a path starting /missing answers 404, a `fail`
 * query 503, anything else 200), then a last request the sampling never drops; returns the access records'
 * targets, in order, once that last one is written.
 */
async function recorded(options: WebLogbookOptions, targets: readonly string[]): Promise<string[]> {
  site = await JsonlSite.start(options, (req, res) => {
    const url = new URL(req.url ?? '/', 'http://site');
    res.statusCode = url.pathname.startsWith('/missing') ? 404 : url.searchParams.has('fail') ? 503 : 200;
    res.end('ok');
  });
  for (const target of [...targets, '/last']) await (await fetch(site.url + target)).text();
  const written = (): RecordJson[] => site!.records().filter((r) => r.event === 'http.request');
  await waitUntil('the access record of /last, sent after every other request', () =>
    written().some((r) => r.request?.path === '/last'),
  );
  return written()
    .filter((r) => r.request?.path !== '/last')
    .map((r) => `${r.request?.path ?? '?'}${r.request?.query === undefined ? '' : `?${r.request.query}`}`);
}

describe('sampling of access records', () => {
  it('writes every health check and static file by default', async () => {
    expect(await recorded({}, [...HEALTH, ...STATIC])).toEqual([...HEALTH, ...STATIC]);
  });

  it('health: 0 drops the successful health checks of the built-in list, and no other request', async () => {
    const others = ['/', '/healthcheck', '/api/ping', '/app.css'];
    expect(await recorded({ sampling: { health: 0 } }, [...HEALTH, ...others])).toEqual(others);
  });

  it('static: 0 drops successful static files by their extension, in any case, and no page', async () => {
    const pages = ['/', '/products/lamp', '/css', '/health', '/app.css/edit'];
    expect(await recorded({ sampling: { static: 0 } }, [...STATIC, ...pages])).toEqual(pages);
  });

  it('keeps a failed health check or static file, and one that carries an attack', async () => {
    const kept = [
      '/healthz?fail=1',
      '/missing.css',
      "/app.css?id=1' OR '1'='1",
      '/ping?x=<script>alert(1)</script>',
    ];
    const written = await recorded({ sampling: { health: 0, static: 0 } }, ['/healthz', '/app.css', ...kept]);
    expect(written).toHaveLength(kept.length);
    expect(written.map((t) => t.replace(/\?.*/, ''))).toEqual([
      '/healthz',
      '/missing.css',
      '/app.css',
      '/ping',
    ]);
  });

  it('counts the site’s own healthPaths as health checks instead of the built-in list', async () => {
    const written = await recorded({ sampling: { health: 0, healthPaths: ['/status', '/up'] } }, [
      '/status',
      '/up',
      '/healthz',
      '/ping',
    ]);
    expect(written).toEqual(['/healthz', '/ping']);
  });

  it('keeps about the share it is given: static 0.5 keeps some static files and drops some', async () => {
    const files = Array.from({ length: 200 }, (_, i) => `/img/${i}.png`);
    const written = await recorded({ sampling: { static: 0.5 } }, files);
    // 200 draws at one half: fewer than 40 or more than 160 kept has a chance below one in 10^18.
    expect(written.length).toBeGreaterThan(40);
    expect(written.length).toBeLessThan(160);
  });

  it('keeps a small share as small: static 0.1 keeps about one static file in ten', async () => {
    const files = Array.from({ length: 200 }, (_, i) => `/img/${i}.png`);
    const written = await recorded({ sampling: { static: 0.1 } }, files);
    // 200 draws at one tenth: none, or more than 60, has a chance below one in 10^9.
    expect(written.length).toBeGreaterThan(0);
    expect(written.length).toBeLessThan(60);
  });
});
