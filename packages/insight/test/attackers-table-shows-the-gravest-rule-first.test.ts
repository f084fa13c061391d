import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './helpers/records.js';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:144.0) Gecko/20100101 Firefox/144.0';
const line = (minute: number, target: string, status: number): string =>
  `203.0.113.30 - - [21/Nov/2026:10:${String(minute).padStart(2, '0')}:00 +0000] "GET ${target} HTTP/1.1" ${status} 512 "-" "${FIREFOX}"`;

describe('the attackers table shows the gravest rule first', () => {
  it('puts the SQL injection before the hints that sort before it by name, in the terminal and the HTML', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'access.log'),
      [line(1, '/admin.php', 404), line(2, "/courses?q=1'%20OR%20'1'='1", 200)].join('\n') + '\n',
    );
    const json = JSON.parse((await cli(['report', dir, '--json'])).out) as {
      attackers: { ip: string; rules: string[] }[];
    };
    // the JSON keeps its documented order (by name); the hints are there too
    const rules = json.attackers.find((a) => a.ip === '203.0.113.30')!.rules;
    expect(rules).toEqual([...rules].sort());
    expect(rules).toEqual(
      expect.arrayContaining(['admin-interface-probe', 'not-found-probe', 'sql-injection']),
    );

    const r = await cli(['report', dir, '--width', '100', '--no-color']);
    const row = r.out.split('\n').find((l) => l.trimStart().startsWith('203.0.113.30'))!;
    expect(row.trim().split(/\s{2,}/)[2]).toMatch(/^sql-injection /);

    const html = join(dir, 'report.html');
    expect((await cli(['report', dir, '--html', html])).code).toBe(0);
    const cell = /<td data-label="rules">([^<]*)<\/td>/.exec(readFileSync(html, 'utf8'))?.[1];
    expect(cell?.split(', ')[0]).toBe('sql-injection');
    expect(cell?.split(', ').at(-1)).toBe('not-found-probe');
  });
});
