// What the traffic driver did, as it saw it: the summary runTraffic() returns, so a test can compare what
// was sent with what the logs and the report say.

/** User actions as the site confirmed them (a redirect after login, a thank-you page, a receipt). */
export interface ActionCounts {
  'user.signup': number;
  'user.login': number;
  'user.login_failed': number;
  'user.logout': number;
  'newsletter.subscribe': number;
  purchase: number;
}

export interface PlayedClient {
  ip: string;
  ua: string;
}

export interface PlayedCrawler extends PlayedClient {
  name: string;
  honoursRobots: boolean;
  /** Lecture pages (members only) it fetched. */
  restrictedHits: number;
}

export interface PlayedAttacker extends PlayedClient {
  /** What it tried, in a few words. */
  role: string;
  /** The @logbook/traffic rule ids its requests should trigger. */
  expectedRules: string[];
  requests: number;
}

export interface TrafficSummary {
  baseUrl: string;
  seed: number;
  scale: number;
  /** HTTP requests sent (redirects followed count as requests). */
  requests: number;
  statuses: Record<string, number>;
  durationMs: number;
  /** True when the request or time budget cut the run short. */
  truncated: boolean;
  actions: ActionCounts;
  humans: PlayedClient[];
  crawlers: PlayedCrawler[];
  fakeCrawlers: PlayedCrawler[];
  attackers: PlayedAttacker[];
  /** The crash: incident references shown on the 500 pages, and the page that crashed. */
  crash: { refs: string[]; path: string | undefined; ip: string | undefined };
  /** Errors other than budget exhaustion, one line each (a healthy run has none). */
  errors: string[];
}

export function noActions(): ActionCounts {
  return {
    'user.signup': 0,
    'user.login': 0,
    'user.login_failed': 0,
    'user.logout': 0,
    'newsletter.subscribe': 0,
    purchase: 0,
  };
}
