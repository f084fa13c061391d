import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { tempDir } from './helpers/records.js';
import { loadSources, rows } from '../src/index.js';
import { flattenLine } from '../src/record-line.js';

const COMBINED = '192.0.2.1 - - [21/Nov/2026:10:00:00 +0000] "GET /a HTTP/1.1" 200 5 "-" "curl/8"';
const VHOST = `shop.example ${COMBINED}`;
const JSON_ACCESS =
  '{"time_local":"21/Nov/2026:10:00:00 +0000","remote_addr":"192.0.2.1","host":"shop.example",' +
  '"request":"GET /a HTTP/1.1","status":200}';

/** Files saved with a byte-order mark and joined with `cat`: a mark starts each file's first line. */
async function joined(
  name: string,
  line: string,
): Promise<{ ips: unknown[]; vhosts: unknown[]; skipped: number }> {
  const file = join(tempDir(), name);
  writeFileSync(file, [`\uFEFF${line}`, line, `\uFEFF${line}`, `\uFEFF\uFEFF${line}`].join('\n') + '\n');
  const db = await loadSources([file]);
  // lengths, since DuckDB's client drops a leading mark from each text it returns
  const got = await rows(
    db,
    `SELECT list(DISTINCT length(ip)::INTEGER) AS ips, coalesce(list(DISTINCT length(vhost)::INTEGER) FILTER (WHERE vhost IS NOT NULL), []) AS vhosts FROM requests`,
  );
  db.close();
  return { ips: got[0]!.ips as unknown[], vhosts: got[0]!.vhosts as unknown[], skipped: db.skipped.count };
}

describe('a line that starts with a byte-order mark (files joined with cat)', () => {
  it('in an access log gives the client without the mark, as tail reads it', async () => {
    // The report kept the mark in the client address: 192.0.2.1 was two clients, and --filter ip= missed one.
    expect(await joined('access.log', COMBINED)).toEqual({ ips: [9], vhosts: [], skipped: 0 });
    expect(flattenLine(`\uFEFF\uFEFF${COMBINED}`)?.ip).toBe('192.0.2.1');
  });

  it('in a vhost access log gives the vhost without the mark', async () => {
    expect(await joined('access.log', VHOST)).toEqual({ ips: [9], vhosts: [12], skipped: 0 });
  });

  it('in a JSON access log is read by the report as by tail', async () => {
    // The report skipped the line as not JSON; tail read it.
    expect(await joined('access.json', JSON_ACCESS)).toEqual({ ips: [9], vhosts: [12], skipped: 0 });
    expect(flattenLine(`\uFEFF${JSON_ACCESS}`)?.ip).toBe('192.0.2.1');
  });
});
