import { describe, it, expect, afterAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import { appendFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir, writeJsonl } from './helpers/records.js';

const dirs: string[] = [];
const dir = (): string => {
  const d = tempDir();
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const record = (ref: string, fingerprint: string, extra: object = {}): object => ({
  v: 1,
  time: new Date().toISOString(),
  level: 'ERROR',
  channel: 'http',
  msg: 'Unhandled error',
  event: 'incident',
  error: { name: 'TypeError', message: 'boom', fingerprint },
  incident: { ref, fingerprint },
  ...extra,
});

/** Logs with one incident: a session of two steps, then the crash at POST /pay. */
function recorded(): string {
  const logs = dir();
  writeJsonl(join(logs, 'app.jsonl'), [
    record('E-PAY001', 'fp-pay', {
      time: '2026-11-21T10:00:00.000Z',
      request: { id: 'r3', method: 'POST', path: '/pay', status: 500 },
      incident: {
        ref: 'E-PAY001',
        fingerprint: 'fp-pay',
        received: { method: 'POST', url: '/pay', headers: {}, body: { amount: 5 } },
        session_trail: [
          { id: 'r1', method: 'GET', path: '/login', status: 200 },
          { id: 'r2', method: 'GET', path: '/cart', status: 200 },
        ],
      },
    }),
  ]);
  return logs;
}

/** A target that sets a cookie at /login, renews it at /cart, and on /pay answers 500 and logs `crash`, if any. */
async function target(
  logDir: string | undefined,
  crash: [string, string] | undefined,
): Promise<{ url: string; cookies: string[]; server: Server }> {
  const cookies: string[] = [];
  const server = createServer((req, res) => {
    cookies.push(`${req.url} ${req.headers.cookie ?? '-'}`);
    if (req.url === '/login') res.writeHead(200, { 'set-cookie': ['sid=one; Path=/', 'lang=de'] }).end();
    else if (req.url === '/cart') res.writeHead(200, { 'set-cookie': 'sid=two; HttpOnly' }).end();
    else {
      if (logDir && crash)
        appendFileSync(join(logDir, 'target.jsonl'), `${JSON.stringify(record(...crash))}\n`);
      res.writeHead(crash ? 500 : 200).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, cookies, server };
}

describe('replay', () => {
  it('carries the cookies the target sets from step to step, the newest value of each', async () => {
    const t = await target(undefined, undefined);
    try {
      const r = await cli(['replay', 'E-PAY001', recorded(), '--target', t.url, '--no-color']);
      expect(r.code, r.err).toBe(0);
      expect(t.cookies).toEqual(['/login -', '/cart sid=one; lang=de', '/pay sid=two; lang=de']);
      expect(r.out).toContain('  3/3 POST /pay → 200 (recorded 500)\n');
    } finally {
      t.server.close();
    }
  });

  it('with --logs, tells another crash from the same one, and no crash from both', async () => {
    /** Replays E-PAY001 against a target that logs `crash` (if any) to a fresh folder given as --logs. */
    const replayWithLogs = async (
      crash: [string, string] | undefined,
    ): Promise<{ out: string; logs: string; code: number }> => {
      const logs = dir();
      const t = await target(crash && logs, crash);
      try {
        const r = await cli([
          'replay',
          'E-PAY001',
          recorded(),
          '--target',
          t.url,
          '--logs',
          logs,
          '--wait',
          '300',
        ]);
        expect(r.err).toBe('');
        return { out: r.out, logs, code: r.code };
      } finally {
        t.server.close();
      }
    };
    const other = await replayWithLogs(['E-OTHER1', 'fp-other']);
    expect(other.out).toContain(
      'Not the same crash: the target recorded E-OTHER1 with fingerprint fp-other, not fp-pay.\n',
    );
    // the exit code tells the verdicts apart for a script: 4 another crash, 3 the same, 0 none
    expect(other.code).toBe(4);
    const same = await replayWithLogs(['E-AGAIN1', 'fp-pay']);
    expect(same.out).toContain(
      'Reproduced: the same crash came back (fingerprint fp-pay, new incident E-AGAIN1).\n',
    );
    expect(same.code).toBe(3);
    const quiet = await replayWithLogs(undefined);
    expect(quiet.out).toContain(`Not reproduced: no new incident in ${quiet.logs} (last status 200).\n`);
    expect(quiet.code).toBe(0);
  });

  it('names a --print or --set it cannot use, with the form it takes', async () => {
    const logs = recorded();
    const print = await cli(['replay', 'E-PAY001', logs, '--print', 'pdf']);
    expect(print.code).toBe(2);
    // the usage follows the line that names the mistake
    expect(print.err.split('\n')[0]).toBe('logbook replay: --print pdf: expected curl or http.');
    for (const set of ['password', '=secret']) {
      const r = await cli(['replay', 'E-PAY001', logs, '--print', 'curl', '--set', set]);
      expect(r.code, set).toBe(2);
      expect(r.err.split('\n')[0]).toBe(
        `logbook replay: --set ${set}: expected NAME=VALUE, e.g. --set password=secret.`,
      );
    }
  });
});
