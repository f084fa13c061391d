// captureConsole() wrote each console call as the text util.format makes of its arguments. Redaction then saw only
// that text, so only value patterns reached it: `console.log('login', { user, password })` was written with the
// password, in every output, whatever the secret keys. Redaction now looks at the arguments by their keys, as at any
// record's fields, and the text is made again from them.

import { format } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { captureConsole, type RedactOptions } from '../src/index.js';
import { redactedOutputs } from './support/redacted-outputs.js';

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

/** One console call captured through redaction, as every output writes it. */
function consoleOutputs(call: () => void, options?: RedactOptions): ReturnType<typeof redactedOutputs> {
  return redactedOutputs((logger) => {
    restore = captureConsole({ logger });
    try {
      call();
    } finally {
      restore();
      restore = undefined;
    }
  }, options);
}

class Account {
  constructor(
    readonly user: string,
    readonly password: string,
  ) {}
}

describe('console arguments captured through redaction', () => {
  it('have a secret key redacted in an object argument, the text made as the console makes it', () => {
    const { json, outputs } = consoleOutputs(() =>
      console.log('login %s', 'ok', {
        user: 'ann',
        password: 'hunter2',
        headers: { cookie: 'sid=c-111111' },
      }),
    );
    const text = format('login %s', 'ok', {
      user: 'ann',
      password: '[redacted]',
      headers: { cookie: '[redacted]' },
    });
    expect(json).toMatchObject({ msg: '{text}', message: text, fields: { text }, event: 'console.log' });
    for (const output of outputs)
      for (const secret of ['hunter2', 'c-111111']) expect(output).not.toContain(secret);
  });

  it('have a secret redacted in a class instance, an error and a key the setup names', () => {
    const error = Object.assign(new Error('sync failed'), {
      config: { headers: { Authorization: 'Bearer t-2' } },
    });
    const { json, outputs } = consoleOutputs(
      () => console.error('account', new Account('ann', 'p-333333'), { taxId: 'x-444444' }, error),
      { keys: ['tax_id'] },
    );
    expect(json['message']).toMatch(
      /^account Account \{ user: 'ann', password: '\[redacted]' \} \{ taxId: '\[redacted]' \} Error: sync failed\n/,
    );
    for (const output of outputs)
      for (const secret of ['p-333333', 'x-444444', 'Bearer t-2']) expect(output).not.toContain(secret);
  });

  it('still have value patterns applied to the text, also where a match spans two arguments', () => {
    const { json } = consoleOutputs(() => console.warn('card', '4111', { password: 'p' }, '1111'), {
      values: [/4111 \{[^}]*\} 1111/g],
    });
    expect(json['message']).toBe('card [redacted]');
  });

  it('without a secret, are written as util.format writes them', () => {
    const { json } = consoleOutputs(() => console.info('disk at %d%%', 91, { mount: '/' }));
    expect(json).toMatchObject({
      msg: '{text}',
      message: "disk at 91% { mount: '/' }",
      fields: { text: "disk at 91% { mount: '/' }" },
    });
  });
});
