// Traffic's verdicts on clients over time: a request that could change one (an attack, a 404 or 403, a failed
// login) is shown to the tracker, and a verdict that is new or changed for its client is logged once, as a
// WARNING, rather than on every request that confirms it.

import type { ClientTracker, Classification, RequestFacts, Verdict } from '@logbook/traffic';
import { Level, stack } from 'logbook';
import type { ResolvedOptions } from './options.js';
import { dispatchOwn } from './stack-members.js';
import { verdictRecord, type VerdictRequest } from './verdict-record.js';

export class VerdictWatch {
  /** The verdict last logged for each client key. */
  private readonly logged = new Map<string, string>();

  constructor(
    readonly tracker: ClientTracker,
    private readonly options: ResolvedOptions,
  ) {}

  /** Shows a classified request to the tracker; its verdict on the client, if it has one now. */
  observe(facts: RequestFacts, result: Classification, state: VerdictRequest): Verdict | undefined {
    const verdict = this.tracker.observe(facts, result);
    if (verdict !== undefined) this.changed(verdict, result.client, state);
    return verdict;
  }

  /** Logs a WARNING when a client's verdict is new or changed (not for every request that confirms it). */
  changed(verdict: Verdict, client: Classification['client'], state: VerdictRequest): void {
    if (this.logged.get(verdict.key) === verdict.verdict) return;
    if (this.logged.size >= this.options.maxTrackedClients) this.logged.clear();
    this.logged.set(verdict.key, verdict.verdict);
    if (Level.WARNING < stack.gate) return;
    dispatchOwn(verdictRecord(verdict, client, state, this.options.channel));
  }
}
