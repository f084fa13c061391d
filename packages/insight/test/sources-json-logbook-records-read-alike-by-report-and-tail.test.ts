import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { tempDir, webRequest, writeJsonl } from './helpers/records.js';
import { loadSources, rows } from '../src/index.js';
import { flattenLine } from '../src/record-line.js';

/** What `logbook tail` and the report read of each record, in the columns both have, in file order. */
async function bothReaders(records: object[]): Promise<{ report: object[]; tail: object[] }> {
  const file = writeJsonl(join(tempDir(), 'app.jsonl'), records);
  const db = await loadSources([file]);
  const report = await rows(
    db,
    `SELECT strftime(ts, '%Y-%m-%dT%H:%M:%S.%gZ') AS time, level, event, message, "method", path, route, status,
      duration_ms, ip, ua, user_id AS "user", kind, client_name AS name, browser, os, fingerprint
    FROM records ORDER BY ts`,
  );
  db.close();
  expect(db.skipped.count).toBe(0);
  const tail = records.map((r) => {
    const f = flattenLine(JSON.stringify(r))!;
    const col = <K extends keyof typeof f>(k: K): (typeof f)[K] | null => f[k] ?? null;
    return {
      time: col('time'),
      level: col('level'),
      event: col('event'),
      message: col('message'),
      method: col('method'),
      path: col('path'),
      route: col('route'),
      status: col('status'),
      duration_ms: col('duration_ms'),
      ip: col('ip'),
      ua: col('ua'),
      user: col('user'),
      kind: col('kind'),
      name: col('name'),
      browser: col('browser'),
      os: col('os'),
      fingerprint: col('fingerprint'),
    };
  });
  return { report, tail };
}

describe("Logbook's own JSONL records", () => {
  it('are read by tail as the report reads them: request, client, user and fingerprint', async () => {
    const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
    const records = [
      {
        ...webRequest(1, { method: 'POST', path: '/login', route: '/login', status: 303, ua: firefox }),
        client: { kind: 'human', browser: 'Firefox 133', os: 'Linux' },
        user: { id: 'u-1' },
      },
      {
        ...webRequest(2, { path: '/feed', duration_ms: 12.5, ua: 'Feedly/1.0' }),
        client: { kind: 'feed', name: 'Feedly' },
      },
      {
        time: '2026-11-21T09:00:03.000Z',
        level: 'ERROR',
        channel: 'app',
        message: 'boom',
        event: 'app.crash',
        incident: { fingerprint: 'f-incident', ref: 'INC-1' },
        error: { fingerprint: 'f-error' },
      },
      {
        time: '2026-11-21T09:00:04.000Z',
        level: 'WARNING',
        channel: 'app',
        message: 'retrying',
        error: { fingerprint: 'f-error-only' },
      },
      // no message; a request with no client, classified by both; a status that is no number
      { ...webRequest(5, { path: '/no-client', status: undefined, ua: firefox }), message: undefined },
      (() => {
        const rec = webRequest(6, { path: '/odd-status' });
        return { ...rec, client: { kind: 'bot' }, request: { ...(rec.request as object), status: 'abc' } };
      })(),
      // an application's event with a path and status of its own, at the top: no request, for both
      {
        time: '2026-11-21T09:00:07.000Z',
        level: 'INFO',
        event: 'app.redirect',
        message: 'moved',
        path: '/old',
        status: 301,
      },
    ].map((r) => JSON.parse(JSON.stringify(r)) as object);
    const got = await bothReaders(records);
    expect(got.tail).toEqual(got.report);
    // each column the record fills is read (a column neither reader filled would pass the comparison above)
    expect(got.tail.map((r) => Object.values(r).filter((v) => v !== null).length)).toEqual([
      15, 12, 5, 4, 11, 9, 4,
    ]);
  });

  it('that the report skips, for a time it cannot read or no level, are no record in tail either', async () => {
    // tail showed a record dated "yesterday", which the report skipped as "time is not an ISO-8601 date".
    const base = { time: '2026-11-21T09:00:01.000Z', level: 'INFO', message: 'x' };
    const lines = [
      { ...base, time: 'yesterday' },
      { ...base, time: 1795424401000 },
      { ...base, level: null },
      { time: base.time, message: 'no level' },
    ].map((l) => JSON.stringify(l));
    const file = join(tempDir(), 'app.jsonl');
    writeFileSync(file, [JSON.stringify(base), ...lines].join('\n') + '\n');
    const db = await loadSources([file]);
    db.close();
    expect(db.skipped.count).toBe(lines.length);
    expect(lines.map((l) => flattenLine(l))).toEqual(lines.map(() => undefined));
  });
});
