import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { tempDir } from './helpers/records.js';
import { loadSources, parseAccessLine, rows } from '../src/index.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0';
const T = '10/Mar/2024:13:55:36 +0000';
const tail = `"GET /private HTTP/1.1" 200 512 "-" "${UA}"`;

// Apache's %u and Nginx's $remote_user are written as the client sent them: a Basic-auth user may hold spaces.
const LINES = [
  `203.0.113.5 - john doe [${T}] ${tail}`,
  `203.0.113.6 - Jane Q Public [${T}] ${tail}`,
  `www.example.com:443 203.0.113.7 - john doe [${T}] ${tail}`,
  `www.example.com:443 203.0.113.8 - alice [${T}] ${tail}`,
  `203.0.113.9 - bob [${T}] ${tail}`,
  `203.0.113.10 - - [${T}] ${tail}`,
];
const WANT = [
  { ip: '203.0.113.5', user_id: 'john doe', vhost: null },
  { ip: '203.0.113.6', user_id: 'Jane Q Public', vhost: null },
  { ip: '203.0.113.7', user_id: 'john doe', vhost: 'www.example.com:443' },
  { ip: '203.0.113.8', user_id: 'alice', vhost: 'www.example.com:443' },
  { ip: '203.0.113.9', user_id: 'bob', vhost: null },
  { ip: '203.0.113.10', user_id: null, vhost: null },
];

describe('an access-log user name with a space', () => {
  it('stays the user, and the client address stays the address (it was read as a vhost, with the IP "-")', async () => {
    expect(LINES.map((l) => parseAccessLine(l)).map((a) => a && [a.ip, a.user, a.vhost])).toEqual(
      WANT.map((w) => [w.ip, w.user_id ?? undefined, w.vhost ?? undefined]),
    );
    const dir = tempDir();
    writeFileSync(join(dir, 'access.log'), LINES.join('\n') + '\n');
    const db = await loadSources([dir]);
    const got = await rows(db, `SELECT ip, user_id, vhost FROM requests`);
    db.close();
    expect(db.skipped.count).toBe(0);
    const byIp = (a: Record<string, unknown>, b: Record<string, unknown>): number =>
      String(a.ip).localeCompare(String(b.ip));
    expect([...got].sort(byIp)).toEqual([...WANT].sort(byIp));
  });
});
