import { describe, it, expect } from 'vitest';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LiveLogs } from '../src/serve/live-logs.js';
import { tempDir } from './helpers/records.js';
import { CADDY_OTHER_LINES, SITE, caddyLine } from './support/server-json-logs.js';

// The dashboard counted a followed batch's skipped lines as its lines less its records, so the lines of Caddy's other
// loggers, which the loader passes over on purpose, showed as malformed.
describe('a followed Caddy log', () => {
  it('adds the appended requests and counts only malformed lines as skipped', async () => {
    const dir = tempDir('caddy-live-');
    const file = join(dir, 'access.json');
    writeFileSync(
      file,
      SITE.slice(0, 3)
        .map((r) => caddyLine(r))
        .join('\n') + '\n',
    );
    const live = await LiveLogs.open([file], { pollMs: 50 });
    try {
      const before = (await live.report({})).totals.requests;
      appendFileSync(
        file,
        [caddyLine(SITE[3]!), ...CADDY_OTHER_LINES, '{"ts": 17322', caddyLine(SITE[4]!)].join('\n') + '\n',
      );
      await live.poll();
      expect((await live.report({})).totals.requests).toBe(before + 2);
      expect(live.skippedLive).toBe(1);
    } finally {
      await live.close();
    }
  });
});
