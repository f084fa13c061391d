#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { argumentErrorMessage } from './argument-error.js';
import { closestName } from './closest-name.js';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
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

Run \`logbook <command> --help\` for a command's options; \`logbook --version\` says which logbook this is.`;

/** The version of @logbook/insight installed: its package.json is one folder up from src/ and from dist/ alike. */
function installedVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

/**
 * What to say of a first word that names no command: the command likely meant, or, when it is a log to read
 * (`logbook logs/app.jsonl`, the command forgotten), the command line that reads it.
 */
function unknownCommand(name: string): string {
  const meant = closestName(
    name,
    COMMANDS.map((c) => c.name),
  );
  if (meant) return `unknown command "${name}". Did you mean "${meant}"?`;
  if (name.startsWith('-')) return `${name} comes after a command: logbook <command> ${name} ….`;
  if (/[/\\*]|\.(log|jsonl|gz)$/.test(name) || existsSync(name))
    return `"${name}" is not a command. To read it, name a command first, as in: logbook report ${name}`;
  return `unknown command "${name}".`;
}

/** Runs the CLI; returns the exit code (0 ok, 1 failure, 2 usage error). */
export async function main(argv: string[], io: Io, signal?: AbortSignal): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${MAIN_USAGE}\n`);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`logbook ${installedVersion()}\n`);
    return 0;
  }
  const cmd = COMMANDS.find((c) => c.name === (ALIASES[name] ?? name));
  if (!cmd) {
    io.stderr.write(`logbook: ${unknownCommand(name)}\n\n${MAIN_USAGE}\n`);
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
