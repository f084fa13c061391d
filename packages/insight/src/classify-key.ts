import { CLASSIFY_KEY } from './sources/access-log.js';

/** JSONL rows from other loggers arrive without a client; they are classified like access-log lines. */
export function unclassifiedJsonl(alias?: string): string {
  const col = (name: string): string => (alias === undefined ? name : `${alias}.${name}`);
  return `${col('kind')} IS NULL AND ${col('path')} IS NOT NULL`;
}

/** CLASSIFY_KEY over the columns of the table or alias `alias` (for a join or an UPDATE ... FROM). */
export function classifyKeyOf(alias: string): string {
  return CLASSIFY_KEY.replace(/(\(|, )"?(\w+)"?/g, `$1${alias}."$2"`);
}
