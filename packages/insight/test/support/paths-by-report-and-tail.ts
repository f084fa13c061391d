// What several "read alike" tests compare: the paths the report reads from a file's lines, and those tail reads.

import { isUtf8 } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSources, rows } from '../../src/index.js';
import { flattenLine } from '../../src/record-line.js';
import { tempDir } from '../helpers/records.js';

/**
 * Writes `lines` (one a line) to a file named `name` in a fresh folder, and reads them as the report does (the paths
 * of its records and how many lines it skipped) and as tail does, line by line. Both lists of paths are sorted. Tail
 * passes over a line that is no UTF-8 before it reads it, as the live reader does.
 */
export async function pathsByReportAndTail(
  name: string,
  lines: readonly (string | Buffer)[],
): Promise<{ report: unknown[]; skipped: number; tail: unknown[] }> {
  const file = join(tempDir(), name);
  const nl = Buffer.from('\n');
  writeFileSync(file, Buffer.concat(lines.flatMap((l) => [Buffer.from(l), nl])));
  const db = await loadSources([file]);
  const got = await rows(db, `SELECT path FROM records ORDER BY path`);
  db.close();
  return {
    report: got.map((r) => r.path),
    skipped: db.skipped.count,
    tail: lines
      .filter((l) => isUtf8(Buffer.from(l)))
      .map((l) => flattenLine(Buffer.from(l).toString('utf8'))?.path)
      .filter((p) => p !== undefined)
      .sort(),
  };
}
