import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { cli, combinedLine, tempDir } from './helpers/records.js';
import type { Report } from '../src/report/build-report.js';
import { readableTarget } from '../src/render/readable-target.js';

const UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0 Safari/537.36';
const line = (second: number, target: string, status = 200): string =>
  combinedLine({ ip: '203.0.113.30', second, target, status, ua: UA });

describe('an attacker’s examples', () => {
  it('hold the query string, where an injection’s payload is, and print it decoded', async () => {
    const dir = tempDir();
    const log = join(dir, 'access.log');
    writeFileSync(
      log,
      [
        line(1, '/courses'),
        line(2, '/courses?q=%27%20OR%20%271%27%3D%271'),
        line(3, '/courses?q=1%20UNION%20SELECT%20password%20FROM%20users--'),
      ].join('\n') + '\n',
    );
    const json = await cli(['report', log, '--json']);
    const report = JSON.parse(json.out) as Report;
    const attacker = report.attackers.find((a) => a.ip === '203.0.113.30');
    expect(attacker?.rules).toContain('sql-injection');
    // The JSON keeps each request as sent; the plain /courses hit no rule and is no example.
    expect(attacker?.examples).toEqual([
      '/courses?q=%27%20OR%20%271%27%3D%271',
      '/courses?q=1%20UNION%20SELECT%20password%20FROM%20users--',
    ]);

    const text = await cli(['report', log, '--width', '160']);
    expect(text.out).toContain("/courses?q=' OR '1'='1");

    await cli(['report', log, '--html', join(dir, 'report.html')]);
    const page = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(page).toContain(
      '/courses?q=&#39; OR &#39;1&#39;=&#39;1 · /courses?q=1 UNION SELECT password FROM users--',
    );
  });

  it('start with what a request tried, not with a page a scanner’s user agent alone flagged', async () => {
    const dir = tempDir();
    const log = join(dir, 'access.log');
    const nikto = (second: number, target: string, status: number): string =>
      combinedLine({
        ip: '198.51.100.40',
        second,
        target,
        status,
        bytes: 128,
        ua: 'Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:000001)',
      });
    writeFileSync(
      log,
      [nikto(1, '/', 200), nikto(2, '/about', 200), nikto(3, '/.env', 404)].join('\n') + '\n',
    );
    const report = JSON.parse((await cli(['report', log, '--json'])).out) as Report;
    const scanner = report.attackers.find((a) => a.ip === '198.51.100.40');
    expect(scanner?.tool).toBe('Nikto');
    // Every request hit scanner-user-agent; only /.env hit a rule of its own.
    expect(scanner?.examples).toEqual(['/.env', '/', '/about']);
  });

  it('are decoded for reading only where they decode; the rest is shown as sent', () => {
    expect(readableTarget('/search?q=a+b%20c')).toBe('/search?q=a b c');
    expect(readableTarget('/a%2Fb')).toBe('/a/b');
    expect(readableTarget('/x?q=100%')).toBe('/x?q=100%');
    expect(readableTarget('/plain')).toBe('/plain');
  });
});
