// The record schema lets an http.request record leave out its path, and its client. Such a request cannot be
// classified (nothing says what asked for what), so it has no kind. The overview still has to count it somewhere:
// as an unknown client, so that the kinds add up to the requests, in the table and in the timeline alike. The kinds
// were missing it (and two unknown groups overwrote each other, so the unknown row showed only one of them).
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { cli, tempDir, webRequest, writeJsonl } from './helpers/records.js';
import type { Report } from '../src/report/build-report.js';

const human = { kind: 'human', browser: 'Firefox 133', os: 'Linux' };

describe('requests recorded without a path or a client', () => {
  it('count as unknown clients, so the kinds add up to the requests', async () => {
    const dir = tempDir();
    writeJsonl(join(dir, 'app.jsonl'), [
      webRequest(0, {}, human),
      // No path, no client: nothing to classify.
      webRequest(1, { path: undefined, ip: '198.51.100.7' }),
      webRequest(2, { path: undefined, ip: '198.51.100.8' }),
      // A client with no user agent: classified unknown by the report.
      webRequest(3, { ip: '198.51.100.9' }),
    ]);
    const run = await cli(['report', dir, '--json']);
    expect(run.err).toBe('');
    const report = JSON.parse(run.out) as Report;
    expect(report.totals).toMatchObject({ requests: 4, clients: 4 });
    expect(report.clients.humans).toEqual({ hits: 1, clients: 1, attackers: 0 });
    expect(report.clients.unknown).toMatchObject({ hits: 3, clients: 3 });
    expect(report.clients.unknown.by_name).toEqual([
      { name: 'unnamed', reason: null, hits: 2, clients: 2 },
      { name: 'unnamed', reason: 'empty user agent', hits: 1, clients: 1 },
    ]);
    expect(report.timeline).toEqual([
      { bucket: '2026-11-21T09:00:00.000Z', size: 'minute', human: 1, crawler: 0, scanner: 0, unknown: 3 },
    ]);

    const text = (await cli(['report', dir, '--no-color', '--width', '100'])).out.split('\n');
    expect(text.find((l) => l.trimStart().startsWith('unknown'))?.trim()).toMatch(/^unknown +3 +75\.0% +3\b/);
  });
});
