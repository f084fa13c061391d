// Property: a GroupHandler bound around a job hands its inner handler every record the job logged (that the
// inner handler takes), in order, when the job ends — whether it returns, rejects or throws.
// Found by it: a job that threw synchronously left its records held in the group, never written.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GroupHandler, Logger, TestHandler } from '../src/index.js';
import { propertyRuns } from '../../../test/support/property-runs.js';

const LEVELS = [10, 20, 30, 40, 50] as const;

describe('GroupHandler.bind', () => {
  it('writes what the job logged when it throws at once', () => {
    const sink = new TestHandler();
    expect(() =>
      new GroupHandler(sink).bind(() => {
        new Logger('job').error('about to fail');
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(sink.records.map((record) => record.message)).toEqual(['about to fail']);
  });

  it('hands on every record the job logged, in order, however the job ends', async () => {
    const log = new Logger('job');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...LEVELS), { maxLength: 20 }),
        fc.constantFrom('returns', 'throws', 'resolves', 'rejects'),
        fc.constantFrom(0, 30),
        async (levels, ending, innerLevel) => {
          const sink = new TestHandler({ level: innerLevel });
          const group = new GroupHandler(sink);
          const job = (): unknown => {
            levels.forEach((level, index) => log.log(level, 'step {index}', { index }));
            if (ending === 'throws') throw new Error('job failed');
            if (ending === 'resolves') return Promise.resolve(1);
            if (ending === 'rejects') return Promise.reject(new Error('job failed'));
            return 1;
          };
          try {
            await group.bind(job);
          } catch {
            // The job's own failure: what matters here is what was written.
          }
          const expected = levels.flatMap((level, index) => (level >= innerLevel ? [index] : []));
          expect(sink.records.map((record) => (record.fields as { index: number }).index)).toEqual(expected);
        },
      ),
      propertyRuns(200),
    );
  });
});
