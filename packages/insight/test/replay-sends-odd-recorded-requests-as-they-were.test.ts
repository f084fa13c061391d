import { describe, it, expect, afterAll } from 'vitest';
import { cli } from './helpers/records.js';
import { closeSites, incidentRecord, logsWith, recordingSite } from './support/replay-site.js';

afterAll(closeSites);

/** One incident, `E-ODD001`, with the given session before it and the crashing request as received. */
const incident = (sessionPaths: string[], received: object): string =>
  logsWith([
    incidentRecord('E-ODD001', 'fp-odd', {
      request: { id: 'crash', method: 'POST', path: '/crash', status: 500 },
      incident: {
        received,
        session_trail: sessionPaths.map((path, i) => ({ id: `r${i}`, path, status: 404 })),
      },
    }),
  ]);

describe('replay sends odd recorded requests as they were', () => {
  it('sends every recorded target as a path on the target, with a URL inside it kept whole', async () => {
    const t = await recordingSite();
    const dir = incident(
      [
        'wp-login.php', // no leading slash, as a sloppy scanner sends it
        '/a#b', // a # the client sent is part of the path, and is sent so
        'http://other.test', // a proxy request with no path
        '/redirect/http://x.test/y', // a URL inside a path is no scheme to strip
        'http://other.test/r/http://x.test/', // nor is one after an absolute target's own
      ],
      { method: 'POST', url: '/crash', headers: { 'content-type': 'application/json' } },
    );
    const r = await cli(['replay', 'E-ODD001', dir, '--target', t.url]);
    expect(r.err).toBe('');
    expect(t.seen).toEqual([
      'GET /wp-login.php',
      'GET /a#b',
      'GET /',
      'GET /redirect/http://x.test/y',
      'GET /r/http://x.test/',
      'POST /crash',
    ]);
  });

  it('sends a path-traversal probe and its query byte for byte, not resolved as a URL would be', async () => {
    const t = await recordingSite();
    const dir = incident(
      [
        '/static/../../etc/passwd',
        '/static/%2e%2e/%2e%2e/etc/passwd',
        '/..\\..\\windows\\win.ini',
        "/search?q=1' OR '1'='1&debug",
        '/café menu', // as a framework decoded it: UTF-8 and a space, which no request line can carry raw
      ],
      { method: 'GET', url: '/x/./y/../crash?a=%zz' },
    );
    const r = await cli(['replay', 'E-ODD001', dir, '--target', t.url, '--no-color']);
    expect(r.err).toBe('');
    expect(t.seen).toEqual([
      'GET /static/../../etc/passwd',
      'GET /static/%2e%2e/%2e%2e/etc/passwd',
      'GET /..\\..\\windows\\win.ini',
      "GET /search?q=1'%20OR%20'1'='1&debug",
      'GET /caf%C3%A9%20menu',
      'GET /x/./y/../crash?a=%zz',
    ]);
    // the curl script sends them so too
    const curl = await cli(['replay', 'E-ODD001', dir, '--print', 'curl', '--target', t.url]);
    expect(curl.out).toContain(`'${t.url}/static/../../etc/passwd'`);
    expect(curl.out).toContain(`'${t.url}/caf%C3%A9%20menu'`);
    expect(curl.out).toContain('--path-as-is');
  });

  it('sends a JSON body with its nulls, and a form value that only looks like a placeholder as that text', async () => {
    const json = await recordingSite();
    await cli([
      'replay',
      'E-ODD001',
      incident([], {
        method: 'POST',
        url: '/crash',
        headers: { 'content-type': 'application/json' },
        body: { coupon: null, items: [1, null] },
      }),
      '--target',
      json.url,
    ]);
    expect(json.seen).toEqual(['POST /crash {"coupon":null,"items":[1,null]}']);

    const form = await recordingSite();
    const r = await cli([
      'replay',
      'E-ODD001',
      incident([], {
        method: 'POST',
        url: '/crash',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: { note: '{{coupon}}', password: '[redacted]' },
      }),
      '--target',
      form.url,
      '--set',
      'password=hunter2',
    ]);
    expect(r.err).toBe('');
    // {{coupon}} was typed by the visitor, not left by a redaction: it is sent as text, percent-encoded
    expect(form.seen).toEqual(['POST /crash note=%7B%7Bcoupon%7D%7D&password=hunter2']);
  });

  it('suggests the usual local address for an incident that recorded no headers', async () => {
    const r = await cli(['show', 'E-ODD001', incident([], { method: 'GET', url: '/crash' })]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Reproduce: logbook replay E-ODD001 --target http:\/\/127\.0\.0\.1:3000 /);
  });
});
