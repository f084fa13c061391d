import { describe, it, expect, afterAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import { appendFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir, writeJsonl } from './helpers/records.js';

const dirs: string[] = [];
const servers: Server[] = [];
const dir = (): string => {
  const d = tempDir();
  dirs.push(d);
  return d;
};
afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

const incident = (ref: string, extra: object = {}): object => ({
  v: 1,
  time: new Date().toISOString(),
  level: 'ERROR',
  channel: 'http',
  msg: 'Unhandled error',
  event: 'incident',
  error: { name: 'TypeError', message: 'boom', fingerprint: 'fp-late' },
  incident: { ref, fingerprint: 'fp-late' },
  ...extra,
});

/** Logs with E-LATE01: a session of /ok (recorded 200), /gone (no status recorded), /missing, then GET /boom. */
function recorded(): string {
  const logs = dir();
  writeJsonl(join(logs, 'app.jsonl'), [
    incident('E-LATE01', {
      time: '2026-11-21T10:00:00.000Z',
      request: { id: 'r4', method: 'GET', path: '/boom', status: 500 },
      incident: {
        ref: 'E-LATE01',
        fingerprint: 'fp-late',
        received: { method: 'GET', url: '/boom', headers: {} },
        session_trail: [
          { id: 'r1', path: '/ok', status: 200 },
          { id: 'r2', path: '/gone' },
          { id: 'r3', path: '/missing', status: 404 },
        ],
      },
    }),
  ]);
  return logs;
}

/**
 * A target that answers 200, 200, 404 and then 500 on /boom, and writes its incident for /boom `lateMs` after
 * answering, as an application whose log writer flushes in batches does.
 */
async function target(logDir: string, lateMs: number): Promise<string> {
  const server = createServer((req, res) => {
    if (req.url === '/missing') return res.writeHead(404).end();
    if (req.url !== '/boom') return res.writeHead(200).end();
    res.writeHead(500).end();
    setTimeout(
      () => appendFileSync(join(logDir, 'target.jsonl'), `${JSON.stringify(incident('E-LATE02'))}\n`),
      lateMs,
    );
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

describe('replay waits for an incident logged late, and marks each answer', () => {
  it('finds the same crash in an incident the target writes after it answered, within --wait', async () => {
    const logs = dir();
    const url = await target(logs, 600);
    const r = await cli([
      'replay',
      'E-LATE01',
      recorded(),
      '--target',
      url,
      '--logs',
      logs,
      '--wait',
      '5000',
    ]);
    expect(r.err).toBe('');
    expect(r.out).toContain(
      'Reproduced: the same crash came back (fingerprint fp-late, new incident E-LATE02).\n',
    );
  });

  it('colours each answer by its class, and compares only statuses that were recorded', async () => {
    const logs = dir();
    const url = await target(logs, 0);
    const r = await cli(['replay', 'E-LATE01', recorded(), '--target', url, '--color']);
    const green = (t: string): string => `\u001b[32m${t}\u001b[39m`;
    const yellow = (t: string): string => `\u001b[33m${t}\u001b[39m`;
    const red = (t: string): string => `\u001b[31m${t}\u001b[39m`;
    expect(r.out).toContain(`  1/4 GET /ok → ${green('200')}\n`);
    // no status was recorded for /gone: nothing to compare it with
    expect(r.out).toContain(`  2/4 GET /gone → ${green('200')}\n`);
    expect(r.out).toContain(`  3/4 GET /missing → ${yellow('404')}\n`);
    expect(r.out).toContain(`  4/4 GET /boom → ${red('500')}\n`);
    expect(r.out).not.toContain('recorded');
  });

  it('prints a script without asking for values when nothing was redacted', async () => {
    const r = await cli(['replay', 'E-LATE01', recorded(), '--print', 'http']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).not.toContain('Fill in');
    expect(r.out).toContain('### step 4\nGET http://127.0.0.1:3000/boom\n');
  });
});
