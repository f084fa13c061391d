// A Logbook log holds more than requests: start-up records, errors outside any request. The overview counts those
// among the records (and the errors among the error records), but its status classes, its timeline and its time
// span are about requests: an app record has no status, and an hour with no request has nothing to chart.
import { join } from 'node:path';
import { describe, it, expect, beforeAll } from 'vitest';
import { cli, tempDir, webRequest, writeJsonl, type Rec } from './helpers/records.js';
import type { Report } from '../src/report/build-report.js';

const human = { kind: 'human', browser: 'Firefox 133', os: 'Linux' };

/** A record that is no request, at `time`. */
const appRecord = (time: string, level: string, event: string): Rec => ({
  v: 1,
  host: 'web-1',
  pid: 4242,
  time,
  level,
  channel: 'app',
  msg: event,
  message: event,
  event,
});

describe('the overview of a log with records that are no request', () => {
  let dir: string;
  let report: Report;
  beforeAll(async () => {
    dir = tempDir();
    writeJsonl(join(dir, 'app.jsonl'), [
      // An hour and a half before the first request: the app starting, and failing to reach its mail server.
      appRecord('2026-11-21T07:30:00.000Z', 'INFO', 'app.start'),
      appRecord('2026-11-21T07:45:00.000Z', 'ERROR', 'mail.unreachable'),
      webRequest(0, { status: 200 }, human),
      webRequest(1, { status: 200 }, human),
      webRequest(2, { status: 404 }, human),
      webRequest(3, { status: 503 }, human),
      appRecord('2026-11-21T09:00:30.000Z', 'ERROR', 'queue.stalled'),
    ]);
    const run = await cli(['report', dir, '--json']);
    expect(run.err).toBe('');
    report = JSON.parse(run.out) as Report;
  });

  it('counts every record and error record, but only requests as requests and errors', () => {
    expect(report.totals).toEqual({ requests: 4, clients: 1, records: 7, errors: 1, error_records: 2 });
  });

  it('gives status classes of requests only, with no class for the other records', () => {
    expect(report.status).toEqual({ '2xx': 2, '4xx': 1, '5xx': 1 });
  });

  it('spans the first to the last request', () => {
    expect(report.span).toEqual({ from: '2026-11-21T09:00:00.000Z', to: '2026-11-21T09:00:03.000Z' });
  });

  it('charts only the times with requests', () => {
    expect(report.timeline).toEqual([
      { bucket: '2026-11-21T09:00:00.000Z', size: 'minute', human: 4, crawler: 0, scanner: 0, unknown: 0 },
    ]);
  });

  it('shows the same status classes in the terminal', async () => {
    const text = (await cli(['report', dir, '--no-color'])).out;
    expect(
      text
        .split('\n')
        .find((l) => l.trimStart().startsWith('status:'))
        ?.trim(),
    ).toBe('status: 2xx 2 (50.0%)  4xx 1 (25.0%)  5xx 1 (25.0%)');
  });
});

describe('the overview of a log without a request', () => {
  it('has no span, status class or timeline, and still counts the records', async () => {
    const dir = tempDir();
    writeJsonl(join(dir, 'app.jsonl'), [
      appRecord('2026-11-21T07:30:00.000Z', 'INFO', 'app.start'),
      appRecord('2026-11-21T07:45:00.000Z', 'ERROR', 'mail.unreachable'),
    ]);
    const report = JSON.parse((await cli(['report', dir, '--json'])).out) as Report;
    expect(report.span).toEqual({});
    expect(report.status).toEqual({});
    expect(report.timeline).toEqual([]);
    expect(report.totals).toEqual({ requests: 0, clients: 0, records: 2, errors: 0, error_records: 1 });
  });
});
