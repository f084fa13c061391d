import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCombinedLog } from '../eval/combined-log.js';
import { classify, isAttackSignal } from '../src/index.js';

// The shared Apache log (17-20 May 2015): real visitors, crawlers and probes. See /work/shared/fixtures.
const FIXTURE = fileURLToPath(
  new URL('../../../../shared/fixtures/elastic-apache-access/access.log', import.meta.url),
);
const lines = parseCombinedLog(readFileSync(FIXTURE, 'utf8'));
const results = lines.map((l) => ({ ...l, r: classify(l.facts) }));

describe('the Apache fixture', () => {
  it('parses every line', () => {
    expect(lines.length).toBe(10_000);
  });

  it('flags every WordPress probe', () => {
    const wp = results.filter(({ facts }) =>
      /\/(wp-login\.php|wp-admin\/|xmlrpc\.php|wp-config)/i.test(facts.path),
    );
    expect(wp.length).toBeGreaterThanOrEqual(35);
    for (const { line, r } of wp) expect(r.signals, `line ${line}`).toContain('wordpress-probe');
  });

  it('flags every admin-page probe', () => {
    const admin = results.filter(({ facts }) =>
      /^\/(administrator\/|admin\.php|administrator\/index\.php)/.test(facts.path),
    );
    expect(admin.length).toBe(10);
    for (const { line, r } of admin) expect(r.signals, `line ${line}`).toContain('admin-interface-probe');
  });

  it('recognises the named crawlers as crawlers', () => {
    const names = [
      'Googlebot',
      'bingbot',
      'Baiduspider',
      'YandexBot',
      'AhrefsBot',
      'MJ12bot',
      'msnbot',
      'Yahoo! Slurp',
      'archive.org_bot',
      'Twitterbot',
    ];
    for (const name of names) {
      const hits = results.filter(({ facts }) => facts.userAgent?.includes(name));
      expect(hits.length, name).toBeGreaterThan(0);
      for (const { line, r } of hits) expect(r.client.kind, `line ${line} (${name})`).toBe('crawler');
    }
  });

  it('flags none of the ordinary 200 page views from mainstream browsers as an attack', () => {
    const views = results.filter(
      ({ facts, r }) =>
        facts.status === 200 &&
        r.client.kind === 'human' &&
        /^(Chrome|Firefox|Safari|Mobile Safari|IE|Edge|Opera) /.test(r.client.browser ?? ''),
    );
    expect(views.length).toBeGreaterThan(5000);
    const flagged = views
      .filter(({ r }) => r.signals.some(isAttackSignal))
      .map(({ line, r }) => `${line}: ${r.signals.join(',')}`);
    expect(flagged).toEqual([]);
  });

  it('catches the Googlebot impostors and trusts the real ones', () => {
    const google = results.filter(({ facts }) => facts.userAgent?.includes('Googlebot/2.1'));
    const fake = google.filter(({ r }) => r.signals.includes('fake-crawler')).map(({ facts }) => facts.ip);
    expect(fake.sort()).toEqual(['177.37.188.215', '188.35.22.24', '200.141.109.74']);
    expect(
      google
        .filter(({ facts }) => facts.ip.startsWith('66.249.'))
        .every(({ r }) => !r.signals.includes('fake-crawler')),
    ).toBe(true);
  });
});
