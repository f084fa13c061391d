import * as trafficModule from '@logbook/traffic';

/**
 * The slice of @logbook/traffic that insight uses, typed from its published contract. Reached through the
 * namespace so this package builds while traffic's dist is still being written; a missing function is reported
 * with a clear message at the first call instead of as an import failure.
 */
export interface RequestFacts {
  method: string;
  path: string;
  query?: string;
  status?: number;
  userAgent?: string;
  referer?: string;
  ip?: string;
  authRequired?: boolean;
  time?: number | Date;
  host?: string;
  linked?: boolean;
}
export interface ClientInfo {
  kind: 'human' | 'crawler' | 'scanner' | 'unknown';
  name?: string;
  browser?: string;
  os?: string;
  device?: string;
  reason?: string;
}
export interface Classification {
  client: ClientInfo;
  signals: string[];
}
export interface RuleInfo {
  id: string;
  severity: string;
  title: string;
  explanation: string;
  source: string;
}
export interface Verdict {
  key: string;
  ip: string;
  userAgent?: string;
  verdict: string;
  firstSeen: number;
  lastSeen: number;
  requests: number;
  rules: Record<string, number>;
  paths: string[];
  tool?: string;
}
export interface Tracker {
  observe(req: RequestFacts, r: Classification): Verdict | undefined;
  recordFailedLogin(ip: string, ua: string | undefined, time: number): Verdict | undefined;
  verdicts(): Verdict[];
}
interface TrafficApi {
  classify(req: RequestFacts): Classification;
  RULES: Readonly<Record<string, RuleInfo>>;
  isAttackSignal(id: string): boolean;
  ClientTracker: new (o?: { maxClients?: number }) => Tracker;
}

const api = trafficModule as unknown as Partial<TrafficApi>;

function need<K extends keyof TrafficApi>(name: K): TrafficApi[K] {
  const v = api[name];
  if (v === undefined) {
    throw new Error(
      `@logbook/traffic does not export ${name} yet: rebuild the workspace (npx tsc -b tsconfig.build.json).`,
    );
  }
  return v;
}

export const classify = (req: RequestFacts): Classification => need('classify')(req);
export const isAttackSignal = (id: string): boolean => need('isAttackSignal')(id);
export const rules = (): Readonly<Record<string, RuleInfo>> => api.RULES ?? {};
export const newTracker = (maxClients: number): Tracker => new (need('ClientTracker'))({ maxClients });
