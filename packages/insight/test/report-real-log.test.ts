import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cli, FIXTURE } from './helpers/records.js';
import type { Report } from '../src/report/build-report.js';

describe('report on the real Apache log fixture', () => {
  it('reads 9,999 requests and skips the one truncated line (8899), naming it', async () => {
    const r = await cli(['report', FIXTURE, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as Report;
    expect(report.totals.requests).toBe(9999);
    expect(report.skipped.count).toBe(1);
    expect(report.skipped.files[0]!.samples).toEqual([
      { line: 8899, reason: 'not a complete access-log line (truncated?)' },
    ]);
    expect(report.span).toEqual({ from: '2015-05-17T10:05:00.000Z', to: '2015-05-20T21:05:59.000Z' });
    expect(report.not_found.total).toBe(213); // GoAccess's reference figure for 404s
  });

  it('names the crawlers and lists the WordPress and admin probers as attackers', async () => {
    const report = JSON.parse((await cli(['report', FIXTURE, '--json'])).out) as Report;
    const names = report.clients.crawlers.by_name.map((c) => c.name);
    for (const n of ['Googlebot', 'bingbot', 'Baiduspider', 'YandexBot', 'AhrefsBot', 'MJ12bot'])
      expect(names).toContain(n);
    const wp = report.attackers.filter((a) =>
      a.examples.some((p) => p.includes('wp-login.php') || p.includes('wp-admin')),
    );
    expect(wp.length).toBeGreaterThanOrEqual(5);
    expect(report.attackers.find((a) => a.ip === '144.76.194.187')?.rules).toContain('wordpress-probe');
    expect(report.attackers.some((a) => a.examples.some((p) => p.startsWith('/administrator')))).toBe(true);
    expect(report.not_found.probes.top.map((p) => p.path)).toContain('/wp-login.php');
  });

  it('works as the installed `logbook` binary and prints the terminal report', () => {
    const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
    const run = spawnSync(process.execPath, [bin, 'report', FIXTURE, '--width', '100'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('9,999 requests');
    expect(run.stdout).toContain('Googlebot');
    // counts agree with their nouns: one file, no tickets
    expect(run.stdout).toMatch(/ · 1 source file$/m);
    expect(run.stdout).toMatch(/Crashes \(tickets\) {2}0 tickets$/m);
    expect(run.stdout).not.toContain('\u001b[');
    for (const line of run.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(100 + 45); // bars may extend past the table
  });
});
