// Helpers for the training-site tests: temporary log folders, the `logbook` CLI run as a user runs it
// (a child process, asynchronously — a synchronous spawn would freeze the site running in this process).

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Report } from '@logbook/insight';

const here = dirname(fileURLToPath(import.meta.url));
export const SITE_DIR = resolve(here, '..', '..');
export const REPO_ROOT = resolve(SITE_DIR, '..', '..');
export const CLI = join(dirname(fileURLToPath(import.meta.resolve('@logbook/insight'))), 'cli.js');

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `training-site-${prefix}-`));
}

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a node script with arguments; never throws on a non-zero exit (the test checks the code). */
export function runNode(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Ran> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      args,
      {
        cwd: options.cwd ?? REPO_ROOT,
        env: { ...process.env, NO_COLOR: '1', ...options.env },
        maxBuffer: 64 << 20,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        done({ code, stdout, stderr });
      },
    );
  });
}

export function logbook(...args: string[]): Promise<Ran> {
  return runNode([CLI, ...args]);
}

export async function reportJson(...args: string[]): Promise<Report> {
  const ran = await logbook('report', '--json', ...args);
  if (ran.code !== 0) throw new Error(`logbook report failed (${ran.code}): ${ran.stderr}`);
  return JSON.parse(ran.stdout) as Report;
}

/** The JSON lines of a log file, parsed. */
export function records(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
