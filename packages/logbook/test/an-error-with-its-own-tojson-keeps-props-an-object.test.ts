// Found while reading error-info.ts (s9): an error carrying an own `toJSON` (a library that attaches one to the
// errors it throws, or `Object.assign(error, body)` with a parsed body holding one) was described with that
// function among its `props`, and the JSON writer then called it in place of `props`: a throwing one wrote
// `"props":"[Thrown: …]"`, one returning text wrote `"props":"text"`. The record schema wants an object there, so
// such a line failed validation (and insight dropped its error details). `props` now keeps it as data.

import { describe, expect, it } from 'vitest';
import { JsonFormatter, Logger, StreamHandler, toErrorInfo } from '../src/index.js';
import { assertValidRecord, MemoryStream, pushForTest } from './helpers.js';

function jsonLineOf(log: (logger: Logger) => void): Record<string, unknown> {
  const stream = new MemoryStream();
  pushForTest(new StreamHandler(stream, { formatter: new JsonFormatter({ host: 'h' }), bubble: false }));
  log(new Logger('app'));
  expect(stream.lines).toHaveLength(1);
  return assertValidRecord(stream.lines[0]!);
}

describe('an error with its own toJSON', () => {
  it('that throws is written with props as an object naming the function', () => {
    const error = Object.assign(new Error('upstream failed'), {
      status: 502,
      toJSON(): never {
        throw new Error('not serialisable');
      },
    });
    const record = jsonLineOf((log) => log.exception(error));
    expect((record['error'] as { props: unknown }).props).toEqual({
      status: 502,
      toJSON: '[Function toJSON]',
    });
  });

  it('that returns text is written the same way, under error and inside fields', () => {
    const error = Object.assign(new TypeError('bad input'), { toJSON: () => 'just text' });
    const record = jsonLineOf((log) => log.error('failed: {err}', { err: error }, { error }));
    expect((record['error'] as { props: unknown }).props).toEqual({ toJSON: '[Function toJSON]' });
    expect((record['fields'] as { err: { props: unknown } }).err.props).toEqual({
      toJSON: '[Function toJSON]',
    });
    expect(record['message']).toBe('failed: TypeError: bad input');
  });

  it('and an own __proto__ key keep both as own props of the description', () => {
    const error = new Error('parsed');
    Object.defineProperty(error, '__proto__', { value: { admin: true }, enumerable: true });
    const info = toErrorInfo(error);
    expect(Object.getPrototypeOf(info.props)).toBe(Object.prototype);
    expect(Object.keys(info.props!)).toEqual(['__proto__']);
  });
});
