/** What kind of client sent a request. */
export type ClientKind = 'human' | 'crawler' | 'scanner' | 'unknown';

/** The facts about one request that classification needs; every field but method and path is optional. */
export interface RequestFacts {
  method: string;
  /** The path as received (still percent-encoded); may include `?query` when `query` is not given. */
  path: string;
  query?: string;
  status?: number;
  userAgent?: string;
  referer?: string;
  ip?: string;
  /** The application knows this path needs a logged-in user. */
  authRequired?: boolean;
  /** The record's own time (ms since epoch or Date); outdated-browser and the tracker judge against it. */
  time?: number | Date;
  /** The site's own host name, to tell internal referers from external ones. */
  host?: string;
  /** The application knows some page links to this path (so a 404 there is a broken link, not a probe). */
  linked?: boolean;
}

/** Who the client is. Objects returned by `classify` are frozen and may be shared between calls. */
export interface ClientInfo {
  kind: ClientKind;
  /** Crawler, scanner or tool name (Googlebot, sqlmap, curl, HeadlessChrome). */
  name?: string;
  /** Browser name and major version, e.g. `Chrome 120`. */
  browser?: string;
  /** Operating system, e.g. `Windows 10`, `macOS`, `Android 13`. */
  os?: string;
  /** `desktop`, `mobile`, `tablet`, `smarttv`, `console`, `wearable` or `embedded`. */
  device?: string;
  /** Why the client got this kind, in a few words. */
  reason?: string;
}

/** The answer of `classify`: who the client is and which catalogue rules the request triggered. */
export interface Classification {
  client: ClientInfo;
  /** Rule ids from `RULES`, without duplicates, in catalogue order. */
  signals: string[];
}
