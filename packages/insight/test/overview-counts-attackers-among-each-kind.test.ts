import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { cli, combinedLine, tempDir } from './helpers/records.js';
import type { Report } from '../src/report/build-report.js';

// The kind of a client is what its user agent claims; what it did makes it an attacker. The overview says how many
// of each kind's clients the Attackers section lists, so "humans" is not read as "people" when a prober wears
// Firefox's user agent.
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0 Safari/537.36';
const FIREFOX_4 = 'Mozilla/5.0 (Windows NT 6.1; rv:2.0) Gecko/20100101 Firefox/4.0';
const BING = 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)';
// eslint-disable-next-line no-control-regex
const stripColour = (s: string): string => s.replace(/\u001b\[[0-9;]*m/g, '');
const line = (ip: string, second: number, target: string, status: number, ua: string): string =>
  combinedLine({ ip, second, target, status, ua });

describe('the overview', () => {
  it('counts the attackers among the clients of each kind, in JSON, the terminal and the HTML report', async () => {
    const dir = tempDir();
    const log = join(dir, 'access.log');
    writeFileSync(
      log,
      [
        line('198.51.100.1', 1, '/', 200, CHROME),
        line('198.51.100.1', 2, '/courses', 200, CHROME),
        line('198.51.100.2', 3, '/', 200, CHROME),
        line('203.0.113.10', 4, '/wp-login.php', 404, FIREFOX_4),
        line('203.0.113.10', 5, '/wp-admin/', 404, FIREFOX_4),
        line('203.0.113.10', 6, '/xmlrpc.php', 404, FIREFOX_4),
        line('157.55.39.1', 7, '/robots.txt', 200, BING),
      ].join('\n') + '\n',
    );
    const report = JSON.parse((await cli(['report', log, '--json'])).out) as Report;
    expect(report.attackers.map((a) => a.ip)).toEqual(['203.0.113.10']);
    expect(report.clients.humans).toEqual({ hits: 6, clients: 3, attackers: 1 });
    expect(report.clients.crawlers).toMatchObject({ hits: 1, clients: 1, attackers: 0 });
    expect(report.clients.scanners.attackers).toBe(0);

    const text = (await cli(['report', log, '--width', '100'])).out;
    const lines = text.split('\n');
    const header = lines.find((l) => l.trimStart().startsWith('kind'));
    expect(header).toMatch(/clients\s+attackers/);
    // The column lines up under its title: "1" right-aligned with "attackers".
    const humans = lines.find((l) => l.trimStart().startsWith('humans'))!;
    expect(humans.indexOf('1 ', header!.indexOf('attackers'))).toBe(header!.indexOf('attackers') + 8);
    const crawlers = lines.find((l) => l.trimStart().startsWith('crawlers'))!;
    expect(crawlers.slice(header!.indexOf('attackers'), header!.indexOf('attackers') + 9).trim()).toBe('');

    // Every bar starts in the same column, with colour too (the crawlers' empty attackers cell must not pull
    // their bar to the left).
    for (const colour of ['--no-color', '--color']) {
      const shown = stripColour((await cli(['report', log, '--width', '100', colour])).out);
      const barAt = (kind: string): number =>
        shown
          .split('\n')
          .find((l) => l.trimStart().startsWith(kind))!
          .search(/[█▏▎▍▌▋▊▉]/);
      expect(barAt('crawlers'), colour).toBe(barAt('humans'));
      expect(
        shown.split('\n').find((l) => l.trimStart().startsWith('kind')),
        colour,
      ).toMatch(/attackers$/);
    }

    await cli(['report', log, '--html', join(dir, 'report.html')]);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain(
      'Judged attackers (see Attackers): 1 of the human clients.',
    );
  });

  it('leaves the column out when no client is an attacker', async () => {
    const dir = tempDir();
    const log = join(dir, 'access.log');
    writeFileSync(log, line('198.51.100.1', 1, '/', 200, CHROME) + '\n');
    const text = (await cli(['report', log, '--width', '100'])).out;
    expect(text).toMatch(/kind\s+hits\s+share\s+clients\n/);
    expect(text).not.toContain('attackers  ');
    await cli(['report', log, '--html', join(dir, 'report.html')]);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).not.toContain('Judged attackers');
  });
});
