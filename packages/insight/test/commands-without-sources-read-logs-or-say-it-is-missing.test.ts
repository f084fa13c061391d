// Given no source, every command reads ./logs (where Logbook's setup() writes). Where there is none, the error
// says that ./logs was looked for and in which folder, instead of "Cannot read logs", which reads as if the logs
// were there but unreadable.
import { execFile } from 'node:child_process';
import { mkdirSync, realpathSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { generateRecords, tempDir, writeJsonl } from './helpers/records.js';

const BIN = fileURLToPath(new URL('../bin/logbook.mjs', import.meta.url));
const run = promisify(execFile);
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Runs the installed command in `cwd` as a user would; never throws on a failing exit. */
async function logbook(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd, timeout: 30_000 });
    return { code: 0, out: stdout, err: stderr };
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout, err: failed.stderr };
  }
}

function folder(): string {
  const dir = tempDir('insight-cwd-');
  dirs.push(dir);
  return dir;
}

describe('a command given no source', () => {
  it.each([
    ['report'],
    ['tail'],
    ['tail', '-f'],
    ['serve', '--port', '0'],
    ['sql', 'SELECT 1'],
    ['show', 'E-7F3K2Q'],
    ['tickets'],
    ['condense'],
  ])('logbook %s in a folder without ./logs says ./logs was looked for, and where', async (...args) => {
    const cwd = folder();
    const r = await logbook(args, cwd);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe(
      `logbook ${args[0]}: No logs given, and there is no ./logs folder in ${realpathSync(cwd)} to read instead. ` +
        'Pass a log file, a folder or a glob, e.g. ./app/logs or /var/log/nginx/access.log.\n',
    );
  });

  it('reads ./logs when there is one', async () => {
    const cwd = folder();
    mkdirSync(join(cwd, 'logs'));
    const { records } = generateRecords({ users: 3 });
    writeJsonl(join(cwd, 'logs', 'app.jsonl'), records);
    const r = await logbook(['report', '--json'], cwd);
    expect(r.code, r.err).toBe(0);
    const requests = records.filter((x) => x.event === 'http.request').length;
    expect((JSON.parse(r.out) as { totals: { requests: number } }).totals.requests).toBe(requests);
  });
});
