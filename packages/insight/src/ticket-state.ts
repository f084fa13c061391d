import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** One solved ticket as kept in `.logbook/tickets.json`. */
export interface SolvedTicket {
  solved_at: string;
  note?: string;
}
export interface TicketState {
  version: 1;
  solved: Record<string, SolvedTicket>;
}

/** The folder that holds `.logbook/` for a set of sources: the first folder given, else the first file's folder. */
export function stateDir(inputs: readonly string[]): string {
  const first = inputs[0] ?? '.';
  if (/[*?[]/.test(first)) return resolve(first.slice(0, first.search(/[*?[]/)).replace(/[^/]*$/, '') || '.');
  try {
    return statSync(first).isDirectory() ? resolve(first) : dirname(resolve(first));
  } catch {
    return resolve('.');
  }
}

export function ticketFile(dir: string): string {
  return join(dir, '.logbook', 'tickets.json');
}

export function readTicketState(dir: string): TicketState {
  let text: string;
  try {
    text = readFileSync(ticketFile(dir), 'utf8');
  } catch {
    return { version: 1, solved: {} };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(
      `${ticketFile(dir)} is not valid JSON. Fix it by hand or delete it (that forgets which tickets were solved).`,
    );
  }
  // A hand-edited file of the wrong shape would otherwise fail later with a JavaScript TypeError.
  const solved = isObject(parsed) ? (parsed.solved ?? {}) : undefined;
  if (!isObject(solved) || !Object.values(solved).every(isObject))
    throw new Error(
      `${ticketFile(dir)} is not a ticket state file: expected {"solved": {"<fingerprint>": {"solved_at": "..."}}}. ` +
        'Fix it by hand or delete it (that forgets which tickets were solved).',
    );
  return { version: 1, solved: solved as Record<string, SolvedTicket> };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Writes the state atomically (temp file + rename) so a crash never leaves half a file. */
export function writeTicketState(dir: string, state: TicketState): void {
  const file = ticketFile(dir);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(tmp, file);
}
