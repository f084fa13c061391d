// In node:http, Express, Fastify, Hono and Koa (@koa/router), for any method, target (percent-escapes, unicode, dot
// segments, a trailing slash, a fragment) and status, a request gets exactly one access record with the method, the
// path as sent and the status that went out, and the route pattern the framework matched it to — the one its
// handler was registered under — or none when no route answered it.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../../../test/support/property-runs.js';
import { FRAMEWORKS, frameworkSite } from './framework-sites.js';
import { JsonlSite } from './jsonl-site.js';
import { rawExchange } from './raw-socket.js';

const UNITS = [
  'abc',
  'Z9',
  '-',
  '.',
  '..',
  '%20',
  '%2F',
  '%2e',
  '%C3%A9',
  'é',
  '日本',
  '~',
  "'",
  '(',
  ':',
  '@',
  '+',
];
const segment = fc.array(fc.constantFrom(...UNITS), { minLength: 0, maxLength: 4 }).map((p) => p.join(''));
const path = fc.oneof(
  segment.map((id) => `/users/${id}`),
  fc.tuple(segment, segment).map(([c, i]) => `/shop/${c}/items/${i}`),
  fc.tuple(segment, fc.constantFrom('', '/', '//', '/x')).map(([id, tail]) => `/users/${id}${tail}`),
  fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => '/' + s.join('/')),
  fc.constantFrom('/', '/USERS/1', '/users', '/users/', '//users/1'),
);
const query = fc.option(fc.constantFrom('?page=2', '?q=%C3%A9&x', '?token=SECRETq', '?'), { nil: undefined });
const fragment = fc.option(fc.constantFrom('#top', '#access_token=SECRETf'), { nil: undefined });
const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS');
const status = fc.constantFrom(200, 201, 204, 301, 304, 400, 404, 410, 418, 429, 500, 503);

describe.each(FRAMEWORKS)('every request to %s', (framework) => {
  it('gets one access record with its route pattern, the path as sent and the status that went out', async () => {
    const site = await JsonlSite.serve(
      {},
      frameworkSite(framework, { thrown: () => new Error('unused'), steps: async () => undefined }),
    );
    try {
      await fc.assert(
        fc.asyncProperty(method, path, query, fragment, status, async (m, p, q, f, s) => {
          site.clear();
          const target = p + (q ?? '') + (f ?? '');
          const head = `${m} ${target} HTTP/1.1\r\nHost: shop.example\r\nX-Status: ${s}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`;
          const answer = await rawExchange(site.url, head);
          const answered = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
          const routed = /\r\nx-routed: ([^\r]*)/i.exec(answer)?.[1];
          await site.accessRecords(1);
          await new Promise((resolve) => setTimeout(resolve, 5)); // a second record would come now
          const access = site.records().filter((r) => r.event === 'http.request');
          expect(access, `${m} ${target}`).toHaveLength(1);
          const request = access[0]!.request!;
          expect(request.method).toBe(m);
          expect(request.status, answer.slice(0, 200)).toBe(answered);
          if (routed !== undefined) expect(answered).toBe(s);
          // The pattern of the route that answered, whatever the framework decoded to match it; none without one.
          expect(request.route, `${m} ${target}`).toBe(routed);
          // The path as sent (Node keeps the target's bytes as latin1 characters), up to the query or fragment.
          const sent = Buffer.from(target, 'utf8').toString('latin1');
          const cut = sent.search(/[?#]/);
          expect(request.path).toBe(cut === -1 ? sent : sent.slice(0, cut));
          expect(site.text()).not.toContain('SECRET');
        }),
        propertyRuns(80),
      );
    } finally {
      await site.close();
    }
  });
});
