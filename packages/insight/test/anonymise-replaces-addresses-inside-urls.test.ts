import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, combinedLine, tempDir } from './helpers/records.js';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.109 Safari/537.36';

// A referer that names a host by its address kept that address in the copy: the pattern left out any address after
// a slash, to spare version numbers such as Chrome/120.0.6099.109.
describe('an anonymised copy of an access log', () => {
  it('replaces an address that is a URL’s host, and keeps the version numbers of user agents', async () => {
    const dir = tempDir();
    const lines = [
      combinedLine({
        ip: '198.51.100.7',
        second: 1,
        target: '/',
        status: 200,
        ua: CHROME,
        referer: 'http://10.0.0.9/admin',
      }),
      combinedLine({
        ip: '198.51.100.8',
        second: 2,
        target: '/',
        status: 200,
        ua: CHROME,
        referer: 'https://staff@192.168.1.20:8080/intranet',
      }),
      combinedLine({
        ip: '198.51.100.9',
        second: 3,
        target: '/go?next=//172.16.4.5/x',
        status: 302,
        ua: CHROME,
      }),
    ];
    writeFileSync(join(dir, 'access.log'), lines.join('\n') + '\n');
    const out = join(dir, 'copy.log');
    const r = await cli(['anonymise', join(dir, 'access.log'), out]);
    expect(r.code).toBe(0);
    const copy = readFileSync(out, 'utf8');
    for (const address of ['10.0.0.9', '192.168.1.20', '172.16.4.5', '198.51.100.7'])
      expect(copy).not.toContain(address);
    expect(copy.split('Chrome/120.0.6099.109').length - 1).toBe(3);
    expect(copy).toMatch(/"http:\/\/\d+\.\d+\.\d+\.\d+\/admin"/);
  });
});
