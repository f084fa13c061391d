import { describe, it, expect, afterEach } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pseudonymiser } from '../src/pseudonymiser.js';
import { anonymiseAccessLine, anonymiseJsonLine } from '../src/commands/anonymise.js';
import { cli, tempDir } from './helpers/records.js';

// Forms the pattern did not know: an email whose domain or local part is not ASCII was kept whole (or, for
// `jörg@example.com`, its first letters were kept in front of the pseudonym), and an IPv4 address written with
// leading zeros was kept as it was. Each case below failed on the code before.
const T = '[20/Nov/2026:09:00:00 +0000]';
const line = (ip: string, request: string, referer = '-', ua = 'curl/8.5.0'): string =>
  `${ip} - - ${T} "${request}" 200 512 "${referer}" "${ua}"`;
const PSEUDONYM = /^user-[0-9a-f]{10}@example\.invalid$/;

describe('anonymise finds emails of any script', () => {
  it('replaces an email with a Unicode or punycode domain, or a Unicode local part, whole', () => {
    const p = new Pseudonymiser({ key: 'k' });
    for (const email of [
      'anna@müller.de',
      'user@例え.jp',
      'bob@xn--mller-kva.de',
      'jörg@example.com',
      'JÖRG@EXAMPLE.COM',
      'иван@почта.рф',
      'ivan@xn--80a1acny.xn--p1ai',
      '𠀋x@example.org',
      'kei@例え。jp',
    ]) {
      const out = p.text(`mail to ${email}, please`);
      expect(out, email).toMatch(/^mail to user-[0-9a-f]{10}@example\.invalid, please$/);
    }
  });

  it('gives one mailbox one pseudonym in Unicode and punycode, any case, composed or not', () => {
    const p = new Pseudonymiser({ key: 'k' });
    const one = p.email('anna@müller.de');
    expect(one).toMatch(PSEUDONYM);
    for (const same of ['Anna@MÜLLER.de', 'anna@xn--mller-kva.de', 'anna@mu\u0308ller.de'])
      expect(p.text(same), same).toBe(one);
    expect(p.text('jo\u0308rg@example.com')).toBe(p.text('jörg@example.com'));
    expect(p.text('anna@mueller.de')).not.toBe(one);
  });

  it('replaces such emails in a query, a referer and a JSON record, percent-encoded too', () => {
    const p = new Pseudonymiser({ key: 'k' });
    const access = anonymiseAccessLine(
      line(
        '192.0.2.1',
        `GET /invite?to=${encodeURIComponent('anna@müller.de')}&cc=jörg@example.com HTTP/1.1`,
        'https://example.com/u/user@例え.jp',
      ),
      p,
    );
    const json = anonymiseJsonLine(
      JSON.stringify({ v: 1, time: '2026-11-20T09:00:00.000Z', level: 'INFO', msg: 'sent to иван@почта.рф' }),
      p,
    );
    for (const out of [access, json])
      for (const original of ['müller', 'm%C3%BCller', 'jörg', 'j%C3%B6rg', '例え', 'иван', 'почта'])
        expect(out, out).not.toContain(original);
  });

  it('replaces an email whose letters a server wrote as \\xhh escapes, as the same mailbox', () => {
    const p = new Pseudonymiser({ key: 'k' });
    const escaped = String.raw`j\xc3\xb6rg@m\xC3\xBCller.de`;
    const out = anonymiseAccessLine(
      line('192.0.2.1', `GET /?to=${escaped} HTTP/1.1`, '-', `bot (${escaped})`),
      p,
    );
    expect(out).not.toMatch(/xc3|xb6|ller\.de|jörg/i);
    const pseudonym = p.email('jörg@müller.de');
    expect(out).toContain(`GET /?to=${pseudonym} HTTP/1.1`);
    expect(out).toContain(`"bot (${pseudonym})"`);
  });

  it('still finds no email in a megabyte of letters of another script, and still finds the one after it', () => {
    const p = new Pseudonymiser({ key: 'k' });
    const blob = 'ü'.repeat(1 << 20);
    const out = p.text(`${blob} ${'é.'.repeat(1 << 19)}@ jörg@müller.de`);
    expect(out.startsWith(blob)).toBe(true);
    expect(out).toMatch(/ user-[0-9a-f]{10}@example\.invalid$/);
  });
});

