import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, combinedLine, tempDir } from './helpers/records.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const line = (n: number, ua = UA): Buffer =>
  Buffer.from(combinedLine({ ip: `192.0.2.${n}`, second: n, target: `/p${n}`, status: 200, ua }));

describe('a log with a lone CR whose only bad line is one DuckDB cannot read (invalid UTF-8)', () => {
  it('is read line by line: the CR line is one request, blank lines are no lines, the bad one is skipped', async () => {
    const dir = tempDir();
    const invalid = Buffer.concat([line(4).subarray(0, 60), Buffer.from([0xff]), line(4).subarray(60)]);
    writeFileSync(
      join(dir, 'access.log'),
      Buffer.concat(
        [line(1), line(2, 'Mozilla/5.0\rx'), Buffer.from(' \t '), invalid, line(5), Buffer.from('')].flatMap(
          (b) => [b, Buffer.from('\n')],
        ),
      ),
    );
    const r = await cli(['report', dir, '--json']);
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out) as {
      totals: { requests: number };
      skipped: { count: number; files: { samples: { line: number; reason: string }[] }[] };
    };
    expect(report.totals.requests).toBe(3);
    expect(report.skipped.count).toBe(1);
    expect(report.skipped.files[0]!.samples).toEqual([{ line: 4, reason: 'invalid UTF-8' }]);
  });
});
