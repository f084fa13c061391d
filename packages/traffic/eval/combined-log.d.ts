import type { RequestFacts } from '../src/types.js';

export interface ParsedLine {
  line: number;
  raw: string;
  facts: RequestFacts & { ip: string; time?: number };
}
export function parseCombinedLine(line: string): (RequestFacts & { ip: string; time?: number }) | undefined;
export function parseCombinedLog(text: string): ParsedLine[];
