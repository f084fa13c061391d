import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../../../test/support/property-runs.js';
import { ClientTracker, classify } from '../src/index.js';
import type { RequestFacts, Verdict } from '../src/index.js';

const T0 = Date.UTC(2026, 0, 1, 12);
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const LONG = 'Mozilla/5.0 (X11; Linux x86_64) ' + 'x'.repeat(600);

// Addresses and user agents as logs hold them, including ones that only differ after the tracker's 512-character
// cut, and a pair whose `ip|user agent` texts are the same string ('198.51.100.7|x' + '|' + 'sqlmap/1.7').
const LONG_IP = '2001:db8::' + ':'.repeat(200);
const IPS = [
  '203.0.113.9',
  '198.51.100.7',
  '198.51.100.7|x',
  '2001:db8::1',
  '',
  '-',
  'unknown',
  LONG_IP + '1',
  LONG_IP + '2',
];
const AGENTS = [CHROME, 'sqlmap/1.7', 'x|sqlmap/1.7', 'curl/8.5.0', undefined, '', LONG + 'a', LONG + 'b'];
const PATHS = [
  '/',
  '/blog/post',
  '/wp-login.php',
  '/wp-admin/',
  '/xmlrpc.php',
  '/.env',
  '/.git/config',
  '/phpmyadmin/',
  '/administrator/',
  "/item?id=1' or '1'='1",
  '/cgi-bin/x?a=() { :; }; /bin/id',
  '/index.php?page=../../etc/passwd',
  '/guess-1',
  '/guess-2',
  '/guess-3',
  '/guess-4',
  '/style.css',
  '/' + 'long-'.repeat(80),
];

interface Event {
  ip: string;
  userAgent: string | undefined;
  login: boolean;
  path: string;
  status: number;
  time: number;
}
const event: fc.Arbitrary<Event> = fc.record({
  ip: fc.constantFrom(...IPS),
  userAgent: fc.constantFrom(...AGENTS),
  login: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  path: fc.constantFrom(...PATHS),
  status: fc.constantFrom(200, 404, 403, 401),
  time: fc.integer({ min: T0, max: T0 + 120_000 }),
});
const stream = fc.array(event, { maxLength: 120 });

/**
 * The client an event belongs to, as the docs define it: the address ('-' when none; its first 128 characters) and
 * the first 512 characters of the user agent.
 */
function clientOf(e: Event): string {
  return JSON.stringify([e.ip === '' ? '-' : e.ip.slice(0, 128), e.userAgent?.slice(0, 512) ?? '']);
}

function feed(tracker: ClientTracker, events: readonly Event[]): void {
  for (const e of events) {
    if (e.login) tracker.recordFailedLogin(e.ip, e.userAgent, e.time);
    else {
      const req: RequestFacts = { method: 'GET', path: e.path, status: e.status, ip: e.ip, time: e.time };
      if (e.userAgent !== undefined) req.userAgent = e.userAgent;
      tracker.observe(req, classify(req));
    }
  }
}

function verdictOf(tracker: ClientTracker, e: Event): Verdict | undefined {
  return tracker.verdict(e.ip, e.userAgent ?? '');
}

