import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { cli, tempDir } from './helpers/records.js';

// Servers add fields after the user agent (Nginx's $request_time and upstream timings, Apache's %D) or after a
// common line's size. A copy for sharing keeps the layout — the reader's format detection and anyone's own
// scripts depend on it — without letting through what a custom field might hold (a cookie, a session id).
const lines = [
  '203.0.113.7 - ann [22/Nov/2026:10:00:01 +0000] "GET /a HTTP/1.1" 200 512 "-" "curl/8.5" 0.123',
  '203.0.113.7 - - [22/Nov/2026:10:00:02 +0000] "GET /b HTTP/1.1" 200 512 "-" "curl/8.5" "198.51.100.2" rt=0.050 uct="0.001" upstream=10.0.0.5:8080 "sess=5f3a9c01e2" 5f3a9c01e2',
  '203.0.113.8 - - [22/Nov/2026:10:00:03 +0000] "GET /c HTTP/1.1" 200 512 48213',
  '203.0.113.9 - - [22/Nov/2026:10:00:04 +0000] "GET /d HTTP/1.1" 200 512 "-" "curl/8.5" urt=0.012 : 0.003 , 0.004 reqtime:0.090 alice:1234',
];

describe('anonymise on an access log with trailing fields', () => {
  it('keeps times and the field count, pseudonymises addresses and blanks anything else', async () => {
    const dir = tempDir();
    const input = join(dir, 'access.log');
    const output = join(dir, 'shared.log');
    writeFileSync(input, lines.join('\n') + '\n');
    const r = await cli(['anonymise', input, output]);
    expect(r.code, r.err).toBe(0);
    const out = readFileSync(output, 'utf8').trim().split('\n');
    expect(out[0]).toMatch(/"curl\/8\.5" 0\.123$/);
    expect(out[1]).toMatch(/"curl\/8\.5" "[\d.]+" rt=0\.050 uct="0\.001" upstream=[\d.]+:8080 "-" -$/);
    expect(out[2]).toMatch(/ 200 512 48213$/);
    // an upstream list's separators and a time named with a colon stay; `alice:1234` is no time's name
    expect(out[3]).toMatch(/"curl\/8\.5" urt=0\.012 : 0\.003 , 0\.004 reqtime:0\.090 -$/);
    const text = out.join('\n');
    for (const secret of ['10.0.0.5', '198.51.100.2', '203.0.113.7', '5f3a9c01e2', 'ann', 'alice'])
      expect(text).not.toContain(secret);
    // Still the same log to every command: four requests, nothing skipped.
    const report = JSON.parse((await cli(['report', output, '--json'])).out) as {
      totals: { requests: number };
      skipped: { count: number };
    };
    expect(report.totals.requests).toBe(4);
    expect(report.skipped.count).toBe(0);
  });
});
