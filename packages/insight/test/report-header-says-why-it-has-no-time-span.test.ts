// The header's time span runs from the first request to the last. With none, the terminal printed "- → - UTC" and
// the HTML report "No records in these logs", also for a log full of start-up and error records, or under a filter
// that matched nothing. The header now says which.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { cli, tempDir, webRequest, writeJsonl } from './helpers/records.js';

const appRecord = (i: number, level: string, msg: string): object => ({
  v: 1,
  time: new Date(Date.parse('2026-11-21T09:00:00Z') + i * 1000).toISOString(),
  level,
  channel: 'app',
  msg,
  message: msg,
});

async function headers(dir: string, ...args: string[]): Promise<{ terminal: string; html: string }> {
  const terminal = (await cli(['report', dir, '--no-color', ...args])).out.split('\n')[0]!;
  const file = join(tempDir(), 'report.html');
  const run = await cli(['report', dir, '--html', file, ...args]);
  expect(run.code, run.err).toBe(0);
  const html = /<h1>Logbook report<\/h1>\s*<p>([^<]*)<\/p>/.exec(readFileSync(file, 'utf8'))![1]!;
  return { terminal, html };
}

describe('the report header', () => {
  it('gives the span of the requests', async () => {
    const dir = tempDir();
    writeJsonl(join(dir, 'app.jsonl'), [webRequest(0), webRequest(5)]);
    const { terminal, html } = await headers(dir);
    expect(terminal).toMatch(
      /^Logbook report {2}2026-11-21 09:00:00 → 2026-11-21 09:00:05 UTC · 1 source file$/,
    );
    expect(html).toMatch(/^2026-11-21 09:00:00 → 2026-11-21 09:00:05 UTC · 1 source file · generated /);
  });

  it('says there are no requests in a log of other records, or no records at all', async () => {
    const dir = tempDir();
    writeJsonl(join(dir, 'app.jsonl'), [
      appRecord(0, 'NOTICE', 'Started shop'),
      appRecord(1, 'ERROR', 'Queue down'),
    ]);
    let shown = await headers(dir);
    expect(shown.terminal).toBe('Logbook report  no requests in these logs · 1 source file');
    expect(shown.html).toMatch(/^No requests in these logs · 1 source file · /);
    const empty = tempDir();
    writeJsonl(join(empty, 'app.jsonl'), []);
    shown = await headers(empty);
    expect(shown.terminal).toBe('Logbook report  no records in these logs · 1 source file');
    expect(shown.html).toMatch(/^No records in these logs · /);
  });

  it('says no records match when a filter leaves none', async () => {
    const dir = tempDir();
    writeJsonl(join(dir, 'app.jsonl'), [webRequest(0), appRecord(1, 'NOTICE', 'Started shop')]);
    const shown = await headers(dir, '--filter', 'status=5xx');
    expect(shown.terminal).toMatch(/^Logbook report {2}no records match these filters · 1 source file$/);
    expect(shown.html).toMatch(/^No records match these filters · /);
  });
});
