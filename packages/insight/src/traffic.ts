// The part of @logbook/traffic insight uses, under the names insight's code reads.
import { ClientTracker, RULES, type Rule } from '@logbook/traffic';

export {
  awaitsAddressCheck,
  batchClassifier,
  classify,
  crawlerNetworkOf,
  privateNetworkOf,
  isAttackSignal,
} from '@logbook/traffic';
export type { Classification, ClientInfo, RequestFacts, Verdict } from '@logbook/traffic';

export const rules = (): Readonly<Record<string, Rule>> => RULES;
export const newTracker = (maxClients: number): ClientTracker => new ClientTracker({ maxClients });
