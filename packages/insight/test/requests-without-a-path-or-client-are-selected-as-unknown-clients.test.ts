// A request recorded without a path or a client counts as an unknown client in the overview, but it had no kind
// in the records: `--filter client=unknown` left it out of every section, and tail could not select it either.
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { cli, tempDir, webRequest, writeJsonl } from './helpers/records.js';
import type { Report } from '../src/report/build-report.js';

describe('a request recorded without a path or a client', () => {
  it('is selected by client=unknown in the report and in tail, and by kind in sql', async () => {
    const dir = tempDir();
    writeJsonl(join(dir, 'app.jsonl'), [
      webRequest(0, {}, { kind: 'human', browser: 'Firefox 133', os: 'Linux' }),
      webRequest(1, { path: undefined, ip: '198.51.100.7' }),
    ]);
    const report = JSON.parse(
      (await cli(['report', dir, '--json', '--filter', 'client=unknown'])).out,
    ) as Report;
    expect(report.totals.requests).toBe(1);
    const tail = await cli(['tail', dir, '--filter', 'client=unknown', '--no-color']);
    expect(tail.code, tail.err).toBe(0);
    expect(tail.out.trimEnd().split('\n')).toHaveLength(1);
    expect(tail.out).toContain('http.request');
    const sql = await cli(['sql', "SELECT kind FROM requests WHERE ip = '198.51.100.7'", dir, '--json']);
    expect(JSON.parse(sql.out)).toEqual([{ kind: 'unknown' }]);
  });
});
