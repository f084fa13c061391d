import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { displayWidth } from '../src/render/display-width.js';
import { cli, tempDir } from './helpers/records.js';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36';
const line = (minute: number, path: string, ua: string): string =>
  `192.0.2.${minute} - - [21/Nov/2026:10:${String(minute).padStart(2, '0')}:00 +0000] "GET ${path} HTTP/1.1" 200 512 "-" "${ua}"`;

describe('condense keeps a scenario to one line', () => {
  it('cuts each line to --width, and leaves piped lines whole', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'access.log'),
      [
        line(1, '/courses/12', CHROME),
        line(2, '/courses/13', CHROME),
        line(3, '/', '宽字符浏览器/1.0 '.repeat(8)),
      ].join('\n') + '\n',
    );
    const cut = await cli(['condense', dir, '--width', '80']);
    expect(cut.code, cut.err).toBe(0);
    const scenarios = cut.out.split('\n').filter((l) => l.includes(' × '));
    expect(scenarios).toHaveLength(2);
    for (const l of scenarios) {
      expect(displayWidth(l)).toBeLessThanOrEqual(80);
      expect(l.endsWith('…')).toBe(true);
    }
    // what the scenario is and how often it happened survive the cut
    expect(scenarios[0]).toMatch(
      /^ {7}2 × GET \/courses\/:n 200 \[human\] {2}2026-11-21T10:01:00Z 192\.0\.2\.1 /,
    );

    const whole = await cli(['condense', dir]);
    expect(whole.out).toContain(`"${CHROME}"`);
    expect(whole.out).toContain('宽字符浏览器/1.0 '.repeat(8).trimEnd());

    const narrow = await cli(['condense', dir, '--width', '0']);
    expect(narrow.code).toBe(2);
  });
});
