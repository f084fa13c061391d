import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, combinedLine, tempDir } from './helpers/records.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

/** What each set-up writes after the user agent, and the duration a user should see for it (auto, then --request-time s). */
const CASES: [path: string, after: string, auto: number | null, ms: number | null][] = [
  // Nginx's own blog format for performance monitoring
  ['/apm', ' rt=0.050 uct="0.000" uht="0.049" urt="0.049"', 50, 50],
  ['/apm-xff', ' "198.51.100.7" rt=0.250 uct="0.001" uht="0.200" urt="0.201"', 250, 250],
  // Nginx Amplify's format: ua= is the upstream address, ut= its time
  ['/amplify', ' rt=0.052 ua="10.0.0.2:8080" us="200" ut="0.051" ul="512" cs=-', 52, 52],
  ['/named', ' request_time=0.075 upstream_response_time=0.074', 75, 75],
  ['/named-late', ' upstream_response_time=0.074 request_time=0.080', 80, 80],
  // no time of its own: the upstream's, the first of a retried request's list
  ['/upstream', ' uct="0.000" uht="0.030" urt="0.031"', 31, 31],
  ['/retried', ' urt="0.012, 0.003"', 12, 12],
  ['/redirected', ' urt=0.020 : 0.004', 20, 20],
  ['/ltsv', ' reqtime:0.090', 90, 90],
  ['/ltsv-quoted', ' ReqTime:"0.095"', 95, 95],
  // Apache's %D named D, and names that state their unit, whatever --request-time says
  ['/apache', ' D=1234', 1.234, 1.234],
  ['/stated', ' duration_ms=12.5', 12.5, 12.5],
  // a whole number without a stated unit is read only in the unit the user names
  ['/whole', ' rt=2', null, 2000],
  ['/none', ' rt=- urt="-"', null, null],
];

const log = (): string =>
  CASES.map(([path, after], i) =>
    combinedLine({ ip: `192.0.2.${i + 1}`, second: i, target: path, status: 200, ua: UA, after }),
  ).join('\n') + '\n';

const durations = async (dir: string, extra: string[] = []): Promise<Record<string, number | null>> => {
  const r = await cli([
    'sql',
    'SELECT path, duration_ms FROM requests ORDER BY path',
    dir,
    '--json',
    ...extra,
  ]);
  expect(r.code, r.err).toBe(0);
  return Object.fromEntries(
    (JSON.parse(r.out) as { path: string; duration_ms: number | null }[]).map((x) => [x.path, x.duration_ms]),
  );
};

describe('request times named after a combined line', () => {
  it('are read from the request’s own key, the upstream’s only when there is none, in the unit a name states', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'access.log'), log());
    const byPath = (col: 2 | 3): Record<string, number | null> =>
      Object.fromEntries(CASES.map((c) => [c[0], c[col]]));
    expect(await durations(dir)).toEqual(byPath(2));
    expect(await durations(dir, ['--request-time', 's'])).toEqual(byPath(3));
    expect(Object.values(await durations(dir, ['--request-time', 'none'])).every((d) => d === null)).toBe(
      true,
    );
    // Nginx's blog format has quotes after the user agent: they are not an X-Forwarded-For, nor lines to skip
    const report = JSON.parse((await cli(['report', dir, '--json'])).out) as { skipped: { count: number } };
    expect(report.skipped.count).toBe(0);
  });

  it('are shown by tail as the report reads them', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'access.log'), log());
    const r = await cli(['tail', join(dir, 'access.log'), '--no-color', '-n', String(CASES.length)]);
    expect(r.out).toContain('200 GET /amplify 52 ms');
    expect(r.out).toContain('200 GET /named-late 80 ms');
    expect(r.out).toContain('200 GET /upstream 31 ms');
    expect(r.out).toContain('200 GET /apache 1.2 ms');
    expect(r.out).toMatch(/200 GET \/whole human/);
  });

  it('keep their place and keys in an anonymised copy, which reads the same times', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'access.log'), log());
    const out = join(tempDir(), 'shared.log');
    const r = await cli(['anonymise', join(dir, 'access.log'), out, '--key', 'k'.repeat(32)]);
    expect(r.code, r.err).toBe(0);
    const copied = readFileSync(out, 'utf8').trimEnd().split('\n');
    // every form the reader takes is written back as the server wrote it (the X-Forwarded-For is pseudonymised);
    // before, the upstream connect time's "0.000" was taken for an X-Forwarded-For and written in front of the rest,
    // and `reqtime:0.090`, `ReqTime:"0.095"` and a quoted list with a space became `-`
    const addressesAsIp = (s: string): string => s.replace(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g, 'IP');
    CASES.forEach(([path, after], i) => {
      expect(copied[i]).toContain(`"GET ${path} HTTP/1.1"`);
      expect(addressesAsIp(copied[i]!.slice(copied[i]!.indexOf(UA) + UA.length + 1))).toBe(
        addressesAsIp(after),
      );
    });
    for (const original of ['198.51.100.7', '10.0.0.2']) expect(copied.join('\n')).not.toContain(original);
    const copy = tempDir();
    writeFileSync(join(copy, 'access.log'), readFileSync(out));
    expect(await durations(copy)).toEqual(await durations(dir));
    expect(await durations(copy, ['--request-time', 's'])).toEqual(
      await durations(dir, ['--request-time', 's']),
    );
  });
});
