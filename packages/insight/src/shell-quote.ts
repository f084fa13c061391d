// Words for a POSIX shell, for the commands Logbook prints for a person to copy (replay scripts, "Reproduce:"
// lines). Log content in them is escaped by the caller; these only make each word reach the command as one.

/** A word in single quotes, whatever it holds (a quote inside becomes '\''). */
export const shellQuote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;

/** A word as it is when the shell would not change it, else quoted: `logs`, but `'my logs'`. */
export const shellWord = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : shellQuote(s));
