// Who the simulated clients claim to be: user agents and addresses.
//
// Addresses come from the documentation ranges (RFC 5737: 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24;
// RFC 3849: 2001:db8::/32), which never belong to anyone real — except for the crawlers that claim to be
// Googlebot or bingbot, which use addresses inside those crawlers' published ranges (as in
// @logbook/traffic's crawler-ranges data) so they are judged genuine; one fake Googlebot uses a
// documentation address and must be flagged.

export const BROWSERS = {
  chromeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36',
  edgeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36 Edg/141.0.0.0',
  firefoxWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:144.0) Gecko/20100101 Firefox/144.0',
  safariMac:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 Safari/605.1.15',
  chromeMac:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36',
  firefoxLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:144.0) Gecko/20100101 Firefox/144.0',
  safariIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Mobile/15E148 Safari/604.1',
  chromeAndroid:
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Mobile Safari/537.36',
  samsungAndroid:
    'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/28.0 Chrome/130.0.0.0 Mobile Safari/537.36',
} as const;

/** Desktop share about 60 %, mobile 40 %: the list repeats the common ones. */
export const HUMAN_AGENTS: readonly string[] = [
  BROWSERS.chromeWindows,
  BROWSERS.chromeWindows,
  BROWSERS.edgeWindows,
  BROWSERS.firefoxWindows,
  BROWSERS.safariMac,
  BROWSERS.chromeMac,
  BROWSERS.firefoxLinux,
  BROWSERS.safariIphone,
  BROWSERS.safariIphone,
  BROWSERS.chromeAndroid,
  BROWSERS.chromeAndroid,
  BROWSERS.samsungAndroid,
];

export interface CrawlerProfile {
  /** The name @logbook/traffic gives it. */
  name: string;
  ua: string;
  ip: string;
  /** Real crawlers differ: most read robots.txt and keep out of what it disallows; some do not. */
  honoursRobots: boolean;
}

export const CRAWLERS: readonly CrawlerProfile[] = [
  {
    name: 'Googlebot',
    ua: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    ip: '66.249.66.1',
    honoursRobots: true,
  },
  {
    name: 'bingbot',
    ua: 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
    ip: '157.55.39.20',
    honoursRobots: true,
  },
  {
    name: 'DuckDuckBot',
    ua: 'DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)',
    ip: '192.0.2.20',
    honoursRobots: true,
  },
  {
    name: 'AhrefsBot',
    ua: 'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)',
    ip: '192.0.2.21',
    honoursRobots: true,
  },
  {
    name: 'GPTBot',
    ua: 'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)',
    ip: '192.0.2.22',
    honoursRobots: true,
  },
  {
    // Widely reported to ignore robots.txt.
    name: 'Bytespider',
    ua: 'Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; Bytespider; spider-feedback@bytedance.com)',
    ip: '192.0.2.23',
    honoursRobots: false,
  },
];

/** Claims to be Googlebot from an address Google does not crawl from: must be flagged fake-crawler. */
export const FAKE_GOOGLEBOT: CrawlerProfile = {
  name: 'Googlebot',
  ua: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  ip: '203.0.113.66',
  honoursRobots: false,
};

/** The WordPress prober's user agent: a browser from 2011 (no one browses with it any more). */
export const FIREFOX_4 = 'Mozilla/5.0 (Windows NT 6.1; rv:2.0) Gecko/20100101 Firefox/4.0';

/** Hands out distinct documentation addresses to human clients, IPv6 for every fifth one. */
export class AddressPool {
  private v4 = 10;
  private v6 = 1;
  private n = 0;

  next(): string {
    this.n++;
    if (this.n % 5 === 0) return `2001:db8:100::${(this.v6++).toString(16)}`;
    if (this.v4 > 250)
      throw new RangeError('AddressPool: more human clients than 198.51.100.0/24 holds; lower scale.');
    return `198.51.100.${this.v4++}`;
  }
}
