import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { combinedLine, tempDir } from './helpers/records.js';
import { loadSources } from '../src/index.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const access = (n: number): string =>
  combinedLine({ ip: `192.0.2.${n}`, second: n, target: `/p${n}`, status: 200, ua: UA });
const zeros = (n: number): string => '\0'.repeat(n);

/** The format the report lists a file under, how many requests it read and its skipped lines' reasons. */
async function read(text: string): Promise<{ format: string; records: number; skipped: string[] }> {
  const file = join(tempDir(), 'some.log');
  writeFileSync(file, text);
  const db = await loadSources([file]);
  try {
    return {
      format: db.files[0]!.format,
      records: db.files[0]!.records,
      skipped: db.skipped.files.flatMap((f) => f.samples.map((s) => s.reason)),
    };
  } finally {
    db.close();
  }
}

const UNKNOWN =
  'format not recognised: neither Logbook JSONL nor an Apache/Nginx access log; file skipped ' +
  '(if it is an access log, --format combined reads it and names each line it cannot read)';

describe('the format of a file, told by its first lines', () => {
  it('is empty for a file with nothing or only blank lines, which skips nothing', async () => {
    expect(await read('')).toEqual({ format: 'empty', records: 0, skipped: [] });
    expect(await read('\n  \n\t\r\n')).toEqual({ format: 'empty', records: 0, skipped: [] });
  });

  it('is JSONL for JSON lines that are neither Logbook records nor access entries, which are skipped', async () => {
    const r = await read('{"msg":"started"}\n{"msg":"stopped"}\n');
    expect(r.format).toBe('jsonl');
    expect(r.skipped).toEqual([
      'not a Logbook record (no time or level)',
      'not a Logbook record (no time or level)',
    ]);
  });

  it("is Caddy's JSON access log when only its other loggers have written so far", async () => {
    const r = await read(
      '{"level":"info","ts":1763805600.5,"logger":"tls","msg":"cleaning storage unit"}\n' +
        '{"level":"info","ts":1763805601.5,"logger":"http","msg":"server running","name":"srv0"}\n',
    );
    expect(r).toEqual({ format: 'json-access', records: 0, skipped: [] });
  });

  it('passes over zero bytes before the first line, in a run of whole 64 KB reads too', async () => {
    for (const run of [3, 64 * 1024, 128 * 1024, 200_000])
      expect(await read(`${zeros(run)}${access(1)}\n${access(2)}\n`), `${run}`).toMatchObject({
        format: 'access',
        records: 2,
      });
  });

  it('is no format for a file of zero bytes alone, skipped as one line that says what it is', async () => {
    expect(await read(zeros(100_000))).toEqual({
      format: 'unknown',
      records: 0,
      skipped: ['nothing but NUL bytes (zero-filled by a crash or copytruncate); file skipped'],
    });
    // zeros before a line of no known format are that line's: the file is unknown for its text
    expect(await read(`${zeros(10)}some text\n`)).toMatchObject({ format: 'unknown', skipped: [UNKNOWN] });
    expect(await read(`some text${zeros(10)}\n`)).toMatchObject({ format: 'unknown', skipped: [UNKNOWN] });
  });

  it("names Apache's and Nginx's error logs by their first line only where it starts", async () => {
    // Apache 2.2 writes whole seconds, 2.4 a fraction
    const apache = /^an Apache error log, not an access log/;
    expect((await read('[Wed Oct 11 14:32:52 2000] [error] [client 127.0.0.1] denied\n')).skipped[0]).toMatch(
      apache,
    );
    expect((await read('[Wed Oct 11 14:32:52.123456 2000] [core:error] [pid 1] x\n')).skipped[0]).toMatch(
      apache,
    );
    expect((await read('2026/11/22 10:00:00 [error] 12#12: *1 open() failed\n')).skipped[0]).toMatch(
      /^an Nginx error log/,
    );
    // the same text after something else is not an error log's line
    expect((await read('x [Wed Oct 11 14:32:52 2000] [error] denied\n')).skipped).toEqual([UNKNOWN]);
    expect((await read('x 2026/11/22 10:00:00 [error] 12#12: failed\n')).skipped).toEqual([UNKNOWN]);
  });
});
