import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { cli, combinedLine, tempDir } from './helpers/records.js';

/**
 * Notes beside the logs: 4 lines with text among blank ones (empty, spaces, tabs, a CR, a lone CR between blanks),
 * CRLF and LF ends, the last without a line end.
 */
const NOTES =
  'moved the site\r\n\r\n   \r\n\t\nremember the certificate\n \t \r\n \r \n\nask about the\tproxy\n\n  x';
/** A line longer than the 4 MB the counter reads at a time, between blank lines. */
const LONG = `\n \n${'a'.repeat(4 * 1024 * 1024 + 10)}\n\t\nb\n`;
/** A line that ends exactly where the counter's first 4 MB read does: its line feed starts the next read. */
const EDGE = `${'a'.repeat(4 * 1024 * 1024)}\nb\n`;

describe('a file beside access logs whose format is not recognised', () => {
  it('is listed as skipped with the number of its lines that hold text, plain or gzipped', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'access.log'),
      combinedLine({ ip: '192.0.2.1', second: 1, target: '/', status: 200, ua: 'curl/8.5.0' }) + '\n',
    );
    writeFileSync(join(dir, 'notes.txt'), NOTES);
    writeFileSync(join(dir, 'notes.txt.gz'), gzipSync(NOTES));
    writeFileSync(join(dir, 'long.txt'), LONG);
    writeFileSync(join(dir, 'long.txt.gz'), gzipSync(LONG));
    writeFileSync(join(dir, 'blank.txt'), ' \n\t\r\n\n');
    writeFileSync(join(dir, 'edge.txt'), EDGE);
    const r = await cli(['report', dir, '--json']);
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out) as {
      totals: { requests: number };
      skipped: { files: { file: string; count: number }[] };
    };
    const counts = Object.fromEntries(
      report.skipped.files.map((f) => [f.file.slice(dir.length + 1), f.count]),
    );
    // blank.txt holds nothing to read: an empty log, not a skipped one
    expect(counts).toEqual({
      'notes.txt': 4,
      'notes.txt.gz': 4,
      'long.txt': 2,
      'long.txt.gz': 2,
      'edge.txt': 2,
    });
    expect(report.totals.requests).toBe(1);
  });
});
