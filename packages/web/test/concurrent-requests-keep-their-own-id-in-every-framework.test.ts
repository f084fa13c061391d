// In node:http, Express, Fastify, Hono and Koa, concurrent requests that each await in their own pattern (timers,
// immediates, resolved promises, microtasks, ticks, an event emitter's callback, a promise started early and
// awaited late) keep their own request id: on every
// record logged while handling them, in currentRequestId() at every step and in the answer, and on their one
// access record each — also where the framework parses and routes in between (Fastify's hooks, Koa's router).

import { EventEmitter } from 'node:events';
import fc from 'fast-check';
import { Logger } from 'logbook';
import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../../../test/support/property-runs.js';
import { currentRequestId } from '../src/index.js';
import { FRAMEWORKS, frameworkSite } from './framework-sites.js';
import { JsonlSite } from './jsonl-site.js';

type Step = 'timeout' | 'immediate' | 'promise' | 'microtask' | 'tick' | 'emitter' | 'deferred';

const log = new Logger('app');
const bus = new EventEmitter();

function pause(step: Step, ms: number): Promise<unknown> {
  switch (step) {
    case 'timeout':
      return new Promise((resolve) => setTimeout(resolve, ms));
    case 'immediate':
      return new Promise((resolve) => setImmediate(resolve));
    case 'promise':
      return Promise.resolve();
    case 'microtask':
      return new Promise<void>((resolve) => queueMicrotask(resolve));
    case 'tick':
      return new Promise((resolve) => process.nextTick(resolve));
    case 'emitter':
      // A listener runs in the context of whoever emits: here the request itself emits, after a turn.
      return new Promise<void>((resolve) => {
        const name = `e${Math.random()}`;
        bus.once(name, () => resolve());
        setImmediate(() => bus.emit(name));
      });
    case 'deferred':
      return new Promise((resolve) => setTimeout(resolve, ms)).then(() => undefined);
  }
}

const plan = fc.array(
  fc.tuple(
    fc.constantFrom<Step>('timeout', 'immediate', 'promise', 'microtask', 'tick', 'emitter', 'deferred'),
    fc.integer({ min: 0, max: 3 }),
  ),
  { minLength: 1, maxLength: 5 },
);

describe.each(FRAMEWORKS)('concurrent requests in %s', (framework) => {
  it('keep their own id on every record, in currentRequestId() and in their access record', async () => {
    const plans = new Map<string, [Step, number][]>();
    const seen: { id: string; current: string | undefined }[] = [];
    const steps = async (id: string): Promise<void> => {
      const early = pause('timeout', 2).then(() => log.info('early {tag}', { tag: id }));
      for (const [n, [step, ms]] of plans.get(id)!.entries()) {
        await pause(step, ms);
        seen.push({ id, current: currentRequestId() });
        log.info('step {tag} {n}', { tag: id, n });
      }
      await early;
    };
    const site = await JsonlSite.serve({}, frameworkSite(framework, { thrown: () => undefined, steps }));
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(plan, { minLength: 2, maxLength: 10 }), async (requestPlans) => {
          site.clear();
          plans.clear();
          seen.length = 0;
          const ids = requestPlans.map((p, n) => {
            const id = `r${n}-${Math.random().toString(36).slice(2, 8)}`;
            plans.set(id, p);
            return id;
          });
          const answers = await Promise.all(
            ids.map(async (id) =>
              (await fetch(`${site.url}/steps/${id}`, { headers: { 'x-request-id': id } })).text(),
            ),
          );
          expect(answers).toEqual(ids);
          for (const s of seen) expect(s.current).toBe(s.id);
          const access = await site.accessRecords(ids.length);
          expect(access.map((r) => r.request?.id).sort()).toEqual([...ids].sort());
          for (const record of access) expect(record.request?.path).toBe(`/steps/${record.request?.id}`);
          const logged = site.records().filter((r) => r.msg === 'step {tag} {n}' || r.msg === 'early {tag}');
          expect(logged).toHaveLength(requestPlans.reduce((sum, p) => sum + p.length + 1, 0));
          for (const record of logged) {
            const tag = (record.fields as { tag: string }).tag;
            expect(record.request?.id).toBe(tag);
            expect(record.request?.path).toBe(`/steps/${tag}`);
          }
        }),
        propertyRuns(25),
      );
    } finally {
      await site.close();
    }
  });
});
