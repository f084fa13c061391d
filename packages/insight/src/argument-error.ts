// node:util parseArgs explains a mistyped option in its own terms ("To specify a positional argument starting
// with a '-', place it at the end ..."), which is about a case nobody here is in. This says what was wrong in the
// command's terms: which option is unknown, the likely one meant, and the options the command has.
import { closestName } from './closest-name.js';

interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
}

/** The usage line's first sentence for a parseArgs error, or the error's own message when it is another kind. */
export function argumentErrorMessage(e: unknown, options: Record<string, OptionSpec>): string {
  const err = e as { code?: string; message?: string };
  const message = err.message ?? String(e);
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const given = /Unknown option '([^']+)'/.exec(message)?.[1] ?? '';
    const names = Object.keys(options).map((n) => `--${n}`);
    const meant = closestName(given.split('=')[0]!, names);
    return (
      `unknown option ${given}.` +
      (meant ? ` Did you mean ${meant}?` : '') +
      ` This command's options: ${names.join(', ')}.`
    );
  }
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const named = /Option '(?:-\w, )?(--[\w-]+)/.exec(message)?.[1];
    if (named && /argument missing/.test(message)) return `${named} needs a value, as in ${named}=VALUE.`;
    if (named && /does not take an argument/.test(message)) return `${named} takes no value.`;
    // `-n -3`, `--since -1d`: parseArgs will not take a value that starts with a dash after a space
    const given = /Option '([^']+)' argument is ambiguous/.exec(message)?.[1];
    const long = /use '(--[\w-]+)=-XYZ'/.exec(message)?.[1];
    if (given && long)
      return `${given} needs a value, and what follows it starts with a dash, so it was read as an option. If it is the value, write ${long}=-….`;
  }
  return message;
}
