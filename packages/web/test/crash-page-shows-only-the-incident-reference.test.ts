// Whatever a handler throws — an Error with markup in its message, a string, null, an object, a cycle of causes,
// an error whose getters throw, a revoked Proxy — the visitor gets a 500 page (or JSON) that parses, shows the
// incident reference and the request id and nothing of the error; the incident record is written once, matches
// the record schema, and the access record is an ERROR naming the incident. Over a real node:http server.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../../../test/support/property-runs.js';
import { expectCrashAnswer } from './crash-answer.js';
import { JsonlSite } from './jsonl-site.js';
import { make, thrown, type Thrown } from './thrown-values.js';

describe('the crash page shows only the incident reference', () => {
  it('for anything a handler throws or rejects with', async () => {
    let current: Thrown | undefined;
    const site = await JsonlSite.start({}, async (_req, res) => {
      const t = current!;
      if (t.async) await new Promise((resolve) => setImmediate(resolve));
      // The value is made here: the handler throws it, as application code would.
      throw make(t);
      res.end('unreachable');
    });
    try {
      await fc.assert(
        fc.asyncProperty(thrown, async (t) => {
          current = t;
          site.clear();
          const headers: Record<string, string> = {};
          if (t.accept !== undefined) headers.accept = t.accept;
          const response = await fetch(site.url + '/checkout', {
            headers,
            signal: AbortSignal.timeout(15_000),
          });
          const body = await response.text();
          const ref = expectCrashAnswer(response, body);
          const [access] = await site.accessRecords(1);
          // records() checks every record against the schema.
          const records = site.records();
          const incidents = records.filter((r) => r.event === 'incident');
          expect(incidents).toHaveLength(1);
          expect(incidents[0]!.incident?.ref).toBe(ref);
          expect(incidents[0]!.level).toBe('ERROR');
          expect(access?.level).toBe('ERROR');
          expect(access?.request?.status).toBe(500);
          expect((access?.fields as { incident?: string }).incident).toBe(ref);
        }),
        propertyRuns(120),
      );
    } finally {
      await site.close();
    }
  });
});

// Found by the property above: each of these left the request unanswered, and the rejection it raised inside the
// middleware would end a Node process that runs with the default --unhandled-rejections=throw.
describe('a thrown value that cannot be read still gets the crash page and an incident', () => {
  const cases: [string, () => unknown][] = [
    [
      'an error whose status getter throws',
      () =>
        Object.defineProperty(new Error('db down'), 'status', {
          get() {
            throw new Error('no status');
          },
        }),
    ],
    [
      'a Proxy whose every trap throws',
      () =>
        new Proxy(new Error('db down'), {
          get() {
            throw new Error('trap');
          },
          getPrototypeOf() {
            throw new Error('trap');
          },
        }),
    ],
    [
      'a revoked Proxy',
      () => {
        const { proxy, revoke } = Proxy.revocable(new Error('db down'), {});
        revoke();
        return proxy;
      },
    ],
  ];
  for (const [name, value] of cases) it(name, () => expectPageAndIncident(value));
});

// Found by reading fingerprint.ts in a mutation pass: the fingerprint decoded a frame's file URL with
// decodeURIComponent, which throws on a broken escape, so such a crash went unanswered and the URIError, raised in
// the response's callback, was an uncaught exception that ends the process. A stack like this comes from a tool
// that rewrites stacks, or from code that sets one by hand.
describe('a crash whose stack names a file URL with a broken % escape still gets the crash page and an incident', () => {
  it('in a named frame and in an anonymous one', async () => {
    await expectPageAndIncident(() =>
      Object.assign(new Error('db down'), {
        stack: [
          'Error: db down',
          '    at saveOrder (file:///srv/shop/src/100%zz.js:3:9)',
          '    at file:///srv/shop/src/%E0%A4%A.js:7:1',
        ].join('\n'),
      }),
    );
  });
});

/** Throws what `value` makes from a handler, then checks the 500 answer and that the incident it names was written. */
async function expectPageAndIncident(value: () => unknown): Promise<void> {
  const site = await JsonlSite.start({}, async () => {
    await new Promise((resolve) => setImmediate(resolve));
    throw value();
  });
  try {
    const response = await fetch(site.url + '/checkout', {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(15_000),
    });
    expect(response.status).toBe(500);
    const { incident } = (await response.json()) as { incident: string };
    const [access] = await site.accessRecords(1);
    expect(access?.fields).toMatchObject({ incident });
    expect(site.records().find((r) => r.event === 'incident')?.incident?.ref).toBe(incident);
  } finally {
    await site.close();
  }
}
