import { rules } from '../traffic.js';

const RANK = { critical: 0, high: 1, medium: 2, low: 3, info: 4 } as const;

/**
 * A client's rule ids, the gravest first (alphabetical within a severity), as a report shows them: in a narrow
 * column only the first fit, and `sql-injection` or `sensitive-file` says more than the `not-found-probe` or
 * `empty-user-agent` hint that sorts before it by name. A rule the catalogue does not know (from another
 * version's records) goes last.
 */
export function rulesBySeverity(ids: readonly string[]): string[] {
  const catalogue = rules();
  const rank = (id: string): number => {
    const rule = catalogue[id];
    return rule === undefined ? 5 : RANK[rule.severity];
  };
  return [...ids].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}
