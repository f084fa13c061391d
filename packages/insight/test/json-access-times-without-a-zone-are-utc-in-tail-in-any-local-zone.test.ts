// A JSON access log's time without a zone (Caddy's `time_format wall`, a server writing `2026-11-22T10:00:01.524`)
// is UTC, as the report reads it (docs/insight.md). tail read it in the machine's zone: on a machine in Kolkata it
// showed each request 5½ hours before the report did, so the two disagreed about when anything happened.
import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './helpers/records.js';
import { SITE, caddyLine } from './support/server-json-logs.js';

/** Runs `run` with the machine's zone set to `zone` (UTC+05:30 and UTC+13:45: no whole-hour slip hides). */
async function inZone<T>(zone: string, run: () => Promise<T>): Promise<T> {
  const before = process.env['TZ'];
  process.env['TZ'] = zone;
  try {
    return await run();
  } finally {
    if (before === undefined) delete process.env['TZ'];
    else process.env['TZ'] = before;
  }
}

/** The times tail prints and the report's span, for a log of `lines`. */
async function times(lines: string[]): Promise<{ tail: string[]; span: unknown }> {
  const file = join(tempDir(), 'access.json');
  writeFileSync(file, lines.join('\n') + '\n');
  const tail = await cli(['tail', file, '--no-color', '-n', '2']);
  expect(tail.code, tail.err).toBe(0);
  const report = await cli(['report', file, '--json']);
  expect(report.code, report.err).toBe(0);
  return {
    tail: tail.out
      .trim()
      .split('\n')
      .map((l) => l.slice(0, 23)),
    span: (JSON.parse(report.out) as { span: unknown }).span,
  };
}

const plain = (time: string, path: string): string =>
  JSON.stringify({ time, method: 'GET', path, status: 200, ip: '203.0.113.5' });

describe('a JSON access log time without a zone', () => {
  for (const zone of ['Asia/Kolkata', 'Pacific/Chatham']) {
    it(`is shown by tail as logged, as UTC like the report, on a machine in ${zone}`, async () => {
      const got = await inZone(zone, () =>
        times([plain('2026-11-22T10:00:01.524', '/a'), plain('2026-11-22 10:00:02', '/b')]),
      );
      expect(got.tail).toEqual(['2026-11-22 10:00:01.524', '2026-11-22 10:00:02.000']);
      expect(JSON.stringify(got.span)).toContain('2026-11-22T10:00:01.524Z');
    });

    it(`of Caddy's wall layout is shown by tail as logged on a machine in ${zone}`, async () => {
      const lines = SITE.slice(0, 2).map((r) => caddyLine(r, { time: 'wall_milli' }));
      const got = await inZone(zone, () => times(lines));
      expect(got.tail).toEqual(['2026-11-22 10:00:01.524', '2026-11-22 10:00:02.524']);
    });
  }
});
