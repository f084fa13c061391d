import { statSync } from 'node:fs';
import { recordedLoopbackSite, suggestedReplayTarget } from './replay-target.js';
import { shellWord } from './shell-quote.js';
import { DEFAULT_SOURCE } from './sources/default-sources.js';

/**
 * The `logbook replay` line to copy for an incident, as `show` prints it and the dashboard shows it: its target is
 * `target` when the user named one, else the loopback site it was recorded on, else the usual local port. For a
 * local run read from one folder (`./logs` when no source is named), `--logs` names that folder, where the local
 * app writes its new incident too, so replay compares fingerprints instead of judging by the status.
 */
export function replayCommand(
  ref: string,
  headers: Readonly<Record<string, unknown>> | undefined,
  sources: readonly string[],
  target?: string,
): string {
  const folder = sources.length === 0 ? DEFAULT_SOURCE : sources.length === 1 ? sources[0]! : undefined;
  const local = recordedLoopbackSite(headers);
  const logs =
    local !== undefined &&
    (target === undefined || target === local) &&
    folder !== undefined &&
    isFolder(folder)
      ? ['--logs', folder]
      : [];
  return ['logbook', 'replay', ref, '--target', target ?? suggestedReplayTarget(headers), ...logs, ...sources]
    .map(shellWord)
    .join(' ');
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
