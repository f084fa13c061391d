import type { RequestFacts } from '../src/types.js';

export function adversarialRequests(): { label: string; facts: RequestFacts }[];
