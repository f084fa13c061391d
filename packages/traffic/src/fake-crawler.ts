import { CRAWLER_RANGES } from './data/crawler-ranges.js';
import { type Cidr, inCidr, isPrivateIp, NetworkList, parseCidr, parseIp } from './ip.js';
import { Lru } from './lru.js';

export type RangeVerdict = 'genuine' | 'fake' | 'unknown';

/** How a crawler's reason says its address was checked and found in the operator's published ranges. */
const GENUINE = 'address in published';
/** How a crawler's reason says it was classified without an address, so its claim is not checked yet. */
const UNCHECKED = 'no client address to check';

/** Whether classify() found this crawler's address in its operator's published ranges. */
export function isVerifiedCrawler(client: { kind: string; reason?: string }): boolean {
  return client.kind === 'crawler' && client.reason?.includes(GENUINE) === true;
}

/**
 * Whether this crawler has published ranges but was classified without an address: classifying it again with the
 * address tells a genuine crawler from one that only claims its name (insight classifies requests without addresses
 * first, then only these again with each address they came from).
 */
export function awaitsAddressCheck(client: { kind: string; reason?: string }): boolean {
  return client.kind === 'crawler' && client.reason?.includes(UNCHECKED) === true;
}

interface Compiled {
  label: string;
  published: Cidr[];
  operator: Cidr[];
}
const compiled = new Map<string, Compiled>(
  Object.entries(CRAWLER_RANGES).map(([key, r]) => [
    key,
    {
      label: key === 'googlebot' ? 'Googlebot' : 'bingbot',
      published: r.published.map(parseCidr),
      operator: r.operatorBlocks.map(parseCidr),
    },
  ]),
);

/** Every published range and operator block, for crawlerNetworkOf. */
const networks = new NetworkList(
  Object.values(CRAWLER_RANGES).flatMap((r) => [...r.published, ...r.operatorBlocks]),
);

/**
 * The narrowest of the crawler operators' published ranges and wider blocks that holds `ip` (`66.249.64.0/19`), or
 * undefined. Two addresses in the same one (or both in none) get the same verdict from the fake-crawler rule, which
 * is what an anonymised copy of a log needs to keep from its original.
 */
export function crawlerNetworkOf(ip: string): { cidr: string; bits: number } | undefined {
  return networks.narrowestHolding(ip);
}

// Crawlers come back from the same few addresses all day; remember recent answers.
const recent = new Lru<string, { verdict: RangeVerdict; reason: string }>(4096);

/** Whether `ip` may send requests as the crawler whose published ranges are `rangesKey`, and why. */
export function judgeCrawlerAddress(
  rangesKey: string | undefined,
  ip: string | undefined,
): { verdict: RangeVerdict; reason: string } {
  if (rangesKey === undefined || ip === undefined || ip.length > 64) return judge(rangesKey, ip);
  const key = `${rangesKey} ${ip}`;
  let answer = recent.peek(key);
  if (answer === undefined) {
    answer = judge(rangesKey, ip);
    recent.set(key, answer);
  }
  return answer;
}

function judge(
  rangesKey: string | undefined,
  ip: string | undefined,
): { verdict: RangeVerdict; reason: string } {
  if (rangesKey === undefined) return { verdict: 'unknown', reason: 'ranges unknown for this crawler' };
  const r = compiled.get(rangesKey);
  if (r === undefined) return { verdict: 'unknown', reason: 'ranges unknown for this crawler' };
  if (ip === undefined || ip === '') return { verdict: 'unknown', reason: UNCHECKED };
  const parsed = parseIp(ip);
  if (parsed === undefined) return { verdict: 'unknown', reason: 'client address is not an IP address' };
  if (isPrivateIp(parsed))
    return { verdict: 'fake', reason: `claims ${r.label} from a private or loopback address` };
  if (r.published.some((c) => inCidr(parsed, c)))
    return { verdict: 'genuine', reason: `${GENUINE} ${r.label} ranges` };
  if (r.operator.some((c) => inCidr(parsed, c))) {
    return {
      verdict: 'unknown',
      reason: `address in the operator's network but not in the shipped ${r.label} ranges`,
    };
  }
  return { verdict: 'fake', reason: `address outside published ${r.label} ranges` };
}
