import { describe, it, expect } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir, holdsAddress } from './helpers/records.js';
import { CADDY_OTHER_LINES, SITE, caddyLine, traefikLine } from './support/server-json-logs.js';

const SERVERS: [string, () => string[]][] = [
  ['Caddy', () => [CADDY_OTHER_LINES[0]!, ...SITE.map((r) => caddyLine(r)), CADDY_OTHER_LINES[1]!]],
  [
    'Caddy (wall time, duration string)',
    () => SITE.map((r) => caddyLine(r, { time: 'wall_milli', duration: 'string' })),
  ],
  ['Traefik', () => SITE.map((r) => traefikLine(r))],
];

function logIn(lines: string[]): { dir: string; file: string } {
  const dir = join(tempDir(), 'in');
  mkdirSync(dir);
  const file = join(dir, 'access.json');
  writeFileSync(file, lines.join('\n') + '\n');
  return { dir, file };
}

/** What a copy must report alike: totals, status classes, clients, attackers, slow routes, skipped lines. */
async function figures(dir: string): Promise<unknown> {
  const r = await cli(['report', dir, '--json']);
  expect(r.code, r.err).toBe(0);
  const rep = JSON.parse(r.out) as Record<string, unknown>;
  return {
    totals: rep.totals,
    status: rep.status,
    clients: rep.clients,
    crawlers: (rep.crawlers as { name: string; requests: number }[]).map((c) => [c.name, c.requests]),
    attackers: (rep.attackers as { rules: string[]; requests: number }[]).map((a) => [a.rules, a.requests]),
    slow: rep.slow_routes,
    skipped: rep.skipped,
  };
}

describe("Caddy's and Traefik's JSON access logs", () => {
  it.each(SERVERS)(
    '%s: tail prints each request as an access line, classified and timed',
    async (_, lines) => {
      const { dir } = logIn(lines());
      const r = await cli(['tail', dir, '--no-color']);
      expect(r.code, r.err).toBe(0);
      const out = r.out.trim().split('\n');
      // one line a request: the other loggers' lines are no requests
      expect(out).toHaveLength(SITE.length);
      expect(out[0]).toBe('2026-11-22 10:00:01.524 200 GET / 12 ms human:Firefox 133 203.0.113.5');
      expect(out[2]).toBe(
        '2026-11-22 10:00:03.524 500 POST /cart 1,500 ms human:Firefox 133 203.0.113.5 alice',
      );
      expect(out[3]).toMatch(
        /^2026-11-22 10:00:04\.524 200 GET \/robots\.txt 1\.0 ms crawler:Googlebot 66\.249\.66\.1$/,
      );
      expect(out[5]).toMatch(
        / 404 GET \/wp-login\.php 3\.0 ms human:Firefox 4 198\.51\.100\.7 \[[^\]]*wordpress-probe/,
      );
      expect(out[7]).toContain(' 304 GET /about 20 ms human:Firefox 133 2001:db8::4');
      expect(out[8]).toContain(' 429 GET /api/prices 0.0 ms ');
    },
  );

  it.each(SERVERS)(
    '%s: the anonymised copy keeps the layout, reports the same and holds no address or secret',
    async (name, lines) => {
      const original = lines();
      const { dir } = logIn(original);
      const out = join(tempDir(), 'out');
      const r = await cli(['anonymise', dir, out]);
      expect(r.code, r.err).toBe(0);
      const copy = readFileSync(join(out, 'access.json'), 'utf8');
      // as addresses: a Googlebot's pseudonym stays in Google's network, so 66.249.66.1 may become 66.249.66.15
      for (const ip of [
        ...new Set(SITE.flatMap((s) => [s.ip, s.peer])),
        '10.0.0.9', // the backend, in Traefik's ServiceAddr and ServiceURL and a Caddy proxy error's upstream
      ])
        expect(holdsAddress(copy, ip), ip).toBe(false);
      for (const secret of [
        'alice',
        '9f8e7d6c5b4a', // the session cookie, in Cookie and Set-Cookie
        'YWxpY2U6czNjcjN0LXBhc3M=', // basic credentials in Authorization
      ])
        expect(copy, secret).not.toContain(secret);
      // every key kept in its place, nested objects nested
      const shape = (v: unknown): unknown =>
        typeof v === 'object' && v !== null && !Array.isArray(v)
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]))
          : Array.isArray(v)
            ? v.map(shape)
            : typeof v;
      const copied = copy.trim().split('\n');
      expect(copied.map((l) => shape(JSON.parse(l)))).toEqual(original.map((l) => shape(JSON.parse(l))));
      if (name.startsWith('Caddy')) {
        const cart = JSON.parse(copied.find((l) => l.includes('"POST"'))!) as {
          request: { headers: Record<string, string[]>; client_ip: string; remote_ip: string };
        };
        expect(cart.request.headers.Cookie).toEqual(['-']);
        expect(cart.request.headers.Authorization).toEqual(['-']);
        expect(cart.request.headers['User-Agent']).toEqual([SITE[2]!.ua]);
        expect(cart.request.client_ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
        expect(cart.request.remote_ip).not.toBe(cart.request.client_ip);
      } else {
        const cart = JSON.parse(copied[2]!) as Record<string, string>;
        expect(cart.request_Cookie).toBe('-');
        expect(cart.request_Authorization).toBe('-');
        // the address keeps its port, and is the same pseudonym as ClientHost
        expect(cart.ClientAddr).toBe(`${cart.ClientHost}:41342`);
        const v6 = JSON.parse(copied[7]!) as Record<string, string>;
        expect(v6.ClientAddr).toBe(`[${v6.ClientHost}]:443`);
      }
      expect(await figures(out)).toEqual(await figures(dir));
    },
  );
});
