// For any method, target (percent-escapes, unicode, `..`, `//`, a fragment, very long) and status, a request gets
// exactly one access record — also when Node's parser refuses it — whose method, path, query and status are what
// was sent (the path as sent, not decoded; the query with secrets redacted) and whose level follows the status as
// docs/web.md says: INFO for 2xx/3xx (NOTICE when an attack signal is on it), NOTICE for 4xx, ERROR for 5xx.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../../../test/support/property-runs.js';
import { JsonlSite } from './jsonl-site.js';
import { rawExchange } from './raw-socket.js';

const SEGMENT_UNITS = [
  ..."abcXYZ019-._~!$&'()*+,;=:@".split(''),
  '%20',
  '%2F',
  '%2e%2e',
  '%00',
  '%zz',
  '%',
  '%C3%A9',
  '..',
  '.',
  '',
  'é',
  '日本',
  '\u{1F600}',
];

const segment = fc.array(fc.constantFrom(...SEGMENT_UNITS), { maxLength: 6 }).map((parts) => parts.join(''));
const path = fc.oneof(
  fc.array(segment, { minLength: 1, maxLength: 6 }).map((segments) => '/' + segments.join('/')),
  fc.constantFrom('/', '//', '//evil.example/x', '/../../etc/passwd', '/a/./b/../c', '*'),
  fc.integer({ min: 2000, max: 7000 }).map((n) => '/' + 'a'.repeat(n)),
);
// Secret values only under secret names (token): a `page=SECRET` would be no secret to redact.
const pair = fc.oneof(
  fc.tuple(
    fc.constantFrom('page', 'q', 'sort', 'x%20y', ''),
    fc.constantFrom('1', 'a%26b', '', 'é', 'to%6Ben'),
  ),
  fc.tuple(fc.constantFrom('token', 'to%6Ben', 'TOKEN'), fc.constantFrom('SECRETv', 'SECRET%20w', '')),
);
const query = fc.option(
  fc.array(pair, { maxLength: 4 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&')),
  { nil: undefined },
);
const fragment = fc.option(fc.constantFrom('#top', '#access_token=SECRETf', '#a?b=c'), { nil: undefined });
const method = fc.constantFrom(
  'GET',
  'POST',
  'PUT',
  'DELETE',
  'PATCH',
  'OPTIONS',
  'HEAD',
  'PROPFIND',
  'get',
  'FOO',
);
const status = fc.oneof(
  fc.constantFrom(200, 201, 204, 301, 304, 400, 401, 403, 404, 418, 429, 500, 502, 503),
  fc.integer({ min: 200, max: 599 }),
);

describe('every request gets one access record, as it was sent', () => {
  it('for any method, target and status', async () => {
    const site = await JsonlSite.start({}, (req, res) => {
      res.statusCode = Number(req.headers['x-status']);
      res.end();
    });
    try {
      await fc.assert(
        fc.asyncProperty(method, path, query, fragment, status, async (m, p, q, f, s) => {
          site.clear();
          const target = p + (q === undefined ? '' : `?${q}`) + (f ?? '');
          const head = `${m} ${target} HTTP/1.1\r\nHost: shop.example\r\nX-Status: ${s}\r\nConnection: close\r\n\r\n`;
          const answer = await rawExchange(site.url, head); // written as UTF-8
          const answered = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
          await site.accessRecords(1);
          await new Promise((resolve) => setTimeout(resolve, 5)); // a second record would come now
          const access = site.records().filter((r) => r.event === 'http.request');
          expect(access, `${m} ${target}`).toHaveLength(1);
          const record = access[0]!;
          const request = record.request!;
          // What went out is what is recorded.
          expect(request.status).toBe(answered);
          if (answered === 400 && s !== 400) {
            // Node refused the request before a handler ran: recorded as malformed.
            expect(record.signals).toContain('malformed-request');
            expect(record.level).toBe('NOTICE');
            return;
          }
          expect(answered).toBe(s);
          expect(request.method).toBe(m);
          // The path as sent (Node keeps the target's bytes as latin1 characters): up to the query or fragment.
          const sent = Buffer.from(target, 'utf8').toString('latin1');
          const cut = sent.search(/[?#]/);
          expect(request.path).toBe(cut === -1 ? sent : sent.slice(0, cut));
          // Nothing secret in the record, wherever the query or fragment put it.
          expect(site.text()).not.toContain('SECRET');
          const level =
            s >= 500
              ? ['ERROR']
              : s >= 400
                ? ['NOTICE']
                : (record.signals ?? []).length > 0
                  ? ['INFO', 'NOTICE']
                  : ['INFO'];
          expect(level).toContain(record.level);
        }),
        propertyRuns(150),
      );
    } finally {
      await site.close();
    }
  });

  // Found by mutation testing: the property checks the path, not the query beside it.
  it('has the query that follows the path: none for a bare `?` or `#`, a fragment with its `#`', async () => {
    const site = await JsonlSite.start({}, (_req, res) => res.end('ok'));
    try {
      const queries: [string, unknown][] = [];
      for (const target of ['/a', '/a?', '/a#', '/a?x=1', '/a#frag', '/a?x=1#f', '/a#f?x=1', '/a?#']) {
        site.clear();
        await rawExchange(
          site.url,
          `GET ${target} HTTP/1.1\r\nHost: shop.example\r\nConnection: close\r\n\r\n`,
        );
        const [access] = await site.accessRecords(1);
        queries.push([target, access!.request!.query]);
      }
      expect(queries).toEqual([
        ['/a', undefined],
        ['/a?', undefined],
        ['/a#', undefined],
        ['/a?x=1', 'x=1'],
        ['/a#frag', '#frag'],
        ['/a?x=1#f', 'x=1#f'],
        ['/a#f?x=1', '#f?x=1'],
        ['/a?#', '#'],
      ]);
    } finally {
      await site.close();
    }
  });
});
