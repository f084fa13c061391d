import { describe, expect, it } from 'vitest';
import {
  createRedactor,
  JsonFormatter,
  Logger,
  LogRecord,
  RedactProcessor,
  TestHandler,
  toJson,
} from '../src/index.js';
import { assertValidRecord, pushForTest } from './helpers.js';

describe('redaction', () => {
  it('replaces secret keys at any depth, whatever their case or separators', () => {
    const redact = createRedactor();
    const input = {
      user: 'ann',
      password: 'hunter2',
      headers: { Authorization: 'Bearer abc', cookie: 'sid=1', 'set-cookie': ['a=b'], 'X-Api-Key': 'k' },
      nested: [{ db_password: 'p', csrfToken: 't', api_key: 'k2', tokens_used: 12 }],
    };
    expect(redact(input)).toEqual({
      user: 'ann',
      password: '[redacted]',
      headers: {
        Authorization: '[redacted]',
        cookie: '[redacted]',
        'set-cookie': '[redacted]',
        'X-Api-Key': '[redacted]',
      },
      nested: [
        { db_password: '[redacted]', csrfToken: '[redacted]', api_key: '[redacted]', tokens_used: 12 },
      ],
    });
  });

  it('never modifies the caller’s object and returns it as is when nothing is secret', () => {
    const redact = createRedactor();
    const input = { password: 'x', inner: { ok: 1 } };
    const output = redact(input);
    expect(input.password).toBe('x');
    expect(output.inner).toBe(input.inner);
    const clean = { a: 1, b: { c: 2 } };
    expect(redact(clean)).toBe(clean);
  });

  it('takes extra keys and value patterns', () => {
    const redact = createRedactor({ keys: ['ssn', /^card/i], values: [/\b\d{4}-\d{4}-\d{4}-\d{4}\b/g] });
    expect(redact({ ssn: '1', cardHolder: 'x', note: 'paid with 4111-1111-1111-1111 today' })).toEqual({
      ssn: '[redacted]',
      cardHolder: '[redacted]',
      note: 'paid with [redacted] today',
    });
  });

  it('matches an extra key name however it is spelled: case, -, _, space and . ignored', () => {
    const redact = createRedactor({ keys: ['Member-Number'], replacement: '***' });
    expect(
      redact({
        member_number: 1,
        MEMBERNUMBER: 2,
        'member number': 3,
        'member.number': 4,
        member: 5,
        'Api Key': 6,
      }),
    ).toEqual({
      member_number: '***',
      MEMBERNUMBER: '***',
      'member number': '***',
      'member.number': '***',
      member: 5,
      'Api Key': '***',
    });
  });

  it('applies a key or value pattern with the g or y flag to every key and value alike', () => {
    // Such a regular expression remembers where its last match ended; used as is, it would miss the next one.
    const redact = createRedactor({ keys: [/^card/gi], values: [/sk-live-\w+/y, /\d{4}-\d{4}/g] });
    expect(
      redact({
        cardHolder: 'ann',
        cardExpiry: '12/29',
        notes: ['sk-live-1 first', 'sk-live-2 second', 'pin 1234-5678', 'and 8765-4321'],
      }),
    ).toEqual({
      cardHolder: '[redacted]',
      cardExpiry: '[redacted]',
      notes: ['[redacted] first', '[redacted] second', 'pin [redacted]', 'and [redacted]'],
    });
  });

  it('looks into null-prototype objects (parsed query strings), shared branches and cycles', () => {
    const redact = createRedactor();
    const query = Object.assign(Object.create(null) as Record<string, unknown>, {
      user: 'ann',
      token: 't0k',
    });
    const shared = { password: 'p' };
    const cyclic: Record<string, unknown> = { api_key: 'k' };
    cyclic['self'] = cyclic;
    const out = redact({ query, first: shared, second: shared, list: [shared], cyclic });
    const json = new JsonFormatter({ host: 'h' }).format(new LogRecord(0, 30, 'app', 'x', out));
    expect(JSON.parse(json).fields).toEqual({
      query: { user: 'ann', token: '[redacted]' },
      first: { password: '[redacted]' },
      second: { password: '[redacted]' },
      list: [{ password: '[redacted]' }],
      cyclic: { api_key: '[redacted]', self: '[Circular]' },
    });
  });

  it('looks 12 levels deep and writes a branch deeper than that as "[Depth limit]", as documented', () => {
    const redact = createRedactor();
    const nest = (levels: number, leaf: unknown): unknown => {
      let value = leaf;
      for (let i = 0; i < levels; i++) value = { a: value };
      return value;
    };
    const secret = { password: 'hunter2', ok: 1 };
    expect(redact(nest(12, secret))).toEqual(nest(12, { password: '[redacted]', ok: 1 }));
    expect(redact(nest(13, secret))).toEqual(nest(13, '[Depth limit]'));
  });

  it('counts the 12 levels of a thrown value that is no error from the error it is the cause of', () => {
    // Its JSON text becomes the cause's message, which no output cuts: the limit is redaction's own.
    const redact = createRedactor();
    const nest = (levels: number, leaf: unknown): unknown => {
      let value = leaf;
      for (let i = 0; i < levels; i++) value = { a: value };
      return value;
    };
    const causeText = (cause: unknown): string => {
      const error = redact(new Error('outer', { cause: { password: 'p', detail: cause } }));
      const message = (JSON.parse(toJson(error)) as { cause: { message: string } }).cause.message;
      expect(message).not.toContain('hunter2');
      return message;
    };
    expect(causeText(nest(10, { password: 'hunter2' }))).toContain('{"password":"[redacted]"}');
    expect(causeText(nest(11, { password: 'hunter2' }))).toContain('{"a":"[Depth limit]"}');
  });

  it('keeps the other values of a branch with a getter that throws, shown as what it threw', () => {
    // Found by mutation testing: the copy was a spread, which ran the getter unguarded, so the whole branch became
    // the string "[Thrown: not loaded]", every other value lost (fields are read value by value before this, but
    // context values and createRedactor() callers are not).
    const handler = pushForTest(new TestHandler());
    pushForTest(new RedactProcessor());
    const account = {
      id: 7,
      token: 't0k',
      get plan(): string {
        throw new Error('not loaded');
      },
    };
    new Logger('auth', { processor: (record) => record.set('account', account) }).info('signed in');
    const line = new JsonFormatter({ host: 'h' }).format(handler.records[0]!);
    expect(assertValidRecord(line)['context']).toEqual({
      account: { id: 7, token: '[redacted]', plan: '[Thrown: not loaded]' },
    });
    expect(createRedactor()({ account })).toEqual({
      account: { id: 7, token: '[redacted]', plan: '[Thrown: not loaded]' },
    });
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const out = createRedactor()({ p: proxy, token: 't', n: null }) as Record<string, unknown>;
    expect(out['p']).toMatch(/^\[Thrown: .*revoked/);
    expect(out).toMatchObject({ token: '[redacted]', n: null });
  });

  it('returns what holds no secret as it is: errors, dates, maps, and other class instances', () => {
    const redact = createRedactor();
    const error = Object.assign(new Error('timeout'), { code: 'ETIMEDOUT', cause: { attempt: 2 } });
    expect(redact(error)).toBe(error);
    const when = new Date(0);
    const map = new Map([['user', 'x']]);
    const bytes = Buffer.from('password');
    const out = redact({ when, map, bytes, secret: 's' });
    expect(out.when).toBe(when);
    expect(out.map).toBe(map);
    expect(out.bytes).toBe(bytes);
    expect(out.secret).toBe('[redacted]');
  });

  it('without the defaults redacts only the keys it is given', () => {
    const redact = createRedactor({ defaults: false, keys: ['pin'] });
    expect(redact({ password: 'p', token: 't', pin: '1234' })).toEqual({
      password: 'p',
      token: 't',
      pin: '[redacted]',
    });
    expect(String(new RedactProcessor())).toBe('Processor(redact)'); // how failure reports name it
  });

  it('leaves a secret key whose value is undefined out, as JSON does, rather than write it', () => {
    const redact = createRedactor();
    const out = redact({ user: 'ann', password: undefined });
    expect(new JsonFormatter({ host: 'h' }).format(new LogRecord(0, 30, 'app', 'x', out))).toContain(
      '"fields":{"user":"ann"}',
    );
  });

  it('as a processor, redacts fields and context and re-renders the message', () => {
    const handler = pushForTest(new TestHandler());
    pushForTest(new RedactProcessor());
    const log = new Logger('auth');
    log.info('login attempt {user} with {password}', { user: 'ann', password: 'hunter2' });
    const record = handler.records[0]!;
    expect(record.message).toBe('login attempt ann with [redacted]');
    expect(JSON.stringify(record.fields)).not.toContain('hunter2');
  });

  it('redacts secrets carried by errors, attached or in fields, and leaves the thrown error alone', () => {
    const handler = pushForTest(new TestHandler());
    pushForTest(new RedactProcessor());
    // The shape of an HTTP client's error: the request configuration, headers included, as properties.
    const failure = Object.assign(new Error('Request failed with status 401'), {
      config: { url: '/api', headers: { Authorization: 'Bearer sk-live-123' } },
      cause: Object.assign(new Error('upstream'), { password: 'hunter2' }),
    });
    const log = new Logger('client');
    log.exception(failure);
    log.error('call failed: {err}', { err: failure });
    const json = new JsonFormatter();
    const [attached, inFields] = handler.records.map((record) => json.format(record));
    for (const line of [attached!, inFields!]) {
      expect(line).not.toContain('sk-live-123');
      expect(line).not.toContain('hunter2');
      expect(line).toContain('"Authorization":"[redacted]"');
      expect(line).toContain('"url":"/api"');
      expect(line).toContain('Request failed with status 401');
    }
    expect(handler.records[0]!.error).toBe(failure);
    expect(failure.config.headers.Authorization).toBe('Bearer sk-live-123');
  });
});
