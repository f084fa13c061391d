import { describe, it, expect, afterAll } from 'vitest';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './helpers/records.js';
import { closeSites, incidentRecord, logsWith, recordingSite } from './support/replay-site.js';

afterAll(closeSites);

/** Logs with E-LATE01: a session of /ok (recorded 200), /gone (no status recorded), /missing, then GET /boom. */
const recorded = (): string =>
  logsWith([
    incidentRecord('E-LATE01', 'fp-late', {
      request: { id: 'r4', method: 'GET', path: '/boom', status: 500 },
      incident: {
        received: { method: 'GET', url: '/boom', headers: {} },
        session_trail: [
          { id: 'r1', path: '/ok', status: 200 },
          { id: 'r2', path: '/gone' },
          { id: 'r3', path: '/missing', status: 404 },
        ],
      },
    }),
  ]);

/**
 * A target that answers 200, 200, 404 and then 500 on /boom, and writes its incident for /boom `lateMs` after
 * answering, as an application whose log writer flushes in batches does.
 */
async function target(logDir: string, lateMs: number): Promise<string> {
  const site = await recordingSite((req, res) => {
    if (req.url === '/missing') return res.writeHead(404).end();
    if (req.url !== '/boom') return res.writeHead(200).end();
    res.writeHead(500).end();
    const late = incidentRecord('E-LATE02', 'fp-late', { time: new Date().toISOString() });
    setTimeout(() => appendFileSync(join(logDir, 'target.jsonl'), `${JSON.stringify(late)}\n`), lateMs);
  });
  return site.url;
}

describe('replay waits for an incident logged late, and marks each answer', () => {
  it('finds the same crash in an incident the target writes after it answered, within --wait', async () => {
    const logs = tempDir();
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
    const logs = tempDir();
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
