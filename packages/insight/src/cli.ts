#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { argumentErrorMessage } from './argument-error.js';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UsageError, type Command, type Io } from './commands/common.js';
import { reportCommand } from './commands/report.js';
import { ticketsCommand } from './commands/tickets.js';
import { showCommand } from './commands/show.js';
import { replayCommand } from './commands/replay.js';
import { anonymiseCommand } from './commands/anonymise.js';
import { condenseCommand } from './commands/condense.js';
import { tailCommand } from './commands/tail.js';
import { sqlCommand } from './commands/sql.js';
import { serveCommand } from './commands/serve.js';

const COMMANDS: Command[] = [
  reportCommand,
  ticketsCommand,
  showCommand,
  replayCommand,
  anonymiseCommand,
  condenseCommand,
  tailCommand,
  sqlCommand,
  serveCommand,
];
const ALIASES: Record<string, string> = { anonymize: 'anonymise' };

const MAIN_USAGE = `logbook — insight over Logbook JSONL records and Apache/Nginx access logs

Usage: logbook <command> [sources...] [options]      (sources default to ./logs)

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Run \`logbook <command> --help\` for a command's options.`;

/** Runs the CLI; returns the exit code (0 ok, 1 failure, 2 usage error). */
export async function main(argv: string[], io: Io, signal?: AbortSignal): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${MAIN_USAGE}\n`);
    return name ? 0 : 2;
  }
  const cmd = COMMANDS.find((c) => c.name === (ALIASES[name] ?? name));
  if (!cmd) {
    io.stderr.write(`logbook: unknown command "${name}".\n\n${MAIN_USAGE}\n`);
    return 2;
  }
  const options = { ...cmd.options, help: { type: 'boolean' as const, short: 'h' } };
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options,
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    io.stderr.write(`logbook ${cmd.name}: ${argumentErrorMessage(e, options)}\n\nUsage: ${cmd.usage}\n`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout.write(`Usage: ${cmd.usage}\n`);
    return 0;
  }
  try {
    return await cmd.run(io, parsed.positionals, parsed.values, signal);
  } catch (e) {
    const err = e as Error;
    // A filter or time bound that cannot be understood is a wrong command line too.
    if (err instanceof UsageError || err.name === 'FilterError') {
      io.stderr.write(`logbook ${cmd.name}: ${err.message}\n\nUsage: ${cmd.usage}\n`);
      return 2;
    }
    io.stderr.write(`logbook ${cmd.name}: ${err.message}\n`);
    return 1;
  }
}

const isMain = (() => {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
})();

/** Runs the command line of this process (used by bin/logbook.mjs, and when this file is run directly). */
export function runCli(): void {
  const ac = new AbortController();
  process.on('SIGINT', () => ac.abort());
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0); // `logbook report | head` is fine
  });
  main(
    process.argv.slice(2),
    { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() },
    ac.signal,
  ).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`logbook: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 1;
    },
  );
}

if (isMain) runCli();
