import { describe, it, expect } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCESS_ROWS_SQL, cli, tempDir } from './helpers/records.js';
import {
  CADDY_OTHER_LINES,
  SITE,
  caddyLine,
  combinedLine,
  traefikLine,
  type CaddyShape,
} from './support/server-json-logs.js';

/** A log of `lines` in a folder of its own. */
function logDir(name: string, lines: string[]): string {
  const dir = join(tempDir(), name);
  mkdirSync(dir);
  writeFileSync(
    join(dir, name.startsWith('combined') ? 'access.log' : 'access.json'),
    lines.join('\n') + '\n',
  );
  return dir;
}

/**
 * The report without what names the source or the moment it was made. The servers write milliseconds (.524) that
 * a combined line cannot hold: those are dropped, so the rest must match to the last figure.
 */
async function report(dir: string, ...args: string[]): Promise<Record<string, unknown>> {
  const r = await cli(['report', dir, '--json', ...args]);
  expect(r.code, r.err).toBe(0);
  const { sources, generated_at, ...rest } = JSON.parse(r.out.replaceAll('.524Z', '.000Z')) as Record<
    string,
    unknown
  >;
  expect(sources).toEqual([expect.objectContaining({ format: expect.any(String) })]);
  expect(generated_at).toBeTypeOf('string');
  return rest;
}

async function format(dir: string): Promise<string> {
  const r = JSON.parse((await cli(['report', dir, '--json'])).out) as { sources: { format: string }[] };
  return r.sources[0]!.format;
}

async function rows(dir: string, ...args: string[]): Promise<Record<string, unknown>[]> {
  const r = await cli(['sql', `${ACCESS_ROWS_SQL} ORDER BY time`, dir, '--json', ...args]);
  expect(r.code, r.err).toBe(0);
  return (JSON.parse(r.out) as Record<string, unknown>[]).map((row) => ({
    ...row,
    time: Math.floor(Number(row.time) / 1000) * 1000,
  }));
}

const CADDY_SHAPES: [string, CaddyShape][] = [
  ['the default layout (epoch seconds, duration in seconds)', {}],
  ['time_format wall_milli and duration_format string', { time: 'wall_milli', duration: 'string' }],
  ['time_format unix_nano and duration_format nano', { time: 'unix_nano', duration: 'nano' }],
  ['time_format iso8601 with the server one hour east', { time: 'iso8601' }],
];

describe("Caddy's and Traefik's JSON access logs", () => {
  const combined = logDir('combined', SITE.map(combinedLine));

  it.each(CADDY_SHAPES)('Caddy, %s: the same report and rows as a combined log', async (_, shape) => {
    // another logger's lines in the same file: no requests, and no malformed lines either
    const caddy = logDir('caddy', [
      CADDY_OTHER_LINES[0]!,
      ...SITE.map((r) => caddyLine(r, shape)),
      CADDY_OTHER_LINES[1]!,
    ]);
    expect(await format(caddy)).toBe('json-access');
    const got = await report(caddy);
    expect(got).toEqual(await report(combined));
    expect(await rows(caddy)).toEqual(await rows(combined));
    // what a site owner reads there, not two empty reports alike
    expect(got).toMatchObject({
      totals: { requests: SITE.length },
      status: { '2xx': 3, '3xx': 1, '4xx': 4, '5xx': 1 },
      skipped: { count: 0 },
    });
    const text = JSON.stringify(got);
    expect(text).toContain('Googlebot');
    const attackers = got.attackers as { ip: string; rules: string[] }[];
    expect(attackers).toContainEqual(
      expect.objectContaining({ ip: '198.51.100.7', rules: expect.arrayContaining(['wordpress-probe']) }),
    );
    const slow = got.slow_routes as { route: string }[];
    expect(slow[0]).toMatchObject({ route: 'POST /cart' });
  });

  it('Caddy: client_ip (after trusted proxies) is the client, not the proxy in remote_ip', async () => {
    const caddy = logDir(
      'caddy',
      SITE.map((r) => caddyLine(r)),
    );
    const ips = (await rows(caddy)).map((r) => r.ip);
    expect(ips).toContain('203.0.113.5');
    expect(ips).not.toContain('10.0.0.2');
  });

  it.each([
    ['with ClientHost', true],
    ['with ClientAddr only (ip:port, [v6]:port)', false],
  ])('Traefik, %s: the same report and rows as a combined log', async (_, clientHost) => {
    const traefik = logDir(
      'traefik',
      SITE.map((r) => traefikLine(r, { clientHost })),
    );
    expect(await format(traefik)).toBe('json-access');
    const got = await report(traefik);
    expect(got).toEqual(await report(combined));
    expect(await rows(traefik)).toEqual(await rows(combined));
    // DownstreamStatus is what the client got: the rate limit's 429, not the backend's 0
    expect(got).toMatchObject({
      totals: { requests: SITE.length },
      status: { '4xx': 4 },
      skipped: { count: 0 },
    });
    expect((got.slow_routes as { route: string }[])[0]).toMatchObject({ route: 'POST /cart' });
  });

  it('keep the unit their server writes whatever --request-time says (none reads no times)', async () => {
    const caddy = logDir(
      'caddy',
      SITE.map((r) => caddyLine(r)),
    );
    const traefik = logDir(
      'traefik',
      SITE.map((r) => traefikLine(r)),
    );
    for (const dir of [caddy, traefik]) {
      const cart = async (...args: string[]): Promise<unknown> =>
        (await rows(dir, ...args)).find((r) => r.path === '/cart')?.duration_ms;
      expect(await cart()).toBe(1500);
      expect(await cart('--request-time', 'us')).toBe(1500);
      expect(await cart('--request-time', 's')).toBe(1500);
      expect(await cart('--request-time', 'none')).toBeNull();
    }
  });

  it('--format json-access reads them too, and a line without a status is named by their keys', async () => {
    const bad = { ...(JSON.parse(traefikLine(SITE[0]!)) as Record<string, unknown>) };
    delete bad.DownstreamStatus;
    delete bad.OriginStatus;
    const traefik = logDir('traefik', [...SITE.map((r) => traefikLine(r)), JSON.stringify(bad)]);
    const r = await cli(['report', traefik, '--json', '--format', 'json-access']);
    const out = JSON.parse(r.out) as {
      totals: { requests: number };
      skipped: { count: number; files: { samples: { line: number; reason: string }[] }[] };
    };
    expect(out.totals.requests).toBe(SITE.length);
    expect(out.skipped.count).toBe(1);
    expect(out.skipped.files[0]!.samples).toEqual([
      { line: SITE.length + 1, reason: 'no status from 100 to 599 (DownstreamStatus, OriginStatus)' },
    ]);
  });
});
