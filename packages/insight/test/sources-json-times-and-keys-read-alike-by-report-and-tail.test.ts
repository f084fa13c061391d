import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { tempDir } from './helpers/records.js';
import { loadSources, rows } from '../src/index.js';
import { flattenLine } from '../src/record-line.js';

/** The report's rows (times as epoch ms) of these JSON lines, in file order. */
async function report(lines: object[]): Promise<Record<string, unknown>[]> {
  const file = join(tempDir(), 'access.json');
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const db = await loadSources([file]);
  const got = await rows(
    db,
    `SELECT epoch_ms(ts)::DOUBLE AS time, path, query, ip FROM requests ORDER BY status`,
  );
  db.close();
  return got;
}

describe('a JSON access log', () => {
  it('has an epoch time in seconds read by its digits by tail, as by the report', async () => {
    // tail read 8658764513.55 as 8658764513549 ms: the double 8658764513.5499999… times 1e6, rounded.
    const lines = [
      { 'remote-addr': '192.0.2.1', 'time-local': 8658764513.55, 'request-uri': '/', status: 200 },
      { remote_addr: '192.0.2.1', msec: '9033527740.581999', request_uri: '/', status: 201 },
    ];
    expect((await report(lines)).map((r) => r.time)).toEqual([8658764513550, 9033527740581]);
    expect(lines.map((l) => Date.parse(flattenLine(JSON.stringify(l))!.time))).toEqual([
      8658764513550, 9033527740581,
    ]);
  });

  it('has a key written in two spellings, the first with no value, read from the second by tail too', async () => {
    // remote_ip and remoteIP are one key: tail looked at the first spelling only and had no client.
    const line = {
      remote_ip: { original: 'x' },
      remoteIP: '192.0.2.1',
      time_local: '21/Nov/2026:10:00:00 +0000',
      request_uri: '/',
      status: 200,
    };
    expect((await report([line])).map((r) => r.ip)).toEqual(['192.0.2.1']);
    expect(flattenLine(JSON.stringify(line))?.ip).toBe('192.0.2.1');
  });

  it('has one leading ? of a query key left out, not every one', async () => {
    // The report took ??a=1 as a=1, the line reader as ?a=1.
    const base = { remote_addr: '192.0.2.1', time_local: '21/Nov/2026:10:00:00 +0000', request_uri: '/' };
    const got = await report([
      { ...base, status: 200, args: '??a=1' },
      { ...base, status: 201, query_string: '?' },
    ]);
    expect(got.map((r) => r.query)).toEqual(['?a=1', null]);
  });
});
