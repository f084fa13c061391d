import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { accessRow, ACCESS_ROWS_SQL, cli, generateRecords, tempDir, writeJsonl } from './helpers/records.js';
import { loadSources, parseAccessLine, rows } from '../src/index.js';
import type { Report } from '../src/report/build-report.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0';

describe('sources', () => {
  it('parses combined, common, vhost-prefixed and X-Forwarded-For access-log lines onto the same table', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'access.log'),
      [
        `192.0.2.1 - alice [21/Nov/2026:10:00:00 +0100] "GET /a?x=1 HTTP/1.1" 200 512 "https://shop.example/" "${UA}"`,
        `192.0.2.2 - - [21/Nov/2026:10:00:01 +0000] "POST /login HTTP/1.1" 302 -`,
        `shop.example:443 192.0.2.3 - - [21/Nov/2026:10:00:02 +0000] "GET /b HTTP/2.0" 404 12 "-" "${UA}"`,
        `192.0.2.4 - - [21/Nov/2026:10:00:03 +0000] "GET /c HTTP/1.1" 500 0 "-" "say \\"hi\\"" "198.51.100.7"`,
      ].join('\n') + '\n',
    );
    const db = await loadSources([dir]);
    const got = await rows(
      db,
      `SELECT strftime(ts, '%H:%M:%S') AS t, "method", path, query, status, ip, ua, user_id, vhost, kind FROM requests ORDER BY ip`,
    );
    db.close();
    expect(got).toEqual([
      expect.objectContaining({
        t: '09:00:00',
        method: 'GET',
        path: '/a',
        query: 'x=1',
        status: 200,
        ip: '192.0.2.1',
        ua: UA,
        user_id: 'alice',
        kind: 'human',
      }),
      expect.objectContaining({ method: 'POST', path: '/login', status: 302, ip: '192.0.2.2', ua: null }),
      expect.objectContaining({ path: '/b', status: 404, ip: '192.0.2.3', vhost: 'shop.example:443' }),
      expect.objectContaining({ path: '/c', status: 500, ip: '192.0.2.4', ua: 'say "hi"' }),
    ]);
    expect(db.skipped.count).toBe(0);
    expect(
      parseAccessLine(
        `192.0.2.4 - - [21/Nov/2026:10:00:03 +0000] "GET /c HTTP/1.1" 500 0 "-" "say \\"hi\\"" "198.51.100.7"`,
      )?.xff,
    ).toBe('198.51.100.7');
  });

  it('skips and counts malformed lines per file with their line numbers, and never stops', async () => {
    const dir = tempDir();
    const good = `192.0.2.1 - - [21/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "${UA}"`;
    const bad = Buffer.concat([
      Buffer.from(`${good}\n`),
      Buffer.from(`${good.slice(0, 60)}\n`), // line 2: truncated
      Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x0a]), // line 3: binary garbage
      Buffer.from(`${good.replace('GET /', 'GET /\xff')}\n`, 'latin1'), // line 4: invalid UTF-8
      Buffer.from(`${good.replace('"GET / ', `"GET /${'a'.repeat(1024 * 1024)} `)}\n`), // line 5: over 1 MB
      Buffer.from(`${good}\n`),
    ]);
    writeFileSync(join(dir, 'access.log'), bad);
    writeFileSync(join(dir, 'empty.log'), '');
    const gen = generateRecords({ users: 2 });
    const lines = gen.records.map((r) => JSON.stringify(r));
    lines.splice(3, 0, lines[3]!.slice(0, 40)); // line 4: truncated JSON
    lines.splice(6, 0, '{"not":"a record"}'); // line 7
    writeFileSync(join(dir, 'app.jsonl'), lines.join('\n') + '\n');
    const r = await cli(['report', dir, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as Report;
    const byFile = Object.fromEntries(report.skipped.files.map((f) => [f.file.split('/').pop(), f]));
    expect(byFile['access.log']!.count).toBe(4);
    expect(byFile['access.log']!.samples.map((s: { line: number }) => s.line)).toEqual([2, 3, 4]);
    expect(byFile['app.jsonl']!.count).toBe(2);
    expect(byFile['app.jsonl']!.samples.map((s: { line: number }) => s.line)).toEqual([4, 7]);
    expect(report.skipped.count).toBe(6);
    expect(report.totals.requests).toBe(2 + gen.truth.requests);

    const strict = await cli(['report', dir, '--json', '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.err).toMatch(/--strict: 6 malformed lines skipped/);
  });

  it('reads globs and gzipped access logs, and forces a format with --format', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'old'));
    const line = `192.0.2.9 - - [21/Nov/2026:10:00:00 +0000] "GET /x HTTP/1.1" 200 5 "-" "${UA}"\n`;
    writeFileSync(join(dir, 'old', 'access.log.2.gz'), gzipSync(line.repeat(3)));
    writeFileSync(join(dir, 'access.log'), line);
    writeJsonl(join(dir, 'app.jsonl'), generateRecords({ users: 1 }).records);
    const glob = JSON.parse((await cli(['report', join(dir, '**/access.log*'), '--json'])).out) as Report;
    expect(glob.totals.requests).toBe(4);
    const forced = await cli(['report', join(dir, 'access.log'), '--json', '--format', 'jsonl']);
    expect((JSON.parse(forced.out) as Report).skipped.count).toBe(1);
    const wrong = await cli(['report', dir, '--format', 'xml']);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('--format xml: expected one of');
    const missing = await cli(['report', join(dir, 'nope.log')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('no such file or folder');
  });

  it('reads every access-log line shape the same way as parseAccessLine, whichever reader path it takes', async () => {
    const dir = tempDir();
    const t = '[21/Nov/2026:10:00:00 +0000]';
    const lines = [
      `192.0.2.1 - alice ${t} "GET /a?x=1 HTTP/1.1" 200 512 "https://shop.example/" "${UA}"`, // plain combined
      `shop.example:443 192.0.2.2 - - [21/Nov/2026:10:00:00 -0730] "GET /b HTTP/2.0" 404 12 "-" "${UA}"`, // vhost
      `192.0.2.3 - - ${t} "GET /c HTTP/1.1" 500 0 "-" "say \\"hi\\"" "198.51.100.7"`, // escaped quotes + XFF
      `192.0.2.4 - - ${t} "POST /login HTTP/1.1" 302 -`, // common format
      `192.0.2.5 - - ${t} "GET /d HTTP/1.1" 200 1 "-" "${UA}" "a" "b" "c" "d" "e"`, // more quotes than the fast reader keeps
      `192.0.2.6 - - ${t} "GET /e HTTP/1.1" 200 1 "-" "${UA}"\r`, // CRLF
      `192.0.2.7 - - [32/Nov/2026:10:00:00 +0000] "GET /f HTTP/1.1" 200 1 "-" "${UA}"`, // impossible date
      `192.0.2.8 - - ${t} "GET /g HTTP/1.1" 200 1 "-" "${UA}`, // truncated inside the user agent
      `192.0.2.9 - - ${t} "GET /h HTTP/1.1" 200 1 "-" "${UA}"`,
    ];
    // a line with more quotes than the fast reader keeps is read again whole, in a file of its own here
    const many = lines.splice(4, 1)[0]!;
    writeFileSync(join(dir, 'access.log'), lines.join('\n') + '\n');
    writeFileSync(join(dir, 'many-quotes.log'), `${many}\n${lines[0]!.replace('192.0.2.1', '192.0.2.11')}\n`);
    // gzip recognised by its magic bytes under a name that does not say so
    writeFileSync(join(dir, 'rotated.1'), gzipSync(`${lines[0]!.replace('192.0.2.1', '192.0.2.10')}\n`));
    const db = await loadSources([dir]);
    const got = await rows(db, `${ACCESS_ROWS_SQL} ORDER BY ip, path`);
    db.close();
    const want = [
      ...lines,
      many,
      lines[0]!.replace('192.0.2.1', '192.0.2.11'),
      lines[0]!.replace('192.0.2.1', '192.0.2.10'),
    ]
      .map((l) => accessRow(l.replace(/\r$/, '')))
      .filter((r) => r !== undefined)
      .sort((x, y) => x.ip.localeCompare(y.ip) || x.path.localeCompare(y.path));
    expect(got.map((r) => r.path)).toEqual(['/a', '/a', '/a', '/b', '/c', '/login', '/d', '/e', '/h']);
    expect(got).toEqual(want);
    // the truncated line and the impossible date are skipped and counted, not fatal
    expect(db.skipped.count).toBe(2);
    expect(db.skipped.files[0]!.samples.map((x) => x.line)).toEqual([6, 7]);
    expect(db.files.map((f) => [f.file.split('/').pop(), f.format, f.gzip, f.records])).toEqual([
      ['access.log', 'access', false, 6],
      ['many-quotes.log', 'access', false, 2],
      ['rotated.1', 'access', true, 1],
    ]);
  });
});
