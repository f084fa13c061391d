import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './helpers/records.js';

const FIREFOX_4 = 'Mozilla/5.0 (Windows NT 6.1; rv:2.0) Gecko/20100101 Firefox/4.0';
const line = (ip: string, minute: number, path: string, status: number, ua: string): string =>
  `${ip} - - [21/Nov/2026:10:${String(minute).padStart(2, '0')}:00 +0000] "GET ${path} HTTP/1.1" ${status} 512 "-" "${ua}"`;

describe('the attackers table says what browser a client claims to be', () => {
  it('shows the WordPress prober as the ten-year-old Firefox it claims, not a cut-off Mozilla/5.0', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'access.log'),
      [
        line('203.0.113.10', 1, '/wp-login.php', 404, FIREFOX_4),
        line('203.0.113.10', 2, '/wp-login.php', 404, FIREFOX_4),
        line('203.0.113.10', 3, '/wp-login.php', 404, FIREFOX_4),
        // a payload in the user agent is no browser: the table shows the text itself, inert
        line('203.0.113.20', 4, '/', 200, '() { :; }; echo; /bin/cat /etc/passwd'),
        line(
          '192.0.2.1',
          5,
          '/',
          200,
          'Mozilla/5.0 (X11; Linux x86_64; rv:144.0) Gecko/20100101 Firefox/144.0',
        ),
      ].join('\n') + '\n',
    );
    const r = await cli(['report', dir, '--width', '100']);
    expect(r.code).toBe(0);
    const rows = r.out.split('\n');
    const prober = rows.find((l) => l.trimStart().startsWith('203.0.113.10'));
    expect(prober).toContain('Firefox 4 · Windows 7');
    expect(prober).not.toContain('Mozilla/5.0');
    const shellshock = rows.find((l) => l.trimStart().startsWith('203.0.113.20'));
    expect(shellshock).toContain('() { :; }; echo;');
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(100);
  });
});
