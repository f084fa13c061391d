import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, combinedLine, tempDir, webRequest, writeJsonl } from './helpers/records.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const line = (s: number, path: string, after: string): string =>
  combinedLine({ ip: `192.0.2.${s}`, second: s, target: path, status: 200, ua: UA, after }) + '\n';

describe('logbook tail', () => {
  it('shows how long each request took after its path, from the record or the access line', async () => {
    const dir = tempDir();
    writeJsonl(join(dir, 'app.jsonl'), [webRequest(1, { path: '/courses', duration_ms: 1250.4, ua: UA })]);
    const jsonl = await cli(['tail', join(dir, 'app.jsonl'), '--no-color']);
    expect(jsonl.out).toContain('200 GET /courses 1,250 ms human');

    const log = join(dir, 'access.log');
    writeFileSync(log, line(1, '/search', ' 0.042 0.041') + line(2, '/', ' 2500') + line(3, '/plain', ''));
    const auto = await cli(['tail', log, '--no-color']);
    expect(
      auto.out
        .trim()
        .split('\n')
        .map((l) => l.slice(24, l.indexOf(' human'))),
    ).toEqual([
      '200 GET /search 42 ms',
      '200 GET /', // a whole number could be any unit: read only when named
      '200 GET /plain',
    ]);
    const micros = await cli(['tail', log, '--no-color', '--request-time', 'us']);
    expect(micros.out).toContain('200 GET / 2.5 ms human');
    const bad = await cli(['tail', log, '--request-time', 'minutes']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--request-time minutes: expected one of auto, s, ms, us, none');
  });
});
