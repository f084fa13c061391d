import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { cli, tempDir } from './helpers/records.js';
import { loadSources } from '../src/index.js';

const JSON_LINE = (ua: string): string =>
  `{"time_local":"21/Nov/2026:10:00:00 +0000","remote_addr":"192.0.2.1","request":"GET /${ua} HTTP/1.1","status":200,"http_user_agent":"${ua}"}`;
const ACCESS_LINE = (ua: string): string =>
  `192.0.2.1 - - [21/Nov/2026:10:00:00 +0000] "GET /${ua} HTTP/1.1" 200 5 "-" "${ua}"`;

describe('a line that is not valid UTF-8', () => {
  it.each([
    ['a JSON access log', 'access.json', JSON_LINE],
    ['an access log', 'access.log', ACCESS_LINE],
  ])('in %s is skipped by tail as by the report', async (_, name, line) => {
    // tail printed it with U+FFFD where the bytes were, a request the report did not count.
    const file = join(tempDir(), name);
    // a byte 0xff (never UTF-8) in the path of a line between two good ones
    const badLine = Buffer.concat([
      Buffer.from(line('b').slice(0, line('b').indexOf('/b') + 2)),
      Buffer.from([0xff]),
      Buffer.from(line('b').slice(line('b').indexOf('/b') + 2)),
    ]);
    writeFileSync(
      file,
      Buffer.concat([Buffer.from(`${line('one')}\n`), badLine, Buffer.from(`\n${line('two')}\n`)]),
    );
    const db = await loadSources([file]);
    db.close();
    expect(db.files[0]?.records).toBe(2);
    expect(db.skipped.count).toBe(1);
    const r = await cli(['tail', file, '--no-color']);
    expect(r.code, r.err).toBe(0);
    const out = r.out.trim().split('\n');
    expect(out).toHaveLength(2);
    expect(r.out).not.toContain('\ufffd');
    expect(out.map((l) => / GET (\S+)/.exec(l)?.[1])).toEqual(['/one', '/two']);
  });
});
