// What untyped (JavaScript) callers and odd values do to a log call: the call never throws, and the
// record still reaches the file as a valid line.

import { describe, expect, it } from 'vitest';
import { JsonFormatter, Logger, StreamHandler } from '../src/index.js';
import { assertValidRecord, MemoryStream, pushForTest } from './helpers.js';

function jsonLines(): MemoryStream {
  const stream = new MemoryStream();
  // errors: 'throw' makes any handler failure fail the test instead of being printed and counted.
  pushForTest(new StreamHandler(stream, { formatter: new JsonFormatter(), errors: 'throw' }));
  return stream;
}

describe('odd log arguments', () => {
  it('writes an error or object given in place of the message, keeping an error’s stack', () => {
    const stream = jsonLines();
    const log = new Logger('js') as unknown as { error(value: unknown): void; info(value: unknown): void };
    const failure = new TypeError('cart is empty');
    log.error(failure);
    log.info({ orderId: 7 });
    log.info(42);
    const [error, object, number] = stream.lines.map(assertValidRecord);
    expect(error).toMatchObject({ level: 'ERROR', message: 'TypeError: cart is empty' });
    expect(error!.error).toMatchObject({ name: 'TypeError', message: 'cart is empty' });
    expect((error!.error as { stack: string }).stack).toContain('cart is empty');
    expect(object).toMatchObject({ msg: '{"orderId":7}', message: '{"orderId":7}' });
    expect(number).toMatchObject({ message: '42' });
  });

  it('does not throw at the caller when a getter of the fields object throws', () => {
    const stream = jsonLines();
    const fields = {
      user: 'ann',
      get balance(): number {
        throw new Error('not loaded');
      },
    };
    expect(() => new Logger('shop').info('{user} has {balance}', fields)).not.toThrow();
    const record = assertValidRecord(stream.lines[0]!);
    expect(record.message).toBe('ann has [Thrown: not loaded]');
    expect(record.fields).toEqual({ user: 'ann', balance: '[Thrown: not loaded]' });
  });

  it('writes a revoked Proxy as what it threw, not losing the rest of the record', () => {
    const stream = jsonLines();
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    new Logger('app').info('value {p} next to {ok}', { p: proxy, ok: 1 });
    const record = assertValidRecord(stream.lines[0]!);
    expect(record.message).toMatch(/^value \[Thrown: .*revoked.*\] next to 1$/);
    expect((record.fields as Record<string, unknown>).ok).toBe(1);
  });
});
