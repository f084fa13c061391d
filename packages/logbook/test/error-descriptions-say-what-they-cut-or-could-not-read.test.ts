// An error's description in a record (the JSON `error`) never loses the record, whatever the error: a cause
// chain too long or cyclic ends in an error object that says why, an AggregateError keeps at most its first 50
// members (a batch job's thousands of failures would make one line of megabytes) and says how many more it had, and a `name` or `message`
// that is no text is shown as text, or as the default when it is missing.

import { describe, expect, it } from 'vitest';
import { JsonFormatter, Logger, StreamHandler, toErrorInfo } from '../src/index.js';
import { assertValidRecord, MemoryStream, pushForTest } from './helpers.js';

interface Described {
  name: string;
  message: string;
  cause?: Described;
  errors?: Described[];
  errors_omitted?: number;
}

function writtenError(error: unknown): Described {
  const out = new MemoryStream();
  pushForTest(new StreamHandler(out, { formatter: new JsonFormatter({ host: 'h' }) }));
  new Logger('app').exception(error);
  return assertValidRecord(out.lines[0]!)['error'] as Described;
}

describe('an error description', () => {
  it('follows a cause chain to 7 causes deep, then says the chain was too deep', () => {
    let error = new Error('cause 12');
    for (let i = 11; i >= 0; i--) error = new Error(`cause ${i}`, { cause: error });
    const messages: string[] = [];
    for (let at: Described | undefined = writtenError(error); at !== undefined; at = at.cause)
      messages.push(`${at.name}: ${at.message}`);
    expect(messages).toEqual([
      ...Array.from({ length: 8 }, (_, i) => `Error: cause ${i}`),
      'DepthLimit: [Cause chain too deep]',
    ]);
  });

  it('shows a cause or member that is the error itself, or one above it, as circular', () => {
    const looped = new Error('outer');
    looped.cause = new Error('inner', { cause: looped });
    expect(writtenError(looped).cause!.cause).toEqual({ name: 'Circular', message: '[Circular cause]' });
    const aggregate = new AggregateError([], 'all failed');
    aggregate.errors = [new Error('one'), aggregate];
    const errors = writtenError(aggregate).errors!;
    expect(errors.map((e) => `${e.name}: ${e.message}`)).toEqual([
      'Error: one',
      'Circular: [Circular member]',
    ]);
  });

  it('describes an AggregateError member 7 levels deep, and says why one deeper is left out', () => {
    // Five causes deep (at level 5), the AggregateError's members sit at level 7, the deepest described.
    let error: Error = new AggregateError([new Error('member', { cause: new Error('too deep') })], 'batch');
    for (let i = 4; i >= 1; i--) error = new Error(`cause ${i}`, { cause: error });
    let at: Described = writtenError(new Error('top', { cause: error }));
    for (let level = 0; level < 5; level++) at = at.cause!;
    expect(at.message).toBe('batch');
    expect(at.errors![0]).toMatchObject({ name: 'Error', message: 'member' });
    expect(at.errors![0]!.cause).toEqual({ name: 'DepthLimit', message: '[Cause chain too deep]' });
    const nested = new AggregateError([
      new AggregateError([new AggregateError([new AggregateError([new Error('x')])])]),
    ]);
    let member: Described = writtenError(nested);
    for (let level = 0; level < 3; level++) member = member.errors![0]!;
    expect(member.errors).toEqual([{ name: 'DepthLimit', message: '[Members nested too deep]' }]);
  });

  it('keeps the first 50 members of an AggregateError and says how many more it left out', () => {
    const members = Array.from({ length: 62 }, (_, i) => new Error(`row ${i} failed`));
    const written = writtenError(new AggregateError(members, 'import failed'));
    expect(written.errors!.map((e) => e.message)).toEqual(members.slice(0, 50).map((e) => e.message));
    expect(written.errors_omitted).toBe(12);
  });

  it('says nothing is left out of an AggregateError of exactly 50 members', () => {
    const members = Array.from({ length: 50 }, (_, i) => new Error(`row ${i} failed`));
    const written = writtenError(new AggregateError(members, 'import failed'));
    expect(written.errors).toHaveLength(50);
    expect(written).not.toHaveProperty('errors_omitted');
  });

  it('shows a name or message that is no text as text, and a missing one as the default', () => {
    const odd = Object.assign(new Error('x'), { name: 42, message: { code: 7 } });
    expect(toErrorInfo(odd)).toMatchObject({ name: '42', message: '[object Object]' });
    const bare = Object.assign(new Error('x'), { name: undefined, message: undefined });
    expect(toErrorInfo(bare)).toMatchObject({ name: 'Error', message: '' });
    const nulls = Object.assign(new Error('x'), { name: null, message: null });
    expect(toErrorInfo(nulls)).toMatchObject({ name: 'Error', message: '' });
  });

  it('keeps a code that is text or a number, and no other', () => {
    expect(toErrorInfo(Object.assign(new Error('x'), { code: 'ENOENT' })).code).toBe('ENOENT');
    expect(toErrorInfo(Object.assign(new Error('x'), { code: 404 })).code).toBe(404);
    expect(toErrorInfo(Object.assign(new Error('x'), { code: { deep: 1 } }))).not.toHaveProperty('code');
  });
});
