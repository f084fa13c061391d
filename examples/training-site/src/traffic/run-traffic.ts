// Drives a running copy of the site with the traffic of a small day: people, crawlers, attackers and one
// visitor who meets the bug. Real HTTP requests on loopback, bounded in count and time, deterministic for
// a seed (the mix and every client's path; only the interleaving between clients varies).

import { randomBytes } from 'node:crypto';
import { AddressPool, CRAWLERS, FAKE_GOOGLEBOT, HUMAN_AGENTS } from './agents.js';
import { ATTACKERS, playedAttacker } from './attackers.js';
import { crawl } from './crawlers.js';
import { buyer, returning, unlucky, visitor, type HumanContext } from './humans.js';
import { noActions, type PlayedClient, type TrafficSummary } from './played.js';
import { Random } from './random.js';
import { BudgetExhausted, VirtualClient, type Budget } from './virtual-client.js';

export interface TrafficOptions {
  /** Where the site runs, e.g. http://127.0.0.1:3000. */
  baseUrl: string;
  /** Same seed, same traffic (default 7). */
  seed?: number;
  /** Multiplies the number of human visitors and crawled pages (0.1 to 5, default 1). */
  scale?: number;
  /** Hard cap on requests (default 3000 × scale). */
  maxRequests?: number;
  /** Hard cap on time in ms (default 60 000): no request starts after it. */
  timeLimitMs?: number;
  /** Clients active at once (default 4). */
  concurrency?: number;
  /** Called after each finished client with the requests sent so far. */
  onProgress?: (sent: number, clientsDone: number, clients: number) => void;
}

export class TrafficOptionsError extends Error {
  override name = 'TrafficOptionsError';
}

function checkOptions(options: TrafficOptions): { base: string; seed: number; scale: number } {
  let url: URL;
  try {
    url = new URL(options.baseUrl);
  } catch {
    throw new TrafficOptionsError(
      `baseUrl must be the site's URL such as http://127.0.0.1:3000, got ${JSON.stringify(options.baseUrl)}.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TrafficOptionsError(`baseUrl must start with http:// or https://, got ${options.baseUrl}.`);
  }
  const scale = options.scale ?? 1;
  if (typeof scale !== 'number' || !(scale >= 0.1 && scale <= 5)) {
    throw new TrafficOptionsError(
      `scale must be a number from 0.1 to 5 (1 is a small day), got ${String(scale)}.`,
    );
  }
  const seed = options.seed ?? 7;
  if (!Number.isInteger(seed))
    throw new TrafficOptionsError(`seed must be a whole number, got ${String(seed)}.`);
  return { base: url.origin, seed, scale };
}

type Task = () => Promise<void>;

export async function runTraffic(options: TrafficOptions): Promise<TrafficSummary> {
  const { base, seed, scale } = checkOptions(options);
  const started = Date.now();
  const budget: Budget = {
    remaining: options.maxRequests ?? Math.round(3000 * scale),
    deadline: started + (options.timeLimitMs ?? 60_000),
    sent: 0,
    statuses: {},
  };
  const rnd = new Random(seed);
  const summary: TrafficSummary = {
    baseUrl: base,
    seed,
    scale,
    requests: 0,
    statuses: budget.statuses,
    durationMs: 0,
    truncated: false,
    actions: noActions(),
    humans: [],
    crawlers: [],
    fakeCrawlers: [],
    attackers: [],
    crash: { refs: [], path: undefined, ip: undefined },
    errors: [],
  };
  const addresses = new AddressPool();
  const run = randomBytes(3).toString('hex'); // not from the seed: only keeps e-mail addresses apart between runs
  const tasks: Task[] = [];

  const humans = Math.max(3, Math.round(24 * scale));
  const unluckyAt = Math.floor(humans / 2);
  for (let n = 1; n <= humans; n++) {
    const own = rnd.fork();
    const ip = addresses.next();
    const ua = own.pick(HUMAN_AGENTS);
    const human: PlayedClient = { ip, ua };
    summary.humans.push(human);
    const roll = own.next();
    const context = (): HumanContext => ({
      client: new VirtualClient(base, ip, ua, budget),
      rnd: own,
      actions: summary.actions,
      n: seed * 1000 + n,
      run,
    });
    if (n === unluckyAt) {
      tasks.push(async () => {
        const result = await unlucky(context());
        summary.crash = { refs: result.refs, path: result.path, ip };
      });
    } else {
      const role = roll < 0.4 ? visitor : roll < 0.75 ? buyer : returning;
      tasks.push(() => role(context()));
    }
  }

  const pages = Math.max(6, Math.round(14 * scale));
  for (const profile of CRAWLERS) {
    tasks.push(async () => {
      summary.crawlers.push(
        await crawl(profile, new VirtualClient(base, profile.ip, profile.ua, budget, false), pages),
      );
    });
  }
  tasks.push(async () => {
    const client = new VirtualClient(base, FAKE_GOOGLEBOT.ip, FAKE_GOOGLEBOT.ua, budget, false);
    summary.fakeCrawlers.push(await crawl(FAKE_GOOGLEBOT, client, Math.ceil(pages / 2)));
  });
  for (const profile of ATTACKERS) {
    const own = rnd.fork();
    tasks.push(async () => {
      const client = new VirtualClient(base, profile.ip, profile.ua, budget, false);
      try {
        await profile.play(client, own);
      } finally {
        summary.attackers.push(playedAttacker(profile, client.sent));
      }
    });
  }

  // Interleave: attackers and crawlers arrive while people are browsing, not after them.
  const order = rnd.sample(tasks, tasks.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < order.length) {
      const task = order[next++]!;
      try {
        await task();
      } catch (error) {
        if (error instanceof BudgetExhausted) summary.truncated = true;
        else summary.errors.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
      }
      done++;
      options.onProgress?.(budget.sent, done, order.length);
    }
  };
  const concurrency = Math.max(1, Math.min(16, options.concurrency ?? 4));
  await Promise.all(Array.from({ length: concurrency }, worker));
  // Sorted so the summary reads the same whatever order clients finished in.
  summary.crawlers.sort((a, b) => a.name.localeCompare(b.name));
  summary.attackers.sort((a, b) => a.ip.localeCompare(b.ip));
  summary.requests = budget.sent;
  summary.durationMs = Date.now() - started;
  return summary;
}
