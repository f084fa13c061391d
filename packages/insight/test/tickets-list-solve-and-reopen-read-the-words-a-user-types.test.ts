import { describe, it, expect, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli, generateRecords, tempDir, writeJsonl } from './helpers/records.js';
import { SGR } from './support/hostile-text.js';

const BIN = fileURLToPath(new URL('../bin/logbook.mjs', import.meta.url));
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function logs(withIncidents = true): string {
  const dir = tempDir();
  dirs.push(dir);
  const records = generateRecords({ users: 3 }).records;
  writeJsonl(join(dir, 'app.jsonl'), withIncidents ? records : records.filter((r) => r.event !== 'incident'));
  return dir;
}

describe('tickets', () => {
  it('list is the same as no action', async () => {
    const dir = logs();
    const plain = await cli(['tickets', dir, '--json']);
    const listed = await cli(['tickets', 'list', dir, '--json']);
    expect(listed.code, listed.err).toBe(0);
    expect(JSON.parse(listed.out)).toHaveLength(2);
    expect(listed.out).toBe(plain.out);
  });

  it('with no source reads ./logs, and shows each ticket, open in red and solved in green', () => {
    const site = tempDir();
    dirs.push(site);
    writeJsonl(join(site, 'logs', 'app.jsonl'), generateRecords({ users: 3 }).records);
    // the installed command, run where a user runs it: in the site's folder, naming no logs
    const logbook = (...args: string[]): string =>
      execFileSync(process.execPath, [BIN, 'tickets', ...args], { cwd: site, encoding: 'utf8' });
    logbook('solve', 'fp-search');
    const out = logbook('--color');
    // the headings are checked where docs/insight.md shows this command (docs-commands-run.test.ts)
    const rows = out.replace(SGR, '').trimEnd().split('\n').slice(1);
    expect(rows).toHaveLength(2);
    expect(out).toContain('\u001b[32msolved\u001b[39m');
    expect(out).toContain('\u001b[31mopen');
  });

  it('say so when the logs hold no incident', async () => {
    const dir = logs(false);
    const text = await cli(['tickets', dir, '--no-color']);
    expect(text.code, text.err).toBe(0);
    expect(text.out).toBe('No incidents in these logs.\n');
    expect((await cli(['tickets', dir, '--json'])).out).toBe('[]\n');
  });

  it('solve without --note keeps only the time; reopen names what is missing or unknown', async () => {
    const dir = logs();
    expect((await cli(['tickets', 'solve', 'fp-search', dir])).code).toBe(0);
    const state = JSON.parse(readFileSync(join(dir, '.logbook', 'tickets.json'), 'utf8')) as {
      solved: Record<string, object>;
    };
    expect(state.solved).toEqual({
      'fp-search-null': { solved_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
    });

    const none = await cli(['tickets', 'reopen']);
    expect(none.code).toBe(2);
    expect(none.err).toContain('give the FINGERPRINT of the ticket to reopen');
    const unknown = await cli(['tickets', 'reopen', 'fp-nope', dir]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toBe(
      'logbook tickets: no ticket with fingerprint fp-nope in these logs. Run `logbook tickets` to list them.\n',
    );
  });
});
