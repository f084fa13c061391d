import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tempDir } from './helpers/records.js';
import { loadSources, rows } from '../src/index.js';

const entry = (s: number, extra: object = {}): string =>
  JSON.stringify({
    time_local: `22/Nov/2026:10:00:0${s} +0000`,
    remote_addr: '192.0.2.1',
    request: `GET /a${s} HTTP/1.1`,
    status: 200,
    ...extra,
  });

describe('JSON access-log lines read from the corrected copy (a byte-order mark before them)', () => {
  const before = process.env.TMPDIR;
  afterEach(() => {
    process.env.TMPDIR = before;
  });

  it('are read by keys only they spell, still skipped when unreadable, and the copy is removed', async () => {
    const file = join(tempDir(), 'access.json');
    writeFileSync(
      file,
      [
        entry(1),
        // a client key spelled on this line alone
        `\ufeff${JSON.stringify({ time_local: '22/Nov/2026:10:00:02 +0000', 'Remote-Addr': '192.0.2.77', request: 'GET /a2 HTTP/1.1', status: 200 })}`,
        // JSON, but no status: skipped though it is read from the copy
        `\ufeff${JSON.stringify({ time_local: '22/Nov/2026:10:00:03 +0000', request: 'GET /a3 HTTP/1.1' })}`,
        '{"time_local":', // cut off
        entry(5),
      ].join('\n') + '\n',
    );
    process.env.TMPDIR = mkdtempSync(join(tmpdir(), 'refused-copy-'));
    const db = await loadSources([file]);
    const got = await rows(db, `SELECT path, ip FROM requests ORDER BY ts`);
    db.close();
    expect(got).toEqual([
      { path: '/a1', ip: '192.0.2.1' },
      { path: '/a2', ip: '192.0.2.77' },
      { path: '/a5', ip: '192.0.2.1' },
    ]);
    expect(db.skipped.count).toBe(2);
    expect(readdirSync(process.env.TMPDIR)).toEqual([]);
  });

  it('of Caddy’s other loggers are neither requests nor skipped', async () => {
    const caddy = (s: number, extra: object): string =>
      JSON.stringify({
        level: 'info',
        ts: 1795341600 + s,
        logger: 'http.log.access.log0',
        msg: 'handled request',
        ...extra,
      });
    const file = join(tempDir(), 'access.json');
    writeFileSync(
      file,
      [
        caddy(1, { request: { client_ip: '203.0.113.5', method: 'GET', uri: '/c1' }, status: 200 }),
        `\ufeff${caddy(2, { logger: 'http.handlers.reverse_proxy', msg: 'upstream roundtrip' })}`,
        `\ufeff${caddy(3, { request: { client_ip: '203.0.113.5', method: 'GET', uri: '/c3' }, status: 200 })}`,
      ].join('\n') + '\n',
    );
    const db = await loadSources([file]);
    const got = await rows(db, `SELECT path FROM requests ORDER BY ts`);
    db.close();
    expect(got).toEqual([{ path: '/c1' }, { path: '/c3' }]);
    expect(db.skipped.count).toBe(0);
  });
});
