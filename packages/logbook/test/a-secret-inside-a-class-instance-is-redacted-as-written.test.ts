// Redaction looks at what the outputs write. A class instance is written as its own keys, or as what its
// toJSON() gives, a Map with text keys as an object and a Set as a list: a secret in any of them is written
// unless redaction looks there too. axios 1.x keeps a request's headers in such an instance (AxiosHeaders,
// written through its toJSON), so an HTTP client error's `config.headers.Authorization` was written in clear.

import { describe, expect, it } from 'vitest';
import { JsonFormatter, Logger, NestedSetup, RedactProcessor, TestHandler } from '../src/index.js';
import { redactedOutputs as outputsOf } from './support/redacted-outputs.js';

/** Headers kept as an instance's own keys and written through toJSON(), as axios 1.x's AxiosHeaders are. */
class RequestHeaders {
  constructor(headers: Record<string, string>) {
    Object.assign(this, headers);
  }
  toJSON(): Record<string, unknown> {
    return { ...(this as object) };
  }
}

class Account {
  readonly name = 'ann';
  readonly password = 'hunter2';
  greeting(): string {
    return `hello ${this.name}`;
  }
}

describe('a secret inside a class instance', () => {
  it("is redacted in an HTTP client error's headers kept in an instance with toJSON()", () => {
    const error = Object.assign(new Error('Request failed with status code 401'), {
      config: {
        url: '/orders',
        headers: new RequestHeaders({ Accept: 'json', Authorization: 'Bearer abc123' }),
      },
    });
    const { json, outputs } = outputsOf((log) => log.error('order sync failed', {}, { error }));
    expect(json['error']).toMatchObject({
      message: 'Request failed with status code 401',
      props: { config: { url: '/orders', headers: { Accept: 'json', Authorization: '[redacted]' } } },
    });
    for (const output of outputs) expect(output).not.toContain('abc123');
  });

  it('is redacted in an instance written as its own keys, whose other values are kept', () => {
    const { json, outputs } = outputsOf((log) => log.info('signed in', { account: new Account() }));
    expect(json['fields']).toEqual({ account: { name: 'ann', password: '[redacted]' } });
    for (const output of outputs) expect(output).not.toContain('hunter2');
  });

  it('is redacted in a Map with text keys, a Map with other keys and a Set', () => {
    const byName = new Map<string, unknown>([
      ['user', 'ann'],
      ['api_key', 'k-111111'],
    ]);
    const byObject = new Map<unknown, unknown>([[{ id: 1 }, { token: 't-222222', kept: 'yes' }]]);
    const set = new Set([{ password: 'p-333333', user: 'bob' }]);
    const { json, outputs } = outputsOf((log) => log.info('lookups', { byName, byObject, set }));
    expect(json['fields']).toEqual({
      byName: { user: 'ann', api_key: '[redacted]' },
      byObject: [[{ id: 1 }, { token: '[redacted]', kept: 'yes' }]],
      set: [{ password: '[redacted]', user: 'bob' }],
    });
    for (const output of outputs)
      for (const secret of ['k-111111', 't-222222', 'p-333333']) expect(output).not.toContain(secret);
  });

  it('is redacted in a Map whose key holds it, and a secret Map key without a value stays left out', () => {
    const sessions = new Map<unknown, unknown>([[{ user: 'ann', token: 't-444444' }, 'active']]);
    const byName = new Map<string, unknown>([
      ['user', 'ann'],
      ['password', undefined],
    ]);
    const { json, outputs } = outputsOf((log) => log.info('sessions', { sessions, byName }));
    expect(json['fields']).toEqual({
      sessions: [[{ user: 'ann', token: '[redacted]' }, 'active']],
      byName: { user: 'ann' },
    });
    for (const output of outputs) expect(output).not.toContain('t-444444');
  });

  it('is a Date written as text that value patterns see', () => {
    const sink = new TestHandler({ formatter: new JsonFormatter({ host: 'h' }) });
    const redaction = new RedactProcessor({ values: [/\b\d{4}-\d{2}-\d{2}(?=T)/g] });
    const setup = new NestedSetup([sink, redaction]).pushApplication();
    const born = new Date('1990-05-17T00:00:00Z');
    try {
      new Logger('app').info('patient', { born, seen: 'on 2026-11-23' });
    } finally {
      setup.popApplication();
    }
    const json = JSON.parse(sink.formatted[0]!) as Record<string, unknown>;
    expect(json['fields']).toEqual({ born: '[redacted]T00:00:00.000Z', seen: 'on 2026-11-23' });
    expect(born.toISOString()).toBe('1990-05-17T00:00:00.000Z');
  });

  it('is redacted in a plain object written through its own toJSON()', () => {
    const account = { user: 'ann', password: 'hunter2' };
    const login = { toJSON: () => ({ account }) };
    const { json, outputs } = outputsOf((log) => log.info('login', { login }));
    expect(json['fields']).toEqual({ login: { account: { user: 'ann', password: '[redacted]' } } });
    for (const output of outputs) expect(output).not.toContain('hunter2');
  });

  it('given as the fields, written as text with a secret, is logged as {0} with the secret redacted', () => {
    class Dsn {
      toJSON(): string {
        return 'postgres://app:hunter2@db/app';
      }
    }
    const sink = new TestHandler({ formatter: new JsonFormatter({ host: 'h' }) });
    const redaction = new RedactProcessor({ values: [/(?<=:)hunter2(?=@)/g] });
    const setup = new NestedSetup([sink, redaction]).pushApplication();
    try {
      // As JavaScript passes it: the types take an instance as the fields only when it has the template's keys.
      const dsn = new Dsn() as unknown as readonly unknown[];
      new Logger('app').error('cannot connect to {0}: {error}', dsn, { error: new Error('refused') });
    } finally {
      setup.popApplication();
    }
    const json = JSON.parse(sink.formatted[0]!) as Record<string, unknown>;
    expect(json['message']).toBe('cannot connect to postgres://app:[redacted]@db/app: Error: refused');
    expect(json['fields']).toEqual({ 0: 'postgres://app:[redacted]@db/app' });
  });

  it('leaves an instance without a secret as it is, the same object', () => {
    const sink = new TestHandler();
    const setup = new NestedSetup([sink, new RedactProcessor()]).pushApplication();
    const when = new Date(0);
    const headers = new RequestHeaders({ Accept: 'json' });
    const tags = new Set(['a']);
    try {
      new Logger('app').info('kept', { when, headers, tags });
    } finally {
      setup.popApplication();
    }
    const fields = sink.records[0]!.fields as Record<string, unknown>;
    expect(fields['when']).toBe(when);
    expect(fields['headers']).toBe(headers);
    expect(fields['tags']).toBe(tags);
  });

  it('is never changed itself: the caller keeps the secret it holds', () => {
    const account = new Account();
    const headers = new RequestHeaders({ Authorization: 'Bearer abc123' });
    outputsOf((log) => log.info('x', { account, headers }));
    expect(account.password).toBe('hunter2');
    expect(account.greeting()).toBe('hello ann');
    expect(headers.toJSON()).toEqual({ Authorization: 'Bearer abc123' });
  });
});
