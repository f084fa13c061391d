import { existsSync } from 'node:fs';
import { SourceError } from './files.js';

/** What a command reads when it is given no source: the folder Logbook's `setup()` writes to by default. */
export const DEFAULT_SOURCE = 'logs';

/**
 * The sources a command reads: the ones given, or ./logs. With none given and no ./logs here, the error says that
 * the default was looked for and where: "Cannot read logs" alone reads as if the logs were there but unreadable.
 */
export function givenOrDefaultSources(given: readonly string[]): string[] {
  if (given.length > 0) return [...given];
  if (!existsSync(DEFAULT_SOURCE))
    throw new SourceError(
      `No logs given, and there is no ./${DEFAULT_SOURCE} folder in ${process.cwd()} to read instead. ` +
        'Pass a log file, a folder or a glob, e.g. ./app/logs or /var/log/nginx/access.log.',
    );
  return [DEFAULT_SOURCE];
}
