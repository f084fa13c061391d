import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './helpers/records.js';

const good = (second: number, path = '/'): string =>
  JSON.stringify({
    time_local: `22/Nov/2026:10:00:${String(second).padStart(2, '0')} +0000`,
    remote_addr: '192.0.2.1',
    request: `GET ${path} HTTP/1.1`,
    status: '200',
  });

interface Report {
  sources: { file: string; format: string; records: number }[];
  totals: { requests: number; records: number };
  skipped: {
    count: number;
    files: { file: string; count: number; samples: { line: number; reason: string }[] }[];
  };
}

describe('a JSON access log with malformed lines', () => {
  it('reads the good lines and counts the others with their line and reason', async () => {
    const dir = tempDir();
    const lines = [
      good(1),
      '{"time_local":"22/Nov/2026:10:00:02 +0000","remote_addr":"192.0.2.1","requ', // cut off
      good(3),
      JSON.stringify({ time_local: 'yesterday', request: 'GET / HTTP/1.1', status: '200' }),
      JSON.stringify({ time_local: '22/Nov/2026:10:00:05 +0000', request: 'GET / HTTP/1.1', status: '-' }),
      good(6),
      JSON.stringify({ time_local: '22/Nov/2026:10:00:07 +0000', status: '200' }),
      good(8),
    ];
    writeFileSync(join(dir, 'access.json'), lines.join('\n') + '\n');
    const r = await cli(['report', dir, '--json']);
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out) as Report;
    expect(report.sources[0]).toMatchObject({ format: 'json-access', records: 4 });
    expect(report.totals.requests).toBe(4);
    expect(report.skipped.count).toBe(4);
    expect(report.skipped.files[0]!.samples).toEqual([
      { line: 2, reason: 'not valid JSON (truncated?)' },
      {
        line: 4,
        reason:
          'time "yesterday" is neither 10/Oct/2026:13:55:36 +0000, ISO 8601 nor an epoch number (1732200000.123)',
      },
      { line: 5, reason: 'no status from 100 to 599' },
    ]);

    const strict = await cli(['report', dir, '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.err).toContain('4 malformed lines skipped');
  });

  it('is read as one when --format json-access forces it, though none of its first lines is', async () => {
    const dir = tempDir();
    // detection reads the first 50 lines
    const bad = JSON.stringify({ time_local: 'soon', request: 'GET / HTTP/1.1', status: '200' });
    writeFileSync(
      join(dir, 'access.json'),
      [...Array<string>(50).fill(bad), good(1, '/only')].join('\n') + '\n',
    );
    const auto = JSON.parse((await cli(['report', dir, '--json'])).out) as Report;
    expect(auto.sources[0]!.format).toBe('jsonl');
    expect(auto.totals.records).toBe(0);

    const forced = JSON.parse(
      (await cli(['report', dir, '--json', '--format', 'json-access'])).out,
    ) as Report;
    expect(forced.sources[0]).toMatchObject({ format: 'json-access', records: 1 });
    expect(forced.skipped.count).toBe(50);
  });
});

describe('a Logbook JSONL file beside a JSON access log', () => {
  it('is still read as Logbook records, and both count', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'access.json'),
      [good(1, '/from-nginx'), good(2, '/from-nginx')].join('\n') + '\n',
    );
    const records = [
      {
        time: '2026-11-22T10:00:03.000Z',
        level: 'INFO',
        channel: 'http',
        event: 'http.request',
        msg: 'GET /from-app',
        request: { method: 'GET', path: '/from-app', status: 200, duration_ms: 4, ip: '192.0.2.9' },
      },
      { time: '2026-11-22T10:00:04.000Z', level: 'ERROR', channel: 'app', msg: 'payment failed' },
    ];
    writeFileSync(join(dir, 'app.jsonl'), records.map((x) => JSON.stringify(x)).join('\n') + '\n');
    const report = JSON.parse((await cli(['report', dir, '--json'])).out) as Report;
    const formats = Object.fromEntries(report.sources.map((s) => [s.file.slice(dir.length + 1), s]));
    expect(formats['access.json']).toMatchObject({ format: 'json-access', records: 2 });
    expect(formats['app.jsonl']).toMatchObject({ format: 'jsonl', records: 2 });
    expect(report.skipped.count).toBe(0);
    expect(report.totals).toMatchObject({ requests: 3, records: 4 });
  });
});
