import { describe, it, expect } from 'vitest';
import { parseAccessLine } from '../src/index.js';
import { splitAccessLine } from '../src/sources/access-line.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const HEAD = '192.0.2.1 - - [21/Nov/2026:10:00:00 +0000]';
const combined = (after: string, size = '512', request = 'GET /a HTTP/1.1'): string =>
  `${HEAD} "${request}" 200 ${size} "-" "${UA}"${after}`;

describe('parseAccessLine (the library export) and the text after the fields', () => {
  it('takes a quoted field right after the user agent, whatever blank is between, for the X-Forwarded-For', () => {
    expect(parseAccessLine(combined(' "198.51.100.7"'))?.xff).toBe('198.51.100.7');
    expect(parseAccessLine(combined('\t"198.51.100.7, 10.0.0.1"'))?.xff).toBe('198.51.100.7, 10.0.0.1');
    expect(parseAccessLine(combined('"198.51.100.7"'))?.xff).toBe('198.51.100.7');
    // `-` is Nginx's none; a quoted value after other text belongs to that text (uct="0.000")
    expect(parseAccessLine(combined(' "-"'))).not.toHaveProperty('xff');
    expect(parseAccessLine(combined(' rt=0.050 uct="0.000"'))).not.toHaveProperty('xff');
    expect(parseAccessLine(combined(' 0.050'))).not.toHaveProperty('xff');
  });

  it('gives no size for `-` or a missing one, never NaN', () => {
    expect(parseAccessLine(combined('', '-'))).not.toHaveProperty('bytes');
    expect(parseAccessLine(`${HEAD} "GET /a HTTP/1.1" 304 -`)).not.toHaveProperty('bytes');
    expect(parseAccessLine(`${HEAD} "GET /a HTTP/1.1" 200 "-" "${UA}"`)).not.toHaveProperty('bytes');
    expect(parseAccessLine(combined('', '0'))?.bytes).toBe(0);
  });

  it('reads a request of one word (`-`, a TLS handshake) as method `-` with that word as the path', () => {
    for (const request of ['-', '\\x16\\x03\\x01\\x02\\x00\\x01', '/bare']) {
      const a = parseAccessLine(`${HEAD} "${request}" 400 0 "-" "-"`);
      expect([a?.method, a?.path, a?.protocol]).toEqual(['-', request, undefined]);
    }
    const two = parseAccessLine(`${HEAD} "GET /old" 200 5 "-" "-"`);
    expect([two?.method, two?.path, two?.protocol]).toEqual(['GET', '/old', undefined]);
  });

  it('keeps a client token with one bracket as written (only [address] loses its brackets)', () => {
    expect(parseAccessLine(`[2001:db8::4] - - [21/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5`)?.ip).toBe(
      '2001:db8::4',
    );
    for (const ip of ['[2001:db8::4', '2001:db8::4]', '[]'])
      expect(parseAccessLine(`${ip} - - [21/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5`)?.ip).toBe(ip);
  });

  it('hands on the text after the fields without the blanks around it, as anonymise writes it back', () => {
    expect(splitAccessLine(combined('  0.050 0.049 '))?.trailing).toBe('0.050 0.049');
    expect(splitAccessLine(combined(' "198.51.100.7"\t0.010'))?.trailing).toBe('0.010');
    expect(splitAccessLine(combined(' rt=0.050 uct="0.000"'))?.trailing).toBe('rt=0.050 uct="0.000"');
    // after a common line's size: Apache's %D and %T, one space apart as written
    expect(splitAccessLine(`${HEAD} "GET /a HTTP/1.1" 200 512 1234 0`)?.trailing).toBe('1234 0');
    expect(splitAccessLine(combined(''))?.trailing).toBe('');
  });
});
