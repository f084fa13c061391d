// The template types must accept every call the docs show and that renders, and refuse the calls that
// would render `{name?}`. These calls are checked by `tsc -p tsconfig.json` (the type-check of tests) and
// their output by vitest.

import { describe, expect, it } from 'vitest';
import { Logger, TestHandler } from '../src/index.js';
import { pushForTest } from './helpers.js';

describe('template types', () => {
  it('a path hole needs its first field, and {error} can come from the error option', () => {
    const handler = pushForTest(new TestHandler());
    const log = new Logger('shop');
    log.info('{user.name} bought {course.title}', { user: { name: 'ann' }, course: { title: 'TS 101' } });
    log.error('payment failed: {error.message}', undefined, { error: new Error('card declined') });
    log.error('payment failed: {error}', { error: 'timeout' });
    // @ts-expect-error `user` is missing: the message would read `{user.name?}`.
    log.info('{user.name} logged in', { name: 'ann' });
    // @ts-expect-error `order` is needed even when an error is attached.
    log.error('{order} failed: {error}', {}, { error: new Error('x') });
    expect(handler.records.map((record) => record.message)).toEqual([
      'ann bought TS 101',
      'payment failed: card declined',
      'payment failed: timeout',
      '{user.name?} logged in',
      '{order?} failed: Error: x',
    ]);
  });
});
