import { describe, it, expect } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { cli, tempDir } from './helpers/records.js';

const MARKER = '# logbook anonymise: a line it could not read was left out';
const RECORD = {
  v: 1,
  time: '2026-11-21T09:00:00.000Z',
  level: 'INFO',
  channel: 'app',
  msg: 'signed in',
  message: 'signed in as ann@example.com',
};

describe('anonymise says what it copied and what it left out', () => {
  it('counts the lines and files, writes a marker for each unreadable line, and names how many were left out', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'in'));
    writeFileSync(
      join(dir, 'in', 'access.log'),
      '198.51.100.7 - - [21/Nov/2026:09:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8.0"\n' +
        'password=hunter2 not a line of any log\n',
    );
    writeFileSync(
      join(dir, 'in', 'app.jsonl'),
      `${JSON.stringify(RECORD)}\n\n{"time": "2026-11-21T09:00:01.000Z", "email": "bob@example.com", "tok\n`,
    );
    const r = await cli(['anonymise', join(dir, 'in'), join(dir, 'out')]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(`Anonymised 5 lines from 2 files into ${join(dir, 'out')}\n`);
    expect(r.err).toContain(
      `2 lines could not be read (not a record or an access-log line) and were left out`,
    );
    const access = readFileSync(join(dir, 'out', 'access.log'), 'utf8').split('\n');
    expect(access[1]).toBe(MARKER);
    const app = readFileSync(join(dir, 'out', 'app.jsonl'), 'utf8');
    expect(app.split('\n').slice(1)).toEqual(['', MARKER, '']); // the blank line stays blank
    expect(app + access.join('\n')).not.toMatch(/hunter2|ann@example\.com|bob@example\.com|198\.51\.100\.7/);
  });

  it('says "was" of one line left out, and nothing of left-out lines when there are none', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'one.jsonl'), `${JSON.stringify(RECORD)}\n[1, 2]\n`);
    const one = await cli(['anonymise', join(dir, 'one.jsonl'), join(dir, 'one-out.jsonl')]);
    expect(one.err).toContain(
      '1 line could not be read (not a record or an access-log line) and was left out',
    );
    writeFileSync(join(dir, 'clean.jsonl'), `${JSON.stringify(RECORD)}\n`);
    const clean = await cli(['anonymise', join(dir, 'clean.jsonl'), join(dir, 'clean-out.jsonl')]);
    expect(clean.err).toBe(`Anonymised 1 line from 1 file into ${join(dir, 'clean-out.jsonl')}\n`);
  });

  it('keeps a gzipped log gzipped', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'app.jsonl.gz'), gzipSync(`${JSON.stringify(RECORD)}\n`));
    const r = await cli(['anonymise', join(dir, 'app.jsonl.gz'), join(dir, 'out.jsonl.gz')]);
    expect(r.code, r.err).toBe(0);
    const copy = JSON.parse(gunzipSync(readFileSync(join(dir, 'out.jsonl.gz'))).toString('utf8')) as {
      message: string;
    };
    expect(copy.message).toMatch(/^signed in as user-[0-9a-f]{10}@example\.invalid$/);
  });

  it('refuses a file as OUT for a folder IN', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'logs'));
    writeFileSync(join(dir, 'logs', 'app.jsonl'), `${JSON.stringify(RECORD)}\n`);
    writeFileSync(join(dir, 'copy.jsonl'), 'keep me\n');
    const r = await cli(['anonymise', 'logs', 'copy.jsonl'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('OUT copy.jsonl is a file, and IN is a folder');
    expect(readFileSync(join(dir, 'copy.jsonl'), 'utf8')).toBe('keep me\n');
  });
});
