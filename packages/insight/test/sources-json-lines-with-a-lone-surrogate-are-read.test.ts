import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { tempDir } from './helpers/records.js';
import { loadSources, rows } from '../src/index.js';
import { flattenLine } from '../src/record-line.js';

// JSON.stringify writes half an emoji (a string cut between its two UTF-16 units) as an escape such as "\ud83d":
// JSON.parse reads the line, DuckDB's JSON reader refused it whole.
const ACCESS =
  '{"time_local":"21/Nov/2026:10:00:00 +0000","remote_addr":"192.0.2.1","request":"GET /a HTTP/1.1",' +
  '"status":200,"http_user_agent":"\\ud800x"}';
const RECORD =
  '{"time":"2026-11-21T10:00:00.000Z","level":"INFO","event":"http.request","msg":"cut \\ud83d",' +
  '"request":{"method":"GET","path":"/p\\udc00","status":200,"ip":"192.0.2.1","ua":"curl/8"}}';

function write(name: string, lines: string[]): string {
  const file = join(tempDir(), name);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

describe('a JSON line with a lone-surrogate escape', () => {
  it('in a JSON access log is a request for the report as for tail, the surrogate read as U+FFFD', async () => {
    const db = await loadSources([write('access.json', [ACCESS])]);
    const got = await rows(db, `SELECT path, ua FROM requests`);
    db.close();
    expect(db.skipped.count).toBe(0);
    expect(got).toEqual([{ path: '/a', ua: '\ufffdx' }]);
    expect(flattenLine(ACCESS)?.ua).toBe('\ufffdx');
  });

  it('in Logbook JSONL is a record for the report as for tail', async () => {
    const good = RECORD.replace(/\\ud83d|\\udc00/g, '');
    const db = await loadSources([write('app.jsonl', [good, RECORD])]);
    const got = await rows(db, `SELECT msg, path FROM records ORDER BY msg`);
    db.close();
    expect(db.skipped.count).toBe(0);
    expect(got).toEqual([
      { msg: 'cut ', path: '/p' },
      { msg: 'cut \ufffd', path: '/p\ufffd' },
    ]);
    expect(flattenLine(RECORD)?.path).toBe('/p\ufffd');
  });

  it('that is a pair is read as the character it spells, once', async () => {
    const line = ACCESS.replace('\\ud800x', '\\ud83d\\ude00');
    const db = await loadSources([write('access.json', [line, ACCESS])]);
    const got = await rows(db, `SELECT ua FROM requests ORDER BY ua`);
    db.close();
    expect(got).toEqual([{ ua: '\ufffdx' }, { ua: '😀' }]);
    expect(flattenLine(line)?.ua).toBe('😀');
  });

  it('written in upper case, or only in a key of no field, costs no request', async () => {
    // JSON's hex digits may be upper case (`\uDC00`); a key is a string too, and DuckDB refuses the line for it.
    const upper = ACCESS.replace('\\ud800x', '\\uDBFFx').replace('/a', '/upper');
    const inKey = ACCESS.replace('"http_user_agent":"\\ud800x"', '"x\\udc00":1').replace('/a', '/key');
    const db = await loadSources([write('access.json', [upper, inKey])]);
    const got = await rows(db, `SELECT path, ua FROM requests ORDER BY path`);
    db.close();
    expect(db.skipped.count).toBe(0);
    expect(got).toEqual([
      { path: '/key', ua: null },
      { path: '/upper', ua: '\ufffdx' },
    ]);
    expect([upper, inKey].map((l) => flattenLine(l)).map((f) => [f?.path, f?.ua])).toEqual([
      ['/upper', '\ufffdx'],
      ['/key', undefined],
    ]);
  });
  it('whose escape is split between two 1 MiB reads of the file is read all the same', async () => {
    // The file is looked through for `\ud` in reads of 1 MiB; one split between two reads was not found, and the
    // line was skipped where tail read it.
    const good = RECORD.replace(/\\ud83d|\\udc00/g, '');
    const filler: string[] = [];
    let bytes = 0;
    const at = 1 << 20;
    // good lines up to just before the boundary; the last one padded so that the cut line's `\ud` spans it
    const cut = RECORD.replace('\\udc00', '');
    const escapeAt = cut.indexOf('\\ud83d');
    while (bytes + good.length + 1 + escapeAt + 1 < at - 200) {
      filler.push(good);
      bytes += good.length + 1;
    }
    const pad = at - 1 - escapeAt - bytes - (good.length + 1);
    filler.push(good.replace('"msg":"cut "', `"msg":"cut ${'x'.repeat(pad)}"`));
    const file = write('app.jsonl', [...filler, cut]);
    expect(
      readFileSync(file)
        .subarray(at - 1, at + 2)
        .toString(),
    ).toBe('\\ud');
    const db = await loadSources([file]);
    const got = await rows(db, `SELECT count(*)::INTEGER AS n FROM records WHERE msg = 'cut \ufffd'`);
    db.close();
    expect(db.skipped.count).toBe(0);
    expect(got).toEqual([{ n: 1 }]);
  });

  it('only inside a list, beside a null, is read with the list kept, by the report as by tail', async () => {
    // The line must be found as holding a lone surrogate (inside ["ok","\ud800"]) and copied with its list a list
    // and its null a null; a key holding one is another key (message\ufffd is not message).
    const line =
      '{"session":null,"time":"2026-11-21T10:00:00.000Z","level":"INFO","event":"http.request","message\\udc00":"not it",' +
      '"signals":["ok","\\ud800"],"request":{"method":"GET","path":"/s","status":200,"referer":null}}';
    const db = await loadSources([write('app.jsonl', [line])]);
    const got = await rows(db, `SELECT path, message, signals FROM records`);
    db.close();
    expect(db.skipped.count).toBe(0);
    expect(got).toEqual([{ path: '/s', message: null, signals: ['ok', '\ufffd'] }]);
    const tail = flattenLine(line);
    expect([tail?.path, tail?.message, tail?.signals]).toEqual(['/s', undefined, ['ok', '\ufffd']]);
  });
});
