import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { tempDir } from './helpers/records.js';
import { loadSources, rows } from '../src/index.js';
import { flattenLine } from '../src/record-line.js';

const BASE = {
  time_local: '21/Nov/2026:10:00:00 +0000',
  remote_addr: '192.0.2.1',
  request: 'GET /a?x=1 HTTP/1.1',
  status: 200,
  request_time: 0.05,
};

/** What the report reads of each line (DuckDB), and what tail, the dashboard's live records and filters read. */
async function bothReaders(lines: string[]): Promise<{ report: object[]; tail: object[] }> {
  const dir = tempDir();
  writeFileSync(join(dir, 'access.json'), lines.join('\n') + '\n');
  const db = await loadSources([join(dir, 'access.json')], { format: 'json-access' });
  const report = await rows(
    db,
    `SELECT "method", path, status, duration_ms, ip FROM requests ORDER BY epoch_ms(ts), path`,
  );
  db.close();
  const tail = lines
    .map((l) => flattenLine(l))
    .filter((f) => f !== undefined)
    .map((f) => ({
      method: f.method,
      path: f.path,
      status: f.status,
      duration_ms: f.duration_ms ?? null,
      ip: f.ip ?? null,
    }));
  return { report, tail };
}

describe('a JSON access log', () => {
  it('is read alike by the report and by tail when its request line holds a line break', async () => {
    const lines = [
      JSON.stringify(BASE),
      JSON.stringify({ ...BASE, request: 'GET /a\nb HTTP/1.1' }),
      JSON.stringify({ ...BASE, request: 'GET /c\r\nd?e=1 HTTP/1.1' }),
    ];
    const { report, tail } = await bothReaders(lines);
    expect(report).toEqual(tail);
    expect(report.map((r) => (r as { path: string }).path)).toEqual(['/a', '/a\nb', '/c\r\nd']);
  });

  it('is read alike by the report and by tail when a status is not a whole number', async () => {
    // A cast rounded 200.5 to 201 for the report; tail refused the line.
    const lines = [
      JSON.stringify(BASE),
      JSON.stringify({ ...BASE, status: 200.5 }),
      JSON.stringify({ ...BASE, status: '4e2' }),
    ];
    const { report, tail } = await bothReaders(lines);
    expect(report).toEqual(tail);
    expect(report).toHaveLength(1);
  });
});
