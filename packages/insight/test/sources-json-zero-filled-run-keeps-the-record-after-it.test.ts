import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { cli, tempDir } from './helpers/records.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const MiB = 1024 * 1024;
const zeros = (n: number): string => '\0'.repeat(n);

/** A Logbook record of a request from 192.0.2.n at second n (a fixed day: nothing here depends on today). */
const logbookRecord = (n: number, path: string): string =>
  JSON.stringify({
    time: `2026-11-20T10:00:${String(n).padStart(2, '0')}.000Z`,
    level: 'INFO',
    event: 'http.request',
    request: { method: 'GET', path, status: 200, duration_ms: n, ip: `192.0.2.${n}`, ua: UA },
  });
/** Caddy's access entry for the same request. */
const caddyEntry = (n: number, path: string): string =>
  JSON.stringify({
    level: 'info',
    ts: Date.UTC(2026, 10, 20, 10, 0, n) / 1000,
    logger: 'http.log.access.log0',
    msg: 'handled request',
    request: {
      remote_ip: `192.0.2.${n}`,
      proto: 'HTTP/1.1',
      method: 'GET',
      host: 'shop.example',
      uri: path,
      headers: { 'User-Agent': [UA] },
    },
    duration: n / 1000,
    size: 512,
    status: 200,
  });

type Report = {
  sources: { format: string }[];
  totals: { requests: number };
  skipped: { count: number; files: { samples: { line: number; reason: string }[] }[] };
};

/**
 * A crash's zero-fill, or logrotate's `copytruncate` of a log as long as the run, leaves NUL bytes before the next
 * line the application writes, on the same line. The run is one skipped line; the record after it is the
 * application's, and must be read as in an access log: by the report and by tail.
 */
describe.each([
  ['a JSONL log', 'app.jsonl', 'jsonl', logbookRecord, 'record'],
  ['a Caddy JSON access log', 'access.log', 'json-access', caddyEntry, 'request'],
])('a run of NUL bytes in %s', (_, name, format, entry, what) => {
  const lines = [
    entry(1, '/before'),
    `${zeros(4096)}${entry(2, '/after-a-crash')}`,
    entry(3, '/middle'),
    // longer than two of the reader's 1 MiB reads
    `${zeros(2 * MiB + 1000)}${entry(4, '/after-copytruncate')}`,
    zeros(MiB), // a run alone on its line
    `${zeros(MiB + 7)}{"time": "cut off`,
    entry(7, '/last'),
  ];
  const runs = [
    {
      line: 2,
      reason: `4,096 NUL bytes (zero-filled by a crash or copytruncate) before a ${what}, which is read`,
    },
    {
      line: 4,
      reason: `2,098,152 NUL bytes (zero-filled by a crash or copytruncate) before a ${what}, which is read`,
    },
    { line: 5, reason: '1,048,576 NUL bytes (zero-filled by a crash or copytruncate)' },
  ];

  it.each([
    ['plain', name],
    ['gzipped', `${name}.1.gz`],
  ])('%s: is one skipped line, and the record after it is read', async (_, file) => {
    const dir = tempDir();
    const content = Buffer.from(lines.join('\n') + '\n');
    writeFileSync(join(dir, file), file.endsWith('.gz') ? gzipSync(content) : content);

    const report = await cli(['report', dir, '--json']);
    expect(report.code, report.err).toBe(0);
    const r = JSON.parse(report.out) as Report;
    expect(r.sources.map((s) => s.format)).toEqual([format]);
    expect(r.totals.requests).toBe(5);
    expect(r.skipped.count).toBe(4);
    expect(r.skipped.files[0]!.samples).toEqual(runs);

    const sql = await cli(['sql', 'SELECT ip, path, duration_ms FROM requests ORDER BY ts', dir, '--json']);
    expect(JSON.parse(sql.out)).toEqual([
      { ip: '192.0.2.1', path: '/before', duration_ms: 1 },
      { ip: '192.0.2.2', path: '/after-a-crash', duration_ms: 2 },
      { ip: '192.0.2.3', path: '/middle', duration_ms: 3 },
      { ip: '192.0.2.4', path: '/after-copytruncate', duration_ms: 4 },
      { ip: '192.0.2.7', path: '/last', duration_ms: 7 },
    ]);
    if (file.endsWith('.gz')) return; // tail follows the live file, not a rotated archive
    const tail = await cli(['tail', join(dir, file), '--no-color', '-n', '100']);
    expect(tail.out.match(/192\.0\.2\.\d/g)).toEqual([
      '192.0.2.1',
      '192.0.2.2',
      '192.0.2.3',
      '192.0.2.4',
      '192.0.2.7',
    ]);
  });

  it('at the start of the file and longer than the JSON reader takes (32 MiB): the first record is read', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, name), `${zeros(33 * MiB)}${entry(1, '/first')}\n${entry(2, '/second')}\n`);
    const r = JSON.parse((await cli(['report', dir, '--json'])).out) as Report;
    expect(r.sources.map((s) => s.format)).toEqual([format]);
    expect([r.totals.requests, r.skipped.count]).toEqual([2, 1]);
    const sql = await cli(['sql', 'SELECT ip, path FROM requests ORDER BY ts', dir, '--json']);
    expect(JSON.parse(sql.out)).toEqual([
      { ip: '192.0.2.1', path: '/first' },
      { ip: '192.0.2.2', path: '/second' },
    ]);
  });
});

