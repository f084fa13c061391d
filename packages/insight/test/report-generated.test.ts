import { describe, it, expect, beforeAll } from 'vitest';
import { join } from 'node:path';
import { cli, generateRecords, tempDir, writeJsonl, type Generated } from './helpers/records.js';
import type { Report } from '../src/report/build-report.js';

describe('report --json on generated Logbook records', () => {
  let gen: Generated;
  let report: Report;
  let dir: string;
  beforeAll(async () => {
    gen = generateRecords({ seed: 3, users: 6 });
    dir = tempDir();
    // Split across a plain file and a gzipped rotated file to prove a folder with both is read as one log.
    const half = Math.floor(gen.records.length / 2);
    writeJsonl(join(dir, 'app.jsonl'), gen.records.slice(half));
    writeJsonl(join(dir, 'app.jsonl.1.gz'), gen.records.slice(0, half), true);
    const r = await cli(['report', dir, '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    report = JSON.parse(r.out) as Report;
  });

  it('counts requests and clients by kind', () => {
    expect(report.totals.requests).toBe(gen.truth.requests);
    expect(report.clients.humans.hits).toBe(gen.truth.humans);
    expect(report.clients.crawlers.hits).toBe(gen.truth.crawlers);
    expect(report.clients.crawlers.by_name).toEqual([
      { name: 'Googlebot', hits: gen.truth.crawlers, clients: 1 },
    ]);
    expect(report.clients.scanners).toEqual({ hits: gen.truth.scanners, clients: 1, attackers: 1 });
    // 6 people + one crawler + one scanner, each one ip + user agent
    expect(report.totals.clients).toBe(8);
    expect(report.sources).toHaveLength(2);
  });

  it('counts user actions by kind and per browser', () => {
    for (const [action, count] of Object.entries(gen.truth.actions))
      expect(report.users.actions[action as 'user.login']).toBe(count);
    // Three of the six people signed up (the odd ones); sign-ups are a user action like the others.
    expect(report.users.actions['user.signup']).toBe(3);
    expect(report.users.users).toBe(6);
    const firefox = report.users.by_browser.find((b) => b.browser === 'Firefox 133');
    expect(firefox?.['user.login']).toBe(3);
    expect(report.users.over_time[0]?.day).toBe('2026-11-20');
  });

  it('lists the crawler that reached a login-only page', () => {
    expect(report.crawlers_restricted).toEqual([
      expect.objectContaining({
        name: 'Googlebot',
        path: '/account',
        status: 403,
        auth_required: true,
        hits: 1,
      }),
    ]);
    expect(report.crawlers[0]?.top_paths.length).toBeGreaterThan(0);
  });

  it('shows the WordPress prober as an attacker with its rules, examples and times', () => {
    const a = report.attackers.find((x) => x.ip === '198.51.100.66');
    expect(a).toBeDefined();
    expect(a!.ua).toContain('Firefox/4.0');
    expect(a!.requests).toBe(3);
    expect(a!.rules).toEqual(expect.arrayContaining(['wordpress-probe', 'sensitive-file']));
    expect(a!.examples).toEqual(expect.arrayContaining(['/wp-login.php']));
    expect(a!.first_seen < a!.last_seen).toBe(true);
    expect(typeof a!.verdict).toBe('string');
    expect(a).toHaveProperty('tool');
    expect(report.attackers.some((x) => x.ip.startsWith('203.0.113.'))).toBe(false);
  });

  it('groups incidents into tickets by fingerprint', () => {
    const t = report.tickets.find((x) => x.fingerprint === 'fp-checkout-total');
    const truth = gen.truth.fingerprints['fp-checkout-total']!;
    expect(t).toMatchObject({
      count: truth.count,
      users: truth.users.size,
      latest_incident: truth.refs.at(-1),
      solved: false,
      state: 'open',
    });
    expect(report.tickets).toHaveLength(Object.keys(gen.truth.fingerprints).length);
  });

  it('reports 404s and slow routes with percentiles', () => {
    expect(report.not_found.total).toBe(6 + 3);
    expect(report.not_found.probes.hits).toBe(3);
    const slow = report.slow_routes[0]!;
    expect(slow.route).toBe(gen.truth.slowRoute);
    expect(slow.count).toBe(18);
    expect(slow.p50).toBeLessThan(slow.p95);
    expect(slow.p99).toBeGreaterThanOrEqual(slow.p95);
    expect(report.skipped).toEqual({ count: 0, files: [] });
  });

  it('applies --filter and --since to every section', async () => {
    const r = await cli(['report', dir, '--json', '--filter', 'client=scanner']);
    const f = JSON.parse(r.out) as Report;
    expect(f.totals.requests).toBe(gen.truth.scanners);
    expect(f.clients.humans.hits).toBe(0);
    expect(f.users.actions['user.login']).toBe(0);
    const p = JSON.parse((await cli(['report', dir, '--json', '--filter', 'path=/wp-*'])).out) as Report;
    expect(p.totals.requests).toBe(2);
    const ip = JSON.parse(
      (await cli(['report', dir, '--json', '--filter', 'ip=203.0.113.10'])).out,
    ) as Report;
    expect(ip.users.actions['user.login']).toBe(1);
    const late = JSON.parse((await cli(['report', dir, '--json', '--since', '2030-01-01'])).out) as Report;
    expect(late.totals.requests).toBe(0);
    expect(late.tickets).toEqual([]);
  });
});

describe('the terminal report on generated Logbook records', () => {
  it('says under every table cut by --limit how many rows it left out', async () => {
    const dir = tempDir();
    writeJsonl(join(dir, 'app.jsonl'), generateRecords({ seed: 3, users: 6 }).records);
    const r = await cli(['report', dir, '--no-color', '--limit', '1']);
    const cuts = r.out.split('\n').filter((l) => l.startsWith('  … '));
    expect(cuts).toEqual([
      '  … 1 more browser (--limit or --json shows them)',
      '  … 1 more operating system (--limit or --json shows them)',
      '  … 1 more ticket (--limit or --json shows them)',
      '  … 3 more routes (--limit or --json shows them)',
    ]);
    const all = await cli(['report', dir, '--no-color', '--limit', '20']);
    expect(all.out).not.toContain('  … ');
  });

  it('fits an 80-column terminal, users tables included, and still names every action', async () => {
    const dir = tempDir();
    writeJsonl(join(dir, 'app.jsonl'), generateRecords({ seed: 3, users: 6 }).records);
    const r = await cli(['report', dir, '--no-color', '--width', '80']);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    const tooWide = lines.filter((line) => [...line].length > 80);
    expect(tooWide).toEqual([]);
    // Nothing a copy into an issue or a diff would carry as trailing blanks.
    expect(lines.filter((line) => line !== line.trimEnd())).toEqual([]);
    const users = lines.slice(lines.findIndex((l) => l.startsWith('Users')));
    for (const action of ['user.signup', 'user.login_failed', 'newsletter.subscribe', 'purchase'])
      expect(users.slice(0, 4).join(' ')).toContain(action);
    expect(users.find((l) => l.trimStart().startsWith('browser'))).toMatch(/signups +logins +login fails/);
    // Each column says what it holds once: the kinds, then their hits, share, clients and attackers among them.
    const overview = lines.slice(lines.findIndex((l) => l.startsWith('Overview')));
    expect(overview.find((l) => l.includes('share'))?.trim()).toMatch(
      /^kind +hits +share +clients +attackers$/,
    );
  });
});
