import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { tempDir } from './helpers/records.js';
import { loadSources } from '../src/index.js';
import { flattenLine } from '../src/record-line.js';
import { SITE, traefikLine } from './support/server-json-logs.js';

/**
 * A Traefik line has a `time` and a `level` of its own, so one the access reader cannot read (no start time it
 * takes, no path) was taken by tail for a Logbook record: a bare INFO line at Traefik's `time`, while the report
 * counted the same line as skipped.
 */
describe('a Traefik line that is no request', () => {
  it('is skipped by the report and shown by tail as nothing, not as a Logbook record', async () => {
    const good = JSON.parse(traefikLine(SITE[0]!)) as Record<string, unknown>;
    const bad = [
      { ...good, StartUTC: 5, StartLocal: 5 },
      { ...good, RequestPath: '' },
      { ...good, DownstreamStatus: 'x', OriginStatus: 'x' },
    ].map((e) => JSON.stringify(e));
    const dir = tempDir();
    writeFileSync(join(dir, 'access.json'), [JSON.stringify(good), ...bad].join('\n') + '\n');
    const db = await loadSources([join(dir, 'access.json')]);
    const skipped = db.skipped.count;
    db.close();
    expect(skipped).toBe(bad.length);
    expect(flattenLine(JSON.stringify(good))?.path).toBe('/');
    for (const line of bad) expect(flattenLine(line), line).toBeUndefined();
  });
});
