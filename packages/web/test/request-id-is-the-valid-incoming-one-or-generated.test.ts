// For any X-Request-Id a client sends — valid ids, too long, unicode, spaces, control characters, a second header,
// a line break that tries to add a header of its own — the id echoed in the response, the one the handler sees
// (currentRequestId()) and the one on the access record are the same: the incoming one when docs/web.md's rule
// accepts it (1–128 of A-Z a-z 0-9 . _ : @ / + = ~ -), otherwise a generated one. It never holds a line break and
// never exceeds 128 characters. Sent as raw bytes over a socket to a node:http server.

import fc from 'fast-check';
import { currentRequestId } from '../src/index.js';
import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../../../test/support/property-runs.js';
import { JsonlSite } from './jsonl-site.js';
import { rawExchange } from './raw-socket.js';

const ID_CHARS = 'ABCXYZabcxyz0189._:@/+=~-';
const DOCUMENTED = /^[A-Za-z0-9._:@/+=~-]{1,128}$/;

const incoming = fc.oneof(
  fc.string({ unit: fc.constantFrom(...ID_CHARS.split('')), minLength: 1, maxLength: 128 }),
  fc.string({ unit: fc.constantFrom(...ID_CHARS.split('')), minLength: 129, maxLength: 400 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc
    .tuple(
      fc.string({ unit: fc.constantFrom(...ID_CHARS.split('')), maxLength: 10 }),
      fc.constantFrom('\r\nSet-Cookie: evil=1', '\r\n X-Injected: 1', '\t', ' ', '%0d%0a', '"<x>"'),
    )
    .map(([id, tail]) => id + tail),
);

describe('the request id is the valid incoming one or a generated one', () => {
  it('for any X-Request-Id bytes, in one header or two', async () => {
    const site = await JsonlSite.start({}, (req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ seen: currentRequestId(), sent: req.headers['x-request-id'] ?? null }));
    });
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(incoming, { minLength: 0, maxLength: 2 }), async (values) => {
          site.clear();
          const head =
            'GET /orders HTTP/1.1\r\nHost: shop.example\r\n' +
            values.map((v) => `X-Request-Id: ${v}\r\n`).join('') +
            'Connection: close\r\n\r\n';
          // Bytes as written (UTF-8 for the unicode cases), as a client that does not check would send them.
          const answer = await rawExchange(site.url, head); // written as UTF-8
          const [access] = await site.accessRecords(1);
          expect(access, `one access record for ${JSON.stringify(values)}`).toBeDefined();
          const recorded = access!.request!.id;
          expect(recorded).toMatch(DOCUMENTED);
          const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
          if (status !== 200) {
            // Node refused the head (a lone CR, a NUL): no handler ran, and the record's id is a generated one.
            expect(status).toBe(400);
            return;
          }
          const headEnd = answer.indexOf('\r\n\r\n');
          const echoed = answer
            .slice(0, headEnd)
            .split('\r\n')
            .filter((line) => /^x-request-id:/i.test(line))
            .map((line) => line.slice(line.indexOf(':') + 1).trim());
          expect(echoed).toHaveLength(1);
          expect(answer.slice(0, headEnd)).not.toMatch(/^set-cookie:/im);
          const body = JSON.parse(answer.slice(headEnd + 4)) as { seen: string; sent: string | null };
          expect(body.seen).toBe(echoed[0]);
          expect(recorded).toBe(echoed[0]);
          if (body.sent !== null && DOCUMENTED.test(body.sent)) expect(recorded).toBe(body.sent);
          else expect(recorded).toMatch(/^[0-9a-z]{6}-[0-9a-z]+$/);
          // A clean id sent alone is kept exactly as sent.
          if (values.length === 1 && DOCUMENTED.test(values[0]!)) expect(recorded).toBe(values[0]);
        }),
        propertyRuns(150),
      );
    } finally {
      await site.close();
    }
  });
});
