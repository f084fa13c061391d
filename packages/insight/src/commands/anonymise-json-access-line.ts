import { SECRET_NAME, type Pseudonymiser } from '../pseudonymiser.js';
import { jsonAccessFieldOf } from '../sources/json-access-keys.js';
import { splitRequestLine } from '../sources/access-line.js';

/** Numbers, times and addresses a server adds (`0.012`, `0.012, 0.003`, `127.0.0.1:8080`): nothing secret in them. */
const MEASURE = /^[-\d.:, ]*\d[-\d.:, ]*$/;

/**
 * A JSON access-log line with the same keys in the same order, as `logbook anonymise` writes an access line: the
 * client address and every IP or email anywhere, the user, the query tokens of the request, target and referer are
 * pseudonymised; a key named like a secret (a logged cookie or authorization header) and any unknown key whose value
 * is not a plain number or address become `-`, as unknown trailing fields of an access line do.
 */
export function anonymiseJsonAccessLine(line: string, p: Pseudonymiser): string {
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    return p.text(line); // malformed lines stay malformed, but lose their emails and IPs
  }
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return p.text(line);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) {
    out[key] =
      typeof value === 'string'
        ? anonymiseValue(key, value, p)
        : typeof value === 'number' || typeof value === 'boolean' || value === null
          ? value
          : '-';
  }
  return JSON.stringify(out);
}

function anonymiseValue(key: string, value: string, p: Pseudonymiser): string {
  if (value === '' || value === '-') return value;
  // Any spelling the reader takes (`Request`, `User_Agent`, `remote-addr`), so the copy reads as the original does.
  switch (jsonAccessFieldOf(key)) {
    case 'user':
      return p.token('u', value);
    case 'request':
      return p.request(splitRequestLine(value));
    case 'target':
    case 'referer':
      return p.url(value);
    case 'query':
      return p.query(value.replace(/^\?/, ''));
    case undefined:
      // Not a key the reader knows: a secret by its name, or anything but a measure, is not copied.
      return SECRET_NAME.test(key) || !MEASURE.test(value) ? '-' : p.text(value);
    default:
      return p.text(value);
  }
}
