// In node:http, Express, Fastify, Hono and Koa, whatever a request's code throws — from the handler or a rejected
// promise, from a middleware ahead of the routes, after the head went out, from a body that fails while streaming —
// the visitor gets the crash page (or JSON) with the incident reference and nothing of the error, or, once the
// head went out, a response that is cut off or complete and never the error; the log holds exactly one incident
// record, valid against the record schema, and an ERROR access record naming it; and no promise rejection is left
// unhandled. With the app's own error handler in charge (docs/web.md), that handler gets the reference from
// captureError() and the incident is still recorded once.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { propertyRuns } from '../../../test/support/property-runs.js';
import { expectCrashAnswer } from './crash-answer.js';
import { FRAMEWORKS, WHERES, frameworkSite, type Framework, type Where } from './framework-sites.js';
import { JsonlSite } from './jsonl-site.js';
import { make, thrown, type Thrown } from './thrown-values.js';

/** The route pattern the framework knows a crash by; a middleware ahead of the routes has none (Fastify routes first). */
function routeOf(framework: Framework, where: Where): string | undefined {
  return where === 'before' && framework !== 'Fastify' ? undefined : `/crash/${where}/:n`;
}

/** Read the body as far as it came: a response cut off mid-body rejects. */
async function bodyAsFarAsItCame(response: Response): Promise<{ text: string; cut: boolean }> {
  const reader = response.body!.getReader();
  let text = '';
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text, cut: false };
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    return { text, cut: true };
  }
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

/**
 * A value a failing stream can carry. Node ends a stream destroyed with a falsy "error" as if nothing failed, and
 * destroy() itself throws on a Proxy whose traps throw or a throwing message/stack/name getter (it reads them),
 * leaving the stream open for good: the
 * app's stream never fails, so there is nothing for Logbook to see.
 */
function streams(t: Thrown): boolean {
  return !['null', 'undefined', 'number', 'revoked-proxy', 'proxy-throws', 'getter-throws'].includes(t.kind);
}

/**
 * Express 5 reads a falsy thrown value (null, undefined, NaN) as "no error": its router goes on to the next route and
 * ends in its own 404, and no error handler — Logbook's or the app's — ever sees it (docs/web.md says so).
 */
function expressIgnores(framework: Framework, t: Thrown): boolean {
  return framework === 'Express' && ['null', 'undefined', 'number'].includes(t.kind);
}

/**
 * Hono's stream() helper hands only Error instances to its onError, where docs/web.md has the app report them; it
 * prints anything else to the console, and the response ends as if nothing failed: nothing for Logbook to see.
 */
function honoStreamDropsIt(framework: Framework, where: Where, t: Thrown): boolean {
  return framework === 'Hono' && where === 'after-headers' && !isError(t);
}

/**
 * Koa hands the error of a body that failed while streaming to its own ctx.onerror, which formats a non-Error with
 * %j (that throws for a BigInt) and writes `err.headerSent = true` (that throws for a frozen error): inside an event
 * listener, an uncaught exception with or without Logbook (Koa's to fix). Koa streams are tried with other errors.
 */
function koaThrowsOnIt(framework: Framework, where: Where, t: Thrown): boolean {
  return framework === 'Koa' && where === 'streaming' && (t.kind === 'frozen' || !isError(t));
}

/**
 * Fastify 5 cannot answer a thrown BigInt: its reply.send() fails inside ("cb is not a function") and it writes its
 * own 500 past every hook, so there is no crash page to give and no hook that sees the value (Fastify's to fix).
 */
function fastifyBreaksOnIt(framework: Framework, t: Thrown): boolean {
  return framework === 'Fastify' && t.kind === 'bigint';
}

/** Whether the thrown value is an Error instance, as Hono tells (a Proxy whose prototype cannot be read is not). */
function isError(t: Thrown): boolean {
  try {
    return make(t) instanceof Error;
  } catch {
    return false;
  }
}

