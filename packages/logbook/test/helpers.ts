// Shared test helpers: a stack that is always left clean, and a JSON Schema validator for records.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach } from 'vitest';
import { TestHandler, type BatchReason, type LogRecord, type Stackable } from '../src/index.js';
import { loadRecordSchema } from '../src/schema/index.js';

const pushed: Stackable[] = [];

/** Pushes onto the application stack and pops after the current test. */
export function pushForTest<T extends Stackable>(item: T): T {
  item.pushApplication();
  pushed.push(item);
  return item;
}

afterEach(() => {
  while (pushed.length > 0) pushed.pop()!.popApplication();
});

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validate = ajv.compile(loadRecordSchema());

/** Throws with the schema errors when a parsed line is not a valid record. */
export function assertValidRecord(line: string): Record<string, unknown> {
  const parsed = JSON.parse(line) as Record<string, unknown>;
  if (!validate(parsed)) {
    throw new Error(`record does not match the schema: ${ajv.errorsText(validate.errors)}\n${line}`);
  }
  return parsed;
}

/** A writable that keeps what was written. */
export class MemoryStream {
  chunks: string[] = [];
  write(chunk: string, callback?: () => void): boolean {
    this.chunks.push(chunk);
    callback?.();
    return true;
  }
  get text(): string {
    return this.chunks.join('');
  }
  get lines(): string[] {
    return this.text.split('\n').filter((line) => line !== '');
  }
}

/** A small seeded generator of numbers in [0, 1), so a randomised test can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Up to `most` pieces drawn at random from `pieces`, joined: text built from the awkward cases a test cares about. */
export function textOf(next: () => number, pieces: readonly string[], most: number): string {
  let out = '';
  const n = Math.floor(next() * most);
  for (let i = 0; i < n; i++) out += pieces[Math.floor(next() * pieces.length)]!;
  return out;
}

/**
 * How many times each record (channel and fields.n) appears across the files of `dir` whose names `take`
 * accepts, plain or gzipped (a .gz may hold several gzip members).
 */
export function recordCountsIn(dir: string, take: (name: string) => boolean): Map<string, number> {
  const seen = new Map<string, number>();
  for (const name of readdirSync(dir)) {
    if (!take(name)) continue;
    const data = readFileSync(join(dir, name));
    const text = (name.endsWith('.gz') ? gunzipSync(data) : data).toString('utf8');
    for (const line of text.split('\n').slice(0, -1)) {
      const record = JSON.parse(line) as { channel: string; fields: { n: number } };
      const key = `${record.channel}:${record.fields.n}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
  }
  return seen;
}

/** Records kept, lost and kept more than once, out of `logged`. */
export function tally(
  seen: Map<string, number>,
  logged: number,
): { kept: number; lost: number; twice: number } {
  const twice = [...seen.values()].filter((count) => count > 1).length;
  return { kept: seen.size, lost: logged - seen.size, twice };
}

/** A TestHandler that says when it was flushed or closed, and why it was given each batch. */
export class EndingsSink extends TestHandler {
  readonly endings: string[] = [];
  readonly reasons: BatchReason[] = [];
  override emitBatch(records: readonly LogRecord[], reason: BatchReason): void {
    this.reasons.push(reason);
    super.emitBatch(records, reason);
  }
  override flush(): void {
    this.endings.push('flush');
  }
  override flushSync(): void {
    this.endings.push('flushSync');
  }
  override close(): void {
    this.endings.push('close');
  }
}

/** The messages a TestHandler holds, in order. */
export const messagesOf = (handler: TestHandler): string[] => handler.records.map((record) => record.message);
