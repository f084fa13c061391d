// Runs every ```ts example in docs/logbook.md, so the documentation cannot drift from the code.

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { stack } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const doc = readFileSync(join(here, '../../../docs/logbook.md'), 'utf8');
const examples = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
// Inside the package so that `import ... from 'logbook'` resolves to the built package.
const scratch = join(here, '.doc-examples');

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('docs/logbook.md examples', () => {
  it('has examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });

  examples.forEach((code, index) => {
    it(`example ${index + 1} runs, its assertions hold, and it leaves the stack as it found it`, async () => {
      mkdirSync(scratch, { recursive: true });
      const file = join(scratch, `example-${index + 1}.ts`);
      // console.assert only prints; make a failed assertion fail the test.
      writeFileSync(
        file,
        `const assert = (ok: unknown, ...rest: unknown[]) => { if (!ok) throw new Error('assertion failed: ' + rest.join(' ')); };\n` +
          code.replaceAll('console.assert(', 'assert('),
      );
      const before = stack.gate;
      const writes: string[] = [];
      const original = process.stderr.write.bind(process.stderr);
      process.stderr.write = (chunk: string) => (writes.push(chunk), true);
      try {
        await import(file);
      } finally {
        process.stderr.write = original;
      }
      expect(stack.gate).toBe(before);
      if (index === 0) expect(writes.join('')).toContain('hello: Hello, World!');
    });
  });
});