describe.each(FRAMEWORKS)('a crash in %s', (framework) => {
  it('gets the crash page or a cut-off answer, one incident and an ERROR access record naming it', async () => {
    let current: Thrown | undefined;
    const site = await JsonlSite.serve(
      {},
      frameworkSite(framework, { thrown: () => make(current!), steps: async () => undefined }),
    );
    try {
      await fc.assert(
        fc.asyncProperty(
          thrown,
          fc.constantFrom(...WHERES),
          fc.integer({ min: 1, max: 999 }),
          async (t, where, n) => {
            if (where === 'streaming' && !streams(t)) return;
            if (expressIgnores(framework, t) || honoStreamDropsIt(framework, where, t)) return;
            if (koaThrowsOnIt(framework, where, t) || fastifyBreaksOnIt(framework, t)) return;
            current = t;
            site.clear();
            unhandled.length = 0;
            const headers: Record<string, string> = {};
            if (t.accept !== undefined) headers.accept = t.accept;
            const response = await fetch(`${site.url}/crash/${where}/${n}`, {
              headers,
              signal: AbortSignal.timeout(15_000),
            });
            const { text, cut } = await bodyAsFarAsItCame(response);
            let ref: string | undefined;
            if (where === 'after-headers' || where === 'streaming') {
              // The head went out: the answer is cut off, or was complete before the failure.
              expect(response.status).toBe(200);
              expect(text.startsWith('part one\n'), text).toBe(true);
              if (!cut) expect(text).toBe('part one\n');
            } else {
              ref = expectCrashAnswer(response, text);
            }
            expect(text).not.toContain('MARK-');
            const [access] = await site.accessRecords(1);
            await new Promise((resolve) => setTimeout(resolve, 10)); // a late second record would come now
            const records = site.records(); // each checked against the record schema
            const incidents = records.filter((r) => r.event === 'incident');
            expect(incidents, `${where}: ${records.map((r) => r.message).join('\n')}`).toHaveLength(1);
            const incident = incidents[0]!;
            if (ref !== undefined) expect(incident.incident?.ref).toBe(ref);
            expect(incident.request?.route).toBe(routeOf(framework, where));
            expect(records.filter((r) => r.event === 'http.request')).toHaveLength(1);
            expect(incident.request?.id).toBe(access?.request?.id);
            if (records.indexOf(incident) < records.findIndex((r) => r.event === 'http.request')) {
              expect(access?.level, access?.message).toBe('ERROR');
              expect((access?.fields as { incident?: string }).incident).toBe(incident.incident?.ref);
            } else {
              // Thrown after the response had closed (Fastify: after `await reply.send()`): the access record was
              // written at close, before there was anything to name.
              expect(['after-headers', 'streaming']).toContain(where);
            }
            expect(access?.request?.route).toBe(routeOf(framework, where));
            expect(access?.request?.path).toBe(`/crash/${where}/${n}`);
            if (ref !== undefined) expect(access?.request?.status).toBe(500);
            expect(unhandled).toEqual([]);
          },
        ),
        propertyRuns(100),
      );
    } finally {
      await site.close();
    }
  });

  it("gives the reference to the app's own error handler and records the incident once", async () => {
    let current: Thrown | undefined;
    const site = await JsonlSite.serve(
      {},
      frameworkSite(framework, {
        thrown: () => make(current!),
        steps: async () => undefined,
        ownErrors: true,
      }),
    );
    try {
      await fc.assert(
        fc.asyncProperty(thrown, fc.constantFrom<Where>('sync', 'async', 'before'), async (t, where) => {
          if (expressIgnores(framework, t) || fastifyBreaksOnIt(framework, t)) return;
          current = t;
          site.clear();
          unhandled.length = 0;
          const response = await fetch(`${site.url}/crash/${where}/1`, {
            signal: AbortSignal.timeout(15_000),
          });
          const text = await response.text();
          // Hono hands only Error instances to onError; anything else gets Logbook's crash page (a Proxy whose
          // prototype cannot be read goes either way: Hono's own instanceof throws an Error).
          const own = response.status === 503;
          if (!own) expectCrashAnswer(response, text);
          if (framework !== 'Hono' || isError(t)) expect(own, text).toBe(true);
          const [access] = await site.accessRecords(1);
          await new Promise((resolve) => setTimeout(resolve, 10));
          const incidents = site.records().filter((r) => r.event === 'incident');
          expect(incidents).toHaveLength(1);
          if (own) expect(text).toBe(`our own page, quote ${incidents[0]!.incident?.ref}`);
          else expect(text).toContain(incidents[0]!.incident?.ref);
          expect(
            access?.level,
            site
              .records()
              .map((r) => r.message)
              .join('\n'),
          ).toBe('ERROR');
          expect(access?.request?.status).toBe(own ? 503 : 500);
          expect((access?.fields as { incident?: string }).incident).toBe(incidents[0]!.incident?.ref);
          expect(unhandled).toEqual([]);
        }),
        propertyRuns(30),
      );
    } finally {
      await site.close();
    }
  });
});
