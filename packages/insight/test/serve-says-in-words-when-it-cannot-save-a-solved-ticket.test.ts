// Solving a ticket writes `.logbook/tickets.json` beside the logs. When that cannot be written (here `.logbook` is a
// file, not a folder), the person at the page gets a 500 that says what happened in words, without the file
// system's error; the terminal running `logbook serve` gets the details.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { waitUntil } from '../../../test/support/wait-until.js';
import { tempDir } from './helpers/records.js';
import { siteLogs, writeLog } from './support/site-logs.js';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');

describe('logbook serve, when a solved ticket cannot be saved', () => {
  it('answers 500 in words and tells the terminal why', async () => {
    const dir = tempDir('serve-unsaved-ticket-');
    writeLog(join(dir, 'app.jsonl'), siteLogs({ seed: 3 }).records);
    writeFileSync(join(dir, '.logbook'), 'a file where the state folder would go\n');
    const child = spawn(process.execPath, [CLI, 'serve', dir, '--port', '0', '--no-follow'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    try {
      const url = await waitUntil(
        'the dashboard to print its address',
        () => /at (http:\S+)/.exec(stdout)?.[1],
        {
          ms: 30_000,
          seen: () => stdout + stderr,
        },
      );
      const res = await fetch(new URL('/api/tickets/fp-checkout-total/solve', url), {
        method: 'POST',
        headers: { 'x-logbook-request': '1' },
      });
      expect(res.status).toBe(500);
      const body = (await res.json()) as { error: string };
      expect(body.error).toBe(
        'The dashboard could not answer this request (an internal error; the terminal running logbook serve has the details).',
      );
      await waitUntil('the terminal to be told', () => stderr.includes('answering POST'), {
        seen: () => stderr,
      });
      expect(stderr).toMatch(
        /^logbook serve: answering POST \/api\/tickets\/fp-checkout-total\/solve: .*\.logbook/m,
      );
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});
