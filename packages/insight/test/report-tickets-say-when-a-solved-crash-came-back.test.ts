// The report's tickets (incidents grouped by fingerprint): a ticket solved when its last incident happened is
// solved, one seen after that has regressed; a crash outside any request (at start-up) has no route, which the
// JSON says as null. No test had an incident at the very moment its ticket was solved, or one outside a request.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers/records.js';
import { checkRecord, writeLog, type SiteRecord } from './support/site-logs.js';
import type { Report } from '../src/report/build-report.js';

const incident = (time: string, fingerprint: string, ref: string, path?: string): SiteRecord =>
  checkRecord({
    v: 1,
    host: 'shop-1',
    pid: 4100,
    time,
    level: 'ERROR',
    channel: 'app',
    msg: 'Unhandled error',
    message: 'Unhandled error',
    event: 'incident',
    error: { name: 'TypeError', message: 'x is undefined', stack: 'TypeError: x is undefined', fingerprint },
    incident: { ref, fingerprint },
    ...(path ? { request: { method: 'GET', path, ip: '198.51.100.1' } } : {}),
  });

describe('the report’s tickets', () => {
  it('keep a ticket solved at the moment of its last incident solved, and name no route for a start-up crash', async () => {
    const dir = tempDir();
    writeLog(join(dir, 'app.jsonl'), [
      incident('2026-11-21T09:00:00.000Z', 'fp-checkout', 'E-000001', '/checkout'),
      incident('2026-11-21T09:30:00.000Z', 'fp-search', 'E-000002', '/search'),
      incident('2026-11-21T10:00:00.000Z', 'fp-startup', 'E-000003'),
    ]);
    mkdirSync(join(dir, '.logbook'));
    writeFileSync(
      join(dir, '.logbook', 'tickets.json'),
      JSON.stringify({
        solved: {
          'fp-checkout': { solved_at: '2026-11-21T09:00:00.000Z' },
          'fp-search': { solved_at: '2026-11-21T09:29:59.999Z' },
        },
      }),
    );
    const run = await cli(['report', dir, '--json']);
    expect(run.err).toBe('');
    const tickets = (JSON.parse(run.out) as Report).tickets;
    expect(tickets.map((t) => [t.fingerprint, t.state, t.solved, t.route])).toEqual([
      ['fp-startup', 'open', false, null],
      ['fp-search', 'regressed', false, '/search'],
      ['fp-checkout', 'solved', true, '/checkout'],
    ]);
  });
});
