/**
 * What `logbook anonymise` writes for a line it cannot read (not a record, not an access-log line, cut off): the
 * line could hold anything, a cookie or a password in a layout no rule knows, so none of it is copied. The marker
 * is unreadable in every format as the original was, so the copy reads as the original does (the same lines
 * skipped), and a reader of the copy sees where a line was left out.
 */
export const UNREADABLE_LINE = '# logbook anonymise: a line it could not read was left out';

/** The marker for a line that is not blank; a blank line stays blank. */
export function unreadable(line: string): string {
  return line.trim() === '' ? '' : UNREADABLE_LINE;
}
