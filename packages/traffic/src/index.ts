export type { ClientKind, RequestFacts, ClientInfo, Classification } from './types.js';
export { type Rule, RULES, RULE_IDS, isAttackSignal } from './rules.js';
export { classify, batchClassifier } from './classify.js';
export { type Verdict, type ClientTrackerOptions, ClientTracker } from './tracker.js';
export { CRAWLER_RANGES, RANGES_AS_OF } from './data/crawler-ranges.js';
export { awaitsAddressCheck, crawlerNetworkOf, judgeCrawlerAddress } from './fake-crawler.js';
export { type ParsedIp, parseIp, privateNetworkOf } from './ip.js';
