import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { cli, FIXTURE, generateRecords, tempDir, writeJsonl } from './helpers/records.js';
import { sqlCommand } from '../src/commands/sql.js';

function incidentsDir(): string {
  const dir = tempDir();
  writeJsonl(join(dir, 'app.jsonl'), generateRecords({ users: 3 }).records);
  return dir;
}

describe('command-line errors name the command once', () => {
  it('starts each usage error with "logbook <command>: " and no second command name', async () => {
    const cases: [string[], string][] = [
      [['show'], 'logbook show: give an incident reference such as E-7F3K2Q'],
      [['show', 'logs'], 'logbook show: logs is not an incident reference: they look like E-7F3K2Q'],
      [['replay'], 'logbook replay: give an incident reference such as E-7F3K2Q.'],
      [['replay', 'E-7F3K2Q'], 'logbook replay: --target URL is required'],
      [['anonymise', 'in.log'], 'logbook anonymise: give exactly IN and OUT.'],
      [['sql'], 'logbook sql: give a query'],
      [['tickets', 'solve'], 'logbook tickets: give the FINGERPRINT of the ticket to solve'],
    ];
    for (const [args, first] of cases) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.split('\n')[0]).toContain(first);
      expect(r.err).toContain(`Usage: logbook ${args[0]}`);
    }
  });

  it('says which option is wrong in the command’s terms, with the one likely meant', async () => {
    const cases: [string[], string][] = [
      [
        ['report', '--limt', '3'],
        'logbook report: unknown option --limt. Did you mean --limit? This command’s options: --format,',
      ],
      [['report', '--colour'], 'logbook report: unknown option --colour. Did you mean --color?'],
      [['serve', '--prot', '3000'], 'logbook serve: unknown option --prot. Did you mean --port?'],
      [
        ['show', 'E-7F3K2Q', '--width', '90'],
        'logbook show: unknown option --width. This command’s options:',
      ],
      [['report', '--limit'], 'logbook report: --limit needs a value, as in --limit=VALUE.'],
      [['report', '--json=yes'], 'logbook report: --json takes no value.'],
      [
        ['tail', '-n', '-3'],
        'logbook tail: -n needs a value, and what follows it starts with a dash, so it was read as an option. If it is the value, write --lines=-….',
      ],
      [
        ['report', '--since', '-1d'],
        'logbook report: --since needs a value, and what follows it starts with a dash',
      ],
    ];
    for (const [args, first] of cases) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.split('\n')[0], args.join(' ')).toContain(first.replaceAll('’', "'"));
      // Not node:util's advice about positional arguments that start with a dash.
      expect(r.err).not.toContain('positional');
      expect(r.err).toContain(`Usage: logbook ${args[0]}`);
    }
    // A name far from every option gets no guess; --width is report's, not show's.
    expect((await cli(['show', 'E-7F3K2Q', '--width', '90'])).err).not.toContain('Did you mean');
  });

  it('refuses an empty fingerprint instead of solving the only ticket', async () => {
    const dir = tempDir();
    const gen = generateRecords({ users: 3 });
    // Only one crash in these logs, so an empty prefix would match exactly one ticket.
    writeJsonl(
      join(dir, 'app.jsonl'),
      gen.records.filter((r) => r.event !== 'incident' || JSON.stringify(r).includes('fp-search-null')),
    );
    const r = await cli(['tickets', 'solve', '', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('give the FINGERPRINT of the ticket to solve');
    const list = JSON.parse((await cli(['tickets', dir, '--json'])).out) as { state: string }[];
    expect(list.map((t) => t.state)).toEqual(['open']);
  });

  it('prefixes failures too: no such incident, no such ticket, an SQL error', async () => {
    const dir = incidentsDir();
    expect((await cli(['show', 'E-NOPE00', dir])).err).toMatch(
      /^logbook show: no incident E-NOPE00 in 1 file\./,
    );
    expect((await cli(['replay', 'E-NOPE00', dir, '--print', 'curl'])).err).toMatch(
      /^logbook replay: no incident E-NOPE00/,
    );
    expect((await cli(['tickets', 'solve', 'zz', dir])).err).toMatch(
      /^logbook tickets: no ticket with fingerprint zz/,
    );
    expect((await cli(['sql', 'SELEC 1', FIXTURE])).err).toMatch(/^logbook sql: SQL error: Parser Error/);
  });

  it('lists every documented sql column in its help', () => {
    for (const column of ['req_id', 'auth_required', 'vhost', 'user_email', 'client_reason', 'incident_ref'])
      expect(sqlCommand.usage).toContain(column);
  });
});
