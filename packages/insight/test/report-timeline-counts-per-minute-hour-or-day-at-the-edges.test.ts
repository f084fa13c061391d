// The report's timeline counts per minute when the records span three hours or less, per hour up to three days
// and per day past them (docs/insight.md, `timeline[]`); the HTML chart stands each bar at its time, so a quiet
// stretch is a gap. No test had a span of exactly three hours or of more than three days, nor read where a bar
// stands.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers/records.js';
import { requestRecord, writeLog } from './support/site-logs.js';
import type { Report } from '../src/report/build-report.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const START = Date.parse('2025-03-04T10:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The report of one request at each of `offsets` (milliseconds after START). */
async function reportOf(offsets: number[]): Promise<{ report: Report; dir: string }> {
  const dir = tempDir();
  writeLog(
    join(dir, 'app.jsonl'),
    offsets.map((ms, i) => requestRecord({ time: START + ms, ip: `198.51.100.${i + 1}`, ua: UA, path: '/' })),
  );
  const run = await cli(['report', dir, '--json']);
  expect(run.err).toBe('');
  return { report: JSON.parse(run.out) as Report, dir };
}

const sizes = (r: Report): string[] => [...new Set(r.timeline.map((b) => b.size))];

describe('the report’s timeline', () => {
  it('counts three hours exactly per minute, and a minute more per hour', async () => {
    expect(sizes((await reportOf([0, 3 * HOUR])).report)).toEqual(['minute']);
    expect(sizes((await reportOf([0, 3 * HOUR + MINUTE])).report)).toEqual(['hour']);
  });

  it('counts three days exactly per hour, and a minute more per day', async () => {
    expect(sizes((await reportOf([0, 3 * DAY])).report)).toEqual(['hour']);
    const days = (await reportOf([0, HOUR, 3 * DAY + MINUTE])).report;
    expect(days.timeline.map((b) => [b.bucket, b.size, b.human])).toEqual([
      ['2025-03-04T00:00:00.000Z', 'day', 2],
      ['2025-03-07T00:00:00.000Z', 'day', 1],
    ]);
  });

  it('stands each bar of the HTML chart at its time, a quiet stretch left as a gap', async () => {
    // Requests at 10:00, 10:01 and 10:20: 21 minutes, so 21 slots of 32 pixels and a 1-pixel gap.
    const { dir } = await reportOf([0, MINUTE, 20 * MINUTE]);
    const page = join(dir, 'report.html');
    await cli(['report', dir, '--html', page]);
    const bars = [
      ...readFileSync(page, 'utf8').matchAll(/<rect x="(\d+)"[^>]*width="(\d+)"[^>]*><title>([^<]*)</g),
    ];
    expect(bars.map((m) => [m[3], Number(m[1]), Number(m[2])])).toEqual([
      ['2025-03-04 10:00 human: 1', 0, 32],
      ['2025-03-04 10:01 human: 1', 33, 32],
      ['2025-03-04 10:20 human: 1', 660, 32],
    ]);
  });
});
