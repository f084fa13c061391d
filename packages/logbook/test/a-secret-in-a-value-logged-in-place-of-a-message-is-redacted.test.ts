// From JavaScript, a value can be logged in place of a message (`log.info(req.body)`, `log.error(err)`): its text
// is the record's msg and message. Redaction looked only at fields, context and the attached error, so that text
// was written with every secret the value held.

import { describe, expect, it } from 'vitest';
import type { RedactOptions } from '../src/index.js';
import { redactedOutputs } from './support/redacted-outputs.js';

interface UntypedLogger {
  info(value: unknown): void;
  error(value: unknown): void;
}

/** The outputs of one record that an untyped caller (plain JavaScript) logged through redaction. */
const outputsOf = (
  log: (logger: UntypedLogger) => void,
  options: RedactOptions = {},
): ReturnType<typeof redactedOutputs> => redactedOutputs(log, options);

describe('a value logged in place of a message', () => {
  it('is written with its secrets redacted, in msg and message', () => {
    const { json, outputs } = outputsOf((log) => log.info({ user: 'ann', password: 'hunter2' }));
    expect(json['msg']).toBe('{"user":"ann","password":"[redacted]"}');
    expect(json['message']).toBe('{"user":"ann","password":"[redacted]"}');
    for (const output of outputs) expect(output).not.toContain('hunter2');
  });

  it('is written with the secrets of a list redacted', () => {
    const { json } = outputsOf((log) => log.info([{ token: 't-123456' }, 'kept']));
    expect(json['message']).toBe('[{"token":"[redacted]"},"kept"]');
  });

  it('an error, reads Name: message with what a value pattern matched redacted', () => {
    const error = new Error('login failed for key sk_live_123456');
    const { json, outputs } = outputsOf((log) => log.error(error), { values: [/sk_live_\w+/g] });
    expect(json['message']).toBe('Error: login failed for key [redacted]');
    expect(json['error']).toMatchObject({ message: 'login failed for key [redacted]' });
    for (const output of outputs) expect(output).not.toContain('sk_live_123456');
    expect(error.message).toBe('login failed for key sk_live_123456'); // the caller's error is theirs
  });

  it('without a secret is written as before', () => {
    const { json } = outputsOf((log) => log.info({ orderId: 7 }));
    expect(json).toMatchObject({ msg: '{"orderId":7}', message: '{"orderId":7}' });
  });
});
