// Shared test helpers: a stack that is always left clean, and a JSON Schema validator for records.

import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach } from 'vitest';
import type { Stackable } from '../src/index.js';
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
