export {
  startSite,
  PortInUseError,
  SITE_NAME,
  SITE_VERSION,
  type SiteOptions,
  type RunningSite,
} from './site.js';
export { createApp, type SiteApp } from './app.js';
export { html, raw, escapeHtml, Html } from './html.js';
export { COURSES, findCourse, type Course, type Lecture } from './courses.js';
export { hashPassword, verifyPassword } from './passwords.js';
export { Store, AccountError, type Account, type Order } from './accounts.js';
export { SessionStore, SESSION_COOKIE } from './sessions.js';
export { runTraffic, TrafficOptionsError, type TrafficOptions } from './traffic/run-traffic.js';
export type {
  TrafficSummary,
  ActionCounts,
  PlayedClient,
  PlayedCrawler,
  PlayedAttacker,
} from './traffic/played.js';
export { BROKEN_COURSE } from './traffic/humans.js';
