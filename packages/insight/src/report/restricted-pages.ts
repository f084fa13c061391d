import type { CrawlerRestricted } from './crawlers.js';

/** A login-only (or refused) page and the crawlers that asked for it. */
export interface RestrictedPage {
  path: string;
  /** The statuses the crawlers got, lowest first (`303` to the login page, `401`, `403`). */
  statuses: number[];
  crawlers: string[];
  hits: number;
  auth_required: boolean;
  last_seen: string;
}

/**
 * The crawler-and-page rows as pages: what a site owner fixes is a link or a sitemap entry per page, and six
 * crawlers on the same lecture are one fix, not six rows. Most asked-for first.
 */
export function restrictedPages(rows: readonly CrawlerRestricted[]): RestrictedPage[] {
  const pages = new Map<string, RestrictedPage>();
  for (const r of rows) {
    let page = pages.get(r.path);
    if (page === undefined) {
      page = {
        path: r.path,
        statuses: [],
        crawlers: [],
        hits: 0,
        auth_required: false,
        last_seen: r.last_seen,
      };
      pages.set(r.path, page);
    }
    if (r.status !== null && !page.statuses.includes(r.status)) page.statuses.push(r.status);
    page.crawlers.push(r.name); // a row per crawler and page (crawlerPaths groups by both)
    page.hits += r.hits;
    page.auth_required ||= r.auth_required;
    if (r.last_seen > page.last_seen) page.last_seen = r.last_seen;
  }
  const out = [...pages.values()];
  for (const p of out) {
    p.statuses.sort((a, b) => a - b);
    p.crawlers.sort((a, b) => a.localeCompare(b));
  }
  return out.sort((a, b) => b.hits - a.hits || a.path.localeCompare(b.path));
}
