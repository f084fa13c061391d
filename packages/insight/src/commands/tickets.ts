import { existsSync } from 'node:fs';
import { tickets as ticketQuery, type Ticket } from '../report/tickets.js';
import { filterSql } from '../filters.js';
import { readTicketState, stateDir, ticketFile, writeTicketState } from '../ticket-state.js';
import { safeText } from '../render/escape.js';
import { textTable } from '../render/text-table.js';
import { shortTime } from '../render/short-time.js';
import {
  load,
  filtersOf,
  styleFor,
  SOURCE_HELP,
  SOURCE_OPTIONS,
  UsageError,
  type Io,
  type Values,
  type Command,
} from './common.js';

export const ticketsCommand: Command = {
  name: 'tickets',
  summary: 'crashes grouped by fingerprint; `tickets solve FP` marks one solved',
  usage: `logbook tickets [list] [sources...] [--json]
logbook tickets solve FINGERPRINT [sources...] [--note TEXT]
logbook tickets reopen FINGERPRINT [sources...]

A fingerprint may be shortened to any unique prefix. State is kept in <logs>/.logbook/tickets.json; a solved
ticket that occurs again after it was solved is shown as regressed.

  --json            print the tickets as JSON
  --note TEXT       why or how it was solved (kept in the state file)
${SOURCE_HELP}`,
  options: { ...SOURCE_OPTIONS, json: { type: 'boolean' }, note: { type: 'string' } },
  async run(io: Io, positionals: string[], v: Values): Promise<number> {
    const [first, ...rest] = positionals;
    const action = first === 'solve' || first === 'reopen' ? first : 'list';
    // `tickets list logs/` and `tickets logs/` are the same
    const args = action === 'list' && first !== 'list' ? positionals : rest;
    // An empty prefix would match every ticket: with one ticket, `tickets solve ""` solved it.
    if (action !== 'list' && (args.length === 0 || args[0] === ''))
      throw new UsageError(`give the FINGERPRINT of the ticket to ${action} (see \`logbook tickets\`).`);
    const fp = action === 'list' ? undefined : args[0]!;
    const sources = action === 'list' ? args : args.slice(1);
    // `tickets solve logs/` forgot the fingerprint: say so, rather than read ./logs and report that it is missing.
    if (fp !== undefined && sources.length === 0 && existsSync(fp))
      throw new UsageError(
        `${fp} is a file or folder, not a fingerprint: give the FINGERPRINT first, e.g. logbook tickets ${action} 64a3d2 ${fp}`,
      );
    const loaded = await load(io, sources, v);
    try {
      const dir = stateDir(loaded.inputs);
      const state = readTicketState(dir);
      const all = await ticketQuery(loaded, filterSql(filtersOf(v)), state);
      if (action === 'list') {
        if (v.json) io.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
        else io.stdout.write(renderTickets(all, io, v));
        return 0;
      }
      const matches = all.filter((t) => t.fingerprint.startsWith(fp!));
      const known = Object.keys(state.solved).filter((k) => k.startsWith(fp!));
      const target =
        matches.length === 1
          ? matches[0]!.fingerprint
          : matches.length === 0 && known.length === 1
            ? known[0]!
            : undefined;
      if (!target) {
        io.stderr.write(
          matches.length > 1
            ? `logbook tickets: ${safeText(fp)} matches ${matches.length} tickets; give more characters.\n`
            : `logbook tickets: no ticket with fingerprint ${safeText(fp)} in these logs. Run \`logbook tickets\` to list them.\n`,
        );
        return 1;
      }
      if (action === 'solve') {
        state.solved[target] = {
          solved_at: new Date().toISOString(),
          ...(typeof v.note === 'string' ? { note: v.note } : {}),
        };
      } else delete state.solved[target];
      writeTicketState(dir, state);
      io.stdout.write(
        `${action === 'solve' ? 'Solved' : 'Reopened'} ${safeText(target)} (state in ${safeText(ticketFile(dir))})\n`,
      );
      return 0;
    } finally {
      loaded.close();
    }
  },
};

function renderTickets(all: Ticket[], io: Io, v: Values): string {
  const s = styleFor(io, v);
  if (all.length === 0) return 'No incidents in these logs.\n';
  return (
    textTable(
      [
        { title: 'state', colour: (x) => (x === 'solved' ? s.green(x) : s.red(x)) },
        { title: 'fingerprint' },
        { title: 'error', flex: true },
        { title: 'count', align: 'right' },
        { title: 'users', align: 'right' },
        { title: 'first seen' },
        { title: 'last seen' },
        { title: 'latest' },
      ],
      all.map((t) => [
        t.state,
        t.fingerprint,
        t.error ?? '',
        t.count,
        t.users,
        shortTime(t.first_seen),
        shortTime(t.last_seen),
        t.latest_incident ?? '',
      ]),
      io.stdout.columns ?? 120,
      s,
    ) + '\n'
  );
}
