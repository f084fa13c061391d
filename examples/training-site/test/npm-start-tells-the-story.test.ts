// `npm start` as a newcomer runs it: the launcher in a child process, stopped with Ctrl-C (SIGINT).

import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { records, reportJson, runNode, SITE_DIR, tempDir } from './support/run.js';

const LAUNCHER = join(SITE_DIR, 'start.mjs');

/** Starts the launcher, waits until it serves, presses Ctrl-C, and returns what it printed and its exit code. */
function startAndStop(
  logDir: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [LAUNCHER], {
      env: { ...process.env, PORT: '0', LOGBOOK_DIR: logDir, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(
        new Error(`npm start did not reach "Serving until Ctrl-C" in 90 s. Output:\n${stdout}\n${stderr}`),
      );
    }, 90_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('Serving until Ctrl-C')) child.kill('SIGINT');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

describe('npm start', () => {
  it('plays the traffic, prints the report and the crash to try, stops cleanly on Ctrl-C; a second run appends', async () => {
    const logDir = tempDir('start');
    const first = await startAndStop(logDir);
    expect(first.stderr).not.toMatch(/npm start failed|Error/);
    expect(first.code).toBe(0);
    const out = first.stdout;
    expect(out).toMatch(/site {2}http:\/\/127\.0\.0\.1:\d+/);
    expect(out).toContain('Logbook report');
    // No line ends in blanks (the report's kinds without hits once did), so the output pastes cleanly.
    expect(out.split('\n').filter((line) => line !== line.trimEnd())).toEqual([]);
    expect(out).toContain('Crashes (tickets)');
    const ref = /incident (E-[0-9A-Z]{6})/.exec(out)?.[1];
    expect(ref).toBeDefined();
    expect(out).toContain(`npx logbook show ${ref} ${logDir}`);
    expect(out).toMatch(
      new RegExp(`npx logbook replay ${ref} --target http://127\\.0\\.0\\.1:\\d+ --logs ${logDir} ${logDir}`),
    );
    expect(out).toContain('Stopped. The records stay in');
    const after1 = records(join(logDir, 'app.jsonl'));
    expect(after1.at(-1)).toMatchObject({ event: 'app.stop' });
    // The traffic summary counts what the log holds (failed logins apart from logins, not among them).
    const events = (name: string): number => after1.filter((r) => r.event === name).length;
    expect(out).toContain(
      `${events('user.signup')} sign-ups, ${events('user.login')} logins, ${events('user.login_failed')} failed logins,`,
    );

    const second = await startAndStop(logDir);
    expect(second.code).toBe(0);
    const after2 = records(join(logDir, 'app.jsonl'));
    expect(after2.slice(0, after1.length)).toEqual(after1);
    expect(after2.filter((r) => r.event === 'app.start')).toHaveLength(2);
    // Both runs' crashes are one ticket: the same bug.
    const report = await reportJson(logDir);
    expect(report.tickets).toHaveLength(1);
    expect(report.tickets[0]!.count).toBe(4);
    const shown = await runNode([
      join(SITE_DIR, '..', '..', 'packages/insight/dist/cli.js'),
      'show',
      ref!,
      logDir,
    ]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(ref!);
  }, 200_000);

  it('says clearly when the port is taken and how to choose another', async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const port = (blocker.address() as { port: number }).port;
    try {
      const ran = await runNode([LAUNCHER], { env: { PORT: String(port), LOGBOOK_DIR: tempDir('busy') } });
      expect(ran.code).toBe(1);
      expect(ran.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(ran.stderr).toContain(`PORT=${port + 1} npm start`);
    } finally {
      blocker.close();
    }
  }, 60_000);

  it('refuses a PORT that is not a port number', async () => {
    const ran = await runNode([LAUNCHER], { env: { PORT: 'http', LOGBOOK_DIR: tempDir('bad') } });
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain('PORT=http is not a port number');
  }, 60_000);

  it("says when the dashboard's port is taken and to choose another with DASHBOARD_PORT, and serves on", async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const port = (blocker.address() as { port: number }).port;
    try {
      const ran = await startAndStop(tempDir('dashboard-busy'), { DASHBOARD_PORT: String(port) });
      expect(ran.code).toBe(0);
      expect(ran.stdout).toContain(
        `The dashboard did not start: Port ${port} is taken; choose another with DASHBOARD_PORT, e.g. DASHBOARD_PORT=${port + 1} npm start`,
      );
      // The site has no --port: the CLI's advice would send the reader nowhere.
      expect(ran.stdout).not.toContain('--port');
      expect(ran.stdout).toContain('npx logbook report');
      expect(ran.stdout).toMatch(/site {7}http:\/\/127\.0\.0\.1:\d+/);
    } finally {
      blocker.close();
    }
  }, 120_000);

  it('refuses a DASHBOARD_PORT that is not a port number before starting anything', async () => {
    // Started as the others (stopped once serving), so a launcher that does not refuse fails here, not by timing out.
    const ran = await startAndStop(tempDir('bad'), { DASHBOARD_PORT: '30o1' });
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain('DASHBOARD_PORT=30o1 is not a port number');
    expect(ran.stdout).not.toContain('Playing a small day of traffic');
  }, 120_000);
});
