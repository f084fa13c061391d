/**
 * Address ranges the search engines publish for their crawlers, for the fake-crawler rule.
 *
 * Sources (the operators' own lists):
 *   googlebot: https://developers.google.com/static/search/apis/ipranges/googlebot.json
 *   bingbot:   https://www.bing.com/toolbox/bingbot.json
 * These files could not be downloaded where this package was written (no network). The ranges below are
 * the long-standing blocks of those files as known in 2025 (the IPv4 /27s Google lists all fall inside
 * 66.249.64.0/19, its IPv6 /64s inside 2001:4860:4801::/48). Newer, smaller entries (for example Google's
 * 192.178.x.x /27s and Google Cloud /28s) are not reproduced; an address in an operator block listed
 * under `operatorBlocks` is therefore reported as "cannot judge" instead of fake. Refresh from the URLs
 * above and update RANGES_AS_OF when you do.
 */
export const RANGES_AS_OF = '2025 (from memory of the published files; not downloaded)';

export interface CrawlerRanges {
  /** Where the authoritative list is published. */
  source: string;
  /** Published crawler ranges: inside means genuine. */
  published: readonly string[];
  /** The operator's wider blocks where our copy may be incomplete: inside (but not published) means "cannot judge". */
  operatorBlocks: readonly string[];
}

export const CRAWLER_RANGES: Readonly<Record<'googlebot' | 'bingbot', CrawlerRanges>> = {
  googlebot: {
    source: 'https://developers.google.com/static/search/apis/ipranges/googlebot.json',
    published: ['66.249.64.0/19', '2001:4860:4801::/48'],
    operatorBlocks: ['192.178.0.0/15', '2001:4860::/32'],
  },
  bingbot: {
    source: 'https://www.bing.com/toolbox/bingbot.json',
    published: [
      '157.55.39.0/24',
      '207.46.13.0/24',
      '40.77.167.0/24',
      '13.66.139.0/24',
      '13.66.144.0/24',
      '52.167.144.0/24',
      '13.67.10.16/28',
      '13.69.66.240/28',
      '13.71.172.224/28',
      '139.217.52.0/28',
      '191.233.204.224/28',
      '20.36.108.32/28',
      '20.43.120.16/28',
      '40.79.131.208/28',
      '40.79.186.176/28',
      '52.231.148.0/28',
      '20.79.107.240/28',
      '51.105.67.0/28',
      '20.125.163.80/28',
      '40.77.188.0/22',
      '65.55.210.0/24',
      '199.30.24.0/23',
      '40.77.202.0/24',
      '40.77.139.0/25',
      '20.74.197.0/28',
      '20.15.133.160/27',
      '40.77.177.0/24',
      '40.77.178.0/23',
    ],
    // Microsoft networks that bingbot and msnbot used before the current list (the 2015 fixture's
    // msnbot comes from 65.55.213.x and 157.55.32-35.x).
    operatorBlocks: [
      '65.52.0.0/14',
      '157.54.0.0/15',
      '157.56.0.0/14',
      '207.46.0.0/16',
      '199.30.16.0/20',
      '131.253.0.0/16',
    ],
  },
};
