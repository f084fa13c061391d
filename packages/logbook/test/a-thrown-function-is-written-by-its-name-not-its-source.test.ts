// A value that is no error is described by its text. For a thrown function (a rejection with a callback, a
// `throw handler` typo) that was its whole source code, whatever it held, where every output writes a function
// as `[Function name]`.

import { describe, expect, it } from 'vitest';
import { JsonFormatter, Logger, StreamHandler, TextFormatter } from '../src/index.js';
import { assertValidRecord, MemoryStream, pushForTest } from './helpers.js';

function connect(): string {
  const password = 'hunter2';
  return password;
}

describe('a thrown function', () => {
  it('is written as [Function name], as the error and in the message, also as a cause', () => {
    const json = new MemoryStream();
    const text = new MemoryStream();
    pushForTest(new StreamHandler(json, { formatter: new JsonFormatter({ host: 'h' }) }));
    pushForTest(
      new StreamHandler(text, {
        formatter: new TextFormatter({ template: '{message} | {error}' }),
        bubble: true,
      }),
    );
    const log = new Logger('app');
    log.exception(connect);
    log.exception(new Error('pool failed', { cause: () => 'anonymous' }));
    const [thrown, caused] = json.lines.map(assertValidRecord);
    expect(thrown!['error']).toEqual({ name: 'NonError', message: '[Function connect]' });
    expect(thrown!['message']).toBe('Exception: [Function connect]');
    expect((caused!['error'] as { cause: unknown }).cause).toEqual({
      name: 'NonError',
      message: '[Function cause]',
    });
    for (const line of [...json.lines, ...text.lines]) expect(line).not.toContain('hunter2');
    const anonymous = [(): number => 1][0]!;
    log.exception(anonymous);
    expect(assertValidRecord(json.lines[2]!)['error']).toEqual({
      name: 'NonError',
      message: '[Function anonymous]',
    });
  });
});
