import { RULE_IDS } from './rules.js';

/** Bit per rule, in catalogue order, so a request's signals are one integer until the end. */
const BIT = new Map<string, number>(RULE_IDS.map((id, i) => [id, 1 << i]));
if (RULE_IDS.length > 31) throw new Error('signal-set: more than 31 rules; widen the mask');

export function bit(id: string): number {
  const b = BIT.get(id);
  if (b === undefined) throw new Error(`signal-set: unknown rule id "${id}"; add it to RULES in rules.ts`);
  return b;
}

const cache = new Map<number, readonly string[]>();

/** The rule ids of a mask, in catalogue order (fresh array each call; callers may keep or change it). */
export function signalsOf(mask: number): string[] {
  if (mask === 0) return [];
  let ids = cache.get(mask);
  if (ids === undefined) {
    const list: string[] = [];
    for (let i = 0; i < RULE_IDS.length; i++) if (mask & (1 << i)) list.push(RULE_IDS[i]!);
    ids = list;
    if (cache.size < 4096) cache.set(mask, ids);
  }
  return ids.slice();
}
