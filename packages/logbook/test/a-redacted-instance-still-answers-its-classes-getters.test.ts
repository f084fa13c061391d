// A class instance that held a secret is given on as a redacted copy. The copy was a plain object, so a message hole
// reading a getter of its class (`{user.displayName}`) showed `{user.displayName?}` once the instance held a
// password. The copy now keeps the instance's class: its getters read the redacted copy. An instance written through
// its toJSON() kept its own keys unlooked-at when what toJSON() gave held no secret, so a hole reading one of those
// keys wrote the secret into the message.

import { describe, expect, it } from 'vitest';
import { createRedactor } from '../src/index.js';
import { redactedOutputs as outputsOf } from './support/redacted-outputs.js';

class Account {
  constructor(
    readonly first: string,
    readonly last: string,
    readonly password: string,
  ) {}
  get displayName(): string {
    return `${this.first} ${this.last}`;
  }
  get passwordHint(): string {
    return `${this.password.slice(0, 2)}…`;
  }
}

/** Written as its URL and headers; `path` read from the URL. */
class OutgoingRequest {
  constructor(
    readonly url: string,
    readonly headers: Record<string, string>,
    readonly session: { user: string; token: string },
  ) {}
  get path(): string {
    return new URL(this.url).pathname;
  }
  toJSON(): Record<string, unknown> {
    return { url: this.url, headers: this.headers };
  }
}

describe('a class instance that held a secret', () => {
  it('answers a hole reading a getter of its class, which reads the redacted values', () => {
    const user = new Account('Ann', 'Lee', 'hunter2');
    const { json, outputs } = outputsOf((log) =>
      log.info('{user.displayName} signed in (hint {user.passwordHint})', { user }),
    );
    expect(json['message']).toBe('Ann Lee signed in (hint [r…)');
    expect(json['fields']).toEqual({ user: { first: 'Ann', last: 'Lee', password: '[redacted]' } });
    for (const output of outputs) expect(output).not.toContain('hunter2');
  });

  it('written through its toJSON(), answers a getter of its class and is written as toJSON() gives, redacted', () => {
    const request = new OutgoingRequest(
      'https://api.example/orders?page=2',
      { Accept: 'json', Authorization: 'Bearer abc123' },
      { user: 'ann', token: 't-111111' },
    );
    const { json, outputs } = outputsOf((log) => log.warning('{request.path} was slow', { request }));
    expect(json['message']).toBe('/orders was slow');
    expect(json['fields']).toEqual({
      request: {
        url: 'https://api.example/orders?page=2',
        headers: { Accept: 'json', Authorization: '[redacted]' },
      },
    });
    for (const output of outputs) expect(output).not.toContain('abc123');
  });

  it('written through its toJSON(), shows a secret of its own keys in no hole, also when toJSON() leaves it out', () => {
    const request = new OutgoingRequest(
      'https://api.example/orders',
      { Accept: 'json' },
      { user: 'ann', token: 't-222222' },
    );
    const { json, outputs } = outputsOf((log) =>
      log.info('{request.session.user}: {request.session.token} ({request.session})', { request }),
    );
    expect(json['message']).toBe('ann: [redacted] ({"user":"ann","token":"[redacted]"})');
    expect(json['fields']).toEqual({
      request: { url: 'https://api.example/orders', headers: { Accept: 'json' } },
    });
    for (const output of outputs) expect(output).not.toContain('t-222222');
  });

  it('answers a getter that reads a private #field as missing: the copy has none', () => {
    class Login {
      readonly #since = 2019;
      constructor(readonly token: string) {}
      get since(): number {
        return this.#since;
      }
    }
    const login = new Login('t-333333');
    const { json, outputs } = outputsOf((log) => log.info('member since {login.since}', { login }));
    expect(json['message']).toBe('member since {login.since?}');
    expect(login.since).toBe(2019);
    for (const output of outputs) expect(output).not.toContain('t-333333');
  });

  it('is given on as a copy of its class, and the instance itself is not changed', () => {
    const user = new Account('Ann', 'Lee', 'hunter2');
    const copy = createRedactor()({ user }).user;
    expect(copy).toBeInstanceOf(Account);
    expect(copy).not.toBe(user);
    expect(copy.displayName).toBe('Ann Lee');
    expect(copy.password).toBe('[redacted]');
    expect(user.password).toBe('hunter2');
  });
});
