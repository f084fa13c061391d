// Python Logbook users write `log.info('User {0} logged in', 'ann')`. From JavaScript (no type-checker) that call
// must render like the array form and write a valid record, also with an error attached.

import { describe, expect, it } from 'vitest';
import { JsonFormatter, Logger, StreamHandler } from '../src/index.js';
import { assertValidRecord, MemoryStream, pushForTest } from './helpers.js';

type Untyped = (template: string, fields?: unknown, options?: unknown) => void;

describe('a single value given in place of the fields', () => {
  it('is the positional argument {0}, rendered whole and written as fields["0"]', () => {
    const stream = new MemoryStream();
    pushForTest(new StreamHandler(stream, { formatter: new JsonFormatter(), errors: 'throw' }));
    const log = new Logger('js');
    (log.info as Untyped)('User {0} logged in', 'ann');
    (log.warning as Untyped)('{0} retries left', 3);
    const [user, retries] = stream.lines.map(assertValidRecord);
    expect(user).toMatchObject({ message: 'User ann logged in', fields: { '0': 'ann' } });
    expect(retries).toMatchObject({ message: '3 retries left', fields: { '0': 3 } });
  });

  it('keeps the record when an error is attached (the formatter threw, and the line was lost)', () => {
    const stream = new MemoryStream();
    pushForTest(new StreamHandler(stream, { formatter: new JsonFormatter(), errors: 'throw' }));
    const log = new Logger('js');
    (log.error as Untyped)('charge {0} failed', 'p-42', { error: new Error('card declined') });
    (log.error as Untyped)('no fields at all', null, { error: new Error('timeout') });
    const [charge, none] = stream.lines.map(assertValidRecord);
    expect(charge).toMatchObject({ message: 'charge p-42 failed', error: { message: 'card declined' } });
    expect(none).toMatchObject({ message: 'no fields at all', error: { message: 'timeout' } });
    expect(none).not.toHaveProperty('fields');
  });
});
