import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { cli, tempDir, writeJsonl } from './helpers/records.js';

const request = (ua: string, path: string, status: number, ms: number | null): object => ({
  v: 1,
  time: '2026-11-21T10:00:00.000Z',
  level: 'INFO',
  channel: 'http',
  msg: '{method} {path}',
  event: 'http.request',
  request: { method: 'GET', path, status, duration_ms: ms, ip: '192.0.2.1', ua },
});

describe('logbook sql --csv', () => {
  it('writes a header and one quoted record per row, with formulas from the log made inert', async () => {
    const dir = tempDir();
    writeJsonl(join(dir, 'app.jsonl'), [
      request('=HYPERLINK("http://evil.test","click")', '/a,b', 200, 1.5),
      request('Mozilla/5.0 "quoted"', '/line\nbreak', 404, null),
      request('@SUM(1+1)', '-x', 500, 2),
    ]);
    const r = await cli([
      'sql',
      'SELECT ua, path, status, duration_ms FROM requests ORDER BY status',
      dir,
      '--csv',
    ]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe(
      [
        'ua,path,status,duration_ms',
        `"'=HYPERLINK(""http://evil.test"",""click"")","/a,b",200,1.5`,
        `"Mozilla/5.0 ""quoted""","/line\nbreak",404,`,
        `'@SUM(1+1),'-x,500,2`,
        '',
      ].join('\r\n'),
    );
  });

  it('writes the header of a query with no rows, and refuses --csv with --json', async () => {
    const dir = tempDir();
    writeJsonl(join(dir, 'app.jsonl'), [request('curl/8', '/', 200, 1)]);
    const empty = await cli(['sql', 'SELECT ip, status FROM requests WHERE status = 999', dir, '--csv']);
    expect(empty.out).toBe('ip,status\r\n');
    const table = await cli(['sql', 'SELECT ip, status FROM requests WHERE status = 999', dir, '--no-color']);
    expect(table.out).toBe('  ip  status\n(0 rows)\n');
    const both = await cli(['sql', 'SELECT 1', dir, '--csv', '--json']);
    expect(both.code).toBe(2);
    expect(both.err.split('\n')[0]).toBe('logbook sql: give --json or --csv, not both.');
  });
});
