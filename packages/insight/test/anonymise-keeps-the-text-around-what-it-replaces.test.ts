import { describe, it, expect } from 'vitest';
import { Pseudonymiser } from '../src/pseudonymiser.js';
import { anonymiseAccessLine } from '../src/commands/anonymise.js';

// The copy is for sharing: everything that is not an address, an email or a secret must read as it did.
const EMAIL = String.raw`user-[0-9a-f]{10}@example\.invalid`;
const ENCODED_EMAIL = String.raw`user-[0-9a-f]{10}%40example\.invalid`;
const IP = String.raw`\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}`;
const TOKEN = String.raw`q-[0-9a-f]{10}`;
const exactly = (pattern: string): RegExp => new RegExp(`^${pattern}$`);

const requestOf = (request: string): string => {
  const out = anonymiseAccessLine(
    `198.51.100.20 - - [20/Nov/2026:09:00:00 +0000] "${request}" 408 0 "-" "curl/8.5.0"`,
    new Pseudonymiser({ key: 'k' }),
  );
  return /\] "(.*)" 408 0 /.exec(out)![1]!;
};

describe('anonymise keeps the text around what it replaces', () => {
  it('in free text: the words between emails, an @handle, and a name that only looks like an address', () => {
    const p = new Pseudonymiser({ key: 'k' });
    expect(p.text('mail alice@example.com, then bob@example.org. Ask @example.com')).toMatch(
      exactly(`mail ${EMAIL}, then ${EMAIL}\\. Ask @example\\.com`),
    );
    expect(p.text('id ab:cd:203.0.113.9 done')).toMatch(exactly(`id ab:cd:${IP} done`));
    // one email, one pseudonym, whatever text it is found in
    const [a, b] = [p.text('to alice@example.com'), p.text('alice@example.com wrote: hi')].map(
      (t) => /user-[0-9a-f]{10}/.exec(t)![0],
    );
    expect(a).toBe(b);
  });

  it('around percent-escapes: the escapes it need not touch stay as written, what it replaces stays encoded', () => {
    const p = new Pseudonymiser({ key: 'k' });
    expect(p.text('v%7E1 x%20y alice%40example.com ref=lookup%2F203.0.113.9 end')).toMatch(
      exactly(`v%7E1 x%20y ${ENCODED_EMAIL} ref=lookup%2F${IP} end`),
    );
    expect(p.text('ref=lookup%2F203.0.113.9')).not.toContain('203.0.113.9');
  });

  it('in a request line: the method, the path, every parameter in its place, the protocol or none', () => {
    expect(requestOf('GET /a/b?x=1&token=abc&203.0.113.9&next=lookup/203.0.113.9 HTTP/1.1')).toMatch(
      exactly(`GET /a/b\\?x=1&token=${TOKEN}&${IP}&next=lookup/${IP} HTTP/1\\.1`),
    );
    expect(requestOf('GET /a?next=lookup/203.0.113.9 HTTP/1.1')).not.toContain('203.0.113.9');
    // a target that is only a query, its secret's name percent-encoded
    expect(requestOf('GET ?to%6Ben=abc123secret HTTP/1.1')).toMatch(
      exactly(`GET \\?to%6Ben=${TOKEN} HTTP/1\\.1`),
    );
    expect(requestOf('GET /plain')).toBe('GET /plain');
    expect(requestOf('-')).toBe('-');
  });
});
