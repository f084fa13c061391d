import { describe, it, expect, afterAll } from 'vitest';
import { cli } from './helpers/records.js';
import { closeSites, incidentRecord, logsWith, recordingSite } from './support/replay-site.js';

afterAll(closeSites);

/**
 * An incident whose session holds what scanners and proxy probes send as request targets: a path that starts
 * with two slashes and an absolute URL, both naming another host. The crash itself was a plain path.
 */
const incidentNaming = (otherHost: string): string =>
  logsWith([
    incidentRecord('E-BASE01', 'fp-1', {
      request: { id: 'r3', method: 'GET', path: '/cart', query: 'item=3', status: 500 },
      incident: {
        received: { method: 'GET', url: '/cart?item=3#top', headers: {} },
        session_trail: [
          { id: 'r1', path: `//${otherHost}/steal`, status: 404 },
          { id: 'r2', path: `http://${otherHost}/proxy`, query: 'q=1', status: 404 },
          { id: 'r3', path: '/cart', query: 'item=3', status: 500 },
        ],
      },
    }),
  ]);

describe('replay sends every request to the target, under its base path', () => {
  it('never lets a recorded target name another host', async () => {
    const target = await recordingSite();
    const other = await recordingSite();
    const r = await cli([
      'replay',
      'E-BASE01',
      incidentNaming(new URL(other.url).host),
      '--target',
      target.url,
    ]);
    expect(r.err).toBe('');
    expect(other.seen).toEqual([]);
    expect(target.seen).toEqual([
      `GET //${new URL(other.url).host}/steal`,
      'GET /proxy?q=1',
      // a `#` the client sent is part of the request target, not a fragment to drop
      'GET /cart?item=3#top',
    ]);
  });

  it('puts a target base path before each recorded path, in the sent requests and in the printed scripts', async () => {
    const target = await recordingSite();
    const dir = incidentNaming('example.com');
    const shop = `${target.url}/shop/`;
    const r = await cli(['replay', 'E-BASE01', dir, '--target', shop]);
    expect(r.err).toBe('');
    expect(target.seen).toEqual([
      'GET /shop//example.com/steal',
      'GET /shop/proxy?q=1',
      'GET /shop/cart?item=3#top',
    ]);

    const http = await cli(['replay', 'E-BASE01', dir, '--target', shop, '--print', 'http']);
    expect(http.out).toContain(`GET ${target.url}/shop/cart?item=3%23top\n`);
    expect(http.out).not.toContain('example.com/steal\n###');
    const curl = await cli(['replay', 'E-BASE01', dir, '--target', shop, '--print', 'curl']);
    expect(curl.out).toContain(`'${target.url}/shop//example.com/steal'`);
    expect(curl.out).toContain(`'${target.url}/shop/proxy?q=1'`);
  });

  it('refuses a target with a query, a fragment or credentials, saying what to give instead', async () => {
    const dir = incidentNaming('example.com');
    for (const [target, words] of [
      ['http://127.0.0.1:3000/?debug=1', 'has a query or fragment'],
      ['http://127.0.0.1:3000/#x', 'has a query or fragment'],
      ['http://me:pw@127.0.0.1:3000', 'has a user name or password in it'],
      ['http://me@127.0.0.1:3000', 'has a user name or password in it'],
      ['http://:pw@127.0.0.1:3000', 'has a user name or password in it'],
    ] as const) {
      const r = await cli(['replay', 'E-BASE01', dir, '--target', target]);
      expect(r.code, target).toBe(2);
      expect(r.err, target).toContain(`--target ${target} ${words}`);
      expect(r.err, target).toContain('e.g. http://127.0.0.1:3000');
    }
  });
});
