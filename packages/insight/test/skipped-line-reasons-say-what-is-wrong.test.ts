import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './helpers/records.js';

describe('skipped-line reasons say what is wrong', () => {
  it('tells a record whose time is not a date from one without a time', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'app.jsonl'),
      [
        '{"time":"2026-11-22T00:00:00Z","level":"INFO","msg":"ok"}',
        '{"time":"yesterday","level":"INFO","msg":"bad time"}',
        '{"level":"INFO","msg":"no time"}',
      ].join('\n') + '\n',
    );
    const r = await cli(['report', dir, '--json']);
    const report = JSON.parse(r.out) as {
      skipped: { files: { samples: { line: number; reason: string }[] }[] };
    };
    expect(report.skipped.files[0]!.samples).toEqual([
      { line: 2, reason: 'time is not an ISO-8601 date' },
      { line: 3, reason: 'not a Logbook record (no time or level)' },
    ]);
  });

  it('in a JSON access log names the keys it looked for', async () => {
    const dir = tempDir();
    const good = {
      time_local: '22/Nov/2026:00:00:00 +0000',
      remote_addr: '192.0.2.1',
      request: 'GET / HTTP/1.1',
    };
    writeFileSync(
      join(dir, 'access.json'),
      [
        JSON.stringify({ ...good, status: 200 }),
        JSON.stringify({ ...good, time_local: undefined, status: 200 }),
        JSON.stringify({ ...good, request: undefined, status: 200 }),
        '[1, 2]',
      ].join('\n') + '\n',
    );
    const r = await cli(['report', dir, '--json', '--format', 'json-access']);
    const report = JSON.parse(r.out) as {
      skipped: { files: { samples: { line: number; reason: string }[] }[] };
    };
    expect(report.skipped.files[0]!.samples).toEqual([
      { line: 2, reason: 'no time (time_local, time_iso8601, time, @timestamp, timestamp, msec)' },
      { line: 3, reason: 'no request (request, or request_uri, uri, url, path)' },
      { line: 4, reason: 'not a JSON object' },
    ]);
  });
});
