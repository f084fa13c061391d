// Found by any-thrown-value-is-logged-in-every-output.test.ts (shrunk: a Proxy whose getPrototypeOf trap throws an
// Error whose `message` is a revoked Proxy). The serialiser shows a value whose inspection throws as
// `[Thrown: <the error's message>]`, but it put the message into that text without checking it was text: a message
// that cannot be turned into a string threw out of toText(), so a message hole showing such a value lost the record
// (in a setup without redaction, whose own walk now shows it first). It now reads `[Thrown: unprintable]`.

import { describe, expect, it } from 'vitest';
import { JsonFormatter, Logger, StreamHandler, toJson, toText } from '../src/index.js';
import { assertValidRecord, MemoryStream, pushForTest } from './helpers.js';

function hostile(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  const error = new Error('placeholder');
  Object.defineProperty(error, 'message', { value: proxy });
  return new Proxy(
    {},
    {
      getPrototypeOf(): never {
        throw error;
      },
    },
  );
}

describe('a value whose inspection throws an error with a message that is no text', () => {
  it('is shown as [Thrown: unprintable] by toText() and toJson()', () => {
    expect(toText(hostile())).toBe('[Thrown: unprintable]');
    expect(toJson({ value: hostile() })).toBe('{"value":"[Thrown: unprintable]"}');
  });

  it('in a message hole, is written in the record', () => {
    const out = new MemoryStream();
    pushForTest(new StreamHandler(out, { formatter: new JsonFormatter({ host: 'h' }), errors: 'throw' }));
    new Logger('app').info('got {value}', { value: hostile() });
    expect(assertValidRecord(out.lines[0]!)['message']).toBe('got [Thrown: unprintable]');
  });
});