describe('ClientTracker over any stream of requests and failed logins from many clients', () => {
  it('gives each client the verdict its own requests earn, whatever other clients sent', () => {
    fc.assert(
      fc.property(stream, (events) => {
        const all = new ClientTracker();
        feed(all, events);
        const byClient = new Map<string, Event[]>();
        for (const e of events) byClient.set(clientOf(e), [...(byClient.get(clientOf(e)) ?? []), e]);
        for (const own of byClient.values()) {
          const alone = new ClientTracker();
          feed(alone, own);
          expect(verdictOf(all, own[0]!), clientOf(own[0]!)).toEqual(verdictOf(alone, own[0]!));
        }
      }),
      propertyRuns(200),
    );
  });

  it('counts requests, rules, failed logins and first/last seen as a plain tally does, in any order', () => {
    fc.assert(
      fc.property(stream, fc.infiniteStream(fc.nat()), (events, seeds) => {
        const order = seeds.take(events.length);
        const shuffled = events
          .map((e, i) => [order.next().value as number, i, e] as const)
          .sort((a, b) => a[0] - b[0] || a[1] - b[1])
          .map(([, , e]) => e);
        const tracker = new ClientTracker();
        feed(tracker, shuffled);
        const seen = new Map<string, Event[]>();
        for (const e of events) seen.set(clientOf(e), [...(seen.get(clientOf(e)) ?? []), e]);
        for (const own of seen.values()) {
          const v = verdictOf(tracker, own[0]!);
          if (v === undefined) continue;
          const rules: Record<string, number> = {};
          for (const e of own) {
            if (e.login) rules['failed-login'] = (rules['failed-login'] ?? 0) + 1;
            else {
              const req: RequestFacts = {
                method: 'GET',
                path: e.path,
                status: e.status,
                ip: e.ip,
                time: e.time,
              };
              if (e.userAgent !== undefined) req.userAgent = e.userAgent;
              for (const id of classify(req).signals) rules[id] = (rules[id] ?? 0) + 1;
            }
          }
          expect(v.requests).toBe(own.filter((e) => !e.login).length);
          expect(v.rules).toEqual(rules);
          expect(v.firstSeen).toBe(Math.min(...own.map((e) => e.time)));
          expect(v.lastSeen).toBe(Math.max(...own.map((e) => e.time)));
        }
      }),
      propertyRuns(200),
    );
  });

  it('remembers at most maxClients clients per view, forgetting the least recently seen, and caps evidence', () => {
    fc.assert(
      fc.property(
        stream,
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 4 }),
        (events, maxClients, maxPaths) => {
          const tracker = new ClientTracker({ maxClients, maxPathsPerClient: maxPaths });
          feed(tracker, events);
          // A model LRU: each client's events since it was last (re)admitted.
          const kept = new Map<string, Event[]>();
          for (const e of events) {
            const k = clientOf(e);
            const own = kept.get(k);
            if (own !== undefined) {
              kept.delete(k);
              kept.set(k, [...own, e]);
            } else {
              if (kept.size >= maxClients) kept.delete(kept.keys().next().value!);
              kept.set(k, [e]);
            }
          }
          const verdicts = tracker.verdicts();
          const ips = new Set(events.map((e) => (e.ip === '' ? '-' : e.ip.slice(0, 128))));
          expect(verdicts.length).toBeLessThanOrEqual(maxClients + Math.min(maxClients, ips.size));
          for (const v of verdicts) {
            expect(v.paths.length).toBeLessThanOrEqual(maxPaths);
            expect(new Set(v.paths).size).toBe(v.paths.length);
            for (const p of v.paths) expect(p.length).toBeLessThanOrEqual(256);
            expect(v.userAgent?.length ?? 0).toBeLessThanOrEqual(512);
            expect(v.ip.length).toBeLessThanOrEqual(128);
          }
          for (const own of kept.values()) {
            const alone = new ClientTracker({ maxPathsPerClient: maxPaths });
            feed(alone, own);
            expect(verdictOf(tracker, own[0]!), clientOf(own[0]!)).toEqual(verdictOf(alone, own[0]!));
          }
          // Forgotten clients have no verdict in the ip + user agent view.
          for (const e of events) if (!kept.has(clientOf(e))) expect(verdictOf(tracker, e)).toBeUndefined();
        },
      ),
      propertyRuns(200),
    );
  });
  it('calls six failed logins within 20 seconds brute force, in any order and among other clients, and five never', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.integer({ min: 0, max: 19_999 }), { minLength: 12, maxLength: 12 }),
        stream,
        (count, offsets, noise) => {
          const tracker = new ClientTracker();
          // Other clients' requests and failed logins first, from addresses other than the one tried here.
          feed(
            tracker,
            noise.filter((e) => e.ip !== '192.0.2.44'),
          );
          let last: Verdict | undefined;
          for (const offset of offsets.slice(0, count))
            last = tracker.recordFailedLogin('192.0.2.44', CHROME, T0 + offset);
          // The bucket holds five and leaks one per 20 s: within 20 s of the first, the sixth overflows it.
          if (count >= 6) expect(last?.verdict).toBe('brute-force');
          else expect(tracker.verdict('192.0.2.44', CHROME)).toBeUndefined();
          expect(tracker.verdict('192.0.2.44', CHROME)?.rules['failed-login'] ?? count).toBe(count);
        },
      ),
      propertyRuns(200),
    );
  });
});
