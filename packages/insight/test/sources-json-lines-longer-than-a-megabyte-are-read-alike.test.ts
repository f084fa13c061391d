import { describe, it, expect } from 'vitest';
import { flattenLine } from '../src/record-line.js';
import { pathsByReportAndTail } from './support/paths-by-report-and-tail.js';

const MB = 1024 * 1024;

// A user agent of 1.1 MB in one byte a character, and of 1.2 MB in 400,000 characters of three bytes each.
const UAS: [string, string][] = [
  ['/long', 'x'.repeat(1.1 * MB)],
  ['/wide', '€'.repeat(400_000)],
];

describe('a JSON line longer than 1 MB', () => {
  it('in a JSON access log is read by tail as by the report', async () => {
    // The report read a JSON line of up to 16 MiB; tail took a line longer than 1 MB for no record.
    const line = (path: string, ua: string): string =>
      JSON.stringify({
        time_local: '21/Nov/2026:10:00:00 +0000',
        remote_addr: '192.0.2.1',
        request: `GET ${path} HTTP/1.1`,
        status: 200,
        http_user_agent: ua,
      });
    const got = await pathsByReportAndTail('access.json', [
      line('/a', 'curl/8'),
      ...UAS.map(([p, ua]) => line(p, ua)),
    ]);
    expect(got).toEqual({ report: ['/a', '/long', '/wide'], skipped: 0, tail: ['/a', '/long', '/wide'] });
  });

  it('in Logbook JSONL is read by tail as by the report', async () => {
    const line = (path: string, ua: string): string =>
      JSON.stringify({
        time: '2026-11-21T10:00:00.000Z',
        level: 'INFO',
        event: 'http.request',
        request: { method: 'GET', path, status: 200, ua },
      });
    const got = await pathsByReportAndTail('app.jsonl', [
      line('/a', 'curl/8'),
      ...UAS.map(([p, ua]) => line(p, ua)),
    ]);
    expect(got).toEqual({ report: ['/a', '/long', '/wide'], skipped: 0, tail: ['/a', '/long', '/wide'] });
  });

  it('with a byte-order mark or a lone surrogate (read from a copy) is read too', async () => {
    const line = (path: string, ua: string): string =>
      `{"time":"2026-11-21T10:00:00.000Z","level":"INFO","event":"http.request",` +
      `"request":{"method":"GET","path":"${path}","status":200,"ua":"${ua}\\ud800"}}`;
    const got = await pathsByReportAndTail('app.jsonl', [
      line('/a', 'curl/8'),
      `\ufeff${line('/marked', 'x'.repeat(1.1 * MB))}`,
      line('/surrogate', 'x'.repeat(1.1 * MB)),
    ]);
    expect(got).toEqual({
      report: ['/a', '/marked', '/surrogate'],
      skipped: 0,
      tail: ['/a', '/marked', '/surrogate'],
    });
  });
});

it('longer than 16 MiB is no record in tail', () => {
  const line = JSON.stringify({
    time: '2026-11-21T10:00:00.000Z',
    level: 'INFO',
    message: 'x'.repeat(16 * MB),
  });
  expect(flattenLine(line)).toBeUndefined();
  expect(flattenLine(line.replace('x'.repeat(200), ''))?.level).toBe('INFO');
});

describe('an access line longer than 1 MB', () => {
  it('is skipped by the report and by tail', async () => {
    const line = (path: string, ua: string): string =>
      `192.0.2.1 - - [21/Nov/2026:10:00:00 +0000] "GET ${path} HTTP/1.1" 200 5 "-" "${ua}"`;
    const got = await pathsByReportAndTail('access.log', [
      line('/a', 'curl/8'),
      line('/long', 'x'.repeat(1.1 * MB)),
    ]);
    expect(got).toEqual({ report: ['/a'], skipped: 1, tail: ['/a'] });
  });
});
