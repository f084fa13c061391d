// End to end: the site on a free port, the traffic driver against it, then `logbook report --json` and
// `logbook replay` as a user runs them. What the driver says it sent must be what the report finds.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '@logbook/insight';
import { startSite, type RunningSite } from '../src/site.js';
import { runTraffic } from '../src/traffic/run-traffic.js';
import type { TrafficSummary } from '../src/traffic/played.js';
import { logbook, reportJson, tempDir } from './support/run.js';

let site: RunningSite;
let summary: TrafficSummary;
let report: Report;

beforeAll(async () => {
  site = await startSite({ port: 0, logDir: tempDir('story'), console: false });
  summary = await runTraffic({ baseUrl: site.url, seed: 7 });
  await site.logging.flush();
  report = await reportJson(site.logDir);
}, 120_000);

afterAll(async () => {
  await site.close();
});

describe('the traffic story, as the report tells it', () => {
  it('played a full run without errors or truncation', () => {
    expect(summary.errors).toEqual([]);
    expect(summary.truncated).toBe(false);
    expect(report.totals.requests).toBe(summary.requests);
  });

  it('counts every human action the driver saw confirmed', () => {
    const a = summary.actions;
    expect(a['user.login']).toBeGreaterThan(0);
    expect(a['user.login_failed']).toBeGreaterThan(0);
    // Sign-ups as the driver saw them confirmed (redirected to /account) are the report's user.signup count.
    expect(a['user.signup']).toBeGreaterThan(0);
    expect(report.users.actions['user.signup']).toBe(a['user.signup']);
    expect(report.users.actions).toEqual({
      'user.signup': a['user.signup'],
      'user.login': a['user.login'],
      'user.login_failed': a['user.login_failed'],
      'user.logout': a['user.logout'],
      'newsletter.subscribe': a['newsletter.subscribe'],
      purchase: a.purchase,
    });
  });

  it('finds and names every crawler the driver played, and the lecture pages they reached', () => {
    const named = new Map(report.crawlers.map((c) => [c.name, c.hits]));
    for (const crawler of summary.crawlers) expect(named.get(crawler.name), crawler.name).toBeGreaterThan(0);
    for (const crawler of summary.crawlers.filter((c) => c.restrictedHits > 0)) {
      const hits = report.crawlers_restricted
        .filter((r) => r.name === crawler.name && r.path.includes('/lectures/'))
        .reduce((n, r) => n + r.hits, 0);
      // Googlebot's row also holds the fake Googlebot's requests (same name), which never reach lectures.
      expect(hits, crawler.name).toBe(crawler.restrictedHits);
    }
  });

  it('finds every attacker by address, with the rules its requests should trigger', () => {
    for (const attacker of summary.attackers) {
      const found = report.attackers.find((x) => x.ip === attacker.ip && x.ua === attacker.ua);
      expect(found, attacker.role).toBeDefined();
      expect(found!.requests).toBe(attacker.requests);
      expect(found!.rules).toEqual(expect.arrayContaining(attacker.expectedRules));
    }
    const prober = report.attackers.find((x) => x.ua?.includes('Firefox/4.0'));
    expect(prober?.verdict).toBe('wordpress-scan');
    expect(report.attackers.find((x) => x.ua?.includes('Nikto'))?.tool).toBe('Nikto');
  });

  it('flags the fake Googlebot and not the real ones', () => {
    const [fake] = summary.fakeCrawlers;
    expect(report.attackers.find((x) => x.ip === fake!.ip)?.rules).toContain('fake-crawler');
    const genuine = summary.crawlers
      .filter((c) => c.name === 'Googlebot' || c.name === 'bingbot')
      .map((c) => c.ip);
    expect(genuine).toHaveLength(2);
    expect(report.attackers.filter((x) => genuine.includes(x.ip))).toEqual([]);
    expect(report.clients.humans.clients).toBeGreaterThanOrEqual(summary.humans.length);
  });

  it('groups the crash into one ticket with the right count and the reference the visitor saw', () => {
    expect(summary.crash.refs).toHaveLength(2);
    expect(report.tickets).toHaveLength(1);
    const [ticket] = report.tickets;
    expect(ticket).toMatchObject({ count: summary.crash.refs.length, route: '/receipts/:token', users: 1 });
    expect(ticket!.error).toMatch(/^TypeError: Cannot read properties of undefined \(reading 'name'\)/);
    expect(summary.crash.refs).toContain(ticket!.latest_incident);
  });

  it('reproduces the crash with logbook replay against the running site', async () => {
    const ref = summary.crash.refs[0]!;
    const ran = await logbook(
      'replay',
      ref,
      '--target',
      site.url,
      '--logs',
      site.logDir,
      '--no-color',
      site.logDir,
    );
    expect(ran.stderr).toBe('');
    expect(ran.code, 'the exit code that says the crash came back').toBe(3);
    expect(ran.stdout).toMatch(/GET \/receipts\/[\w-]+ → 500/);
    expect(ran.stdout).toContain(
      `Reproduced: the same crash came back (fingerprint ${report.tickets[0]!.fingerprint}`,
    );
  });
});
