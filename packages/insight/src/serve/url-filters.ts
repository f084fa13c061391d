import { FILTER_KEYS, FilterError, filterSql, type Filters } from '../filters.js';

/** The dashboard's names for drill-down values that the report filters call otherwise. */
const ALIASES: Record<string, string> = { rule: 'signal' };

/**
 * Reads filters from a dashboard URL: `f=key=value` (repeatable), `since`, `until`. Each term is checked with
 * the report's own filter parser so a bad term is refused with its message rather than ignored.
 */
export function filtersFromQuery(q: URLSearchParams): Filters {
  const filters: Filters = {};
  const since = q.get('since');
  const until = q.get('until');
  if (since) filters.since = since;
  if (until) filters.until = until;
  const where = q.getAll('f').map((term) => {
    const m = /^([a-z]+)(!?=)/.exec(term);
    const alias = m ? ALIASES[m[1]!] : undefined;
    return alias && m ? `${alias}${term.slice(m[1]!.length)}` : term;
  });
  if (where.length > 0) filters.where = where;
  try {
    filterSql(filters); // throws FilterError with the reason
  } catch (e) {
    if (!(e instanceof FilterError)) throw e;
    throw new FilterError(inDashboardWords(e.message));
  }
  return filters;
}

/**
 * The report's filter messages speak of its `--filter` option and its own keys; on the page the term came from a
 * chip or the filter box, and `rule` is a key too.
 */
function inDashboardWords(message: string): string {
  const known = /Known keys: [^.]*\./;
  const said = message
    .replace(/^--filter /, 'Filter ')
    .replace(known, `Known keys: ${knownFilterKeys().join(', ')}.`);
  return `${said} Remove it with the × on its chip, or change it in the address.`;
}

/** The filter keys this build of insight understands, with the dashboard's aliases. */
export function knownFilterKeys(): string[] {
  return [...Object.keys(FILTER_KEYS), ...Object.keys(ALIASES)].sort();
}

export { FilterError };