describe('anonymise finds IPv4 addresses written with leading zeros', () => {
  it('replaces them in text, a path, a query, a referer and the client field', () => {
    const p = new Pseudonymiser({ key: 'k' });
    const out = anonymiseAccessLine(
      line(
        '010.000.000.001',
        'GET /hosts/192.168.001.010/ping?ip=203.000.113.009 HTTP/1.1',
        'http://198.051.100.004:8080/x',
        'probe from 172.016.005.004 (Chrome/120.0.0.0)',
      ),
      p,
    );
    for (const original of [
      '010.000.000.001',
      '192.168.001.010',
      '203.000.113.009',
      '198.051.100.004',
      '172.016.005.004',
    ])
      expect(out).not.toContain(original);
    // a user agent's version stays, as before
    expect(out).toContain('Chrome/120.0.0.0');
  });

  it('gives the zero-padded, the plain and the IPv4-mapped spelling of one address one pseudonym', () => {
    const p = new Pseudonymiser({ key: 'k', ipv4Prefix: 24 });
    const plain = p.ip('192.168.1.10');
    expect(plain).toMatch(/^192\.168\.1\.\d{1,3}$/);
    expect(p.ip('192.168.001.010')).toBe(plain);
    expect(p.text('from 192.168.001.010.')).toBe(`from ${plain}.`);
    expect(p.ip('::ffff:192.168.001.010')).toBe(`::ffff:${plain}`);
  });

  it('never hands out a pseudonym that is an address of the input written with leading zeros', () => {
    // With /24 kept, the host number is drawn; it must never be one of the input's own hosts.
    const p = new Pseudonymiser({ key: 'k', ipv4Prefix: 24 });
    const hosts = Array.from({ length: 200 }, (_, i) => `10.0.0.${String(i + 1).padStart(3, '0')}`);
    p.reserve(hosts.join(' '));
    for (const h of hosts.slice(0, 20)) {
      const out = p.ip(h);
      expect(out, h).toMatch(/^10\.0\.0\.\d{1,3}$/);
      const host = Number(out.split('.')[3]);
      expect(host >= 1 && host <= 200, `${h} became ${out}, an address of the input`).toBe(false);
    }
  });
});

describe('anonymise on the IPv6 forms servers and proxies write', () => {
  it('replaces a mapped, a zoned and a bracketed address with its port, in a URL and a Forwarded header', () => {
    const p = new Pseudonymiser({ key: 'k' });
    const json = anonymiseJsonLine(
      JSON.stringify({
        v: 1,
        time: '2026-11-20T09:00:00.000Z',
        level: 'ERROR',
        msg: 'upstream fe80::1%eth0 refused',
        request: {
          method: 'GET',
          path: '/',
          ip: '::ffff:203.0.113.9',
          referer: 'https://[2001:db8::1]:8443/a',
        },
        incident: {
          ref: 'INC-1',
          received: { headers: { forwarded: 'for="[2001:db8::2]:4711";proto=https, for=198.51.100.7' } },
        },
      }),
      p,
    );
    for (const original of ['203.0.113.9', 'fe80::1', '2001:db8::1', '2001:db8::2', '198.51.100.7'])
      expect(json).not.toContain(original);
    const rec = JSON.parse(json) as { request: { ip: string; referer: string } };
    expect(rec.request.ip).toBe(`::ffff:${p.ip('203.0.113.9')}`);
    expect(rec.request.referer).toBe(`https://[${p.ip('2001:db8::1')}]:8443/a`);
  });
});

describe('anonymise on a URL with a zone id', () => {
  it('keeps the brackets and the port of [fe80::1%25eth0]:8080 as written', () => {
    const p = new Pseudonymiser({ key: 'k' });
    const out = p.url('http://[fe80::1%25eth0]:8080/x?next=http%3A%2F%2F203.0.113.9%2Fa');
    expect(out).toMatch(/^http:\/\/\[[0-9a-f:]+%25eth0\]:8080\/x\?next=http%3A%2F%2F\d+\.\d+\.\d+\.\d+%2Fa$/);
    expect(out).not.toContain('fe80::1%');
    expect(out).not.toContain('203.0.113.9');
  });
});

describe('anonymise command on zero-padded clients', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('writes each client as a plain IPv4 pseudonym, one per client however it was padded', async () => {
    const dir = tempDir();
    dirs.push(dir);
    writeFileSync(
      join(dir, 'in.log'),
      [line('010.000.000.001', 'GET / HTTP/1.1'), line('10.0.0.1', 'GET /a HTTP/1.1')].join('\n') + '\n',
    );
    const r = await cli(['anonymise', join(dir, 'in.log'), join(dir, 'out.log'), '--key', 'k']);
    expect(r.code, r.err).toBe(0);
    const clients = readFileSync(join(dir, 'out.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(' ')[0]);
    expect(clients[0]).toMatch(/^\d{1,3}(\.\d{1,3}){3}$/);
    expect(clients[0]).not.toBe('10.0.0.1');
    expect(clients[1]).toBe(clients[0]);
  });
});
