import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './helpers/records.js';

const IP = '2001:db8::4';
const LOG = [
  // found by the access-line property (shrunk): the bracket of the client was taken for the time's
  `www.example.com:443 [${IP}] - - [22/Nov/2026:10:00:01 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8.5"`,
  `shop.example [::ffff:192.0.2.1] - john doe [22/Nov/2026:10:00:02 +0000] "GET /a HTTP/1.1" 200 5 "-" "curl/8.5"`,
];

describe('a vhost line whose client is a bracketed IPv6 address', () => {
  it('is read with its vhost and the client without brackets, by report, sql and tail', async () => {
    const dir = tempDir();
    const file = join(dir, 'access.log');
    writeFileSync(file, LOG.join('\n') + '\n');
    const sql = await cli(['sql', 'SELECT vhost, ip, user_id FROM requests ORDER BY ts', dir, '--json']);
    expect(sql.code, sql.err).toBe(0);
    expect(JSON.parse(sql.out)).toEqual([
      { vhost: 'www.example.com:443', ip: IP, user_id: null },
      { vhost: 'shop.example', ip: '::ffff:192.0.2.1', user_id: 'john doe' },
    ]);
    const report = JSON.parse((await cli(['report', dir, '--json'])).out) as {
      totals: { requests: number };
      skipped: { count: number };
    };
    expect([report.totals.requests, report.skipped.count]).toEqual([2, 0]);
    const tail = (await cli(['tail', file, '--no-color'])).out.trim().split('\n');
    expect(tail).toHaveLength(2);
    expect(tail[0]).toContain(` ${IP}`);
  });
});
