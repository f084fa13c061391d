import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './helpers/records.js';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:144.0) Gecko/20100101 Firefox/144.0';
const line = (i: number, path: string, ua = FIREFOX): string =>
  `192.0.2.${i % 250} - - [21/Nov/2026:10:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} +0000] "GET ${path} HTTP/1.1" 200 512 "-" "${ua}"`;

/** The paths tail printed, in order (a request line reads `status method path ...`). */
const paths = (out: string): string[] =>
  out
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(' ')[4]!);

describe('tail starts with the last records that match', () => {
  it('finds the last N matching records far back in the file, not only among its last N lines', async () => {
    const dir = tempDir();
    const lines = Array.from({ length: 3000 }, (_, i) => line(i, `/page/${i}`));
    // two scanner requests early on, then thousands of ordinary ones (over 64 KB of them)
    lines[10] = line(10, '/wp-login.php', 'Nikto/2.5.0');
    lines[20] = line(20, '/.env', 'Nikto/2.5.0');
    lines[2999] = line(2999, '/admin.php', 'Nikto/2.5.0');
    writeFileSync(join(dir, 'access.log'), `${lines.join('\n')}\n`);
    const r = await cli(['tail', '-n', '2', '--filter', 'client=scanner', dir, '--no-color']);
    expect(r.code, r.err).toBe(0);
    expect(paths(r.out)).toEqual(['/.env', '/admin.php']);
    const all = await cli(['tail', '-n', '5', '--filter', 'client=scanner', dir, '--no-color']);
    expect(paths(all.out)).toEqual(['/wp-login.php', '/.env', '/admin.php']);
    const plain = await cli(['tail', '-n', '3', dir, '--no-color']);
    expect(paths(plain.out)).toEqual(['/page/2997', '/page/2998', '/admin.php']);
  });

  it('reads lines longer than the chunk it reads at a time whole, and counts records, not garbage lines', async () => {
    const dir = tempDir();
    const long = `Mozilla/5.0 ${'x'.repeat(100_000)}`;
    writeFileSync(
      join(dir, 'access.log'),
      `${[line(1, '/one', long), line(2, '/two', long), 'garbage that is no access line', line(3, '/three', long)].join('\n')}\n`,
    );
    const r = await cli(['tail', '-n', '3', dir, '--no-color']);
    expect(paths(r.out)).toEqual(['/one', '/two', '/three']);
  });
});
