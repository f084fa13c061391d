import { describe, it, expect } from 'vitest';
import { Pseudonymiser } from '../src/pseudonymiser.js';
import { anonymiseAccessLine, anonymiseJsonLine } from '../src/commands/anonymise.js';
import { anonymiseJsonAccessLine } from '../src/commands/anonymise-json-access-line.js';

// Each case is a counterexample of the properties in anonymise-of-any-log-leaves-no-original.test.ts (shrunk, or
// written from its shrunk form): the copy kept an original address, email or secret, or anonymise threw and wrote
// no copy at all. Each failed on the code before the fix.
const T = '[20/Nov/2026:09:00:00 +0000]';
const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const line = (ip: string, request: string, referer = '-', ua = UA, xff?: string): string =>
  `${ip} - - ${T} "${request}" 200 512 "${referer}" "${ua}"${xff === undefined ? '' : ` "${xff}"`}`;

describe('anonymise leaves no original', () => {
  it('replaces an IPv4-mapped IPv6 address (::ffff:203.0.113.9) in an X-Forwarded-For list and as the client', () => {
    const p = new Pseudonymiser({ key: 'k' });
    const out = anonymiseAccessLine(
      line('::ffff:203.0.113.9', 'GET / HTTP/1.1', '-', UA, '::ffff:198.51.100.4, 10.1.2.3'),
      p,
    );
    expect(out).not.toContain('203.0.113.9');
    expect(out).not.toContain('198.51.100.4');
    expect(out).not.toContain('10.1.2.3');
    // the same client written as IPv4 or as IPv4-mapped IPv6 keeps one pseudonym for its IPv4 part
    expect(out.startsWith(`::ffff:${p.ip('203.0.113.9')} `)).toBe(true);
  });

  it('replaces an address written after a colon (host:203.0.113.9) or after an escape (\\n203.0.113.9)', () => {
    const p = new Pseudonymiser({ key: 'k' });
    expect(p.text('peer host:203.0.113.9 closed')).not.toContain('203.0.113.9');
    expect(p.text('bad\\n203.0.113.9\\t2001:db8::7')).not.toMatch(/203\.0\.113\.9|2001:db8::7/);
  });

  it('replaces IPv6 addresses that start with :: and the IPv4 part of a mixed one (64:ff9b::192.0.2.33)', () => {
    const p = new Pseudonymiser({ key: 'k' });
    const out = p.text('from ::abcd:1234:5678 via 64:ff9b::192.0.2.33 and [2001:DB8::1]:443 fe80::1%eth0');
    for (const original of ['abcd:1234:5678', '192.0.2.33', '.0.2.33', '2001:DB8::1', 'fe80::1'])
      expect(out).not.toContain(original);
  });

  it('gives an IPv6 address one pseudonym in every spelling (2001:DB8::1, 2001:db8:0:0:0:0:0:1)', () => {
    const p = new Pseudonymiser({ key: 'k' });
    expect(p.ip('2001:DB8::1')).toBe(p.ip('2001:db8:0:0:0:0:0:1'));
    expect(p.text('2001:0db8::0001')).toBe(p.ip('2001:db8::1'));
  });

  it('does not throw on a client field that is not a bare address, and keeps nothing of it', () => {
    const p = new Pseudonymiser({ key: 'k', ipv4Prefix: 24, ipv6Prefix: 48 });
    for (const client of [
      '[2001:db8::1]:443',
      'fe80::1%eth0',
      'unknown:0',
      '203.0.113.9:5678',
      'dsl.example.net',
    ]) {
      const out = anonymiseAccessLine(line(client, 'GET / HTTP/1.1'), p);
      expect(out).not.toContain(client);
      expect(out).not.toContain('NaN');
      expect(out).toMatch(/^\S+ - - \[/);
    }
  });

  it('replaces an address in a path after one slash (/lookup/203.0.113.9), and keeps a user agent’s version', () => {
    const p = new Pseudonymiser({ key: 'k' });
    const out = anonymiseAccessLine(
      line(
        '198.51.100.7',
        'GET /lookup/203.0.113.9 HTTP/1.1',
        'https://example.com/ip/192.0.2.1',
        'bot/1.2.3.4',
      ),
      p,
    );
    expect(out).not.toContain('203.0.113.9');
    expect(out).not.toContain('192.0.2.1');
    expect(out).toContain('"bot/1.2.3.4"');
    expect(anonymiseJsonLine(JSON.stringify({ request: { path: '/ip/203.0.113.9' } }), p)).not.toContain(
      '203.0.113.9',
    );
  });

  it('replaces a percent-encoded email or address in a path, a query or a referer', () => {
    const p = new Pseudonymiser({ key: 'k' });
    const out = anonymiseAccessLine(
      line(
        '198.51.100.7',
        'GET /u/alice%40example.com?q=bob%40example.org&next=http%3A%2F%2F203.0.113.9%2Fx HTTP/1.1',
        'https://example.com/?ref=carol%2540example.net',
      ),
      p,
    );
    for (const original of ['alice', 'bob', 'carol', '203.0.113.9']) expect(out).not.toContain(original);
    expect(decodeURIComponent(decodeURIComponent(out))).not.toMatch(/alice|bob|carol|203\.0\.113\.9/);
  });

  it('replaces an email or address in the method or protocol of a request line with spaces in it', () => {
    const p = new Pseudonymiser({ key: 'k' });
    const out = anonymiseAccessLine(line('198.51.100.7', 'GET /find me@example.com'), p);
    expect(out).not.toContain('me@example.com');
    const out2 = anonymiseAccessLine(line('198.51.100.7', 'alice@example.com /x 203.0.113.9'), p);
    expect(out2).not.toMatch(/alice@example\.com|203\.0\.113\.9/);
  });

  it('pseudonymises secrets and identities at any depth of a record, numbers too, and in keys', () => {
    const p = new Pseudonymiser({ key: 'k' });
    const rec = {
      time: '2026-11-20T09:00:00.000Z',
      level: 'INFO',
      msg: 'x',
      message: 'x',
      context: { user_id: 'alice-smith', password: 'hunter2-ctx' },
      fields: {
        login: { password: 'hunter2-fields' },
        user_id: 4217,
        'alice@example.com': 1,
        '203.0.113.9': 2,
      },
      error: { name: 'E', message: 'm', props: { api_token: 'tok-err-props' } },
    };
    const out = anonymiseJsonLine(JSON.stringify(rec), p);
    for (const original of [
      'alice-smith',
      'hunter2',
      '4217',
      'alice@example.com',
      '203.0.113.9',
      'tok-err-props',
    ])
      expect(out).not.toContain(original);
    expect(JSON.parse(out)).toMatchObject({ time: rec.time, level: 'INFO' });
  });

  it('replaces a secret query parameter written inside a message or a stack', () => {
    const p = new Pseudonymiser({ key: 'k' });
    const rec = {
      time: '2026-11-20T09:00:00.000Z',
      level: 'ERROR',
      msg: 'fetch failed',
      message: 'GET https://api.example.com/v1?access_token=tok-in-message&lang=en failed',
      error: { name: 'E', message: 'm', stack: 'at /reset?token=tok-in-stack' },
    };
    const out = anonymiseJsonLine(JSON.stringify(rec), p);
    expect(out).not.toMatch(/tok-in-message|tok-in-stack/);
    expect(out).toContain('lang=en');
  });

  it('copies no secret, address or email through a line it cannot read', () => {
    const p = new Pseudonymiser({ key: 'k' });
    const broken = [
      '{"time":"2026-11-20T09:00:00Z","level":"INFO","request":{"headers":{"cookie":"sid=cookie-secret-1',
      '203.0.113.9 - - [20/Nov/2026:09:00:00 +0000] "GET /reset?token=tok-broken HTTP/1.1" 200',
      '"alice@example.com session=cookie-secret-2"',
    ];
    for (const l of broken) {
      for (const out of [anonymiseJsonLine(l, p), anonymiseAccessLine(l, p), anonymiseJsonAccessLine(l, p)])
        expect(out).not.toMatch(/cookie-secret|tok-broken|203\.0\.113\.9|alice@example\.com/);
    }
  });

  it('replaces an address at the end of a sentence (from 203.0.113.9.) and keeps a dotted version (1.2.3.4.5)', () => {
    const p = new Pseudonymiser({ key: 'k' });
    const out = p.text('connection from 203.0.113.9. Retrying 1.2.3.4.5');
    expect(out).not.toContain('203.0.113.9');
    expect(out).toMatch(/\. Retrying 1\.2\.3\.4\.5$/);
  });

  it('pseudonymises everything nested under a secret key, and leaves an incident’s session trail readable', () => {
    const p = new Pseudonymiser({ key: 'k' });
    const rec = {
      time: '2026-11-20T09:00:00.000Z',
      level: 'ERROR',
      msg: 'x',
      message: 'x',
      incident: {
        ref: 'E-1',
        received: { method: 'POST', url: '/a', body: { password: { level0: 'nested-secret' } } },
        session_trail: [{ id: 'r-1', method: 'GET', path: '/cart', status: 200, ip: '203.0.113.9' }],
      },
    };
    const out = JSON.parse(anonymiseJsonLine(JSON.stringify(rec), p)) as typeof rec;
    expect(JSON.stringify(out)).not.toMatch(/nested-secret|203\.0\.113\.9/);
    expect(out.incident.session_trail[0]).toMatchObject({ method: 'GET', path: '/cart', status: 200 });
  });
});
