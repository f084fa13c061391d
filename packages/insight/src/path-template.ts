/**
 * A path with its ids folded, so that /order/12 and /order/13 read as one place of the site (/order/:n) where no
 * framework recorded a route: access logs, node:http. Whole segments only: `/v2/`, `/404.html` and a slug stay as
 * they are. A segment of digits is `:n`; a long hex id or uuid (16 or more hex digits and dashes, at least one a
 * digit, so a long word of the letters a–f is not taken for one) is `:id`.
 *
 * pathTemplate and pathTemplateSql give the same answer: the first reads live records, the second the table.
 */
const NUMBER = '[0-9]+';
const HEX_ID = '[0-9a-fA-F-]{16,}';
const NUMBER_SEGMENT = new RegExp(`^${NUMBER}$`);
const HEX_ID_SEGMENT = new RegExp(`^${HEX_ID}$`);

export function pathTemplate(path: string): string {
  // A target without its leading slash (a scanner's `GET 12 HTTP/1.1`) is no place of the site: left as it is.
  if (!path.startsWith('/') || !/[0-9]/.test(path)) return path;
  return path
    .split('/')
    .map((s) => (NUMBER_SEGMENT.test(s) ? ':n' : HEX_ID_SEGMENT.test(s) && /[0-9]/.test(s) ? ':id' : s))
    .join('/');
}

/** pathTemplate as a DuckDB expression over the SQL text `path`. */
export function pathTemplateSql(path: string): string {
  // A rollup folds every path of an access log: most need no split (no digit, or numbers only, which two passes of a
  // pattern fold, as the second catches a number right after one the first folded: /1/2).
  const numbers = `regexp_replace(${path}, '/${NUMBER}(/|$)', '/:n\\1', 'g')`;
  return `CASE WHEN NOT starts_with(${path}, '/') OR NOT regexp_matches(${path}, '[0-9]') THEN ${path}
    WHEN regexp_matches(${path}, '[0-9a-fA-F-]{16}') THEN array_to_string(list_transform(string_split(${path}, '/'),
      lambda s: CASE WHEN regexp_full_match(s, '${NUMBER}') THEN ':n'
        WHEN regexp_full_match(s, '${HEX_ID}') AND regexp_matches(s, '[0-9]') THEN ':id' ELSE s END), '/')
    ELSE regexp_replace(${numbers}, '/${NUMBER}(/|$)', '/:n\\1', 'g') END`;
}

/** What a request's route reads as: the template its framework matched, else its path with ids folded. */
export function routeOrTemplateSql(route: string, path: string): string {
  return `coalesce(${route}, ${pathTemplateSql(path)})`;
}
