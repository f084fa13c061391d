/**
 * One CSV record (RFC 4180: a field with a comma, a quote or a line break is quoted, quotes doubled; lines end in
 * CRLF). Null is an empty field, a structure its JSON. A text that starts like a spreadsheet formula (`=`, `+`,
 * `-`, `@`, a tab or a carriage return) gets a leading `'`, as OWASP advises: attackers put
 * `=HYPERLINK(...)` in user agents and paths so that whoever opens the export in a spreadsheet runs it. Numbers
 * are written as they are, so `-1` stays a number.
 */
export function csvRecord(values: readonly unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
