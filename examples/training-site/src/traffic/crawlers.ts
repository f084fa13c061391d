// Crawlers: read robots.txt (and keep out of what it disallows, or not, as real ones differ), fetch the
// sitemap, then follow links from the pages they fetch — which leads them to members-only lecture pages.

import type { CrawlerProfile } from './agents.js';
import type { PlayedCrawler } from './played.js';
import type { VirtualClient } from './virtual-client.js';

function disallowedPrefixes(robots: string): string[] {
  const out: string[] = [];
  let forAll = false;
  for (const raw of robots.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'user-agent') forAll = value === '*';
    else if (key === 'disallow' && forAll && value !== '') out.push(value);
  }
  return out;
}

function links(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/href="(\/[^"#]*)"/g)) out.push(m[1]!.replace(/&amp;/g, '&'));
  return out;
}

/** Fetches robots.txt, the sitemap and up to `pages` pages breadth-first. */
export async function crawl(
  profile: CrawlerProfile,
  client: VirtualClient,
  pages: number,
): Promise<PlayedCrawler> {
  const played: PlayedCrawler = { ...profile, restrictedHits: 0 };
  const robots = await client.get('/robots.txt');
  const disallowed = robots.status === 200 ? disallowedPrefixes(robots.text) : [];
  const allowed = (path: string): boolean =>
    !profile.honoursRobots || !disallowed.some((d) => path.startsWith(d));
  const sitemap = await client.get('/sitemap.xml');
  const queue: string[] = [];
  for (const m of sitemap.text.matchAll(/<loc>([^<]+)<\/loc>/g)) queue.push(new URL(m[1]!).pathname);
  // Crawlers that ignore robots.txt also try the pages it names.
  if (!profile.honoursRobots) queue.push(...disallowed.filter((d) => !d.endsWith('/')));
  const seen = new Set(queue);
  let fetched = 0;
  while (queue.length > 0 && fetched < pages) {
    const path = queue.shift()!;
    if (!allowed(path)) continue;
    const page = await client.get(path);
    fetched++;
    if (path.includes('/lectures/') && (page.status === 401 || page.status === 403)) played.restrictedHits++;
    if (page.status !== 200) continue;
    for (const link of links(page.text)) {
      if (!seen.has(link)) {
        seen.add(link);
        queue.push(link);
      }
    }
  }
  return played;
}
