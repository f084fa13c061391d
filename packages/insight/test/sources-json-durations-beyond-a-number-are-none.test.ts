import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { tempDir } from './helpers/records.js';
import { loadSources, rows } from '../src/index.js';
import { flattenLine } from '../src/record-line.js';

/** The report's duration of each line (by path) and tail's, for lines written as they are. */
async function durations(name: string, lines: string[]): Promise<{ report: unknown[]; tail: unknown[] }> {
  const file = join(tempDir(), name);
  writeFileSync(file, lines.join('\n') + '\n');
  const db = await loadSources([file]);
  const got = await rows(db, `SELECT duration_ms FROM records ORDER BY path`);
  db.close();
  expect(db.skipped.count).toBe(0);
  return {
    report: got.map((r) => r.duration_ms),
    tail: lines.map((l) => flattenLine(l)?.duration_ms ?? null),
  };
}

describe('a request time too large for a number (1e400, or 1e308 seconds in milliseconds)', () => {
  it('is no request time in a JSON access log, for the report as for tail', async () => {
    // The report stored infinity (slow routes with an infinite maximum); tail had none for 1e400 and
    // Infinity for 1e308 s.
    const line = (path: string, time: string): string =>
      `{"time_local":"21/Nov/2026:10:00:00 +0000","request":"GET ${path} HTTP/1.1","status":200,${time}}`;
    const got = await durations('access.json', [
      line('/a', '"request_time":1e400'),
      line('/b', '"request_time":"1e308"'),
      line('/c', '"duration_ms":-1e400'),
      line('/d', '"request_time":0.25'),
    ]);
    expect(got).toEqual({ report: [null, null, null, 250], tail: [null, null, null, 250] });
  });

  it('is no request time in Logbook JSONL, for the report as for tail', async () => {
    const line = (path: string, ms: string): string =>
      `{"time":"2026-11-21T10:00:00.000Z","level":"INFO","event":"http.request",` +
      `"request":{"method":"GET","path":"${path}","status":200,"duration_ms":${ms}}}`;
    const got = await durations('app.jsonl', [line('/a', '1e400'), line('/b', '-1e400'), line('/c', '12.5')]);
    expect(got).toEqual({ report: [null, null, 12.5], tail: [null, null, 12.5] });
  });
});