describe('a run of NUL bytes in a Caddy log that holds its other loggers too', () => {
  it('before a line of another logger is one skipped line, and says what followed it', async () => {
    const dir = tempDir();
    const tls = JSON.stringify({ level: 'info', ts: 1763632801, logger: 'tls', msg: 'certificate obtained' });
    writeFileSync(
      join(dir, 'caddy.log'),
      [caddyEntry(1, '/before'), `${zeros(10)}${tls}`, caddyEntry(3, '/last')].join('\n'),
    );
    const r = JSON.parse((await cli(['report', dir, '--json'])).out) as Report;
    expect([r.totals.requests, r.skipped.count]).toEqual([2, 1]);
    expect(r.skipped.files[0]!.samples).toEqual([
      {
        line: 2,
        reason:
          "10 NUL bytes (zero-filled by a crash or copytruncate) before a line of Caddy's tls logger, not an access entry",
      },
    ]);
  });
});

describe("runs of NUL bytes at the reader's 1 MiB read boundaries", () => {
  /** A Logbook record of `bytes` bytes exactly, padded in its message. */
  const padded = (n: number, bytes: number): string => {
    const short = logbookRecord(n, `/padded-${n}`);
    const record = { ...(JSON.parse(short) as object), message: 'x'.repeat(bytes - short.length - 13) };
    const text = JSON.stringify(record);
    expect(Buffer.byteLength(text)).toBe(bytes);
    return text;
  };

  it('are each one skipped line before a record that is read, and a line ending at a boundary is whole', async () => {
    const dir = tempDir();
    const lines = [
      padded(1, MiB), // its line feed is the first byte of the second read
      `${zeros(4096)}${logbookRecord(2, '/after-the-boundary')}`,
      // the next line's run starts 2,048 bytes before the third read and goes on in it
      padded(3, MiB - 4096 - logbookRecord(2, '/after-the-boundary').length - 2048 - 3),
      `${zeros(4096)}${logbookRecord(4, '/across-the-boundary')}`,
      `${zeros(10)}${logbookRecord(5, '/last-without-a-line-feed')}`,
    ];
    const text = lines.join('\n');
    expect(text.indexOf('\n')).toBe(MiB);
    expect(text.indexOf('\0'.repeat(4096), MiB + 5000)).toBe(2 * MiB - 2048);
    writeFileSync(join(dir, 'app.jsonl'), text);

    const r = JSON.parse((await cli(['report', dir, '--json'])).out) as Report;
    expect(r.skipped.count).toBe(3);
    const run = (line: number, n: number): { line: number; reason: string } => ({
      line,
      reason: `${n.toLocaleString('en-US')} NUL bytes (zero-filled by a crash or copytruncate) before a record, which is read`,
    });
    expect(r.skipped.files[0]!.samples).toEqual([run(2, 4096), run(4, 4096), run(5, 10)]);
    const sql = await cli(['sql', 'SELECT path FROM requests ORDER BY ts', dir, '--json']);
    expect(JSON.parse(sql.out)).toEqual([
      { path: '/padded-1' },
      { path: '/after-the-boundary' },
      { path: '/padded-3' },
      { path: '/across-the-boundary' },
      { path: '/last-without-a-line-feed' },
    ]);
  });
});
