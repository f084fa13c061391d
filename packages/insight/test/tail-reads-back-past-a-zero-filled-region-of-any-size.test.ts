// `tail -n` reads a log backwards a chunk at a time. A line that spans chunks was joined onto again with every chunk,
// so a copytruncate's run of NUL bytes took time in the square of its length (59 s for 64 MiB) and a run of gigabytes
// could not be held as a string at all. The run is now counted, not held, and tail shows the request after it.
import { describe, expect, it } from 'vitest';
import { appendFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { cli, combinedLine, tempDir } from './helpers/records.js';
import { linesFromEnd } from '../src/commands/lines-from-end.js';

/** What linesFromEnd promises for each line, newest first: the text after its NUL run (a run as one NUL), or undefined past the limit. */
function expected(content: Buffer, limit: number): (string | undefined)[] {
  if (content.length === 0) return [];
  const lines: (string | undefined)[] = [];
  for (const line of content.toString('latin1').split('\n')) {
    const zeros = /^\0*/.exec(line)![0].length;
    const text = line.slice(zeros);
    lines.push(text.length > limit ? undefined : `${zeros > 0 ? '\0' : ''}${text}`);
  }
  return lines.reverse();
}

describe('tail -n on a log with a zero-filled region', () => {
  it('reads every line from the end as the readers take it, whatever the chunks and runs', () => {
    const dir = tempDir();
    let run = 0;
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', '\n', '\0', '\0\0\0\0\0\0', '\r\n'), { maxLength: 60 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 0, max: 12 }),
        (parts, chunk, limit) => {
          const content = Buffer.from(parts.join(''), 'latin1');
          const file = join(dir, `${run++}.log`);
          writeFileSync(file, content);
          const got = [...linesFromEnd(file, content.length, chunk, limit)].map((b) => b?.toString('latin1'));
          expect(got).toEqual(expected(content, limit));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('shows the request after a 256 MiB run and the one before it, and nothing of the run', async () => {
    const dir = tempDir();
    const file = join(dir, 'access.log');
    const at = (ip: string, second: number, target: string): string =>
      combinedLine({ ip, second, target, status: 200, ua: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0' }) +
      '\n';
    writeFileSync(file, at('192.0.2.1', 1, '/before'));
    // The zeros copytruncate leaves: a sparse region, so the test costs no disk.
    const size = at('192.0.2.1', 1, '/before').length + 256 * 1024 * 1024;
    truncateSync(file, size);
    appendFileSync(file, at('192.0.2.2', 2, '/after-copytruncate'));
    const r = await cli(['tail', file, '-n', '2', '--no-color']);
    expect(r.code, r.err).toBe(0);
    expect(
      r.out
        .trimEnd()
        .split('\n')
        .map((l) => /GET (\S+)/.exec(l)?.[1]),
    ).toEqual(['/before', '/after-copytruncate']);
  }, 120_000);
});
