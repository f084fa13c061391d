import { describe, it, expect } from 'vitest';
import { Pseudonymiser } from '../src/pseudonymiser.js';
import { anonymiseJsonLine } from '../src/commands/anonymise.js';

type Json = Record<string, unknown>;
const copyOf = (record: Json): Json =>
  JSON.parse(anonymiseJsonLine(JSON.stringify(record), new Pseudonymiser({ key: 'k' }))) as Json;

describe('anonymise: a record value is pseudonymised by the key it is under', () => {
  const record = {
    v: 1,
    time: '2026-11-21T09:00:00.000Z',
    level: 'INFO',
    channel: 'http',
    msg: 'checkout',
    message: 'checkout',
    session: 'sess-4f1c2a9b',
    request: {
      id: 'r-1',
      method: 'GET',
      path: '/cart',
      status: 200,
      ip: 'pc-17.home.example.net',
      // keys the schema does not name, as another logger's line or an older writer may hold them
      auth_token: 'tok-77d1e0c3',
      owner: { password: 'hunter2-hunter2' },
    },
    user: { id: 4217, session_key: 'c2Vzc2lvbi1rZXk' },
    fields: {
      user_agent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0',
      next: 'lookup/203.0.113.9',
      referrer_page: 'compare/198.51.100.4',
      note: 'Chrome/1.2.3.4 stays a version',
    },
    client: { kind: 'human', api_key: 'key-5e6f7a8b' },
    error: {
      name: 'Error',
      message: 'boom',
      cause: { name: 'Error', message: 'inner', secret: 'sec-0a1b2c3d' },
    },
    incident: {
      received: { method: 'POST', url: '/pay', cookie: 'a8f5f167f44f4964e6c998dee827110c' },
      trail: [{ time: '2026-11-21T08:59:59.000Z', level: 'DEBUG', msg: 'cart', session: 'sess-4f1c2a9b' }],
      session_trail: [{ method: 'GET', path: '/cart', session_id: 'sid-9c8b7a6d' }],
    },
  };
  const copy = copyOf(record);
  const text = JSON.stringify(copy);

  it('a user id written as a number, a host name as the client address and a cookie the request held do not survive', () => {
    for (const original of ['4217', 'pc-17.home.example.net', 'a8f5f167f44f4964e6c998dee827110c'])
      expect(text).not.toContain(original);
    expect((copy['user'] as Json)['id']).toMatch(/^u-[0-9a-f]{10}$/);
    expect((copy['request'] as Json)['ip']).toMatch(/^h-[0-9a-f]{10}$/);
  });

  it("a secret under a key the schema does not name does not survive, in any of the record's objects", () => {
    for (const original of [
      'tok-77d1e0c3',
      'hunter2-hunter2',
      'key-5e6f7a8b',
      'sec-0a1b2c3d',
      'sid-9c8b7a6d',
      'c2Vzc2lvbi1rZXk',
    ])
      expect(text).not.toContain(original);
  });

  it("a session key gets a session pseudonym, the same in the record and in its incident's trail", () => {
    expect(text).not.toContain('sess-4f1c2a9b');
    expect(copy['session']).toMatch(/^s-[0-9a-f]{10}$/);
    const trail = (copy['incident'] as Json)['trail'] as Json[];
    expect(trail[0]!['session']).toBe(copy['session']);
    expect((copy['user'] as Json)['session_key']).toMatch(/^s-[0-9a-f]{10}$/);
  });

  it('a URL or referer in the data loses every address, while a user agent and free text stay readable', () => {
    const fields = copy['fields'] as Json;
    expect(text).not.toContain('203.0.113.9');
    expect(text).not.toContain('198.51.100.4');
    expect(fields['next']).toMatch(/^lookup\/\d+\.\d+\.\d+\.\d+$/);
    expect(fields['user_agent']).toBe(record.fields.user_agent);
    expect(fields['note']).toBe(record.fields.note);
  });
});
