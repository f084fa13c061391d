import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers/records.js';
import { loadSources, rows } from '../src/index.js';
import { flattenLine } from '../src/record-line.js';

/** A JSON access-log entry at second `s` whose text fields are all strings, with `extra` keys. */
const entry = (s: number, extra: object): string =>
  JSON.stringify({
    time_local: `22/Nov/2026:10:00:0${s} +0000`,
    remote_addr: '192.0.2.1',
    request: `GET /v${s} HTTP/1.1`,
    status: 200,
    ...extra,
  });

describe('a JSON access log whose only values that are no text are in the fields after the request', () => {
  it('takes each such value as absent, the field’s next key deciding, in the report (every column) and tail', async () => {
    // Whether a file is read again typed looked at the time and the request's keys, then these fields: no test had
    // such a value in these fields alone, so leaving them out of that look went unnoticed.
    const lines = [
      entry(1, { http_user_agent: ['curl/8.5.0'], user_agent: 'Wget/1.21' }),
      entry(2, { body_bytes_sent: { n: 1 }, bytes_sent: 512 }),
      entry(3, { remote_user: true, status: 201 }),
    ];
    // each in a file of its own: one such value anywhere in a file has the whole file read typed
    const got = [];
    for (const line of lines) {
      const file = join(tempDir(), 'access.json');
      writeFileSync(file, line + '\n');
      // not lean, as `logbook sql` and the dashboard load: the bytes are read too
      const db = await loadSources([file]);
      got.push(...(await rows(db, `SELECT path, status, ua, bytes, user_id FROM requests`)));
      db.close();
    }
    expect(got).toEqual([
      { path: '/v1', status: 200, ua: 'Wget/1.21', bytes: null, user_id: null },
      { path: '/v2', status: 200, ua: null, bytes: '512', user_id: null },
      { path: '/v3', status: 201, ua: null, bytes: null, user_id: null },
    ]);
    expect(lines.map((l) => [flattenLine(l)?.ua, flattenLine(l)?.user])).toEqual([
      ['Wget/1.21', undefined],
      [undefined, undefined],
      [undefined, undefined],
    ]);
  });
});
