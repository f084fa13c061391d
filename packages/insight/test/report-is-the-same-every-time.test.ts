import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { cli, combinedLine, tempDir } from './helpers/records.js';
import type { Report } from '../src/report/build-report.js';

// Attackers that tie on verdict, request count and address (one prober cycling its user agent) came out in whatever
// order DuckDB's threads finished, so two reports of the same log differed. They are ordered by user agent last.
const agent = (n: number): string => `Mozilla/5.0 (Windows NT 6.1; rv:${n}.0) Gecko/20100101 Firefox/${n}.0`;
const probe = (second: number, ua: string, target: string): string =>
  combinedLine({ ip: '203.0.113.10', second, target, status: 404, bytes: 0, ua });

describe('the report of one log', () => {
  it('lists attackers that tie in one order: verdict, requests, address, then user agent', async () => {
    const dir = tempDir();
    const log = join(dir, 'access.log');
    const lines: string[] = [];
    // Later versions first in the log, so the order they were seen in is not the order asked for.
    [9, 8, 7, 6, 5, 4, 30, 20, 10].forEach((version, i) => {
      lines.push(
        probe(i * 3, agent(version), '/wp-login.php'),
        probe(i * 3 + 1, agent(version), '/wp-admin/'),
      );
      lines.push(probe(i * 3 + 2, agent(version), '/xmlrpc.php'));
    });
    writeFileSync(log, lines.join('\n') + '\n');
    const reports: string[] = [];
    for (let run = 0; run < 3; run++) {
      const r = JSON.parse((await cli(['report', log, '--json'])).out) as Report;
      reports.push(JSON.stringify({ ...r, generated_at: '' }));
      const uas = r.attackers.map((a) => a.ua ?? '');
      expect(uas).toHaveLength(9);
      expect(uas).toEqual([...uas].sort((a, b) => a.localeCompare(b)));
    }
    expect(new Set(reports).size).toBe(1);
  });

  it('lists broken links to one page from several pages in the order of the linking page', async () => {
    const dir = tempDir();
    const log = join(dir, 'access.log');
    const browser =
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0 Safari/537.36';
    const visit = (second: number, from: string): string =>
      combinedLine({
        ip: '198.51.100.7',
        second,
        target: '/old-page',
        status: 404,
        bytes: 0,
        referer: `https://shop.example${from}`,
        ua: browser,
      });
    writeFileSync(log, [visit(1, '/sale'), visit(2, '/blog'), visit(3, '/about')].join('\n') + '\n');
    const r = JSON.parse((await cli(['report', log, '--json', '--site-host', 'shop.example'])).out) as Report;
    expect(r.not_found.broken_links.map((b) => b.referer)).toEqual([
      'https://shop.example/about',
      'https://shop.example/blog',
      'https://shop.example/sale',
    ]);
  });
});
