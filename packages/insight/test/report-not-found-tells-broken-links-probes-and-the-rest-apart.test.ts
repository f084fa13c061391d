// The report's not_found section: a 404 a person reached from one of the site's own pages is a broken link, one
// asked for by a scanner or hitting an attack rule is a probe (counted, with its clients and the paths most asked
// for), and the rest are listed apart. Without --site-host the site is the host that refers most successful human
// requests, plus any vhost the log names. No test read the probes' paths, a site known only by its vhost, or a log
// with no site host at all.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, combinedLine, tempDir } from './helpers/records.js';
import type { Report } from '../src/report/build-report.js';

const BROWSER =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0 Safari/537.36';
const NIKTO = 'Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:000001)';

async function notFoundOf(lines: string[]): Promise<Report['not_found']> {
  const dir = tempDir();
  const log = join(dir, 'access.log');
  writeFileSync(log, lines.join('\n') + '\n');
  const run = await cli(['report', log, '--json']);
  expect(run.err).toBe('');
  return (JSON.parse(run.out) as Report).not_found;
}

describe('the report’s 404s', () => {
  it('take the site to be the host that refers most visitors, and find its broken links', async () => {
    const visit = (second: number, target: string, status: number, referer: string): string =>
      combinedLine({ ip: '198.51.100.7', second, target, status, referer, ua: BROWSER });
    const found = await notFoundOf([
      visit(1, '/', 200, 'https://search.example/?q=shop'),
      visit(2, '/blog', 200, 'https://shop.example/'),
      visit(3, '/sale', 200, 'https://shop.example/blog'),
      visit(4, '/old-offer', 404, 'https://shop.example/sale'),
      visit(5, '/gone', 404, 'https://search.example/?q=gone'),
    ]);
    expect(found.site_hosts).toEqual(['shop.example']);
    expect(found.broken_links).toEqual([
      { path: '/old-offer', referer: 'https://shop.example/sale', hits: 1 },
    ]);
    expect(found.other).toEqual([{ path: '/gone', hits: 1 }]);
  });

  it('know the site by the vhost the log names when no visitor came from it', async () => {
    const found = await notFoundOf([
      `Shop.Example:443 198.51.100.8 - - [22/Nov/2026:10:00:01 +0000] "GET /old HTTP/1.1" 404 0 "https://shop.example/blog" "${BROWSER}"`,
    ]);
    expect(found.site_hosts).toEqual(['shop.example']);
    expect(found.broken_links).toEqual([{ path: '/old', referer: 'https://shop.example/blog', hits: 1 }]);
  });

  it('count probes with their clients and most asked-for paths, also when the log names no site host', async () => {
    const probe = (ip: string, second: number, target: string): string =>
      combinedLine({ ip, second, target, status: 404, ua: NIKTO });
    const found = await notFoundOf([
      probe('203.0.113.50', 1, '/.env'),
      probe('203.0.113.50', 2, '/.env'),
      probe('203.0.113.50', 3, '/wp-login.php'),
      probe('203.0.113.51', 4, '/.env'),
      combinedLine({ ip: '198.51.100.9', second: 5, target: '/missing', status: 404, ua: BROWSER }),
    ]);
    expect(found).toEqual({
      total: 5,
      site_hosts: [],
      broken_links: [],
      probes: {
        hits: 4,
        clients: 2,
        top: [
          { path: '/.env', hits: 3 },
          { path: '/wp-login.php', hits: 1 },
        ],
      },
      other: [{ path: '/missing', hits: 1 }],
    });
  });
});
