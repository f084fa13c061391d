import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { cli, tempDir } from './helpers/records.js';
import { flattenLine } from '../src/record-line.js';

const MiB = 1024 * 1024;

/** A Logbook record of exactly `bytes` bytes, its message padded with `x`. */
function record(path: string, bytes = 0): string {
  const rec = (message: string): string =>
    JSON.stringify({
      time: '2026-11-22T10:00:00.000Z',
      level: 'INFO',
      event: 'http.request',
      message,
      request: { method: 'GET', path, status: 200 },
    });
  return rec('x'.repeat(Math.max(0, bytes - rec('').length)));
}

/** A JSON access-log entry of exactly `bytes` bytes, its user agent padded with `x`. */
function entry(path: string, bytes = 0): string {
  const line = (ua: string): string =>
    JSON.stringify({
      time_local: '22/Nov/2026:10:00:00 +0000',
      remote_addr: '192.0.2.1',
      request: `GET ${path} HTTP/1.1`,
      status: 200,
      http_user_agent: ua,
    });
  return line('x'.repeat(Math.max(0, bytes - line('').length)));
}

interface Report {
  sources: { format: string; records: number }[];
  skipped: { count: number; files: { samples: { line: number; reason: string }[] }[] };
}

/** `logbook report --json` of one file holding these lines; fails the test when the report does not finish. */
async function report(name: string, lines: string[], eol = '\n'): Promise<Report> {
  const dir = tempDir();
  writeFileSync(join(dir, name), lines.join(eol) + eol);
  const r = await cli(['report', dir, '--json']);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as Report;
}

const tooLong = '16 MiB';
const skippedAt = (...lines: number[]): { line: number; reason: string }[] =>
  lines.map((line) => ({ line, reason: `line longer than ${tooLong}` }));

describe('a JSON line too long for the report’s reader (over about 32 MiB)', () => {
  // The report stopped with DuckDB's "maximum_object_size of 16777216 bytes exceeded" and showed nothing.
  it('in Logbook JSONL is skipped with its line number, the others read', async () => {
    const lines = [record('/a'), record('/huge', 33 * MiB), record('/b')];
    const got = await report('app.jsonl', lines);
    expect(got.sources).toEqual([expect.objectContaining({ format: 'jsonl', records: 2 })]);
    expect(got.skipped.count).toBe(1);
    expect(got.skipped.files[0]!.samples).toEqual(skippedAt(2));
    // as tail takes it
    expect(lines.map((l) => flattenLine(l)?.path)).toEqual(['/a', undefined, '/b']);
  });

  it('in a JSON access log is skipped with its line number, as any line over 16 MiB in that file', async () => {
    const lines = [entry('/a'), entry('/long', 17 * MiB), entry('/huge', 33 * MiB), entry('/b')];
    const got = await report('access.json', lines);
    expect(got.sources).toEqual([expect.objectContaining({ format: 'json-access', records: 2 })]);
    expect(got.skipped.count).toBe(2);
    expect(got.skipped.files[0]!.samples).toEqual(skippedAt(2, 3));
    expect(lines.map((l) => flattenLine(l)?.path)).toEqual(['/a', undefined, undefined, '/b']);
  });

  it('in a gzipped file too (its 16 KiB reads of one line were joined again at every read, which took minutes)', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'app.jsonl.1.gz'),
      gzipSync(`${[record('/a'), record('/huge', 34 * MiB), record('/b')].join('\n')}\n`),
    );
    const r = await cli(['report', dir, '--json']);
    expect(r.code, r.err).toBe(0);
    const got = JSON.parse(r.out) as Report;
    expect(got.sources).toEqual([expect.objectContaining({ format: 'jsonl', records: 2 })]);
    expect(got.skipped.files[0]!.samples).toEqual(skippedAt(2));
  });

  it('leaves a line of 16 MiB exactly in that file read (a CR before its line feed not counted), one byte more skipped', async () => {
    const lines = [record('/limit', 16 * MiB), record('/over', 16 * MiB + 1), record('/huge', 33 * MiB)];
    const got = await report('app.jsonl', lines, '\r\n');
    expect(got.sources).toEqual([expect.objectContaining({ records: 1 })]);
    expect(got.skipped.files[0]!.samples).toEqual(skippedAt(2, 3));
  });
});
