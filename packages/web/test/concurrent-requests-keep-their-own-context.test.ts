// For any set of concurrent requests, each awaiting in its own pattern (timers, immediates, resolved promises,
// microtasks, a nextTick, an event emitter callback, a child promise started earlier and awaited later), every record
// logged while handling a request carries that request's id and path, currentRequestId() is that id at every
// step, and each request gets one access record with its own id. Over a real node:http server.

import { EventEmitter } from 'node:events';
import fc from 'fast-check';
import { Logger } from 'logbook';
import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../../../test/support/property-runs.js';
import { currentRequestId } from '../src/index.js';
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

describe('concurrent requests keep their own context', () => {
  it('for any interleaving of awaits', async () => {
    const plans = new Map<string, [Step, number][]>();
    const seen: { id: string; current: string | undefined }[] = [];
    const site = await JsonlSite.start({}, async (req, res) => {
      const id = String(req.headers['x-request-id']);
      const steps = plans.get(id)!;
      // A promise started now and awaited at the end: its callback belongs to this request too.
      const early = pause('timeout', 2).then(() => log.info('early {tag}', { tag: id }));
      for (const [n, [step, ms]] of steps.entries()) {
        await pause(step, ms);
        seen.push({ id, current: currentRequestId() });
        log.info('step {tag} {n}', { tag: id, n });
      }
      await early;
      res.end(id);
    });
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(plan, { minLength: 2, maxLength: 12 }), async (requestPlans) => {
          site.clear();
          plans.clear();
          seen.length = 0;
          const ids = requestPlans.map((p, n) => {
            const id = `r${n}-${Math.random().toString(36).slice(2, 8)}`;
            plans.set(id, p);
            return id;
          });
          const bodies = await Promise.all(
            ids.map(async (id) =>
              (await fetch(`${site.url}/work/${id}`, { headers: { 'x-request-id': id } })).text(),
            ),
          );
          expect(bodies).toEqual(ids);
          for (const s of seen) expect(s.current).toBe(s.id);
          const access = await site.accessRecords(ids.length);
          expect(access.map((r) => r.request?.id).sort()).toEqual([...ids].sort());
          const steps = site.records().filter((r) => r.msg === 'step {tag} {n}' || r.msg === 'early {tag}');
          const expected = requestPlans.reduce((sum, p) => sum + p.length + 1, 0);
          expect(steps).toHaveLength(expected);
          for (const record of steps) {
            const tag = (record.fields as { tag: string }).tag;
            expect(record.request?.id).toBe(tag);
            expect(record.request?.path).toBe(`/work/${tag}`);
          }
        }),
        propertyRuns(40),
      );
    } finally {
      await site.close();
    }
  });
});
