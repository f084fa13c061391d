import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { cli, tempDir, writeJsonl, generateRecords } from './helpers/records.js';

const firstLine = (text: string): string => text.split('\n')[0]!;

describe('the first word of a logbook command line', () => {
  it('a mistyped command is answered with the command likely meant, as a usage error', async () => {
    for (const [typed, meant] of [
      ['reprot', 'report'],
      ['tikets', 'tickets'],
      ['serv', 'serve'],
      ['Show', 'show'],
    ]) {
      const r = await cli([typed!]);
      expect(r.code).toBe(2);
      expect(firstLine(r.err)).toBe(`logbook: unknown command "${typed}". Did you mean "${meant}"?`);
      expect(r.err).toContain('Commands:');
    }
    // Nothing near: no guess, the list of commands.
    const far = await cli(['hello']);
    expect([far.code, firstLine(far.err)]).toEqual([2, 'logbook: unknown command "hello".']);
  });

  it('a log given without a command is answered with the command line that reads it', async () => {
    const dir = tempDir();
    writeJsonl(join(dir, 'app.jsonl'), generateRecords({ users: 2 }).records);
    for (const source of [dir, join(dir, 'app.jsonl'), 'logs/*.jsonl', 'access.log.1.gz']) {
      const r = await cli([source]);
      expect(r.code).toBe(2);
      expect(firstLine(r.err)).toBe(
        `logbook: "${source}" is not a command. To read it, name a command first, as in: logbook report ${source}`,
      );
    }
    // The line it suggests reads the log.
    const suggested = await cli(['report', dir]);
    expect(suggested.code).toBe(0);
    expect(suggested.out).toContain('Overview');
  });

  it('an option before any command says it comes after one', async () => {
    const r = await cli(['--since', '24h']);
    expect([r.code, firstLine(r.err)]).toEqual([
      2,
      'logbook: --since comes after a command: logbook <command> --since ….',
    ]);
  });

  it('--version prints the installed version of the logbook command', () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    const bin = new URL('../bin/logbook.mjs', import.meta.url).pathname;
    for (const flag of ['--version', '-V'])
      expect(execFileSync(process.execPath, [bin, flag], { encoding: 'utf8' })).toBe(`logbook ${version}\n`);
  });
});
