// An error's description shows its name, message, stack, code, cause and AggregateError members in their own
// places, and every other own property under `props`, as its value. A custom error that sets `this.name` and
// `this.code` is not shown twice; but a validation error's `errors` by field (an object, not a list of members)
// and a `code` that is no text or number are shown nowhere else, so they stay in `props` rather than vanish.

import { describe, expect, it } from 'vitest';
import { JsonFormatter, Logger, StreamHandler, toErrorInfo } from '../src/index.js';
import { assertValidRecord, MemoryStream, pushForTest } from './helpers.js';

class PaymentError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'PaymentError';
    Object.assign(this, { code: 'E_CARD', cause: new Error('declined'), errors: [new Error('card')] });
  }
}

function writtenError(error: unknown): Record<string, unknown> {
  const out = new MemoryStream();
  pushForTest(new StreamHandler(out, { formatter: new JsonFormatter({ host: 'h' }) }));
  new Logger('app').exception(error);
  return assertValidRecord(out.lines[0]!)['error'] as Record<string, unknown>;
}

describe("an error's own properties", () => {
  it('are written under props as their values, the ones shown in their own places not again', () => {
    const written = writtenError(new PaymentError('card refused', 402));
    expect(written).toMatchObject({
      name: 'PaymentError',
      message: 'card refused',
      code: 'E_CARD',
      cause: { name: 'Error', message: 'declined' },
      errors: [{ name: 'Error', message: 'card' }],
      props: { status: 402 },
    });
    expect(Object.keys(written['props'] as object)).toEqual(['status']);
  });

  it("keep a validation error's errors by field and a code that is no text or number in props", () => {
    const validation = Object.assign(new Error('User validation failed'), {
      name: 'ValidationError',
      errors: { email: Object.assign(new Error('email is invalid'), { kind: 'regexp' }) },
      code: { reason: 'schema' },
    });
    const written = writtenError(validation);
    expect(written).not.toHaveProperty('errors');
    expect(written).not.toHaveProperty('code');
    expect(written['props']).toEqual({
      errors: {
        email: {
          name: 'Error',
          message: 'email is invalid',
          stack: expect.any(String),
          props: { kind: 'regexp' },
        },
      },
      code: { reason: 'schema' },
    });
  });

  it('are written as what reading them threw, an error or any other value', () => {
    const error = Object.defineProperties(new Error('lookup failed'), {
      user: {
        enumerable: true,
        get: (): never => {
          throw new RangeError('not loaded');
        },
      },
      account: {
        enumerable: true,
        get: (): never => {
          // eslint-disable-next-line @typescript-eslint/only-throw-error -- what a library may throw
          throw 'account locked';
        },
      },
    });
    expect(writtenError(error)['props']).toEqual({
      user: '[Thrown: not loaded]',
      account: '[Thrown: account locked]',
    });
  });

  it('are none when a Proxy cannot list them', () => {
    const error = new Proxy(new Error('hidden'), {
      ownKeys() {
        throw new Error('no keys');
      },
    });
    expect(toErrorInfo(error)).not.toHaveProperty('props');
  });
});
