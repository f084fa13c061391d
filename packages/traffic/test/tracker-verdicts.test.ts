import { describe, expect, it } from 'vitest';
import { ClientTracker, classify } from '../src/index.js';
import type { RequestFacts } from '../src/index.js';

const T0 = Date.UTC(2026, 0, 1, 12);
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

function feed(tracker: ClientTracker, reqs: RequestFacts[]) {
  let last;
  for (const r of reqs) last = tracker.observe(r, classify(r));
  return last;
}

describe('ClientTracker', () => {
  it('calls a client probing many distinct 404s quickly "probing", with evidence', () => {
    const t = new ClientTracker();
    const reqs = Array.from({ length: 12 }, (_, i) => ({
      method: 'GET',
      path: `/guess-${i}`,
      status: 404,
      ip: '203.0.113.9',
      userAgent: CHROME,
      time: T0 + i * 500,
    }));
    const v = feed(t, reqs);
    expect(v).toMatchObject({
      verdict: 'probing',
      ip: '203.0.113.9',
      userAgent: CHROME,
      firstSeen: T0,
      lastSeen: T0 + 11 * 500,
      requests: 12,
    });
    expect(v!.paths).toContain('/guess-0');
    expect(t.verdicts().map((x) => x.verdict)).toEqual(['probing']);
  });

  it('does not call the same 404s spread over hours probing (the bucket leaks, by record time)', () => {
    const t = new ClientTracker();
    const reqs = Array.from({ length: 12 }, (_, i) => ({
      method: 'GET',
      path: `/guess-${i}`,
      status: 404,
      ip: '203.0.113.9',
      userAgent: CHROME,
      time: T0 + i * 60_000,
    }));
    expect(feed(t, reqs)).toBeUndefined();
    expect(t.verdicts()).toEqual([]);
  });

  it('calls repeated wp-login.php a WordPress scan', () => {
    const t = new ClientTracker();
    const reqs = Array.from({ length: 3 }, (_, i) => ({
      method: 'POST',
      path: '/wp-login.php',
      status: 404,
      ip: '198.51.100.7',
      userAgent: CHROME,
      time: T0 + i * 1000,
    }));
    const v = feed(t, reqs);
    expect(v?.verdict).toBe('wordpress-scan');
    expect(v?.rules['wordpress-probe']).toBe(3);
  });

  it('calls one scanner user agent a scanner, naming the tool', () => {
    const t = new ClientTracker();
    const v = feed(t, [
      {
        method: 'GET',
        path: '/',
        status: 200,
        ip: '192.0.2.1',
        userAgent: 'sqlmap/1.7.2#stable (https://sqlmap.org)',
        time: T0,
      },
    ]);
    expect(v).toMatchObject({ verdict: 'scanner', tool: 'sqlmap', requests: 1 });
  });

  it('calls two sensitive-file requests within seconds a sensitive-file scan', () => {
    const t = new ClientTracker();
    const v = feed(t, [
      { method: 'GET', path: '/.env', status: 404, ip: '192.0.2.2', userAgent: CHROME, time: T0 },
      {
        method: 'GET',
        path: '/.git/config',
        status: 404,
        ip: '192.0.2.2',
        userAgent: CHROME,
        time: T0 + 1000,
      },
    ]);
    expect(v?.verdict).toBe('sensitive-file-scan');
    expect(v?.paths).toEqual(['/.env', '/.git/config']);
  });

  it('calls repeated failed logins brute force, and keeps the strongest verdict', () => {
    const t = new ClientTracker();
    let v;
    for (let i = 0; i < 6; i++) v = t.recordFailedLogin('192.0.2.3', CHROME, T0 + i * 1000);
    expect(v?.verdict).toBe('brute-force');
    expect(v?.rules['failed-login']).toBe(6);
    feed(
      t,
      Array.from({ length: 12 }, (_, i) => ({
        method: 'GET',
        path: `/p${i}`,
        status: 404,
        ip: '192.0.2.3',
        userAgent: CHROME,
        time: T0 + 7000 + i,
      })),
    );
    expect(t.verdict('192.0.2.3', CHROME)?.verdict).toBe('brute-force');
  });

  it('catches a client that rotates user agents through the ip-alone view', () => {
    const t = new ClientTracker();
    feed(
      t,
      Array.from({ length: 12 }, (_, i) => ({
        method: 'GET',
        path: `/x${i}`,
        status: 404,
        ip: '192.0.2.4',
        userAgent: `Agent-${i}`,
        time: T0 + i * 100,
      })),
    );
    expect(t.verdict('192.0.2.4', 'Agent-0')).toBeUndefined();
    expect(t.verdict('192.0.2.4')?.verdict).toBe('probing');
    expect(t.verdicts()).toEqual([expect.objectContaining({ key: '192.0.2.4', verdict: 'probing' })]);
  });

  it('stays within its memory bounds', () => {
    const t = new ClientTracker({ maxClients: 50, maxPathsPerClient: 3 });
    for (let i = 0; i < 500; i++) {
      const r = {
        method: 'GET',
        path: '/.env',
        status: 404,
        ip: `10.0.${i >> 8}.${i & 255}`,
        userAgent: 'sqlmap/1',
        time: T0 + i,
      };
      t.observe(r, classify(r));
    }
    expect(t.verdicts().length).toBeLessThanOrEqual(50);
    const one = new ClientTracker({ maxPathsPerClient: 3 });
    const v = feed(
      one,
      Array.from({ length: 10 }, (_, i) => ({
        method: 'GET',
        path: `/.env${i}`,
        status: 404,
        ip: '192.0.2.5',
        userAgent: 'sqlmap/1',
        time: T0 + i,
      })),
    );
    expect(v?.paths.length).toBe(3);
  });

  it('rejects nonsense options with a message that says what to pass', () => {
    expect(() => new ClientTracker({ maxClients: 0 })).toThrow(/maxClients must be a positive integer/);
  });
  it('keeps apart two clients whose address and user agent join into the same text (198.51.100.7|x + sqlmap, 198.51.100.7 + x|sqlmap)', () => {
    // Found by tracker-verdicts-follow-each-client-within-bounds: both were one client, so the browser-like one
    // got the scanner's verdict and the request count of both.
    const t = new ClientTracker();
    const scanner = {
      method: 'GET',
      path: '/',
      status: 200,
      ip: '198.51.100.7|x',
      userAgent: 'sqlmap/1.7',
      time: T0,
    };
    const other = { ...scanner, ip: '198.51.100.7', userAgent: 'x|sqlmap/1.7' };
    t.observe(scanner, classify(scanner));
    t.observe(other, { client: { kind: 'unknown' }, signals: [] });
    expect(t.verdict('198.51.100.7|x', 'sqlmap/1.7')).toMatchObject({ verdict: 'scanner', requests: 1 });
    expect(t.verdict('198.51.100.7', 'x|sqlmap/1.7')).toBeUndefined();
  });

  it('files failed logins without an address under "-", as requests without one', () => {
    const t = new ClientTracker();
    for (let i = 0; i < 6; i++) t.recordFailedLogin('', CHROME, T0 + i * 1000);
    expect(t.verdict('-', CHROME)).toMatchObject({ verdict: 'brute-force', ip: '-' });
    expect(t.verdict('')).toMatchObject({ verdict: 'brute-force', key: '-' });
  });

  it('keeps at most 128 characters of an address, as it keeps 512 of a user agent', () => {
    const t = new ClientTracker();
    const ip = '2001:db8::' + ':'.repeat(100_000);
    const req = { method: 'GET', path: '/', ip, userAgent: 'sqlmap/1.7', time: T0 };
    const v = t.observe(req, classify(req));
    expect(v?.ip).toBe(ip.slice(0, 128));
    expect(t.verdict(ip, 'sqlmap/1.7')?.key).toBe(`${ip.slice(0, 128)}|sqlmap/1.7`);
  });
});
