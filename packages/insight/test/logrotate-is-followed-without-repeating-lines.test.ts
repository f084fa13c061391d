import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { waitUntil } from '../../../test/support/wait-until.js';
import { tempDir } from './helpers/records.js';
import { startDashboard } from '../src/serve/start-dashboard.js';
import { numberedLine as line, numberedLines as lines } from './support/numbered-access-lines.js';

// logrotate's default (create) mode, as it runs on a live server: access.log.1 becomes access.log.2,
// access.log becomes access.log.1 (the server still writes a line to it before it reopens its log), and a new
// access.log is created. Followed by name, the renamed files were read again from other files' offsets: old lines
// came back as new, some cut in the middle, and the dashboard counted them twice.

function rotate(dir: string): void {
  renameSync(join(dir, 'access.log.1'), join(dir, 'access.log.2'));
  renameSync(join(dir, 'access.log'), join(dir, 'access.log.1'));
  appendFileSync(join(dir, 'access.log.1'), line(20)); // written by the server before it reopened
  writeFileSync(join(dir, 'access.log'), lines(21, 22));
}

/** Two files as a server leaves them: yesterday's (1-4) and today's so far (10-15). */
function logs(): string {
  const dir = tempDir('logrotate-');
  writeFileSync(join(dir, 'access.log.1'), lines(1, 4));
  writeFileSync(join(dir, 'access.log'), lines(10, 15));
  return dir;
}

/**
 * After a rotation, one more line in each of the three files, written once the rotation was read: once all three
 * were read, every file was read again after the rotation, so a line read twice (or from another file's offset)
 * would have come by then. Waiting for them replaces waiting for "a few more polls".
 */
function markEnds(dir: string): void {
  appendFileSync(join(dir, 'access.log'), line(30));
  appendFileSync(join(dir, 'access.log.1'), line(31));
  appendFileSync(join(dir, 'access.log.2'), line(32));
}
const ENDS = ['/page-30', '/page-31', '/page-32'];

// Deadlines are generous: a loaded CI machine makes DuckDB's ingest of a few lines take seconds.
const LONG = { ms: 40_000, every: 25 };

describe('a log rotated by logrotate while it is followed', () => {
  it('tail -f prints each new line once: the one written to the renamed file, then the new file’s', async () => {
    const dir = logs();
    const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
    const child = spawn(process.execPath, [bin, 'tail', '-f', dir, '-n', '0', '--interval', '50'], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const seen = { ...LONG, seen: () => `stdout:\n${out}\nstderr:\n${err}` };
    try {
      await waitUntil('"following" on stderr', () => err.includes('following'), seen);
      expect(err).toContain('following 2 files;');
      // tail says "following" just before it takes its files' identities: a line it shows proves it has them, so
      // the rotation below comes after, as logrotate's does on a server (renamed in between, the renamed file was
      // read from the other file's offset: /page-14, /page-15 and yesterday's lines again, under load most runs).
      appendFileSync(join(dir, 'access.log'), line(16));
      await waitUntil('/page-16 on stdout', () => out.includes('/page-16'), seen);
      rotate(dir);
      await waitUntil('/page-22 on stdout', () => out.includes('/page-22'), seen);
      markEnds(dir);
      await waitUntil(`${ENDS.join(', ')} on stdout`, () => ENDS.every((p) => out.includes(p)), seen);
    } finally {
      child.kill();
    }
    // Files are read side by side, so only the order within a file is kept.
    const paths = out
      .trim()
      .split('\n')
      .map((l) => /GET (\S+)/.exec(l)?.[1]);
    expect(paths.sort()).toEqual(['/page-16', '/page-20', '/page-21', '/page-22', ...ENDS]);
  }, 90_000);

  it('the dashboard counts each request once', async () => {
    const dir = logs();
    const d = await startDashboard({ sources: [dir], port: 0, pollMs: 50 });
    try {
      const requests = async (): Promise<number> => {
        const res = await fetch(new URL('/api/report', d.url));
        return ((await res.json()) as { report: { totals: { requests: number } } }).report.totals.requests;
      };
      expect(await requests()).toBe(10);
      rotate(dir);
      let counted = 10;
      const report = { ...LONG, seen: () => `${counted} requests in the report` };
      await waitUntil('13 requests in the report', async () => (counted = await requests()) >= 13, report);
      expect(counted, 'each request of the rotation once').toBe(13);
      markEnds(dir);
      await waitUntil('16 requests in the report', async () => (counted = await requests()) >= 16, report);
      expect(counted, 'no request counted twice').toBe(16);
    } finally {
      await d.close();
    }
  }, 90_000);
});
