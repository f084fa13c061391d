import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './helpers/records.js';
import { CADDY_OTHER_LINES, SITE, caddyLine, traefikLine } from './support/server-json-logs.js';
import { flattenLine } from '../src/record-line.js';

type Skipped = { count: number; files: { samples: { line: number; reason: string }[] }[] };

/** `logbook report --json`'s request count and skipped lines for these lines. */
async function report(lines: string[]): Promise<{ requests: number; skipped: Skipped }> {
  const file = join(tempDir(), 'access.json');
  writeFileSync(file, lines.join('\n') + '\n');
  const r = await cli(['report', file, '--json']);
  expect(r.err).toBe('');
  const out = JSON.parse(r.out) as { totals: { requests: number }; skipped: Skipped };
  return { requests: out.totals.requests, skipped: out.skipped };
}

/** A server's line for the first request of the site, with `drop` taken out (`request.uri`: a nested key). */
function without(line: string, ...drop: string[]): string {
  const o = JSON.parse(line) as Record<string, Record<string, unknown>>;
  for (const key of drop) {
    const [outer, inner] = key.split('.') as [string, string | undefined];
    if (inner === undefined) delete o[outer];
    else delete o[outer]![inner];
  }
  return JSON.stringify(o);
}

describe('a Caddy or Traefik line that is no request', () => {
  it("is named in the report's skipped lines by Caddy's own keys", async () => {
    const good = caddyLine(SITE[0]!);
    const got = await report([
      good,
      ...CADDY_OTHER_LINES,
      without(good, 'ts'),
      without(good, 'status'),
      without(good, 'request.uri'),
    ]);
    const at = CADDY_OTHER_LINES.length + 2;
    // the lines of Caddy's other loggers are passed over: neither a request nor a skipped line
    expect(got.requests).toBe(1);
    expect(got.skipped.count).toBe(3);
    expect(got.skipped.files[0]!.samples).toEqual([
      { line: at, reason: 'no time (ts)' },
      { line: at + 1, reason: 'no status from 100 to 599 (status)' },
      { line: at + 2, reason: 'no request (request.uri)' },
    ]);
    expect(CADDY_OTHER_LINES.map((l) => flattenLine(l))).toEqual(CADDY_OTHER_LINES.map(() => undefined));
  });

  it("is named in the report's skipped lines by Traefik's own keys", async () => {
    const good = traefikLine(SITE[0]!);
    const got = await report([
      good,
      without(good, 'StartUTC', 'StartLocal', 'time'),
      without(good, 'RequestPath'),
    ]);
    expect(got.requests).toBe(1);
    expect(got.skipped.files[0]!.samples).toEqual([
      { line: 2, reason: 'no time (StartUTC, StartLocal, time)' },
      { line: 3, reason: 'no request (RequestPath)' },
    ]);
  });
});
