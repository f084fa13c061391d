import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
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
 * Waits for `done`, polling. The deadline is generous (a loaded CI machine makes DuckDB's ingest of a few lines take
 * seconds) and its expiry fails with what was awaited, not with a later assertion on half the output.
 */
const until = async (what: string, done: () => boolean | Promise<boolean>, ms = 40_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > end) throw new Error(`waited ${ms / 1000} s for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

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
    try {
      await until('"following" on stderr', () => err.includes('following'));
      expect(err).toContain('following 2 files;');
      // tail says "following" just before it takes its files' identities: a line it shows proves it has them, so
      // the rotation below comes after, as logrotate's does on a server (renamed in between, the renamed file was
      // read from the other file's offset: /page-14, /page-15 and yesterday's lines again, under load most runs).
      appendFileSync(join(dir, 'access.log'), line(16));
      await until('/page-16 on stdout', () => out.includes('/page-16'));
      rotate(dir);
      await until('/page-22 on stdout', () => out.includes('/page-22'));
      await new Promise((r) => setTimeout(r, 300)); // a few more polls: nothing else may come
    } finally {
      child.kill();
    }
    // Files are read side by side, so only the order within a file is kept.
    const paths = out
      .trim()
      .split('\n')
      .map((l) => /GET (\S+)/.exec(l)?.[1]);
    expect(paths.sort()).toEqual(['/page-16', '/page-20', '/page-21', '/page-22']);
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
      await until('13 requests in the report', async () => (await requests()) >= 13);
      await new Promise((r) => setTimeout(r, 400)); // a few more polls: nothing else may come
      expect(await requests()).toBe(13);
    } finally {
      await d.close();
    }
  }, 90_000);
});
