import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, generateRecords, tempDir, webRequest, writeJsonl, type Rec } from './helpers/records.js';
import type { Report } from '../src/report/build-report.js';

const HEADLESS =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36';

/** A request as @logbook/web writes it: the client (with its reason) comes from the middleware. */
const request = (i: number, ip: string, ua: string, client: object): Rec =>
  webRequest(i, { id: `r-u${i}`, ip, ua }, client);

/** A combined-format access-log line; classification happens in insight's loader. */
const accessLine = (ip: string, ua: string, second: number): string =>
  `${ip} - - [21/Nov/2026:10:00:${String(second).padStart(2, '0')} +0000] "GET /courses HTTP/1.1" 200 512 "-" "${ua}"`;

describe('automation and tools in the report (clients.unknown.by_name)', () => {
  let report: Report;
  let dir: string;
  beforeAll(async () => {
    dir = tempDir();
    const reason = 'automation: headless browser';
    const headless = { kind: 'unknown', name: 'HeadlessChrome', browser: 'Chrome 120', os: 'Linux', reason };
    writeJsonl(
      join(dir, 'app.jsonl'),
      [0, 1, 2].map((i) => request(i, '192.0.2.7', HEADLESS, headless)),
    );
    writeFileSync(
      join(dir, 'access.log'),
      [
        accessLine('198.51.100.20', 'curl/8.5.0', 1),
        accessLine('198.51.100.21', 'curl/7.88.1', 2),
        accessLine('198.51.100.22', HEADLESS, 3),
        accessLine('198.51.100.23', '-', 4),
        accessLine(
          '203.0.113.5',
          'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
          5,
        ),
      ].join('\n') + '\n',
    );
    const r = await cli(['report', dir, '--json']);
    expect(r.err).toBe('');
    report = JSON.parse(r.out) as Report;
  });

  it('lists each unknown client by name with the reason from the records (JSONL) or the classifier (access log)', () => {
    expect(report.clients.unknown).toEqual({
      hits: 7,
      clients: 5,
      attackers: 0,
      by_name: [
        { name: 'HeadlessChrome', reason: 'automation: headless browser', hits: 4, clients: 2 },
        { name: 'curl', reason: 'tool: HTTP library or command-line client', hits: 2, clients: 2 },
        { name: 'unnamed', reason: 'empty user agent', hits: 1, clients: 1 },
      ],
    });
    // The other kinds keep their shapes.
    expect(report.clients.humans).toEqual({ hits: 1, clients: 1, attackers: 0 });
    expect(report.clients.scanners).toEqual({ hits: 0, clients: 0, attackers: 0 });
    expect(report.clients.crawlers).toEqual({ hits: 0, clients: 0, attackers: 0, by_name: [] });
  });

  it('narrows with --filter like every other section', async () => {
    const r = await cli(['report', dir, '--json', '--filter', 'name=curl']);
    const f = JSON.parse(r.out) as Report;
    expect(f.clients.unknown.by_name).toEqual([
      { name: 'curl', reason: 'tool: HTTP library or command-line client', hits: 2, clients: 2 },
    ]);
  });

  it('prints an "Automation and tools" table in the terminal and the HTML report', async () => {
    const r = await cli(['report', dir, '--no-color', '--width', '120']);
    expect(r.code).toBe(0);
    const section = r.out.slice(r.out.indexOf('Automation and tools'), r.out.indexOf('\nAttackers'));
    expect(section).toMatch(/^Automation and tools {2}7 hits from 5 clients\n/);
    expect(section).toMatch(/HeadlessChrome +automation: headless browser +4 +2/);
    expect(section).toMatch(/curl +tool: HTTP library or command-line client +2 +2/);
    expect(section).toMatch(/unnamed +empty user agent +1 +1/);
    const out = join(dir, 'report.html');
    expect((await cli(['report', dir, '--html', out])).code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<h2>Automation and tools</h2>');
    expect(html).toContain(
      '<td data-label="name">HeadlessChrome</td><td data-label="reason">automation: headless browser</td>' +
        '<td class="n" data-label="hits">4</td>',
    );
  });

  it('leaves the table out when every client was recognised', async () => {
    const clean = tempDir();
    writeJsonl(join(clean, 'app.jsonl'), generateRecords({ seed: 4, users: 2 }).records);
    const r = await cli(['report', clean, '--no-color']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('\nCrawlers');
    expect(r.out).not.toContain('Automation and tools');
  });
});
