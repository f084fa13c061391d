// Redaction replaces the values of secret keys in the fields, by the keys it finds there: an object's own
// enumerable keys, which are what the outputs write. A message hole reads by name, also what no output writes: a
// getter of the object's class (a config class whose `password` reads the environment), a non-enumerable property.
// `{db.password}` rendered such a value, the secret, into the message of every output. A hole whose path names a
// secret key now renders the replacement, whatever it reads.

import { describe, expect, it } from 'vitest';
import { redactedOutputs as outputsOf } from './support/redacted-outputs.js';

class DatabaseConfig {
  readonly host = 'db.internal';
  get password(): string {
    return 'p-777777';
  }
  get apiKey(): string {
    return 'k-888888';
  }
}

describe('a message hole whose path names a secret key', () => {
  it('renders the replacement for a getter of the class', () => {
    const db = new DatabaseConfig();
    const { json, outputs } = outputsOf((log) =>
      log.info('connecting to {db.host} as {db.password} with {db.apiKey}', { db }),
    );
    expect(json['message']).toBe('connecting to db.internal as [redacted] with [redacted]');
    expect(json['msg']).toBe('connecting to {db.host} as {db.password} with {db.apiKey}');
    for (const output of outputs)
      for (const secret of ['p-777777', 'k-888888']) expect(output).not.toContain(secret);
  });

  it('renders the replacement for a property no output writes, in any spelling of the key', () => {
    const session = Object.defineProperty({ user: 'ann' }, 'auth_Token', {
      value: 't-999999',
      enumerable: false,
    });
    const { json, outputs } = outputsOf((log) => log.info('{s.user} holds {s.auth_Token}', { s: session }));
    expect(json['message']).toBe('ann holds [redacted]');
    expect(json['fields']).toEqual({ s: { user: 'ann' } });
    for (const output of outputs) expect(output).not.toContain('t-999999');
  });

  it('renders a missing value as missing, and a hole that names no secret as its value', () => {
    const { json } = outputsOf((log) =>
      log.info('{user.name} {user.password} {tokens_used}', { user: { name: 'ann' }, tokens_used: 12 }),
    );
    expect(json['message']).toBe('ann {user.password?} 12');
  });

  it('uses the keys and replacement the redaction was given', () => {
    class Payee {
      get taxId(): string {
        return 'x-123456';
      }
    }
    const { json, outputs } = outputsOf((log) => log.info('paid {payee.taxId}', { payee: new Payee() }), {
      keys: ['tax_id'],
      replacement: '***',
    });
    expect(json['message']).toBe('paid ***');
    for (const output of outputs) expect(output).not.toContain('x-123456');
  });
});
